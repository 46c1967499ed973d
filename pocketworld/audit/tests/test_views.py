"""The audit log's page and API: administrators alone, everyone else 403 (anonymous users
are sent to sign in); filters by action, user, day, address and record; the CSV holds
every column and its download is itself recorded."""

import csv
import datetime
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from pocketworld.audit.choices import AuditAction
from pocketworld.audit.models import AuditEvent
from pocketworld.audit.services import record
from pocketworld.core.testing import api_of, pages_of
from pocketworld.core.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

URL = reverse("audit:auditevent_list")
API = "/api/v1/audit-events/"
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


class Request:
    """Where an event came from, as a request says it."""

    def __init__(self, address, path="/login/"):
        self.META = {"REMOTE_ADDR": address, "HTTP_USER_AGENT": "Firefox/140"}
        self.path = path


@pytest.fixture
def log(japan_officer, india_officer, japan_desk):
    """A few events on three days, from two addresses."""
    sony = CompanyFactory(legal_name="Sony Europe B.V.")
    with time_machine.travel(MONDAY, tick=False):
        record(AuditAction.SIGN_IN, user=japan_officer, request=Request("10.1.2.3"))
        record(AuditAction.SIGN_IN_FAILED, username="neu", request=Request("203.0.113.9"))
    with time_machine.travel(MONDAY + datetime.timedelta(days=1), tick=False):
        record(
            AuditAction.LIST_EXPORTED,
            user=india_officer,
            request=Request("10.1.2.4", "/companies/"),
            details={"list": "companies.company", "format": "csv", "rows": 1},
        )
    with time_machine.travel(MONDAY + datetime.timedelta(days=2), tick=False):
        record(AuditAction.MERGED, user=japan_officer, target=sony, details={"duplicate": 99})
    return sony


def listed(response):
    """(action, user name) of the events listed on the page."""
    table = response.context["table"]
    return [(row.record.action, row.record.username) for row in table.page.object_list]


PERSONAS = {
    "administrator": 200,
    "director": 403,
    "japan_officer": 403,
    "japan_assistant": 403,
    "partner_viewer": 403,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_administrators_alone_see_the_page_and_the_api(request, persona, log):
    user = request.getfixturevalue(persona)
    assert pages_of(user).get(URL).status_code == PERSONAS[persona]
    assert api_of(user).get(API).status_code == PERSONAS[persona]
    assert pages_of(user).get(URL, {"export": "csv"}).status_code == PERSONAS[persona]


def test_without_a_session_the_page_asks_to_sign_in_and_the_api_refuses(log):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Client().get(API).status_code in (401, 403)


def test_the_navigation_leads_administrators_alone_to_it(administrator, director, partner_viewer):
    assert URL in pages_of(administrator).get(reverse("home")).content.decode()
    for user in (director, partner_viewer):
        assert URL not in pages_of(user).get(reverse("home")).content.decode()


def test_the_page_lists_the_newest_first_and_offers_no_change(administrator, log):
    response = pages_of(administrator).get(URL, {"until": "2026-03-05"})
    assert listed(response) == [
        ("merged", "neu"),
        ("list_exported", "froehlich"),
        ("sign_in_failed", "neu"),
        ("sign_in", "neu"),
    ]
    page = response.content.decode()
    assert "kept for 730 days" in page
    assert "Sony Europe B.V." in page
    assert "/audit/add" not in page


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"action": "sign_in_failed"}, [("sign_in_failed", "neu")]),
        (
            {"action": ["sign_in", "sign_in_failed"], "ip_address": "10.1."},
            [("sign_in", "neu")],
        ),
        ({"ip_address": "203.0.113"}, [("sign_in_failed", "neu")]),
        ({"since": "2026-03-03", "until": "2026-03-03"}, [("list_exported", "froehlich")]),
        ({"since": "2026-03-04", "until": "2026-03-31"}, [("merged", "neu")]),
        ({"until": "2026-03-02", "q": "neu"}, [("sign_in_failed", "neu"), ("sign_in", "neu")]),
        ({"q": "Sony"}, [("merged", "neu")]),
        ({"target_type": "companies.company"}, [("merged", "neu")]),
    ],
)
def test_filters(administrator, log, filters, expected):
    response = pages_of(administrator).get(URL, {**filters, "action": filters.get("action", [])})
    assert response.status_code == 200
    assert listed(response) == expected


def test_the_user_filter_finds_their_events_and_failed_sign_ins_under_their_name(
    administrator, japan_officer, log
):
    response = pages_of(administrator).get(URL, {"user": japan_officer.pk, "until": "2026-03-04"})
    assert listed(response) == [("merged", "neu"), ("sign_in_failed", "neu"), ("sign_in", "neu")]


def test_a_bad_filter_is_an_error_not_a_crash(administrator, log):
    response = pages_of(administrator).get(URL, {"since": "yesterday", "user": "99999999999999"})
    assert response.status_code == 200
    assert listed(response) == []


def test_the_csv_holds_every_column_and_its_download_is_recorded(administrator, log):
    client = Client(REMOTE_ADDR="10.0.0.7")
    client.force_login(administrator)
    response = client.get(URL, {"action": "list_exported", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, [row] = rows[0], rows[1:]
    assert header == [
        "when",
        "action",
        "user",
        "IP address",
        "record",
        "details",
        "address",
        "browser",
        "record type",
        "record id",
    ]
    values = dict(zip(header, row, strict=True))
    assert values["action"] == "list exported"
    assert values["user"] == "froehlich"
    assert values["IP address"] == "10.1.2.4"
    assert values["address"] == "/companies/"
    assert values["browser"] == "Firefox/140"
    assert values["details"] == '{"format": "csv", "list": "companies.company", "rows": 1}'
    assert values["when"].startswith("2026-03-03")

    exported = AuditEvent.objects.filter(action=AuditAction.LIST_EXPORTED).first()
    assert (exported.user, exported.ip_address) == (administrator, "10.0.0.7")
    assert exported.details == {
        "list": "audit.auditevent",
        "format": "csv",
        "rows": 1,
        "filters": {"action": "list_exported"},
    }


def test_the_api_lists_with_the_same_filters(administrator, log):
    response = api_of(administrator).get(API, {"action": "merged"})
    assert response.status_code == 200
    [event] = response.data["results"]
    assert event["target_type"] == "companies.company"
    assert event["target_label"] == "Sony Europe B.V."
    assert event["details"] == {"duplicate": 99}
    assert event["user"]["display"]


def test_the_api_changes_nothing(administrator, log):
    event = AuditEvent.objects.first()
    client = api_of(administrator)
    assert client.post(API, {"action": "sign_in"}).status_code == 405
    assert client.patch(f"{API}{event.pk}/", {"username": "x"}).status_code == 405
    assert client.delete(f"{API}{event.pk}/").status_code == 405
    assert AuditEvent.objects.filter(pk=event.pk).exists()
