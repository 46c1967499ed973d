"""Plans the 1:1 meetings of a matchmaking day: approved pairs into time slots and tables.

Plain Python on OR-Tools CP-SAT, without Django, so that it can be tested and measured on
its own; the caller loads the pairs, stores the plan and translates the reasons.

The model has one boolean per pair and slot when both participants are available outside
the breaks. Hard constraints: a pair meets at most once; a participant meets at most one
pair per slot and at most their maximum of meetings over the day; a slot holds at most as
many meetings as there are tables; fixed meetings keep their slot. Tables are not in the
model: any slot with no more meetings than tables can be seated, so they are assigned
after solving (fixed meetings keep their table, new ones take the free tables in order).

The objective is lexicographic, folded into one sum to maximize:

    W × (participants with at least one meeting)  +  Σ over scheduled pairs (1 + priority)

with W = 1 + Σ over all pairs (1 + priority), more than all pairs together can add, so one
more participant with a meeting outweighs any choice of pairs. Fairness comes first
because a participant who comes to the day and meets nobody is the failure the day must
avoid. Among equally fair plans every scheduled pair counts 1 + its priority: a pair of
priority 0 (an approved match scoring 0) is still worth a table, and a better match is
worth more, e.g. a pair of priority 10 as much as eleven pairs of priority 0.

Among the plans that reach the optimum, a second, shorter solve takes one whose meetings
come as early in the day as they can, so that nobody waits through empty slots.

Re-planning passes the current meetings as `fixed` (or uses `replan`): those still valid
keep their slot and table as hard constraints, so nobody's plan moves because someone else
cancelled; the freed room goes to the pairs not scheduled yet.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

# OR-Tools is imported in the functions that solve: with the pandas it loads it weighs some
# 60 MB, which web workers that never plan a matchmaking day need not carry.
NO_COMMON_SLOT = "no_common_slot"
LIMIT_REACHED = "limit_reached"
NO_TABLE = "no_table"
PARTICIPANT_BUSY = "participant_busy"

REASONS = {
    NO_COMMON_SLOT: "There is no slot outside the breaks when both are available.",
    LIMIT_REACHED: "A participant has reached the maximum of meetings.",
    NO_TABLE: "Every table is taken in every slot when both are available.",
    PARTICIPANT_BUSY: (
        "In every slot when both are available and a table is free, "
        "one of them already has a meeting."
    ),
}


@dataclass(frozen=True)
class Pair:
    """One approved 1:1 meeting; the priority (≥ 0, e.g. a match score) ranks it."""

    id: Hashable
    first: Hashable
    second: Hashable
    priority: int = 1


@dataclass(frozen=True)
class Day:
    """The frame of the day: slots are numbered 0 … slots - 1, tables 0 … tables - 1."""

    slots: int
    tables: int
    breaks: frozenset[int] = frozenset()
    max_meetings: int = 8


@dataclass
class Plan:
    """Every pair given is either in `meetings` or in `unscheduled`, never both."""

    meetings: dict[Hashable, tuple[int, int]]  # pair id -> (slot, table)
    unscheduled: dict[Hashable, str]  # pair id -> reason code, a key of REASONS
    optimal: bool  # False when the time limit stopped the solver first


def schedule(
    day: Day,
    pairs: Iterable[Pair],
    availability: Mapping[Hashable, Iterable[int]] | None = None,
    limits: Mapping[Hashable, int] | None = None,
    fixed: Mapping[Hashable, tuple[int, int]] | None = None,
    time_limit: float = 20.0,
    num_workers: int = 2,
) -> Plan:
    """Plans the pairs; `availability` and `limits` are per participant (missing: every
    slot, the day's maximum); `fixed` maps pair ids to the (slot, table) they keep.

    A fixed meeting whose pair is not given is dropped (withdrawn); one that no longer fits
    the day or the availability is planned again like any other pair. Fixed meetings that
    fit but clash with each other raise ValueError: that is an error of the caller.
    """
    pairs = list(pairs)
    _check(day, pairs)
    availability = availability or {}
    limits = limits or {}

    def limit(participant):
        return limits.get(participant, day.max_meetings)

    open_slots = frozenset(range(day.slots)) - day.breaks
    common_slots = {}
    for pair in pairs:
        common = open_slots
        for participant in (pair.first, pair.second):
            if participant in availability:
                common = common & frozenset(availability[participant])
        common_slots[pair.id] = sorted(common)

    kept = _kept_meetings(day, pairs, common_slots, fixed or {}, limit)
    slot_of, optimal = _solve(day, pairs, common_slots, kept, limit, time_limit, num_workers)
    _place_what_still_fits(day, pairs, common_slots, slot_of, limit)
    meetings = _seat(day, pairs, slot_of, kept)
    return Plan(
        meetings=meetings,
        unscheduled=_reasons(day, pairs, common_slots, slot_of, limit),
        optimal=optimal,
    )


def replan(
    day: Day,
    pairs: Iterable[Pair],
    current: Plan,
    gone: Iterable[Hashable] = (),
    withdrawn: Iterable[Hashable] = (),
    availability: Mapping[Hashable, Iterable[int]] | None = None,
    limits: Mapping[Hashable, int] | None = None,
    time_limit: float = 20.0,
    num_workers: int = 2,
) -> Plan:
    """Plans again after participants left (`gone`) or pairs were withdrawn (pair ids),
    keeping every other meeting of `current` where it is; `pairs` may include pairs
    approved since. The plan returned covers the remaining pairs only.
    """
    gone, withdrawn = frozenset(gone), frozenset(withdrawn)
    remaining = [
        pair
        for pair in pairs
        if pair.id not in withdrawn and pair.first not in gone and pair.second not in gone
    ]
    return schedule(day, remaining, availability, limits, current.meetings, time_limit, num_workers)


def _check(day, pairs):
    if day.slots < 0 or day.tables < 0:
        raise ValueError("A day cannot have a negative number of slots or tables.")
    ids = set()
    for pair in pairs:
        if pair.id in ids:
            raise ValueError(f"Pair id {pair.id!r} is given twice.")
        ids.add(pair.id)
        if pair.first == pair.second:
            raise ValueError(f"Pair {pair.id!r} would have {pair.first!r} meet themselves.")
        if pair.priority < 0:
            raise ValueError(f"Pair {pair.id!r} has a negative priority.")


def _kept_meetings(day, pairs, common_slots, fixed, limit):
    """The fixed meetings that still fit the day and both participants' availability."""
    kept = {}
    seats, busy, count = set(), set(), defaultdict(int)
    for pair in pairs:
        if pair.id not in fixed:
            continue
        slot, table = fixed[pair.id]
        if slot not in common_slots[pair.id] or not 0 <= table < day.tables:
            continue
        if (slot, table) in seats:
            raise ValueError(f"Fixed meetings share slot {slot}, table {table}.")
        seats.add((slot, table))
        for participant in (pair.first, pair.second):
            if (participant, slot) in busy:
                raise ValueError(f"{participant!r} has two fixed meetings in slot {slot}.")
            busy.add((participant, slot))
            count[participant] += 1
            if count[participant] > limit(participant):
                raise ValueError(f"{participant!r} has more fixed meetings than allowed.")
        kept[pair.id] = (slot, table)
    return kept


def _solve(day, pairs, common_slots, kept, limit, time_limit, num_workers):
    """The slot of each pair the solver schedules, and whether that is proven optimal."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    choice = {}
    per_slot, per_participant_slot, per_participant = (defaultdict(list) for _ in range(3))
    for pair in pairs:
        slots = [kept[pair.id][0]] if pair.id in kept else common_slots[pair.id]
        options = []
        for slot in slots:
            meets = model.new_bool_var(f"{pair.id}@{slot}")
            choice[pair.id, slot] = meets
            options.append(meets)
            per_slot[slot].append(meets)
            for participant in (pair.first, pair.second):
                per_participant_slot[participant, slot].append(meets)
                per_participant[participant].append(meets)
        if pair.id in kept:
            model.add(options[0] == 1)
        elif len(options) > 1:
            model.add_at_most_one(options)

    for meetings in per_slot.values():
        if len(meetings) > day.tables:
            model.add(sum(meetings) <= day.tables)
    for meetings in per_participant_slot.values():
        if len(meetings) > 1:
            model.add_at_most_one(meetings)
    met_someone = []
    for participant, meetings in per_participant.items():
        if len(meetings) > limit(participant):
            model.add(sum(meetings) <= limit(participant))
        met = model.new_bool_var(f"{participant} meets")
        model.add_bool_or(meetings).only_enforce_if(met)
        met_someone.append(met)

    value = {pair.id: 1 + pair.priority for pair in pairs}
    fairness_weight = 1 + sum(value.values())
    worth = fairness_weight * sum(met_someone) + sum(
        value[pair_id] * meets for (pair_id, _), meets in choice.items()
    )
    model.maximize(worth)

    solver = new_solver(time_limit, num_workers)
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        slot_of = {
            pair_id: slot for (pair_id, slot), meets in choice.items() if solver.value(meets)
        }
        if status == cp_model.OPTIMAL:
            slot_of = _earliest(model, choice, worth, solver, slot_of, time_limit, num_workers)
        return slot_of, status == cp_model.OPTIMAL
    if status == cp_model.UNKNOWN:  # the time limit came before any solution
        return {pair_id: slot for pair_id, (slot, _) in kept.items()}, False
    raise RuntimeError(f"The meeting model is {solver.status_name(status)}.")


def new_solver(time_limit, num_workers):
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.0)
    solver.parameters.num_workers = num_workers
    solver.parameters.random_seed = 0
    return solver


def _earliest(model, choice, worth, solved, slot_of, time_limit, num_workers):
    """Among the plans as good as the optimal one, one whose meetings come as early in the
    day as they can: nobody waits through empty slots, and the day can end sooner. Nicer,
    not necessary: it gets a quarter of the time limit at most, and without an improvement
    the first plan stands."""
    from ortools.sat.python import cp_model

    model.add(worth >= round(solved.objective_value))
    for meets in choice.values():
        model.add_hint(meets, solved.value(meets))
    model.minimize(sum(slot * meets for (_pair_id, slot), meets in choice.items()))
    solver = new_solver(min(time_limit - solved.wall_time, time_limit / 4), num_workers)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return slot_of
    return {pair_id: slot for (pair_id, slot), meets in choice.items() if solver.value(meets)}


def _place_what_still_fits(day, pairs, common_slots, slot_of, limit):
    """Adds, highest priority first, the pairs that still fit in a free place. Stopped by
    its time limit, the solver may leave such room; filling it keeps the reasons given for
    unscheduled pairs true."""
    taken, busy, count = _occupancy(pairs, slot_of)
    waiting = [pair for pair in pairs if pair.id not in slot_of]
    for pair in sorted(waiting, key=lambda pair: -pair.priority):
        if count[pair.first] >= limit(pair.first) or count[pair.second] >= limit(pair.second):
            continue
        for slot in common_slots[pair.id]:
            free = (pair.first, slot) not in busy and (pair.second, slot) not in busy
            if free and taken[slot] < day.tables:
                slot_of[pair.id] = slot
                taken[slot] += 1
                busy.update({(pair.first, slot), (pair.second, slot)})
                count[pair.first] += 1
                count[pair.second] += 1
                break


def _occupancy(pairs, slot_of):
    """Meetings per slot, (participant, slot) with a meeting, meetings per participant."""
    taken, busy, count = defaultdict(int), set(), defaultdict(int)
    for pair in pairs:
        if pair.id in slot_of:
            slot = slot_of[pair.id]
            taken[slot] += 1
            busy.update({(pair.first, slot), (pair.second, slot)})
            count[pair.first] += 1
            count[pair.second] += 1
    return taken, busy, count


def _seat(day, pairs, slot_of, kept):
    """Fixed meetings keep their table; the others take their slot's free tables in order."""
    meetings = {pair_id: kept[pair_id] for pair_id in kept}
    used = defaultdict(set)
    for slot, table in kept.values():
        used[slot].add(table)
    free_tables = {
        slot: iter([table for table in range(day.tables) if table not in used[slot]])
        for slot in set(slot_of.values())
    }
    for pair in pairs:
        if pair.id in slot_of and pair.id not in kept:
            slot = slot_of[pair.id]
            meetings[pair.id] = (slot, next(free_tables[slot]))
    return meetings


def _reasons(day, pairs, common_slots, slot_of, limit):
    """Why each pair left out is left out, from the plan as it stands: a pair with no common
    slot can never meet; otherwise the limits or the room of this plan kept it out."""
    taken, busy, count = _occupancy(pairs, slot_of)
    reasons = {}
    for pair in pairs:
        if pair.id in slot_of:
            continue
        common = common_slots[pair.id]
        if not common:
            reasons[pair.id] = NO_COMMON_SLOT
        elif count[pair.first] >= limit(pair.first) or count[pair.second] >= limit(pair.second):
            reasons[pair.id] = LIMIT_REACHED
        elif all(taken[slot] >= day.tables for slot in common):
            reasons[pair.id] = NO_TABLE
        else:
            reasons[pair.id] = PARTICIPANT_BUSY
    return reasons
