"""Measure the meeting scheduler on a large matchmaking day, then a re-planning.

    python -m bench.scheduling [--participants 200] [--meetings 500] [--slots 20]
        [--breaks 2] [--tables N] [--late 20] [--seed S] [--time-limit 20] [--workers 2]

1. Builds a seeded random day around a hidden schedule: the approved pairs are drawn as
   meetings in distinct free (slot, table) places, nobody twice in a slot, nobody above
   the maximum of 8 meetings; a third of the participants are available only in their
   hidden slots and about half of the others. With the default tables (the fewest that
   hold every meeting, 28 for 500 meetings in 18 open slots: 504 places) the day is tight
   and known to be feasible. With fewer tables the pairs the hidden schedule cannot hold
   are added at random, and the day is no longer known to be feasible.
2. Plans it with `schedule` (the target: ≤ 30 s on 2 workers) and prints the status, the
   pairs and participants served, the meetings per participant and the reasons counted.
3. Cancels the busiest participant, adds the pairs approved late (`--late`), and plans
   again with `replan`: the time, the meetings moved (the target: none) and how many
   freed places the waiting pairs took.

Exits 1 when a target is missed.
"""

import argparse
import math
import random
import statistics
import sys
import time
from collections import Counter

from pocketworld.events.scheduling import REASONS, Day, Pair, replan, schedule

TARGET_SECONDS = 30
MAX_MEETINGS = 8


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--meetings", type=int, default=500, help="Approved pairs.")
    parser.add_argument("--slots", type=int, default=20)
    parser.add_argument("--breaks", type=int, default=2)
    parser.add_argument("--tables", type=int, help="Default: the fewest that hold every pair.")
    parser.add_argument("--late", type=int, default=20, help="Pairs approved after planning.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    return parser.parse_args(argv)


def build_day(options, rng):
    """The day, its pairs, availability, and how many pairs the hidden schedule holds."""
    step = options.slots / (options.breaks + 1)
    breaks = frozenset(round(step * (number + 1)) for number in range(options.breaks))
    open_slots = [slot for slot in range(options.slots) if slot not in breaks]
    tables = options.tables or math.ceil(options.meetings / len(open_slots))
    day = Day(slots=options.slots, tables=tables, breaks=breaks, max_meetings=MAX_MEETINGS)

    participants = list(range(options.participants))
    places = [(slot, table) for slot in open_slots for table in range(tables)]
    rng.shuffle(places)
    count, busy, hidden_slots, pairs = Counter(), set(), {}, []
    for slot, _table in places[: options.meetings]:
        free = [
            person
            for person in participants
            if (person, slot) not in busy and count[person] < MAX_MEETINGS
        ]
        if len(free) < 2:
            continue
        first = min(free, key=lambda person: (count[person], rng.random()))
        second = rng.choice([person for person in free if person != first])
        for person in (first, second):
            busy.add((person, slot))
            count[person] += 1
            hidden_slots.setdefault(person, set()).add(slot)
        pairs.append(Pair(len(pairs), first, second, rng.randint(0, 100)))
    hidden = len(pairs)
    while len(pairs) < options.meetings:
        first, second = rng.sample(participants, 2)
        pairs.append(Pair(len(pairs), first, second, rng.randint(0, 100)))

    availability = {}
    for person in rng.sample(participants, len(participants) // 3):
        extra = {slot for slot in open_slots if rng.random() < 0.5}
        availability[person] = hidden_slots.get(person, set()) | extra
    return day, pairs, availability, hidden


def late_pairs(options, rng, pairs, gone):
    staying = [person for person in range(options.participants) if person != gone]
    return [
        Pair(len(pairs) + number, *rng.sample(staying, 2), rng.randint(0, 100))
        for number in range(options.late)
    ]


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def status(plan):
    return "optimal" if plan.optimal else "feasible (time limit reached)"


def meetings_per_participant(plan, pairs):
    meetings = Counter()
    for pair in pairs:
        if pair.id in plan.meetings:
            meetings[pair.first] += 1
            meetings[pair.second] += 1
    return meetings


def print_plan(plan, pairs, participants, seconds):
    per_participant = meetings_per_participant(plan, pairs)
    meetings = [per_participant[person] for person in participants]
    print(f"  wall time               {seconds:6.2f} s (target ≤ {TARGET_SECONDS} s)")
    print(f"  status                  {status(plan)}")
    print(f"  pairs scheduled         {len(plan.meetings)} / {len(pairs)}")
    print(
        f"  participants meeting    {sum(1 for count in meetings if count)} / {len(participants)}"
    )
    print(
        f"  meetings / participant  min {min(meetings)}  "
        f"mean {statistics.mean(meetings):.2f}  max {max(meetings)}"
    )
    reasons = Counter(plan.unscheduled.values())
    if not reasons:
        print("  unscheduled reasons     none")
    for code, times in reasons.most_common():
        print(f"  unscheduled             {times:4} × {code}: {REASONS[code]}")


def main(argv=None):
    options = parse_args(argv)
    rng = random.Random(options.seed)
    day, pairs, availability, hidden = build_day(options, rng)
    participants = range(options.participants)
    places = day.tables * (day.slots - len(day.breaks))
    print(
        f"Matchmaking day (seed {options.seed}): {options.participants} participants, "
        f"{len(pairs)} approved pairs, {day.slots} slots with breaks at "
        f"{sorted(day.breaks)}, {day.tables} tables ({places} places), "
        f"at most {day.max_meetings} meetings each, {len(availability)} participants "
        f"available only in part."
    )
    if hidden == len(pairs):
        print(f"Tight and feasible: a hidden schedule holds all {hidden} pairs in {places} places.")
    else:
        print(f"Not known to be feasible: a hidden schedule holds {hidden} of {len(pairs)} pairs.")

    solver_options = {"time_limit": options.time_limit, "num_workers": options.workers}
    print(f"\nPlanning ({options.workers} workers, time limit {options.time_limit:g} s):")
    plan, seconds = timed(schedule, day, pairs, availability, **solver_options)
    print_plan(plan, pairs, participants, seconds)

    gone, gone_meetings = meetings_per_participant(plan, pairs).most_common(1)[0]
    late = late_pairs(options, rng, pairs, gone)
    freed = {
        plan.meetings[pair.id]
        for pair in pairs
        if pair.id in plan.meetings and gone in (pair.first, pair.second)
    }
    print(
        f"\nRe-planning after participant {gone} cancelled ({gone_meetings} meetings), "
        f"with {len(late)} pairs approved late:"
    )
    everything = pairs + late
    new_plan, replan_seconds = timed(
        replan, day, everything, plan, gone={gone}, availability=availability, **solver_options
    )
    remaining = [pair for pair in everything if gone not in (pair.first, pair.second)]
    moved = sum(
        1
        for pair in remaining
        if pair.id in plan.meetings and new_plan.meetings.get(pair.id) != plan.meetings[pair.id]
    )
    newly_placed = {
        pair_id: place
        for pair_id, place in new_plan.meetings.items()
        if pair_id not in plan.meetings
    }
    reused = sum(1 for place in newly_placed.values() if place in freed)
    print_plan(
        new_plan, remaining, [person for person in participants if person != gone], replan_seconds
    )
    print(f"  meetings moved          {moved} (target 0)")
    print(
        f"  freed places reused     {reused} / {len(freed)}; "
        f"{len(newly_placed)} waiting pairs placed in all"
    )

    missed = []
    if seconds > TARGET_SECONDS:
        missed.append(f"planning took {seconds:.1f} s")
    if replan_seconds > TARGET_SECONDS:
        missed.append(f"re-planning took {replan_seconds:.1f} s")
    if moved:
        missed.append(f"re-planning moved {moved} meetings")
    print()
    if missed:
        print("Targets missed: " + "; ".join(missed))
        return 1
    print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
