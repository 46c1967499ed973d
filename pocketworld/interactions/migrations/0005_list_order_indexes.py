from django.conf import settings
from django.db import migrations, models

from pocketworld.core.statistics import refresh_after_migration


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0008_list_order_indexes"),
        ("contacts", "0006_list_order_indexes"),
        ("desks", "0002_desk_languages"),
        ("interactions", "0004_monitoring"),
        ("projects", "0006_monitoring"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                fields=["-occurred_on", "-id"], name="interaction_occurre_780481_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["due_on", "id"], name="interaction_due_on_6779f1_idx"),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["status", "due_on", "id"], name="interaction_status_7fb024_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["desk", "due_on", "id"], name="interaction_desk_id_81ef2c_idx"
            ),
        ),
        migrations.RunPython(
            refresh_after_migration("interactions_interaction", "interactions_task"),
            migrations.RunPython.noop,
        ),
    ]
