from django.db import migrations, models

from pocketworld.core.statistics import refresh_after_migration


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0005_person_contract_basis"),
        ("core", "0004_load_occupations"),
        ("desks", "0002_desk_languages"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["desk", "family_name", "given_name"], name="contacts_pe_desk_id_b27511_idx"
            ),
        ),
        migrations.RunPython(refresh_after_migration("contacts_person"), migrations.RunPython.noop),
    ]
