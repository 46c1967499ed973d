"""LEI updates from GLEIF's files: the upload, the proposals by company, the decisions.

A small upload is read in the request; a large one in the background, while the upload
page shows its status (htmx refreshes it). The list holds the proposals the user may decide
on, grouped by company with the current and the proposed value; a company's page loads its
own pending proposals from the same list.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pocketworld.core.views import redirect_to, safe_next_url
from pocketworld.imports import services as import_services
from pocketworld.imports import tasks
from pocketworld.imports.choices import (
    LeiProposalField,
    LeiProposalStatus,
    LeiUploadStatus,
)
from pocketworld.imports.filtersets import LeiProposalFilterSet
from pocketworld.imports.forms import LeiUploadForm
from pocketworld.imports.gleif import services
from pocketworld.imports.gleif.files import LeiFileError
from pocketworld.imports.models import LeiProposal, LeiUpload

PROPOSALS_PER_PAGE = 100
RECENT_UPLOADS = 10
# Ids beyond 18 digits are no database's integers.
MAX_ID_DIGITS = 18


@login_required
def lei_upload(request):
    if not import_services.may_import(request.user):
        raise PermissionDenied
    uploads = LeiUpload.objects.visible_to(request.user).filter(created_by=request.user)
    uploads = list(uploads[:RECENT_UPLOADS])
    context = {
        "uploads": uploads,
        "reading": any(
            upload.status in (LeiUploadStatus.WAITING, LeiUploadStatus.READING)
            for upload in uploads
        ),
    }
    if request.method == "GET" and request.htmx and not request.htmx.boosted:
        return render(request, "imports/partials/lei_uploads.html", context)
    form = LeiUploadForm(request.POST, request.FILES) if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            upload = services.store_upload(form.uploaded_files(), request.user)
        except LeiFileError as error:
            form.add_error(None, str(error))
        else:
            return after_upload(request, tasks.start_reading(upload))
    return render(request, "imports/lei_upload.html", {**context, "form": form or LeiUploadForm()})


def after_upload(request, upload):
    """Read now: its proposals; read in the background, or failed: the upload page."""
    if upload.status == LeiUploadStatus.DONE:
        count = upload.counts.get("proposals", 0)
        messages.success(
            request,
            ngettext(
                "Read the files: %(count)d update proposed.",
                "Read the files: %(count)d updates proposed.",
                count,
            )
            % {"count": count},
        )
        return redirect(f"{reverse('imports:lei_proposal_list')}?upload={upload.pk}")
    if upload.status == LeiUploadStatus.FAILED:
        messages.error(request, upload.error)
    else:
        messages.info(request, _("The files are read in the background; this page shows when."))
    return redirect("imports:lei_upload")


@login_required
def lei_proposal_list(request):
    """The proposals the user may decide on; on a company's page, that company's pending ones."""
    if not import_services.may_import(request.user):
        raise PermissionDenied
    query = request.GET.copy()
    query.setdefault("status", LeiProposalStatus.PENDING)
    proposals = (
        LeiProposal.objects.editable_by(request.user)
        .select_related("company__country", "proposed_parent", "name_language")
        .order_by("company__legal_name", "company_id", "field", "pk")
    )
    filterset = LeiProposalFilterSet(query, queryset=proposals, request=request)
    proposals = filterset.qs if filterset.is_valid() else proposals.none()
    page = Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    fragment = bool(request.htmx and not request.htmx.boosted)
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "query": query.urlencode(),
        "counts": [
            (LeiProposalField(field).label, count)
            for field, count in proposals.order_by("field")
            .values_list("field")
            .annotate(count=Count("pk"))
        ],
        # On a company's page the panel shows only when there is something to decide.
        "panel": fragment and "company" in request.GET,
        "next": (request.htmx.current_url_abs_path if fragment else None)
        or request.get_full_path(),
    }
    if fragment:
        return render(request, "imports/partials/lei_proposals.html", context)
    return render(request, "imports/lei_proposal_list.html", context)


@login_required
@require_POST
def lei_proposal_decide(request):
    action = request.POST.get("action")
    if action not in ("accept", "dismiss"):
        return HttpResponseBadRequest(_("Choose to accept or to dismiss."))
    next_url = safe_next_url(request, reverse("imports:lei_proposal_list"))
    ids = {
        int(value)
        for value in request.POST.getlist("proposal")
        if value.isdigit() and len(value) <= MAX_ID_DIGITS
    }
    if not ids:
        messages.error(request, _("Choose at least one proposal."))
        return redirect_to(request, next_url)
    proposals = list(LeiProposal.objects.visible_to(request.user).filter(pk__in=ids))
    if len(proposals) != len(ids):
        raise Http404
    if action == "dismiss":
        count = len(services.dismiss_proposals(proposals, request.user))
        messages.success(
            request,
            ngettext("Dismissed %(count)d proposal.", "Dismissed %(count)d proposals.", count)
            % {"count": count},
        )
        return redirect_to(request, next_url)
    decision = services.accept_proposals(proposals, request.user)
    if decision.accepted:
        count = len(decision.accepted)
        messages.success(
            request,
            ngettext("Accepted %(count)d proposal.", "Accepted %(count)d proposals.", count)
            % {"count": count},
        )
    for proposal, reason in decision.refused:
        messages.error(
            request,
            _("Not accepted for %(company)s (%(field)s): %(reason)s")
            % {
                "company": proposal.company,
                "field": proposal.get_field_display(),
                "reason": reason,
            },
        )
    return redirect_to(request, next_url)
