"""The demo world's programmes: JETRO's global acceleration hub in Düsseldorf, whose cohort
of seven start-ups came to the Future Tech Fest 2025, and the skilled-worker partnership of
the Bengaluru Technical Training College with the Heinrich Hertz Vocational College, with a
nursing and a technical cohort.

Matched on natural keys, as in `writing`: programmes on their name, cohorts on (programme,
name), goals on (programme, measure). The texts are data, not translated.
"""

from datetime import date

from pocketworld.demo.named import BANGALORE_COLLEGE, HEINRICH_HERTZ, IGCC, IHK, JETRO
from pocketworld.programmes.choices import GoalMeasure, ProgrammeKind
from pocketworld.programmes.models import Cohort, Goal, Programme

ACCELERATION = "JETRO Global Acceleration Hub Düsseldorf"
SKILLED_WORKERS = "Skilled workers from Bengaluru"
FESTIVAL_COHORT = "Future Tech Fest 2025"
NURSING_COHORT = "Nursing 2025/26"
TECHNICAL_COHORT = "Technical trades 2026"


def build_programmes(writer, partners):
    """Write the two programmes with their cohorts and goals; `partners` are the writer's
    partner organisations by name."""
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
    cohort = {"places": None, "notes": ""}
    writer.sync(
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
    return programmes
