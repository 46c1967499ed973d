"""A desk officer searches the company list by a Japanese name, in Debian's chromium."""

import re

import pytest
from playwright.sync_api import expect

from pocketworld.companies.models import CompanyName
from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import CompanyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_japanese_name_finds_the_latin_named_company_as_the_officer_types(
    page, live_server, japan_officer
):
    toshiba = CompanyFactory(legal_name="Toshiba Corporation")
    CompanyName.objects.create(company=toshiba, name="東芝", language_id="ja")
    for name in ["Asahi Kasei Europe GmbH", "Tokyo Electron Europe Ltd."]:
        CompanyFactory(legal_name=name)

    sign_in(page, live_server, japan_officer.username)
    page.goto(f"{live_server.url}/companies/")
    table = page.locator("#company-table")
    expect(table.locator("tbody tr")).to_have_count(3)

    # Typed, not pasted: the form goes out by htmx 300 ms after the last keystroke.
    page.locator("#id_q").press_sequentially("東芝")
    expect(page).to_have_url(re.compile(r"q=%E6%9D%B1%E8%8A%9D"))
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Toshiba Corporation")
    expect(table).not_to_contain_text("Asahi Kasei")
    expect(table).not_to_contain_text("Tokyo Electron")
    expect(page.locator("#object-table .count")).to_have_text("1 result")
    # The table was replaced in place, not the page reloaded.
    expect(page.locator("h1")).to_have_count(1)
