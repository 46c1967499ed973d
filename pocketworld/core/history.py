"""Who changed which field of a record, when, from what to what, read from its history."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CHANGE_KINDS = {
    "+": pgettext_lazy("history entry", "created"),
    "~": pgettext_lazy("history entry", "changed"),
    "-": pgettext_lazy("history entry", "deleted"),
}


def _display(field, value, related):
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        return str(related.get((field.related_model, value), value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def change_history(instance, limit=25):
    """The newest `limit` history entries of `instance`, each with its field changes."""
    if not hasattr(instance, "history"):
        return []
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    model = type(instance)
    diffs = []
    for newer, older in zip(records[:limit], records[1:] + [None], strict=False):
        changes = []
        if newer.history_type == "~" and older is not None:
            changes = newer.diff_against(older).changes
        diffs.append((newer, changes))

    # Name the related records of changed foreign keys with one query per related model.
    wanted = {}
    for _record, changes in diffs:
        for change in changes:
            field = model._meta.get_field(change.field)
            if isinstance(field, models.ForeignKey):
                wanted.setdefault(field.related_model, set()).update(
                    value for value in (change.old, change.new) if value is not None
                )
    related = {}
    for related_model, ids in wanted.items():
        for pk, obj in related_model._base_manager.in_bulk(ids).items():
            related[(related_model, pk)] = obj

    entries = []
    for record, changes in diffs:
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "kind": CHANGE_KINDS.get(record.history_type, record.history_type),
                "changes": [
                    {
                        "field": model._meta.get_field(change.field).verbose_name,
                        "old": _display(model._meta.get_field(change.field), change.old, related),
                        "new": _display(model._meta.get_field(change.field), change.new, related),
                    }
                    for change in changes
                ],
            }
        )
    return entries
