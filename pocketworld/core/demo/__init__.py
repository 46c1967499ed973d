"""The demo world: Düsseldorf's International Business Service as the VIVID interview tells it.

`named` writes out everything the interview names: the desks and their members, the
partners, the companies and their facts. `generated` draws a registry around it from fixed
seeds, so that no list looks empty. `writing` matches every record on a natural key (desk
slug, username, legal name, e-mail, ...): a second run finds every row as it should be and
writes nothing, not even history.
"""

from django.db import transaction

from pocketworld.core.demo.generated import build_world
from pocketworld.core.demo.named import DEMO_PASSWORD
from pocketworld.core.demo.writing import Writer

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
    return {"counts": writer.counts, "created": writer.created, "users": users}
