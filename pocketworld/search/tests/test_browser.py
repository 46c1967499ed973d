"""Journeys through the quick find box and the duplicate warning, in Debian's chromium."""

import re

import pytest
from playwright.sync_api import expect

from pocketworld.companies.models import Company, CompanyName
from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import CompanyFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(japan_desk):
    toshiba = CompanyFactory(legal_name="Toshiba Europe GmbH")
    CompanyName.objects.create(company=toshiba, name="株式会社東芝", language_id="ja")
    for name in [
        "Tokyo Electron Europe Ltd.",
        "Toyota Motor Europe NV/SA",
        "Asahi Kasei Europe GmbH",
    ]:
        CompanyFactory(legal_name=name)
    PersonFactory(given_name="Toshiro", family_name="Shiba")
    return toshiba


def test_a_japanese_name_finds_the_latin_named_company_and_enter_opens_it(
    page, live_server, japan_officer, registry
):
    sign_in(page, live_server, japan_officer.username)
    box = page.get_by_role("combobox", name="Quick find")
    box.fill("東芝")
    first = page.locator("#quick-find-list [role=option]").first
    expect(first).to_contain_text("Toshiba Europe GmbH")
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/companies/{registry.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Toshiba Europe GmbH")


def test_slash_focuses_the_box_and_the_arrows_choose(page, live_server, japan_officer, registry):
    sign_in(page, live_server, japan_officer.username)
    page.locator("body").press("/")
    box = page.get_by_role("combobox", name="Quick find")
    expect(box).to_be_focused()
    page.keyboard.type("toshi")
    options = page.locator("#quick-find-list [role=option]")
    expect(options.filter(has_text="Toshiro Shiba")).to_have_count(1)
    count = options.count()
    person_position = next(
        index for index in range(count) if "Toshiro Shiba" in options.nth(index).inner_text()
    )
    for _ in range(person_position + 1):
        box.press("ArrowDown")
    expect(options.nth(person_position)).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Toshiro Shiba")


def test_enter_before_the_list_arrives_still_opens_the_first(
    page, live_server, japan_officer, registry
):
    sign_in(page, live_server, japan_officer.username)
    box = page.get_by_role("combobox", name="Quick find")
    box.press_sequentially("toshiba eu")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Toshiba Europe GmbH")


def test_all_results_page(page, live_server, japan_officer, registry):
    sign_in(page, live_server, japan_officer.username)
    page.get_by_role("combobox", name="Quick find").fill("toshi")
    page.get_by_role("link", name=re.compile("All results for")).click()
    expect(page.locator("#results-company")).to_contain_text("Toshiba Europe GmbH")
    expect(page.locator("#results-person")).to_contain_text("Toshiro Shiba")
    page.get_by_label("Kind").select_option("person")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results-company")).to_have_count(0)
    expect(page.locator("#results-person")).to_contain_text("Toshiro Shiba")


def test_a_new_company_like_an_existing_one_asks_first(page, live_server, japan_officer, registry):
    sign_in(page, live_server, japan_officer.username)
    page.goto(f"{live_server.url}/companies/add/")
    page.get_by_label("Legal name").fill("TOSHIBA EUROPE")
    expect(page.locator(".duplicate-hint")).to_contain_text("Did you mean …?")
    expect(page.locator(".duplicate-hint")).to_contain_text("Toshiba Europe GmbH")
    page.get_by_label("Country of origin").select_option("JP")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#error-legal_name")).to_contain_text("exist already")
    assert Company.objects.count() == 4
    page.get_by_label("It is none of these: create the company anyway").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Created TOSHIBA EUROPE")
    assert Company.objects.filter(legal_name="TOSHIBA EUROPE").exists()
