"""`one_of` finds what `in` finds, and on PostgreSQL sends its values as one parameter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pocketworld.companies.models import Company, Site
from pocketworld.core.models import Country
from pocketworld.core.tests.factories import CompanyFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def companies():
    korea = Country.objects.get(code="KR")
    return [CompanyFactory(), CompanyFactory(country=korea), CompanyFactory()]


def keys(queryset):
    return sorted(queryset.values_list("pk", flat=True))


class TestOneOf:
    def test_keys_as_in_finds_them(self, companies):
        wanted = [companies[2].pk, companies[0].pk, companies[2].pk, None]
        assert keys(Company.objects.filter(pk__one_of=wanted)) == sorted(
            [companies[0].pk, companies[2].pk]
        )

    def test_a_relation_and_a_text_field(self, companies):
        site = SiteFactory(company=companies[1])
        SiteFactory(company=companies[0])
        assert keys(Site.objects.filter(company__one_of=[companies[1].pk])) == [site.pk]
        assert keys(Company.objects.filter(country__one_of=["KR", "XX"])) == [companies[1].pk]

    def test_nothing_finds_nothing_without_a_query(self, companies):
        with CaptureQueriesContext(connection) as context:
            assert not Company.objects.filter(pk__one_of=[]).exists()
            assert not Company.objects.filter(pk__one_of=[None]).exists()
        assert len(context) == 0

    def test_a_subquery_is_one_as_in(self, companies):
        korean = Company.objects.filter(country="KR").values("pk")
        assert keys(Company.objects.filter(pk__one_of=korean)) == [companies[1].pk]

    def test_excluded_as_in(self, companies):
        assert keys(Company.objects.exclude(pk__one_of=[companies[0].pk])) == sorted(
            [companies[1].pk, companies[2].pk]
        )

    def test_five_hundred_values_are_one_parameter_on_postgresql(self, companies):
        wanted = [companies[0].pk, *range(10**6, 10**6 + 499)]
        queryset = Company.objects.filter(pk__one_of=wanted)
        sql, params = queryset.query.sql_with_params()
        assert keys(queryset) == [companies[0].pk]
        if connection.vendor == "postgresql":
            assert "= ANY(" in sql
            assert len(params) == 1
        else:
            assert len(params) == 500
