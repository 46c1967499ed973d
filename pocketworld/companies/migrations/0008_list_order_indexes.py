from django.db import migrations, models

from pocketworld.core.statistics import refresh_after_migration


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0007_names_refuse_control_characters"),
        ("core", "0004_load_occupations"),
        ("desks", "0002_desk_languages"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="site",
            name="companies_s_company_b9ee91_idx",
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(
                fields=["status", "legal_name"], name="companies_c_status_99a8b7_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(
                fields=["country", "legal_name"], name="companies_c_country_7a8955_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(
                fields=["desk", "legal_name"], name="companies_c_desk_id_7863eb_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="site",
            index=models.Index(
                fields=["company", "municipality", "kind"], name="companies_s_company_32cace_idx"
            ),
        ),
        migrations.RunPython(
            refresh_after_migration("companies_company", "companies_site"),
            migrations.RunPython.noop,
        ),
    ]
