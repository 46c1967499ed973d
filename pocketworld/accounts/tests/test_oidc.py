"""Single sign-on without a provider: the claim mapping, what a new user may see, the
backend's checks of what the provider says, the discovery document, the system checks and
the settings block. The sign-in itself, end to end, is in test_oidc_browser.py."""

import json
import logging
import runpy
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jwt
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.test import RequestFactory

from pocketworld.accounts import oidc
from pocketworld.core.choices import DeskRole, Role
from pocketworld.core.testing import pages_of
from pocketworld.core.tests.factories import (
    CompanyFactory,
    DeskMembershipFactory,
    PersonFactory,
    ProjectFactory,
    UserFactory,
)
from pocketworld.desks.models import DeskMembership

ISSUER = "https://sso.example.org/realms/pocketworld"
SECRET = "a-client-secret-of-at-least-32-bytes!"


@pytest.fixture
def sso(settings):
    """Single sign-on on, with every endpoint named: nothing asks the network."""
    settings.OIDC_ISSUER = ISSUER
    settings.OIDC_RP_CLIENT_ID = "pocketworld"
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{ISSUER}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{ISSUER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{ISSUER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{ISSUER}/certs"
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        oidc.BACKEND,
        "django.contrib.auth.backends.ModelBackend",
    ]
    return settings


def mapping(roles="", desks=""):
    return oidc.parse_claim_mapping("groups", roles, desks)


def backend_for(claims_mapping=None):
    backend = oidc.OIDCBackend()
    backend.configure()
    backend.mapping = claims_mapping or oidc.ClaimMapping()
    backend.request = RequestFactory().get("/oidc/callback/")
    return backend


# --- the claim mapping ----------------------------------------------------------------------


def test_the_maps_are_read_with_their_defaults():
    parsed = mapping(
        "pw-admins=administrator, /pw-directors=director,pw-staff=staff",
        "pw-japan=japan:officer,pw-japan-heads=japan:head,pw-india=india",
    )
    assert parsed.roles == (
        ("pw-admins", Role.ADMINISTRATOR),
        ("/pw-directors", Role.DIRECTOR),
        ("pw-staff", Role.STAFF),
    )
    assert parsed.desks == (
        ("pw-japan", "japan", DeskRole.OFFICER),
        ("pw-japan-heads", "japan", DeskRole.HEAD),
        ("pw-india", "india", DeskRole.OFFICER),
    )
    assert parsed.desk_slugs() == {"japan", "india"}
    assert parsed.configured and not mapping().configured


@pytest.mark.parametrize(
    ("roles", "desks", "message"),
    [
        ("pw-admins", "", r"OIDC_ROLE_MAP: 'pw-admins' is not of the form value=target"),
        ("pw-admins=admin", "", r"OIDC_ROLE_MAP: pw-admins=admin names no role; the roles are"),
        ("", "pw-japan=Japan Desk", r"OIDC_DESK_MAP: pw-japan=Japan Desk names no desk"),
        ("", "pw-japan=japan:boss", r"OIDC_DESK_MAP: pw-japan=japan:boss names no desk role"),
        ("", "=japan", r"OIDC_DESK_MAP: '=japan' is not of the form value=target"),
    ],
)
def test_a_bad_map_names_what_is_wrong(roles, desks, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        mapping(roles, desks)


def test_a_map_needs_a_claim():
    with pytest.raises(ImproperlyConfigured, match="OIDC_ROLE_CLAIM is empty"):
        oidc.parse_claim_mapping(" ", "pw-staff=staff", "")


@pytest.mark.parametrize(
    ("claim", "claims", "values"),
    [
        ("groups", {"groups": ["a", "b", 7, {"x": 1}]}, {"a", "b", "7"}),
        ("role", {"role": "director"}, {"director"}),
        ("realm_access.roles", {"realm_access": {"roles": ["pw-staff"]}}, {"pw-staff"}),
        ("https://example.org/groups", {"https://example.org/groups": ["a"]}, {"a"}),
        ("groups", {}, set()),
        ("groups", {"groups": None}, set()),
    ],
)
def test_the_claims_values(claim, claims, values):
    assert oidc.ClaimMapping(claim=claim).values(claims) == values


def test_the_highest_role_and_desk_role_win():
    parsed = mapping(
        "pw-staff=staff,pw-directors=director", "pw-japan=japan:assistant,pw-japan-heads=japan:head"
    )
    values = {"pw-staff", "pw-directors", "pw-japan", "pw-japan-heads"}
    assert parsed.role(values) == Role.DIRECTOR
    assert parsed.desk_roles(values) == {"japan": DeskRole.HEAD}
    assert parsed.role({"elsewhere"}) is None
    assert parsed.desk_roles({"elsewhere"}) == {}


@pytest.mark.django_db
def test_the_mapping_sets_role_and_the_mapped_desks_only(japan_desk, india_desk, caplog):
    from pocketworld.core.tests.factories import DeskFactory

    usa = DeskFactory(slug="usa")
    user = UserFactory(role=Role.DIRECTOR)
    DeskMembershipFactory(desk=india_desk, user=user, role=DeskRole.HEAD)
    DeskMembershipFactory(desk=usa, user=user, role=DeskRole.OFFICER)  # not in the map
    parsed = mapping(
        "pw-staff=staff", "pw-japan=japan:officer,pw-india=india:assistant,pw-korea=korea"
    )

    with caplog.at_level(logging.ERROR, logger="pocketworld.accounts.oidc"):
        oidc.apply_claim_mapping(user, {"groups": ["pw-staff", "pw-japan"]}, parsed)
    user.refresh_from_db()
    assert user.role == Role.STAFF
    assert dict(user.desk_memberships.values_list("desk__slug", "role")) == {
        "japan": DeskRole.OFFICER,
        "usa": DeskRole.OFFICER,
    }
    assert "OIDC_DESK_MAP names the desk 'korea', which does not exist." in caplog.text

    oidc.apply_claim_mapping(user, {"groups": ["pw-japan", "pw-india"]}, parsed)
    user.refresh_from_db()
    assert user.role == Role.STAFF  # a mapped desk makes desk staff
    assert DeskMembership.objects.get(user=user, desk=india_desk).role == DeskRole.ASSISTANT

    oidc.apply_claim_mapping(user, {"groups": []}, parsed)
    user.refresh_from_db()
    assert user.role == Role.PARTNER_VIEWER  # named nowhere: no rights
    assert list(user.desk_memberships.values_list("desk__slug", flat=True)) == ["usa"]


# --- a new user: without rights until a director gives them -------------------------------


@pytest.mark.django_db
def test_a_new_user_has_no_rights_and_no_password(sso):
    backend = backend_for()
    user = backend.create_user(
        {"email": " Erika.Mustermann@Example.org", "given_name": "Erika", "family_name": "M"}
    )
    assert user.username == "erika.mustermann@example.org"
    assert user.email == "Erika.Mustermann@example.org"  # Django lowers the domain
    assert (user.first_name, user.last_name) == ("Erika", "M")
    assert user.role == Role.PARTNER_VIEWER
    assert not user.has_usable_password()
    assert not user.desk_memberships.exists()
    assert getattr(backend.request, oidc.CREATED)

    other = backend.create_user({"email": "ERIKA.MUSTERMANN@example.org"})
    assert other.username == "erika.mustermann@example.org-2"


@pytest.mark.django_db
def test_a_new_user_sees_nothing_internal_as_desk_staff_without_desk_would(sso, japan_desk):
    """Why a new user is a partner viewer: a staff member without a desk reads people and
    projects; the new user reads companies only, and changes nothing."""
    company = CompanyFactory()
    person = PersonFactory()
    project = ProjectFactory(company=company)
    new = backend_for().create_user({"email": "new@example.org"})
    deskless_staff = UserFactory(role=Role.STAFF)

    internal = [f"/people/{person.pk}/", f"/projects/{project.pk}/", "/interactions/"]
    for url in internal:
        assert pages_of(deskless_staff).get(url).status_code == 200, url
    client = pages_of(new)
    assert client.get(f"/companies/{company.pk}/").status_code == 200
    assert client.get(f"/people/{person.pk}/").status_code == 404
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert person.family_name not in client.get("/people/").content.decode()
    assert client.get(f"/companies/{company.pk}/edit/").status_code == 403


@pytest.mark.django_db
def test_an_existing_user_keeps_their_names_when_the_provider_gives_none(sso):
    user = UserFactory(first_name="Dana", last_name="Berger", role=Role.DIRECTOR)
    backend_for().update_user(user, {"email": user.email, "given_name": ""})
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.role) == ("Dana", "Berger", Role.DIRECTOR)


@pytest.mark.django_db
def test_a_switched_off_user_is_refused(sso):
    user = UserFactory(is_active=False)
    backend = backend_for()
    assert backend.update_user(user, {"email": user.email}) == user
    assert getattr(backend.request, oidc.REFUSAL) == "Your account is switched off."


# --- what the provider says -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("claims", "refusal"),
    [
        ({"email": ""}, "did not give your e-mail address"),
        ({"email": "a@example.org", "email_verified": False}, "has not confirmed"),
        ({"email": "a@example.org", "email_verified": "false"}, "has not confirmed"),
    ],
)
def test_claims_without_a_confirmed_address_are_refused(sso, claims, refusal):
    backend = backend_for()
    assert not backend.verify_claims(claims)
    assert refusal in getattr(backend.request, oidc.REFUSAL)


@pytest.mark.django_db
def test_users_are_found_by_address_in_any_case_and_a_shared_address_is_refused(sso):
    user = UserFactory(email="dana@example.org")
    backend = backend_for()
    assert list(backend.filter_users_by_claims({"email": "DANA@Example.org "})) == [user]
    assert not hasattr(backend.request, oidc.REFUSAL)
    UserFactory(email="Dana@example.org")
    assert len(backend.filter_users_by_claims({"email": "dana@example.org"})) == 2
    assert "Several accounts have the e-mail address dana@example.org" in getattr(
        backend.request, oidc.REFUSAL
    )


def id_token(**claims):
    payload = {"iss": ISSUER, "aud": "pocketworld", "sub": "1", "nonce": "n", **claims}
    return jwt.encode(payload, SECRET, algorithm="HS256")


@pytest.mark.parametrize(
    ("claims", "error"),
    [
        ({"iss": "https://elsewhere.example.org"}, "another issuer"),
        ({"aud": "another-client"}, "another client"),
        ({"aud": ["another-client", "more"]}, "another client"),
    ],
)
def test_an_id_token_from_another_issuer_or_for_another_client_is_refused(sso, claims, error):
    sso.OIDC_RP_SIGN_ALGO = "HS256"
    backend = backend_for()
    assert backend.verify_token(id_token(), nonce="n")["sub"] == "1"
    assert backend.verify_token(id_token(aud=["x", "pocketworld"]), nonce="n")
    with pytest.raises(SuspiciousOperation, match=error):
        backend.verify_token(id_token(**claims), nonce="n")


@pytest.mark.django_db
def test_a_password_sign_in_never_asks_the_provider(sso, japan_officer, rf):
    from django.contrib.auth import authenticate

    sso.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens there
    sso.OIDC_OP_TOKEN_ENDPOINT = ""
    oidc._discovered.clear()
    request = rf.post("/login/")
    user = authenticate(request, username=japan_officer.username, password="secret-pass-1")
    assert user == japan_officer
    assert user.backend == "django.contrib.auth.backends.ModelBackend"
    assert oidc.OIDCBackend().authenticate(rf.get("/?code=c&state=s"), password="x") is None
    assert oidc._discovered == {}


# --- the discovery document -----------------------------------------------------------------


@pytest.fixture
def discovery_server():
    """A local server of discovery documents; `documents` says what it answers."""
    documents = {}
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            body = json.dumps(documents.get(self.path, {})).encode()
            self.send_response(200 if self.path in documents else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    server.documents, server.asked = documents, asked
    oidc._discovered.clear()
    yield server
    server.shutdown()
    server.server_close()
    oidc._discovered.clear()


def test_the_discovery_document_is_read_once_and_settings_override_it(settings, discovery_server):
    issuer = f"{discovery_server.url}/realms/pw"
    discovery_server.documents["/realms/pw/.well-known/openid-configuration"] = {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/auth",
        "token_endpoint": f"{issuer}/token",
        "end_session_endpoint": f"{issuer}/logout",
    }
    settings.OIDC_ISSUER = issuer
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://elsewhere.example.org/token"
    assert oidc.provider_endpoint("authorization_endpoint") == f"{issuer}/auth"
    assert oidc.provider_endpoint("end_session_endpoint") == f"{issuer}/logout"
    assert oidc.provider_endpoint("token_endpoint") == "https://elsewhere.example.org/token"
    assert oidc.provider_endpoint("userinfo_endpoint") == ""
    assert discovery_server.asked == ["/realms/pw/.well-known/openid-configuration"]


def test_a_document_of_another_issuer_or_none_is_an_error_and_not_kept(settings, discovery_server):
    settings.OIDC_ISSUER = f"{discovery_server.url}/realms/pw"
    discovery_server.documents["/realms/pw/.well-known/openid-configuration"] = {
        "issuer": "https://evil.example.org"
    }
    with pytest.raises(oidc.ProviderError, match="names the issuer 'https://evil.example.org'"):
        oidc.provider_endpoint("token_endpoint")
    settings.OIDC_ISSUER = f"{discovery_server.url}/realms/missing"
    with pytest.raises(oidc.ProviderError, match="cannot be read: 404"):
        oidc.provider_endpoint("token_endpoint")
    assert oidc._discovered == {}


# --- system checks --------------------------------------------------------------------------


def check_ids(databases=None):
    return sorted(
        message.id
        for message in (
            oidc.single_sign_on(None) + oidc.mapped_desks_exist(None, databases=databases)
        )
    )


def test_no_check_complains_with_single_sign_on_off():
    assert check_ids() == []


def test_a_sound_configuration_passes(sso):
    sso.OIDC_ROLE_MAP = "pw-staff=staff"
    assert check_ids() == []


@pytest.mark.parametrize(
    ("changes", "ids"),
    [
        ({"OIDC_ISSUER": "sso.example.org"}, ["accounts.E101"]),
        ({"OIDC_RP_CLIENT_ID": ""}, ["accounts.E102"]),
        ({"OIDC_RP_CLIENT_SECRET": ""}, ["accounts.E103"]),
        ({"OIDC_RP_SCOPES": "openid profile"}, ["accounts.E104"]),
        ({"OIDC_RP_SIGN_ALGO": "none"}, ["accounts.E105"]),
        ({"OIDC_ROLE_MAP": "pw-admins=admin"}, ["accounts.E106"]),
        ({"OIDC_DESK_MAP": "pw-japan=japan:boss"}, ["accounts.E106"]),
        ({"AUTHENTICATION_BACKENDS": ["axes.backends.AxesStandaloneBackend"]}, ["accounts.E107"]),
        ({"LOCAL_PASSWORDS": False}, ["accounts.E109"]),
        ({"OIDC_OP_TOKEN_ENDPOINT": "/token"}, ["accounts.E110"]),
    ],
)
def test_a_bad_configuration_is_told_at_start_up(sso, changes, ids):
    for name, value in changes.items():
        setattr(sso, name, value)
    assert check_ids() == ids


def test_passwords_off_without_single_sign_on_and_maps_without_it(settings):
    settings.LOCAL_PASSWORDS = False
    settings.AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend"]
    settings.OIDC_ROLE_MAP = "pw-staff=staff"
    assert check_ids() == ["accounts.E108", "accounts.W101"]


@pytest.mark.django_db
def test_a_mapped_desk_that_does_not_exist_is_told_with_a_database(sso, japan_desk):
    sso.OIDC_DESK_MAP = "pw-japan=japan,pw-korea=korea:head"
    assert check_ids() == []  # without a database, as runserver checks
    assert check_ids(databases=["default"]) == ["accounts.W102"]


# --- the settings block ---------------------------------------------------------------------


def settings_with(monkeypatch, **environment):
    for name in ("OIDC_ISSUER", "LOCAL_PASSWORDS", "OIDC_RP_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(f"{name}_FILE", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(django_settings.BASE_DIR, "pocketworld", "settings.py")))


def test_single_sign_on_is_off_without_an_issuer(monkeypatch):
    values = settings_with(monkeypatch)
    assert values["OIDC_ISSUER"] == ""
    assert values["LOCAL_PASSWORDS"] is True
    assert values["OIDC_RP_SCOPES"] == "openid email profile"
    assert values["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert oidc.BACKEND not in values["AUTHENTICATION_BACKENDS"]
    assert "django.contrib.auth.backends.ModelBackend" in values["AUTHENTICATION_BACKENDS"]


def test_the_environment_turns_single_sign_on_on_and_passwords_off(monkeypatch, tmp_path):
    secret = tmp_path / "oidc_secret"
    secret.write_text("from-a-file\n")
    values = settings_with(
        monkeypatch,
        OIDC_ISSUER=f"{ISSUER}/",
        OIDC_RP_CLIENT_SECRET_FILE=str(secret),
        LOCAL_PASSWORDS="false",
    )
    assert values["OIDC_ISSUER"] == ISSUER
    assert values["OIDC_RP_CLIENT_SECRET"] == "from-a-file"
    assert values["AUTHENTICATION_BACKENDS"] == [
        "axes.backends.AxesStandaloneBackend",
        oidc.BACKEND,
    ]
