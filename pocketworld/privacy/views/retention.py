"""Retention on the pages: the review of the people due, keeping one longer, and what My
day and the digest list (registered with the interactions app's hooks)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.forms import DATE_WIDGET
from pocketworld.core.views import redirect_to
from pocketworld.interactions.services import Section, register_digest_section
from pocketworld.interactions.views import register_my_day_section
from pocketworld.privacy.retention import (
    LAST_ACTIVITY_EXPLAINED,
    MAX_EXTENSION_YEARS,
    describe_rule,
    due_for_review,
    extend_retention,
    extendable_by,
    latest_extension_day,
    listed_due_of_own_desks,
    people_in_care_of,
    rules,
    standings,
    with_last_activity,
    with_listed_activity,
)

REVIEW_PAGE_SIZE = 50
# People listed on My day and in the digest; the review page has them all.
LISTED = 10


class ExtensionForm(forms.Form):
    until = forms.DateField(
        label=gettext_lazy("kept until"),
        widget=DATE_WIDGET,
    )
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy("Why the person's data are still needed, for the record."),
    )


def extension_context(today):
    return {
        "last_activity_explained": LAST_ACTIVITY_EXPLAINED,
        "today": today,
        "latest_extension_day": latest_extension_day(today),
        "max_extension_years": MAX_EXTENSION_YEARS,
    }


def listed_standings(people):
    """The standings of `people`, the soonest erased first."""
    return sorted(standings(people), key=lambda standing: (standing.erased_on, standing.person.pk))


@login_required
def retention_review(request):
    """The people in my care due for review, with the day each is erased unless kept longer
    (for heads and officers, a form to keep them), and the rules."""
    if not permissions.may_read_personal_data(request.user):
        raise PermissionDenied(_("You may not see personal data."))
    today = timezone.localdate()
    people = due_for_review(people_in_care_of(request.user), today).select_related("desk")
    page = Paginator(people, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = listed_standings(page.object_list)
    on_page = Person.objects.filter(pk__in=[row.person.pk for row in rows])
    by_basis = rules()
    context = extension_context(today) | {
        "page": page,
        "rows": rows,
        "extendable": set(extendable_by(on_page, request.user).values_list("pk", flat=True)),
        "rules": [
            (label, describe_rule(by_basis.get(basis))) for basis, label in LegalBasis.choices
        ],
        "may_review_erasures": permissions.may_review_erasures(request.user),
    }
    return render(request, "privacy/retention_review.html", context)


@login_required
def person_extend(request, pk):
    """Keep one person longer: until a day, for a reason (`retention.extend_retention`); a
    form with its errors at the fields, back to the review page when it is saved."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    if not extendable_by(Person.objects.filter(pk=person.pk), request.user).exists():
        raise PermissionDenied(_("You may not keep this person longer."))
    today = timezone.localdate()
    form = ExtensionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                extend_retention(
                    person, form.cleaned_data["until"], form.cleaned_data["reason"], request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(person)s is kept until %(day)s.")
                    % {"person": person, "day": form.cleaned_data["until"].isoformat()},
                )
                return redirect_to(request, reverse("privacy:retention_review"))
        status = 400
    [standing] = standings(with_last_activity(Person.objects.filter(pk=person.pk)))
    context = extension_context(today) | {
        "person": person,
        "standing": standing,
        "rule_description": describe_rule(standing.rule),
        "form": form,
    }
    return render(request, "privacy/retention_extend.html", context, status=status)


def due_in_own_desks(user, today):
    """The count and the first rows of the people of `user`'s desks due for review, the
    soonest erased first; None when no one is due. My day and the digest show the same."""
    due = listed_due_of_own_desks(user, today)
    # One pass over the list gives the count and the first; only those are then read whole.
    ids = list(due.values_list("pk", flat=True))
    if not ids:
        return None
    first = with_listed_activity(Person.objects.filter(pk__in=ids[:LISTED])).select_related("desk")
    return {"count": len(ids), "rows": listed_standings(first)}


@register_my_day_section
def my_day_panel(request, today):
    due = due_in_own_desks(request.user, today)
    return due and Section("privacy/retention_my_day.html", due)


@register_digest_section
def digest_panel(user, today):
    due = due_in_own_desks(user, today)
    if due is None:
        return None
    summary = ngettext(
        "%(count)d person due for review", "%(count)d people due for review", due["count"]
    ) % {"count": due["count"]}
    return Section("privacy/retention_digest.txt", due, summary=summary)
