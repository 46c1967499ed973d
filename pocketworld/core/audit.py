"""The audit log's hook: where a business action happens that the IT security office
reviews, the app that does it announces it here, and the audit app, above every app,
writes it down (`pocketworld.audit`, which connects to `announced` from its
AppConfig.ready). The lower apps never import the audit app.

    announce("list_exported", request=request, list="companies.company", rows=120)

Announced are exports of lists (`core.views`, the KPI dashboard) and of a person's data,
erasures (privacy), imports applied and undone, merges and LEI updates (imports). Sign-ins,
sign-outs, API token use and permission changes the audit app hears from Django's, axes'
and the accounts app's own signals.

Announce inside the transaction of the action: an action rolled back leaves no entry, and
an entry that cannot be written rolls the action back. `details` hold ids, counts, codes
and what the user typed (a list's filters, a file's name), never a name read from a
record (the audit app names a record of personal data by its type and id). Who and from
where come from `user` and `request`; without them the audit app reads the request being
served, and a background job's entry names `user` alone.
"""

from django.dispatch import Signal
from django.utils.functional import LazyObject, empty

# Sent by `announce`. Arguments: action, request, user, target, details.
announced = Signal()

# Query parameters of a list's address that are no filter.
NOT_FILTERS = {"export", "page", "per_page"}
# A filter's value is kept up to this long (the longest a filter takes).
FILTER_LENGTH = 250


def announce(action, *, request=None, user=None, target=None, **details):
    """Announce that `action` (a value of `audit.choices.AuditAction`) was done by `user`
    (default: the request's) on `target` (a record, or None), with `details` (plain,
    JSON-serialisable values)."""
    target = unwrapped(target)
    announced.send(
        sender=type(target) if target is not None else None,
        action=action,
        request=request,
        user=user,
        target=target,
        details=details,
    )


def unwrapped(value):
    """The record behind a lazy object, such as the request's user (which django-otp wraps
    once more)."""
    while isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        value = value._wrapped
    return value


def exported_filters(request):
    """The filters of a list being exported, from its address: {name: value or values},
    those left empty left out."""
    filters = {}
    for name, values in request.GET.lists():
        values = [value[:FILTER_LENGTH] for value in values if value != ""]
        if name not in NOT_FILTERS and values:
            filters[name] = values[0] if len(values) == 1 else values
    return filters
