"""A desk officer checks a company against GLEIF's records and takes its registered address."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pocketworld.core.models import Country
from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import CompanyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).parent / "data" / "gleif"


def test_officer_uploads_records_and_accepts_an_address(page, live_server, japan_officer):
    CompanyFactory(legal_name="Shell Japan Ltd.", country=Country.objects.get(code="JP"))

    sign_in(page, live_server, japan_officer.username)
    page.goto(f"{live_server.url}{reverse('imports:lei_upload')}")
    page.get_by_label("LEI records (level 1)").set_input_files(DATA / "lei-records.xml")
    page.get_by_role("button", name="Upload and read").click()

    expect(page.locator(".messages")).to_contain_text("updates proposed")
    table = page.locator("#lei-proposal-table")
    expect(table).to_contain_text("Shell Japan Ltd.")
    expect(table).to_contain_text("PACIFIC CENTURY PLACE MARU")
    table.get_by_label("registered address").check()
    page.get_by_role("button", name="Accept selected").click()

    expect(page.locator(".messages")).to_contain_text("Accepted 1 proposal.")
    expect(table).not_to_contain_text("PACIFIC CENTURY PLACE MARU")
    table.get_by_role("link", name="Shell Japan Ltd.").click()
    address = page.locator("#registered-address")
    expect(address).to_contain_text("PACIFIC CENTURY PLACE MARU")
    expect(address).to_contain_text("100-6216 CHIYODA KU")
    # The company's page loads what is still to decide.
    expect(page.locator("#lei-proposals")).to_contain_text("SHELL JAPAN LIMITED")
