"""Loading reference data from the standards, idempotently: a second run changes nothing."""

import csv
import gettext
import re
from pathlib import Path

import pycountry
from django.apps import apps as installed_apps
from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"

# The service's own promotion themes to start with; administrators edit them afterwards.
INITIAL_FOCUS_AREAS = [
    ("greentech", "GreenTech", "GreenTech"),
    ("connectivity", "Connectivity", "Konnektivität"),
    ("life-sciences", "Life sciences", "Life Sciences"),
    ("robotics", "Robotics and automation", "Robotik und Automatisierung"),
    ("digitalisation", "Digitalisation and AI", "Digitalisierung und KI"),
    ("mobility-logistics", "Mobility and logistics", "Mobilität und Logistik"),
]


def _german(domain):
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["de"], fallback=True)


def _sync(model, key_field, rows):
    """Create missing rows and update changed ones; returns (created, updated)."""
    existing = {getattr(obj, key_field): obj for obj in model.objects.all()}
    created = updated = 0
    for key, values in rows:
        obj = existing.get(key)
        if obj is None:
            model.objects.create(**{key_field: key}, **values)
            created += 1
        elif any(getattr(obj, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(obj, field, value)
            obj.save()
            updated += 1
    return created, updated


def country_rows():
    german = _german("iso3166-1")
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        # The common name ("South Korea", "Südkorea") reads better than the formal one.
        yield (
            country.alpha_2,
            {
                "alpha3": country.alpha_3,
                "name_en": english,
                "name_de": german.gettext(english),
            },
        )


def language_rows():
    german = _german("iso639-3")
    for language in pycountry.languages:
        if hasattr(language, "alpha_2"):
            yield (
                language.alpha_2,
                {
                    "name_en": language.name,
                    "name_de": german.gettext(language.name),
                },
            )


def _read_csv(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as file:
        yield from csv.DictReader(file)


# Destatis heads the German section titles "ABSCHNITT C – VERARBEITENDES GEWERBE"; the code
# is shown beside every title already (`Sector.__str__`).
GERMAN_SECTION_HEADING = re.compile(r"^ABSCHNITT [A-Z] – ")


def load_sectors(sector_model):
    created = updated = 0
    sections = {}
    for row in _read_csv("wz2008_sections_divisions.csv"):
        level = row["level"]
        values = {
            "level": level,
            "title_de": GERMAN_SECTION_HEADING.sub("", row["title_de"]),
            "title_en": row["title_en"],
            "section": None if level == "section" else sections[row["section"]],
        }
        c, u = _sync(sector_model, "code", [(row["code"], values)])
        created, updated = created + c, updated + u
        if level == "section":
            sections[row["code"]] = sector_model.objects.get(code=row["code"])
    return created, updated


def load_occupations(occupation_model):
    """ISCO-08 from isco08.csv, one level at a time, so that each group's parent (its code
    without the last digit) is in the table before the group itself."""
    rows = list(_read_csv("isco08.csv"))
    created = updated = 0
    for length in range(1, 5):
        ids = dict(occupation_model.objects.values_list("code", "id"))
        level_rows = [
            (
                row["code"],
                {
                    "level": row["level"],
                    "title_en": row["title_en"],
                    "title_de": row["title_de"],
                    "parent_id": ids[row["code"][:-1]] if length > 1 else None,
                },
            )
            for row in rows
            if len(row["code"]) == length
        ]
        c, u = _sync(occupation_model, "code", level_rows)
        created, updated = created + c, updated + u
    return created, updated


def municipality_rows():
    for row in _read_csv("nrw_municipalities.csv"):
        yield (
            row["key"],
            {
                "name": row["official_name"].split(",")[0].strip(),
                "official_name": row["official_name"],
                "district": row["district"].split(",")[0].strip(),
                "administrative_region": row["administrative_region"],
            },
        )


def _model_if_migrated(apps, name):
    try:
        return apps.get_model("core", name)
    except LookupError:
        return None


@transaction.atomic
def load_reference_data(apps=installed_apps):
    """Countries, languages, sectors, occupations, municipalities and the first focus areas.

    `apps` is the app registry: a migration passes its historical one. What that registry
    does not have yet is loaded by the migration that adds it (occupations: 0004).
    """
    FocusArea = apps.get_model("core", "FocusArea")
    report = {
        "countries": _sync(apps.get_model("core", "Country"), "code", country_rows()),
        "languages": _sync(apps.get_model("core", "Language"), "code", language_rows()),
        "sectors": load_sectors(apps.get_model("core", "Sector")),
        "municipalities": _sync(apps.get_model("core", "Municipality"), "key", municipality_rows()),
    }
    Occupation = _model_if_migrated(apps, "Occupation")
    if Occupation is not None:
        report["occupations"] = load_occupations(Occupation)
    if not FocusArea.objects.exists():
        for slug, name_en, name_de in INITIAL_FOCUS_AREAS:
            FocusArea.objects.create(slug=slug, name_en=name_en, name_de=name_de)
        report["focus areas"] = (len(INITIAL_FOCUS_AREAS), 0)
    return report
