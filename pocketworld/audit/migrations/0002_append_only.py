"""The database itself refuses to change an audit event: a trigger aborts every UPDATE of
the table but Django's own when a user is deleted (`user_id` becomes NULL, nothing else
changes). DELETE stays possible: the retention purges old events.

On SQLite, a later migration that makes Django rebuild the table (most field changes do)
drops the trigger with the old table: such a migration must create it again, as here
(`test_models` fails without it).
"""

from django.db import migrations

TABLE = "audit_auditevent"
TRIGGER = "audit_auditevent_append_only"
FUNCTION = "audit_auditevent_refuse_update"
MESSAGE = "The audit log is append-only: events cannot be changed."


def sqlite_trigger(columns):
    unchanged = " AND ".join(f'NEW."{column}" IS OLD."{column}"' for column in columns)
    return (
        f'CREATE TRIGGER "{TRIGGER}" BEFORE UPDATE ON "{TABLE}" FOR EACH ROW '
        f'WHEN NOT (NEW."user_id" IS NULL AND {unchanged}) '
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    )


POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION "{FUNCTION}"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."user_id" IS NULL AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
END;
$$
"""
POSTGRESQL_TRIGGER = (
    f'CREATE TRIGGER "{TRIGGER}" BEFORE UPDATE ON "{TABLE}" '
    f'FOR EACH ROW EXECUTE FUNCTION "{FUNCTION}"()'
)


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        model = apps.get_model("audit", "AuditEvent")
        columns = [field.column for field in model._meta.concrete_fields if field.column != "user_id"]
        schema_editor.execute(sqlite_trigger(columns))
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FUNCTION)
        schema_editor.execute(POSTGRESQL_TRIGGER)


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{TRIGGER}"')
    elif vendor == "postgresql":
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{TRIGGER}" ON "{TABLE}"')
        schema_editor.execute(f'DROP FUNCTION IF EXISTS "{FUNCTION}"()')


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_audit_event"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger),
    ]
