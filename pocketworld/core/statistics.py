"""What the database's query planner knows of the tables.

SQLite chooses between an index that gives a list its order and one that narrows it by the
row counts `ANALYZE` records; without them, or with those of a far smaller database, it
may sort 100,000 companies to show 25. PostgreSQL's autovacuum keeps its own statistics.
"""

from django.db import connection as default_connection


def refresh(tables=(), connection=default_connection):
    """Let SQLite count the rows of `tables` (all when none) anew; the tables analysed."""
    if connection.vendor != "sqlite":
        return []
    names = list(tables) or connection.introspection.table_names()
    with connection.cursor() as cursor:
        for name in names:
            # A table's name, quoted.
            cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")  # nosec B608
    return names


def refresh_after_migration(*tables):
    """A migration's operation that counts the rows of `tables` anew after it added
    indexes, so that SQLite uses them from the first request on."""

    def operation(apps, schema_editor):
        refresh(tables, schema_editor.connection)

    return operation
