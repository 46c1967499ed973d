"""Every page and API endpoint, as each persona, against the demo world.

The tests do not list URLs: they walk every URL pattern the project registers (the API
router's routes and actions included), fill each path parameter with records of the demo
world (the first, the last, one drawn at random, and ones that lead to people or to
internal work), and ask for each as the administrator, the director, the heads of two
desks and the partner viewer. Pages that list or search are also asked for as CSV and
XLSX and with a search term; the API's lists also in the browsable API and in full; a
calendar feed by its secret key, without a session. Before the walk, the partner viewer is
handed a record of every internal model that names a user (a task to do, a project to
own), as staff could.

- No persona gets a server error.
- The partner viewer never receives what the policy keeps from partners: a person's name,
  e-mail or phone, the name of an internal record (of every model whose `access` rule
  says `internal`), nor a value of a field the rule declares personal or internal
  (`personal_fields`, `internal_fields`). Bodies are read as what they are: JSON, HTML,
  CSV, XLSX, PDF text (pdftotext), iCalendar, vCard, and the file name a download offers.

What is forbidden is read from the models' declarations at run time, so a new internal
model or a newly declared field is covered without touching this file; a new URL pattern
whose parameters the walk cannot fill fails `test_every_url_pattern_is_walked`.
Each test collects all its findings and reports them at once.
"""

import contextlib
import csv
import functools
import html
import io
import json
import logging
import random
import re
import subprocess
from dataclasses import dataclass, field

import openpyxl
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import models, transaction
from django.db.models import Q
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from pocketworld.accounts.models import CalendarToken, User
from pocketworld.core.views import ObjectListView
from pocketworld.demo.world import load_demo_world
from pocketworld.inquiries.models import Inquiry
from pocketworld.inquiries.public.views import THANKS_SALT

PARTNER = "partner"
# The administrator, the director, the heads of the Japan and the USA desk.
STAFF = ["admin", "klerks", "neu", "mahmoud"]

# Not walked: Django's admin (staff only, its own permissions) and the language switch
# (POST only). Pages that a secret key in the URL opens (a calendar feed, a password-reset
# link) are asked for without a session, with the persona's own key.
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"set_language"}


def calendar_feed(user):
    _token, key = CalendarToken.issue(user)
    return reverse("interactions:calendar_feed", kwargs={"key": key})


def password_reset_link(user):
    """The link of the password-reset e-mail: the user's id and a token only they receive."""
    return reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def inquiry_thanks(user):
    """The page an inquirer is sent to after the form: the ticket names their inquiry."""
    inquiry = Inquiry.objects.order_by("pk").first()
    ticket = signing.dumps(inquiry.pk, salt=THANKS_SALT)
    return reverse("inquiries:public_thanks", args=[inquiry.language, ticket])


BY_SECRET_KEY = {
    "interactions:calendar_feed": calendar_feed,
    "accounts:password_reset_confirm": password_reset_link,
    "inquiries:public_thanks": inquiry_thanks,
}

# Records asked for per model: the first, the last, one drawn at random, and up to this
# many that lead to an internal record (a person first). Staff get the first and the first
# of those that lead somewhere: their walk looks for server errors, and forms are slow.
LINKED_PER_MODEL = 3
SEED = 15

# Shorter strings prove nothing when found; names in CJK scripts are short and still tell.
MIN_PERSONAL_LENGTH = 5
MIN_TITLE_LENGTH = 8
MIN_CJK_LENGTH = 3
CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# A single word (a given or family name alone, a choice's code, a search key) could be
# anything; a full name, an e-mail address or a phone number cannot.
SINGLE_WORD = re.compile(r"[^\W\d_][\w.'’-]*")

# Values for path parameters that are no record's key, by the parameter's name.
PARAMETER_VALUES = {
    "kind": ["company", "person", "partner", "project"],
    "number": [1, 2],
    "language": ["ja", "de"],
}
# Asked for again with these when the plain answer is a page or a document: lists as
# CSV and XLSX, searched, the API's lists in the browsable API (its forms are the
# writers'), and in full by the partner viewer, whose walk reads every body.
PAGE_VARIANTS = ["export=csv", "export=xlsx", "q={term}&name={term}"]
API_LIST_VARIANTS = ["limit=1000", "q={term}", "format=api"]
PARTNER_ONLY_VARIANTS = {"limit=1000"}
API_VARIANTS = ["q={term}"]
READABLE = ("text/html", "application/json")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- the demo world, once per module --------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo world with its sign-ins, and the walk through it; rolled back when the
    module is done."""
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast_hasher, LANGUAGE_CODE="en"),
        transaction.atomic(),
    ):
        load_demo_world(create_users=True)
        hand_internal_work_to(User.objects.get(username=PARTNER))
        yield World(walkable_routes())
        transaction.set_rollback(True)


def hand_internal_work_to(user):
    """Point the first record of every internal model at `user` wherever it names a user
    (a task's assignee, a project's owner, team members), as staff could: what such a
    record shows on the user's own pages (My day, the calendar) is internal work still."""
    for model in apps.get_models():
        first = model._base_manager.order_by("pk").first() if is_internal(model) else None
        if first is None or getattr(access_rule(model), "append_only", False):
            continue  # none, or written by pocketworld alone (the audit log)
        for relation in model._meta.get_fields():
            if not relation.concrete or relation.related_model is not type(user):
                continue
            if relation.many_to_many:
                getattr(first, relation.name).add(user)
            else:
                model._base_manager.filter(pk=first.pk).update(**{relation.name: user})


@dataclass
class Route:
    name: str  # "events:agenda", "api:participant-detail"
    parameters: list  # the path parameters' names
    callback: object
    model: object = None  # the model whose keys fill the parameters
    lookup: str = "pk"  # the model's field a parameter holds
    problem: str = ""  # why the walk cannot fill it
    by_key: bool = False  # signed in to by a secret key in the URL (BY_SECRET_KEY)


@dataclass
class Request:
    route: str
    url: str
    variants: list = field(default_factory=list)  # query strings to ask with as well


class World:
    def __init__(self, routes):
        self.routes = routes
        self.samples = sample_ids(routes)
        self.term = search_term()

    def requests(self, thorough):
        return list(requests_of(self.routes, self.samples, self.term, thorough))

    @functools.cached_property
    def forbidden(self):
        return forbidden_strings()


# --- enumerating the URL patterns --------------------------------------------------------------


def url_patterns(resolver=None, namespace="", parameters=()):
    """(namespaced name, path parameters, callback) of every pattern, recursively."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        names = [*parameters, *pattern_parameters(pattern.pattern)]
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, inner, names)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, names, pattern.callback


def pattern_parameters(pattern):
    if isinstance(pattern, RoutePattern):  # path()
        return list(pattern.converters)
    return list(pattern.regex.groupindex)  # re_path(): the router's routes


def view_class(callback):
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


def model_of_view(callback):
    cls = view_class(callback)
    if cls is None:
        return None
    if getattr(cls, "model", None) is not None:
        return cls.model
    queryset = getattr(cls, "queryset", None)
    return queryset.model if queryset is not None else None


def walkable_routes():
    """Every named pattern a GET may reach, with the model behind its path parameters."""
    routes = []
    for name, parameters, callback in url_patterns():
        if not name or name.split(":")[0] in SKIPPED_NAMESPACES or name in SKIPPED_NAMES:
            continue
        if name in BY_SECRET_KEY:
            routes.append(Route(name=name, parameters=[], callback=callback, by_key=True))
            continue
        if "format" in parameters:  # the router's format suffixes repeat each route
            continue
        actions = getattr(callback, "actions", None)
        if actions is not None and "get" not in actions:  # an API action for POST only
            continue
        routes.append(Route(name=name, parameters=parameters, callback=callback))
    by_segment = segment_models(routes)
    for route in routes:
        if route.parameters:
            resolve_parameters(route, by_segment)
    return routes


def segment_models(routes):
    """{"participants": Participant, …}: the API router's prefixes and the models' plural
    names, to tell which model a path such as participants/<pk>/agenda/ is about."""
    known = {}
    for model in apps.get_models():
        known[slugify(str(model._meta.verbose_name_plural))] = model
    for route in routes:
        if route.name.startswith("api:") and route.name.endswith("-list"):
            model = model_of_view(route.callback)
            if model is not None:
                known[path_segment(route)] = model
    return known


PLACEHOLDER = "987654321"  # fits every converter: int, slug, str, the router's [^/.]+


def path_segment(route):
    """The path's segment before the first parameter (the last one when there is none)."""
    path = reverse(route.name, kwargs=dict.fromkeys(route.parameters, PLACEHOLDER))
    segments = [segment for segment in path.split("/api/v1/")[-1].split("/") if segment]
    if PLACEHOLDER in segments:
        index = segments.index(PLACEHOLDER)
        return segments[index - 1] if index else ""
    return segments[-1] if segments else ""


def model_from_name(name):
    """events:participant_edit → events.Participant; imports:company_merge →
    companies.Company (a model of another app when the namespace's app has none)."""
    app_label, _, rest = name.partition(":")
    candidate = re.split(r"[_-]", rest)[0].lower()
    try:
        return apps.get_model(app_label, candidate)
    except LookupError:
        matches = [model for model in apps.get_models() if model._meta.model_name == candidate]
        return matches[0] if len(matches) == 1 else None


def model_from_segment(segment, by_segment):
    """participants → Participant, suggestions → MatchSuggestion."""
    if segment in by_segment:
        return by_segment[segment]
    singular = segment.removesuffix("s").replace("-", "")
    matches = [
        model
        for model in apps.get_models()
        if access_rule(model) is not None and model._meta.model_name.endswith(singular)
    ]
    return matches[0] if len(matches) == 1 else None


def resolve_parameters(route, by_segment):
    keys = [name for name in route.parameters if name not in PARAMETER_VALUES]
    if len(keys) > 1:
        route.problem = f"more than one record key: {keys}"
        return
    if not keys:
        return
    key = keys[0]
    model = model_of_view(route.callback)
    cls = view_class(route.callback)
    if model is not None and key == getattr(cls, "lookup_field", "pk"):
        route.model, route.lookup = model, key
        return
    if key != "pk":
        route.problem = f"no value known for the path parameter <{key}> (PARAMETER_VALUES)"
        return
    route.model = (
        model or model_from_name(route.name) or model_from_segment(path_segment(route), by_segment)
    )
    if route.model is None:
        route.problem = "no model for <pk>: the view, the URL's name and its path name none"


# --- records to fill the patterns with ------------------------------------------------------


def access_rule(model):
    return getattr(model, "access", None)


def is_internal(model):
    return bool(getattr(access_rule(model), "internal", False))


def declared(model, kind):
    """A declaration of the model's access rule (`personal_fields`, …); () if it has none."""
    return tuple(getattr(access_rule(model), kind, None) or ())


def relations(model):
    """(lookup, related model) of the model's relations to models with an access rule."""
    for relation in model._meta.get_fields():
        target = getattr(relation, "related_model", None)
        if not relation.is_relation or target is None or access_rule(target) is None:
            continue
        if not relation.concrete and not relation.auto_created:
            continue  # generic relations (tags)
        yield relation.name, target


def person_like(model):
    names = {field.name for field in model._meta.get_fields()}
    return {"given_name", "family_name"} <= names


def internal_paths(model):
    """Lookups from `model` to internal records within two relations, to people first."""
    paths = []
    for name, target in relations(model):
        if is_internal(target):
            paths.append((name, target))
            continue
        for inner, inner_target in relations(target):
            if is_internal(inner_target) and inner_target is not model:
                paths.append((f"{name}__{inner}", inner_target))
    return sorted(paths, key=lambda path: not person_like(path[1]))


@dataclass
class Sample:
    plain: list  # the first, the last, one drawn at random
    linked: list  # records that lead to internal ones

    def values(self, thorough):
        if thorough:
            return list(dict.fromkeys([*self.plain, *self.linked]))
        return list(dict.fromkeys([*self.plain[:1], *self.linked[:1]]))


def sample_ids(routes):
    """{(model, lookup field): Sample} for the models the routes need."""
    rng = random.Random(SEED)
    samples = {}
    for route in routes:
        if route.model is None or (route.model, route.lookup) in samples:
            continue
        manager = route.model._base_manager
        values = list(manager.order_by("pk").values_list(route.lookup, flat=True))
        plain = [values[0], values[-1], rng.choice(values)] if values else []
        linked = []
        for path, _target in internal_paths(route.model):
            if len(linked) == LINKED_PER_MODEL:
                break
            value = (
                manager.filter(**{f"{path}__isnull": False})
                .exclude(**{f"{route.lookup}__in": linked})
                .order_by("pk")
                .values_list(route.lookup, flat=True)
                .first()
            )
            if value is not None:
                linked.append(value)
        samples[(route.model, route.lookup)] = Sample(plain, linked)
    return samples


def search_term():
    """The family name of a person of the demo world: what search boxes are given."""
    people = [model for model in apps.get_models() if person_like(model) and is_internal(model)]
    person = people[0]._base_manager.order_by("pk").first() if people else None
    return person.family_name if person else "a"


def variants_of(route, term):
    cls = view_class(route.callback)
    if route.model is not None:
        return []
    if route.name.startswith("api:"):
        chosen = API_LIST_VARIANTS if route.name.endswith("-list") else API_VARIANTS
    elif cls is not None and hasattr(cls, "form_class") and not issubclass(cls, ObjectListView):
        return []  # a form to fill in: nothing to export or search
    else:
        chosen = PAGE_VARIANTS
    return [variant.format(term=term) for variant in chosen]


def requests_of(routes, samples, term, thorough):
    for route in routes:
        if route.problem or route.by_key:
            continue
        variants = variants_of(route, term)
        sample = samples.get((route.model, route.lookup))
        values = sample.values(thorough) if sample else [None]
        fixed = [
            [(name, value) for value in PARAMETER_VALUES[name]]
            for name in route.parameters
            if name in PARAMETER_VALUES
        ]
        for value in values:
            for combination in combinations(fixed):
                kwargs = dict(combination)
                if route.model is not None:
                    kwargs[route.lookup] = value
                yield Request(route.name, reverse(route.name, kwargs=kwargs), variants)


def combinations(choices):
    if not choices:
        yield []
        return
    for first in choices[0]:
        for rest in combinations(choices[1:]):
            yield [first, *rest]


# --- what a partner viewer must never receive -------------------------------------------------


def normalise(text):
    return " ".join(str(text).split()).casefold()


def distinctive(text, minimum):
    text = text.strip()
    if CJK.search(text):
        return len(text) >= MIN_CJK_LENGTH
    return len(text) >= minimum and not SINGLE_WORD.fullmatch(text)


def strings_in(value):
    """The text a field's value holds: a related record's name, JSON's strings."""
    if isinstance(value, str | models.Model):
        yield str(value)
    elif isinstance(value, dict):
        for inner in value.values():
            yield from strings_in(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from strings_in(inner)


def text_values(record, names):
    for name in names:
        try:
            value = getattr(record, name)
        except Exception:  # noqa: BLE001 (a declared name that is no attribute)
            continue
        if not isinstance(value, models.Manager):  # many records: each counts on its own
            for text in strings_in(value):
                yield name, text


def with_names(queryset):
    """The queryset with what its records' names are made of fetched along."""
    related = [
        field.name
        for field in queryset.model._meta.concrete_fields
        if field.is_relation and (field.many_to_one or field.one_to_one)
    ]
    return queryset.select_related(*related)


def records(model):
    return with_names(model._base_manager.all()).iterator(chunk_size=2000)


def partner_records(model):
    """The records of a model partners see, as far as its declarations go: no rows about a
    person alone (`personal_rows`)."""
    queryset = with_names(model._base_manager.all())
    personal_rows = declared(model, "personal_rows")
    if personal_rows:
        queryset = queryset.exclude(Q(*personal_rows, _connector=Q.OR))
    return queryset


def shown_to_partners():
    """All text of what partners may see: the text fields of the records of every model
    that is not internal, except the fields declared personal or internal, and the names of
    records of models without such fields (a participant is named after its person)."""
    shown = []
    for model in apps.get_models():
        if access_rule(model) is None or is_internal(model):
            continue
        hidden = set(declared(model, "personal_fields")) | set(declared(model, "internal_fields"))
        text_fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and field.name not in hidden
        ]
        queryset = partner_records(model)
        if text_fields:
            for row in queryset.values_list(*text_fields).iterator(chunk_size=2000):
                shown.extend(text for text in row if text)
        if not hidden:
            shown.extend(str(record) for record in queryset.iterator(chunk_size=2000))
    return "\n".join(normalise(text) for text in shown)


def forbidden_strings():
    """{normalised text: label} of what a partner viewer must not receive, from the
    models' declarations: the names of internal records, every person's names, e-mail
    and phones, and the values of fields declared personal or internal.

    A person's data stays forbidden where a record the partner sees repeats it; other
    strings only count where nothing partners see holds them (a project named after its
    company). What the partner viewer's own account holds is theirs to see."""
    personal, other = {}, {}
    for model in apps.get_models():
        if access_rule(model) is None:
            continue
        label = model._meta.label
        personal_fields = declared(model, "personal_fields")
        internal_fields = declared(model, "internal_fields")
        people = person_like(model) and is_internal(model)
        if not (is_internal(model) or personal_fields or internal_fields):
            continue
        for record in records(model):
            if is_internal(model):
                title = str(record)
                if distinctive(title, MIN_TITLE_LENGTH):
                    (personal if people else other).setdefault(
                        normalise(title), f"{label} {title!r}"
                    )
            for name, text in text_values(record, personal_fields):
                if distinctive(text, MIN_PERSONAL_LENGTH):
                    other.setdefault(normalise(text), f"{label}.{name} {text.strip()!r}")
            for name, text in text_values(record, internal_fields):
                if distinctive(text, MIN_TITLE_LENGTH):
                    other.setdefault(normalise(text), f"{label}.{name} {text.strip()!r}")
            if people:
                for text, what in person_data(record):
                    if distinctive(text, MIN_PERSONAL_LENGTH):
                        personal.setdefault(normalise(text), f"{label} {what} {text.strip()!r}")
    partner = User.objects.get(username=PARTNER)
    own = "\n".join([partner.get_full_name(), partner.email, partner.username])
    everything = Finder(dict.fromkeys([*personal, *other]), labels=False)
    shown = set(everything(shown_to_partners()))
    forbidden = {text: label for text, label in other.items() if text not in shown}
    forbidden.update(personal)
    for text in everything(f"{own}\n{interface_text()}"):
        forbidden.pop(text, None)
    return forbidden


def interface_text():
    """The labels and help texts of every field, in every language: the interface's own
    words (a help text's example name, "e.g. 山田 太郎", is no one's data)."""
    texts = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for model in apps.get_models():
                for field in model._meta.get_fields():
                    texts.append(str(getattr(field, "verbose_name", "") or ""))
                    texts.append(str(getattr(field, "help_text", "") or ""))
    return "\n".join(texts)


def person_data(person):
    """A person's name in the orders it is written in, in a file name, e-mail and phones."""
    given, family = person.given_name.strip(), person.family_name.strip()
    if given:
        yield f"{given} {family}", "name"
        yield f"{family} {given}", "name"
        yield f"{family}, {given}", "name"
        yield slugify(f"{given} {family}"), "name in a file name"
    for name in ("native_name", "email", "phone", "mobile"):
        yield getattr(person, name, ""), name.replace("_", " ")


# --- reading a response as what it is -----------------------------------------------------


def content_type(response):
    return response.get("Content-Type", "").split(";")[0].strip()


def texts_of(response):
    """(format, text) of a response: what a reader of that format sees."""
    kind = content_type(response)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    found = []
    if response.get("Content-Disposition"):
        found.append(("file name", response["Content-Disposition"]))
    if not body:
        return found
    if kind == "application/pdf":
        return [*found, ("pdf", pdf_text(body))]
    if kind == XLSX:
        return [*found, ("xlsx", xlsx_text(body))]
    text = body.decode("utf-8-sig", errors="replace")
    if kind.endswith("json"):
        return [*found, ("json", json_text(text))]
    if kind == "text/csv":
        return [*found, ("csv", csv_text(text))]
    if kind == "text/calendar":
        return [*found, ("ical", card_text(text))]
    if kind in ("text/vcard", "text/x-vcard"):
        return [*found, ("vcard", card_text(text))]
    if kind == "text/html":
        unescaped = html.unescape(text)
        words = html.unescape(re.sub(r"<[^>]*>", " ", text))
        return [*found, ("html", f"{unescaped}\n{words}")]
    return [*found, (kind or "body", text)]


def json_text(text):
    """Every string of the document, and each object's values side by side (a person's
    given and family name are two fields)."""
    try:
        document = json.loads(text)
    except ValueError:
        return text
    lines = [json.dumps(document, ensure_ascii=False)]

    def collect(node):
        if isinstance(node, dict):
            lines.append(" ".join(str(value) for value in node.values() if is_scalar(value)))
            lines.extend(str(key) for key in node)
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)
        elif node is not None:
            lines.append(str(node))

    collect(document)
    return "\n".join(lines)


def is_scalar(value):
    return isinstance(value, str | int | float)


def csv_text(text):
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return "\n".join([text, *(" ".join(row) for row in rows)])


def xlsx_text(body):
    workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    lines = []
    for sheet in workbook.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            lines.append(" ".join(str(value) for value in row if value is not None))
    workbook.close()
    return "\n".join(lines)


def pdf_text(body):
    result = subprocess.run(
        ["pdftotext", "-q", "-enc", "UTF-8", "-", "-"],
        input=body,
        capture_output=True,
        check=False,
        timeout=60,
    )
    return result.stdout.decode("utf-8", errors="replace")


def card_text(text):
    """iCalendar and vCard: lines unfolded, escapes undone, structured values spaced."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    unescaped = (
        unfolded.replace("\\n", "\n")
        .replace("\\N", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
    )
    return f"{unescaped}\n{unescaped.replace(';', ' ')}"


# --- finding forbidden strings -----------------------------------------------------------------


class Finder:
    """Finds many strings in a text at once, each as whole words: a string is compared
    only when its first word occurs in the text (CJK strings, without words: always)."""

    WORD = re.compile(r"\w+")

    def __init__(self, forbidden, labels=True):
        self.forbidden = forbidden
        self.labels = labels
        self.by_word = {}
        self.always = []
        for text in forbidden:
            first = self.WORD.search(text)
            if first is None or CJK.search(text):
                self.always.append(text)
            else:
                self.by_word.setdefault(first.group(), []).append(text)

    def __call__(self, text):
        text = normalise(text)
        candidates = list(self.always)
        for word in set(self.WORD.findall(text)):
            candidates.extend(self.by_word.get(word, ()))
        found = [candidate for candidate in candidates if occurs(candidate, text)]
        return [self.forbidden[candidate] for candidate in found] if self.labels else found


def occurs(needle, text):
    """Whether `needle` is in `text` as whole words (CJK: anywhere)."""
    start = text.find(needle)
    if start < 0 or CJK.search(needle):
        return start >= 0
    while start >= 0:
        end = start + len(needle)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (is_word(before) and is_word(needle[0])) and not (
            is_word(after) and is_word(needle[-1])
        ):
            return True
        start = text.find(needle, start + 1)
    return False


def is_word(character):
    return character.isalnum() or character == "_"


# --- the walk --------------------------------------------------------------------------------


@dataclass
class Walk:
    persona: str
    requests: int = 0
    statuses: dict = field(default_factory=dict)
    server_errors: list = field(default_factory=list)
    leaks: list = field(default_factory=list)


def get(client, url):
    """(response, None), or (None, the error a view raised); each request in a savepoint,
    so that a failed statement leaves the module's transaction usable (PostgreSQL)."""
    try:
        with transaction.atomic():
            return client.get(url), None
    except Exception as error:  # noqa: BLE001 (every error is a finding)
        return None, f"{type(error).__name__}: {str(error)[:300]}"


@contextlib.contextmanager
def quietly():
    """Without the log line of every 403 and 404, and the schema generator's warnings."""
    logging.disable(logging.CRITICAL)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        logging.disable(logging.NOTSET)


def walk(world, persona, find=None):
    """Every request of the walk as `persona`; with `find`, each body searched for what
    must not be in it. A variant (?export=csv) reports only what its page did not."""
    user = User.objects.get(username=persona)
    client = Client()
    client.force_login(user)
    result = Walk(persona)

    def visit(route, url, known=frozenset(), client=client):
        response, error = get(client, url)
        result.requests += 1
        if error is None and response.status_code >= 500:
            error = f"status {response.status_code}"
        if error is not None:
            result.server_errors.append(f"{persona} GET {url} ({route}): {error}")
            return None, set()
        result.statuses[response.status_code] = result.statuses.get(response.status_code, 0) + 1
        seen = set()
        for kind, text in texts_of(response) if find else ():
            found = {(kind, label) for label in find(text)}
            seen |= found
            new = sorted(label for kind, label in found - known)
            if new:
                more = f"; … {len(new) - 6} more" if len(new) > 6 else ""
                shown = "; ".join(new[:6]) + more
                result.leaks.append(f"{persona} GET {url} ({route}) [{kind}]: {shown}")
        return response, seen

    with quietly():
        for request in world.requests(thorough=find is not None):
            response, seen = visit(request.route, request.url)
            if response is None or response.status_code != 200:
                continue
            if content_type(response) in READABLE:
                for variant in request.variants:
                    if find is not None or variant not in PARTNER_ONLY_VARIANTS:
                        visit(request.route, f"{request.url}?{variant}", seen)
        for route in world.routes:
            if route.by_key:
                visit(route.name, BY_SECRET_KEY[route.name](user), client=Client())
    return result


def report(title, lines):
    return f"{title} ({len(lines)}):\n" + "\n".join(f"  {line}" for line in lines)


# --- the tests -------------------------------------------------------------------------------


@pytest.mark.django_db
class TestSurfaces:
    def test_every_url_pattern_is_walked(self, world):
        """A pattern whose parameters the walk cannot fill must be taught to it; lists are
        also asked for as CSV and XLSX."""
        problems = [f"{route.name}: {route.problem}" for route in world.routes if route.problem]
        assert not problems, report("URL patterns the walk cannot fill", problems)
        requests = world.requests(thorough=True)
        asked = {request.route for request in requests}
        # Only patterns of models the demo world has no records of may go unasked.
        unasked = [
            route.name
            for route in world.routes
            if route.name not in asked
            and not route.by_key
            and (route.model is None or route.model._base_manager.exists())
        ]
        assert not unasked, report("URL patterns not asked for", unasked)
        routes = {route.name: route for route in world.routes}
        lists = [
            request
            for request in requests
            if issubclass(view_class(routes[request.route].callback) or object, ObjectListView)
        ]
        assert lists
        assert all({"export=csv", "export=xlsx"} <= set(request.variants) for request in lists)

    @pytest.mark.parametrize("persona", STAFF)
    def test_no_server_error(self, world, persona):
        result = walk(world, persona)
        if result.server_errors:
            title = f"Server errors as {persona} in {result.requests} requests"
            pytest.fail(report(title, result.server_errors), pytrace=False)

    def test_partner_viewer_receives_no_personal_data_nor_internal_work(self, world):
        find = Finder(world.forbidden)
        assert_finds_what_staff_see(find)
        result = walk(world, PARTNER, find)
        if result.leaks or result.server_errors:
            title = f"Leaks to the partner viewer in {result.requests} requests"
            errors = report("Server errors as the partner viewer", result.server_errors)
            pytest.fail(f"{report(title, result.leaks)}\n\n{errors}", pytrace=False)


def assert_finds_what_staff_see(find):
    """The finder at work, or the walk proves nothing: a person's page, as the director
    sees it, names them."""
    people = [model for model in apps.get_models() if person_like(model) and is_internal(model)]
    person = people[0]._base_manager.filter(given_name__gt="").order_by("pk").first()
    client = Client()
    client.force_login(User.objects.get(username="klerks"))
    with quietly():
        response, error = get(client, person.get_absolute_url())
    assert error is None and response.status_code == 200, error
    found = [label for _kind, text in texts_of(response) for label in find(text)]
    assert any(repr(str(person)) in label for label in found), found
