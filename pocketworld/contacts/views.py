from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pocketworld.companies.models import Company, PartnerOrganisation
from pocketworld.contacts import filtersets, forms, tables, vcards
from pocketworld.contacts.models import Person, Position
from pocketworld.core import permissions
from pocketworld.core.views import (
    EXPORT_CHUNK_SIZE,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    extend_page,
)


class PersonListView(ObjectListView):
    model = Person
    filterset_class = filtersets.PersonFilterSet
    table_class = tables.PersonTable

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("desk")

    def get_extra_context(self, request):
        if not permissions.may_read_personal_data(request.user):
            return {}
        return {"extra_exports": [(_("Export vCard"), reverse("contacts:person_vcards"))]}


class PersonDetailView(ObjectDetailView):
    model = Person

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("desk")
            .prefetch_related("languages", "tags")
        )

    def get_extra_context(self, request, instance):
        return {
            "positions": instance.positions.select_related("company", "partner").order_by(
                "ended_on", "-started_on"
            ),
        }


class PersonEditView(ObjectEditView):
    model = Person
    form_class = forms.PersonForm


class PersonDeleteView(ObjectDeleteView):
    model = Person


class PositionEditView(ObjectEditView):
    model = Position
    form_class = forms.PositionForm


class PositionDeleteView(ObjectDeleteView):
    model = Position
    parent_field = "person"


def vcard_disposition(filename):
    return content_disposition_header(as_attachment=True, filename=f"{filename}.vcf")


@login_required
def person_vcard(request, pk):
    """One person's card, for an address book."""
    people = vcards.with_card_data(Person.objects.visible_to(request.user), request.user)
    person = get_object_or_404(people, pk=pk)
    response = HttpResponse(vcards.vcard(person), content_type=vcards.CONTENT_TYPE)
    response["Content-Disposition"] = vcard_disposition(slugify(person.full_name) or "person")
    return response


@login_required
def person_vcards(request):
    """The people the list shows with the same filters, as one .vcf file.

    Exporting people is handing on personal data: whoever may not read it gets a 403.
    """
    if not permissions.may_read_personal_data(request.user):
        raise PermissionDenied(_("You may not export personal data."))
    filterset = filtersets.PersonFilterSet(
        request.GET, queryset=Person.objects.visible_to(request.user), request=request
    )
    people = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    people = vcards.with_card_data(people, request.user).iterator(chunk_size=EXPORT_CHUNK_SIZE)
    response = StreamingHttpResponse(vcards.vcards(people), content_type=vcards.CONTENT_TYPE)
    response["Content-Disposition"] = vcard_disposition("people")
    return response


@extend_page(Company, "detail")
def company_people(request, company):
    """A company's page lists the people who work or worked there, for those who may read
    people."""
    if not permissions.may_read_personal_data(request.user):
        return {}
    positions = (
        Position.objects.visible_to(request.user)
        .filter(company=company)
        .select_related("person")
        .order_by("ended_on", "person__family_name")
    )
    return {"positions": positions}


@extend_page(PartnerOrganisation, "detail")
def partner_people(request, partner):
    """A partner's page lists its people, for those who may read people."""
    if not permissions.may_read_personal_data(request.user):
        return {}
    positions = Position.objects.visible_to(request.user).filter(partner=partner)
    return {"positions": positions.select_related("person")}
