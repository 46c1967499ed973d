"""A small world whose KPIs are known by hand, with the edge cases of docs/kpis.md.

Everything happens around the year 2025 (the period the tests measure) and 2024 (the
period before), at moments chosen so that summer time never shifts a day count.
"""

import datetime
import itertools
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from pocketworld.core.models import FocusArea, Sector
from pocketworld.core.tests.factories import (
    CompanyFactory,
    EventFactory,
    InteractionFactory,
    ParticipantFactory,
    ProjectFactory,
    SiteFactory,
)
from pocketworld.events.choices import MeetingStatus, SuggestionStatus
from pocketworld.events.models import MatchSuggestion, Meeting
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


def event(title, kind, first_day, last_day, desks, meetings=(), companies=()):
    """An event of `desks` from `first_day` to `last_day`, with `companies` taking part and
    one meeting of each status in `meetings`, each between another pair of them."""
    record = EventFactory(
        title=title, kind=kind, starts_on=first_day, ends_on=last_day, desks=desks
    )
    participants = [ParticipantFactory(event=record, company=company) for company in companies]
    pairs = itertools.combinations(participants, 2)  # the one with the lower id first
    for slot, (status, (first, second)) in enumerate(zip(meetings, pairs, strict=False), 1):
        suggestion = MatchSuggestion.objects.create(
            event=record, first=first, second=second, status=SuggestionStatus.APPROVED
        )
        Meeting.objects.create(
            event=record, suggestion=suggestion, slot=slot, table=1, status=status
        )
    return record


def build_events(japan_desk, india_desk, companies):
    """Events of 2024 and 2025 (one over the turn of the year, one of both desks) and one of
    2026, with matchmaking meetings held, cancelled and planned.

    2025: 6 events (2 trade fairs, a conference, an incoming and an outgoing delegation, a
    matchmaking day), 1 delegation received, 3 meetings held; the Japan desk 3 events and 3
    meetings, the India desk 4 events, 1 delegation and 1 meeting. 2024: 3 events (the
    outgoing delegation again), 1 delegation received, 1 meeting held, all but the
    delegation trip the Japan desk's.
    """
    day = datetime.date
    held, cancelled, planned = MeetingStatus.HELD, MeetingStatus.CANCELLED, MeetingStatus.PLANNED
    both = [japan_desk, india_desk]
    return SimpleNamespace(
        trade_fair=event(
            "Hannover Messe", "trade_fair", day(2025, 3, 31), day(2025, 4, 4), [japan_desk]
        ),
        matchmaking_day=event(
            "Japan Day matchmaking",
            "matchmaking_day",
            day(2025, 10, 16),
            day(2025, 10, 16),
            [japan_desk],
            meetings=[held, held, cancelled, planned],
            companies=companies,
        ),
        delegation=event(
            "Delegation from Karnataka",
            "incoming_delegation",
            day(2025, 7, 1),
            day(2025, 7, 4),
            [india_desk],
        ),
        # Of both desks: once on all desks, and once for each desk.
        conference=event(
            "Asia Business Forum",
            "conference",
            day(2025, 6, 12),
            day(2025, 6, 13),
            both,
            meetings=[held],
            companies=companies,
        ),
        # Over the turn of the year: held in 2024 and in 2025.
        trip=event(
            "Trip to Bengaluru",
            "outgoing_delegation",
            day(2024, 12, 28),
            day(2025, 1, 3),
            [india_desk],
        ),
        expo=event("Global Expo", "trade_fair", day(2025, 9, 9), day(2025, 9, 11), [india_desk]),
        delegation_2024=event(
            "Delegation from Osaka",
            "incoming_delegation",
            day(2024, 5, 5),
            day(2024, 5, 7),
            [japan_desk],
        ),
        matchmaking_2024=event(
            "Matchmaking 2024",
            "matchmaking_day",
            day(2024, 10, 10),
            day(2024, 10, 10),
            [japan_desk],
            meetings=[held, cancelled],
            companies=companies,
        ),
        fair_2026=event(
            "Hannover Messe 2026",
            "trade_fair",
            day(2026, 4, 20),
            day(2026, 4, 24),
            [japan_desk],
            meetings=[held],
            companies=companies,
        ),
    )


def build_world(japan_desk, india_desk, owner):
    """Companies from Japan, India, Korea (no desk covers it) and Germany; projects,
    interactions and events on and just outside the edges of 2025."""
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
        source="event",  # opened in 2024, won in 2025
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
        source="event",
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
    still_lead = walk(owner, [moment(2025, 6, 1)], company=asahi, source="event")

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
    events = build_events(japan_desk, india_desk, [toshiba, asahi, tata, german])
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
        events=events,
    )
