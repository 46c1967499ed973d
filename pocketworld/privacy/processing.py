"""The records of processing activities (GDPR Art. 30), generated, never written by hand.

What personal data is kept comes from every model's `access` declaration (its
`personal_fields` and `personal_rows`) with the fields' verbose names; who reads, changes
and deletes it from asking the permission policy as each role; for how long from the
retention rules in the database; the legal bases from the people kept on each; the
processors from this installation's settings. Only the purpose of each app is written
here, in `PURPOSES`: a model cannot say why the service keeps it, and a test demands a
purpose for every app that holds personal data.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.choices import DeskRole, Role
from pocketworld.privacy.retention import (
    LAST_ACTIVITY_EXPLAINED,
    MAX_EXTENSION_YEARS,
    describe_rule,
    rules,
)

# Why each app keeps personal data: the purpose of its processing activity.
PURPOSES = {
    "accounts": _(
        "Signing in the service's staff and partner viewers, their roles and desks, and "
        "who changed which record."
    ),
    "contacts": _(
        "Keeping in touch with the people at foreign companies and partner organisations "
        "whom the service advises, invites and introduces (investment promotion and "
        "aftercare)."
    ),
    "interactions": _(
        "Recording meetings, visits and calls with companies and the people who took part, "
        "for aftercare, follow-up tasks and reporting."
    ),
    "events": _(
        "Organising trade fairs, delegations and matchmaking days: participants, delegation "
        "leaders and the hosts of visits."
    ),
    "programmes": _(
        "Running start-up acceleration and skilled-worker programmes: the mentors of "
        "start-ups, and the candidates who come from partner colleges to employers here."
    ),
    "inquiries": _(
        "Answering the inquiries that companies abroad send through the public form, on the "
        "inquirer's consent, and following them up as projects, programme places or event "
        "registrations."
    ),
    "imports": _(
        "Importing lists of companies and people (e.g. from trade fairs) with their "
        "duplicates, and undoing imports and merges."
    ),
    "search": _("Finding records by any of their names: an index of names and their readings."),
    "privacy": _(
        "Accountability under the GDPR: why a person was kept longer than their retention rule."
    ),
    "audit": _(
        "The security of the service: who signed in, from which address, and who exported, "
        "erased, imported or merged data or changed rights (the audit log)."
    ),
}


@dataclass
class Category:
    """One model's personal data: which fields, how long, who reads and changes them."""

    label: str  # the model's, "contacts.Person"
    name: str
    fields: list
    whole_rows: bool  # some of its rows are about a person alone, as a whole
    history: bool  # earlier values are kept in the record's history
    retention: str
    readers: list
    changers: list
    deleters: list


@dataclass
class Activity:
    """A processing activity: an app with the personal data it keeps and why."""

    name: str
    purpose: str
    categories: list


@dataclass
class BasisInUse:
    label: str
    people: int
    rule: str


@dataclass
class ProcessingRecord:
    made_on: object
    controller: dict
    subjects: list
    activities: list
    legal_bases: list
    last_activity: str
    max_extension_years: int
    processors: list
    measures: list


def holds_personal_data(model):
    rule = getattr(model, "access", None)
    return rule is not None and bool(rule.personal_fields or rule.personal_rows)


def personal_models():
    """The models that declare personal data, without the history tables (their history
    shows as `Category.history`)."""
    return [
        model
        for model in apps.get_models()
        if holds_personal_data(model)
        and model.__module__.startswith("pocketworld.")
        and not model.__name__.startswith("Historical")
    ]


def role_probes():
    """(role, user) for every role the policy knows: unsaved users, a desk member as the
    member of one desk in that role (the policy's membership cache filled in)."""
    user_model = get_user_model()
    yield Role.ADMINISTRATOR.label, user_model(role=Role.ADMINISTRATOR)
    yield Role.DIRECTOR.label, user_model(role=Role.DIRECTOR)
    for desk_role in DeskRole:
        member = user_model(role=Role.STAFF)
        member._desk_roles = {0: desk_role}
        yield desk_role.label, member
    yield Role.PARTNER_VIEWER.label, user_model(role=Role.PARTNER_VIEWER)


def access_by_role(model):
    """(readers, changers, deleters) of the model's personal data, as the policy decides
    for each role; a desk member's changes are limited to their desks' records."""
    readers, changers, deleters = [], [], []
    personal = set(model.access.personal_fields)
    for role, user in role_probes():
        if permissions.sees(user, model) and not personal & permissions.hidden_fields(user, model):
            readers.append(role)
        if not permissions.may_create(user, model):
            continue
        everything = permissions.sees_and_changes_everything(user)
        scoped = role if everything else _("%(role)s (own desks)") % {"role": role}
        changers.append(scoped)
        if everything or set(permissions.desk_roles(user).values()) & set(
            permissions.DELETING_DESK_ROLES
        ):
            deleters.append(scoped)
    return readers, changers, deleters


def belongs_to_a_person(model):
    """Whether the model's rows point to a person: they go when the person goes."""
    return any(
        field.related_model is Person
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created
    )


def retention_of(model):
    if hasattr(model, "describe_retention"):  # a retention of its own (the audit log)
        return model.describe_retention()
    if model is Person:
        return _("By legal basis: see the retention rules.")
    if belongs_to_a_person(model):
        return _("As long as the person: erased with them.")
    return _("As long as the record it belongs to.")


def category(model):
    meta = model._meta
    readers, changers, deleters = access_by_role(model)
    return Category(
        label=meta.label,
        name=capfirst(meta.verbose_name_plural),
        fields=[str(meta.get_field(name).verbose_name) for name in model.access.personal_fields],
        whole_rows=bool(model.access.personal_rows),
        history=bool(getattr(meta, "simple_history_manager_attribute", None)),
        retention=retention_of(model),
        readers=readers,
        changers=changers,
        deleters=deleters,
    )


def activities():
    by_app = {}
    for model in personal_models():
        by_app.setdefault(model._meta.app_label, []).append(model)
    return [
        Activity(
            name=capfirst(apps.get_app_config(label).verbose_name),
            purpose=PURPOSES.get(label, ""),
            categories=[category(model) for model in models],
        )
        for label, models in sorted(by_app.items())
    ]


def legal_bases():
    counts = dict(Person.objects.order_by().values_list("legal_basis").annotate(count=Count("pk")))
    by_basis = rules()
    return [
        BasisInUse(label, counts.get(basis, 0), describe_rule(by_basis.get(basis)))
        for basis, label in LegalBasis.choices
    ]


def processors():
    """Where the data is processed: this installation's server, database and mail server."""
    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        stored = _("SQLite, a file on the application's server")
    else:
        stored = _("%(vendor)s on %(host)s") % {
            "vendor": connection.display_name,
            "host": database.get("HOST") or "localhost",
        }
    if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        mail = _("the mail server %(host)s:%(port)s%(tls)s") % {
            "host": settings.EMAIL_HOST,
            "port": settings.EMAIL_PORT,
            "tls": _(", encrypted (TLS)") if settings.EMAIL_USE_TLS else "",
        }
    else:
        mail = _("none: e-mail is not sent out")
    return [
        (_("application"), _("pocketworld at %(url)s") % {"url": settings.SITE_URL}),
        (_("database"), stored),
        (_("background tasks"), _("in the same database")),
        (_("e-mail"), mail),
        (
            _("third parties"),
            _("none: pages, scripts and fonts are served by the installation itself"),
        ),
    ]


def measures():
    """The technical and organisational measures the installation takes (Art. 32)."""
    cookies = (
        _("Sign-in cookies are sent over HTTPS only.")
        if settings.SESSION_COOKIE_SECURE
        else _("Sign-in cookies are also sent without HTTPS: set SECURE_COOKIES in production.")
    )
    return [
        _(
            "Every page, document and API call needs a signed-in user; roles decide what each "
            "user reads and changes, in one policy for pages, exports, e-mails and the API."
        ),
        _("Partner viewers never receive personal data: it is blank or absent for them."),
        _(
            "Every change of a main record is kept in its history with who made it; an "
            "erasure removes the person from the history too."
        ),
        _(
            "Sign-ins, exports, erasures, imports, merges and changes of rights are written to "
            "an audit log that only administrators read and that the database refuses to "
            "change."
        ),
        cookies,
    ]


def processing_record():
    """The records of processing as of now, in the active language."""
    return ProcessingRecord(
        made_on=timezone.localdate(),
        controller={
            "name": _("International Business Service"),
            "email": settings.DEFAULT_FROM_EMAIL,
            "url": settings.SITE_URL,
        },
        subjects=[
            capfirst(model._meta.verbose_name_plural) for model in (Person, get_user_model())
        ],
        activities=activities(),
        legal_bases=legal_bases(),
        last_activity=LAST_ACTIVITY_EXPLAINED,
        max_extension_years=MAX_EXTENSION_YEARS,
        processors=processors(),
        measures=measures(),
    )
