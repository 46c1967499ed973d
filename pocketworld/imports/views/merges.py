"""Merging two companies or two people: pick the other record, compare, confirm.

One URL per record serves the whole journey. Without `duplicate` it is the picker (a
name box that htmx fills with the records the user may merge, at first the likely
duplicates); with `duplicate` it compares both side by side with a choice per differing
field, and a POST merges them through the service and returns to the survivor with a
link that undoes the merge.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pocketworld.companies.models import Company, PartnerOrganisation
from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.views import extend_page, redirect_to
from pocketworld.imports import merging
from pocketworld.imports.forms import DuplicateForm, MergeForm
from pocketworld.search import services as search
from pocketworld.search.indexing import indexes

CANDIDATES = 10


class Journey:
    """What differs between merging companies and merging people."""

    def __init__(self, model, service, search_kind, keeps):
        self.model = model
        self.service = service
        self.search_kind = search_kind
        self.keeps = keeps  # what happens to the values that do not stay

    @property
    def url_name(self):
        return f"imports:{self.model._meta.model_name}_merge"


COMPANIES = Journey(
    Company,
    merging.merge_companies,
    "company",
    gettext_lazy("A legal name that does not stay is kept as a further name of the company."),
)
PEOPLE = Journey(
    Person,
    merging.merge_people,
    "person",
    gettext_lazy("A name, e-mail or phone number that does not stay goes into the notes."),
)


def candidates(journey, survivor, user, query):
    """Records the user may merge into the survivor: found by name, else likely duplicates."""
    if query:
        hits = search.search(query, user, kinds=[journey.search_kind], limit=CANDIDATES + 1)
    else:
        names = [name.text for name in indexes()[journey.search_kind].names(survivor)]
        hits = search.find_duplicates(
            names, user, kind=journey.search_kind, exclude=survivor.pk, limit=CANDIDATES
        )
    ids = [hit.object_id for hit in hits if hit.object_id != survivor.pk]
    found = journey.model.objects.deletable_by(user).select_related("desk").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found][:CANDIDATES]


@login_required
def company_merge(request, pk):
    return merge_page(request, COMPANIES, pk)


@login_required
def person_merge(request, pk):
    return merge_page(request, PEOPLE, pk)


def merge_page(request, journey, pk):
    survivor = get_object_or_404(journey.model.objects.visible_to(request.user), pk=pk)
    if not permissions.may_change(request.user, survivor):
        raise PermissionDenied(_("You may not change this record."))
    data = request.POST if request.method == "POST" else request.GET
    context = {"object": survivor, "journey": journey, "url_name": journey.url_name}
    if "duplicate" not in data:
        return pick_page(request, journey, survivor, context)
    picked = DuplicateForm(
        {"duplicate": data["duplicate"]}, journey=journey, survivor=survivor, user=request.user
    )
    if not picked.is_valid():
        return pick_page(request, journey, survivor, {**context, "picked": picked})
    duplicate = picked.cleaned_data["duplicate"]
    form = MergeForm(
        request.POST if request.method == "POST" else None,
        survivor=survivor,
        duplicate=duplicate,
    )
    if request.method == "POST" and form.is_valid():
        try:
            change_set = journey.service(survivor, duplicate, form.choices(), request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            undo_url = reverse("imports:changeset_undo", args=[change_set.pk])
            messages.success(
                request,
                format_html(
                    '{} <a class="button small secondary" href="{}">{}</a>',
                    _("Merged %(duplicate)s into %(survivor)s.")
                    % {"duplicate": duplicate, "survivor": survivor},
                    undo_url,
                    _("Undo"),
                ),
            )
            return redirect_to(request, survivor.get_absolute_url())
    context.update(
        {
            "duplicate": duplicate,
            "form": form,
            "choice_fields": [form[name] for name in form.fields if name != "duplicate"],
            "moving": merging.related_counts(survivor, duplicate),
            "united": merging.united_values(survivor, duplicate),
        }
    )
    return render(request, "imports/merge_compare.html", context)


def pick_page(request, journey, survivor, context):
    query = request.GET.get("q", "").strip()[:200]
    context = {
        **context,
        "query": query,
        "candidates": candidates(journey, survivor, request.user, query),
        "picked": context.get("picked")
        or DuplicateForm(journey=journey, survivor=survivor, user=request.user),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "imports/partials/merge_candidates.html", context)
    context["merge_sources"] = merging.merge_sources(survivor)
    return render(request, "imports/merge_pick.html", context)


@extend_page(Company, "detail")
@extend_page(PartnerOrganisation, "detail")
@extend_page(Person, "detail")
def merge_sources(request, record):
    """A record's page names the records merged into it, with a way to undo."""
    return {"merge_sources": merging.merge_sources(record)}
