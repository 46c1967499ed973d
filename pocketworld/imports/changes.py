"""Recording what an import, a merge or LEI updates do, and undoing it as a whole.

Before a record is changed or deleted, `ChangeRecorder` keeps its state as Django's
serializer writes it (every field, many-to-many included) and its tags; a record it
created needs no snapshot. `undo` goes through the changes backwards: it deletes what was
created and saves the snapshots again through the models' own `save`, so field history,
search index and business rules see the undo like any other change.

An undo is refused, and changes nothing, when it would lose later work: a record changed
after the change set, or a record someone else attached to a record it would delete.
"""

import datetime
import itertools
import json
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router, transaction
from django.db.models import Count
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from pocketworld.core import bulk, permissions
from pocketworld.core.audit import announce
from pocketworld.imports.choices import ChangeAction, ChangeSetKind, ImportStatus
from pocketworld.imports.models import ChangeSet, ImportRun, RecordedChange

# Changes are written in batches of this many; a 100,000-row import makes that many.
BATCH_SIZE = 2000
# Records a conflict message names, at most.
NAMED_CONFLICTS = 5
# The history's change reason holds this many characters.
REASON_LENGTH = 100
# What the audit log calls the undoing of each kind of change set.
UNDONE_ACTIONS = {
    ChangeSetKind.IMPORT: "import_undone",
    ChangeSetKind.MERGE: "merge_undone",
    ChangeSetKind.LEI_UPDATE: "lei_updates_undone",
}


class UndoRefused(Exception):
    """The change set cannot be undone; str(error) says why."""


class ExactEncoder(DjangoJSONEncoder):
    """Times with all their microseconds (DjangoJSONEncoder keeps milliseconds): an undo
    gives back the exact value."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def snapshot(instance):
    """The record's stored state: its fields and many-to-many as serialized, and its tags."""
    state = json.loads(serializers.serialize("json", [instance], cls=ExactEncoder))[0]
    if hasattr(instance, "tags"):
        state["tags"] = sorted(instance.tags.names())
    return state


class ChangeRecorder:
    """Collects the changes of one change set; `flush` writes what is still buffered."""

    def __init__(self, change_set):
        self.change_set = change_set
        self.sequence = itertools.count(1)
        self.pending = []
        self.content_types = {}

    def content_type_of(self, model):
        if model not in self.content_types:
            self.content_types[model] = ContentType.objects.get_for_model(model)
        return self.content_types[model]

    def record(self, instance, action, before=None):
        self.pending.append(
            RecordedChange(
                change_set=self.change_set,
                sequence=next(self.sequence),
                content_type=self.content_type_of(type(instance)),
                object_id=instance.pk,
                action=action,
                before=before,
            )
        )
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def created(self, instance):
        self.record(instance, ChangeAction.CREATED)

    def created_all(self, model, ids):
        """Records of `model` just created in bulk: their changes written at once."""
        content_type = self.content_type_of(model)
        bulk.insert_rows(
            RecordedChange,
            ["change_set_id", "sequence", "content_type_id", "object_id", "action"],
            [
                (self.change_set.pk, next(self.sequence), content_type.pk, pk, ChangeAction.CREATED)
                for pk in ids
            ],
        )

    def changing(self, instance):
        """Call before changing `instance`; it is read again, as stored."""
        stored = type(instance)._base_manager.get(pk=instance.pk)
        self.record(instance, ChangeAction.CHANGED, snapshot(stored))

    def deleting(self, instance):
        """Call before deleting `instance` (and before deleting what it cascades to)."""
        self.record(instance, ChangeAction.DELETED, snapshot(instance))

    def flush(self):
        RecordedChange.objects.bulk_create(self.pending)
        self.pending = []

    def finish(self):
        self.flush()
        self.change_set.finished_at = timezone.now()
        self.change_set.save(update_fields=["finished_at"])


def start(kind, description, user):
    """A new change set and its recorder; call `recorder.finish()` at the end."""
    change_set = ChangeSet.objects.create(kind=kind, description=description, created_by=user)
    return ChangeRecorder(change_set)


def restore(state, reason):
    """Save the recorded state again, through the model's own save."""
    deserialized = next(serializers.deserialize("json", json.dumps([state])))
    instance = deserialized.object
    # Saved anew, a deleted record would get a new creation time (auto_now_add).
    creation = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if getattr(field, "auto_now_add", False)
    }
    instance._change_reason = reason
    instance.save()
    if any(getattr(instance, name) != value for name, value in creation.items()):
        type(instance)._base_manager.filter(pk=instance.pk).update(**creation)
        for name, value in creation.items():
            setattr(instance, name, value)
    for field, values in (deserialized.m2m_data or {}).items():
        getattr(instance, field).set(values)
    if "tags" in state:
        instance.tags.set(state["tags"])
    return instance


def created_records(change_set):
    """{model: [pk, …]} of the records the change set created, in the order it created them."""
    created = defaultdict(list)
    changes = change_set.changes.filter(action=ChangeAction.CREATED).select_related("content_type")
    for change in changes.iterator(chunk_size=BATCH_SIZE):
        created[change.content_type.model_class()].append(change.object_id)
    return created


def later_changes(change_set, created):
    """Records the undo would lose work on: changed since, or with records attached since."""
    conflicts = []
    touched = defaultdict(set)
    for change in change_set.changes.exclude(action=ChangeAction.DELETED).select_related(
        "content_type"
    ):
        touched[change.content_type.model_class()].add(change.object_id)
    for model, ids in touched.items():
        if any(field.name == "last_updated" for field in model._meta.fields):
            changed = model._base_manager.filter(
                pk__in=ids, last_updated__gt=change_set.finished_at
            )
            conflicts += [_("%(record)s was changed since.") % {"record": r} for r in changed]
    own = {(model, pk) for model, ids in created.items() for pk in ids}
    for model, ids in created.items():
        for start_at in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start_at : start_at + BATCH_SIZE]
            collector = Collector(using=router.db_for_write(model))
            collector.collect(list(model._base_manager.filter(pk__in=chunk)))
            collected = [
                (type(record), record) for records in collector.data.values() for record in records
            ] + [
                (queryset.model, record)
                for queryset in collector.fast_deletes
                for record in queryset
            ]
            conflicts += [
                _("%(record)s was added since.") % {"record": record}
                for record_model, record in collected
                if (record_model, record.pk) not in own
                and added_after(record, change_set.finished_at)
            ]
    return conflicts


def added_after(record, moment):
    """Whether a record would be deleted with the change set's records but is later work.

    Records without a creation time (many-to-many rows, tags) belong to their record; the
    parts an import wrote with a record it created (its names, its site) are older.
    """
    created = getattr(record, "created", None)
    return isinstance(created, datetime.datetime) and created > moment


@transaction.atomic
def undo(change_set, user):
    """Undo the whole change set, or nothing (raises UndoRefused)."""
    change_set = ChangeSet.objects.select_for_update().get(pk=change_set.pk)
    if change_set.undone_at:
        raise UndoRefused(_("This was undone already."))
    created = created_records(change_set)
    conflicts = later_changes(change_set, created)
    if conflicts:
        shown = "; ".join(conflicts[:NAMED_CONFLICTS])
        raise UndoRefused(
            _("Undoing would lose later work (%(count)d records): %(records)s")
            % {"count": len(conflicts), "records": shown}
        )
    reason = change_reason(_("Undo: %(change_set)s") % {"change_set": change_set.description})
    changes = change_set.changes.order_by("-sequence").select_related("content_type")
    for change in changes.iterator(chunk_size=BATCH_SIZE):
        model = change.content_type.model_class()
        if change.action == ChangeAction.CREATED:
            for record in model._base_manager.filter(pk=change.object_id):
                record._change_reason = reason
                record.delete()
        else:
            restore(change.before, reason)
    change_set.undone_at = timezone.now()
    change_set.undone_by = user
    change_set.save(update_fields=["undone_at", "undone_by"])
    # An import undone from the list of change sets is undone on its own page too.
    ImportRun.objects.filter(change_set=change_set).update(status=ImportStatus.UNDONE)
    run = ImportRun.objects.filter(change_set=change_set).first()
    announce(
        UNDONE_ACTIONS[change_set.kind],
        user=user,
        target=run or change_set,
        change_set=change_set.pk,
        changes=change_set.changes.count(),
    )
    return change_set


def change_reason(text):
    """`text` cut to what the history's change reason holds."""
    return Truncator(text).chars(REASON_LENGTH)


# --- who sees and undoes change sets ------------------------------------------------------


def made_by(records, user):
    """Directors and administrators see every import and change set, everyone else their
    own; who sees one may undo it."""
    if permissions.sees_and_changes_everything(user):
        return records
    if not permissions.is_active_user(user):
        return records.none()
    return records.filter(created_by=user)


def visible_change_sets(user):
    return made_by(ChangeSet.objects.select_related("created_by", "undone_by"), user)


def change_counts(change_sets):
    """{change set id: {model: {action: count}}} of these change sets, in one query."""
    counts = defaultdict(lambda: defaultdict(dict))
    rows = (
        RecordedChange.objects.filter(change_set__in=change_sets)
        .values_list("change_set", "content_type", "action")
        .annotate(count=Count("pk"))
        .order_by("change_set", "content_type", "action")
    )
    for change_set_id, content_type_id, action, count in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        counts[change_set_id][model][action] = count
    return counts
