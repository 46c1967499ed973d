import io

import pytest
from django.conf import settings
from django.core.management import call_command

from pocketworld.core.models import Sector


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


@pytest.mark.django_db
def test_reference_data_names_the_sections_without_the_destatis_heading():
    Sector.objects.filter(code="C").update(title_de="ABSCHNITT C – VERARBEITENDES GEWERBE")
    call_command("load_reference_data", stdout=io.StringIO())
    manufacturing = Sector.objects.get(code="C")
    assert manufacturing.title_de == "VERARBEITENDES GEWERBE"
    assert manufacturing.title_en == "MANUFACTURING"
    assert not Sector.objects.filter(title_de__startswith="ABSCHNITT").exists()
    # Divisions keep their titles as published.
    assert Sector.objects.get(code="27").title_de == "Herstellung von elektrischen Ausrüstungen"
