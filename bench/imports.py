"""Measure the company import: a large chamber list against a large registry, and duplicate
detection on hand-labelled public data.

    python -m bench.imports [--database-url URL] [--var-dir var/bench-imports]
        [--rows 100000] [--duplicate-share 0.1] [--seed 20250601] [--companies 100000]
        [--skip-quality] [--skip-speed]

1. Quality, in a small database of its own beside the bench one (migrated, reference data
   loaded, everything rolled back afterwards): the Dutch PATSTAT applicants hand-labelled
   by KU Leuven (`bench/data/patstat_companies.csv`). Half of the clusters exist as a
   company; all other records are imported as one file, by a director, through
   `services.upload` and `services.check`; precision and recall of the rows found to be
   duplicates (the targets: ≥ 0.95 and ≥ 0.90). Then the cross-script pairs
   (`cross_script_names.csv`), one name of each existing and the other imported, in both
   directions (not a target).
2. Speed: fills the bench database with `bench.populate` (companies, their names and
   sites, no projects, interactions or tasks) and the search index, writes a seeded chamber
   list (`Firma;Land;Mitarbeiter;Website;Straße;PLZ;Ort`, UTF-8 with BOM) with new
   companies and planted duplicates of the registry's written differently, copies the
   database, and runs `manage.py import FILE --kind companies` on the copy in a child
   process: wall time and the child's peak resident memory (the targets: ≤ 120 s, ≤ 500
   MB), the outcomes, and how many planted duplicates were found.

Exits 1 when a target is missed.
"""

import argparse
import csv
import hashlib
import io
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.pages import conclude
from bench.populate import (
    BASE_DIR,
    DEFAULT_LEGAL_FORMS,
    LEGAL_FORMS,
    SEED,
    add_database_arguments,
    configure,
    describe_database,
    is_postgresql,
    prepare_schema,
    wipe,
)
from bench.populate import main as populate
from bench.search import one_typo
from bench.search_world import LABELLED_PAIRS, SUBSIDIARY_FORMS, Names

DEFAULT_VAR_DIR = "var/bench-imports"
TARGET_SECONDS = 120
TARGET_MB = 500
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.90
PATSTAT = BASE_DIR / "bench" / "data" / "patstat_companies.csv"
PATSTAT_COUNTRY = "NL"
COUNTRY_OF_LANGUAGE = {"ja": "JP", "zh": "CN", "ko": "KR"}
LISTED = 20
HEADERS = ["Firma", "Land", "Mitarbeiter", "Website", "Straße", "PLZ", "Ort"]

# How the planted duplicates differ from the registry's name, with their shares.
VARIANTS = [
    ("case", 0.20),
    ("legal form", 0.20),
    ("German subsidiary", 0.15),
    ("punctuation", 0.15),
    ("umlauts", 0.10),
    ("native script", 0.10),
    ("several at once", 0.05),
    ("typo", 0.05),
]
# Other spellings of the legal forms of `bench.populate`, as lists write them ("B. V." and
# "N. V." are in the PATSTAT records too), and those of a German subsidiary.
# fmt: off
LEGAL_FORM_SPELLINGS = {
    "K.K.": ["KK", "K.K", "Kabushiki Kaisha"], "Corporation": ["Corp.", "Corp"],
    "Co., Ltd.": ["Co Ltd", "Co. Ltd", "Company Limited", "Co., Limited"],
    "Group Co., Ltd.": ["Group Co Ltd", "Group Company Limited"],
    "Corp.": ["Corporation", "Corp"], "Ltd.": ["Ltd", "Limited"], "Ltd": ["Ltd.", "Limited"],
    "Holdings Ltd.": ["Holdings Limited", "Holdings Ltd"],
    "Pvt. Ltd.": ["Private Limited", "Pvt Ltd"], "Inc.": ["Inc", "Incorporated"],
    "LLC": ["L.L.C.", "Llc"], "plc": ["PLC", "p.l.c."], "SAS": ["S.A.S.", "S.A.S"],
    "SA": ["S.A.", "S.A"], "S.A.": ["SA", "S.A"], "B.V.": ["BV", "B. V."],
    "N.V.": ["NV", "N. V."], "S.p.A.": ["SpA", "S.P.A."], "S.r.l.": ["Srl", "S.R.L."],
    "S.L.": ["SL", "S.L"], "AG": ["A.G.", "Aktiengesellschaft"], "AB": ["A.B.", "Aktiebolag"],
    "Oy": ["OY", "Oy."], "A/S": ["AS", "A.S."], "ApS": ["APS", "Aps."],
    "sp. z o.o.": ["Sp. z o. o.", "Sp.z.o.o.", "sp. z.o.o."], "Holding": ["Holdings"],
    "Group": ["Holding"],
}
GERMAN_FORMS = [
    "GmbH", "G.m.b.H.", "Deutschland GmbH", "Deutschland G.m.b.H.", "Europe GmbH",
    "GmbH & Co. KG",
]
# fmt: on
# Longest first, so that "Group Co., Ltd." is split off before "Co., Ltd.".
WORLD_LEGAL_FORMS = sorted(
    {form for forms in LEGAL_FORMS.values() for form in forms} | set(DEFAULT_LEGAL_FORMS),
    key=len,
    reverse=True,
)
UMLAUTS = {"ae": "ä", "oe": "ö", "ue": "ü", "Ae": "Ä", "Oe": "Ö", "Ue": "Ü"}
UMLAUT_SPELLING = re.compile("|".join(UMLAUTS), re.IGNORECASE)
JAPANESE_LEGAL_FORM = "株式会社"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.set_defaults(var_dir=DEFAULT_VAR_DIR)
    parser.add_argument("--rows", type=int, default=100_000, help="Rows of the chamber list.")
    parser.add_argument(
        "--duplicate-share",
        type=float,
        default=0.1,
        help="Share of the rows that are companies of the registry written differently.",
    )
    parser.add_argument("--seed", type=int, default=SEED, help="Of the world and the file.")
    parser.add_argument("--companies", type=int, default=100_000, help="Companies of the registry.")
    parser.add_argument("--skip-speed", action="store_true", help="Measure the quality only.")
    parser.add_argument("--skip-quality", action="store_true", help="Measure the speed only.")
    return parser.parse_args(argv)


# --- databases ---------------------------------------------------------------------------


def use_database(name):
    """Point the default connection at another database of the same server, as Django's
    test runner does with its test database."""
    from django.conf import settings
    from django.db import connection

    connection.close()
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name


def sibling_database(populated, suffix):
    """The name of another bench database beside the populated one: a file next to it on
    SQLite, a database of the same server on PostgreSQL."""
    from django.db import connection

    if connection.vendor == "sqlite":
        path = Path(populated)
        return str(path.with_name(f"{path.stem}-{suffix}{path.suffix}"))
    return f"{populated}_{suffix}"


def database_url(environment, name):
    """DATABASE_URL of database `name` on the server of the bench database."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    parts = urllib.parse.urlsplit(environment["DATABASE_URL"])
    return parts._replace(path=f"/{name}").geturl()


def server_connection():
    """An autocommit connection to the PostgreSQL server's maintenance database."""
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        autocommit=True,
    )


def copy_database(source, target):
    """Make `target` a copy of `source`: SQLite's backup into a new file; on PostgreSQL a
    new database with `source` as its template, which copies the files and does not replay
    a single row."""
    from django.db import connection

    connection.close()
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
        original, copy = sqlite3.connect(source), sqlite3.connect(target)
        try:
            original.backup(copy)
        finally:
            copy.close()
            original.close()
        return
    from psycopg import sql

    with server_connection() as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target))
        )
        server.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(target), sql.Identifier(source)
            )
        )


# --- quality -----------------------------------------------------------------------------


class Rollback(Exception):
    """Leaves the quality database as fresh as it was."""


@dataclass
class Judged:
    """One imported row, judged against the labels."""

    name: str
    is_true: bool  # a record or an earlier row of its cluster exists
    predicted: bool  # dedup.is_duplicate
    correct: bool  # predicted, and the top candidate is of its cluster
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
    from pocketworld.accounts.choices import Role
    from pocketworld.accounts.models import User
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

    clusters = sorted({cluster for _pk, cluster, _name in records})
    existing_clusters = set(random.Random(seed).sample(clusters, len(clusters) // 2))
    cluster_of = {}  # ("id", pk) or ("row", number) → cluster
    first_name = {}
    imported = []
    for _person_id, cluster, name in records:
        if cluster in existing_clusters and cluster not in first_name:
            company = Company.objects.create(legal_name=name, country_id=PATSTAT_COUNTRY)
            cluster_of[("id", company.pk)] = cluster
        else:
            imported.append((cluster, name))
        first_name.setdefault(cluster, name)
    checked = check_file([(name, PATSTAT_COUNTRY) for _c, name in imported], "patstat.csv")
    judged = []
    seen = set(existing_clusters)
    for (cluster, name), row in zip(imported, checked, strict=True):

        def is_own(candidate, cluster=cluster):
            target = ("row", candidate["row"]) if "row" in candidate else ("id", candidate["id"])
            return cluster_of.get(target) == cluster

        judged.append(judge(row, name, is_own, cluster in seen, first_name[cluster]))
        cluster_of[("row", row.number)] = cluster
        seen.add(cluster)
    counts = {
        "clusters": len(clusters),
        "existing": len(existing_clusters),
        "imported": len(imported),
    }
    return judged, counts


def judge_cross_script(pairs):
    """[Judged] of the labelled pairs in both directions: the Latin name existing and the
    native one imported, then the other way round; `group` is direction and relation."""
    from django.db import transaction

    from pocketworld.companies.models import Company

    judged = []
    for existing_side, imported_side in (
        ("latin_name", "native_name"),
        ("native_name", "latin_name"),
    ):
        try:
            with transaction.atomic():
                companies = [
                    Company.objects.create(
                        legal_name=pair[existing_side],
                        country_id=COUNTRY_OF_LANGUAGE[pair["language"]],
                    )
                    for pair in pairs
                ]
                checked = check_file(
                    [
                        (pair[imported_side], COUNTRY_OF_LANGUAGE[pair["language"]])
                        for pair in pairs
                    ],
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
                raise Rollback
        except Rollback:
            pass
    return judged


def rates(judged):
    """(precision, recall, predicted, correct, true duplicates)."""
    predicted = sum(row.predicted for row in judged)
    correct = sum(row.correct for row in judged)
    true = sum(row.is_true for row in judged)
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    return precision, recall, predicted, correct, true


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
        else "its cluster offered below HIGH"
        if row.offered and not row.predicted
        else "another record on top"
        for row in misses
    )
    print("  misses: " + ", ".join(f"{count} {kind}" for kind, count in kinds.most_common()))
    return misses


def measure_quality(options, populated, missed):
    from django.db import transaction

    name = sibling_database(populated, "quality")
    started = time.perf_counter()
    prepare_quality_database(name)
    print(
        f"\nQuality database: {describe_database()} "
        f"(prepared in {time.perf_counter() - started:.1f} s)",
        flush=True,
    )

    records = read_patstat(PATSTAT)
    try:
        with transaction.atomic():
            judged, counts = judge_patstat(records, options.seed)
            raise Rollback
    except Rollback:
        pass
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


# --- the chamber list ----------------------------------------------------------------------


@dataclass(frozen=True)
class Planted:
    """What a row of the chamber list duplicates: a company of the registry."""

    company_id: int
    legal_name: str
    variant: str


class Registry:
    """What the file is made from: the registry's companies, names, sites and keys."""

    def __init__(self):
        from pocketworld.companies.choices import NameKind
        from pocketworld.companies.models import Company, CompanyName, Site
        from pocketworld.core.models import Country, Municipality
        from pocketworld.search.models import SearchEntry

        self.companies = list(
            Company.objects.order_by("pk").values_list(
                "pk", "legal_name", "country_id", "website", "employees_region"
            )
        )
        self.natives = dict(
            CompanyName.objects.filter(kind=NameKind.NATIVE)
            .order_by("pk")
            .values_list("company_id", "name")
        )
        municipalities = dict(Municipality.objects.values_list("key", "name"))
        self.municipality_names = sorted(municipalities.values())
        self.sites = {}
        for company_id, street, postcode, municipality in Site.objects.order_by("pk").values_list(
            "company_id", "street", "postcode", "municipality_id"
        ):
            if street and postcode:
                self.sites.setdefault(company_id, (street, postcode, municipalities[municipality]))
        self.countries = {
            code: (name_de, name_en)
            for code, name_de, name_en in Country.objects.values_list("code", "name_de", "name_en")
        }
        self.keys = set(
            SearchEntry.objects.filter(kind="company").values_list("key", flat=True).distinct()
        )


def split_legal_form(name):
    """(name without its legal form, the legal form of `bench.populate`, or "")."""
    for form in WORLD_LEGAL_FORMS:
        if name.endswith(" " + form):
            return name[: -len(form) - 1], form
    return name, ""


def respell(legal_name, native_name, variant, rng):
    """The company's name as the chamber list writes it."""
    base, form = split_legal_form(legal_name)
    other_form = rng.choice(LEGAL_FORM_SPELLINGS.get(form, [form]))
    if variant == "case":
        return rng.choice([str.upper, str.lower, str.title])(legal_name)
    if variant == "legal form":
        return f"{base} {other_form}"
    if variant == "German subsidiary":
        return f"{base} {rng.choice(GERMAN_FORMS)}"
    if variant == "punctuation":
        return rng.choice(
            [
                f"{base.replace(' ', '-', 1)} {form}",
                f"{base}, {form}",
                f'"{base}" {form}',
                f"{base} - {form}",
                f"{legal_name},",
                f"* {legal_name}",
            ]
        )
    if variant == "umlauts":
        return UMLAUT_SPELLING.sub(lambda found: UMLAUTS[found.group(0)], legal_name)
    if variant == "native script":
        stem = native_name.replace(JAPANESE_LEGAL_FORM, "")
        return rng.choice([native_name, JAPANESE_LEGAL_FORM + stem, f"{stem}(株)"])
    if variant == "several at once":
        return f"{base}, {other_form}".upper()
    words = base.split()
    longest = max(range(len(words)), key=lambda index: len(words[index]))
    words[longest] = one_typo(words[longest], rng)
    return f"{' '.join(words)} {form}"


def fitting_variants(company, registry):
    """The variants that can respell `company`: all but three fit every name."""
    pk, legal_name, *_rest = company
    fitting = {"case", "legal form", "German subsidiary", "punctuation", "several at once"}
    if pk in registry.natives:
        fitting.add("native script")
    if UMLAUT_SPELLING.search(legal_name):
        fitting.add("umlauts")
    if any(len(word) >= 5 for word in split_legal_form(legal_name)[0].split()):
        fitting.add("typo")
    return fitting


def choose_planted(registry, count, rng):
    """[(company, variant)]: `count` distinct companies, each variant's share among those
    it fits; what a variant lacks goes to "case"."""
    wanted = {variant: int(share * count) for variant, share in VARIANTS}
    wanted["case"] += count - sum(wanted.values())
    fitting = [(company, fitting_variants(company, registry)) for company in registry.companies]
    chosen, used = [], set()
    for variant, _share in reversed(VARIANTS):  # the rarest fits first
        candidates = [
            company
            for company, variants in fitting
            if variant in variants and company[0] not in used
        ]
        picked = rng.sample(candidates, min(wanted[variant], len(candidates)))
        if variant != "case":
            wanted["case"] += wanted[variant] - len(picked)
        for company in picked:
            used.add(company[0])
            chosen.append((company, variant))
    return chosen


def country_cell(code, registry, rng):
    """Mostly the German name, sometimes the code or the English name."""
    name_de, name_en = registry.countries[code]
    return rng.choices([name_de, code, name_en], weights=[85, 10, 5])[0]


def employees_cell(count):
    """As a German list writes it: 1.200."""
    return "" if count is None else f"{count:,}".replace(",", ".")


def planted_row(company, variant, registry, rng):
    pk, legal_name, country, website, employees = company
    name = respell(legal_name, registry.natives.get(pk), variant, rng)
    web = ""
    if website and rng.random() < 0.3:
        host = urllib.parse.urlsplit(website).hostname
        web = rng.choice([host, host.removeprefix("www."), f"http://{host}/"])
    street = postcode = municipality = ""
    if pk in registry.sites and rng.random() < 0.5:
        street, postcode, municipality = registry.sites[pk]
        if rng.random() < 0.5:
            street = street.replace("ö", "oe")
    return [
        name,
        country_cell(country, registry, rng),
        employees_cell(employees if rng.random() < 0.6 else None),
        web,
        street,
        postcode,
        municipality,
    ]


class NewCompanies:
    """Rows of companies the registry does not have, from `bench.search_world`'s names
    (Faker's in the country's locale, and readings of Chinese, Japanese and Korean ones),
    a third as the German subsidiary. A name is drawn again while one of its keys is a key
    of the registry or of a row before it; `collisions` counts those kept after 20 draws."""

    def __init__(self, registry, seed, rng):
        from faker import Faker

        self.registry = registry
        self.rng = rng
        self.names = Names(seed)
        self.german = Faker("de_DE")
        self.german.seed_instance(seed)
        self.countries = [country for _pk, _name, country, *_rest in registry.companies]
        self.taken = set(registry.keys)
        self.collisions = 0

    def name(self, country):
        from pocketworld.search.languages import language_of_country
        from pocketworld.search.normalization import name_keys

        rng = self.rng
        for _attempt in range(20):
            stem, legal_form, native, _language = self.names.company(country, rng)
            if rng.random() < 0.33:
                legal_form = rng.choice(SUBSIDIARY_FORMS)
            if legal_form and legal_form.split()[0] in stem.split():
                legal_form = ""
            name = f"{stem} {legal_form}".strip()
            if native and rng.random() < 0.2:
                name = native
            keys = {key.text for key in name_keys(name, language_of_country(country))}
            if not keys & self.taken:
                break
        else:
            self.collisions += 1
        self.taken |= keys
        return name, stem

    def row(self):
        rng = self.rng
        country = rng.choice(self.countries)
        name, stem = self.name(country)
        web = ""
        if rng.random() < 0.4:
            slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
            web = f"www.{slug}.example" if slug else ""
        street = postcode = municipality = ""
        if rng.random() < 0.6:
            street = f"{self.german.street_name()} {rng.randint(1, 180)}"
            postcode = str(rng.randint(40210, 59969))
            municipality = (
                "Düsseldorf" if rng.random() < 0.3 else rng.choice(self.registry.municipality_names)
            )
        employees = int(rng.lognormvariate(3, 1.6)) + 1 if rng.random() < 0.5 else None
        return [
            name,
            country_cell(country, self.registry, rng),
            employees_cell(employees),
            web,
            street,
            postcode,
            municipality,
        ]


def make_chamber_list(registry, rows, duplicate_share, seed):
    """(the file's bytes, [Planted or None] per data row, collisions among new names)."""
    rng = random.Random(seed)
    planted_count = round(rows * duplicate_share)
    lines = [
        (planted_row(company, variant, registry, rng), Planted(company[0], company[1], variant))
        for company, variant in choose_planted(registry, planted_count, rng)
    ]
    new = NewCompanies(registry, seed, rng)
    lines += [(new.row(), None) for _ in range(rows - planted_count)]
    rng.shuffle(lines)
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(cells for cells, _truth in lines)
    content = ("\ufeff" + text.getvalue()).encode("utf-8")
    return content, [truth for _cells, truth in lines], new.collisions


def chamber_list(registry, options, var):
    """(path, [Planted or None] per data row, collisions, whether reused) of the chamber
    list: made once (a minute, more on a busy machine), then reused while the options, the
    size of the registry and the code that makes both stay the same."""
    path, truth_path = var / "chamber-list.csv", var / "chamber-list.json"
    digest = hashlib.sha256()
    for module in ("imports.py", "populate.py", "search_world.py"):
        digest.update((BASE_DIR / "bench" / module).read_bytes())
    size = f"{options.rows} {options.duplicate_share} {options.seed} {len(registry.companies)}"
    digest.update(size.encode())
    version = digest.hexdigest()[:12]
    if path.exists() and truth_path.exists():
        saved = json.loads(truth_path.read_text(encoding="utf-8"))
        if saved["version"] == version:
            planted = [Planted(*truth) if truth else None for truth in saved["planted"]]
            return path, planted, saved["collisions"], True
    content, planted, collisions = make_chamber_list(
        registry, options.rows, options.duplicate_share, options.seed
    )
    path.write_bytes(content)
    saved = {
        "version": version,
        "collisions": collisions,
        "planted": [
            [truth.company_id, truth.legal_name, truth.variant] if truth else None
            for truth in planted
        ],
    }
    truth_path.write_text(json.dumps(saved), encoding="utf-8")
    return path, planted, collisions, False


# --- speed -------------------------------------------------------------------------------


def fill_world(options, environment, populated):
    """The populated bench database with its search index; False when populating failed."""
    from django.db import connection

    from pocketworld.companies.models import Company
    from pocketworld.search.models import SearchEntry
    from pocketworld.search.services import rebuild_index

    use_database(populated)
    status = populate(
        [
            "--database-url",
            environment["DATABASE_URL"],
            "--var-dir",
            options.var_dir,
            "--seed",
            str(options.seed),
            "--companies",
            str(options.companies),
            "--projects",
            "0",
            "--interactions",
            "0",
            "--tasks",
            "0",
        ]
    )
    if status:
        return False
    indexed = SearchEntry.objects.filter(kind="company").values("object_id").distinct().count()
    if indexed != Company.objects.count():
        started = time.perf_counter()
        written = rebuild_index(["company"])["company"]
        if is_postgresql():
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"  search index: {time.perf_counter() - started:.1f} s ({written:,} entries)",
            flush=True,
        )
    return True


def run_import(path, environment, url, log):
    """`manage.py import` in a child process: (exit status, wall seconds, CPU seconds, peak
    resident MB)."""
    command = [sys.executable, "manage.py", "import", str(path), "--kind", "companies"]
    child_environment = {**os.environ, **environment, "DATABASE_URL": url}
    with open(log, "w", encoding="utf-8") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=child_environment, stdout=output, stderr=subprocess.STDOUT
        )
        # wait4 gives this child's own rusage (ru_maxrss in KiB on Linux).
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return process.returncode, seconds, cpu, usage.ru_maxrss / 1024


def report_planted(planted):
    """Planted duplicates found per variant, and the rows flagged that were not planted."""
    from pocketworld.imports.dedup import is_duplicate
    from pocketworld.imports.models import ImportRun

    run = ImportRun.objects.order_by("-pk").first()
    rows = run.rows.order_by("number").values_list("values", "candidates")
    per_variant = {variant: Counter() for variant, _share in VARIANTS}
    false_alarms = []
    read = 0
    for (values, candidates), truth in zip(rows.iterator(chunk_size=5000), planted, strict=False):
        read += 1
        flagged = is_duplicate(candidates)
        if truth is None:
            if flagged:
                false_alarms.append((values.get("legal_name", ""), candidates[0]))
            continue
        counts = per_variant[truth.variant]
        counts["planted"] += 1
        if flagged:
            counts["found"] += 1
            counts["itself"] += candidates[0].get("id") == truth.company_id
    if read != len(planted):
        print(f"  The run has {read:,} rows, the file {len(planted):,}: not compared.")
        return
    print("\nPlanted duplicates found (flagged as duplicates; pointing at the company itself,")
    print("not a namesake: bench.populate draws its names from 56 stems and 28 words):")
    print(f"  {'variant':<20}{'planted':>9}{'found':>8}{'recall':>8}{'itself':>8}")
    total = Counter()
    for variant, counts in per_variant.items():
        total.update(counts)
        if counts["planted"]:
            print(
                f"  {variant:<20}{counts['planted']:>9,}{counts['found']:>8,}"
                f"{counts['found'] / counts['planted']:>8.3f}{counts['itself']:>8,}"
            )
    found, flagged = total["found"], total["found"] + len(false_alarms)
    print(
        f"  {'all':<20}{total['planted']:>9,}{found:>8,}{found / total['planted']:>8.3f}"
        f"{total['itself']:>8,}"
    )
    reasons = Counter(candidate["reason"] for _name, candidate in false_alarms)
    print(
        f"  rows flagged as duplicates {flagged:,}, of them not planted {len(false_alarms):,} "
        f"({', '.join(f'{count:,} {reason}' for reason, count in reasons.most_common())}): "
        f"precision {found / flagged if flagged else 1.0:.3f}"
    )
    for name, candidate in false_alarms[:LISTED]:
        print(
            f"    {name!r} → {candidate['label']!r} ({candidate['score']:.2f}, "
            f"{candidate['reason']})"
        )


def measure_speed(options, environment, populated, missed):
    from pocketworld.companies.models import Company
    from pocketworld.imports.choices import RowOutcome
    from pocketworld.imports.models import ImportRun

    print(flush=True)
    if not fill_world(options, environment, populated):
        missed.append("populating the bench database failed")
        return
    registry = Registry()
    var = Path(environment["POCKETWORLD_VAR_DIR"])
    started = time.perf_counter()
    path, planted, collisions, reused = chamber_list(registry, options, var)
    print(
        f"\nChamber list {path}: {len(planted):,} rows, {path.stat().st_size / 2**20:.1f} MB, "
        f"{sum(truth is not None for truth in planted):,} planted duplicates; "
        f"{collisions} new names have a key of the registry or of an earlier row "
        + ("(reused)" if reused else f"(made in {time.perf_counter() - started:.0f} s)"),
        flush=True,
    )

    work = sibling_database(populated, "work")
    started = time.perf_counter()
    copy_database(populated, work)
    print(f"Restored the populated world as {work} in {time.perf_counter() - started:.1f} s")

    log = var / "import.log"
    load_before = os.getloadavg()[0]
    url = database_url(environment, work)
    status, seconds, cpu, megabytes = run_import(path, environment, url, log)
    print(f"\nmanage.py import {path.name} --kind companies (log: {log}):")
    print(
        f"  wall time {seconds:.1f} s (target ≤ {TARGET_SECONDS} s), CPU time {cpu:.1f} s; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print(f"  peak resident memory {megabytes:.0f} MB (target ≤ {TARGET_MB} MB)")
    if status:
        print(f"  failed with exit status {status}; the log ends:")
        for line in log.read_text(encoding="utf-8").splitlines()[-25:]:
            print(f"    {line}")
        missed.append(f"the import failed (exit status {status})")
        return
    if seconds > TARGET_SECONDS:
        missed.append(f"the import took {seconds:.0f} s > {TARGET_SECONDS} s")
    if megabytes > TARGET_MB:
        missed.append(f"the import took {megabytes:.0f} MB > {TARGET_MB} MB")

    use_database(work)
    run = ImportRun.objects.order_by("-pk").first()
    outcomes = ", ".join(
        f"{run.counts.get(outcome, 0):,} {outcome}" for outcome in RowOutcome.values
    )
    print(f"  outcomes: {outcomes}")
    print(f"  companies now {Company.objects.count():,} (were {len(registry.companies):,})")
    problems = Counter(
        problem["message"]
        for row_problems in run.rows.exclude(problems=[]).values_list("problems", flat=True)
        for problem in row_problems
    )
    for message, count in problems.most_common(5):
        print(f"  {count:,} rows: {message}")
    report_planted(planted)


def main(argv=None):
    options = parse_args(argv)
    environment = configure(options.database_url, options.var_dir)
    from django.conf import settings
    from django.utils import translation

    translation.activate("en")  # the reasons of candidates, as the command prints them
    populated = str(settings.DATABASES["default"]["NAME"])
    print(f"pocketworld import benchmark: {describe_database()}", flush=True)
    missed = []
    if not options.skip_quality:
        measure_quality(options, populated, missed)
    if not options.skip_speed:
        measure_speed(options, environment, populated, missed)
    return conclude(missed)


if __name__ == "__main__":
    sys.exit(main())
