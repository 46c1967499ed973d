from django.db import migrations


def load(apps, schema_editor):
    from pocketworld.core.services import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    """Reference data is part of every database, test databases included."""

    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
