"""Who changed which field of a record, when, from what to what, read from its history."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.utils import get_m2m_reverse_field_name

CHANGE_KINDS = {
    "+": pgettext_lazy("history entry", "created"),
    "~": pgettext_lazy("history entry", "changed"),
    "-": pgettext_lazy("history entry", "deleted"),
}


def _display(field, value, related):
    if field.many_to_many:
        names = sorted(str(related.get((field.related_model, pk), pk)) for pk in value)
        return ", ".join(names) or "—"
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        return str(related.get((field.related_model, value), value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _m2m_accessors(history_model, fields):
    """{field: accessor of its historical rows}; simple-history names the row model
    `<HistoricalModel>_<field>`."""
    by_model_name = {
        relation.related_model._meta.object_name: relation.get_accessor_name()
        for relation in history_model._meta.related_objects
    }
    return {
        field: by_model_name[f"{history_model._meta.object_name}_{field.name}"] for field in fields
    }


def _m2m_targets(record, field, accessor):
    """Primary keys of the records a historical m2m field pointed to (prefetched rows)."""
    target = get_m2m_reverse_field_name(field)
    return {getattr(row, f"{target}_id") for row in getattr(record, accessor).all()}


def change_history(instance, limit=25):
    """The newest `limit` history entries of `instance`, each with its field changes.

    Many-to-many fields tracked by the history (`_history_m2m_fields`) are compared from
    prefetched rows, so the page costs a fixed number of queries however long the history.
    """
    if not hasattr(instance, "history"):
        return []
    model = type(instance)
    m2m_fields = [model._meta.get_field(name) for name in getattr(model, "_history_m2m_fields", ())]
    accessors = _m2m_accessors(instance.history.model, m2m_fields)
    records = list(
        instance.history.select_related("history_user")
        .prefetch_related(*accessors.values())
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    diffs = []
    for newer, older in zip(records[:limit], records[1:] + [None], strict=False):
        changes = []
        if newer.history_type == "~" and older is not None:
            delta = newer.diff_against(older, excluded_fields=[f.name for f in m2m_fields])
            changes = [(model._meta.get_field(c.field), c.old, c.new) for c in delta.changes]
            for field in m2m_fields:
                accessor = accessors[field]
                old = _m2m_targets(older, field, accessor)
                new = _m2m_targets(newer, field, accessor)
                if old != new:
                    changes.append((field, old, new))
        diffs.append((newer, changes))

    # Name the related records of changed relations with one query per related model.
    wanted = {}
    for _record, changes in diffs:
        for field, old, new in changes:
            if field.many_to_many:
                wanted.setdefault(field.related_model, set()).update(old | new)
            elif isinstance(field, models.ForeignKey):
                wanted.setdefault(field.related_model, set()).update(
                    value for value in (old, new) if value is not None
                )
    related = {}
    for related_model, ids in wanted.items():
        for pk, obj in related_model._base_manager.in_bulk(ids).items():
            related[(related_model, pk)] = obj

    return [
        {
            "date": record.history_date,
            "user": record.history_user,
            "type": record.history_type,
            "kind": CHANGE_KINDS.get(record.history_type, record.history_type),
            "changes": [
                {
                    "field": field.verbose_name,
                    "old": _display(field, old, related),
                    "new": _display(field, new, related),
                }
                for field, old, new in changes
            ],
        }
        for record, changes in diffs
    ]
