"""A small world whose KPIs are known by hand, with the edge cases of docs/kpis.md.

Everything happens around the year 2025 (the period the tests measure) and 2024 (the
period before), at moments chosen so that summer time never shifts a day count.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from pocketworld.core.models import FocusArea, Sector
from pocketworld.core.tests.factories import (
    CompanyFactory,
    InteractionFactory,
    ProjectFactory,
    SiteFactory,
)
from pocketworld.projects.choices import LossReason, Stage
from pocketworld.projects.services import create_project, move_stage

BERLIN = ZoneInfo("Europe/Berlin")
DUSSELDORF, NEUSS = "051110000", "051620024"


def moment(year, month, day, hour=9, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def walk(owner, steps, **fields):
    """A project created at the first moment of `steps`, then moved through the rest:
    `(stage, moment, {fields the stage needs})`."""
    created, *moves = steps
    project = create_project(ProjectFactory.build(owner=owner, **fields), owner, when=created)
    for stage, when, values in moves:
        project = move_stage(project, stage, owner, when=when, **values)
    return project


def company(legal_name, country, status, sectors=(), focus_areas=(), sites=()):
    record = CompanyFactory(legal_name=legal_name, country_id=country, status=status)
    record.sectors.set(Sector.objects.filter(code__in=sectors))
    record.focus_areas.set(FocusArea.objects.filter(slug__in=focus_areas))
    for municipality in sites:
        SiteFactory(company=record, municipality_id=municipality)
    return record


def aftercare_visit(record, day):
    return InteractionFactory(
        kind="aftercare_visit",
        company=record,
        occurred_on=day,
        company_plan="stay",
        satisfaction=4,
    )


def build_world(japan_desk, india_desk, owner):
    """Companies from Japan, India, Korea (no desk covers it) and Germany; projects and
    interactions on and just outside the edges of 2025."""
    toshiba = company(
        "Toshiba Europe GmbH",
        "JP",
        "settled",
        sectors=["26", "27"],  # two divisions of section C: counted once under C
        focus_areas=["greentech"],
        sites=[DUSSELDORF, DUSSELDORF, NEUSS],  # twice in Düsseldorf: counted once there
    )
    asahi = company(
        "Asahi Kasei Europe GmbH", "JP", "expanding", sectors=["20"], sites=[DUSSELDORF]
    )
    tata = company(
        "Tata Consultancy Services GmbH",
        "IN",
        "at_risk",
        sectors=["62"],
        focus_areas=["greentech", "digitalisation"],
        sites=[NEUSS],
    )
    samsung = company(
        "Samsung Electronics GmbH", "KR", "settled", sectors=["C"], focus_areas=["robotics"]
    )
    german = company("Rheinmetall Digital GmbH", "DE", "settled", sites=[DUSSELDORF])
    # Left the region: in no count of companies here, though it had a site and a visit.
    mahindra = company("Mahindra Europe GmbH", "IN", "left", sectors=["29"], sites=[DUSSELDORF])
    mahindra.sites.update(closed_on=datetime.date(2025, 3, 1))
    prospect = company("Nidec Prospect KK", "JP", "prospect")

    won_2025 = walk(
        owner,
        [
            moment(2024, 11, 5),
            (Stage.QUALIFIED, moment(2024, 12, 1), {}),
            (Stage.SITE_SEARCH, moment(2025, 1, 15), {}),
            (Stage.DECISION, moment(2025, 3, 1), {}),
            (
                Stage.WON,
                moment(2025, 6, 30, 12),
                {"realised_jobs": 40, "realised_investment": Decimal("2500000")},
            ),
        ],
        company=toshiba,
        kind="new_settlement",
        expected_jobs=50,
        expected_investment=Decimal("3000000"),
    )
    # Won in the last half hour of 2025, on hold since 2026: won in 2025, not in 2026.
    won_then_on_hold = walk(
        owner,
        [
            moment(2025, 1, 10),
            (Stage.DECISION, moment(2025, 2, 1), {}),
            (
                Stage.WON,
                moment(2025, 12, 31, 23, 30),
                {"realised_jobs": 80, "realised_investment": Decimal("1000000.40")},
            ),
            (Stage.ON_HOLD, moment(2026, 1, 15), {}),
        ],
        company=asahi,
        kind="retention",
        expected_jobs=100,
    )
    won_2024 = walk(
        owner,
        [
            moment(2024, 1, 10),
            (Stage.DECISION, moment(2024, 3, 1), {}),
            (
                Stage.WON,
                moment(2024, 5, 2, 12),
                {"realised_jobs": 12, "realised_investment": Decimal("500000")},
            ),
        ],
        company=toshiba,
        kind="expansion",
        expected_jobs=10,
    )
    lost = walk(
        owner,
        [
            moment(2025, 3, 3),
            (Stage.QUALIFIED, moment(2025, 4, 1), {}),
            (Stage.LOST, moment(2025, 5, 5), {"loss_reason": LossReason.COSTS}),
        ],
        company=tata,
        desk=india_desk,
        kind="relocation_into",
    )
    # Straight from lead to site search: a site visit, never 'qualified'.
    skipped = walk(
        owner,
        [moment(2025, 2, 2), (Stage.SITE_SEARCH, moment(2025, 2, 20), {})],
        company=None,
        prospect_name="Denso prospect",
        desk=japan_desk,
    )
    # Opened in the last minute of 2024, qualified in the first of 2025.
    at_new_year = walk(
        owner,
        [moment(2024, 12, 31, 23, 59), (Stage.QUALIFIED, moment(2025, 1, 1, 0, 0), {})],
        company=prospect,
        desk=japan_desk,
    )
    still_lead = walk(owner, [moment(2025, 6, 1)], company=asahi)

    visits = SimpleNamespace(
        first_day=aftercare_visit(toshiba, datetime.date(2025, 1, 1)),
        last_day=aftercare_visit(tata, datetime.date(2025, 12, 31)),
        day_before=aftercare_visit(asahi, datetime.date(2024, 12, 31)),
        day_after=aftercare_visit(asahi, datetime.date(2026, 1, 1)),
        company_that_left=aftercare_visit(mahindra, datetime.date(2025, 6, 1)),
    )
    delegations = [
        InteractionFactory(kind="delegation_visit", company=record, occurred_on=day)
        for record, day in ((tata, datetime.date(2025, 7, 3)), (toshiba, datetime.date(2024, 5, 5)))
    ]
    InteractionFactory(kind="meeting", company=toshiba, occurred_on=datetime.date(2025, 3, 3))
    return SimpleNamespace(
        toshiba=toshiba,
        asahi=asahi,
        tata=tata,
        samsung=samsung,
        german=german,
        mahindra=mahindra,
        prospect=prospect,
        won_2025=won_2025,
        won_then_on_hold=won_then_on_hold,
        won_2024=won_2024,
        lost=lost,
        skipped=skipped,
        at_new_year=at_new_year,
        still_lead=still_lead,
        visits=visits,
        delegations=delegations,
    )
