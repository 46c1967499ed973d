"""Two confidential projects, written after the rest of the world so that they change
nothing the seeded pipeline, interactions and tasks draw.

- "Project Falcon", the Japan Desk's: a Japanese company of the region expanding, known to
  its owner (the desk head) and the director; the desk's officer sees the codename and the
  country, and has a task about it that names neither the company nor the project.
- "Project Heron", the USA Desk's: a prospect not yet in the registry, its country hidden
  too.

Each has meetings that only its team sees.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pocketworld.companies.choices import CompanyStatus
from pocketworld.demo.dates import at
from pocketworld.demo.named import NAMED_COMPANIES
from pocketworld.demo.pipeline import short_name
from pocketworld.demo.specs import InteractionSpec, MoveSpec, ProjectSpec, TaskSpec
from pocketworld.interactions.choices import InteractionKind
from pocketworld.projects.choices import ProjectKind, ProjectSource, SpaceKind, Stage

HERON_PROSPECT = "Northwind Semiconductor Inc."


@dataclass(frozen=True)
class ConfidentialWork:
    projects: tuple[ProjectSpec, ...]
    interactions: tuple[InteractionSpec, ...]
    tasks: tuple[TaskSpec, ...]


def falcon_company(companies, projects):
    """The first Japanese company of the region that no project names yet (the same on every
    build, as the world is)."""
    taken = {spec.company for spec in projects} | {spec.legal_name for spec in NAMED_COMPANIES}
    return next(
        spec
        for spec in companies
        if spec.country == "JP"
        and spec.status == CompanyStatus.SETTLED
        and spec.sites
        and spec.legal_name not in taken
    )


def build_confidential(companies, projects):
    company = falcon_company(companies, projects).legal_name
    short = short_name(company)
    falcon_title = f"{short}: second production line for battery separators"
    falcon = ProjectSpec(
        falcon_title,
        ProjectKind.EXPANSION,
        "japan",
        "neu",
        (
            MoveSpec(Stage.LEAD, at(date(2026, 5, 12), 10), "neu", "Call from the parent"),
            MoveSpec(Stage.QUALIFIED, at(date(2026, 6, 30), 14), "neu", "180 jobs, 12,000 m²"),
            MoveSpec(Stage.SITE_SEARCH, at(date(2026, 9, 15), 11), "neu", "Two sites visited"),
        ),
        company=company,
        confidential=True,
        codename="Project Falcon",
        source=ProjectSource.EXISTING_COMPANY,
        source_note="Call from the parent's European board member",
        focus_areas=("greentech",),
        expected_jobs=180,
        expected_investment=Decimal(42000000),
        space_needed=12000,
        space_kind=SpaceKind.PRODUCTION,
        target_date=date(2027, 6, 30),
        probability=40,
        destination_municipality="Düsseldorf",
        description=f"{short} weighs a second production line against a site in Poland; the "
        "parent asked that no one outside the team learns of it before the board decides.",
    )
    heron = ProjectSpec(
        "Northwind Semiconductor: European design centre",
        ProjectKind.NEW_SETTLEMENT,
        "usa",
        "mahmoud",
        (
            MoveSpec(Stage.LEAD, at(date(2026, 8, 3), 9), "mahmoud", "Request through GTAI"),
            MoveSpec(Stage.QUALIFIED, at(date(2026, 10, 5), 15), "mahmoud", "60 engineers"),
        ),
        prospect_name=HERON_PROSPECT,
        team=("klerks",),
        confidential=True,
        codename="Project Heron",
        hide_country=True,
        source=ProjectSource.INQUIRY,
        source_note="Request through Germany Trade & Invest",
        focus_areas=("digitalisation",),
        expected_jobs=60,
        expected_investment=Decimal(8500000),
        space_needed=2500,
        space_kind=SpaceKind.LAB,
        probability=25,
        origin_country="US",
        destination_municipality="Düsseldorf",
        description="Chip design centre for European car makers; listed on the stock "
        "exchange, so the plans are insider information until announced.",
    )
    interactions = (
        InteractionSpec(
            InteractionKind.MEETING,
            date(2026, 6, 30),
            f"Requirements workshop with {short}",
            "japan",
            company=company,
            project=falcon_title,
            team=("neu",),
            notes="- 180 jobs in two shifts\n- 12,000 m² production, 2,000 m² offices",
        ),
        InteractionSpec(
            InteractionKind.COMPANY_VISIT,
            date(2026, 9, 15),
            f"Site visits with {short}: Hilden and Langenfeld",
            "japan",
            company=company,
            project=falcon_title,
            team=("neu", "klerks"),
        ),
        InteractionSpec(
            InteractionKind.CALL,
            date(2026, 10, 5),
            "Call with Northwind's European expansion lead",
            "usa",
            project=heron.title,
            team=("mahmoud",),
            notes="Wants offices near the university; decision in the first quarter.",
        ),
    )
    tasks = (
        TaskSpec(
            "neu", "Prepare the board's visit for Project Falcon", 2, "japan",
            company=company, project=falcon_title,
        ),
        # Handed to the desk's officer, who is not in the team: the task names neither the
        # company nor the project, and the officer receives the project as its codename.
        TaskSpec(
            "leonhardt", "Compare two production sites' grid connections", 0, "japan",
            company=company, project=falcon_title,
            description="For the desk head: 12,000 m² production, 20 MW; by tonight.",
        ),
    )  # fmt: skip
    return ConfidentialWork((falcon, heron), interactions, tasks)
