"""What the search needs of the database software, told before a migration fails on it."""

import sqlite3

from django.core.checks import Error, register
from django.db import connection

# FTS5's trigram tokenizer came with SQLite 3.34.
MIN_SQLITE = (3, 34, 0)


@register()
def sqlite_has_trigram_tokenizer(app_configs, **kwargs):
    if connection.vendor != "sqlite":
        return []
    if sqlite3.sqlite_version_info >= MIN_SQLITE:
        return []
    return [
        Error(
            f"The search needs SQLite {'.'.join(map(str, MIN_SQLITE))} or newer (FTS5 with "
            f"its trigram tokenizer); this Python has SQLite {sqlite3.sqlite_version}.",
            hint="Use a newer Python build, or PostgreSQL (DATABASE_URL).",
            id="search.E001",
        )
    ]
