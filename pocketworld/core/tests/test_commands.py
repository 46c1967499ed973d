import io

from django.conf import settings
from django.core.management import call_command


def test_ensure_database_is_idempotent():
    out = io.StringIO()
    call_command("ensure_database", stdout=out)
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The database in DATABASE_URL exists (the suite runs against it): nothing to do.
        assert out.getvalue() == "" or out.getvalue().startswith("Created database")
        second = io.StringIO()
        call_command("ensure_database", stdout=second)
        assert second.getvalue() == ""
    else:
        assert out.getvalue().strip() == "Not PostgreSQL: nothing to create."
