"""Sign-ins through the sign-in page, failures, lockouts, single sign-on, sign-outs and API
token use are recorded with who, when, from where and with which browser; a password
never."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from rest_framework.test import APIClient

from pocketworld.accounts.models import APIToken
from pocketworld.audit.choices import AuditAction
from pocketworld.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-1"  # the test personas' password
OFFICE = "10.1.2.3"
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/140.0"
MOMENT = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)


class CityOIDCBackend(OIDCAuthenticationBackend):
    """As the city's single sign-on backend would be: a subclass of the library's."""


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.SIGNIN_FAILURES_PER_ADDRESS = 50
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def browser(address=OFFICE, **headers):
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER, **headers)


def sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def events(*actions):
    return list(AuditEvent.objects.filter(action__in=actions).order_by("pk"))


def test_a_sign_in_says_who_when_from_where_and_with_what(japan_officer):
    with time_machine.travel(MOMENT, tick=False):
        assert sign_in(browser(), "neu", PASSWORD).status_code == 302
    [event] = events(AuditAction.SIGN_IN)
    assert event.user == japan_officer
    assert event.username == "neu"
    assert event.timestamp == MOMENT
    assert event.ip_address == OFFICE
    assert event.user_agent == BROWSER
    assert event.path == reverse("accounts:login")
    assert event.details == {"backend": "django.contrib.auth.backends.ModelBackend"}


def test_behind_the_load_balancer_the_address_it_forwards_counts(settings, japan_officer):
    settings.BEHIND_PROXY = True
    client = browser("192.168.0.2", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {OFFICE}")
    assert sign_in(client, "neu", PASSWORD).status_code == 302
    assert events(AuditAction.SIGN_IN)[0].ip_address == OFFICE


def test_a_wrong_password_is_recorded_with_the_name_tried_and_never_the_password(japan_officer):
    assert sign_in(browser(), "neu", "Sommer2026!").status_code == 200
    assert sign_in(browser(), "nobody-here", "Winter2026!").status_code == 200
    first, second = events(AuditAction.SIGN_IN_FAILED)
    assert (first.username, first.user, first.ip_address) == ("neu", None, OFFICE)
    assert second.username == "nobody-here"
    assert not events(AuditAction.SIGN_IN)
    for password in ("Sommer2026!", "Winter2026!"):
        assert not AuditEvent.objects.filter(
            Q(username__contains=password)
            | Q(details__icontains=password)
            | Q(path__contains=password)
            | Q(user_agent__contains=password)
        ).exists()


def test_a_lockout_is_recorded_and_so_is_each_sign_in_it_refuses(japan_officer):
    for _attempt in range(2):
        sign_in(browser(), "neu", "guess")
    # The third failure reaches the limit; then even the right password is refused.
    assert sign_in(browser(), "neu", "guess").status_code == 429
    assert sign_in(browser(), "neu", PASSWORD).status_code == 429
    recorded = [event.action for event in events(*AuditAction.values) if event.username == "neu"]
    assert recorded[-4:] == [
        AuditAction.SIGN_IN_FAILED,
        AuditAction.SIGN_IN_FAILED,
        AuditAction.LOCKED_OUT,
        AuditAction.LOCKED_OUT,
    ]
    first_lockout = events(AuditAction.LOCKED_OUT)[0]
    assert first_lockout.ip_address == OFFICE
    assert first_lockout.details == {"failures": 3}
    assert not events(AuditAction.SIGN_IN)


def test_a_sign_out_is_recorded(japan_officer):
    client = browser()
    sign_in(client, "neu", PASSWORD)
    client.post(reverse("accounts:logout"))
    [event] = events(AuditAction.SIGN_OUT)
    assert (event.user, event.ip_address, event.path) == (
        japan_officer,
        OFFICE,
        reverse("accounts:logout"),
    )


def test_a_sign_in_through_single_sign_on_is_told_apart(japan_officer):
    Client().force_login(japan_officer, backend=f"{__name__}.CityOIDCBackend")
    Client().force_login(japan_officer, backend="django.contrib.auth.backends.ModelBackend")
    assert [event.action for event in events(AuditAction.SIGN_IN, AuditAction.SSO_SIGN_IN)] == [
        AuditAction.SSO_SIGN_IN,
        AuditAction.SIGN_IN,
    ]
    assert events(AuditAction.SSO_SIGN_IN)[0].details["backend"].endswith("CityOIDCBackend")


def test_a_token_s_use_is_recorded_at_most_every_few_minutes(japan_officer):
    token, key = APIToken.issue(japan_officer, description="Power BI report", read_only=True)
    client = APIClient(REMOTE_ADDR=OFFICE, HTTP_USER_AGENT="PowerBI/2.1")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    with time_machine.travel(MOMENT, tick=False):
        assert client.get("/api/v1/companies/").status_code == 200
        assert client.get("/api/v1/desks/").status_code == 200
    with time_machine.travel(MOMENT + timedelta(minutes=6), tick=False):
        assert client.get("/api/v1/desks/").status_code == 200
    first, second = events(AuditAction.TOKEN_USED)
    assert first.user == japan_officer
    assert (first.target_type, first.target_id) == ("accounts.apitoken", str(token.pk))
    assert (first.ip_address, first.user_agent, first.path) == (
        OFFICE,
        "PowerBI/2.1",
        "/api/v1/companies/",
    )
    assert first.details == {"token": token.prefix, "read_only": True, "method": "GET"}
    assert (first.timestamp, second.timestamp) == (MOMENT, MOMENT + timedelta(minutes=6))
    assert key not in str(AuditEvent.objects.values_list("details", "target_repr"))


def test_a_wrong_token_is_a_failed_sign_in_with_its_prefix_only(japan_officer):
    client = APIClient(REMOTE_ADDR=OFFICE)
    client.credentials(HTTP_AUTHORIZATION="Bearer pw_notatoken-at-all-0123456789")
    assert client.get("/api/v1/companies/").status_code == 401
    [event] = events(AuditAction.SIGN_IN_FAILED)
    assert (event.username, event.ip_address, event.details) == ("", OFFICE, {"token": "pw_notat"})
