import datetime

import pytest

from pocketworld.core.tests.factories import CohortFactory, ProgrammeFactory
from pocketworld.core.tests.test_filtersets import test_missing_filters as check_filters
from pocketworld.programmes.filtersets import CohortFilterSet, GoalFilterSet, ProgrammeFilterSet
from pocketworld.programmes.models import Cohort, Programme


@pytest.mark.parametrize(
    "filterset", [ProgrammeFilterSet, CohortFilterSet, GoalFilterSet], ids=lambda f: f.__name__
)
def test_every_field_has_a_filter(filterset):
    check_filters(filterset)


@pytest.mark.django_db
def test_programmes_running_in_a_period_include_those_without_an_end(japan_desk, india_desk):
    ended = ProgrammeFactory(
        starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2024, 12, 31)
    )
    running = ProgrammeFactory(
        starts_on=datetime.date(2024, 6, 1), ends_on=None, desks=[japan_desk]
    )
    later = ProgrammeFactory(starts_on=datetime.date(2027, 1, 1), desks=[india_desk])
    found = ProgrammeFilterSet(
        {"runs_from": "2025-01-01", "runs_until": "2026-12-31"}, queryset=Programme.objects.all()
    ).qs
    assert list(found) == [running]
    assert {ended, later}.isdisjoint(found)
    by_desk = ProgrammeFilterSet({"desk": [india_desk.pk]}, queryset=Programme.objects.all()).qs
    assert list(by_desk) == [later]


@pytest.mark.django_db
def test_cohorts_by_programme_and_first_day():
    spring = CohortFactory(starts_on=datetime.date(2026, 3, 1))
    CohortFactory(programme=spring.programme, starts_on=datetime.date(2026, 9, 1))
    CohortFactory()
    found = CohortFilterSet(
        {"programme": spring.programme.pk, "starts_on_before": "2026-06-30"},
        queryset=Cohort.objects.all(),
    ).qs
    assert list(found) == [spring]
