import django_filters
from django.forms import CheckboxSelectMultiple, HiddenInput
from django.utils.translation import gettext_lazy as _

from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person, Position
from pocketworld.core.filtersets import DATE, BaseFilterSet, TagFilter
from pocketworld.core.models import Country, Language
from pocketworld.core.scripts import Script
from pocketworld.desks.models import Desk
from pocketworld.search.filters import IndexSearchFilter


class PersonFilterSet(BaseFilterSet):
    q = IndexSearchFilter({"person": "pk"})
    search_fields = (
        "given_name",
        "family_name",
        "native_name",
        "salutation",
        "email",
        "phone",
        "mobile",
        "legal_basis_note",
        "positions__company__legal_name",
    )
    desk = django_filters.ModelMultipleChoiceFilter(
        queryset=Desk.objects.all(), label=_("Desk"), widget=CheckboxSelectMultiple
    )
    company = django_filters.NumberFilter(
        field_name="positions__company", label=_("Company (id)"), widget=HiddenInput, distinct=True
    )
    country = django_filters.ModelMultipleChoiceFilter(
        field_name="positions__company__country",
        queryset=Country.objects.all(),
        label=_("Country of the company"),
        distinct=True,
    )
    language = django_filters.ModelMultipleChoiceFilter(
        field_name="languages", queryset=Language.objects.all(), label=_("Languages"), distinct=True
    )
    legal_basis = django_filters.MultipleChoiceFilter(
        choices=LegalBasis.choices, label=_("Legal basis"), widget=CheckboxSelectMultiple
    )
    native_script = django_filters.MultipleChoiceFilter(
        choices=Script.choices, label=_("Native script")
    )
    consent_before = django_filters.DateFilter(
        field_name="consent_given_on",
        lookup_expr="lt",
        label=_("Consent given before"),
        widget=DATE,
    )
    contract_ends_before = django_filters.DateFilter(
        field_name="contract_ends_on",
        lookup_expr="lt",
        label=_("Contract ends before"),
        widget=DATE,
    )
    tag = TagFilter()

    class Meta:
        model = Person
        fields = ["q", "desk", "company", "country", "language", "legal_basis", "tag"]


class PositionFilterSet(BaseFilterSet):
    search_fields = ("job_title",)
    person = django_filters.NumberFilter(label=_("Person (id)"), widget=HiddenInput)
    company = django_filters.NumberFilter(label=_("Company (id)"), widget=HiddenInput)
    partner = django_filters.NumberFilter(label=_("Partner (id)"), widget=HiddenInput)
    current = django_filters.BooleanFilter(
        field_name="ended_on", lookup_expr="isnull", label=_("Current")
    )
    started_after = django_filters.DateFilter(
        field_name="started_on", lookup_expr="gte", label=_("Started on or after")
    )
    tag = TagFilter()

    class Meta:
        model = Position
        fields = ["q", "person", "company", "partner", "current"]
