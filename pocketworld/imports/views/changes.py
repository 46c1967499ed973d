"""Change sets: what imports, merges and LEI updates did, and undoing one as a whole.

Directors and administrators see every change set, everyone else their own
(`changes.visible_change_sets`); who sees one may undo it. The undo page asks first;
its POST calls `changes.undo`, which refuses to lose later work.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pocketworld.core import permissions
from pocketworld.core.history import change_history
from pocketworld.core.views import redirect_to
from pocketworld.imports import changes, merging
from pocketworld.imports.choices import ChangeAction, ChangeSetKind

PER_PAGE = 25
# Changes the detail page lists one by one; the counts cover all of them.
LISTED_CHANGES = 50


def summaries(change_sets):
    """{change set id: [(model's name, [(action, count)])]} for lists and detail pages."""
    labels = dict(ChangeAction.choices)
    return {
        change_set_id: [
            (
                model._meta.verbose_name_plural,
                [(labels[action], count) for action, count in sorted(actions.items())],
            )
            for model, actions in by_model.items()
        ]
        for change_set_id, by_model in changes.change_counts(change_sets).items()
    }


@login_required
def changeset_list(request):
    change_sets = changes.visible_change_sets(request.user)
    kind = request.GET.get("kind", "")
    if kind in ChangeSetKind.values:
        change_sets = change_sets.filter(kind=kind)
    page = Paginator(change_sets, PER_PAGE).get_page(request.GET.get("page"))
    counted = summaries(list(page))
    rows = [
        {"change_set": change_set, "counts": counted.get(change_set.pk, [])} for change_set in page
    ]
    return render(
        request,
        "imports/changeset_list.html",
        {"page": page, "rows": rows, "kind": kind, "kinds": ChangeSetKind.choices},
    )


def visible_change_set(request, pk):
    return get_object_or_404(changes.visible_change_sets(request.user), pk=pk)


def listed_changes(change_set, user):
    """The first changes, each with its record if it still exists, as the policy lets `user`
    see it: a confidential project they are no member of under its codename, a record they
    may not see not at all (its id only)."""
    listed = list(change_set.changes.select_related("content_type")[:LISTED_CHANGES])
    wanted = {}
    for change in listed:
        wanted.setdefault(change.content_type.model_class(), set()).add(change.object_id)
    found = {
        (model, pk): record
        for model, ids in wanted.items()
        for pk, record in permissions.readable(model, user).in_bulk(ids).items()
    }
    return [
        {
            "change": change,
            "model": change.content_type.model_class()._meta.verbose_name,
            "record": found.get((change.content_type.model_class(), change.object_id)),
        }
        for change in listed
    ]


def merge_context(change_set):
    """The survivor and the duplicate of a merge, with the duplicate's history."""
    merged = merging.merged_records(change_set)
    if merged is None:
        return {}
    model, survivor_id, duplicate_id, duplicate = merged
    return {
        "survivor": model._base_manager.filter(pk=survivor_id).first(),
        "duplicate": duplicate,
        "duplicate_history": change_history(model(pk=duplicate_id)),
    }


@login_required
def changeset_detail(request, pk):
    change_set = visible_change_set(request, pk)
    context = {
        "change_set": change_set,
        "counts": summaries([change_set]).get(change_set.pk, []),
        "listed": listed_changes(change_set, request.user),
        "total": change_set.changes.count(),
    }
    if change_set.kind == ChangeSetKind.MERGE:
        context.update(merge_context(change_set))
    return render(request, "imports/changeset_detail.html", context)


@login_required
def changeset_undo(request, pk):
    """GET asks, POST undoes; a refused undo says why on the change set's page."""
    change_set = visible_change_set(request, pk)
    if request.method != "POST":
        counts = summaries([change_set]).get(change_set.pk, [])
        return render(
            request, "imports/changeset_undo.html", {"change_set": change_set, "counts": counts}
        )
    try:
        changes.undo(change_set, request.user)
    except changes.UndoRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Undid: %(change_set)s") % {"change_set": change_set})
    return redirect_to(request, reverse("imports:changeset_detail", args=[change_set.pk]))
