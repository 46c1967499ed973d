"""From a file's row to the values of a record, with every problem at its column.

`RowChecker.check(cells)` turns the cells of one row (by field) into plain, JSON-safe
values (a country's code, a municipality's key, dates as ISO text) and a list of problems.
Reference data is looked up in dictionaries loaded once per import. The values are
checked by the models' own validation (`full_clean`), so an import accepts exactly what
the forms accept.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from pocketworld.companies.choices import CompanyStatus, SiteKind
from pocketworld.companies.models import Company, CompanyName, Site
from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.models import Country, Municipality, Sector
from pocketworld.desks.models import DeskCoverage
from pocketworld.imports.choices import ImportKind
from pocketworld.imports.fields import fields_of, folded_header
from pocketworld.imports.reading.values import parse_date, parse_integer
from pocketworld.search.models import SearchEntry
from pocketworld.search.normalization import GERMAN_UMLAUTS, fold, name_keys

ERROR, WARNING = "error", "warning"
LIST_SEPARATORS = (";", ",", "|", "\n")
REFERENCE_FIELDS = ["country", "municipality", "company", "desk", "parent", "desk_override"]


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def choice_lookup(choices):
    """Folded value and label (English and German) of each choice → its value."""
    lookup = {}
    for value, label in choices:
        lookup[folded_header(value)] = value
        for language in ("en", "de"):
            with translation.override(language):
                lookup[folded_header(str(label))] = value
    return lookup


def website_domain(url):
    """The host of a website without "www.", lower case: the strong key of a company.

    Read by hand, as urllib's parser costs more than the rest of a row's check.
    """
    host = url.partition("://")[2] if "://" in url else url
    host = host.split("/", 1)[0].split("?", 1)[0].rpartition("@")[2].split(":", 1)[0]
    return host.strip().lower().removeprefix("www.")


def normalized_address(street, postcode):
    """Street and postcode folded, "strasse"/"str" and "ö"/"oe" alike: the same address
    written two ways."""
    street = folded_header(fold(street).translate(GERMAN_UMLAUTS))
    street = street.replace("strasse", "str").replace(" ", "")
    return f"{postcode.strip()}|{street}" if street and postcode else ""


class References:
    """The reference data rows refer to, read once per import."""

    def __init__(self):
        self.countries = {}
        for code, alpha3, name_en, name_de in Country.objects.values_list(
            "code", "alpha3", "name_en", "name_de"
        ):
            for spelling in (code, alpha3, name_en, name_de):
                self.countries[folded_header(spelling)] = code
        self.municipalities = {}
        for key, name, official_name in Municipality.objects.values_list(
            "key", "name", "official_name"
        ):
            for spelling in (key, name, official_name):
                self.municipalities.setdefault(folded_header(spelling), key)
        self.sectors = {code.upper(): pk for pk, code in Sector.objects.values_list("pk", "code")}
        self.desks = dict(
            DeskCoverage.objects.filter(is_primary=True).values_list("country_id", "desk_id")
        )
        self._company_keys = None
        self._company_leis = None
        self._company_desks = {}

    def desk_of_company(self, company_id):
        if company_id not in self._company_desks:
            self._company_desks[company_id] = (
                Company.objects.filter(pk=company_id).values_list("desk_id", flat=True).first()
            )
        return self._company_desks[company_id]

    def company_by_lei(self):
        """{LEI: company id}, read when a row first names a company."""
        if self._company_leis is None:
            self._company_leis = dict(Company.objects.exclude(lei=None).values_list("lei", "pk"))
        return self._company_leis

    def company_ids_by_name(self, name):
        """Companies whose name (in any script) has the same key as `name`."""
        if self._company_keys is None:
            self._company_keys = {}
            for key, object_id in SearchEntry.objects.filter(kind="company").values_list(
                "key", "object_id"
            ):
                self._company_keys.setdefault(key, set()).add(object_id)
        found = set()
        for key in name_keys(name):
            found |= self._company_keys.get(key.text, set())
        return found


class RowChecker:
    """Checks rows of one kind of record; `check(cells)` → (values, problems)."""

    def __init__(self, kind, columns, references=None, user=None):
        self.kind = kind
        # None: the command line, which may write everything; else the user's own desks.
        self.own_desks = None
        if user is not None and not permissions.sees_and_changes_everything(user):
            self.own_desks = set(permissions.desk_roles(user))
        self.fields = fields_of(kind)
        # The column a field came from, named in problems.
        self.column_of = {field: header for header, field in columns.items()}
        self.references = references or References()
        self.statuses = choice_lookup(CompanyStatus.choices)
        self.site_kinds = choice_lookup(SiteKind.choices)
        self.legal_bases = choice_lookup(LegalBasis.choices)

    def problem(self, problems, field, message, level=ERROR):
        problems.append(
            {"column": self.column_of.get(field, ""), "message": message, "level": level}
        )

    def check(self, cells):
        """`cells`: {field name: cell value}. Returns (values, problems)."""
        values, problems = {}, []
        for name, field in self.fields.items():
            if field.required and is_blank(cells.get(name)):
                self.problem(problems, name, _("%(field)s is required.") % {"field": field.label})
        converter = getattr(self, f"convert_{self.kind}")
        converter(cells, values, problems)
        if not any(problem["level"] == ERROR for problem in problems):
            self.validate(values, problems)
            self.check_desk(values, problems)
        return values, problems

    def check_desk(self, values, problems):
        """Rows become records of the desk of their country or company: the user's own."""
        if self.kind == ImportKind.COMPANIES:
            desk, field = self.references.desks.get(values.get("country")), "country"
        elif values.get("company"):
            desk, field = self.references.desk_of_company(values["company"]), "company"
        else:
            desk, field = None, "family_name"
        if self.kind == ImportKind.PEOPLE and desk is None and self.own_desks:
            desk = values["desk"] = min(self.own_desks)
        if self.own_desks is not None and desk not in self.own_desks:
            self.problem(
                problems,
                field,
                _("This record would belong to a desk you are not a member of."),
            )

    # --- conversions per kind -------------------------------------------------------

    def text(self, cells, values, field):
        if not is_blank(cells.get(field)):
            values[field] = text_of(cells[field])

    def integer(self, cells, values, problems, field):
        if is_blank(cells.get(field)):
            return
        try:
            values[field] = parse_integer(cells[field], decimal_comma=True)
        except ValueError as error:
            self.problem(problems, field, str(error))

    def date(self, cells, values, problems, field):
        if is_blank(cells.get(field)):
            return
        try:
            values[field] = parse_date(cells[field]).isoformat()
        except ValueError as error:
            self.problem(problems, field, str(error))

    def choice(self, cells, values, problems, field, lookup, default, default_message):
        if is_blank(cells.get(field)):
            values[field] = default
            if default_message:
                self.problem(problems, field, default_message, WARNING)
            return
        value = lookup.get(folded_header(cells[field]))
        if value is None:
            self.problem(
                problems,
                field,
                _("%(value)s is not one of: %(choices)s.")
                % {
                    "value": text_of(cells[field]),
                    "choices": ", ".join(sorted(set(lookup.values()))),
                },
            )
        else:
            values[field] = value

    def municipality(self, cells, values, problems, field="municipality", required=False):
        if is_blank(cells.get(field)):
            return
        key = self.references.municipalities.get(folded_header(cells[field]))
        if key:
            values[field] = key
        else:
            self.problem(
                problems,
                field,
                _("%(value)s is not a municipality of the region.") % {"value": cells[field]},
                ERROR if required else WARNING,
            )

    def convert_companies(self, cells, values, problems):
        for field in (
            "legal_name",
            "native_name",
            "website",
            "lei",
            "description",
            "street",
            "postcode",
        ):
            self.text(cells, values, field)
        if "lei" in values:
            values["lei"] = values["lei"].upper().replace(" ", "")
        if values.get("website") and "://" not in values["website"]:
            values["website"] = "https://" + values["website"]
        if not is_blank(cells.get("country")):
            code = self.references.countries.get(folded_header(cells["country"]))
            if code:
                values["country"] = code
            else:
                self.problem(
                    problems,
                    "country",
                    _("%(value)s is not a country: give its name or ISO code.")
                    % {"value": cells["country"]},
                )
        for field in ("employees_region", "employees_worldwide"):
            self.integer(cells, values, problems, field)
        self.choice(cells, values, problems, "status", self.statuses, CompanyStatus.PROSPECT, None)
        if not is_blank(cells.get("sectors")):
            codes = [text_of(cells["sectors"])]
            for separator in LIST_SEPARATORS:
                codes = [part for code in codes for part in code.split(separator)]
            codes = [code.strip().upper()[:2] for code in codes if code.strip()]
            unknown = [code for code in codes if code not in self.references.sectors]
            if unknown:
                self.problem(
                    problems,
                    "sectors",
                    _("Unknown NACE sections or divisions: %(codes)s.")
                    % {"codes": ", ".join(unknown)},
                    WARNING,
                )
            values["sectors"] = sorted({code for code in codes if code not in unknown})
        self.municipality(cells, values, problems)
        if values.get("street") and "municipality" not in values:
            self.problem(
                problems,
                "street",
                _("An address needs a municipality of the region to become a site."),
                WARNING,
            )

    def convert_people(self, cells, values, problems):
        for field in (
            "given_name",
            "family_name",
            "native_name",
            "salutation",
            "email",
            "phone",
            "mobile",
            "job_title",
        ):
            self.text(cells, values, field)
        if "email" in values:
            values["email"] = values["email"].lower()
        self.choice(
            cells,
            values,
            problems,
            "legal_basis",
            self.legal_bases,
            LegalBasis.LEGITIMATE_INTEREST,
            _("No legal basis given: legitimate interest is assumed."),
        )
        self.date(cells, values, problems, "consent_given_on")
        self.date(cells, values, problems, "contract_ends_on")
        if not is_blank(cells.get("company")):
            self.company(cells, values, problems, WARNING)

    def convert_sites(self, cells, values, problems):
        for field in ("name", "street", "postcode"):
            self.text(cells, values, field)
        self.choice(
            cells,
            values,
            problems,
            "kind",
            self.site_kinds,
            SiteKind.BRANCH,
            _("No kind of site given: branch is assumed."),
        )
        self.municipality(cells, values, problems, required=True)
        self.integer(cells, values, problems, "employees")
        self.date(cells, values, problems, "opened_on")
        if not is_blank(cells.get("company")):
            self.company(cells, values, problems, ERROR)

    def company(self, cells, values, problems, level):
        """The company a person or site belongs to, by LEI or by any of its names."""
        name = text_of(cells["company"])
        lei = self.references.company_by_lei().get(name.upper())
        found = {lei} if lei else self.references.company_ids_by_name(name)
        if len(found) == 1:
            values["company"] = found.pop()
            return
        if found:
            message = _("%(name)s matches %(count)d companies: give its LEI or full name.")
        elif level == ERROR:
            message = _("No company %(name)s in the registry: import the companies first.")
        else:
            message = _("No company %(name)s in the registry: imported without a position.")
        self.problem(problems, "company", message % {"name": name, "count": len(found)}, level)

    # --- the models' own validation ------------------------------------------------

    def validate(self, values, problems):
        instance = build(self.kind, values)
        try:
            # References were looked up already: no query per row and foreign key.
            instance.full_clean(
                exclude=REFERENCE_FIELDS, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                field = {
                    "country_id": "country",
                    "municipality_id": "municipality",
                    "company_id": "company",
                }.get(field, field)
                for message in messages:
                    self.problem(problems, field, message)
        if self.kind == ImportKind.COMPANIES and values.get("native_name"):
            # The native name becomes one of the company's names: checked as one.
            try:
                CompanyName._meta.get_field("name").clean(values["native_name"], None)
            except ValidationError as error:
                for message in error.messages:
                    self.problem(problems, "native_name", message)


MODELS = {ImportKind.COMPANIES: Company, ImportKind.PEOPLE: Person, ImportKind.SITES: Site}


def build(kind, values):
    """An unsaved record of `kind` with the row's values (names, sites, positions aside)."""
    if kind == ImportKind.COMPANIES:
        return Company(
            legal_name=values.get("legal_name", ""),
            country_id=values.get("country"),
            website=values.get("website", ""),
            lei=values.get("lei"),
            employees_region=values.get("employees_region"),
            employees_worldwide=values.get("employees_worldwide"),
            status=values.get("status", CompanyStatus.PROSPECT),
            description=values.get("description", ""),
        )
    if kind == ImportKind.PEOPLE:
        consent, contract_ends = values.get("consent_given_on"), values.get("contract_ends_on")
        return Person(
            given_name=values.get("given_name", ""),
            family_name=values.get("family_name", ""),
            native_name=values.get("native_name", ""),
            salutation=values.get("salutation", ""),
            email=values.get("email", ""),
            phone=values.get("phone", ""),
            mobile=values.get("mobile", ""),
            desk_id=values.get("desk"),
            legal_basis=values.get("legal_basis", LegalBasis.LEGITIMATE_INTEREST),
            consent_given_on=datetime.date.fromisoformat(consent) if consent else None,
            contract_ends_on=(
                datetime.date.fromisoformat(contract_ends) if contract_ends else None
            ),
        )
    opened = values.get("opened_on")
    return Site(
        company_id=values.get("company"),
        name=values.get("name", ""),
        kind=values.get("kind", SiteKind.BRANCH),
        street=values.get("street", ""),
        postcode=values.get("postcode", ""),
        municipality_id=values.get("municipality"),
        employees=values.get("employees"),
        opened_on=datetime.date.fromisoformat(opened) if opened else None,
    )
