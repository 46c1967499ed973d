"""The import wizard: upload → columns → preview with decisions → apply → log, undo.

Small files are checked and applied in the request; larger ones by a background task
(`tasks.in_background`) while the page shows a progress bar that htmx refreshes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pocketworld.imports import services, tasks
from pocketworld.imports.changes import UndoRefused
from pocketworld.imports.choices import ImportStatus
from pocketworld.imports.fields import fields_of
from pocketworld.imports.forms import ColumnsForm, RowDecisionForm, UploadForm
from pocketworld.imports.reading import read_table
from pocketworld.imports.reading.tables import UnreadableFile
from pocketworld.imports.uploads import limited_uploads

ROWS_PER_PAGE = 50
SAMPLE_ROWS = 3


def run_of(request, pk):
    if not services.may_import(request.user):
        raise PermissionDenied
    return get_object_or_404(services.runs_of(request.user), pk=pk)


@limited_uploads
@login_required
def import_list(request):
    if not services.may_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        mapping = form.cleaned_data["mapping"]
        try:
            run = services.upload(
                form.cleaned_data["kind"],
                upload.name,
                upload.read(),
                request.user,
                mapping_name=mapping.name if mapping else "",
            )
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            return redirect("imports:import_columns", pk=run.pk)
    return render(
        request,
        "imports/import_list.html",
        {"form": form, "runs": services.runs_of(request.user)[:50]},
    )


@login_required
def import_columns(request, pk):
    run = run_of(request, pk)
    if run.status not in services.COLUMNS_CHANGEABLE:
        return redirect(run)
    form = ColumnsForm(request.POST or None, run=run)
    if request.method == "POST" and form.is_valid():
        tasks.check_soon(run, form.columns, form.cleaned_data["save_as"], request.user)
        return redirect(run)
    table = read_table(bytes(run.content), run.file_name)
    samples = []
    for _number, cells in table.rows():
        samples.append(cells)
        if len(samples) == SAMPLE_ROWS:
            break
    columns = [
        (header, form[name], [row[index] for row in samples])
        for index, (header, name) in enumerate(form.header_fields)
    ]
    return render(
        request,
        "imports/import_columns.html",
        {"run": run, "form": form, "columns": columns, "fields": fields_of(run.kind).values()},
    )


@login_required
def import_detail(request, pk):
    run = run_of(request, pk)
    if run.status == ImportStatus.UPLOADED:
        return redirect("imports:import_columns", pk=run.pk)
    shown = request.GET.get("rows", "")
    rows = run.rows.all()
    if shown in services.ROW_FILTERS:
        rows = services.ROW_FILTERS[shown](rows)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "run": run,
        "page": page,
        "shown": shown,
        "fields": fields_of(run.kind),
        "working": run.status in services.WORKING,
    }
    if request.htmx and request.htmx.target == "import-status":
        if not context["working"]:
            # Done: the whole page shows the preview or the log now.
            response = render(request, "imports/partials/import_status.html", context)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "imports/partials/import_status.html", context)
    return render(request, "imports/import_detail.html", context)


@login_required
@require_POST
def import_row_decide(request, pk, number):
    run = run_of(request, pk)
    if run.status != ImportStatus.CHECKED:
        return HttpResponseBadRequest(_("Decisions can only change before the import applies."))
    form = RowDecisionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors["decision"][0])
    decision, target_id, target_row = form.cleaned_data["decision"]
    if target_id is not None and not services.may_merge_into(run, target_id, request.user):
        return HttpResponseBadRequest(_("You may not change that record."))
    try:
        row = services.decide(run, number, decision, target_id, target_row)
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    return render(
        request,
        "imports/partials/import_row.html",
        {"run": run, "row": row, "fields": fields_of(run.kind), "counts_changed": True},
    )


@login_required
@require_POST
def import_apply(request, pk):
    run = run_of(request, pk)
    if run.status != ImportStatus.CHECKED:
        messages.error(request, _("Only a checked import can be applied."))
        return redirect(run)
    if "dry_run" in request.POST:
        return dry_run(request, run)
    if tasks.in_background(run):
        tasks.apply_later(run, request.user)
        messages.info(request, _("The import is being applied in the background."))
        return redirect(run)
    try:
        services.apply(run, request.user)
    except services.ImportFailed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Imported %(file)s.") % {"file": run.file_name})
    return redirect(run)


class DryRunDone(Exception):
    """Rolls back what the dry run wrote."""


def dry_run(request, run):
    """Apply inside a transaction that is rolled back: what would happen, nothing changed."""
    try:
        with transaction.atomic():
            run = services.apply(run, request.user)
            counts = run.counts
            raise DryRunDone
    except DryRunDone:
        messages.info(
            request,
            _(
                "Dry run: %(created)d would be created, %(merged)d merged, %(skipped)d skipped, "
                "%(invalid)d left out for errors. Nothing was changed."
            )
            % {
                "created": counts["created"],
                "merged": counts["merged"],
                "skipped": counts["skipped"] + counts["duplicate"],
                "invalid": counts["invalid"],
            },
        )
    except services.ImportFailed as error:
        messages.error(request, str(error))
    return redirect(run)


@login_required
@require_POST
def import_undo(request, pk):
    run = run_of(request, pk)
    if run.status != ImportStatus.APPLIED:
        messages.error(request, _("Only an applied import can be undone."))
        return redirect(run)
    try:
        later = tasks.undo_soon(run, request.user)
    except UndoRefused as error:
        messages.error(request, str(error))
    else:
        if later:
            messages.info(request, _("The import is being undone in the background."))
        else:
            messages.success(request, _("Undid the import of %(file)s.") % {"file": run.file_name})
    return redirect(run)
