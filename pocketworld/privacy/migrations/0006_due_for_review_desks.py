from django.db import migrations, models


def file_listed_under_desks(apps, schema_editor):
    """The people listed before this migration, under the desks they belong to: their own
    desk and their companies' desks, as the nightly review files them."""
    DueForReview = apps.get_model("privacy", "DueForReview")
    Person = apps.get_model("contacts", "Person")
    through = DueForReview.desks.through
    listed = Person.objects.filter(pk__in=DueForReview.objects.values("person_id"))
    pairs = set()
    for lookup in ("desk", "positions__company__desk"):
        pairs |= set(
            listed.filter(**{f"{lookup}__isnull": False}).values_list("pk", lookup)
        )
    through.objects.bulk_create(
        [through(dueforreview_id=person, desk_id=desk) for person, desk in pairs],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0006_list_order_indexes"),
        ("desks", "0002_desk_languages"),
        ("privacy", "0005_erasure_former_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="dueforreview",
            name="desks",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="desks.desk", verbose_name="desks"
            ),
        ),
        migrations.RunPython(file_listed_under_desks, migrations.RunPython.noop),
    ]
