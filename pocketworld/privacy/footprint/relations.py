"""The person's own record, and the records that point to them: by a relation, by content
type and id, or inside a change set's snapshot."""

import json
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pocketworld.contacts.models import Person
from pocketworld.imports.models import RecordedChange
from pocketworld.privacy.footprint.places import (
    CHUNK_SIZE,
    Place,
    is_history,
    is_history_link,
    label_of,
    live_model,
    stored_models,
)

# --- the person's own record --------------------------------------------------------------------


class RecordPlace(Place):
    """The person's record, with its languages and tags, and the people merged into it."""

    model = Person
    key = "record:contacts.Person"
    label = _("the record of the person and the records merged into it")

    def rows(self, subject):
        return subject.people

    def erase(self, erasing):
        person = erasing.subject.person
        erasing.deleted[Person].update(erasing.subject.ids)
        person.delete()
        return len(erasing.subject.people)


class RecordHistoryPlace(Place):
    """The history of the person's record (and of the records merged into it)."""

    model = Person.history.model
    key = f"history:{model._meta.label}"
    label = _("history of the record of the person")

    def rows(self, subject):
        return self.model._base_manager.filter(id__in=subject.ids).order_by("history_date")

    def erase(self, erasing):
        return self.rows(erasing.subject).delete()[1].get(self.model._meta.label, 0)


# --- relations to the person --------------------------------------------------------------------


def erasure_action(field):
    """What erasure does to the rows a relation to the person holds: "unlink" a
    many-to-many link, "delete" a row that is the person's alone, "blank" a relation that
    may be empty (deleting the rows `personal_rows` declare the person's alone, and those
    that blank would break a constraint of); None where no rule fits (decide and say so
    here before such a relation is added)."""
    if is_history_link(field.model):
        return "delete"
    live = live_model(field.model)
    live_field = live._meta.get_field(field.name) if live is not field.model else field
    if live_field.many_to_many:
        return "unlink"
    if live_field.null:
        return "blank"
    if live_field.remote_field.on_delete is models.CASCADE:
        return "delete"
    return None


def person_relations(models_=None):
    """Every stored relation to `Person` (foreign keys, one-to-one and many-to-many
    fields), history tables included, found through the models' meta."""
    found = []
    for model in models_ if models_ is not None else stored_models():
        for model_field in model._meta.get_fields():
            if (
                model_field.is_relation
                and model_field.concrete
                and model_field.related_model is Person
            ):
                found.append(model_field)
    return found


class RelationPlace(Place):
    def __init__(self, relation):
        self.relation = relation
        self.model = relation.model
        self.action = erasure_action(relation)
        self.key = f"relation:{self.model._meta.label}.{relation.name}"

    @property
    def label(self):
        return _("%(records)s: %(field)s") % {
            "records": label_of(self.model),
            "field": self.relation.verbose_name,
        }

    def matching(self, ids):
        return self.model._base_manager.filter(**{f"{self.relation.name}__in": ids})

    def rows(self, subject):
        rows = self.matching(subject.ids)
        if self.relation.many_to_many:
            rows = rows.distinct()
        return rows.order_by("pk")

    def personal_rows(self):
        """The condition of rows that are a person's alone (declared on the live model)."""
        declared = getattr(live_model(self.model), "access", None)
        rows = getattr(declared, "personal_rows", ())
        return Q(*rows, _connector=Q.OR) if rows else None

    def erase(self, erasing):
        if self.action is None:
            raise ValidationError(
                _("Erasure has no rule for %(relation)s.") % {"relation": self.key}
            )
        ids = erasing.subject.ids
        if self.action == "unlink":
            through = self.relation.remote_field.through
            links = through._base_manager.filter(
                **{f"{self.relation.m2m_reverse_field_name()}__in": ids}
            )
            return links.delete()[1].get(through._meta.label, 0)
        rows = self.matching(ids)
        if self.action == "delete":
            return self.delete(rows, erasing)
        alone = self.personal_rows()
        count = self.delete(rows.filter(alone), erasing) if alone is not None else 0
        for row in rows.exclude(pk__in=erasing.deleted[self.model]):
            if not is_history(self.model) and blanking_breaks_a_constraint(row, self.relation):
                count += self.delete(self.model._base_manager.filter(pk=row.pk), erasing)
            else:
                self.model._base_manager.filter(pk=row.pk).update(**{self.relation.attname: None})
                count += 1
        return count

    def delete(self, rows, erasing):
        pks = set(rows.values_list("pk", flat=True))
        if not pks:
            return 0
        erasing.deleted[self.model].update(pks)
        self.model._base_manager.filter(pk__in=pks).delete()
        return len(pks)


def breaks_a_constraint(row):
    try:
        row.validate_constraints()
    except ValidationError:
        return True
    return False


def blanking_breaks_a_constraint(row, relation):
    """Whether emptying `relation` makes the row break a constraint it kept (a company's
    participation that exists already without a person); a row that broke one before is
    blanked all the same."""
    if breaks_a_constraint(row):
        return False
    setattr(row, relation.attname, None)
    return breaks_a_constraint(row)


# --- records that name the person by content type and id ----------------------------------------


def pointer_models(models_=None):
    """Models that point to any record by a content type and an `object_id`, as Django's
    generic relations do (change-set changes, the admin's log, tags)."""
    found = []
    for model in models_ if models_ is not None else stored_models():
        names = {model_field.name for model_field in model._meta.concrete_fields}
        has_type = any(
            model_field.is_relation and model_field.related_model is ContentType
            for model_field in model._meta.concrete_fields
        )
        if has_type and "object_id" in names and "content_type" in names:
            found.append(model)
    return found


class PointerPlace(Place):
    def __init__(self, model):
        self.model = model
        self.key = f"pointer:{model._meta.label}"

    @property
    def label(self):
        return _("%(records)s about the person") % {"records": label_of(self.model)}

    def pointing_to(self, targets):
        """Rows pointing to any of `targets` ({model: ids})."""
        condition = Q()
        for target, ids in targets.items():
            if ids:
                content_type = ContentType.objects.get_for_model(target)
                condition |= Q(content_type=content_type, object_id__in=list(ids))
        return self.model._base_manager.filter(condition) if condition else None

    def rows(self, subject):
        rows = self.pointing_to({Person: subject.ids})
        return rows.order_by("pk") if rows is not None else []

    def erase(self, erasing):
        """Rows about the person, and about the records deleted with them, go."""
        rows = self.pointing_to({Person: erasing.subject.ids, **erasing.deleted})
        if rows is None:
            return 0
        return rows.delete()[1].get(self.model._meta.label, 0)


class SnapshotPlace(Place):
    """Snapshots of change sets that would bring back a relation to the person on undo:
    they are treated as the rows they would restore (the relation rules apply)."""

    model = RecordedChange
    key = "snapshot:imports.RecordedChange"
    label = _("snapshots of change sets that point to the person")

    def relations_by_model(self):
        found = defaultdict(list)
        for relation in person_relations():
            if not is_history(relation.model):
                found[relation.model].append(relation)
        return found

    def found(self, subject):
        """[(change, {relation: value})] of snapshots whose relations name the person."""
        relations = self.relations_by_model()
        content_types = ContentType.objects.get_for_models(*relations)
        changes = RecordedChange.objects.filter(
            content_type__in=content_types.values(), before__isnull=False
        ).select_related("content_type")
        result = []
        for change in changes.iterator(chunk_size=CHUNK_SIZE):
            model = change.content_type.model_class()
            fields = (change.before or {}).get("fields", {})
            named = {
                relation: fields[relation.name]
                for relation in relations.get(model, ())
                if names_any(fields.get(relation.name), subject.ids)
            }
            if named:
                result.append((change, named))
        return result

    def rows(self, subject):
        return [change for change, _named in self.found(subject)]

    def erase(self, erasing):
        ids = erasing.subject.ids
        count = 0
        for change, named in self.found(erasing.subject):
            before = change.before
            fields = before["fields"]
            doomed = False
            for relation in named:
                action = erasure_action(relation)
                if action == "unlink":
                    fields[relation.name] = [pk for pk in fields[relation.name] if pk not in ids]
                elif action == "blank":
                    fields[relation.name] = None
                else:
                    doomed = True
            if doomed or restores_a_broken_row(before):
                change.delete()
            else:
                RecordedChange.objects.filter(pk=change.pk).update(before=before)
            count += 1
        return count


def names_any(value, ids):
    if isinstance(value, list):
        return any(item in ids for item in value)
    return value in ids


def restores_a_broken_row(state):
    """Whether the snapshot, once the person is gone from it, would be a row the model's
    constraints refuse (a participant naming neither a company nor a person)."""
    try:
        instance = next(serializers.deserialize("json", json.dumps([state]))).object
    except serializers.base.DeserializationError:
        return True  # no longer a row of its model: nothing an undo could restore
    return breaks_a_constraint(instance)
