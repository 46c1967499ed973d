"""Every field a user can see on a list can also be filtered, in the UI and the API."""

import pytest
from django.db import models

from pocketworld.companies.filtersets import (
    CompanyFilterSet,
    CompanyNameFilterSet,
    PartnerLinkFilterSet,
    PartnerOrganisationFilterSet,
    SiteFilterSet,
)
from pocketworld.contacts.filtersets import PersonFilterSet, PositionFilterSet
from pocketworld.desks.filtersets import DeskFilterSet

FILTERSETS = [
    CompanyFilterSet,
    CompanyNameFilterSet,
    SiteFilterSet,
    PartnerOrganisationFilterSet,
    PartnerLinkFilterSet,
    PersonFilterSet,
    PositionFilterSet,
    DeskFilterSet,
]

# Free text is searched with `q`, not filtered; timestamps are for sorting.
NOT_FILTERED = (models.TextField, models.AutoField, models.BigAutoField)
NOT_FILTERED_NAMES = {"created", "last_updated", "password"}


@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda f: f.__name__)
def test_missing_filters(filterset):
    model = filterset._meta.model
    filtered = {f.field_name.split("__")[0] for f in filterset.base_filters.values()}
    searched = {name.split("__")[0] for name in filterset.search_fields}
    missing = [
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and not isinstance(field, NOT_FILTERED)
        and field.name not in NOT_FILTERED_NAMES
        and field.name not in filtered | searched
    ]
    assert not missing, f"{filterset.__name__} has no filter for {missing}"


@pytest.mark.django_db
def test_new_filters_select_the_right_records(japan_desk):
    import datetime

    from pocketworld.companies.models import Site
    from pocketworld.contacts.models import Person
    from pocketworld.core.tests.factories import PersonFactory, SiteFactory

    konigsallee = SiteFactory(postcode="40212", employees=300)
    SiteFactory(postcode="41460", employees=20)
    sites = SiteFilterSet({"postcode": "402", "employees_min": "100"}, queryset=Site.objects.all())
    assert list(sites.qs) == [konigsallee]

    old = PersonFactory(legal_basis="consent", consent_given_on=datetime.date(2019, 5, 1))
    PersonFactory(legal_basis="consent", consent_given_on=datetime.date(2025, 5, 1))
    people = PersonFilterSet({"consent_before": "2020-01-01"}, queryset=Person.objects.all())
    assert list(people.qs) == [old]
