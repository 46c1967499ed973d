"""The shapes of the demo world's records, as plain data independent of the database."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from pocketworld.companies.choices import CompanyStatus
from pocketworld.contacts.choices import LegalBasis

# The service's own mail domain in the demo; .example never reaches a real inbox.
TEAM_DOMAIN = "duesseldorf.example"


# German umlauts spelled out as Germans do, and letters NFKD does not take apart.
SPELLED_OUT = str.maketrans(
    {
        "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "đ": "d", "Đ": "D", "ı": "i",
    }
)  # fmt: skip


def ascii_slug(text, separator="-"):
    """Lower-case ASCII for e-mail addresses and domains: Fröhlich → froehlich."""
    decomposed = unicodedata.normalize("NFKD", text.translate(SPELLED_OUT))
    ascii_text = decomposed.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", separator, ascii_text.lower()).strip(separator)


@dataclass(frozen=True)
class DeskSpec:
    slug: str
    name: str
    description: str
    countries: tuple[str, ...]  # the desk is these countries' primary desk
    also_covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class MemberSpec:
    username: str
    given_name: str
    family_name: str
    role: str
    languages: tuple[str, ...]
    desks: tuple[tuple[str, str], ...] = ()  # (desk slug, desk role)
    email_domain: str = TEAM_DOMAIN
    # A sign-in account and nothing else: only created together with demo passwords.
    login_only: bool = False

    @property
    def email(self):
        return f"{ascii_slug(self.given_name)}.{ascii_slug(self.family_name)}@{self.email_domain}"


@dataclass(frozen=True)
class PartnerSpec:
    name: str
    short_name: str
    kind: str
    partnership: str
    country: str
    municipality: str = ""  # a Municipality.name, when the partner sits in the region
    website: str = ""
    desks: tuple[str, ...] = ()
    focus_areas: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class SiteSpec:
    kind: str
    municipality: str  # a Municipality.name
    street: str = ""
    postcode: str = ""
    name: str = ""
    relocated_from: str = ""
    opened_on: date | None = None
    closed_on: date | None = None
    employees: int | None = None


@dataclass(frozen=True)
class CompanySpec:
    legal_name: str
    country: str
    status: str = CompanyStatus.SETTLED
    parent: str = ""  # legal name of the parent company
    names: tuple[tuple[str, str, str], ...] = ()  # (name, language, NameKind)
    sites: tuple[SiteSpec, ...] = ()
    sectors: tuple[str, ...] = ()
    focus_areas: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    website: str = ""
    employees_region: int | None = None
    employees_worldwide: int | None = None
    description: str = ""
    partners: tuple[tuple[str, str, str], ...] = ()  # (partner name, PartnerLinkRole, note)
    # Hand-written records go through full_clean(); generated ones are valid by construction.
    validate: bool = True


@dataclass(frozen=True)
class PositionSpec:
    employer: str  # legal name of a company or name of a partner organisation
    job_title: str
    started_on: date | None = None
    ended_on: date | None = None


@dataclass(frozen=True)
class PersonSpec:
    given_name: str
    family_name: str
    email: str
    positions: tuple[PositionSpec, ...]  # the first is current and decides the desk
    native_name: str = ""
    languages: tuple[str, ...] = ()
    salutation: str = ""
    legal_basis: str = LegalBasis.LEGITIMATE_INTEREST
    consent_given_on: date | None = None
    legal_basis_note: str = ""
    validate: bool = True
