"""The pages of single sign-on without a provider: the sign-in page's button, the start of
a sign-in, a failed return, the sign-out that goes on to the provider, and the password
pages with LOCAL_PASSWORDS off. End to end with a provider: test_oidc_browser.py."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pocketworld.accounts import oidc
from pocketworld.core.testing import pages_of, signed_in_with_password

pytestmark = pytest.mark.django_db

ISSUER = "https://sso.example.org/realms/pocketworld"
UNREACHABLE = "http://127.0.0.1:9"  # nothing listens there


@pytest.fixture
def sso(settings):
    """Single sign-on on, with every endpoint named: nothing asks the network."""
    settings.OIDC_ISSUER = ISSUER
    settings.OIDC_PROVIDER_NAME = "Keycloak"
    settings.OIDC_RP_CLIENT_ID = "pocketworld"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{ISSUER}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{ISSUER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{ISSUER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{ISSUER}/certs"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{ISSUER}/logout"
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        oidc.BACKEND,
        "django.contrib.auth.backends.ModelBackend",
    ]
    return settings


@pytest.fixture
def passwords_off(sso):
    sso.LOCAL_PASSWORDS = False
    sso.AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", oidc.BACKEND]
    return sso


def text_of(response):
    return html.unescape(response.content.decode())


# --- off ------------------------------------------------------------------------------------


def test_without_single_sign_on_nothing_changes(client):
    page = text_of(client.get("/login/"))
    assert 'name="password"' in page and "Forgotten password?" in page
    assert "/oidc/authenticate/" not in page
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=c&state=s").status_code == 404


# --- signing in -----------------------------------------------------------------------------


def test_the_sign_in_page_offers_single_sign_on_beside_the_password(client, sso):
    page = text_of(client.get("/login/?next=/companies/"))
    assert re.search(r'href="/oidc/authenticate/\?next=/companies/">Sign in with Keycloak<', page)
    assert 'name="password"' in page and "Forgotten password?" in page


def test_the_sign_in_starts_at_the_provider_with_pkce(client, sso):
    response = client.get("/oidc/authenticate/?next=/companies/")
    assert response.status_code == 302
    address = urlsplit(response.url)
    assert f"{address.scheme}://{address.netloc}{address.path}" == f"{ISSUER}/auth"
    query = {name: values[0] for name, values in parse_qs(address.query).items()}
    assert query["client_id"] == "pocketworld"
    assert query["redirect_uri"] == "http://testserver/oidc/callback/"
    assert query["scope"] == "openid email profile"
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    assert query["state"] in client.session["oidc_states"]
    assert client.session["oidc_login_next"] == "/companies/"


def test_an_unreachable_provider_is_told_on_the_sign_in_page(client, sso):
    sso.OIDC_ISSUER = UNREACHABLE
    sso.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    oidc._discovered.clear()
    response = client.get("/oidc/authenticate/", follow=True)
    assert response.redirect_chain == [("/login/", 302)]
    assert "Keycloak cannot be reached at the moment" in text_of(response)
    assert oidc._discovered == {}


def test_a_refusal_at_the_provider_comes_back_to_the_sign_in_page(client, sso):
    response = client.get("/oidc/callback/?error=access_denied&state=s", follow=True)
    assert response.redirect_chain == [("/login/", 302)]
    assert "Signing in with Keycloak did not succeed" in text_of(response)
    assert not response.wsgi_request.user.is_authenticated


def test_a_provider_that_stops_answering_is_no_server_error(client, sso):
    start = client.get("/oidc/authenticate/")
    state = parse_qs(urlsplit(start.url).query)["state"][0]
    sso.OIDC_OP_TOKEN_ENDPOINT = f"{UNREACHABLE}/token"
    response = client.get(f"/oidc/callback/?code=c&state={state}", follow=True)
    assert response.redirect_chain == [("/login/", 302)]
    assert "Keycloak cannot be reached at the moment" in text_of(response)


# --- signing out ----------------------------------------------------------------------------


def signed_in_with_sso(user, id_token="the-id-token"):
    client = Client()
    client.force_login(user, backend=oidc.BACKEND)
    session = client.session
    session["oidc_id_token"] = id_token
    session.save()
    return client


def test_signing_out_after_single_sign_on_goes_on_to_the_provider(sso, japan_officer):
    sso.OIDC_OP_LOGOUT_ENDPOINT = f"{ISSUER}/logout?ui_locales=de"
    client = signed_in_with_sso(japan_officer)
    assert client.session[BACKEND_SESSION_KEY] == oidc.BACKEND

    response = client.post("/logout/")
    assert response.status_code == 200
    page = text_of(response)
    url = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page)[1]
    address = urlsplit(url)
    assert url.startswith(f"{ISSUER}/logout?ui_locales=de&")
    assert parse_qs(address.query) == {
        "ui_locales": ["de"],
        "client_id": ["pocketworld"],
        "post_logout_redirect_uri": ["http://testserver/login/"],
        "id_token_hint": ["the-id-token"],
    }
    assert f'href="{url}"' in page  # and a link, should the browser not move on
    assert client.get("/").status_code == 302  # signed out of pocketworld already


def test_signing_out_of_a_password_session_stays_here(sso, japan_officer):
    client = signed_in_with_password(japan_officer.username, "secret-pass-1")
    assert SESSION_KEY in client.session
    response = client.post("/logout/")
    assert response.status_code == 302 and response.url == "/login/"
    assert SESSION_KEY not in client.session


def test_signing_out_without_an_end_session_endpoint_stays_here(sso, japan_officer):
    sso.OIDC_OP_LOGOUT_ENDPOINT = ""
    oidc._discovered[ISSUER] = {"issuer": ISSUER}  # as the provider's document says
    client = signed_in_with_sso(japan_officer)
    try:
        response = client.post("/logout/")
    finally:
        oidc._discovered.pop(ISSUER)
    assert response.status_code == 302 and response.url == "/login/"
    assert SESSION_KEY not in client.session


def test_signing_out_is_a_post(sso, japan_officer):
    assert signed_in_with_sso(japan_officer).get("/logout/").status_code == 405


# --- local passwords off --------------------------------------------------------------------


def test_without_local_passwords_the_sign_in_page_offers_single_sign_on_alone(
    client, passwords_off, japan_officer
):
    page = text_of(client.get("/login/"))
    assert "Sign in with Keycloak" in page
    assert 'name="password"' not in page and "Forgotten password?" not in page
    assert signed_in_with_password(japan_officer.username, "secret-pass-1") is None


def test_without_local_passwords_no_password_is_reset(client, passwords_off, japan_officer):
    response = client.get("/password-reset/", follow=True)
    assert response.redirect_chain == [("/login/", 302)]
    assert "Passwords are not used here: sign in with Keycloak." in text_of(response)
    client.post("/password-reset/", {"email": japan_officer.email})
    assert mail.outbox == []
    uid = urlsafe_base64_encode(force_bytes(japan_officer.pk))
    token = default_token_generator.make_token(japan_officer)
    assert client.get(f"/password-reset/{uid}/{token}/").status_code == 302


def test_without_local_passwords_no_password_is_changed(passwords_off, japan_officer):
    client = pages_of(japan_officer)
    assert "Change password" not in text_of(client.get("/settings/"))
    response = client.post(
        "/settings/password/",
        {
            "old_password": "secret-pass-1",
            "new_password1": "a-long-Passphrase-7",
            "new_password2": "a-long-Passphrase-7",
        },
    )
    assert response.status_code == 302 and response.url == "/settings/"
    japan_officer.refresh_from_db()
    assert japan_officer.check_password("secret-pass-1")


def test_without_local_passwords_the_admin_takes_no_password(passwords_off, administrator):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": "secret-pass-1"}
    )
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert client.get("/admin/").status_code == 302


def test_a_user_without_a_password_is_not_offered_to_change_it(sso, japan_officer):
    japan_officer.set_unusable_password()
    japan_officer.save()
    assert "Change password" not in text_of(pages_of(japan_officer).get("/settings/"))
