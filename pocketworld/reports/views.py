from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pocketworld.core.history import change_history
from pocketworld.core.views import redirect_to
from pocketworld.reports.filtersets import (
    describe_company_filter,
    normalize_company_filter,
    segment_companies,
)
from pocketworld.reports.forms import SegmentForm
from pocketworld.reports.models import Segment, may_keep_segments

# What the generic edit, detail and delete templates need to know of the model.
SEGMENT_CONTEXT = {
    "verbose_name": Segment._meta.verbose_name,
    "verbose_name_plural": Segment._meta.verbose_name_plural,
    "url_prefix": "reports:segment",
}


def get_segment(request, pk, for_change=False):
    """The segment if the user sees it (else 404), and may change it when asked (else 403)."""
    segment = get_object_or_404(
        Segment.objects.visible_to(request.user).select_related("owner"), pk=pk
    )
    if for_change and not segment.is_editable_by(request.user):
        raise PermissionDenied(_("Only its owner or a director may change this segment."))
    return segment


@login_required
def segment_list(request):
    """Every segment the user sees, each with how many of its companies the user may see."""
    segments = [
        {
            "segment": segment,
            "company_count": segment_companies(segment, request.user).count(),
            "may_change": segment.is_editable_by(request.user),
        }
        for segment in Segment.objects.visible_to(request.user).select_related("owner")
    ]
    context = {
        **SEGMENT_CONTEXT,
        "segments": segments,
        "may_create": may_keep_segments(request.user),
    }
    return render(request, "reports/segment_list.html", context)


@login_required
def segment_detail(request, pk):
    segment = get_segment(request, pk)
    may_change = segment.is_editable_by(request.user)
    context = {
        **SEGMENT_CONTEXT,
        "object": segment,
        "company_count": segment_companies(segment, request.user).count(),
        "criteria": describe_company_filter(segment.query),
        "may_change": may_change,
        "may_delete": may_change,
        "history": change_history(segment),
    }
    return render(request, "reports/segment_detail.html", context)


@login_required
def segment_edit(request, pk=None):
    """Save a new segment (from the company list's filter) or change one."""
    if pk is None:
        if not may_keep_segments(request.user):
            raise PermissionDenied(_("You may not save segments."))
        segment = Segment(owner=request.user)
    else:
        segment = get_segment(request, pk, for_change=True)
    if request.method == "POST":
        form = SegmentForm(request.POST, instance=segment)
        if form.is_valid():
            creating = segment.pk is None
            form.save()
            message = _("Created %(object)s.") if creating else _("Saved %(object)s.")
            messages.success(request, message % {"object": segment})
            return redirect_to(request, segment.get_absolute_url())
    else:
        query = normalize_company_filter(request.GET.get("query", ""))
        initial = {"query": query} if pk is None else None
        form = SegmentForm(instance=segment, initial=initial)
    context = {**SEGMENT_CONTEXT, "form": form, "object": segment}
    return render(request, "generic/object_edit.html", context)


@login_required
def segment_delete(request, pk):
    segment = get_segment(request, pk, for_change=True)
    if request.method == "POST":
        label = str(segment)
        segment.delete()
        messages.success(request, _("Deleted %(object)s.") % {"object": label})
        return redirect_to(request, reverse("reports:segment_list"))
    context = {**SEGMENT_CONTEXT, "object": segment}
    return render(request, "generic/object_delete.html", context)
