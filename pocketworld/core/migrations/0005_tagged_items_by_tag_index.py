"""Tagged items by their tag and kind of record: a list filtered by a tag reads the records
of its kind with that tag from this index alone. The tag's index alone made it read the
tag's items of every kind (17,000 for 676 sites in the bench world, 10 ms a page).
django-taggit's model is not ours, so the index is written in SQL."""

from django.db import migrations

from pocketworld.core.statistics import refresh_after_migration

INDEX = "core_taggeditem_tag_kind_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_load_occupations"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON taggit_taggeditem (tag_id, content_type_id, object_id)",
            f"DROP INDEX {INDEX}",
        ),
        migrations.RunPython(
            refresh_after_migration("taggit_taggeditem"), migrations.RunPython.noop
        ),
    ]
