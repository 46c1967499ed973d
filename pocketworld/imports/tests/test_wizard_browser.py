"""A desk officer imports a trade-fair list: upload, fix a column, resolve a duplicate,
apply, and undo."""

import pytest
from playwright.sync_api import expect

from pocketworld.companies.models import Company
from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import CompanyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXHIBITORS = (
    "Aussteller;Herkunft;Stand;Mitarbeiter\n"
    "Hitachi Energy Germany AG;Japan;Halle 12;240\n"
    "Murata Electronics Europe B.V.;JP;Halle 8;55\n"
).encode("cp1252")


def test_officer_imports_a_fair_list_and_undoes_it(page, live_server, japan_officer, tmp_path):
    murata = CompanyFactory(legal_name="Murata Electronics Europe BV", employees_region=None)
    path = tmp_path / "aussteller.csv"
    path.write_bytes(EXHIBITORS)

    sign_in(page, live_server, japan_officer.username)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Imports"
    ).click()
    page.get_by_label("Records *").select_option("companies")
    page.get_by_label("File *").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()

    # "Mitarbeiter" was guessed; "Stand" (the booth) is not a field; "Herkunft" is set by hand.
    expect(page.get_by_label("Mitarbeiter")).to_have_value("employees_region")
    expect(page.get_by_label("Stand")).to_have_value("")
    page.get_by_label("Herkunft").select_option("country")
    page.get_by_role("button", name="Check the rows").click()

    expect(page.locator("#import-counts")).to_contain_text(
        "2 rows: 1 to create, 0 to merge, 1 to skip"
    )
    duplicate = page.locator("#row-3")
    expect(duplicate).to_contain_text("Murata Electronics Europe BV")
    duplicate.get_by_label("Decision for row 3").select_option(f"merge:id:{murata.pk}")
    expect(page.locator("#row-3 select")).to_have_value(f"merge:id:{murata.pk}")

    page.get_by_role("button", name="Apply the import").click()
    expect(page.locator(".messages")).to_contain_text("Imported aussteller.csv")
    expect(page.locator("#import-counts")).to_contain_text("1 created, 1 merged")
    murata.refresh_from_db()
    assert murata.employees_region == 55
    assert Company.objects.filter(legal_name="Hitachi Energy Germany AG").exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Undo the import").click()
    expect(page.locator(".messages")).to_contain_text("Undid the import of aussteller.csv")
    assert not Company.objects.filter(legal_name="Hitachi Energy Germany AG").exists()
    murata.refresh_from_db()
    assert murata.employees_region is None
