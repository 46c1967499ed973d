"""Schemathesis over the OpenAPI document: every operation, as a writer and as a partner
viewer, with valid and malformed path parameters, query strings and bodies. Whatever the
input, the answer is never a server error.

The document is generated in-process, so a new viewset is fuzzed without a change here.
Requests reach Django in-process through its test handler; each case runs in a savepoint
that is rolled back, so every case finds the same small world (`core/tests/fuzzing.py`).
Ids in paths and bodies are often taken from that world, so that cases get past the 404
and the "invalid pk" to the serializers and services.
"""

import functools
import re
import sys
from types import SimpleNamespace

import pytest
import schemathesis
from django.apps import apps
from django.core.signals import got_request_exception
from django.test.client import ClientHandler
from django.urls import Resolver404, resolve
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.config import HealthCheck

from pocketworld.accounts.models import User
from pocketworld.core.choices import Role
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

PERSONAS = ["director", "partner_viewer"] + (["japan_officer"] if FUZZING else [])


class DjangoApp:
    """A WSGI application that runs Django as its test client does (the database
    connection stays open inside the test's transaction) and keeps the exception
    behind a 500."""

    def __init__(self):
        self.handler = ClientHandler(enforce_csrf_checks=False)
        self.exc_info = None

    def keep_exception(self, **kwargs):
        self.exc_info = sys.exc_info()

    def __call__(self, environ, start_response):
        self.exc_info = None
        got_request_exception.connect(self.keep_exception, dispatch_uid="fuzz-api")
        try:
            response = self.handler(environ)
        finally:
            got_request_exception.disconnect(dispatch_uid="fuzz-api")
        headers = list(response.items())
        headers += [("Set-Cookie", morsel.OutputString()) for morsel in response.cookies.values()]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return response


def openapi_document():
    """The document as a director reads it (all fields; an anonymous reader gets none).

    Made at collection, before there is a test database: the director is not saved, and
    what the document shows of the policy needs no query for them."""
    director = User(username="openapi", role=Role.DIRECTOR)
    reader = SimpleNamespace(user=director, auth=None, META={})
    with GENERATOR_STATS.silence():
        return SchemaGenerator().get_schema(request=reader, public=True)


APP = DjangoApp()
schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = APP
schema.config.update(suppress_health_check=[HealthCheck.all])
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES or 3,
    deterministic=not FUZZING,
    database="none",
    with_security_parameters=False,
)
# `make test`: a few cases per operation; `make fuzz` adds the coverage phase, which
# walks every parameter's edges (missing, wrong type, out of range, malformed).
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"] if FUZZING else ["fuzzing"])


# --- ids from the world ---------------------------------------------------------------------

LOOKUPS = {}  # (model label, field) → up to five existing values, per test module


def viewset_at(path):
    """The view class that answers `path` (an OpenAPI path up to a parameter)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return getattr(match.func, "cls", None) or getattr(match.func, "view_class", None)


def model_of(view):
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(view, "serializer_class", None)
    return getattr(getattr(serializer, "Meta", None), "model", None)


def existing(model, field="pk"):
    key = (model._meta.label, field)
    if key not in LOOKUPS:
        values = model._default_manager.order_by("pk").values_list(field, flat=True)[:5]
        LOOKUPS[key] = list(values)
    return LOOKUPS[key]


def existing_path_values(operation_path, name):
    """Values of a path parameter that name records: the detail route's lookup field."""
    head = operation_path.split("{" + name + "}")[0]
    view = viewset_at(head + "1/")
    model = model_of(view) if view else None
    if model is None:
        return []
    return [str(value) for value in existing(model, getattr(view, "lookup_field", None) or "pk")]


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Mostly the ids (codes, keys) of existing records, else what Schemathesis made."""
    if not path_parameters:
        return st.just(path_parameters)
    known = {name: existing_path_values(context.operation.path, name) for name in path_parameters}
    known = {name: values for name, values in known.items() if values}
    if not known:
        return st.just(path_parameters)
    with_records = st.fixed_dictionaries(
        {name: st.sampled_from(values) for name, values in known.items()}
    ).map(lambda chosen: {**path_parameters, **chosen})
    return st.one_of(with_records, with_records, st.just(path_parameters))


@functools.cache
def model_named(field_name):
    """The model a body field refers to by its name (company, desks; first → none)."""
    singular = field_name[:-1] if field_name.endswith("s") else field_name
    for model in apps.get_models():
        if model._meta.model_name in (field_name, singular, field_name.replace("_", "")):
            return model
    if singular in ("owner", "assignee", "created_by", "leader", "member", "user"):
        return apps.get_model("accounts", "User")
    return None


def operation_model(operation_path):
    """The model of the viewset an operation belongs to ("/companies/{id}/merge/": company)."""
    for path in (re.sub(r"\{[^}]+\}", "1", operation_path), operation_path.split("{")[0]):
        view = viewset_at(path)
        if view is not None and model_of(view) is not None:
            return model_of(view)
    return None


# Fields of ids that do not name their model; their records are the operation's own.
ID_FIELDS = {"id", "ids", "duplicate", "first", "second"}


@schema.hook
def flatmap_body(context, body):
    """Often puts existing records' ids into fields that name a model, the operation's own
    records' ids into other fields of ids ("duplicate", "ids"), names in many scripts into
    text fields, and pieces of tables and GLEIF files into files."""
    if not isinstance(body, dict):
        return st.just(body)
    replacements = {}
    for name, value in body.items():
        if isinstance(value, str):
            replacements[name] = st.sampled_from([value, value, *NAMES_IN_SCRIPTS])
            continue
        if isinstance(value, bytes):
            replacements[name] = st.one_of(st.just(value), file_contents)
            continue
        model = model_named(name)
        if model is None and (name in ID_FIELDS or name.endswith(("_id", "_ids"))):
            model = operation_model(context.operation.path)
        values = existing(model) if model is not None else []
        if not values or isinstance(value, bool):
            continue
        kind = type(values[0])
        if isinstance(value, kind):
            replacements[name] = st.sampled_from(values)
        elif isinstance(value, list) and all(isinstance(item, kind) for item in value):
            replacements[name] = st.lists(st.sampled_from(values), max_size=3, unique=True)
    if not replacements:
        return st.just(body)
    changed = st.fixed_dictionaries(replacements).map(lambda chosen: {**body, **chosen})
    return st.one_of(changed, st.just(body))


# What browsers and other clients ask for; "text/html" is DRF's browsable API, which renders
# the operation's forms for writers.
ACCEPT = ["text/html,application/xhtml+xml,*/*;q=0.8", "text/html", "*/*", "application/xml"]


@schema.hook
def flatmap_case(context, case):
    """Sometimes asks for another media type than JSON, as a browser does."""

    def asking_for(accept):
        if accept is not None:
            case.headers = {**(case.headers or {}), "Accept": accept}
        return case

    return st.sampled_from([None, None, *ACCEPT]).map(asking_for)


# --- the test -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker):
    LOOKUPS.clear()
    with world_for_module(django_db_blocker) as world:
        yield world
    LOOKUPS.clear()


@pytest.fixture
def counter(request, persona):
    return CaseCounter(request.node, "api", persona)


def describe_request(response):
    request = response.request
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode()
    return (
        f"{request.method} {request.url}\n"
        f"Accept: {request.headers.get('Accept', '')}\n"
        f"Content-Type: {request.headers.get('Content-Type', '')}\n"
        f"body: {body[:500]!r}"
    )


@schema.parametrize()
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_server_error(case, persona, api_world, counter, db):
    headers = {"Authorization": f"Bearer {api_world.tokens[persona]}"}
    with rolled_back():
        response = case.call(headers=headers)
    counter.sent(response.status_code)
    if response.status_code >= 500:
        raise AssertionError(
            f"{response.status_code} as {persona}:\n{describe_request(response)}\n"
            f"{describe_exception(APP.exc_info)}"
        )
