"""The director opens the dashboard, picks last year and follows a bar to its companies."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pocketworld.core.testing import sign_in
from pocketworld.reports.tests.factories import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_change_the_period_and_follow_a_bar_to_its_companies(
    page, live_server, director, japan_desk, india_desk, japan_officer
):
    build_world(japan_desk, india_desk, japan_officer)
    last_year = timezone.localdate().year - 1

    sign_in(page, live_server, director.username)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Dashboard"
    ).click()
    expect(page.locator("h1")).to_have_text("Dashboard")

    year = page.locator("#id_year")
    year.fill(str(last_year))
    year.press("Tab")  # the change re-renders the dashboard through htmx
    expect(page).to_have_url(re.compile(rf"/reports/\?.*year={last_year}"))
    expect(page.locator(".dashboard-summary")).to_contain_text(
        f"1 January {last_year} to 31 December {last_year}"
    )
    expect(page.locator("#id_year")).to_have_value(str(last_year))

    chart = page.locator("#chart-foreign-companies-by-country")
    expect(chart.get_by_role("img")).to_have_accessible_name(
        "Foreign companies by country of origin"
    )
    japan = chart.locator("svg a").first
    expect(japan.locator("text").first).to_have_text("Japan")
    value = japan.locator("text").last.text_content()
    japan.click()

    expect(page).to_have_url(re.compile(r"/companies/\?.*foreign=true.*country=JP"))
    expect(page.locator(".count")).to_have_text(f"{value} results")
    expect(page.locator("#company-table tbody tr")).to_have_count(int(value))
