"""The chamber list the speed is measured on: new companies and planted duplicates, seeded."""

import csv
import hashlib
import io
import json
import random
import re
import urllib.parse
from dataclasses import dataclass

from bench.populate.database import BASE_DIR
from bench.populate.parameters import DEFAULT_LEGAL_FORMS, LEGAL_FORMS
from bench.search import one_typo
from bench.search_world import SUBSIDIARY_FORMS, Names

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
    for package in ("imports", "populate"):
        for module in sorted((BASE_DIR / "bench" / package).glob("*.py")):
            digest.update(module.read_bytes())
    digest.update((BASE_DIR / "bench" / "search_world.py").read_bytes())
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
