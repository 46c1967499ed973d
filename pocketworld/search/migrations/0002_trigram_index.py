"""The trigram index over the keys, in each database's own form (see search/backends.py):
an FTS5 table with triggers on SQLite, pg_trgm's GIN index on PostgreSQL."""

from django.db import migrations

from pocketworld.search.backends import backend_for


def install(apps, schema_editor):
    backend_for(schema_editor.connection.vendor).install(schema_editor)


def uninstall(apps, schema_editor):
    backend_for(schema_editor.connection.vendor).uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entry")]

    operations = [migrations.RunPython(install, uninstall)]
