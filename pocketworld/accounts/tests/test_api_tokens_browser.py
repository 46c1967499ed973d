"""An officer makes a read-only API token under My settings, copies its key, uses it, and
revokes it."""

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from pocketworld.accounts.models import APIToken
from pocketworld.core.testing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_makes_uses_and_revokes_a_token(page, live_server, japan_officer):
    sign_in(page, live_server, japan_officer.username)
    page.goto(live_server.url + "/settings/")
    form = page.locator("#api-token-form")
    form.get_by_label("name").fill("Power BI report")
    expect(form.get_by_label("read-only")).to_be_checked()
    form.get_by_role("button", name="Create token").click()

    key = page.locator("#new-api-key").input_value()
    assert key.startswith("pw_")
    token = APIToken.objects.get(user=japan_officer)
    row = page.locator(f"#api-token-{token.pk}")
    expect(row).to_contain_text("Power BI report")
    expect(row).to_contain_text("read-only")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/companies/").status_code == 200

    row.get_by_role("button", name="Revoke").click()
    expect(page.locator(".messages")).to_contain_text("is revoked")
    expect(page.locator("#api-token-table")).to_contain_text("No API tokens.")
    assert client.get("/api/v1/companies/").status_code == 401
