"""The bench database: where it lives, what it holds, and wiping it when that does not match."""

import os
import sys
from pathlib import Path

from bench.populate.parameters import BENCH_USERNAME

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEFAULT_VAR_DIR = "var/bench"


def add_database_arguments(parser):
    parser.add_argument(
        "--database-url",
        default=None,
        help="Default: DATABASE_URL, else SQLite under the var directory.",
    )
    parser.add_argument(
        "--var-dir",
        default=DEFAULT_VAR_DIR,
        help=f"POCKETWORLD_VAR_DIR for the bench (default {DEFAULT_VAR_DIR}).",
    )


def configure(database_url=None, var_dir=DEFAULT_VAR_DIR):
    """Point Django at the bench database and set it up; returns the environment for servers."""
    var = Path(var_dir)
    if not var.is_absolute():
        var = BASE_DIR / var
    var.mkdir(parents=True, exist_ok=True)
    os.environ["POCKETWORLD_VAR_DIR"] = str(var)
    database_url = database_url or os.environ.get("DATABASE_URL")
    if not database_url:
        database_url = f"sqlite:///{var / 'pocketworld.sqlite3'}"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "pocketworld.settings"
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    return {"POCKETWORLD_VAR_DIR": str(var), "DATABASE_URL": database_url}


def describe_database():
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return f"SQLite {database['NAME']}"
    host = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
    return f"PostgreSQL {host}/{database['NAME']}"


def is_postgresql():
    from django.db import connection

    return connection.vendor == "postgresql"


# --- reuse or wipe ---------------------------------------------------------------------


def current_counts():
    """What the database holds, or None before the schema exists."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from pocketworld.companies.models import Company, PartnerOrganisation
    from pocketworld.contacts.models import Person
    from pocketworld.events.models import Event
    from pocketworld.interactions.models import Interaction, Task
    from pocketworld.projects.models import Project

    if Company._meta.db_table not in connection.introspection.table_names():
        return None
    return {
        "companies": Company.objects.count(),
        "people": Person.objects.count(),
        "partners": PartnerOrganisation.objects.count(),
        "projects": Project.objects.count(),
        "interactions": Interaction.objects.count(),
        "tasks": Task.objects.count(),
        "events": Event.objects.count(),
        "bench user": get_user_model().objects.filter(username=BENCH_USERNAME).count(),
    }


def wanted_counts(options):
    return {
        "companies": options.companies,
        "people": options.people,
        "partners": options.partners,
        "projects": options.projects,
        "interactions": options.interactions,
        "tasks": options.tasks,
        "events": options.events,
        "bench user": 1,
    }


def wipe():
    """Delete the bench database; refuses any database whose name does not say bench."""
    from django.conf import settings
    from django.db import connection

    database = settings.DATABASES["default"]
    name = str(database["NAME"])
    if "bench" not in name:
        raise SystemExit(f"Refusing to wipe {name}: the benchmark only wipes bench databases.")
    connection.close()
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        dbname="postgres",
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        autocommit=True,
    ) as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def prepare_schema():
    from django.core.management import call_command

    if is_postgresql():
        call_command("ensure_database")
    call_command("migrate", interactive=False, verbosity=0)
