from django.db import migrations


def create(apps, schema_editor):
    from pocketworld.privacy.retention import create_default_rules

    create_default_rules(apps.get_model("privacy", "RetentionRule"))


def remove_unchanged(apps, schema_editor):
    from pocketworld.privacy.retention import DEFAULT_GRACE_DAYS, DEFAULT_MONTHS

    rule_model = apps.get_model("privacy", "RetentionRule")
    for basis, months in DEFAULT_MONTHS.items():
        rule_model.objects.filter(
            legal_basis=basis, months=months, grace_days=DEFAULT_GRACE_DAYS
        ).delete()


class Migration(migrations.Migration):
    """A new installation starts with a retention rule for every legal basis; going back
    removes the rules administrators left as they were."""

    dependencies = [
        ("privacy", "0002_retention_rule_history"),
        ("contacts", "0005_person_contract_basis"),
    ]

    operations = [migrations.RunPython(create, remove_unchanged)]
