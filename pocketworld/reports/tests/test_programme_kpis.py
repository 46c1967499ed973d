"""The figures of programmes (docs/kpis.md, "Programmes"): start-ups and skilled workers,
known answers for 2025 against 2024, one desk, partner viewers, and the list behind each
figure."""

import datetime
from decimal import Decimal

import pytest

from pocketworld.core.tests.factories import (
    CandidateFactory,
    CohortFactory,
    MembershipFactory,
    OpenPositionFactory,
    PersonFactory,
    ProgrammeFactory,
)
from pocketworld.programmes.models import Milestone
from pocketworld.programmes.services import move_candidate, move_membership
from pocketworld.reports import kpis
from pocketworld.reports.kpis import Period
from pocketworld.reports.tests.test_kpis import PROGRAMME_FIGURES as NAMES
from pocketworld.reports.tests.test_kpis import drill_downs, figures, listed

pytestmark = pytest.mark.django_db

YEAR = Period.year(2025)
day = datetime.date


def startup(cohort, applied_on, *way, jobs=None, user=None):
    membership = MembershipFactory(cohort=cohort, applied_on=applied_on)
    for stage, on in way:
        values = {}
        if stage == "in_programme":
            membership.mentors.add(PersonFactory())
        if stage == "settled":
            Milestone.objects.create(
                membership=membership, kind="registered_company", reached_on=on
            )
            values = {"realised_jobs": jobs, "realised_investment": Decimal(100000)}
        if stage == "dropped":
            values = {"drop_reason": "withdrew"}
        membership = move_membership(membership, stage, user, on=on, **values)
    return membership


def candidate(cohort, nominated_on, *way, recognition="full", employed=None):
    position = OpenPositionFactory(starts_on=day(2024, 1, 1), places=5)
    record = CandidateFactory(cohort=cohort, nominated_on=nominated_on)
    needs = {
        "language": {"german_level": "B2", "german_certified_on": nominated_on},
        "recognition": {"recognition": recognition, "recognition_authority": "IHK FOSA"},
        "matched": {"position": position},
    }
    for stage, on in way:
        values = needs.get(stage, {})
        if stage == "placed":
            values = {"starts_on": on}
        record = move_candidate(record, stage, None, on=on, **values)
    if employed is not None:
        placement = record.placement
        placement.employed_after_12_months = employed
        placement.full_clean()
        placement.save()
    return record


def path(*stages_and_days):
    return list(zip(stages_and_days[::2], stages_and_days[1::2], strict=True))


@pytest.fixture
def world(japan_desk, india_desk, japan_officer):
    """A Japan desk acceleration programme and an India desk skilled-worker programme.

    Start-ups: one applied in 2024 and went on to settle in 2025 with 5 jobs; one applied
    and was selected in 2025, then dropped out; one applied in 2025 only. Candidates: one
    nominated in 2024, placed in 2024 and still employed 12 months later (in 2025); one
    nominated in 2025, partly recognised and placed in 2025; one whose recognition, applied
    for in 2025, is no recognition yet.
    """
    acceleration = ProgrammeFactory(starts_on=day(2024, 1, 1), desks=[japan_desk])
    festival = CohortFactory(programme=acceleration, starts_on=day(2025, 1, 6))
    workers = ProgrammeFactory(
        kind="skilled_workers", starts_on=day(2023, 1, 1), desks=[india_desk]
    )
    nursing = CohortFactory(programme=workers, starts_on=day(2023, 9, 1))
    startup(
        festival, day(2024, 11, 4),
        *path("selected", day(2025, 1, 2), "onboarding", day(2025, 1, 3),
              "in_programme", day(2025, 1, 6), "completed", day(2025, 6, 27),
              "settled", day(2025, 9, 1)),
        jobs=5, user=japan_officer,
    )  # fmt: skip
    startup(
        festival, day(2025, 2, 3),
        *path("selected", day(2025, 2, 10), "dropped", day(2025, 3, 1)),
    )  # fmt: skip
    startup(festival, day(2025, 12, 31))
    steps = ("language", "recognition", "matched", "visa", "arrived", "placed")
    candidate(
        nursing, day(2024, 1, 8),
        *path(*[x for pair in zip(steps, [day(2024, 2, m) for m in range(1, 7)], strict=True)
                for x in pair]),
        employed=True,
    )  # fmt: skip
    candidate(
        nursing, day(2025, 1, 13),
        *path(*[x for pair in zip(steps, [day(2025, 5, m) for m in range(1, 7)], strict=True)
                for x in pair]),
        recognition="partial",
    )  # fmt: skip
    candidate(
        nursing, day(2025, 2, 3),
        *path("language", day(2025, 4, 1), "recognition", day(2025, 4, 2)),
        recognition="applied",
    )  # fmt: skip


def test_the_figures_of_programmes_in_2025_and_2024(world, director):
    values = figures(kpis.compute(YEAR, director))
    assert {name: values[name] for name in NAMES} == {
        "startup_applications": (2, 1),
        "startups_selected": (2, 0),
        "startups_completed": (1, 0),
        "startups_settled": (1, 0),
        "startup_jobs": (5, 0),
        "candidates_nominated": (2, 1),
        # the one applied for is no recognition
        "candidates_recognised": (1, 1),
        "candidates_placed": (1, 1),
        # placed in February 2024: 12 months up in February 2025
        "candidates_still_employed": (1, 0),
    }


def test_one_desk_counts_its_own_programmes(world, director, japan_desk, india_desk):
    japan = figures(kpis.compute(YEAR, director, desk=japan_desk))
    india = figures(kpis.compute(YEAR, director, desk=india_desk))
    assert japan["startup_applications"] == (2, 1) and japan["candidates_nominated"] == (0, 0)
    assert india["startup_applications"] == (0, 0) and india["candidates_placed"] == (1, 1)


def test_another_desk_counts_no_candidates_it_may_not_see(world, japan_officer):
    values = figures(kpis.compute(YEAR, japan_officer))
    assert values["startup_applications"] == (2, 1)  # start-ups: every desk's staff
    assert values["candidates_nominated"] == (0, 0)  # candidates: their desks alone


def test_partner_viewers_get_no_figures_of_programmes(world, partner_viewer):
    assert not set(NAMES) & set(kpis.compute(YEAR, partner_viewer).figures)


def test_each_list_shows_the_records_behind_its_figure(world, client, director):
    client.force_login(director)
    report = kpis.compute(YEAR, director)
    checked = set()
    for name, breakdown, url, value, unit in drill_downs(report):
        if name not in NAMES:
            continue
        records = kpis.records(name, YEAR, director, **breakdown)
        assert listed(client, url) == records.count(), (name, url)
        if unit == kpis.Unit.COUNT:
            assert records.count() == value, name
        checked.add(name)
    assert checked == set(NAMES)
