"""A person's access export (Art. 15) and erasure (Art. 17) from their page, and the
tombstones of erased people for directors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.views import extend_page, redirect_to
from pocketworld.privacy.erasure import erase_person, erasure_preview
from pocketworld.privacy.exports import make_access_export
from pocketworld.privacy.footprint import place_labels
from pocketworld.privacy.forms import AccessExportForm, ErasureForm
from pocketworld.privacy.models import Erasure
from pocketworld.privacy.retention import (
    describe_rule,
    extendable_by,
    standings,
    with_last_activity,
)

ERASURES_PER_PAGE = 50


@extend_page(Person, "detail")
def person_privacy_actions(request, person):
    """The person's page offers the access export and erasure to those who may, and says
    where the person stands with their retention rule."""
    context = {
        "may_export_personal_data": permissions.may_export_personal_data(request.user, person),
        "may_erase": permissions.may_erase(request.user, person),
    }
    if not permissions.may_read_personal_data(request.user):
        return context
    [standing] = standings(with_last_activity(Person.objects.filter(pk=person.pk)))
    return context | {
        "retention": standing,
        "retention_rule": describe_rule(standing.rule),
        "retention_today": timezone.localdate(),
        "may_extend_retention": extendable_by(
            Person.objects.filter(pk=person.pk), request.user
        ).exists(),
    }


def person_for(request, pk, allowed, refusal):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    if not allowed(request.user, person):
        raise PermissionDenied(refusal)
    return person


@login_required
def person_export(request, pk):
    """The access export as a ZIP (JSON and PDF), in the `language` of the address."""
    person = person_for(
        request,
        pk,
        permissions.may_export_personal_data,
        _("You may not export this person's data."),
    )
    form = AccessExportForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(
            form.errors.as_text(), content_type="text/plain; charset=utf-8"
        )
    export = make_access_export(person, user=request.user, language=form.cleaned_data["language"])
    response = HttpResponse(export.content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, export.name)
    return response


@login_required
def person_erase(request, pk):
    """GET: what erasure removes, place by place, and that it cannot be undone; POST with
    a reason: erase, then the tombstones (directors) or the list of people."""
    person = person_for(request, pk, permissions.may_erase, _("You may not erase this person."))
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erase_person(person, erased_by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        except Person.DoesNotExist:
            raise Http404(_("This person no longer exists.")) from None
        else:
            messages.success(
                request,
                _(
                    "The person was erased everywhere. The tombstone keeps the date, who erased "
                    "them and the reason."
                ),
            )
            if permissions.may_review_erasures(request.user):
                return redirect_to(request, reverse("privacy:erasure_list"))
            return redirect_to(request, reverse("contacts:person_list"))
    context = {
        "object": person,
        "form": form,
        "preview": [(place.label, count) for place, count in erasure_preview(person)],
    }
    return render(request, "privacy/person_erase.html", context)


@login_required
def erasure_list(request):
    """The tombstones: when, by whom, why, and how many rows each place lost."""
    if not permissions.may_review_erasures(request.user):
        raise PermissionDenied(_("Only directors and administrators see erasures."))
    erasures = Erasure.objects.select_related("erased_by")
    page = Paginator(erasures, ERASURES_PER_PAGE).get_page(request.GET.get("page"))
    labels = place_labels()
    rows = [
        (erasure, [(labels.get(key, key), count) for key, count in erasure.removed.items()])
        for erasure in page
    ]
    return render(request, "privacy/erasure_list.html", {"page": page, "rows": rows})
