"""How well the import finds duplicates, judged against hand-labelled public data."""

import csv
import io
import random
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from bench.imports.databases import sibling_database, use_database
from bench.populate.database import BASE_DIR, describe_database, prepare_schema, wipe
from bench.search_world import LABELLED_PAIRS

TARGET_PRECISION = 0.95
TARGET_RECALL = 0.90
PATSTAT = BASE_DIR / "bench" / "data" / "patstat_companies.csv"
LISTINGS = BASE_DIR / "bench" / "data" / "company_listings.csv"
PATSTAT_COUNTRY = "NL"
COUNTRY_OF_LANGUAGE = {"ja": "JP", "zh": "CN", "ko": "KR"}
# The two listings without a country (the SEC's and Yahoo's) list US exchanges.
LISTED_COUNTRY = "US"
LISTED = 20
SPLINK_THRESHOLD = 0.5


class Rollback(Exception):
    """Leaves the quality database as fresh as it was."""


@contextmanager
def rolled_back():
    """A transaction that is always rolled back, so the quality database stays empty."""
    from django.db import transaction

    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


@dataclass
class Judged:
    """One imported row, judged against the labels."""

    name: str
    is_true: bool  # a record or an earlier row of its cluster exists
    predicted: bool  # dedup.is_duplicate
    correct: bool  # predicted, and the top candidate is of its cluster
    asked: bool  # a candidate at all: the officer is asked (from `ASK`) or told
    asked_correct: bool  # asked, and the top candidate is of its cluster
    offered: bool  # a candidate of its cluster is among the candidates, at any score
    top: dict | None  # the best candidate
    expected: str  # a name of its cluster the row should have found
    group: str = ""

    def describe_candidate(self):
        if not self.top:
            return "no candidate"
        return f"{self.top['label']!r} ({self.top['score']:.2f}, {self.top['reason']})"


def judge(row, name, is_own, is_true, expected, group=""):
    """A checked row judged; `is_own(candidate)` tells a candidate of the row's cluster."""
    from pocketworld.imports.dedup import is_duplicate

    top = row.candidates[0] if row.candidates else None
    predicted = is_duplicate(row.candidates)
    return Judged(
        name=name,
        is_true=is_true,
        predicted=predicted,
        correct=predicted and is_own(top),
        asked=top is not None,
        asked_correct=top is not None and is_own(top),
        offered=any(is_own(candidate) for candidate in row.candidates),
        top=top,
        expected=expected,
        group=group,
    )


def prepare_quality_database(name):
    """Migrated, with the reference data, and no company: wiped first if a run left any."""
    from django.core.management import call_command

    from pocketworld.companies.models import Company
    from pocketworld.imports.models import ImportRun

    use_database(name)
    prepare_schema()
    if Company.objects.exists() or ImportRun.objects.exists():
        wipe()
        prepare_schema()
    call_command("load_reference_data", verbosity=0)


def check_file(rows, file_name):
    """`services.upload` and `services.check` of a Company;Country file of `rows` (name,
    country) by a director, as the wizard checks an upload; the checked rows, in order."""
    from pocketworld.accounts.models import User
    from pocketworld.core.choices import Role
    from pocketworld.imports import services
    from pocketworld.imports.choices import ImportKind, ImportStatus

    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Company", "Country"])
    writer.writerows(rows)
    director, _created = User.objects.get_or_create(
        username="bench.quality.director", defaults={"role": Role.DIRECTOR}
    )
    run = services.upload(ImportKind.COMPANIES, file_name, text.getvalue().encode(), director)
    if set(run.columns.values()) != {"legal_name", "country"}:
        raise RuntimeError(f"{file_name}: columns read as {run.columns}")
    services.check(run)
    if run.status != ImportStatus.CHECKED:
        raise RuntimeError(f"{file_name}: {run.status} {run.error}")
    checked = list(run.rows.order_by("number"))
    if len(checked) != len(rows):
        raise RuntimeError(f"{file_name}: {len(checked)} rows checked of {len(rows)}")
    return checked


def read_patstat(path):
    """[(person id, cluster, name)] ordered by person id."""
    with open(path, encoding="utf-8", newline="") as source:
        records = [
            (int(row["person_id"]), row["leuven_id"], row["person_name"])
            for row in csv.DictReader(source)
        ]
    return sorted(records)


def judge_patstat(records, seed):
    """[Judged] of every imported PATSTAT record, and the protocol's counts."""
    from pocketworld.companies.models import Company

    existing, imported = split_patstat(records, seed)
    first_name = {}
    for _pk, cluster, name in records:
        first_name.setdefault(cluster, name)
    cluster_of = {  # ("id", pk) or ("row", number) → cluster
        ("id", Company.objects.create(legal_name=name, country_id=country).pk): cluster
        for cluster, name, country in existing
    }
    checked = check_file([(name, country) for _c, name, country in imported], "patstat.csv")
    judged = []
    seen = {cluster for cluster, _name, _country in existing}
    for (cluster, name, _country), row in zip(imported, checked, strict=True):

        def is_own(candidate, cluster=cluster):
            target = ("row", candidate["row"]) if "row" in candidate else ("id", candidate["id"])
            return cluster_of.get(target) == cluster

        judged.append(judge(row, name, is_own, cluster in seen, first_name[cluster]))
        cluster_of[("row", row.number)] = cluster
        seen.add(cluster)
    counts = {
        "clusters": len(first_name),
        "existing": len(existing),
        "imported": len(imported),
    }
    return judged, counts


def read_listings(part):
    """(existing, incoming) of a part of the listings: [(entity, name, country)] each."""
    sides = {"existing": [], "incoming": []}
    with open(LISTINGS, encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source):
            if row["part"] == part:
                sides[row["side"]].append(
                    (row["entity"], row["name"], row["country"] or LISTED_COUNTRY)
                )
    return sides["existing"], sides["incoming"]


def judge_listings(existing, incoming):
    """[Judged] of the incoming listing imported as one file against the existing one."""
    from pocketworld.companies.models import Company

    entity_of = {
        Company.objects.create(legal_name=name, country_id=country).pk: entity
        for entity, name, country in existing
    }
    known = set(entity_of.values())
    checked = check_file([(name, country) for _e, name, country in incoming], "listing.csv")
    return [
        judge(
            row,
            name,
            lambda candidate, entity=entity: entity_of.get(candidate.get("id")) == entity,
            is_true=entity in known,
            expected=entity,
        )
        for (entity, name, _country), row in zip(incoming, checked, strict=True)
    ]


def splink_rates(existing, incoming, within_incoming):
    """(precision, recall) of Splink's best candidate per row at probability ≥ 0.5."""
    from bench.imports.splink_linker import best_matches

    records = [
        {"id": f"e{number}", "name": name, "country": country}
        for number, (_entity, name, country) in enumerate(existing)
    ]
    rows = [
        {"id": f"r{number}", "name": name, "country": country}
        for number, (_entity, name, country) in enumerate(incoming)
    ]
    entity_of = {
        record["id"]: entity for record, (entity, *_r) in zip(records, existing, strict=True)
    }
    entity_of |= {row["id"]: entity for row, (entity, *_r) in zip(rows, incoming, strict=True)}
    best = best_matches(records, rows, within_incoming)
    known, predicted, correct, true = {entity for entity, *_r in existing}, 0, 0, 0
    for row, (entity, *_rest) in zip(rows, incoming, strict=True):
        true += entity in known
        found = best.get(row["id"])
        if found and found[1] >= SPLINK_THRESHOLD:
            predicted += 1
            correct += entity_of[found[0]] == entity
        if within_incoming:
            known.add(entity)
    return (correct / predicted if predicted else 1.0), (correct / true if true else 1.0)


def split_patstat(records, seed):
    """(existing, incoming) as `judge_patstat` splits PATSTAT: the first record of half the
    clusters exists, the other records are imported in order; [(cluster, name, country)]."""
    clusters = sorted({cluster for _pk, cluster, _name in records})
    existing_clusters = set(random.Random(seed).sample(clusters, len(clusters) // 2))
    existing, incoming, seen = [], [], set()
    for _pk, cluster, name in records:
        side = existing if cluster in existing_clusters and cluster not in seen else incoming
        side.append((cluster, name, PATSTAT_COUNTRY))
        seen.add(cluster)
    return existing, incoming


def judge_cross_script(pairs):
    """[Judged] of the labelled pairs in both directions: the Latin name existing and the
    native one imported, then the other way round; `group` is direction and relation."""
    from pocketworld.companies.models import Company

    judged = []
    for existing_side, imported_side in (
        ("latin_name", "native_name"),
        ("native_name", "latin_name"),
    ):
        with rolled_back():
            companies = [
                Company.objects.create(
                    legal_name=pair[existing_side],
                    country_id=COUNTRY_OF_LANGUAGE[pair["language"]],
                )
                for pair in pairs
            ]
            checked = check_file(
                [(pair[imported_side], COUNTRY_OF_LANGUAGE[pair["language"]]) for pair in pairs],
                "cross-script.csv",
            )
            direction = "native → Latin" if existing_side == "latin_name" else "Latin → native"
            for pair, company, row in zip(pairs, companies, checked, strict=True):
                judged.append(
                    judge(
                        row,
                        pair[imported_side],
                        lambda candidate, pk=company.pk: candidate.get("id") == pk,
                        is_true=True,
                        expected=pair[existing_side],
                        group=f"{direction}, {pair['relation']}",
                    )
                )
    return judged


def rates(judged):
    """(precision, recall, predicted, correct, true duplicates)."""
    predicted = sum(row.predicted for row in judged)
    correct = sum(row.correct for row in judged)
    true = sum(row.is_true for row in judged)
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    return precision, recall, predicted, correct, true


def asked_rates(judged):
    """(precision, recall) when every row with a candidate counts as found: what the
    officer sees flagged, duplicates and questions together."""
    asked = sum(row.asked for row in judged)
    correct = sum(row.asked_correct for row in judged)
    true = sum(row.is_true for row in judged)
    return (correct / asked if asked else 1.0), (correct / true if true else 1.0)


def list_mistakes(title, rows, expected_label):
    """Up to `LISTED` distinct mistakes, the most frequent first."""
    mistakes = Counter((row.name, row.describe_candidate(), row.expected) for row in rows)
    print(f"  {title}: {len(rows)}" + (", the most frequent first:" if rows else ""))
    for (name, candidate, expected), count in mistakes.most_common(LISTED):
        print(f"    {count:>4}× {name!r} → {candidate}; {expected_label} {expected!r}")


def summarize_misses(judged):
    """Prints what the misses had instead of a duplicate of their cluster; returns them."""
    misses = [row for row in judged if row.is_true and not row.correct]
    kinds = Counter(
        "no candidate"
        if not row.top
        else "its cluster offered below DUPLICATE"
        if row.offered and not row.predicted
        else "another record on top"
        for row in misses
    )
    print("  misses: " + ", ".join(f"{count} {kind}" for kind, count in kinds.most_common()))
    return misses


def measure_quality(options, populated, missed):
    name = sibling_database(populated, "quality")
    started = time.perf_counter()
    prepare_quality_database(name)
    print(
        f"\nQuality database: {describe_database()} "
        f"(prepared in {time.perf_counter() - started:.1f} s)",
        flush=True,
    )

    records = read_patstat(PATSTAT)
    with rolled_back():
        judged, counts = judge_patstat(records, options.seed)
    precision, recall, predicted, correct, true = rates(judged)
    print(
        f"\nDuplicate detection on PATSTAT ({len(records):,} Dutch patent applicants in "
        f"{counts['clusters']} clusters hand-labelled by KU Leuven):"
    )
    print(
        f"  {counts['existing']} clusters exist as a company (their first record), "
        f"{counts['imported']:,} records imported as one file"
    )
    print(
        f"  true duplicates {true:,}, predicted {predicted:,}, correct {correct:,}, "
        f"false positives {predicted - correct:,}, misses {true - correct:,}"
    )
    print(
        f"  precision {precision:.3f} (target ≥ {TARGET_PRECISION}), "
        f"recall {recall:.3f} (target ≥ {TARGET_RECALL})"
    )
    misses = summarize_misses(judged)
    wrong = [row for row in judged if row.predicted and not row.correct]
    list_mistakes("False positives (row → top candidate)", wrong, "its cluster has")
    list_mistakes("Misses (row → top candidate)", misses, "its cluster has")
    if precision < TARGET_PRECISION:
        missed.append(f"PATSTAT precision {precision:.3f} < {TARGET_PRECISION}")
    if recall < TARGET_RECALL:
        missed.append(f"PATSTAT recall {recall:.3f} < {TARGET_RECALL}")

    splink_figures = splink_rates(*split_patstat(records, options.seed), True)
    comparison = [("PATSTAT", precision, recall, splink_figures)]
    for part, label in (("develop", "develop part"), ("holdout", "holdout, never tuned on")):
        existing, incoming = read_listings(part)
        with rolled_back():
            judged = judge_listings(existing, incoming)
        precision, recall, predicted, correct, true = rates(judged)
        print(
            f"\nDuplicate detection on the company listings, {label} ({len(existing)} "
            f"companies exist, {len(incoming)} rows imported, {true} of them duplicates):"
        )
        print(
            f"  predicted {predicted}, correct {correct}, false positives {predicted - correct}"
            f", misses {true - correct}; precision {precision:.3f}, recall {recall:.3f}"
        )
        asked_precision, asked_recall = asked_rates(judged)
        print(
            f"  duplicates and questions to the officer together: precision "
            f"{asked_precision:.3f}, recall {asked_recall:.3f}"
        )
        summarize_misses(judged)
        if part == "develop":  # the holdout's mistakes are not shown, lest rules follow them
            wrong = [row for row in judged if row.predicted and not row.correct]
            list_mistakes("False positives (row → top candidate)", wrong, "its company is")
            misses = [row for row in judged if row.is_true and not row.correct]
            list_mistakes("Misses (row → top candidate)", misses, "its company is")
        else:
            if precision < TARGET_PRECISION:
                missed.append(f"listings holdout precision {precision:.3f} < {TARGET_PRECISION}")
            if recall < TARGET_RECALL:
                missed.append(f"listings holdout recall {recall:.3f} < {TARGET_RECALL}")
        comparison.append(
            (f"listings, {label}", precision, recall, splink_rates(existing, incoming, False))
        )
    print(
        f"\nOurs beside Splink (the same rows; Splink's best candidate at probability ≥ "
        f"{SPLINK_THRESHOLD}; targets precision ≥ {TARGET_PRECISION}, recall ≥ {TARGET_RECALL})"
    )
    print(f"  {'set':<36}{'ours P':>8}{'R':>7}{'Splink P':>10}{'R':>7}")
    for label, precision, recall, (splink_precision, splink_recall) in comparison:
        print(
            f"  {label:<36}{precision:>8.3f}{recall:>7.3f}"
            f"{splink_precision:>10.3f}{splink_recall:>7.3f}"
        )

    with open(LABELLED_PAIRS, encoding="utf-8", newline="") as source:
        pairs = list(csv.DictReader(source))
    judged = judge_cross_script(pairs)
    print(
        f"\nCross-script pairs ({len(pairs)} real companies, {LABELLED_PAIRS.name}), not a "
        "target: one name exists, the other is imported; 'offered' counts the rows whose "
        "company is among the candidates at any score"
    )
    print(
        f"  {'imported → existing, relation':<34}{'rows':>6}{'predicted':>11}{'correct':>9}"
        f"{'precision':>11}{'recall':>8}{'offered':>9}"
    )
    for group in sorted({row.group for row in judged}):
        rows = [row for row in judged if row.group == group]
        precision, recall, predicted, correct, _true = rates(rows)
        offered = sum(row.offered for row in rows)
        print(
            f"  {group:<34}{len(rows):>6}{predicted:>11}{correct:>9}"
            f"{precision:>11.3f}{recall:>8.3f}{offered:>9}"
        )
    wrong = [row for row in judged if row.predicted and not row.correct]
    list_mistakes("Wrong duplicates (row → top candidate)", wrong, "its pair is")
    misses = [row for row in judged if not row.correct and "transliteration" in row.group]
    list_mistakes("Transliterations missed (row → top candidate)", misses, "its pair is")
