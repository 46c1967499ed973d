from django.db import migrations, models

from pocketworld.core.statistics import refresh_after_migration


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0008_list_order_indexes"),
        ("core", "0005_tagged_items_by_tag_index"),
        ("desks", "0002_desk_languages"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="company",
            name="companies_c_country_7a8955_idx",
        ),
        migrations.RemoveIndex(
            model_name="company",
            name="companies_c_desk_id_7863eb_idx",
        ),
        migrations.RemoveIndex(
            model_name="site",
            name="companies_s_company_32cace_idx",
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(
                fields=["country", "legal_name"], include=("id",), name="companies_country_name_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(
                fields=["desk", "legal_name"], include=("id",), name="companies_desk_name_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="site",
            index=models.Index(
                fields=["company", "municipality", "kind"],
                include=("id",),
                name="companies_site_company_idx",
            ),
        ),
        migrations.RunPython(
            refresh_after_migration("companies_company", "companies_site"),
            migrations.RunPython.noop,
        ),
    ]
