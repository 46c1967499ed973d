from django.conf import settings
from django.db import migrations, models

from pocketworld.core.statistics import refresh_after_migration


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0008_list_order_indexes"),
        ("core", "0004_load_occupations"),
        ("desks", "0002_desk_languages"),
        ("projects", "0006_monitoring"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                fields=["desk", "-stage_changed_at"], name="projects_pr_desk_id_5e917a_idx"
            ),
        ),
        migrations.RunPython(
            refresh_after_migration("projects_project"), migrations.RunPython.noop
        ),
    ]
