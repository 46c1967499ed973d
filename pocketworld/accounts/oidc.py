"""Single sign-on with an OpenID Connect provider, through mozilla-django-oidc.

It is on when `OIDC_ISSUER` is set (settings.py, "Single sign-on"; the system checks at the
end tell of a bad configuration at start-up). The provider's endpoints come from its discovery
document, read at the first use and kept for the life of the process; `OIDC_OP_*` settings
override them. Nothing reaches the network at import time.

- `OIDCBackend` signs in the user whose e-mail address the provider gives (in any case),
  or creates them; two accounts with one address are refused with a message. A new user
  has no rights: the partner viewer's role, which reads no person and no internal work
  (`core.permissions`), until a director gives them a role and desks. Desk staff would
  not do: a staff member without a desk still reads everything, people included.
- The claim mapping (`OIDC_ROLE_CLAIM`, `OIDC_ROLE_MAP`, `OIDC_DESK_MAP`), when set, lets
  the provider decide instead, at every sign-in: the role, and the memberships of the desks
  the map names.
- Signing out after a single sign-on ends the provider's session too: `LogoutView` ends
  ours and a page moves on to the provider's end_session_endpoint (`provider_logout_url`).
- With `LOCAL_PASSWORDS` off, the sign-in page offers single sign-on alone and the password
  views only say so (`local_passwords_only`); settings.py leaves out Django's ModelBackend.
"""

import functools
import logging
import re
import threading
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import DatabaseError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from pocketworld.core.choices import DeskRole, Role
from pocketworld.core.permissions import desk_model

logger = logging.getLogger(__name__)

# The backend's path, which a session of a single sign-on names (the audit log reads it).
BACKEND = "pocketworld.accounts.oidc.OIDCBackend"

# The settings that override what the discovery document says, by its key.
ENDPOINT_SETTINGS = {
    "authorization_endpoint": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "OIDC_OP_TOKEN_ENDPOINT",
    "userinfo_endpoint": "OIDC_OP_USER_ENDPOINT",
    "jwks_uri": "OIDC_OP_JWKS_ENDPOINT",
    "end_session_endpoint": "OIDC_OP_LOGOUT_ENDPOINT",
}

# Highest first: a user whose claim names several gets the highest.
ROLE_RANK = [Role.ADMINISTRATOR, Role.DIRECTOR, Role.STAFF, Role.PARTNER_VIEWER]
DESK_ROLE_RANK = [DeskRole.HEAD, DeskRole.OFFICER, DeskRole.ASSISTANT]
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

# Request attributes: why the backend refused a sign-in (shown on the sign-in page), and
# that it created the user.
REFUSAL = "sso_refusal"
CREATED = "sso_created"


def sso_enabled():
    return bool(settings.OIDC_ISSUER)


def local_passwords():
    return settings.LOCAL_PASSWORDS


def provider_name():
    return settings.OIDC_PROVIDER_NAME or _("single sign-on")


def sign_in_options(request):
    """Context processor: what the sign-in page offers."""
    return {
        "sso_provider": provider_name() if sso_enabled() else "",
        "local_passwords": local_passwords(),
    }


# --- the provider's endpoints ---------------------------------------------------------------


class ProviderError(Exception):
    """The provider's discovery document cannot be read or does not fit its issuer."""


_discovered = {}
_discovery_lock = threading.Lock()


def discovery_document(issuer):
    """{issuer}/.well-known/openid-configuration, read once per process and issuer."""
    with _discovery_lock:
        if issuer not in _discovered:
            _discovered[issuer] = fetch_discovery_document(issuer)
        return _discovered[issuer]


def fetch_discovery_document(issuer):
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(
            url,
            timeout=settings.OIDC_TIMEOUT,
            verify=getattr(settings, "OIDC_VERIFY_SSL", True),
            proxies=getattr(settings, "OIDC_PROXY", None),
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderError(f"{url} cannot be read: {error}") from error
    if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
        found = document.get("issuer") if isinstance(document, dict) else None
        raise ProviderError(f"{url} names the issuer {found!r}, not OIDC_ISSUER {issuer!r}")
    return document


def provider_endpoint(key):
    """The endpoint `key` of the discovery document ("token_endpoint"), unless a setting
    names it; "" when the provider has none."""
    if explicit := getattr(settings, ENDPOINT_SETTINGS[key], ""):
        return explicit
    return discovery_document(settings.OIDC_ISSUER).get(key) or ""


# --- the claim mapping ----------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimMapping:
    """Which values of one claim give which role and which desk memberships."""

    claim: str = "groups"
    roles: tuple[tuple[str, str], ...] = ()  # (value, Role)
    desks: tuple[tuple[str, str, str], ...] = ()  # (value, desk slug, DeskRole)

    @property
    def configured(self):
        return bool(self.roles or self.desks)

    def desk_slugs(self):
        return {slug for _value, slug, _role in self.desks}

    def values(self, claims):
        """The claim's values: a list of strings (groups, app roles) or one string; the
        claim may be nested ("realm_access.roles")."""
        value = claims.get(self.claim)
        if value is None and "." in self.claim:
            value = claims
            for step in self.claim.split("."):
                value = value.get(step) if isinstance(value, dict) else None
        if isinstance(value, str):
            return {value}
        if isinstance(value, list | tuple):
            return {str(item) for item in value if isinstance(item, str | int)}
        return set()

    def role(self, values):
        """The highest role the values give, or None."""
        given = {role for value, role in self.roles if value in values}
        return next((role for role in ROLE_RANK if role in given), None)

    def desk_roles(self, values):
        """{desk slug: the highest desk role the values give}."""
        given = {}
        for value, slug, role in self.desks:
            if value in values:
                given.setdefault(slug, set()).add(role)
        return {
            slug: next(role for role in DESK_ROLE_RANK if role in roles)
            for slug, roles in given.items()
        }


def map_entries(name, text):
    """[(value, target)] of "value=target,value=target"; a value may hold "=" but no ","."""
    entries = []
    for entry in (text or "").split(","):
        if not entry.strip():
            continue
        value, equals, target = entry.strip().rpartition("=")
        if not equals or not value.strip() or not target.strip():
            raise ImproperlyConfigured(
                f"{name}: {entry.strip()!r} is not of the form value=target "
                "(entries are separated by commas)"
            )
        entries.append((value.strip(), target.strip()))
    return entries


def parse_claim_mapping(claim, role_map, desk_map):
    """The mapping the settings describe; ImproperlyConfigured names what is wrong."""
    roles = []
    for value, target in map_entries("OIDC_ROLE_MAP", role_map):
        if target not in Role.values:
            raise ImproperlyConfigured(
                f"OIDC_ROLE_MAP: {value}={target} names no role; the roles are "
                f"{', '.join(Role.values)}"
            )
        roles.append((value, Role(target)))
    desks = []
    for value, target in map_entries("OIDC_DESK_MAP", desk_map):
        slug, _colon, desk_role = target.partition(":")
        desk_role = desk_role or DeskRole.OFFICER
        if not SLUG.match(slug):
            raise ImproperlyConfigured(
                f"OIDC_DESK_MAP: {value}={target} names no desk; give the desk's slug, "
                "e.g. japan or japan:officer"
            )
        if desk_role not in DeskRole.values:
            raise ImproperlyConfigured(
                f"OIDC_DESK_MAP: {value}={target} names no desk role; the desk roles are "
                f"{', '.join(DeskRole.values)}"
            )
        desks.append((value, slug, DeskRole(desk_role)))
    if (roles or desks) and not (claim or "").strip():
        raise ImproperlyConfigured("OIDC_ROLE_CLAIM is empty: name the claim the maps read")
    return ClaimMapping(claim=(claim or "").strip(), roles=tuple(roles), desks=tuple(desks))


def claim_mapping():
    return parse_claim_mapping(
        settings.OIDC_ROLE_CLAIM, settings.OIDC_ROLE_MAP, settings.OIDC_DESK_MAP
    )


def membership_model():
    return get_user_model()._meta.get_field("desk_memberships").related_model


def apply_claim_mapping(user, claims, mapping):
    """Give `user` the role and the memberships of the mapped desks that `claims` say: the
    highest mapped role, else desk staff with a mapped desk, else no rights (partner
    viewer). Desks the map does not name keep their members."""
    values = mapping.values(claims)
    wanted = mapping.desk_roles(values)
    role = mapping.role(values) or (Role.STAFF if wanted else Role.PARTNER_VIEWER)
    if user.role != role:
        user.role = role
        user.save()
    Membership = membership_model()
    desks = {desk.slug: desk for desk in desk_model().objects.filter(slug__in=mapping.desk_slugs())}
    for slug in sorted(mapping.desk_slugs() - desks.keys()):
        logger.error("OIDC_DESK_MAP names the desk %r, which does not exist.", slug)
    current = {
        membership.desk_id: membership
        for membership in Membership.objects.filter(user=user, desk__in=desks.values())
    }
    for slug, desk in desks.items():
        membership, desk_role = current.get(desk.pk), wanted.get(slug)
        if desk_role is None and membership is not None:
            membership.delete()
        elif desk_role is not None and membership is None:
            Membership.objects.create(desk=desk, user=user, role=desk_role)
        elif desk_role is not None and membership.role != desk_role:
            membership.role = desk_role
            membership.save()
    user.__dict__.pop("_desk_roles", None)


# --- the backend ----------------------------------------------------------------------------


def refuse(request, message):
    """Note why a sign-in is refused; the callback shows it on the sign-in page."""
    if request is not None:
        setattr(request, REFUSAL, message)


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the endpoints from the discovery document, users
    matched by e-mail in any case, and the claim mapping."""

    def __init__(self, *args, **kwargs):
        # Django makes a backend for every sign-in, of any kind, and for every request's
        # user: the provider's endpoints are read when a sign-in comes back from it.
        self.UserModel = get_user_model()

    def configure(self):
        self.OIDC_OP_TOKEN_ENDPOINT = provider_endpoint("token_endpoint")
        self.OIDC_OP_USER_ENDPOINT = provider_endpoint("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = provider_endpoint("jwks_uri") or None
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = getattr(settings, "OIDC_RP_IDP_SIGN_KEY", None)
        self.mapping = claim_mapping()

    def authenticate(self, request, **kwargs):
        """Only the provider's answer at the callback: never a password."""
        if request is None or not sso_enabled() or "password" in kwargs:
            return None
        if not request.GET.get("code") or not request.GET.get("state"):
            return None
        try:
            self.configure()
            return super().authenticate(request, **kwargs)
        except (ProviderError, requests.ConnectionError, requests.Timeout) as error:
            logger.warning("Single sign-on: the provider cannot be reached: %s", error)
            refuse(
                request,
                _("%(provider)s cannot be reached at the moment. Please try again later.")
                % {"provider": provider_name()},
            )
        except (requests.RequestException, ImproperlyConfigured) as error:
            logger.warning("Single sign-on failed: %s", error)
        return None

    def verify_token(self, token, **kwargs):
        """mozilla-django-oidc checks the signature and nonce; an ID token must also come
        from our issuer and be meant for us."""
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:
            if str(payload.get("iss", "")).rstrip("/") != settings.OIDC_ISSUER:
                raise SuspiciousOperation("The ID token comes from another issuer.")
            audience = payload.get("aud")
            audiences = [audience] if isinstance(audience, str) else audience or []
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("The ID token is meant for another client.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims with the userinfo endpoint's: some providers name groups
        or roles in the ID token only (Entra ID)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The userinfo is about another subject.")
            claims.update(userinfo)
        return claims

    def verify_claims(self, claims):
        if not str(claims.get("email") or "").strip():
            refuse(
                self.request,
                _("%(provider)s did not give your e-mail address, which pocketworld needs.")
                % {"provider": provider_name()},
            )
            return False
        if str(claims.get("email_verified", "")).lower() == "false":
            refuse(
                self.request,
                _("%(provider)s has not confirmed your e-mail address.")
                % {"provider": provider_name()},
            )
            return False
        return True

    def filter_users_by_claims(self, claims):
        email = claims["email"].strip()
        users = self.UserModel.objects.filter(email__iexact=email)
        if len(users) > 1:
            refuse(
                self.request,
                _(
                    "Several accounts have the e-mail address %(email)s. An administrator "
                    "must leave it to one of them before you can sign in with %(provider)s."
                )
                % {"email": email, "provider": provider_name()},
            )
        return users

    def get_username(self, claims):
        """The e-mail address, made unique with a number where another user has it."""
        base = claims["email"].strip().lower()[:140]
        username, number = base, 1
        while self.UserModel.objects.filter(username__iexact=username).exists():
            number += 1
            username = f"{base}-{number}"
        return username

    @transaction.atomic
    def create_user(self, claims):
        """A new user without rights (the partner viewer's role), unless the mapping gives
        some; no password, so it signs in with the provider only."""
        user = self.UserModel.objects.create_user(
            self.get_username(claims),
            email=claims["email"].strip(),
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
            role=Role.PARTNER_VIEWER,
        )
        if self.mapping.configured:
            apply_claim_mapping(user, claims, self.mapping)
        setattr(self.request, CREATED, True)
        return user

    @transaction.atomic
    def update_user(self, user, claims):
        """The names the provider gives, and the mapping at every sign-in."""
        if not user.is_active:
            refuse(self.request, _("Your account is switched off."))
            return user
        names = {
            "first_name": str(claims.get("given_name") or "")[:150],
            "last_name": str(claims.get("family_name") or "")[:150],
        }
        changed = {
            name: value for name, value in names.items() if value and value != getattr(user, name)
        }
        if changed:
            for name, value in changed.items():
                setattr(user, name, value)
            user.save()
        if self.mapping.configured:
            apply_claim_mapping(user, claims, self.mapping)
        return user

    def get_user(self, user_id):
        # Django's, which turns away a switched-off user.
        return ModelBackend.get_user(self, user_id)


# --- the views ------------------------------------------------------------------------------


def sign_in_page():
    return HttpResponseRedirect(reverse("accounts:login"))


def unreachable(request, error):
    logger.warning("Single sign-on: the provider cannot be reached: %s", error)
    messages.error(
        request,
        _("%(provider)s cannot be reached at the moment. Please try again later.")
        % {"provider": provider_name()},
    )
    return sign_in_page()


class AuthenticateView(OIDCAuthenticationRequestView):
    """Off to the provider's sign-in (GET, as the button on the sign-in page links)."""

    def __init__(self, **kwargs):
        # The authorization endpoint is read at the request, not when the view is made.
        View.__init__(self, **kwargs)

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_endpoint("authorization_endpoint")
        except ProviderError as error:
            return unreachable(request, error)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Back from the provider: signed in, or on the sign-in page with the reason."""

    def get(self, request):
        if not sso_enabled():
            raise Http404
        return super().get(request)

    def login_failure(self):
        message = getattr(self.request, REFUSAL, None) or _(
            "Signing in with %(provider)s did not succeed. Please try again."
        ) % {"provider": provider_name()}
        messages.error(self.request, message)
        return sign_in_page()

    def login_success(self):
        response = super().login_success()
        if getattr(self.request, CREATED, False) and self.user.role == Role.PARTNER_VIEWER:
            messages.info(
                self.request,
                _(
                    "Welcome! Your account is new and has no rights yet: you see what "
                    "partners see until a director gives you your role and desks."
                ),
            )
        return response


def signed_in_with_sso(request):
    return request.user.is_authenticated and request.session.get(BACKEND_SESSION_KEY) == BACKEND


def provider_logout_url(request):
    """The provider's end_session_endpoint with the ID token as hint, back to our sign-in
    page afterwards (OIDC_OP_LOGOUT_URL_METHOD); our sign-in page when it has none."""
    back = request.build_absolute_uri(reverse("accounts:login"))
    try:
        endpoint = provider_endpoint("end_session_endpoint")
    except ProviderError as error:
        logger.warning("Single sign-on: no sign-out at the provider: %s", error)
        endpoint = ""
    if not endpoint:
        return reverse("accounts:login")
    query = {"client_id": settings.OIDC_RP_CLIENT_ID, "post_logout_redirect_uri": back}
    if id_token := request.session.get("oidc_id_token"):
        query["id_token_hint"] = id_token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


class LogoutView(auth_views.LogoutView):
    """Django's (POST only); after a single sign-on, on to the provider to end its session
    too, as mozilla-django-oidc's OIDCLogoutView does (OIDC_OP_LOGOUT_URL_METHOD).

    Not by a redirect: the browser would refuse it, since the Content-Security-Policy lets
    forms (the sign-out button) lead to pocketworld only. A page says that pocketworld's
    session has ended and moves on to the provider by itself (or with its link).
    """

    def post(self, request, *args, **kwargs):
        provider_url = None
        if sso_enabled() and signed_in_with_sso(request):
            provider_url = import_string(settings.OIDC_OP_LOGOUT_URL_METHOD)(request)
        response = super().post(request, *args, **kwargs)
        if not provider_url or provider_url == reverse("accounts:login"):
            return response
        context = {"provider_logout_url": provider_url}
        return render(request, "accounts/provider_logout.html", context)


def local_passwords_only(view):
    """A password view (change, reset): with LOCAL_PASSWORDS off it only says that
    passwords are not used here."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if local_passwords():
            return view(request, *args, **kwargs)
        messages.info(
            request,
            _("Passwords are not used here: sign in with %(provider)s.")
            % {"provider": provider_name()},
        )
        if request.user.is_authenticated:
            return HttpResponseRedirect(reverse("accounts:settings"))
        return sign_in_page()

    return wrapped


# --- system checks: a bad configuration is told at start-up (runserver, migrate, check) ------

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
SIGN_ALGORITHMS = {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "HS256"}


def is_web_address(value):
    parts = urlsplit(value)
    return parts.scheme in ("https", "http") and bool(parts.netloc)


@checks.register(checks.Tags.security)
def single_sign_on(app_configs, **kwargs):
    errors = []
    issuer = settings.OIDC_ISSUER
    backends = settings.AUTHENTICATION_BACKENDS
    try:
        mapping = claim_mapping()
    except ImproperlyConfigured as error:
        errors.append(
            checks.Error(str(error), hint="See the README, 'Single sign-on'.", id="accounts.E106")
        )
        mapping = None
    if not settings.LOCAL_PASSWORDS and not issuer:
        errors.append(
            checks.Error(
                "LOCAL_PASSWORDS is off but single sign-on is not configured (OIDC_ISSUER): "
                "nobody could sign in.",
                id="accounts.E108",
            )
        )
    if not settings.LOCAL_PASSWORDS and MODEL_BACKEND in backends:
        errors.append(
            checks.Error(
                f"LOCAL_PASSWORDS is off but {MODEL_BACKEND} is in AUTHENTICATION_BACKENDS: "
                "passwords would still sign in.",
                id="accounts.E109",
            )
        )
    if not issuer:
        if mapping is not None and mapping.configured:
            errors.append(
                checks.Warning(
                    "OIDC_ROLE_MAP or OIDC_DESK_MAP is set, but single sign-on is off "
                    "(OIDC_ISSUER is not set).",
                    id="accounts.W101",
                )
            )
        return errors
    if not is_web_address(issuer):
        errors.append(
            checks.Error(
                f"OIDC_ISSUER {issuer!r} is not a web address.",
                hint="e.g. https://login.microsoftonline.com/<tenant-id>/v2.0 or "
                "https://<host>/realms/<realm>",
                id="accounts.E101",
            )
        )
    if not settings.OIDC_RP_CLIENT_ID:
        errors.append(
            checks.Error("OIDC_ISSUER is set but OIDC_RP_CLIENT_ID is not.", id="accounts.E102")
        )
    if not settings.OIDC_RP_CLIENT_SECRET:
        errors.append(
            checks.Error(
                "OIDC_ISSUER is set but OIDC_RP_CLIENT_SECRET (or OIDC_RP_CLIENT_SECRET_FILE) "
                "is not.",
                id="accounts.E103",
            )
        )
    scopes = settings.OIDC_RP_SCOPES.split()
    if "openid" not in scopes or "email" not in scopes:
        errors.append(
            checks.Error(
                f"OIDC_RP_SCOPES {settings.OIDC_RP_SCOPES!r} lacks 'openid' or 'email': users "
                "are matched by their e-mail address.",
                id="accounts.E104",
            )
        )
    if settings.OIDC_RP_SIGN_ALGO not in SIGN_ALGORITHMS:
        errors.append(
            checks.Error(
                f"OIDC_RP_SIGN_ALGO {settings.OIDC_RP_SIGN_ALGO!r} is none of "
                f"{', '.join(sorted(SIGN_ALGORITHMS))}.",
                id="accounts.E105",
            )
        )
    if BACKEND not in backends:
        errors.append(
            checks.Error(
                f"OIDC_ISSUER is set but {BACKEND} is not in AUTHENTICATION_BACKENDS.",
                id="accounts.E107",
            )
        )
    for name in ENDPOINT_SETTINGS.values():
        value = getattr(settings, name, "")
        if value and not is_web_address(value):
            errors.append(
                checks.Error(f"{name} {value!r} is not a web address.", id="accounts.E110")
            )
    return errors


@checks.register(checks.Tags.database)
def mapped_desks_exist(app_configs, databases=None, **kwargs):
    """The desks OIDC_DESK_MAP names (when the check is given a database, as migrate does)."""
    if not databases or not settings.OIDC_ISSUER:
        return []
    try:
        mapping = claim_mapping()
    except ImproperlyConfigured:
        return []  # single_sign_on tells
    slugs = mapping.desk_slugs()
    if not slugs:
        return []
    try:
        found = set(desk_model().objects.filter(slug__in=slugs).values_list("slug", flat=True))
    except DatabaseError:
        return []  # before the first migration
    return [
        checks.Warning(
            f"OIDC_DESK_MAP names the desk {slug!r}, which does not exist (yet).",
            hint="Desks are named by their slug, e.g. japan:officer.",
            id="accounts.W102",
        )
        for slug in sorted(slugs - found)
    ]
