"""The demo world's programmes: JETRO's global acceleration hub in Düsseldorf, whose cohort
of seven start-ups came to the Future Tech Fest 2025, and the skilled-worker partnership of
the Bengaluru Technical Training College with the Heinrich Hertz Vocational College, with a
nursing and a technical cohort.

Matched on natural keys, as in `writing`: programmes on their name, cohorts on (programme,
name), goals on (programme, measure), start-ups on (cohort, company). A start-up new to the
demo is enrolled and moved through the services, on the days of its way; one found is left
as it is, since the team may have moved it since. The texts are data, not translated.
"""

from dataclasses import dataclass
from datetime import date

from pocketworld.companies.choices import SiteKind
from pocketworld.companies.models import Company
from pocketworld.contacts.models import Person
from pocketworld.core.models import Occupation
from pocketworld.demo.events import H2_RHEINLAND, MATCHMAKING, MEDVIA, RHEINBOTS, RHEINSTROM
from pocketworld.demo.named import BANGALORE_COLLEGE, HEINRICH_HERTZ, IGCC, IHK, JETRO
from pocketworld.demo.specs import CompanySpec, SiteSpec
from pocketworld.events.choices import StartupStage
from pocketworld.events.models import Event
from pocketworld.programmes.choices import (
    CandidateStage,
    FundingRound,
    GoalMeasure,
    MembershipStage,
    MilestoneKind,
    ProgrammeKind,
)
from pocketworld.programmes.models import (
    Candidate,
    Cohort,
    College,
    Course,
    Goal,
    Membership,
    Milestone,
    OpenPosition,
    Programme,
)
from pocketworld.programmes.services import enrol, move_candidate, move_membership, nominate
from pocketworld.projects.models import Project

ACCELERATION = "JETRO Global Acceleration Hub Düsseldorf"
SKILLED_WORKERS = "Skilled workers from Bengaluru"
FESTIVAL_COHORT = "Future Tech Fest 2025"
NURSING_COHORT = "Nursing 2025/26"
TECHNICAL_COHORT = "Technical trades 2026"


def build_programmes(writer, partners):
    """Write the two programmes with their cohorts, goals and the festival cohort's
    start-ups; `partners` are the writer's partner organisations by name."""
    programmes = writer.sync(
        "programmes",
        Programme,
        ("name",),
        [
            (
                {
                    "kind": ProgrammeKind.STARTUP_ACCELERATION,
                    "name": ACCELERATION,
                    "starts_on": date(2024, 4, 1),
                    "ends_on": None,
                    "budget": 180_000,
                    "retention_months": None,
                    "description": "Düsseldorf is one of JETRO's global acceleration hubs: "
                    "cohorts of Japanese start-ups spend some weeks in the region, meet its "
                    "companies and are helped to settle here.",
                },
                True,
            ),
            (
                {
                    "kind": ProgrammeKind.SKILLED_WORKERS,
                    "name": SKILLED_WORKERS,
                    "starts_on": date(2025, 1, 1),
                    "ends_on": date(2027, 12, 31),
                    "budget": 95_000,
                    "retention_months": 24,
                    "description": "Trainees and skilled workers in nursing and the technical "
                    "trades from the Bengaluru Technical Training College, prepared with the "
                    "Heinrich Hertz Vocational College for employers in the region.",
                },
                True,
            ),
        ],
    )
    ids = {name: programme.pk for (name,), programme in programmes.items()}
    desks = writer.desk_ids
    writer.sync_many(
        Programme,
        "desks",
        {
            ids[ACCELERATION]: [desks["japan"]],
            ids[SKILLED_WORKERS]: [desks["india"], desks["international-specialists"]],
        },
    )
    writer.sync_many(
        Programme,
        "partners",
        {
            ids[ACCELERATION]: [partners[JETRO].pk],
            ids[SKILLED_WORKERS]: [
                partners[name].pk for name in (BANGALORE_COLLEGE, HEINRICH_HERTZ, IGCC, IHK)
            ],
        },
    )
    focus_areas = writer.focus_areas
    writer.sync_many(
        Programme,
        "focus_areas",
        {
            ids[ACCELERATION]: [
                focus_areas[slug]
                for slug in ("digitalisation", "greentech", "robotics")
                if slug in focus_areas
            ],
            ids[SKILLED_WORKERS]: [],
        },
    )
    cohort = {"places": None, "notes": "", "event_id": None}
    cohorts = writer.sync(
        "cohorts",
        Cohort,
        ("programme_id", "name"),
        [
            (
                cohort
                | {
                    "programme_id": ids[ACCELERATION],
                    "name": FESTIVAL_COHORT,
                    "starts_on": date(2025, 10, 6),
                    "ends_on": date(2025, 11, 28),
                    "places": 7,
                    "notes": "Pitches and the matchmaking day at the Future Tech Fest.",
                    "event_id": Event.objects.filter(title=MATCHMAKING)
                    .values_list("pk", flat=True)
                    .first(),
                },
                True,
            ),
            (
                cohort
                | {
                    "programme_id": ids[SKILLED_WORKERS],
                    "name": NURSING_COHORT,
                    "starts_on": date(2025, 9, 1),
                    "ends_on": date(2026, 8, 31),
                    "places": 12,
                },
                True,
            ),
            (
                cohort
                | {
                    "programme_id": ids[SKILLED_WORKERS],
                    "name": TECHNICAL_COHORT,
                    "starts_on": date(2026, 3, 2),
                    "ends_on": date(2027, 2, 26),
                    "places": 10,
                },
                True,
            ),
        ],
    )
    goals = {
        ACCELERATION: {
            GoalMeasure.APPLICATIONS: 40,
            GoalMeasure.SELECTED: 7,
            GoalMeasure.SETTLED: 2,
            GoalMeasure.JOBS: 10,
        },
        SKILLED_WORKERS: {
            GoalMeasure.NOMINATED: 30,
            GoalMeasure.PLACED: 20,
            GoalMeasure.STILL_EMPLOYED: 16,
        },
    }
    writer.sync(
        "programme goals",
        Goal,
        ("programme_id", "measure"),
        [
            ({"programme_id": ids[name], "measure": measure, "target": target}, True)
            for name, targets in goals.items()
            for measure, target in targets.items()
        ],
    )
    build_startups(writer, cohorts[ids[ACCELERATION], FESTIVAL_COHORT])
    build_skilled_workers(writer, partners, programmes[(SKILLED_WORKERS,)], cohorts)
    return programmes


@dataclass(frozen=True)
class StartupSpec:
    """A start-up of the festival cohort: what it applied with, its way through the
    cohort as (stage, day, note), its milestones as (kind, due, reached, note), its
    mentors' e-mails and its corporate partners."""

    company: str
    applied_on: date
    stage: str
    founded_in: int
    funding_round: str
    team_size: int
    way: tuple
    milestones: tuple = ()
    mentors: tuple = ()
    partners: tuple = ()

    @property
    def project_title(self):
        return f"{self.company.removesuffix(' Inc.')}: soft landing in Düsseldorf"


M, K = MembershipStage, MilestoneKind
TANAKA = "hiroshi.tanaka@asahi-kasei-europe.example"
NAKAMURA = "yuki.nakamura@toshiba-europe.example"
WEBER = "markus.weber@komatsu-germany.example"
KRUEGER = "stefan.krueger@1und1-versatel.example"


def _through_the_cohort(*after):
    """Selected by the jury, onboarded, in the cohort from its first day to its last."""
    return (
        (M.SELECTED, date(2025, 9, 1), "Chosen by JETRO and the Japan Desk"),
        (M.ONBOARDING, date(2025, 9, 15), "Online onboarding: market, law, contacts"),
        (M.IN_PROGRAMME, date(2025, 10, 6), "Arrived in Düsseldorf"),
        (M.COMPLETED, date(2025, 11, 28), "Final pitch"),
        *after,
    )


STARTUPS = (
    StartupSpec(
        "MiraiCell Inc.", date(2025, 7, 14), StartupStage.SEED, 2021, FundingRound.SEED, 18,
        _through_the_cohort(
            (M.SETTLED, date(2026, 5, 4), "European desk opened in the Medienhafen"),
        ),
        (
            (K.FIRST_CUSTOMER, date(2026, 3, 31), date(2026, 2, 10), "Test cells for Rheinstrom"),
            (K.REGISTERED_COMPANY, date(2026, 4, 30), date(2026, 4, 20), "MiraiCell Europe GmbH"),
            (K.OPENED_OFFICE, date(2026, 5, 31), date(2026, 5, 4), "Co-working, Medienhafen"),
            (K.FIRST_HIRE, date(2026, 9, 1), date(2026, 8, 17), "Sales engineer"),
        ),
        (TANAKA,), (RHEINSTROM, "Asahi Kasei Europe GmbH"),
    ),
    StartupSpec(
        "Soranoe Inc.", date(2025, 7, 21), StartupStage.GROWTH, 2020, FundingRound.SERIES_A, 25,
        _through_the_cohort(
            (M.SETTLED, date(2026, 7, 6), "Office opened"),
        ),
        (
            (K.FUNDING_CLOSED, date(2026, 6, 30), date(2026, 5, 29), "Series A extension"),
            (K.REGISTERED_COMPANY, date(2026, 6, 30), date(2026, 6, 15), "Soranoe GmbH"),
            (K.OPENED_OFFICE, date(2026, 7, 31), date(2026, 7, 6), ""),
            (K.FIRST_CUSTOMER, date(2026, 12, 31), None, "Pilot with a wind-farm operator"),
        ),
        (WEBER,), ("Komatsu Germany GmbH",),
    ),
    StartupSpec(
        "Kazeami Technologies Inc.", date(2025, 7, 30), StartupStage.SEED, 2022,
        FundingRound.PRE_SEED, 12, _through_the_cohort(),
        (
            (K.FIRST_CUSTOMER, date(2026, 9, 30), date(2026, 9, 22), "Offshore-wind pilot"),
            (K.REGISTERED_COMPANY, date(2027, 3, 31), None, ""),
        ),
        (NAKAMURA,), (H2_RHEINLAND,),
    ),
    StartupSpec(
        "MediLinks Japan Inc.", date(2025, 8, 4), StartupStage.GROWTH, 2019,
        FundingRound.SERIES_A, 30, _through_the_cohort(),
        ((K.REGISTERED_COMPANY, date(2027, 1, 31), None, "After the MDR advice"),),
        (TANAKA,), (MEDVIA,),
    ),
    StartupSpec(
        "Tsunagu Robotics Inc.", date(2025, 8, 4), StartupStage.GROWTH, 2018,
        FundingRound.SERIES_B, 40, _through_the_cohort(),
        (
            (K.FIRST_CUSTOMER, date(2026, 6, 30), date(2026, 6, 8), "Cobots for Rheinbots"),
            (K.REGISTERED_COMPANY, date(2026, 11, 30), date(2026, 11, 10), "Tsunagu GmbH"),
            (K.OPENED_OFFICE, date(2027, 1, 15), None, "Workshop in Neuss"),
        ),
        (WEBER,), (RHEINBOTS, "Komatsu Germany GmbH"),
    ),
    StartupSpec(
        "Aoba Quantum Inc.", date(2025, 8, 11), StartupStage.SEED, 2022, FundingRound.SEED, 9,
        _through_the_cohort(),
        ((K.FIRST_CUSTOMER, date(2026, 3, 31), None, "Open RAN lab test"),),
        (KRUEGER,), ("1&1 Versatel GmbH", "Toshiba Europe GmbH"),
    ),
    StartupSpec(
        "HydroLoop Inc.", date(2025, 8, 15), StartupStage.SEED, 2021, FundingRound.SEED, 14,
        _through_the_cohort(),
        ((K.FUNDING_CLOSED, date(2026, 9, 30), None, "Subsidy decision in Japan"),),
        (TANAKA,), (H2_RHEINLAND,),
    ),
)  # fmt: skip


def build_startups(writer, cohort):
    """Enrol the festival cohort's start-ups new to the demo and move them on their way."""
    names = {name for spec in STARTUPS for name in (spec.company, *spec.partners)}
    companies = dict(Company.objects.filter(legal_name__in=names).values_list("legal_name", "pk"))
    emails = {email for spec in STARTUPS for email in spec.mentors}
    people = dict(Person.objects.filter(email__in=emails).values_list("email", "pk"))
    titles = [spec.project_title for spec in STARTUPS]
    projects = {project.title: project for project in Project.objects.filter(title__in=titles)}
    found = set(cohort.memberships.values_list("company_id", flat=True))
    officer = writer.users["leonhardt"]
    new = [spec for spec in STARTUPS if companies[spec.company] not in found]
    for spec in new:
        membership = enrol(
            Membership(
                cohort=cohort,
                company_id=companies[spec.company],
                applied_on=spec.applied_on,
                startup_stage=spec.stage,
                founded_in=spec.founded_in,
                funding_round=spec.funding_round,
                team_size=spec.team_size,
                project=projects.get(spec.project_title),
            ),
            officer,
            note="Application through JETRO",
        )
        membership.mentors.set([people[email] for email in spec.mentors if email in people])
        membership.corporate_partners.set([companies[name] for name in spec.partners])
        for kind, due_on, reached_on, note in spec.milestones:
            milestone = Milestone(
                membership=membership, kind=kind, due_on=due_on, reached_on=reached_on, note=note
            )
            milestone.full_clean()
            milestone.save()
        for stage, day, note in spec.way:
            membership = move_membership(membership, stage, officer, on=day, note=note)
    writer.count("start-ups in cohorts", len(STARTUPS), len(new))


# --- skilled workers from Bengaluru ---------------------------------------------------------

KLINIKUM = "Rheinland Klinikum Düsseldorf gGmbH"
SENIORENZENTRUM = "Seniorenzentrum am Rhein gGmbH"
# The region's employers of the partnership's skilled workers (invented for the demo).
EMPLOYERS = (
    CompanySpec(
        KLINIKUM, "DE", sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf"),), sectors=("86",),
        tags=("skilled workers",), website="https://rheinland-klinikum.example",
        employees_region=2400, description="Hospital with 900 beds; recruits nurses abroad.",
    ),
    CompanySpec(
        SENIORENZENTRUM, "DE", sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf"),),
        sectors=("87",), tags=("skilled workers",), website="https://seniorenzentrum.example",
        employees_region=180, description="Nursing home and day care for the elderly.",
    ),
)  # fmt: skip

# (college, course, ISCO-08 unit group, qualification, months, German taught to)
COURSES = (
    (BANGALORE_COLLEGE, "B.Sc. Nursing", "2221", "Bachelor of Science in Nursing", 48, "B1"),
    (BANGALORE_COLLEGE, "Diploma in Electrical Engineering", "7411", "Diploma", 36, "A2"),
    (BANGALORE_COLLEGE, "Mechatronics", "7412", "Diploma", 36, "A2"),
    (BANGALORE_COLLEGE, "Industrial Machinery Mechanics", "7233", "Diploma", 24, "A2"),
    (HEINRICH_HERTZ, "German for nursing professionals", "2221", "Telc B2 Pflege", 9, "B2"),
    (HEINRICH_HERTZ, "Electronics technician (bridging course)", "7412", "Kenntnisprüfung", 6, ""),
)
# (employer, ISCO-08 unit group, title, places, German required, from)
POSITIONS = (
    (KLINIKUM, "2221", "Registered nurse, surgical wards", 4, "B2", date(2025, 11, 1)),
    (SENIORENZENTRUM, "2221", "Nurse for elderly care", 2, "B1", date(2026, 5, 1)),
    (RHEINBOTS, "7412", "Mechatronics technician", 2, "B1", date(2026, 9, 1)),
    (H2_RHEINLAND, "7411", "Electrician for electrolyser plants", 1, "B2", date(2027, 3, 1)),
    ("Komatsu Germany GmbH", "7233", "Service mechanic, hydraulic excavators", 2, "B1",
     date(2027, 3, 1)),
)  # fmt: skip


@dataclass(frozen=True)
class CandidateSpec:
    """An invented skilled worker: who, which cohort and course, their way as (stage, day,
    values), and the answers of their placement's follow-ups (6 and 12 months)."""

    given_name: str
    family_name: str
    cohort: str
    course: str
    nominated_on: date
    way: tuple = ()
    follow_ups: tuple = (None, None)

    @property
    def email(self):
        return f"{self.given_name}.{self.family_name}@candidates.example".lower()


W = CandidateStage


def _towards(employer, occupation, *days, level="B2", recognition="full", start=None):
    """The way of a candidate: certificate, recognition, match, visa, arrival and start on
    `days`, as far as they go."""
    steps = (
        (W.LANGUAGE, {"german_level": level, "german_certified_on": days[0] if days else None}),
        (
            W.RECOGNITION,
            {
                "recognition": recognition,
                "recognition_authority": "Bezirksregierung Düsseldorf"
                if occupation == "2221"
                else "IHK FOSA, Nuremberg",
            },
        ),
        (W.MATCHED, {"position": (employer, occupation)}),
        (W.VISA, {}),
        (W.ARRIVED, {}),
        (W.PLACED, {"starts_on": start}),
    )
    return tuple((stage, day, values) for (stage, values), day in zip(steps, days, strict=False))


NURSING, TECHNICAL = "B.Sc. Nursing", "Mechatronics"
CANDIDATES = (
    CandidateSpec(
        "Divya", "Nair", NURSING_COHORT, NURSING, date(2025, 5, 12),
        _towards(KLINIKUM, "2221", date(2025, 8, 20), date(2025, 9, 8), date(2025, 9, 15),
                 date(2025, 10, 6), date(2025, 10, 20), date(2025, 10, 27),
                 start=date(2025, 11, 3)),
        follow_ups=(True, True),
    ),
    CandidateSpec(
        "Priya", "Menon", NURSING_COHORT, NURSING, date(2025, 5, 12),
        _towards(SENIORENZENTRUM, "2221", date(2025, 11, 14), date(2026, 1, 19),
                 date(2026, 2, 2), date(2026, 3, 16), date(2026, 4, 20), date(2026, 4, 27),
                 level="B1", recognition="partial", start=date(2026, 5, 4)),
        follow_ups=(True, None),
    ),
    CandidateSpec(
        "Rahul", "Iyer", NURSING_COHORT, NURSING, date(2025, 5, 19),
        _towards(KLINIKUM, "2221", date(2026, 2, 27), date(2026, 5, 11), date(2026, 6, 1),
                 date(2026, 9, 14), date(2026, 10, 15)),
    ),
    CandidateSpec(
        "Sneha", "Kulkarni", NURSING_COHORT, NURSING, date(2025, 5, 19),
        _towards(KLINIKUM, "2221", date(2026, 4, 24), date(2026, 7, 6), date(2026, 8, 3),
                 date(2026, 11, 9)),
    ),
    CandidateSpec(
        "Kiran", "Reddy", NURSING_COHORT, NURSING, date(2025, 6, 2),
        _towards(KLINIKUM, "2221", date(2026, 6, 26), date(2026, 10, 12), recognition="partial"),
    ),
    CandidateSpec(
        "Meera", "Pillai", NURSING_COHORT, NURSING, date(2025, 6, 2),
        _towards(KLINIKUM, "2221", date(2026, 9, 18), level="B1"),
    ),
    CandidateSpec(
        "Arun", "Das", NURSING_COHORT, NURSING, date(2025, 6, 9),
        ((W.WITHDRAWN, date(2026, 3, 2),
          {"withdrawal_reason": "language", "withdrawal_note": "B1 not reached in time"}),),
    ),
    CandidateSpec("Lakshmi", "Rao", NURSING_COHORT, NURSING, date(2025, 8, 25)),
    CandidateSpec(
        "Vikram", "Shetty", TECHNICAL_COHORT, TECHNICAL, date(2026, 1, 12),
        _towards(RHEINBOTS, "7412", date(2026, 6, 19), date(2026, 8, 24), date(2026, 9, 7),
                 level="B1"),
    ),
    CandidateSpec(
        "Naveen", "Gowda", TECHNICAL_COHORT, "Diploma in Electrical Engineering",
        date(2026, 1, 12),
        _towards(H2_RHEINLAND, "7411", date(2026, 7, 3), date(2026, 10, 26), level="B1",
                 recognition="applied"),
    ),
    CandidateSpec(
        "Imran", "Khan", TECHNICAL_COHORT, "Industrial Machinery Mechanics", date(2026, 1, 19),
        _towards("Komatsu Germany GmbH", "7233", date(2026, 10, 2), level="B1"),
    ),
    CandidateSpec("Deepak", "Hegde", TECHNICAL_COHORT, TECHNICAL, date(2026, 2, 9)),
)  # fmt: skip


def build_skilled_workers(writer, partners, programme, cohorts):
    """The colleges, their courses, the employers' open positions, and the invented
    candidates of the two cohorts, enrolled and moved through the services."""
    companies = {
        name: company.pk for name, company in writer.companies(EMPLOYERS, partners).items()
    }
    colleges = writer.sync(
        "colleges",
        College,
        ("partner_id",),
        [
            ({"partner_id": partners[name].pk, "notes": ""}, True)
            for name in (BANGALORE_COLLEGE, HEINRICH_HERTZ)
        ],
    )
    college_ids = {
        name: colleges[(partners[name].pk,)].pk for name in (BANGALORE_COLLEGE, HEINRICH_HERTZ)
    }
    writer.sync_many(
        College,
        "partner_colleges",
        {
            college_ids[BANGALORE_COLLEGE]: [college_ids[HEINRICH_HERTZ]],
            college_ids[HEINRICH_HERTZ]: [college_ids[BANGALORE_COLLEGE]],
        },
    )
    occupations = dict(Occupation.objects.filter(level="unit").values_list("code", "pk"))
    courses = writer.sync(
        "courses",
        Course,
        ("college_id", "name"),
        [
            (
                {
                    "college_id": college_ids[college],
                    "name": name,
                    "occupation_id": occupations[code],
                    "qualification": qualification,
                    "duration_months": months,
                    "german_level": level,
                },
                True,
            )
            for college, name, code, qualification, months, level in COURSES
        ],
    )
    names = {name for name, *_rest in POSITIONS} - set(companies)
    companies |= dict(Company.objects.filter(legal_name__in=names).values_list("legal_name", "pk"))
    positions = writer.sync(
        "open positions",
        OpenPosition,
        ("company_id", "occupation_id"),
        [
            (
                {
                    "company_id": companies[employer],
                    "occupation_id": occupations[code],
                    "title": title,
                    "places": places,
                    "german_level": level,
                    "starts_on": starts_on,
                    "programme_id": programme.pk,
                    "notes": "",
                },
                True,
            )
            for employer, code, title, places, level, starts_on in POSITIONS
        ],
    )
    found = set(Candidate.objects.values_list("person__email", flat=True))
    officer = writer.users["ly"]
    new = [spec for spec in CANDIDATES if spec.email not in found]
    for spec in new:
        course = courses[(college_ids[BANGALORE_COLLEGE], spec.course)]
        candidate = nominate(
            Candidate(
                cohort=cohorts[(programme.pk, spec.cohort)],
                college_id=college_ids[BANGALORE_COLLEGE],
                course=course,
                occupation_id=course.occupation_id,
                country_id="IN",
                nominated_on=spec.nominated_on,
            ),
            Person(
                given_name=spec.given_name,
                family_name=spec.family_name,
                email=spec.email,
                consent_given_on=spec.nominated_on,
                legal_basis_note="Invented person of the demo world.",
            ),
            officer,
            note="Nominated by the Bengaluru Technical Training College",
        )
        for stage, day, values in spec.way:
            if "position" in values:
                employer, code = values["position"]
                values = {"position": positions[(companies[employer], occupations[code])]}
            candidate = move_candidate(candidate, stage, officer, on=day, **values)
        after_6, after_12 = spec.follow_ups
        if after_6 is not None:
            placement = candidate.placement
            placement.employed_after_6_months, placement.employed_after_12_months = (
                after_6,
                after_12,
            )
            placement.full_clean()
            placement.save()
    writer.count("candidates", len(CANDIDATES), len(new))
