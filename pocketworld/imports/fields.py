"""The fields a file's columns can go into, per kind of record, and guessing them from headers.

Each field lists header spellings seen in German and English lists (chamber member lists,
trade-fair exhibitor lists, CRM exports); a header is compared folded, without
punctuation, so "E-Mail-Adresse", "e-mail address" and "EMAIL" are one.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from pocketworld.imports.choices import ImportKind


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    headers: tuple[str, ...]
    required: bool = False


COMPANY_FIELDS = (
    ImportField(
        "legal_name",
        _("Legal name"),
        (
            "legal name",
            "company",
            "company name",
            "name",
            "firma",
            "firmenname",
            "unternehmen",
            "unternehmensname",
            "name des unternehmens",
            "aussteller",
            "exhibitor",
            "organisation",
            "organization",
            "firmierung",
        ),
        required=True,
    ),
    ImportField(
        "native_name",
        _("Name in native script"),
        (
            "native name",
            "name in native script",
            "name landessprache",
            "originalname",
            "name original",
            "local name",
            "name lokal",
        ),
    ),
    ImportField(
        "country",
        _("Country of origin"),
        (
            "country",
            "country of origin",
            "land",
            "herkunftsland",
            "herkunft",
            "nation",
            "staat",
            "origin",
            "mutterland",
            "headquarters country",
            "sitz der muttergesellschaft",
        ),
        required=True,
    ),
    ImportField(
        "website",
        _("Website"),
        ("website", "web", "homepage", "url", "internet", "webseite", "internetadresse", "www"),
    ),
    ImportField("lei", _("LEI"), ("lei", "legal entity identifier", "lei code")),
    ImportField(
        "employees_region",
        _("Employees in the region"),
        (
            "employees in the region",
            "employees",
            "mitarbeiter",
            "beschaftigte",
            "mitarbeiter region",
            "anzahl mitarbeiter",
            "mitarbeiterzahl",
            "staff",
            "headcount",
        ),
    ),
    ImportField(
        "employees_worldwide",
        _("Employees worldwide"),
        (
            "employees worldwide",
            "mitarbeiter weltweit",
            "beschaftigte weltweit",
            "global employees",
        ),
    ),
    ImportField("status", _("Status"), ("status",)),
    ImportField(
        "sectors",
        _("Sectors (NACE codes)"),
        (
            "sector",
            "sectors",
            "nace",
            "wz",
            "wz code",
            "nace code",
            "branche",
            "branchen",
            "industry",
            "wz 2008",
        ),
    ),
    ImportField(
        "description",
        _("Description"),
        (
            "description",
            "beschreibung",
            "notes",
            "notiz",
            "bemerkung",
            "bemerkungen",
            "profil",
            "profile",
            "about",
        ),
    ),
    ImportField(
        "street",
        _("Street and number"),
        (
            "street",
            "address",
            "adresse",
            "strasse",
            "strasse und hausnummer",
            "anschrift",
            "street address",
            "str",
        ),
    ),
    ImportField(
        "postcode",
        _("Postcode"),
        ("postcode", "postal code", "zip", "zip code", "plz", "postleitzahl"),
    ),
    ImportField(
        "municipality",
        _("Municipality"),
        ("city", "town", "municipality", "ort", "stadt", "gemeinde", "standort", "sitz"),
    ),
)

PERSON_FIELDS = (
    ImportField(
        "given_name",
        _("Given name"),
        ("given name", "first name", "firstname", "vorname", "forename"),
    ),
    ImportField(
        "family_name",
        _("Family name"),
        ("family name", "last name", "lastname", "surname", "nachname", "familienname", "name"),
        required=True,
    ),
    ImportField(
        "native_name",
        _("Name in native script"),
        (
            "native name",
            "name in native script",
            "name landessprache",
            "originalname",
            "local name",
        ),
    ),
    ImportField(
        "salutation", _("Salutation / title"), ("salutation", "title", "anrede", "titel", "prefix")
    ),
    ImportField(
        "email",
        _("E-mail"),
        ("email", "e mail", "e mail address", "email address", "mail", "e mail adresse"),
    ),
    ImportField(
        "phone",
        _("Phone"),
        ("phone", "telephone", "tel", "telefon", "telefonnummer", "phone number", "business phone"),
    ),
    ImportField(
        "mobile",
        _("Mobile"),
        ("mobile", "mobil", "handy", "mobile phone", "mobiltelefon", "cell", "cell phone"),
    ),
    ImportField(
        "company",
        _("Company"),
        (
            "company",
            "firma",
            "unternehmen",
            "organisation",
            "organization",
            "employer",
            "arbeitgeber",
            "company name",
            "firmenname",
        ),
    ),
    ImportField(
        "job_title",
        _("Job title"),
        (
            "job title",
            "position",
            "funktion",
            "job",
            "rolle",
            "role",
            "berufsbezeichnung",
            "stellung",
        ),
    ),
    ImportField("legal_basis", _("Legal basis"), ("legal basis", "rechtsgrundlage")),
    ImportField(
        "consent_given_on",
        _("Consent given on"),
        ("consent given on", "consent", "einwilligung", "einwilligung am"),
    ),
    ImportField(
        "contract_ends_on",
        _("Contract ends on"),
        ("contract ends on", "contract end", "vertragsende", "vertrag bis"),
    ),
)

SITE_FIELDS = (
    ImportField(
        "company",
        _("Company (name or LEI)"),
        ("company", "firma", "unternehmen", "company name", "firmenname", "lei"),
        required=True,
    ),
    ImportField(
        "name",
        _("Site name"),
        ("site", "site name", "name", "standortname", "niederlassung", "betriebsstatte"),
    ),
    ImportField(
        "kind", _("Kind of site"), ("kind", "type", "art", "typ", "site type", "standorttyp")
    ),
    ImportField(
        "street",
        _("Street and number"),
        ("street", "address", "adresse", "strasse", "anschrift", "strasse und hausnummer"),
    ),
    ImportField(
        "postcode", _("Postcode"), ("postcode", "postal code", "zip", "plz", "postleitzahl")
    ),
    ImportField(
        "municipality",
        _("Municipality"),
        ("city", "town", "municipality", "ort", "stadt", "gemeinde", "standort"),
        required=True,
    ),
    ImportField("employees", _("Employees"), ("employees", "mitarbeiter", "beschaftigte", "staff")),
    ImportField(
        "opened_on",
        _("Opened on"),
        ("opened on", "opened", "eroffnet", "eroffnung", "gegrundet", "since", "seit"),
    ),
)

FIELDS = {
    ImportKind.COMPANIES: COMPANY_FIELDS,
    ImportKind.PEOPLE: PERSON_FIELDS,
    ImportKind.SITES: SITE_FIELDS,
}

NOT_A_LETTER = re.compile(r"[^a-z0-9]+")


def folded_header(header):
    """A header without case, diacritics, punctuation and surrounding blanks."""
    text = unicodedata.normalize("NFKD", str(header).replace("ß", "ss"))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return NOT_A_LETTER.sub(" ", text).strip()


def fields_of(kind):
    return {field.name: field for field in FIELDS[kind]}


def guess_columns(kind, headers):
    """{header: field name} for the headers that name a field; each field taken once.

    Exact spellings win over a spelling the header merely starts with ("E-Mail privat").
    """
    columns, taken = {}, set()
    folded = {header: folded_header(header) for header in headers}
    for exact in (True, False):
        for header in headers:
            if header in columns:
                continue
            for field in FIELDS[kind]:
                if field.name in taken:
                    continue
                if any(
                    folded[header] == spelling
                    or (not exact and folded[header].startswith(spelling + " "))
                    for spelling in field.headers
                ):
                    columns[header] = field.name
                    taken.add(field.name)
                    break
    return columns
