"""`load_demo_world`: the demo world built, or an earlier one brought back to it."""

from django.db import transaction
from django.utils import timezone

from pocketworld.demo.confidential import build_confidential
from pocketworld.demo.events import build_events
from pocketworld.demo.generated import build_world
from pocketworld.demo.inquiries import build_inquiries
from pocketworld.demo.interactions import build_interactions, build_tasks
from pocketworld.demo.monitoring import build_monitoring
from pocketworld.demo.named import DEMO_PASSWORD
from pocketworld.demo.pipeline import build_pipeline
from pocketworld.demo.programmes import build_programmes
from pocketworld.demo.retention import build_due_for_review
from pocketworld.demo.writing import Writer
from pocketworld.search.services import rebuild_index

__all__ = ["DEMO_PASSWORD", "load_demo_world"]


@transaction.atomic
def load_demo_world(create_users: bool) -> dict:
    """Build the demo world, or bring an earlier one back to it.

    Returns {"counts": records per kind, "created": how many of them are new, "users":
    [(username, role, password)]}; "users" lists sign-ins only with `create_users`, since
    without it no demo user gets a usable password.
    """
    companies, people = build_world()
    writer = Writer()
    desk_ids = writer.desks()
    users = writer.team(create_users, desk_ids)
    partners = writer.partners(desk_ids)
    company_objects = writer.companies(companies, partners)
    writer.people(people, company_objects, partners)
    projects = build_pipeline(companies)
    project_objects = writer.projects(projects, company_objects, partners)
    interactions = build_interactions(companies, people, projects)
    interaction_objects = writer.interactions(interactions, company_objects, project_objects)
    writer.tasks(
        build_tasks(interactions, projects),
        company_objects,
        project_objects,
        interaction_objects,
        timezone.localdate(),
    )
    confidential = build_confidential(companies, projects)
    confidential_projects = writer.projects(confidential.projects, company_objects, partners)
    writer.tasks(
        confidential.tasks,
        company_objects,
        confidential_projects,
        writer.interactions(confidential.interactions, company_objects, confidential_projects),
        timezone.localdate(),
    )
    build_events(writer, company_objects, partners)
    build_programmes(writer, partners)
    build_due_for_review(timezone.localdate())
    if writer.changed_models:
        rebuild_index()  # most rows were written in bulk, past the index's signals
    build_monitoring()  # after the index: the linker reads it
    build_inquiries()  # after the index: recognising known companies reads it
    return {"counts": writer.counts, "created": writer.created, "users": users}
