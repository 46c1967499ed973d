"""Counts the m and u probabilities of the matcher's levels on labelled data.

    python -m bench.imports.weights

For every imported row of the development sets (the `develop` part of
`bench/data/company_listings.csv`, and PATSTAT), the candidates the import would weigh
are found by its own finder (`imports.dedup.DuplicateFinder`: shared keys, sounds, words
and initials), and each candidate pair's levels are counted: among pairs of one company
(m) and among the others (u). The printed tables are what `search/duplicates.py` holds,
smoothed so that no level is impossible. The holdout part is not read.
"""

import csv
import os
from collections import defaultdict

from bench.imports.quality import PATSTAT, read_listings, read_patstat, split_patstat

SMOOTHING = 0.5
SEED = 20250601  # the import benchmark's, so PATSTAT is split as it splits it


def setup_django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pocketworld.settings")
    django.setup()


def candidate_pairs(existing, incoming, within_incoming):
    """[(row index, is one company, Likeness)] of every candidate the import would weigh,
    found and weighed by its own finder, told the existing records instead of reading them
    from a database."""
    from pocketworld.imports.dedup import CompanyRow, DuplicateFinder

    finder = DuplicateFinder("companies", user=None, load=False)
    entity_of = {}

    def remember(target, entity, row, name):
        finder.remember_company(target, row, name)
        entity_of[target] = entity

    for number, (entity, name, country) in enumerate(existing, 1):
        remember(
            ("id", number), entity, CompanyRow.of({"legal_name": name, "country": country}), name
        )
    known = {entity for entity, _name, _country in existing}
    pairs, truth = [], {}
    for number, (entity, name, country) in enumerate(incoming, 1):
        truth[number] = entity in known
        if within_incoming:
            known.add(entity)
        row = CompanyRow.of({"legal_name": name, "country": country})
        for target, likeness in finder.likenesses(row.facts, finder.company_targets(row)):
            pairs.append((number, entity_of[target] == entity, likeness))
        if within_incoming:
            remember(("row", number), entity, row, name)
    return pairs, truth


def evaluate(pairs, truth):
    """(precision, recall, offered) of the rows' best candidates at the matcher's
    thresholds; offered: rows of a known company whose best candidate is it, at ASK."""
    from pocketworld.search.duplicates import ASK, DUPLICATE

    best = {}
    for row, same, likeness in pairs:
        if row not in best or likeness.probability > best[row][1].probability:
            best[row] = (same, likeness)
    predicted = [same for same, likeness in best.values() if likeness.probability >= DUPLICATE]
    asked = [same for same, likeness in best.values() if likeness.probability >= ASK]
    true = sum(truth.values())
    precision = sum(predicted) / len(predicted) if predicted else 1.0
    return precision, sum(predicted) / true if true else 1.0, sum(asked) / true if true else 1.0


def count_levels(pairs):
    """{comparison: {level: [matches, non-matches]}}: every pair of two companies, and per
    row only the most alike pair of its own company (a row of a company imported for the
    600th time must not weigh 600 times)."""
    from pocketworld.search.duplicates import LEVEL_ORDER

    best = {}
    counts = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row, same, likeness in pairs:
        if not same:
            for comparison, level in likeness.levels.items():
                counts[comparison][level][1] += 1
        elif row not in best or LEVEL_ORDER.index(likeness.levels["name"]) < LEVEL_ORDER.index(
            best[row].levels["name"]
        ):
            best[row] = likeness
    for likeness in best.values():
        for comparison, level in likeness.levels.items():
            counts[comparison][level][0] += 1
    return counts


def print_table(counts):
    """m and u of each level, among the pairs where both records have the comparison's
    value (a missing value weighs nothing)."""
    for comparison, levels in counts.items():
        total_same = sum(same for same, _other in levels.values())
        total_other = sum(other for _same, other in levels.values())
        print(f"\n  {comparison}: level, pairs of one company, of two, m, u")
        for level, (same, other) in sorted(levels.items(), key=lambda item: -item[1][0]):
            m = (same + SMOOTHING) / (total_same + SMOOTHING * len(levels))
            u = (other + SMOOTHING) / (total_other + SMOOTHING * len(levels))
            print(f"    {level:<12}{same:>7}{other:>8}   ({m:.4f}, {u:.4f})")


def cross_script_sides():
    """The tuned cross-script pairs: the Latin names exist, the native ones are imported."""
    from bench.imports.quality import COUNTRY_OF_LANGUAGE
    from bench.search_world import LABELLED_PAIRS

    with open(LABELLED_PAIRS, encoding="utf-8", newline="") as source:
        pairs = list(csv.DictReader(source))
    existing = [
        (number, pair["latin_name"], COUNTRY_OF_LANGUAGE[pair["language"]])
        for number, pair in enumerate(pairs)
    ]
    incoming = [
        (number, pair["native_name"], COUNTRY_OF_LANGUAGE[pair["language"]])
        for number, pair in enumerate(pairs)
    ]
    return existing, incoming


def main():
    setup_django()
    counts = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for label, (existing, incoming, within) in {
        "listings, develop part": (*read_listings("develop"), False),
        "PATSTAT": (*split_patstat(read_patstat(PATSTAT), SEED), True),
        "cross-script names (the set the search was tuned on)": (*cross_script_sides(), False),
    }.items():
        found, truth = candidate_pairs(existing, incoming, within)
        precision, recall, offered = evaluate(found, truth)
        print(
            f"{label}: {len(incoming)} rows, {len(found)} candidate pairs; with the weights in "
            f"use: precision {precision:.3f}, recall {recall:.3f}, asked {offered:.3f}"
        )
        for comparison, levels in count_levels(found).items():
            for level, (same, other) in levels.items():
                counts[comparison][level][0] += same
                counts[comparison][level][1] += other
    same, other = (sum(pair[side] for pair in counts["name"].values()) for side in (0, 1))
    print(
        f"\nAll: {same} rows' own pairs and {other} other pairs; prior {same / (same + other):.4f}"
    )
    print_table(counts)


if __name__ == "__main__":
    main()
