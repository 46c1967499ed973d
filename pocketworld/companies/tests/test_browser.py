"""A desk officer's first journey: sign in, find a company, open it, change a figure."""

import re

import pytest
from playwright.sync_api import expect

from pocketworld.companies.models import CompanyName
from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import CompanyFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_finds_company_and_edits_it(page, live_server, japan_officer):
    toshiba = CompanyFactory(legal_name="Toshiba Europe GmbH", employees_region=150)
    CompanyName.objects.create(company=toshiba, name="東芝", language_id="ja")
    SiteFactory(company=toshiba, name="Toshiba R&D centre", kind="research")
    for name in ["Asahi Kasei Europe GmbH", "Komatsu Europe International N.V."]:
        CompanyFactory(legal_name=name)

    sign_in(page, live_server, japan_officer.username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Good day")
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Companies"
    ).click()
    table = page.locator("#company-table")
    expect(table.locator("tbody tr")).to_have_count(3)

    # The list filters as the officer types, by any of the company's names.
    page.get_by_label("Search").fill("東芝")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Toshiba Europe GmbH")
    expect(page).to_have_url(re.compile(r"q=%E6%9D%B1%E8%8A%9D"))

    table.get_by_role("link", name="Toshiba Europe GmbH").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toshiba Europe GmbH")
    expect(page.locator("#names")).to_contain_text("東芝")
    expect(page.locator("#sites")).to_contain_text("Toshiba R&D centre")

    page.get_by_role("link", name="Edit", exact=True).first.click()
    page.get_by_label("Employees in the region").fill("180")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messages")).to_contain_text("Saved Toshiba Europe GmbH")
    expect(page.locator("#history")).to_contain_text("150")
    expect(page.locator("#history ins").first).to_have_text("180")
    toshiba.refresh_from_db()
    assert toshiba.employees_region == 180


def test_wrong_input_is_shown_at_the_field(page, live_server, japan_officer):
    company = CompanyFactory(legal_name="Epson Europe B.V.")
    sign_in(page, live_server, japan_officer.username)
    page.goto(f"{live_server.url}{company.get_absolute_url()}edit/")
    page.get_by_label("LEI").fill("529900T8BM49AURSDO56")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#error-lei")).to_contain_text("not a valid LEI")
    company.refresh_from_db()
    assert company.lei is None


def test_switching_the_language_to_german(page, live_server, japan_officer):
    sign_in(page, live_server, japan_officer.username)
    page.get_by_label("Language").select_option("de")
    expect(page.get_by_role("navigation")).to_contain_text("Unternehmen")
    expect(page.locator("html")).to_have_attribute("lang", "de")
