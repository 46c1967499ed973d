"""Every page of the project, as a desk officer and as a partner viewer, with malformed
query strings and form bodies: the answer is never a server error.

The pages are enumerated from the URL configuration (all but the admin, the API and static
files), so a new page is covered without a change here. Path parameters are filled with
ids of the world's records (by the model the URL names, else any), and with 0 and 2**64.
The keys of query strings and bodies are the names of the fields the pages' own forms
send there (found by reading every page once), mixed with hostile values: huge and
negative numbers, dates that do not exist, NUL, bidirectional controls, scripts, very
long strings, repeated keys, broken percent-encoding, files and bodies of random bytes.
"""

import re
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.db.models import CharField, TextField
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pocketworld.demo.tests.fuzzing import (
    EXAMPLES,
    FUZZING,
    NAMES_IN_SCRIPTS,
    CaseCounter,
    describe_exception,
    file_contents,
    rolled_back,
    world_for_module,
)

PERSONAS = ["japan_officer", "partner_viewer"] + (["director"] if FUZZING else [])
SKIPPED_PREFIXES = ("admin/", "api/", settings.STATIC_URL.lstrip("/"))
# Pages that take longer than this get a single malformed case in `make test` (PDFs).
SLOW_SECONDS = 0.4
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Page:
    route: str  # "events/<int:pk>/plan/"
    name: str  # "events:meetings_plan"
    converters: tuple  # ((name, converter class name), ...)

    def __str__(self):
        return self.route or "/"


def walk(resolver, prefix="", namespace=None, converters=()):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        found = converters + tuple(
            (name, type(converter).__name__)
            for name, converter in getattr(pattern.pattern, "converters", {}).items()
        )
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part) or None
            yield from walk(pattern, route, inner, found)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
            yield Page(route, name, found)


PAGES = sorted(
    {page for page in walk(get_resolver()) if not page.route.startswith(SKIPPED_PREFIXES)},
    key=str,
)


# --- path parameters ------------------------------------------------------------------------


def project_models():
    return [model for model in apps.get_models() if model.__module__.startswith("pocketworld.")]


def models_named_by(page):
    """The models a page's path and URL name speak of: "participants/<int:pk>/agenda/" is
    a participant's, "events:matchprofile_edit" a match profile's."""
    segment = page.route.split("/")[0].replace("-", "")
    token = page.name.split(":")[-1].split("_")[0]
    words = {token, segment, segment[:-1], segment[:-3] + "y"}
    words = {word for word in words if len(word) >= 4}
    return [
        model
        for model in project_models()
        if any(
            model._meta.model_name == word
            or model._meta.model_name.startswith(word)
            or model._meta.model_name.endswith(word)
            for word in words
        )
    ]


def path_values(page, world):
    """{parameter: [values]}: existing records first, then the edges."""
    values = {}
    for name, converter in page.converters:
        if converter == "IntConverter":
            if name == "pk":
                models = models_named_by(page) or project_models()
                ids = [pk for model in models for pk in world.ids_of(model)[:3]]
            else:
                ids = [1, 2, 3]
            values[name] = [*dict.fromkeys(ids), 0, 2**64]
        elif converter == "UUIDConverter":
            values[name] = ["00000000-0000-0000-0000-000000000000"]
        else:  # str, slug, path: a record's kind, a calendar key, something plausible
            kinds = [model._meta.model_name for model in project_models()]
            values[name] = [*world.calendar_keys, *kinds, "x", "-", "a" * 300]
    return values


def url_of(page, chosen):
    def fill(match):
        return urllib.parse.quote(str(chosen[match["name"]]), safe="")

    return "/" + CONVERTER.sub(fill, page.route)


# --- forms, read from the pages -------------------------------------------------------------


@dataclass
class Field:
    kind: str  # text, number, date, file, select, textarea, checkbox, ...
    options: list = field(default_factory=list)  # what a select or checkbox offers
    initial: list = field(default_factory=list)  # what the page filled in (an edit form)

    def merge(self, other):
        self.options += [option for option in other.options if option not in self.options]
        self.initial = self.initial or other.initial


class FormReader(HTMLParser):
    """The forms of a page: [(method, action, {name: Field})], also htmx attributes."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.fields = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "?" in (attrs.get("href") or ""):
            # A link's query is a form, too: sorting, pages, exports, filters.
            address, _, query = attrs["href"].partition("?")
            fields = {
                name: Field("text", options=[value], initial=[value])
                for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True)
            }
            self.forms.append(("GET", address, fields))
        for method in ("get", "post"):
            if attrs.get(f"hx-{method}") is not None and tag != "form":
                self.forms.append((method.upper(), attrs[f"hx-{method}"], {}))
        if tag == "form":
            self.fields = {}
            method = (attrs.get("method") or "get").upper()
            action = attrs.get("action") or attrs.get("hx-post") or attrs.get("hx-get") or ""
            self.forms.append((method, action, self.fields))
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            kind = attrs.get("type", "text") if tag == "input" else tag
            current = Field(kind)
            value = attrs.get("value")
            if value is not None and kind in ("checkbox", "radio", "hidden", "submit"):
                current.options.append(value)
            if value is not None and (kind not in ("checkbox", "radio") or "checked" in attrs):
                current.initial.append(value)
            if self.fields is not None:
                if attrs["name"] in self.fields:
                    self.fields[attrs["name"]].merge(current)
                else:
                    self.fields[attrs["name"]] = current
                found = self.fields[attrs["name"]]
                self.select = found if tag == "select" else None
                self.textarea = found if tag == "textarea" else None
        elif tag == "option" and self.select is not None and attrs.get("value"):
            self.select.options.append(attrs["value"])
            if "selected" in attrs:
                self.select.initial.append(attrs["value"])

    def handle_data(self, data):
        if self.textarea is not None and data.strip():
            self.textarea.initial = [data]

    def handle_endtag(self, tag):
        if tag == "form":
            self.fields = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def route_of(url, page_route):
    path = urllib.parse.urlsplit(url).path
    if not path:
        return page_route
    try:
        return resolve(path).route
    except Resolver404:
        return None


def read_forms(client, pages, world):
    """{route: {"GET": {name: Field}, "POST": {name: Field}}} from every page's forms."""
    catalogue = {}
    for page in pages:
        if "." in page.route.rstrip("/").rsplit("/", 1)[-1]:
            continue  # a file: PDF, iCalendar, vCard
        chosen = {name: values[0] for name, values in path_values(page, world).items()}
        with rolled_back():
            response = client.get(url_of(page, chosen))
        if response.streaming or "html" not in response.get("Content-Type", ""):
            continue
        reader = FormReader()
        reader.feed(response.content.decode(errors="replace"))
        for method, action, fields in reader.forms:
            route = route_of(action, page.route)
            if route is None:
                continue
            known = catalogue.setdefault(route, {"GET": {}, "POST": {}})
            into = known[method if method in ("GET", "POST") else "POST"]
            for name, found in fields.items():
                if name in into:
                    into[name].merge(found)
                else:
                    into[name] = found
    return catalogue


# --- values -----------------------------------------------------------------------------------

HOSTILE = [
    "",
    "0",
    "-1",
    "1.5",
    "1e999",
    "NaN",
    "-Infinity",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    str(-(2**64)),
    "9" * 400,
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "2026-13-01T25:61",
    "null",
    "true",
    "[]",
    "{}",
    "{'a': 1}",
    "' OR '1'='1",
    '"><script>alert(1)</script>',
    "../../../etc/passwd",
    "\x00",
    "a\x00b",
    "\u202etxt.exe",
    "\ufeff",
    "\ud7ff\ue000\uffff",
    *NAMES_IN_SCRIPTS,
    " \t\r\n ",
    "%",
    "%00",
    "x" * 5000,
    "%" * 60000,
]
PLAUSIBLE = {
    "number": ["1", "2", "20", "100"],
    "date": ["2026-06-10", "2025-01-01"],
    "datetime-local": ["2026-06-10T09:00", "2026-06-10T10:00"],
    "time": ["09:00"],
    "email": ["someone@example.org"],
    "url": ["https://example.org/"],
    "checkbox": ["on"],
}
RAW_QUERIES = ["%", "%zz", "%ff%fe", "a=%C0%AF", "=&=&", "&&&", ";;", "a[]=1&a[]=2", "q=%00"]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=x",
    "application/json",
    "text/plain",
    "text/csv",
]
FILES = [
    b"",
    b"Name;Country\nToyota;JP\n",
    b"%PDF-1.4\n",
    b"<?xml version='1.0'?><x/>",
    b"\xff\xfe",
]
# Keys every page may read, besides those its forms and links send.
GENERIC_KEYS = {
    "page": ["1", "2"],
    "per_page": ["10", "100"],
    "sort": ["name", "-name"],
    "q": ["toyota", "東芝"],
    "export": ["csv", "xlsx"],
    "format": ["csv", "xlsx", "pdf", "ics", "json"],
    "next": ["/", "//example.org/"],
    "year": ["2026"],
}

hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=30),
)


def value_of(found):
    plausible = found.options or found.initial or PLAUSIBLE.get(found.kind, ["x"])
    return st.one_of(st.sampled_from(plausible), hostile)


def uploaded():
    return st.tuples(
        st.sampled_from(["list.csv", "list.xlsx", "lei.xml", "x", "../../x.zip"]),
        st.one_of(st.sampled_from(FILES), file_contents),
    )


def values_of(found):
    return uploaded() if found.kind == "file" else st.lists(value_of(found), max_size=3)


def fields_strategy(fields):
    """A form as the page fills it in with up to three fields changed, or any fields."""
    any_fields = st.fixed_dictionaries(
        {}, optional={name: values_of(found) for name, found in fields.items()}
    )
    if not fields:
        return any_fields
    filled = {
        name: ("list.csv", FILES[1])
        if found.kind == "file"
        else (found.initial or (found.options or PLAUSIBLE.get(found.kind, ["x"]))[:1])
        for name, found in fields.items()
    }
    nearly_valid = st.sets(st.sampled_from(sorted(fields)), max_size=3).flatmap(
        lambda chosen: st.fixed_dictionaries(
            {name: values_of(fields[name]) for name in chosen}
        ).map(lambda changed: {**filled, **changed})
    )
    return st.one_of(nearly_valid, any_fields)


@dataclass
class Request:
    method: str
    url: str
    query: str
    htmx: bool
    form: dict | None = None  # name → [values] or (file name, bytes)
    raw: tuple | None = None  # (content type, bytes)

    def describe(self):
        body = ""
        if self.form is not None:
            body = f"\nform: {self.form!r:.800}"
        elif self.raw is not None:
            body = f"\n{self.raw[0]}: {self.raw[1][:300]!r}"
        query = f"?{self.query}" if self.query else ""
        return f"{self.method} {self.url}{query}{' (htmx)' if self.htmx else ''}{body}"


def requests_for(page, world, forms):
    known = forms.get(page.route, {"GET": {}, "POST": {}})
    generic = {key: Field("text", options=values) for key, values in GENERIC_KEYS.items()}
    get_fields = {**generic, **known["GET"]}
    post_fields = known["POST"] or {**known["GET"], "pk": Field("number")}
    path = st.fixed_dictionaries(
        {name: st.sampled_from(values) for name, values in path_values(page, world).items()}
    ).map(lambda chosen: url_of(page, chosen))
    known_pair = st.sampled_from(sorted(get_fields)).flatmap(
        lambda key: st.tuples(st.just(key), value_of(get_fields[key]))
    )
    pairs = st.lists(st.one_of(known_pair, st.tuples(st.text(max_size=10), hostile)), max_size=6)
    query = st.builds(
        lambda pairs, raw: "&".join(part for part in (urllib.parse.urlencode(pairs), raw) if part),
        pairs,
        st.one_of(st.just(""), st.sampled_from(RAW_QUERIES)),
    )
    get = st.builds(Request, st.just("GET"), path, query, st.booleans())
    post_form = st.builds(
        Request, st.just("POST"), path, query, st.booleans(), form=fields_strategy(post_fields)
    )
    post_raw = st.builds(
        Request,
        st.just("POST"),
        path,
        st.just(""),
        st.booleans(),
        raw=st.tuples(st.sampled_from(CONTENT_TYPES), st.binary(max_size=300)),
    )
    return st.one_of(get, post_form, post_raw)


# --- sending ----------------------------------------------------------------------------------


def send(client, request):
    """(status, exc_info) of the request; an exception while streaming counts as a 500."""
    headers = {"HX-Request": "true"} if request.htmx else {}
    extra = {"QUERY_STRING": request.query}
    with rolled_back():
        if request.method == "GET":
            response = client.get(request.url, headers=headers, **extra)
        elif request.form is not None:
            data = {
                name: SimpleUploadedFile(*value) if isinstance(value, tuple) else value
                for name, value in request.form.items()
            }
            response = client.post(request.url, data, headers=headers, **extra)
        else:
            content_type, body = request.raw
            response = client.generic(
                "POST", request.url, body, content_type=content_type, headers=headers, **extra
            )
        if response.streaming:
            try:
                b"".join(response.streaming_content)
            except Exception as error:  # noqa: BLE001 — reported as the server error it is
                return 500, (type(error), error, error.__traceback__)
    return response.status_code, response.exc_info


# --- the test ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages_world(django_db_setup, django_db_blocker):
    with world_for_module(django_db_blocker) as world:
        reader = Client(raise_request_exception=False)
        reader.force_login(world.users["director"])
        world.forms = read_forms(reader, PAGES, world)
        yield world


@pytest.fixture
def counter(request, persona):
    return CaseCounter(request.node, "pages", persona)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_no_server_error(page, persona, pages_world, counter, db):
    client = Client(raise_request_exception=False)
    client.force_login(pages_world.users[persona])
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    def check(request):
        client.cookies[settings.SESSION_COOKIE_NAME] = session  # a logout is rolled back
        status, exc_info = send(client, request)
        counter.sent(status)
        if status >= 500:
            raise AssertionError(
                f"{status} as {persona}:\n{request.describe()}\n{describe_exception(exc_info)}"
            )

    first = {name: values[0] for name, values in path_values(page, pages_world).items()}
    started = time.monotonic()
    check(Request("GET", url_of(page, first), "", False))  # the page as it is linked
    slow = time.monotonic() - started > SLOW_SECONDS

    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if FUZZING else [])

    @hypothesis_settings(
        max_examples=EXAMPLES or (1 if slow else 3),
        derandomize=not FUZZING,
        database=None,
        deadline=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
    )
    @given(request=requests_for(page, pages_world, pages_world.forms))
    def malformed(request):
        check(request)

    malformed()


# --- text the pages show back -----------------------------------------------------------------

# Text that gets past validation into records and must still come out of every page, export
# and document: line breaks (one-line formats), delimiters and formula starts (CSV), markup,
# the scripts the romanizers read.
STORED_TEXTS = [
    'Line\r\nbreak; "quoted", =1+1 <b>&amp;</b> 않 많마 ｿﾆｰ 😀',
    *NAMES_IN_SCRIPTS,
    "\\ ; , : \t tab",
    "x" * 5000,
]


def write_everywhere(text):
    """`text` in every text field of the world's records that validation lets it into."""
    for model in project_models():
        if model._meta.model_name.startswith("historical"):
            continue
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, CharField | TextField)
            and field.editable
            and not (field.primary_key or field.unique or field.choices)
        ]
        for record in model._default_manager.all()[:5]:
            for text_field in fields:
                before = getattr(record, text_field.attname)
                setattr(record, text_field.attname, text[: text_field.max_length or None])
                others = [other.name for other in fields if other != text_field]
                try:
                    record.clean_fields(exclude=others)
                except ValidationError:
                    setattr(record, text_field.attname, before)
            try:
                with transaction.atomic():
                    record.save()
            except (DatabaseError, ValidationError):
                pass


@pytest.fixture
def stored_counter(request):
    return CaseCounter(request.node, "pages with stored text", "director")


@pytest.mark.parametrize(
    "text", STORED_TEXTS if FUZZING else STORED_TEXTS[:1], ids=lambda text: ascii(text)[:40]
)
def test_stored_text_comes_out_of_every_page(text, pages_world, stored_counter, db):
    write_everywhere(text)
    client = Client(raise_request_exception=False)
    client.force_login(pages_world.users["director"])
    failures = []
    for page in PAGES:
        first = {name: values[0] for name, values in path_values(page, pages_world).items()}
        queries = [""] if page.converters else ["", "export=csv", "export=xlsx"]
        for query in queries:
            request = Request("GET", url_of(page, first), query, False)
            status, exc_info = send(client, request)
            stored_counter.sent(status)
            if status >= 500:
                failures.append(f"{request.describe()}\n{describe_exception(exc_info)}")
    assert not failures, "\n\n".join(failures)
