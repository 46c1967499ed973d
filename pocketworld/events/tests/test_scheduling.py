"""The meeting scheduler: every plan respects the day, and the reasons given are true."""

import os
import subprocess
import sys
from collections import Counter, defaultdict
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pocketworld.events.scheduling import (
    LIMIT_REACHED,
    NO_COMMON_SLOT,
    NO_TABLE,
    PARTICIPANT_BUSY,
    REASONS,
    Day,
    Pair,
    Plan,
    replan,
    schedule,
)

FAST = {"time_limit": 5.0, "num_workers": 1}
PROPERTIES = settings(max_examples=60, deadline=None)


def common_slots(day, pair, availability):
    slots = set(range(day.slots)) - day.breaks
    for participant in (pair.first, pair.second):
        slots &= set(availability.get(participant, slots))
    return slots


def assert_valid(day, pairs, plan, availability=None, limits=None):
    """Checks a plan against the day from scratch, including why each pair is left out."""
    availability, limits = availability or {}, limits or {}
    by_id = {pair.id: pair for pair in pairs}
    assert set(plan.meetings) | set(plan.unscheduled) == set(by_id)
    assert not set(plan.meetings) & set(plan.unscheduled)

    seats = Counter(plan.meetings.values())
    assert all(times == 1 for times in seats.values()), "two meetings share a table"
    taken, busy, count = Counter(), Counter(), Counter()
    for pair_id, (slot, table) in plan.meetings.items():
        pair = by_id[pair_id]
        assert 0 <= table < day.tables
        assert slot in common_slots(day, pair, availability), "a break or someone unavailable"
        taken[slot] += 1
        for participant in (pair.first, pair.second):
            busy[participant, slot] += 1
            count[participant] += 1
    assert all(times == 1 for times in busy.values()), "a participant is booked twice"
    for participant, meetings in count.items():
        assert meetings <= limits.get(participant, day.max_meetings)

    for pair_id, reason in plan.unscheduled.items():
        pair = by_id[pair_id]
        common = common_slots(day, pair, availability)
        at_limit = [
            participant
            for participant in (pair.first, pair.second)
            if count[participant] >= limits.get(participant, day.max_meetings)
        ]
        with_table = [slot for slot in common if taken[slot] < day.tables]
        if reason == NO_COMMON_SLOT:
            assert not common
        elif reason == LIMIT_REACHED:
            assert common and at_limit
        elif reason == NO_TABLE:
            assert common and not at_limit and not with_table
        else:
            assert reason == PARTICIPANT_BUSY
            assert common and not at_limit and with_table
            assert all(busy[pair.first, slot] or busy[pair.second, slot] for slot in with_table)


@st.composite
def days(draw):
    slots = draw(st.integers(1, 8))
    return Day(
        slots=slots,
        tables=draw(st.integers(1, 4)),
        breaks=frozenset(draw(st.sets(st.integers(0, slots - 1), max_size=2))),
        max_meetings=draw(st.integers(0, 5)),
    )


@st.composite
def instances(draw):
    """A random day with random pairs among up to 10 participants, availability and limits."""
    day = draw(days())
    participants = list(range(draw(st.integers(2, 10))))
    couples = draw(st.lists(st.sampled_from(list(combinations(participants, 2))), max_size=25))
    pairs = [
        Pair(number, first, second, draw(st.integers(0, 100)))
        for number, (first, second) in enumerate(couples)
    ]
    slot_sets = st.sets(st.integers(0, day.slots - 1))
    availability = draw(st.dictionaries(st.sampled_from(participants), slot_sets))
    limits = draw(st.dictionaries(st.sampled_from(participants), st.integers(0, 5)))
    return day, pairs, availability, limits


@PROPERTIES
@given(instances())
def test_every_plan_respects_the_day(instance):
    day, pairs, availability, limits = instance
    plan = schedule(day, pairs, availability, limits, **FAST)
    assert plan.optimal
    assert_valid(day, pairs, plan, availability, limits)


def some_of(values, at_most):
    return st.sets(st.sampled_from(values), max_size=at_most) if values else st.just(set())


@PROPERTIES
@given(instances(), st.data())
def test_replanning_moves_no_remaining_meeting(instance, data):
    """Some pairs are planned first, the others approved late and planned in the gaps."""
    day, pairs, availability, limits = instance
    approved_first = pairs[: data.draw(st.integers(0, len(pairs)))]
    current = schedule(day, approved_first, availability, limits, **FAST)
    participants = sorted({pair.first for pair in pairs} | {pair.second for pair in pairs})
    gone = data.draw(some_of(participants, 2))
    withdrawn = data.draw(some_of([pair.id for pair in pairs], 3))

    plan = replan(
        day, pairs, current, gone, withdrawn, availability=availability, limits=limits, **FAST
    )

    remaining = [
        pair for pair in pairs if pair.id not in withdrawn and not {pair.first, pair.second} & gone
    ]
    assert_valid(day, remaining, plan, availability, limits)
    for pair in remaining:
        if pair.id in current.meetings:
            assert plan.meetings[pair.id] == current.meetings[pair.id]


@st.composite
def hidden_schedules(draw):
    """Pairs made from a random feasible schedule, with availability and limits it keeps."""
    day = draw(days())
    participants = list(range(draw(st.integers(2, 10))))
    places = [
        (slot, table)
        for slot in range(day.slots)
        if slot not in day.breaks
        for table in range(day.tables)
    ]
    chosen = draw(st.lists(st.sampled_from(places), unique=True)) if places else []
    busy, pairs, meeting_slots = set(), [], defaultdict(set)
    for slot, _table in chosen:
        free = [participant for participant in participants if (participant, slot) not in busy]
        if len(free) < 2:
            continue
        first = draw(st.sampled_from(free))
        second = draw(st.sampled_from([other for other in free if other != first]))
        busy.update({(first, slot), (second, slot)})
        meeting_slots[first].add(slot)
        meeting_slots[second].add(slot)
        pairs.append(Pair(len(pairs), first, second, draw(st.integers(0, 100))))
    slot_sets = st.sets(st.integers(0, day.slots - 1))
    availability = {
        participant: meeting_slots[participant] | draw(slot_sets) for participant in participants
    }
    limits = {
        participant: len(meeting_slots[participant]) + draw(st.integers(0, 2))
        for participant in participants
    }
    return day, pairs, availability, limits


@PROPERTIES
@given(hidden_schedules())
def test_every_pair_is_scheduled_when_a_schedule_exists(instance):
    day, pairs, availability, limits = instance
    plan = schedule(day, pairs, availability, limits, **FAST)
    assert plan.optimal
    assert plan.unscheduled == {}
    assert_valid(day, pairs, plan, availability, limits)


def test_everyone_meets_someone_before_the_best_matches_meet_twice():
    """Two slots, one table: Ana's two best matches would fill the day and leave Dan and Eve
    without a meeting; fairness gives one of them the second slot."""
    day = Day(slots=2, tables=1)
    pairs = [
        Pair("ana-ben", "Ana", "Ben", priority=100),
        Pair("ana-cem", "Ana", "Cem", priority=100),
        Pair("dan-eve", "Dan", "Eve", priority=0),
    ]
    plan = schedule(day, pairs, **FAST)
    assert "dan-eve" in plan.meetings
    assert len(plan.meetings) == 2
    assert set(plan.unscheduled.values()) == {NO_TABLE}


def test_meetings_come_as_early_in_the_day_as_they_can():
    """Ten slots, two tables, four meetings of different people: the first two slots hold
    them all; a break and someone arriving late push only their own meetings back."""
    day = Day(slots=10, tables=2, breaks=frozenset({0}))
    pairs = [Pair(f"p{index}", f"a{index}", f"b{index}") for index in range(4)]
    plan = schedule(day, pairs, availability={"a3": range(5, 10)}, **FAST)
    slots = sorted(slot for slot, _table in plan.meetings.values())
    assert slots == [1, 1, 2, 5]


def test_the_better_match_takes_the_last_table():
    day = Day(slots=1, tables=1)
    pairs = [Pair("weak", "Ana", "Ben", priority=10), Pair("strong", "Cem", "Dan", priority=90)]
    plan = schedule(day, pairs, **FAST)
    assert plan.meetings == {"strong": (0, 0)}
    assert plan.unscheduled == {"weak": NO_TABLE}


def test_a_cancellation_frees_a_place_for_a_waiting_pair_and_moves_nobody():
    day = Day(slots=2, tables=1)
    pairs = [
        Pair("ana-ben", "Ana", "Ben", priority=50),
        Pair("cem-dan", "Cem", "Dan", priority=50),
        Pair("eve-fay", "Eve", "Fay", priority=0),
    ]
    current = schedule(day, pairs, **FAST)
    assert current.unscheduled == {"eve-fay": NO_TABLE}

    plan = replan(day, pairs, current, gone={"Cem"}, **FAST)

    assert plan.meetings == {
        "ana-ben": current.meetings["ana-ben"],
        "eve-fay": current.meetings["cem-dan"],
    }
    assert plan.unscheduled == {}


def test_fixed_meetings_keep_their_tables_and_new_ones_take_the_free_tables_in_order():
    day = Day(slots=2, tables=3)
    pairs = [
        Pair("kept", "Ana", "Ben"),
        Pair("also kept", "Cem", "Dan"),
        Pair("new", "Eve", "Fay"),
        Pair("later", "Gil", "Hal"),
    ]
    availability = {"Eve": {0}, "Gil": {1}}
    fixed = {"kept": (0, 2), "also kept": (0, 0)}
    plan = schedule(day, pairs, availability, fixed=fixed, **FAST)
    assert plan.meetings == {**fixed, "new": (0, 1), "later": (1, 0)}


def test_a_fixed_meeting_in_a_slot_no_longer_available_is_planned_again():
    day = Day(slots=2, tables=1)
    pairs = [Pair("moved", "Ana", "Ben")]
    plan = schedule(day, pairs, availability={"Ana": {1}}, fixed={"moved": (0, 0)}, **FAST)
    assert plan.meetings == {"moved": (1, 0)}


def test_clashing_fixed_meetings_are_refused():
    day = Day(slots=1, tables=2)
    pairs = [Pair("one", "Ana", "Ben"), Pair("two", "Ana", "Cem")]
    with pytest.raises(ValueError, match="two fixed meetings"):
        schedule(day, pairs, fixed={"one": (0, 0), "two": (0, 1)}, **FAST)


def test_a_pair_never_both_available_is_reported_so():
    day = Day(slots=4, tables=2, breaks=frozenset({2}))
    pairs = [Pair("apart", "Ana", "Ben"), Pair("together", "Ana", "Cem")]
    availability = {"Ana": {0, 2}, "Ben": {1, 2, 3}}
    plan = schedule(day, pairs, availability, **FAST)
    assert plan.unscheduled == {"apart": NO_COMMON_SLOT}
    assert plan.meetings == {"together": (0, 0)}


def test_a_pair_beyond_the_maximum_of_meetings_is_reported_so():
    day = Day(slots=4, tables=4, max_meetings=2)
    pairs = [Pair(other, "Ana", other, priority) for other, priority in [("B", 9), ("C", 5)]]
    pairs += [Pair("D", "Ana", "D", priority=1), Pair("E", "Eve", "Fay")]
    plan = schedule(day, pairs, limits={"Eve": 0}, **FAST)
    assert plan.unscheduled == {"D": LIMIT_REACHED, "E": LIMIT_REACHED}
    assert set(plan.meetings) == {"B", "C"}


def test_a_pair_whose_participant_is_busy_in_every_free_slot_is_reported_so():
    day = Day(slots=1, tables=2)
    pairs = [Pair("first", "Ana", "Ben", priority=5), Pair("second", "Ana", "Cem")]
    plan = schedule(day, pairs, **FAST)
    assert plan.unscheduled == {"second": PARTICIPANT_BUSY}


def test_every_reason_has_an_english_text():
    assert set(REASONS) == {NO_COMMON_SLOT, LIMIT_REACHED, NO_TABLE, PARTICIPANT_BUSY}
    assert all(text.endswith(".") for text in REASONS.values())


def test_a_plan_is_found_even_when_the_solver_gets_no_time():
    day = Day(slots=3, tables=2)
    pairs = [Pair(number, number, number + 1) for number in range(8)]
    plan = schedule(day, pairs, time_limit=0.0, num_workers=1)
    assert isinstance(plan, Plan)
    assert_valid(day, pairs, plan)
    assert len(plan.meetings) >= 4


def test_a_web_worker_loads_no_solver_until_a_day_is_planned():
    """Every page loaded (the URL configuration imports every view), OR-Tools and the pandas
    it brings are still not in memory: they wait for the first plan."""
    script = (
        "import sys, django; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "print(sorted(name for name in ('ortools', 'pandas') if name in sys.modules))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "pocketworld.settings"}
    loaded = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split("\n")[-2]
    assert loaded == "[]"
