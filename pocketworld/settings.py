"""Settings for pocketworld, read from the environment.

Every setting that differs between a laptop and production comes from an environment
variable; the README lists them all. Without any, pocketworld runs embedded: SQLite under
var/, a secret key generated once into var/, no Redis, no external assets.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("POCKETWORLD_VAR_DIR", BASE_DIR / "var"))


def envbool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envsecret(name):
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name, "")


def embedded_secret_key():
    """Generate the secret key once for an embedded installation and keep it under var/."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = envbool("DEBUG", False)
DEMO_MODE = envbool("DEMO", False)
SECRET_KEY = envsecret("SECRET_KEY") or embedded_secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "js_lib_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
    "pocketworld.core",
    "pocketworld.accounts",
    "pocketworld.desks",
    "pocketworld.companies",
    "pocketworld.contacts",
    "pocketworld.projects",
    "pocketworld.interactions",
    "pocketworld.events",
    "pocketworld.programmes",
    "pocketworld.monitoring",
    "pocketworld.inquiries",
    "pocketworld.search",
    "pocketworld.reports",
    "pocketworld.imports",
    "pocketworld.privacy",
    "pocketworld.audit",
    "pocketworld.api",
    "pocketworld.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request at hand for the audit log: who and from where.
    "pocketworld.audit.middleware.AuditRequestMiddleware",
    # Whether a second factor verified the session: request.user.is_verified().
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An unverified session of a user with a second factor ends; roles of REQUIRE_2FA_FOR
    # without one set one up first.
    "pocketworld.accounts.middleware.SecondFactorMiddleware",
    "pocketworld.core.middleware.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as its documentation asks: answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pocketworld.urls"
WSGI_APPLICATION = "pocketworld.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pocketworld.accounts.oidc.sign_in_options",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'pocketworld.sqlite3'}"
try:
    DATABASES = {
        # Connections stay open between requests (a reconnect costs ~15 ms on PostgreSQL).
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the worker and the web server use the file at the same time; a page cache
    # per connection (SQLITE_CACHE_MB, 16 MB) keeps the search index's pages in memory
    # between requests: each web worker holds one, so it counts in the worker's memory.
    # secure_delete overwrites what a delete or update frees with zeros, so that erased
    # personal data is not left in the file's free pages (privacy.erasure).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; "
            f"PRAGMA cache_size=-{envint('SQLITE_CACHE_MB', 16) * 1024}; "
            "PRAGMA secure_delete=ON;"
        ),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A web request's queries are short: starting parallel workers for one costs more than
    # it saves (a list page's query took 50 ms with two workers, 7 ms without).
    # DB_PARALLEL_WORKERS is PostgreSQL's max_parallel_workers_per_gather for our sessions.
    parallel = envint("DB_PARALLEL_WORKERS", 0)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c max_parallel_workers_per_gather={parallel}"
    )
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# The lockout's backend comes first: a locked-out account or address is refused before its
# password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins (the sign-in page, the admin's, wrong API tokens) lock an account after
# SIGNIN_FAILURES_PER_ACCOUNT and an address after SIGNIN_FAILURES_PER_ADDRESS within
# SIGNIN_LOCKOUT_MINUTES, for that long; an administrator unlocks in the admin ("Access
# attempts"). The counts are in the database, shared by every app server.
AXES_HANDLER = "pocketworld.accounts.lockout.SignInLockout"
AXES_LOCKOUT_PARAMETERS = "pocketworld.accounts.lockout.lockout_parameters"
AXES_CLIENT_IP_CALLABLE = "pocketworld.accounts.lockout.client_address"
AXES_FAILURE_LIMIT = envint("SIGNIN_FAILURES_PER_ACCOUNT", 10)
SIGNIN_FAILURES_PER_ADDRESS = envint("SIGNIN_FAILURES_PER_ADDRESS", 50)
AXES_COOLOFF_TIME = timedelta(minutes=envint("SIGNIN_LOCKOUT_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pocketworld.accounts.lockout.locked_out"
# Sign-ins and failures go to the audit log; axes keeps only what the lockout needs.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "code"]
# Roles (core.choices.Role) that must sign in with a second factor: an authenticator app
# and recovery codes (accounts/services.py). Users of single sign-on are exempt.
REQUIRE_2FA_FOR = envlist("REQUIRE_2FA_FOR", [])
OTP_TOTP_ISSUER = "pocketworld"
# The admin lists second-factor devices, to delete them, but shows no secret or code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Single sign-on (OpenID Connect) ------------------------------------------------------
# On when OIDC_ISSUER is set (README, "Single sign-on"); pocketworld/accounts/oidc.py does the
# work and its system checks tell of a bad configuration at start-up. The provider's
# endpoints come from {OIDC_ISSUER}/.well-known/openid-configuration, read at the first
# sign-in and kept for the life of the process; the OIDC_OP_* variables override them.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "")  # on the sign-in button
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = envsecret("OIDC_RP_CLIENT_SECRET")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_TIMEOUT = envint("OIDC_TIMEOUT", 10)  # seconds per request to the provider
# Users are matched by e-mail or created without rights (a partner viewer's) until a director
# gives them a role and desks; with a map set, the provider decides at every sign-in: the
# values of OIDC_ROLE_CLAIM give the role ("pw-directors=director,pw-staff=staff") and the
# memberships of the desks named by slug ("pw-japan=japan:officer,pw-japan-heads=japan:head").
OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "groups")
OIDC_ROLE_MAP = os.environ.get("OIDC_ROLE_MAP", "")
OIDC_DESK_MAP = os.environ.get("OIDC_DESK_MAP", "")
# mozilla-django-oidc as pocketworld uses it: PKCE, and the ID token kept as the hint of the
# sign-out at the provider.
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_OP_LOGOUT_URL_METHOD = "pocketworld.accounts.oidc.provider_logout_url"
# Off: the sign-in page offers single sign-on alone and no password signs in (the sign-in
# page's nor the admin's); password change and reset only say so.
LOCAL_PASSWORDS = envbool("LOCAL_PASSWORDS", True)
if OIDC_ISSUER:
    AUTHENTICATION_BACKENDS.insert(1, "pocketworld.accounts.oidc.OIDCBackend")  # after axes'
if not LOCAL_PASSWORDS:
    AUTHENTICATION_BACKENDS.remove("django.contrib.auth.backends.ModelBackend")

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "de")
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["pocketworld.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# WhiteNoise expects the folder even before the first collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from the app folders in DEBUG and tests; collectstatic is for production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Signed out after this long without a request (core.middleware.SessionActivityMiddleware);
# a changed password ends the user's other sessions (Django's session hash).
SESSION_COOKIE_AGE = envint("SESSION_IDLE_HOURS", 8) * 3600
# Served over HTTPS only: browsers are told to come back over HTTPS for a year.
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if SESSION_COOKIE_SECURE else 0
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Every script, style, image and font comes from pocketworld itself, none inline: what an
# attacker slips into a page as markup does not run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}
# No page uses the browser's devices or payment: none may, whatever a page would ask.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO_MODE or DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pocketworld@localhost")
# The address users reach pocketworld at, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The largest file the import wizard, its API and `manage.py import` take, in bytes.
IMPORT_MAX_FILE_SIZE = envint("IMPORT_MAX_FILE_SIZE", 50 * 1024 * 1024)

# Market monitoring's news sources. Addresses in private, loopback and link-local networks
# are refused unless MONITORING_ALLOW_PRIVATE_HOSTS (intranet feeds); a source's body is
# read to MONITORING_MAX_BYTES after decompression, within the timeouts (seconds).
MONITORING_ALLOW_PRIVATE_HOSTS = envbool("MONITORING_ALLOW_PRIVATE_HOSTS", False)
MONITORING_MAX_BYTES = envint("MONITORING_MAX_BYTES", 5 * 1024 * 1024)
MONITORING_CONNECT_TIMEOUT = envint("MONITORING_CONNECT_TIMEOUT", 5)
MONITORING_READ_TIMEOUT = envint("MONITORING_READ_TIMEOUT", 15)
MONITORING_DEADLINE = envint("MONITORING_DEADLINE", 60)
MONITORING_MAX_REDIRECTS = envint("MONITORING_MAX_REDIRECTS", 5)

# --- Inquiries from abroad (pocketworld/inquiries) -------------------------------------------
# The public form's languages; staff pages stay in LANGUAGES.
INQUIRY_LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ja", "日本語"),
    ("zh-hans", "简体中文"),
    ("ko", "한국어"),
    ("hi", "हिन्दी"),
    ("tr", "Türkçe"),
]
# The first reply is due within INQUIRY_RESPONSE_DAYS working days, counted in the agency's
# working hours (TIME_ZONE) on working days that are no public holiday of INQUIRY_HOLIDAYS
# (country-subdivision, e.g. DE-NW: North Rhine-Westphalia); the desk head hears of an
# unanswered one after INQUIRY_ESCALATION_DAYS.
INQUIRY_WORKING_HOURS = os.environ.get("INQUIRY_WORKING_HOURS", "09:00-17:00")
INQUIRY_RESPONSE_DAYS = envint("INQUIRY_RESPONSE_DAYS", 1)
INQUIRY_ESCALATION_DAYS = envint("INQUIRY_ESCALATION_DAYS", 2)
INQUIRY_HOLIDAYS = os.environ.get("INQUIRY_HOLIDAYS", "DE-NW")
# Abuse defences of the public form and API: a form sent sooner than this after it was
# shown is a robot's; at most so many inquiries per address and per e-mail within an hour
# (counted in the database, so every app server counts the same); at most so many links in
# a message; an attachment (PDF, PNG, JPEG) of at most so many bytes.
INQUIRY_MIN_FILL_SECONDS = envint("INQUIRY_MIN_FILL_SECONDS", 3)
INQUIRY_MAX_PER_ADDRESS = envint("INQUIRY_MAX_PER_ADDRESS", 5)
INQUIRY_MAX_PER_EMAIL = envint("INQUIRY_MAX_PER_EMAIL", 3)
INQUIRY_MAX_LINKS = envint("INQUIRY_MAX_LINKS", 2)
INQUIRY_MAX_ATTACHMENT_BYTES = envint("INQUIRY_MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024)
# What the privacy text promises: spam goes INQUIRY_SPAM_DAYS after it arrived; an inquiry
# nothing followed from (closed, or forwarded to a partner) loses the inquirer's data
# INQUIRY_KEEP_DAYS after its triage, and is kept without them for the figures.
INQUIRY_SPAM_DAYS = envint("INQUIRY_SPAM_DAYS", 30)
INQUIRY_KEEP_DAYS = envint("INQUIRY_KEEP_DAYS", 180)
# Sites that may show the public form in a frame (the agency's website), as origins:
# "https://www.example.de,https://example.de". Empty: no site may.
INQUIRY_FRAME_ANCESTORS = envlist("INQUIRY_FRAME_ANCESTORS", [])

# Days the audit log keeps an event; older ones are deleted every night (`purge_audit_log`).
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", 730)
if AUDIT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS must be at least 1")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "pocketworld.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["pocketworld.core.api.permissions.PolicyPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # The browsable API's forms show back whatever was sent (see api/renderers.py).
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "pocketworld.core.api.renderers.BrowsableAPIRenderer",
    ],
    # JSON bodies bounded in size and nesting; forms and files as DRF reads them.
    "DEFAULT_PARSER_CLASSES": [
        "pocketworld.core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "pocketworld.core.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": envint("API_PAGE_SIZE", 50),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "pocketworld.core.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "pocketworld API",
    "DESCRIPTION": (
        "Companies, sites, people, partners and desks of the International Business Service."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The document and its pages are for signed-in users (session or bearer token) only.
    "SERVE_PERMISSIONS": ["pocketworld.core.api.permissions.PolicyPermission"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CompanyNameKindEnum": "pocketworld.companies.choices.NameKind",
        "SiteKindEnum": "pocketworld.companies.choices.SiteKind",
        "PartnerKindEnum": "pocketworld.companies.choices.PartnerKind",
        "ScriptEnum": "pocketworld.core.scripts.Script",
    },
}

# Select boxes written in Python: a list's filter form carries hundreds of options.
FORM_RENDERER = "pocketworld.core.renderers.FormRenderer"
DJANGO_TABLES2_TEMPLATE = "tables/table.html"
DJANGO_TABLES2_PAGE_RANGE = 8
TAGGIT_CASE_INSENSITIVE = True
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
