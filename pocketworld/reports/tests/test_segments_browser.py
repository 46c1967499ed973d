"""A desk officer saves the company list's filter as a segment and comes back to it."""

import re

import pytest
from playwright.sync_api import expect

from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import CompanyFactory
from pocketworld.reports.models import Segment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_saves_a_filter_as_segment_and_opens_it(page, live_server, japan_officer):
    for name in ["Toshiba Europe GmbH", "Epson Europe B.V."]:
        CompanyFactory(legal_name=name)
    CompanyFactory(legal_name="Tata Consultancy Services", country_id="IN")

    sign_in(page, live_server, japan_officer.username)
    page.goto(f"{live_server.url}/companies/")
    table = page.locator("#company-table")
    expect(table.locator("tbody tr")).to_have_count(3)

    page.get_by_label("Country of origin", exact=True).select_option("JP")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(page.locator(".count")).to_have_text("2 results")

    page.get_by_role("link", name="Save as segment").click()
    expect(page.get_by_label("Company filter")).to_have_value("country=JP")
    page.get_by_label("Name").fill("Japanese companies")
    page.get_by_label("Shared with the team").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Created Japanese companies")
    assert Segment.objects.get().query == "country=JP"

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Segments"
    ).click()
    row = page.locator("#segment-table tbody tr", has_text="Japanese companies")
    expect(row.locator("td.number")).to_have_text("2")

    row.get_by_role("link", name="2").click()
    expect(page).to_have_url(re.compile(r"/companies/\?country=JP$"))
    expect(page.locator(".count")).to_have_text("2 results")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(page.get_by_label("Country of origin", exact=True)).to_have_values(["JP"])
