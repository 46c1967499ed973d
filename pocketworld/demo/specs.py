"""The shapes of the demo world's records, as plain data independent of the database."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from pocketworld.companies.choices import CompanyStatus
from pocketworld.contacts.choices import LegalBasis
from pocketworld.interactions.choices import TaskStatus
from pocketworld.projects.choices import ProjectSource

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


@dataclass(frozen=True)
class MoveSpec:
    """One dated stage of a project's path; the first one creates the project."""

    stage: str
    at: datetime  # aware
    by: str  # username
    note: str = ""
    loss_reason: str = ""
    loss_note: str = ""
    realised_jobs: int | None = None
    realised_investment: Decimal | None = None

    def values(self):
        """What move_stage() needs besides the stage: the reason of a loss, a win's figures."""
        if self.loss_reason:
            return {"loss_reason": self.loss_reason, "loss_note": self.loss_note}
        if self.realised_jobs is not None:
            return {
                "realised_jobs": self.realised_jobs,
                "realised_investment": self.realised_investment,
            }
        return {}


@dataclass(frozen=True)
class ProjectSpec:
    title: str  # unique within the demo world
    kind: str
    desk: str  # desk slug
    owner: str  # username
    path: tuple[MoveSpec, ...]
    company: str = ""  # legal name
    prospect_name: str = ""
    team: tuple[str, ...] = ()  # usernames besides the owner
    partners: tuple[str, ...] = ()  # partner names
    source: str = ProjectSource.INQUIRY
    source_note: str = ""
    focus_areas: tuple[str, ...] = ()
    expected_jobs: int | None = None
    expected_investment: Decimal | None = None
    space_needed: int | None = None
    space_kind: str = ""
    target_date: date | None = None
    probability: int | None = None
    origin_country: str = ""
    origin_municipality: str = ""  # a Municipality.name
    destination_municipality: str = ""  # a Municipality.name
    description: str = ""
    tags: tuple[str, ...] = ()
    confidential: bool = False
    codename: str = ""
    hide_country: bool = False

    @property
    def stage(self):
        return self.path[-1].stage


@dataclass(frozen=True)
class InteractionSpec:
    kind: str
    occurred_on: date
    subject: str
    desk: str  # desk slug
    company: str = ""  # legal name
    project: str = ""  # project title
    team: tuple[str, ...] = ()  # usernames
    people: tuple[str, ...] = ()  # e-mail addresses
    notes: str = ""
    company_plan: str = ""
    needs: tuple[str, ...] = ()
    satisfaction: int | None = None

    @property
    def key(self):
        return (self.company, self.occurred_on, self.subject)


@dataclass(frozen=True)
class TaskSpec:
    """A follow-up, dated in days from the day the demo is loaded."""

    assignee: str  # username
    title: str  # unique for its assignee
    due_in: int  # days from today; negative: overdue
    desk: str  # desk slug
    status: str = TaskStatus.OPEN
    completed_in: int | None = None  # days from today, for a done task
    company: str = ""  # legal name
    project: str = ""  # project title
    interaction: tuple | None = None  # InteractionSpec.key
    description: str = ""
