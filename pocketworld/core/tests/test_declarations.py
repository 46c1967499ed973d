"""Every model declares its place in the permission policy, and the declarations hold up.

The policy derives what partner viewers see, which fields are blanked for them and what a
field may point to from `Model.access`; a model without one, or with one that names fields
it does not have, would slip through. These tests read the app registry, so a new model is
checked without editing them, and each failure says what to declare.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from pocketworld.core.permissions import AccessRule, blank_value


def project_models():
    """The models of pocketworld's apps, without the history tables the library makes."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("pocketworld.")
        and not model.__name__.startswith("Historical")
    ]


def field_names(model):
    return {field.name for field in model._meta.get_fields()}


def test_there_are_models_to_check():
    assert len(project_models()) > 30


def test_every_model_declares_its_access():
    missing = [
        model._meta.label
        for model in project_models()
        if not isinstance(getattr(model, "access", None), AccessRule)
    ]
    assert not missing, (
        f"{', '.join(missing)}: declare `access = AccessRule(...)` in the model (see "
        "pocketworld/core/permissions.py): its desk_lookups, whether it is internal work, "
        "its personal_fields and internal_fields."
    )


def test_declared_fields_exist():
    wrong = []
    for model in project_models():
        rule = model.access
        names = field_names(model)
        declared = [*rule.personal_fields, *rule.internal_fields]
        declared += [lookup for lookup, _value in rule.personal_rows]
        declared += list(rule.desk_lookups or ())
        for name in declared:
            if name.split("__")[0] not in names:
                wrong.append(f"{model._meta.label}.access names {name!r}, which it does not have")
    assert not wrong, "\n".join(wrong)


def test_hidden_fields_can_be_blanked():
    """A field hidden from partner viewers reads as nothing: it must be able to be empty."""
    wrong = []
    for model in project_models():
        rule = model.access
        if rule.internal:
            continue
        for name in (*rule.personal_fields, *rule.internal_fields):
            field = model._meta.get_field(name)
            if field.many_to_many:
                continue
            if blank_value(field) is None and not field.null:
                wrong.append(
                    f"{model._meta.label}.{name} is hidden from partner viewers but can hold no "
                    "empty value: make it null=True or a text field"
                )
    assert not wrong, "\n".join(wrong)


def test_relations_to_what_partners_may_not_see_are_declared():
    """A record partner viewers see must not lead them to a person or internal work."""
    wrong = []
    for model in project_models():
        rule = model.access
        if rule.internal:
            continue
        hidden = {*rule.personal_fields, *rule.internal_fields}
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete) or field.name in hidden:
                continue
            target = field.related_model
            if getattr(target, "access", None) is not None and target.access.internal:
                wrong.append(
                    f"{model._meta.label}.{field.name} points to {target._meta.label}, which "
                    "partner viewers may not see: add it to the access rule's personal_fields "
                    "(it names a person) or internal_fields (it is internal work), or make "
                    f"{model._meta.label} internal"
                )
    assert not wrong, "\n".join(wrong)


def test_contact_details_of_records_partners_see_are_declared_or_the_record_internal():
    """E-mail fields of partner-visible records are a desk's or an organisation's address;
    a person's address lives on an internal record."""
    wrong = []
    for model in project_models():
        rule = model.access
        if rule.internal:
            continue
        for field in model._meta.concrete_fields:
            undeclared = field.name not in rule.personal_fields
            organisations = model._meta.label in ORGANISATION_ADDRESSES
            if isinstance(field, models.EmailField) and undeclared and not organisations:
                wrong.append(
                    f"{model._meta.label}.{field.name} is an e-mail address partner viewers "
                    "would see: declare it in personal_fields"
                )
    assert not wrong, "\n".join(wrong)


# Records whose address is an organisation's (a desk's shared mailbox), not a person's.
ORGANISATION_ADDRESSES = {"desks.Desk"}


def test_confidentiality_declarations_name_what_the_models_have():
    """The policy blanks a confidential record's identifying fields for everyone but its
    members, and the rows that hang on it for everyone else: the names must be right and the
    fields able to be empty, or a record would slip through whole."""
    wrong = []
    user_model = get_user_model()
    for model in project_models():
        rule, label, names = model.access, model._meta.label, field_names(model)
        if rule.confidential is not None:
            confidential = rule.confidential
            fields = [confidential.flag, confidential.codename, confidential.title]
            fields += [*confidential.identifying_fields, *confidential.hide_fields]
            fields += [confidential.hide_flag] if confidential.hide_flag else []
            for name in fields:
                if name not in names:
                    wrong.append(f"{label}.access.confidential names {name!r}, which it lacks")
            for name in (*confidential.identifying_fields, *confidential.hide_fields):
                field = model._meta.get_field(name) if name in names else None
                many = field is None or field.many_to_many
                if not many and blank_value(field) is None and not field.null:
                    wrong.append(f"{label}.{name} is withheld but cannot be blank")
            for lookup in confidential.members:
                if not resolves_to(model, lookup, user_model):
                    wrong.append(f"{label}'s member lookup {lookup!r} leads to no user")
        for link in rule.confidential_links:
            target = model._meta.get_field(link.relation).related_model
            if getattr(target.access, "confidential", None) is None:
                wrong.append(f"{label}.{link.relation} leads to no confidential model")
            for lookup in link.readers:
                if not resolves_to(model, lookup, user_model):
                    wrong.append(f"{label}'s reader lookup {lookup!r} leads to no user")
            wrong += [
                f"{label} blanks {name!r}, which it lacks"
                for name in link.blanked
                if name not in names
            ]
        for lookup in rule.readers:
            if not resolves_to(model, lookup, user_model):
                wrong.append(f"{label}'s reader lookup {lookup!r} leads to no user")
    assert not wrong, "\n".join(wrong)


def resolves_to(model, lookup, target):
    """Whether the relations of `lookup` lead from `model` to `target`."""
    for step in lookup.split("__"):
        try:
            field = model._meta.get_field(step)
        except FieldDoesNotExist:
            return False
        if not field.is_relation:
            return False
        model = field.related_model
    return model is target
