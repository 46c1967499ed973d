from django.db import migrations, models

from pocketworld.core.statistics import refresh_after_migration


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0006_list_order_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="position",
            index=models.Index(fields=["company", "person"], name="contacts_po_company_person_idx"),
        ),
        migrations.RunPython(
            refresh_after_migration("contacts_position"), migrations.RunPython.noop
        ),
    ]
