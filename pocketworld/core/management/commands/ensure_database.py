from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the PostgreSQL database named in DATABASE_URL if it does not exist yet."

    def handle(self, **options):
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            self.stdout.write("Not PostgreSQL: nothing to create.")
            return
        import psycopg
        from psycopg import sql

        try:
            with psycopg.connect(
                dbname="postgres",
                user=database["USER"] or None,
                password=database["PASSWORD"] or None,
                host=database["HOST"] or None,
                port=database["PORT"] or None,
                autocommit=True,
            ) as connection:
                exists = connection.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
                ).fetchone()
                if not exists:
                    connection.execute(
                        sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database["NAME"]))
                    )
                    self.stdout.write(f"Created database {database['NAME']}.")
        except psycopg.Error as error:
            raise CommandError(f"Cannot reach PostgreSQL: {error}") from None
