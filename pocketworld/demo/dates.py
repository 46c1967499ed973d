"""When the demo world's pipeline and interactions happened: from January 2022 to `AS_OF`.

Projects and interactions are dated in the past, the same on every run. Only tasks are dated
from the day the demo is loaded, so that "My day" always has something overdue and
something due today.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

# The last day of the demo's history: nothing in it is dated later.
AS_OF = date(2026, 11, 24)
FIRST_DAY = date(2022, 1, 3)
BERLIN = ZoneInfo("Europe/Berlin")
# The Korea Desk was launched in autumn 2024: its records start then.
DESK_OPENED = {"korea": date(2024, 10, 1)}


def at(day, hour=10, minute=0):
    """A moment of a day in Düsseldorf."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def weekday(day):
    """The day itself, or the nearest working day: Saturday goes back, Sunday forward."""
    return day + timedelta(days={6: -1, 7: 1}.get(day.isoweekday(), 0))


def first_day(desk):
    return DESK_OPENED.get(desk, FIRST_DAY)


# The events each desk meets companies at every year: (name, month, day).
DESK_EVENTS = {
    "japan": (
        ("Japanese New Year reception", 1, 20), ("Japan Day Düsseldorf/NRW", 5, 22),
        ("JETRO investment seminar", 10, 8),
    ),
    "china": (
        ("China Business Day NRW", 3, 18), ("Intersolar Europe", 6, 19),
        ("China Competence Centre autumn forum", 10, 22),
    ),
    "india": (("India Business Day NRW", 2, 12), ("IGCC annual meeting", 9, 17)),
    "asean": (("ASEAN Business Day", 4, 16), ("Singapore Week NRW", 9, 24)),
    "korea": (("Korea Business Forum NRW", 4, 23), ("MEDICA", 11, 18)),
    "eastern-europe": (
        ("NRW–Poland business forum", 5, 13), ("Eastern Europe Day of the chamber", 10, 14),
    ),
    "international-specialists": (
        ("Welcome Day for international specialists", 3, 25), ("Skilled-worker forum NRW", 9, 10),
    ),
    "western-europe-turkey-israel": (
        ("boot Düsseldorf", 1, 24), ("Business France Day", 6, 12), ("MEDICA", 11, 18),
    ),
    "usa": (
        ("Transatlantic Business Evening", 3, 11), ("SelectUSA Investment Summit", 5, 5),
        ("MEDICA", 11, 18),
    ),
}  # fmt: skip

# Delegations that visited companies of a desk: (who, date).
DELEGATIONS = {
    "japan": (
        ("Delegation of Japanese prefectures", date(2022, 10, 12)),
        ("JETRO delegation", date(2024, 5, 15)),
        ("METI delegation on GreenTech", date(2026, 6, 10)),
    ),
    "china": (
        ("Delegation from Shenzhen", date(2023, 9, 12)),
        ("Delegation from Jiangsu on energy storage", date(2025, 4, 9)),
    ),
    "india": (
        ("Delegation from Maharashtra", date(2023, 11, 8)),
        ("Delegation from Bangalore (Karnataka)", date(2025, 7, 3)),
    ),
    "asean": (("Delegation from Singapore", date(2024, 9, 25)),),
    "korea": (
        ("KOTRA delegation at MEDICA", date(2024, 11, 19)),
        ("Delegation from Gyeonggi on robotics", date(2026, 4, 22)),
    ),
    "eastern-europe": (("Delegation from Silesia", date(2025, 5, 14)),),
    "western-europe-turkey-israel": (
        ("Delegation from Istanbul", date(2023, 3, 22)),
        ("Israeli GreenTech delegation", date(2025, 10, 29)),
    ),
    "usa": (
        ("Delegation of the US Commercial Service", date(2023, 10, 18)),
        ("Delegation from Ohio", date(2025, 3, 26)),
    ),
}
