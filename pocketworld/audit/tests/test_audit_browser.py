"""An administrator finds the audit log in the navigation, filters it for failed sign-ins
and downloads them as CSV; the download is in the log too."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from pocketworld.audit.choices import AuditAction
from pocketworld.audit.models import AuditEvent
from pocketworld.core.testing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_filters_the_log_and_downloads_it(page, live_server, administrator):
    for guess in ("guess-1", "guess-2"):
        Client(REMOTE_ADDR="203.0.113.9").post(
            reverse("accounts:login"), {"username": "mallory", "password": guess}
        )
    sign_in(page, live_server, administrator.username)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Audit log"
    ).click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    table = page.locator("#auditevent-table")
    expect(table).to_contain_text("signed in")

    page.get_by_label("Action").select_option(label="sign-in failed")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".count")).to_have_text("2 results")
    expect(table).to_contain_text("mallory")
    expect(table).to_contain_text("203.0.113.9")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename == "audit-events.csv"
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert [(row["action"], row["user"], row["IP address"]) for row in rows] == [
        ("sign-in failed", "mallory", "203.0.113.9"),
        ("sign-in failed", "mallory", "203.0.113.9"),
    ]
    exported = AuditEvent.objects.get(action=AuditAction.LIST_EXPORTED)
    assert exported.user == administrator
    assert exported.ip_address == "127.0.0.1"
    assert exported.details["filters"] == {"action": "sign_in_failed"}
    assert exported.details["rows"] == 2
