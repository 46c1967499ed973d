"""Single sign-on end to end: Debian's chromium signs in at a real OpenID Connect provider,
started by the test as a second process (`oidc_provider/`, django-oidc-provider), and
comes back to pocketworld's live server.

Each test signs in as a provider user of its own, so that the tests do not depend on one
another's consent or sessions at the provider (xdist may run them on two workers, each
with a provider of its own).
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from pocketworld.accounts import oidc
from pocketworld.accounts.models import User
from pocketworld.core.choices import DeskRole, Role
from pocketworld.core.testing import signed_in_with_password
from pocketworld.core.tests.factories import DeskMembershipFactory, UserFactory
from pocketworld.desks.models import DeskMembership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIENT_ID = "pocketworld-test"
CLIENT_SECRET = "client-secret-for-the-tests"
PASSWORD = "provider-pass-1"
PROVIDER_NAME = "Test provider"

# The provider's users: e-mail, names and the groups its `groups` claim names.
PROVIDER_USERS = [
    ("erika", "Erika.Mustermann@example.org", "Erika", "Mustermann", ["pw-staff", "pw-japan"]),
    ("dana", "DANA.BERGER@example.org", "Dana", "Berger-Klein", ["pw-directors", "pw-japan-heads"]),
    ("nora", "nora.neu@example.org", "Nora", "Neu", ["other-department"]),
    ("twin", "shared@example.org", "Tom", "Twin", ["pw-staff"]),
    ("lena", "lena.lokal@example.org", "Lena", "Lokal", ["pw-staff"]),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The test provider stopped:\n{log.read_text()}")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    pytest.fail(f"The test provider did not answer {url} within {seconds} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    """The provider's address (its issuer): a second process with its own SQLite file,
    the users above and a confidential client that returns to the live server."""
    directory = tmp_path_factory.mktemp("oidc_provider")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    spec = directory / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "users": [
                    {
                        "username": username,
                        "password": PASSWORD,
                        "email": email,
                        "given_name": given,
                        "family_name": family,
                        "groups": groups,
                    }
                    for username, email, given, family, groups in PROVIDER_USERS
                ],
                "client": {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": [f"{live_server.url}/oidc/callback/"],
                    "post_logout_redirect_uris": [f"{live_server.url}/login/"],
                },
            }
        )
    )
    log = directory / "provider.log"
    environment = {
        **os.environ,
        "TEST_PROVIDER_URL": url,
        "TEST_PROVIDER_DB": str(directory / "provider.sqlite3"),
    }
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pocketworld.accounts.tests.oidc_provider",
                str(spec),
                str(port),
            ],
            cwd=Path(django_settings.BASE_DIR),
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(f"{url}/.well-known/openid-configuration", process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def sso(settings, provider):
    """Single sign-on on, for this test only: the live server reads the same settings."""
    settings.OIDC_ISSUER = provider
    settings.OIDC_PROVIDER_NAME = PROVIDER_NAME
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.OIDC_ROLE_CLAIM = "groups"
    settings.OIDC_ROLE_MAP = "pw-directors=director,pw-staff=staff"
    settings.OIDC_DESK_MAP = "pw-japan=japan:officer,pw-japan-heads=japan:head"
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        oidc.BACKEND,
        "django.contrib.auth.backends.ModelBackend",
    ]
    return provider


def start_single_sign_on(page, live_server):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.get_by_role("link", name=f"Sign in with {PROVIDER_NAME}").click()


def sign_in_at_provider(page, provider, username, consent):
    """The provider's sign-in form, and its consent page the first time."""
    expect(page).to_have_url(re.compile("^" + re.escape(f"{provider}/login/")))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in at the provider").click()
    if consent:
        expect(page.get_by_text("Request for Permission")).to_be_visible()
        page.get_by_role("button", name="Authorize").click()


def session_of(page, live_server):
    """pocketworld's session in the browser."""
    host = live_server.url.split("//")[1].split(":")[0]
    cookie = next(
        cookie
        for cookie in page.context.cookies()
        if cookie["name"] == django_settings.SESSION_COOKIE_NAME and cookie["domain"] == host
    )
    return SessionStore(cookie["value"])


def test_first_sign_in_creates_the_user_and_sign_out_ends_the_provider_session(
    page, live_server, sso, japan_desk
):
    start_single_sign_on(page, live_server)
    sign_in_at_provider(page, sso, "erika", consent=True)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    erika = User.objects.get(email__iexact="erika.mustermann@example.org")
    assert erika.username == "erika.mustermann@example.org"
    assert (erika.first_name, erika.last_name) == ("Erika", "Mustermann")
    assert erika.role == Role.STAFF
    assert not erika.has_usable_password()
    assert list(erika.desk_memberships.values_list("desk__slug", "role")) == [
        ("japan", DeskRole.OFFICER)
    ]
    session = session_of(page, live_server)
    assert session[BACKEND_SESSION_KEY] == oidc.BACKEND
    assert session["oidc_id_token"]

    # Signing out ends the provider's session too: the next single sign-on asks again.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/login/")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/"))
    page.get_by_role("link", name=f"Sign in with {PROVIDER_NAME}").click()
    expect(page.get_by_role("button", name="Log in at the provider")).to_be_visible()

    # The second sign-in finds the same user; the consent is remembered.
    sign_in_at_provider(page, sso, "erika", consent=False)
    expect(page).to_have_url(f"{live_server.url}/")
    assert User.objects.filter(email__iexact="erika.mustermann@example.org").count() == 1
    assert session_of(page, live_server)["_auth_user_id"] == str(erika.pk)
    # The discovery document was read once and is kept for the process.
    assert sso in oidc._discovered


def test_an_existing_user_is_found_by_email_and_the_claim_decides_role_and_desks(
    page, live_server, sso, japan_desk
):
    dana = UserFactory(
        username="dberger", email="dana.berger@example.org", first_name="Dana", last_name="Berger"
    )
    DeskMembershipFactory(desk=japan_desk, user=dana, role=DeskRole.ASSISTANT)

    start_single_sign_on(page, live_server)
    sign_in_at_provider(page, sso, "dana", consent=True)
    expect(page).to_have_url(f"{live_server.url}/")

    dana.refresh_from_db()
    assert User.objects.filter(email__iexact="dana.berger@example.org").count() == 1
    assert session_of(page, live_server)["_auth_user_id"] == str(dana.pk)
    assert dana.role == Role.DIRECTOR
    assert dana.last_name == "Berger-Klein"  # as the provider says
    assert DeskMembership.objects.get(user=dana).role == DeskRole.HEAD
    assert dana.has_usable_password()  # a local account keeps its password


def test_a_user_the_mapping_names_nowhere_has_no_rights(page, live_server, sso, japan_desk):
    start_single_sign_on(page, live_server)
    sign_in_at_provider(page, sso, "nora", consent=True)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(".messages")).to_contain_text("has no rights yet")

    nora = User.objects.get(email="nora.neu@example.org")
    assert nora.role == Role.PARTNER_VIEWER
    assert not nora.desk_memberships.exists()


def test_two_accounts_with_the_address_are_refused(page, live_server, sso):
    UserFactory(username="twin1", email="shared@example.org")
    UserFactory(username="twin2", email="Shared@Example.org")

    start_single_sign_on(page, live_server)
    sign_in_at_provider(page, sso, "twin", consent=True)
    expect(page).to_have_url(f"{live_server.url}/login/")
    expect(page.locator(".messages")).to_contain_text(
        "Several accounts have the e-mail address shared@example.org"
    )
    assert User.objects.filter(email__iexact="shared@example.org").count() == 2


def test_without_local_passwords_only_single_sign_on_signs_in(
    page, live_server, sso, settings, japan_officer
):
    settings.LOCAL_PASSWORDS = False
    settings.AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", oidc.BACKEND]

    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_label("Password")).to_have_count(0)
    expect(page.get_by_role("link", name="Forgotten password?")).to_have_count(0)
    assert signed_in_with_password(japan_officer.username, "secret-pass-1") is None

    page.get_by_role("link", name=f"Sign in with {PROVIDER_NAME}").click()
    sign_in_at_provider(page, sso, "lena", consent=True)
    expect(page).to_have_url(f"{live_server.url}/")
    assert User.objects.get(email="lena.lokal@example.org").role == Role.STAFF
