from django.db import migrations


def load(apps, schema_editor):
    from pocketworld.core.services import load_occupations

    load_occupations(apps.get_model("core", "Occupation"))


def unload(apps, schema_editor):
    Occupation = apps.get_model("core", "Occupation")
    # Unit groups first: a group is protected while it has children.
    for level in ["unit", "minor", "sub_major", "major"]:
        Occupation.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    """ISCO-08 is reference data like the sectors: part of every database, test ones too."""

    dependencies = [("core", "0003_occupations_isco08")]

    operations = [migrations.RunPython(load, unload)]
