"""The rules of programmes, cohorts and goals, in the model and the database alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pocketworld.core.tests.factories import CohortFactory, ProgrammeFactory
from pocketworld.programmes.models import Cohort, Goal, Programme

pytestmark = pytest.mark.django_db

DAY = datetime.date


def test_a_programme_may_run_on_without_a_last_day():
    programme = ProgrammeFactory(starts_on=DAY(2024, 4, 1), ends_on=None)
    programme.full_clean()


def test_a_programme_ends_after_it_starts():
    programme = ProgrammeFactory.build(starts_on=DAY(2026, 4, 1), ends_on=DAY(2026, 3, 31))
    with pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert error.value.message_dict["ends_on"] == ["The last day is before the first."]
    with pytest.raises(IntegrityError), transaction.atomic():
        programme.save()
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field", "message"),
    [
        (DAY(2025, 12, 1), DAY(2026, 2, 1), "starts_on", "The programme starts later."),
        (DAY(2026, 11, 1), DAY(2027, 2, 1), "ends_on", "The programme ends earlier."),
        (DAY(2027, 1, 4), None, "starts_on", "The programme ends earlier."),
        (DAY(2026, 5, 1), DAY(2026, 4, 1), "ends_on", "The last day is before the first."),
    ],
)
def test_a_cohort_lies_within_its_programme(starts_on, ends_on, field, message):
    programme = ProgrammeFactory(starts_on=DAY(2026, 1, 1), ends_on=DAY(2026, 12, 31))
    cohort = Cohort(programme=programme, name="Cohort", starts_on=starts_on, ends_on=ends_on)
    with pytest.raises(ValidationError) as error:
        cohort.full_clean()
    assert error.value.message_dict[field] == [message]


def test_a_cohort_within_its_programme_is_valid():
    programme = ProgrammeFactory(starts_on=DAY(2026, 1, 1), ends_on=None)
    Cohort(programme=programme, name="Spring", starts_on=DAY(2026, 4, 1)).full_clean()
    Cohort(
        programme=programme, name="Autumn", starts_on=DAY(2026, 1, 1), ends_on=DAY(2026, 12, 1)
    ).full_clean()


def test_cohort_names_and_goal_measures_are_unique_within_a_programme():
    cohort = CohortFactory(name="Spring")
    duplicate = Cohort(programme=cohort.programme, name="Spring", starts_on=cohort.starts_on)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.messages == ["The programme has a cohort of this name."]
    CohortFactory(name="Spring")  # in another programme
    Goal.objects.create(programme=cohort.programme, measure="settled", target=2)
    with pytest.raises(ValidationError) as error:
        Goal(programme=cohort.programme, measure="settled", target=3).full_clean()
    assert error.value.messages == ["The programme has a goal for this measure."]


def test_a_goal_is_a_whole_number_up_to_a_million():
    programme = ProgrammeFactory()
    Goal(programme=programme, measure="jobs", target=1_000_000).full_clean()
    with pytest.raises(ValidationError) as error:
        Goal(programme=programme, measure="jobs", target=1_000_001).full_clean()
    assert "target" in error.value.message_dict


def test_deleting_a_programme_deletes_its_cohorts_and_goals():
    cohort = CohortFactory()
    Goal.objects.create(programme=cohort.programme, measure="jobs", target=5)
    cohort.programme.delete()
    assert not Cohort.objects.exists() and not Goal.objects.exists()
