"""Merging two records of the same company, or of the same person, into one.

The survivor keeps its id. Per field the user chooses whose value it keeps (the
survivor's unless told otherwise). Whatever points to the duplicate moves to the
survivor: the relations are read from the model, so a model added later is not
forgotten. Many-to-many fields and tags are united, and the duplicate is deleted. Each
step is recorded in a change set of kind merge before it is made, so `changes.undo`
brings back both records and every moved row as they were.

A row that would break a unique constraint once moved (the same name twice, the same
partner in the same role twice) is merged into the survivor's row instead: the
survivor's row takes the duplicate row's values where its own are empty, and its tags;
then the duplicate's row is deleted. A one-to-one link the survivor already has (a
partner organisation registered as the company) stays; the duplicate's is unlinked.

Nothing of the duplicate is lost. A legal name that does not survive stays as a
further name of the company. A person's name and contact details that do not survive
go into the notes, so that a search for the old e-mail still finds someone. simple-history
keeps the deleted duplicate's history; `merged_into` finds it from the survivor.
"""

import json

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models.deletion import Collector
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from pocketworld.companies.choices import NameKind
from pocketworld.companies.models import Company, CompanyName
from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.audit import announce
from pocketworld.core.history import change_history
from pocketworld.imports import changes
from pocketworld.imports.choices import ChangeAction, ChangeSetKind
from pocketworld.imports.models import ChangeSet

SURVIVOR, DUPLICATE = "survivor", "duplicate"
# Fields the model derives on save: never chosen.
DERIVED_FIELDS = {Company: {"desk"}}
# A person's details that go into the notes when they do not survive.
PERSON_DETAILS = ("native_name", "email", "phone", "mobile")


def merge_fields(model):
    """The fields whose value the user chooses: every editable field but derived ones."""
    derived = DERIVED_FIELDS.get(model, set())
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in derived
    ]


def is_empty(value):
    return value is None or value == ""


def differing_fields(survivor, duplicate):
    """The fields to choose: those whose values differ."""
    return [
        field
        for field in merge_fields(type(survivor))
        if getattr(survivor, field.attname) != getattr(duplicate, field.attname)
    ]


def default_choices(survivor, duplicate):
    """The survivor's values, except where only the duplicate has one."""
    return {
        field.name: DUPLICATE
        if is_empty(getattr(survivor, field.attname))
        and not is_empty(getattr(duplicate, field.attname))
        else SURVIVOR
        for field in differing_fields(survivor, duplicate)
    }


# --- what points to a record ---------------------------------------------------------------


def is_history(model):
    """simple-history's tables of past states: they keep pointing to the deleted record."""
    return hasattr(model, "instance_type")


def relations(model):
    """Every relation by which other records point to `model`: their foreign keys,
    one-to-one and many-to-many fields (history and link tables aside)."""
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.is_relation
        and relation.auto_created
        and not relation.concrete
        and not is_history(relation.related_model)
        and not relation.related_model._meta.auto_created
    ]


def relation_label(relation):
    if relation.related_model is relation.model:
        return _("subsidiaries")
    return relation.related_model._meta.verbose_name_plural


def rows_of(relation, survivor, duplicate):
    """The duplicate's rows of the relation (the survivor itself aside: a subsidiary)."""
    rows = relation.related_model._base_manager.filter(**{relation.field.name: duplicate})
    if relation.related_model is type(survivor):
        rows = rows.exclude(pk=survivor.pk)
    return rows.order_by("pk")


def unique_partners(relation):
    """The sets of other fields that must be unique together with the relation's field."""
    field = relation.field
    if relation.many_to_many:
        return []
    if field.unique:
        return [()]
    meta = relation.related_model._meta
    together = [constraint.fields for constraint in meta.total_unique_constraints]
    together += [tuple(fields) for fields in meta.unique_together]
    return [
        tuple(name for name in fields if name != field.name)
        for fields in together
        if field.name in fields
    ]


def counterpart(row, relation, survivor, partners):
    """The survivor's row that the moved `row` would clash with, if any."""
    model = relation.related_model
    for names in partners:
        lookup = {relation.field.name: survivor}
        for name in names:
            attname = model._meta.get_field(name).attname
            lookup[attname] = getattr(row, attname)
        match = model._base_manager.filter(**lookup).exclude(pk=row.pk).first()
        if match is not None:
            return match
    return None


def related_counts(survivor, duplicate):
    """[(label, moving, clashing)] of what a merge moves to the survivor, by kind of row;
    clashing rows are merged into the survivor's equal row (or unlinked)."""
    counts = []
    for relation in relations(type(survivor)):
        rows = rows_of(relation, survivor, duplicate)
        partners = unique_partners(relation)
        if partners:
            found = list(rows)
            clashing = sum(1 for row in found if counterpart(row, relation, survivor, partners))
            total = len(found)
        else:
            total, clashing = rows.count(), 0
        if total:
            counts.append((relation_label(relation), total - clashing, clashing))
    return counts


def united_values(survivor, duplicate):
    """[(field, values only the duplicate has)] of the many-to-many fields and tags."""
    united = []
    for field in type(survivor)._meta.many_to_many:
        if isinstance(field, TaggableManager):
            added = sorted(set(duplicate.tags.names()) - set(survivor.tags.names()))
        else:
            own = getattr(survivor, field.name).values("pk")
            added = list(getattr(duplicate, field.name).exclude(pk__in=own))
        if added:
            united.append((field, added))
    return united


# --- rules ---------------------------------------------------------------------------------


def check_pair(model, survivor, duplicate, user):
    """Refuse what cannot be merged: other kinds of record, a record with itself, a survivor
    the user may not change, a duplicate they may not delete (a merge deletes it)."""
    if type(survivor) is not model or type(duplicate) is not model:
        raise ValidationError(
            _("Only two %(records)s can be merged here.")
            % {"records": model._meta.verbose_name_plural},
            code="kind",
        )
    if survivor.pk == duplicate.pk:
        raise ValidationError(
            {"duplicate": _("A record cannot be merged with itself.")}, code="same"
        )
    editable = set(
        model.objects.editable_by(user)
        .filter(pk__in=[survivor.pk, duplicate.pk])
        .values_list("pk", flat=True)
    )
    if survivor.pk not in editable:
        raise ValidationError(
            _("You may not change %(record)s.") % {"record": survivor}, code="permission"
        )
    if duplicate.pk not in editable:
        raise ValidationError(
            {"duplicate": _("You may not change %(record)s.") % {"record": duplicate}},
            code="permission",
        )
    if not permissions.may_delete(user, duplicate):
        raise ValidationError(
            {
                "duplicate": _("You may not delete %(record)s, which a merge does.")
                % {"record": duplicate}
            },
            code="permission",
        )


def chosen_values(survivor, duplicate, choices):
    """{attname: value} of every field to choose, by `choices` ({field: side})."""
    fields = {field.name: field for field in merge_fields(type(survivor))}
    choices = choices or {}
    wrong = [name for name in choices if name not in fields]
    if wrong:
        raise ValidationError(
            {
                "choices": _("These fields cannot be chosen: %(fields)s")
                % {"fields": ", ".join(sorted(wrong))}
            }
        )
    wrong = [name for name, side in choices.items() if side not in (SURVIVOR, DUPLICATE)]
    if wrong:
        raise ValidationError(
            {name: _("Choose “survivor” or “duplicate”.") for name in wrong}, code="side"
        )
    return {
        field.attname: getattr(
            duplicate if choices.get(name) == DUPLICATE else survivor, field.attname
        )
        for name, field in fields.items()
    }


def parent_after_merge(survivor, duplicate, parent_id):
    """The merged company's parent: none if it was one of the two, refused when it is a
    subsidiary of either (the company would be its own parent)."""
    merged = {survivor.pk, duplicate.pk}
    if parent_id in merged:
        return None
    ancestor_id, seen = parent_id, set()
    while ancestor_id is not None and ancestor_id not in seen:
        if ancestor_id in merged:
            raise ValidationError(
                {
                    "parent": _(
                        "%(parent)s belongs to one of the two companies: the merged company "
                        "would be its own parent. Choose the other parent."
                    )
                    % {"parent": Company._base_manager.get(pk=parent_id)}
                },
                code="cycle",
            )
        seen.add(ancestor_id)
        ancestor_id = (
            Company._base_manager.filter(pk=ancestor_id).values_list("parent", flat=True).first()
        )
    return parent_id


def check_merged(survivor, values, user):
    """The merged record must be valid and still the user's to change; returns the values
    as the model's clean() normalises them."""
    merged = type(survivor)._base_manager.get(pk=survivor.pk)
    for attname, value in values.items():
        setattr(merged, attname, value)
    # The duplicate still holds its unique values (an LEI) until it is deleted.
    merged.full_clean(validate_unique=False)
    if not permissions.may_change(user, merged):
        raise ValidationError(
            _("You can only merge into records of your own desks."), code="permission"
        )
    return {attname: getattr(merged, attname) for attname in values}


# --- the merge -----------------------------------------------------------------------------


def locked(model, survivor, duplicate):
    """Both records as stored, locked until the merge is done."""
    found = model._base_manager.select_for_update().in_bulk([survivor.pk, duplicate.pk])
    for record in (survivor, duplicate):
        if record.pk not in found:
            raise ValidationError(_("%(record)s no longer exists.") % {"record": record})
    return found[survivor.pk], found[duplicate.pk]


def delete_recorded(recorder, instance, reason):
    """Delete `instance`, recording first whatever the deletion takes with it."""
    collector = Collector(using=router.db_for_write(type(instance)))
    collector.collect([instance])

    def kept(record):
        # Tags and link rows come back with the snapshots of their records.
        return not isinstance(record, TaggedItem) and not type(record)._meta.auto_created

    for groups in collector.field_updates.values():
        for group in groups:
            for record in group:
                if kept(record):
                    recorder.changing(record)
    deleted = [record for records in collector.data.values() for record in records]
    deleted += [record for queryset in collector.fast_deletes for record in queryset]
    # Recorded before `instance`, so that the undo brings `instance` back first.
    for record in deleted:
        if kept(record) and record != instance:
            recorder.deleting(record)
    recorder.deleting(instance)
    instance._change_reason = reason
    instance.delete()


def absorb(recorder, row, match, relation, reason):
    """Merge the duplicate's `row` into the survivor's equal `match`, then delete it."""
    blanks = [
        field
        for field in merge_fields(type(row))
        if field is not relation.field
        and is_empty(getattr(match, field.attname))
        and not is_empty(getattr(row, field.attname))
    ]
    tags = []
    if hasattr(row, "tags"):
        tags = sorted(set(row.tags.names()) - set(match.tags.names()))
    if blanks or tags:
        recorder.changing(match)
        for field in blanks:
            setattr(match, field.attname, getattr(row, field.attname))
        match._change_reason = reason
        match.save()
        if tags:
            match.tags.add(*tags)
    delete_recorded(recorder, row, reason)


def move_related(recorder, survivor, duplicate, reason):
    """Move every row that points to the duplicate to the survivor."""
    for relation in relations(type(survivor)):
        partners = unique_partners(relation)
        name = relation.field.name
        for row in rows_of(relation, survivor, duplicate):
            row._change_reason = reason
            match = counterpart(row, relation, survivor, partners) if partners else None
            if match is not None and relation.one_to_one and relation.field.null:
                recorder.changing(row)
                setattr(row, name, None)
                row.save()
            elif match is not None:
                absorb(recorder, row, match, relation, reason)
            elif relation.many_to_many:
                recorder.changing(row)
                getattr(row, name).remove(duplicate)
                getattr(row, name).add(survivor)
            else:
                recorder.changing(row)
                setattr(row, name, survivor)
                row.save()


def merge(survivor, duplicate, values, user, description):
    """Move, unite and delete, each step recorded; returns the recorder, not yet finished."""
    reason = changes.change_reason(_("Merge: %(change_set)s") % {"change_set": description})
    recorder = changes.start(ChangeSetKind.MERGE, Truncator(description).chars(250), user)
    # Unique values the survivor takes (an LEI) leave the duplicate first. Recorded
    # before the survivor's change, they come back after the survivor gave them up.
    taken = [
        field
        for field in type(survivor)._meta.concrete_fields
        if field.unique
        and not field.primary_key
        and not is_empty(values.get(field.attname))
        and values.get(field.attname) == getattr(duplicate, field.attname)
    ]
    if taken:
        recorder.changing(duplicate)
        for field in taken:
            setattr(duplicate, field.attname, None if field.null else "")
        duplicate._change_reason = reason
        duplicate.save()
    recorder.changing(survivor)
    move_related(recorder, survivor, duplicate, reason)
    for attname, value in values.items():
        setattr(survivor, attname, value)
    survivor._change_reason = reason
    survivor.save()
    for field in type(survivor)._meta.many_to_many:
        if isinstance(field, TaggableManager):
            survivor.tags.add(*duplicate.tags.names())
        else:
            getattr(survivor, field.name).add(*getattr(duplicate, field.name).all())
    return recorder, reason


def finish(recorder, survivor, duplicate, reason):
    delete_recorded(recorder, type(duplicate)._base_manager.get(pk=duplicate.pk), reason)
    recorder.finish()
    announce(
        "merged",
        user=recorder.change_set.created_by,
        target=survivor,
        duplicate=duplicate.pk,
        change_set=recorder.change_set.pk,
    )
    return recorder.change_set


def describe(survivor, duplicate):
    return _("%(duplicate)s (#%(duplicate_id)s) merged into %(survivor)s (#%(survivor_id)s)") % {
        "duplicate": duplicate,
        "duplicate_id": duplicate.pk,
        "survivor": survivor,
        "survivor_id": survivor.pk,
    }


@transaction.atomic
def merge_companies(survivor, duplicate, choices, user):
    """Merge the company `duplicate` into `survivor`; returns the change set."""
    check_pair(Company, survivor, duplicate, user)
    survivor, duplicate = locked(Company, survivor, duplicate)
    values = chosen_values(survivor, duplicate, choices)
    values["parent_id"] = parent_after_merge(survivor, duplicate, values["parent_id"])
    values = check_merged(survivor, values, user)
    lost_names = [
        name
        for name in dict.fromkeys([survivor.legal_name, duplicate.legal_name])
        if name != values["legal_name"]
    ]
    recorder, reason = merge(survivor, duplicate, values, user, describe(survivor, duplicate))
    known = set(survivor.names.values_list("name", flat=True))
    for name in lost_names:
        if name not in known:
            kept = CompanyName(company=survivor, name=name, kind=NameKind.ALIAS)
            kept._change_reason = reason
            kept.save()
            recorder.created(kept)
    return finish(recorder, survivor, duplicate, reason)


@transaction.atomic
def merge_people(survivor, duplicate, choices, user):
    """Merge the person `duplicate` into `survivor`; returns the change set."""
    check_pair(Person, survivor, duplicate, user)
    survivor, duplicate = locked(Person, survivor, duplicate)
    values = check_merged(survivor, chosen_values(survivor, duplicate, choices), user)
    values["notes"] = notes_with_lost_details(survivor, duplicate, values)
    recorder, reason = merge(survivor, duplicate, values, user, describe(survivor, duplicate))
    return finish(recorder, survivor, duplicate, reason)


def notes_with_lost_details(survivor, duplicate, values):
    """The chosen notes and a line with the names and contact details that do not survive."""
    kept = {
        "full_name": Person(
            given_name=values["given_name"], family_name=values["family_name"]
        ).full_name,
        **{name: values[name] for name in PERSON_DETAILS},
    }
    lost = []
    for record in (survivor, duplicate):
        for name, surviving in kept.items():
            value = getattr(record, name)
            if value and value != surviving and value not in lost:
                lost.append(value)
    if not lost:
        return values["notes"]
    line = _("Also recorded as: %(details)s") % {"details": ", ".join(lost)}
    return "\n\n".join(part for part in (values["notes"], line) if part)


# --- reading merges back -------------------------------------------------------------------


def merged_records(change_set):
    """(model, survivor id, duplicate id, the duplicate's last state) of a merge.

    A merge deletes the duplicate last; the survivor is the first record of its model
    that the merge changed (other than the duplicate, which may give up an LEI first).
    """
    changes_made = change_set.changes.select_related("content_type")
    last = changes_made.order_by("-sequence").first()
    if last is None or last.action != ChangeAction.DELETED:
        return None
    survivor = (
        changes_made.filter(content_type=last.content_type, action=ChangeAction.CHANGED)
        .exclude(object_id=last.object_id)
        .order_by("sequence")
        .first()
    )
    if survivor is None:
        return None
    state = next(serializers.deserialize("json", json.dumps([last.before]))).object
    return last.content_type.model_class(), survivor.object_id, last.object_id, state


def merged_into(record):
    """[(change set, duplicate's last state)] of the merges, not undone, into `record`."""
    found = []
    candidates = (
        ChangeSet.objects.filter(
            kind=ChangeSetKind.MERGE,
            undone_at=None,
            changes__object_id=record.pk,
            changes__action=ChangeAction.CHANGED,
            changes__content_type__model=record._meta.model_name,
            changes__content_type__app_label=record._meta.app_label,
        )
        .distinct()
        .order_by("-created")
    )
    for change_set in candidates:
        merged = merged_records(change_set)
        if merged and merged[0] is type(record) and merged[1] == record.pk:
            found.append((change_set, merged[3]))
    return found


def merge_sources(record):
    """The earlier merges into `record`, each with the deleted duplicate's history."""
    return [
        {
            "change_set": change_set,
            "duplicate": state,
            "history": change_history(type(record)(pk=state.pk)),
        }
        for change_set, state in merged_into(record)
    ]
