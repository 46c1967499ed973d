"""The databases beside the populated one that the import benchmark works in, leaving it intact."""

import sqlite3
import urllib.parse
from pathlib import Path


def use_database(name):
    """Point the default connection at another database of the same server, as Django's
    test runner does with its test database."""
    from django.conf import settings
    from django.db import connection

    connection.close()
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name


def sibling_database(populated, suffix):
    """The name of another bench database beside the populated one: a file next to it on
    SQLite, a database of the same server on PostgreSQL."""
    from django.db import connection

    if connection.vendor == "sqlite":
        path = Path(populated)
        return str(path.with_name(f"{path.stem}-{suffix}{path.suffix}"))
    return f"{populated}_{suffix}"


def database_url(environment, name):
    """DATABASE_URL of database `name` on the server of the bench database."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    parts = urllib.parse.urlsplit(environment["DATABASE_URL"])
    return parts._replace(path=f"/{name}").geturl()


def server_connection():
    """An autocommit connection to the PostgreSQL server's maintenance database."""
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        autocommit=True,
    )


def copy_database(source, target):
    """Make `target` a copy of `source`: SQLite's backup into a new file; on PostgreSQL a
    new database with `source` as its template, which copies the files and does not replay
    a single row."""
    from django.db import connection

    connection.close()
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
        original, copy = sqlite3.connect(source), sqlite3.connect(target)
        try:
            original.backup(copy)
        finally:
            copy.close()
            original.close()
        return
    from psycopg import sql

    with server_connection() as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target))
        )
        server.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(target), sql.Identifier(source)
            )
        )
