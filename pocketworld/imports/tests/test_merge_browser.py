"""An officer finds the same company twice, merges the two and undoes it again."""

import re

import pytest
from playwright.sync_api import expect

from pocketworld.companies.models import Company
from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import CompanyFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_merges_two_companies_and_undoes_it(page, live_server, japan_officer, japan_desk):
    toshiba = CompanyFactory(legal_name="Toshiba Europe GmbH", employees_region=150)
    SiteFactory(company=toshiba, name="Düsseldorf office")
    duplicate = CompanyFactory(legal_name="Toshiba Europe", website="https://toshiba.eu")
    SiteFactory(company=duplicate, name="Neuss warehouse")

    sign_in(page, live_server, japan_officer.username)
    page.goto(f"{live_server.url}{toshiba.get_absolute_url()}")
    page.get_by_role("link", name="Merge with …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merge Toshiba Europe GmbH with …")

    # The name box lists the records the officer may merge as they type.
    page.get_by_label("Name").fill("Toshiba Europe")
    candidates = page.locator("#merge-candidates")
    expect(candidates).to_contain_text("Records you may merge:")
    candidates.get_by_role("link", name="Toshiba Europe", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Merge Toshiba Europe into Toshiba Europe GmbH"
    )
    expect(page.locator(".merge-moving")).to_contain_text("Sites")
    # The website only the duplicate has is offered; the officer keeps the other legal name.
    expect(page.get_by_label("https://toshiba.eu")).to_be_checked()
    page.get_by_label("Toshiba Europe", exact=True).check()
    page.get_by_role("button", name="Merge into Toshiba Europe GmbH").click()

    expect(page).to_have_url(re.compile(rf"/companies/{toshiba.pk}/$"))
    expect(page.locator(".messages")).to_contain_text(
        "Merged Toshiba Europe into Toshiba Europe GmbH."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Toshiba Europe")
    expect(page.locator("#sites")).to_contain_text("Neuss warehouse")
    expect(page.locator("#names")).to_contain_text("Toshiba Europe GmbH")
    assert not Company.objects.filter(pk=duplicate.pk).exists()

    # Undo from the list of change sets.
    page.goto(f"{live_server.url}/change-sets/")
    table = page.locator("#changeset-table")
    expect(table).to_contain_text("Companies: 1 changed, 1 deleted")
    table.get_by_role("link", name="Undo").click()
    page.get_by_role("button", name="Undo").click()

    expect(page.locator(".messages")).to_contain_text("Undid: Toshiba Europe (#")
    expect(page.locator(".actions")).to_contain_text("Undone on")
    page.locator("#merged-records").get_by_role("link", name="Toshiba Europe", exact=True).click()
    expect(page.locator("#sites")).to_contain_text("Neuss warehouse")
    toshiba.refresh_from_db()
    assert toshiba.legal_name == "Toshiba Europe GmbH"
    assert list(toshiba.sites.values_list("name", flat=True)) == ["Düsseldorf office"]
    assert Company.objects.get(pk=duplicate.pk).sites.get().name == "Neuss warehouse"
