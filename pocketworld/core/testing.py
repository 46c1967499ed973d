"""Generic tests every main model inherits: each view and API action for each persona.

A subclass names the model, how to make a record of the Japan desk, and valid and
invalid input. The base class then checks list, detail, create, edit and delete in the
UI and the API for every persona (allowed, 403 or 404, or a sign-in redirect), the change
history, errors at the field, and a query budget.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

PERSONAS = [
    "administrator",
    "director",
    "japan_officer",
    "japan_assistant",
    "india_officer",
    "partner_viewer",
    "anonymous",
]
EVERYTHING = {"administrator", "director"}
JAPAN_DESK_EDITORS = EVERYTHING | {"japan_officer", "japan_assistant"}
JAPAN_DESK_DELETERS = EVERYTHING | {"japan_officer"}


def api_of(user):
    """An API client signed in as `user`."""
    client = APIClient()
    client.force_authenticate(user)
    return client


def pages_of(user):
    """A client of the pages signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def signed_in_with_password(username, password, client=None):
    """A client signed in through the sign-in page, as a person does (the lockout counts
    what `Client.login` would not), or None when the page refuses."""
    client = client or Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return client if response.status_code == 302 else None


def user_of(request, persona):
    return request.getfixturevalue(persona)


class ModelSpec:
    """What the generic tests need to know of a model; subclassed once per model."""

    model = None
    url_prefix = None  # "companies:company"
    api_basename = None  # "company"
    internal = False
    desk_owned = True  # False: only administrators and directors change it
    list_query_budget = 20
    detail_query_budget = 30
    invalid_field = None

    # --- what a subclass provides -------------------------------------------------
    def make_object(self, request):
        """A record owned by the Japan desk."""
        raise NotImplementedError

    def form_data(self, request):
        """Valid form input for a new record of the Japan desk."""
        raise NotImplementedError

    def invalid_form_data(self, request):
        raise NotImplementedError

    def api_data(self, request):
        raise NotImplementedError

    def invalid_api_data(self, request):
        raise NotImplementedError

    def changed_field(self):
        """(field, new value) that an edit sets; the value as stored on the model."""
        raise NotImplementedError

    # --- expectations from the policy ---------------------------------------------
    def can_view(self, persona):
        return persona != "anonymous" and not (self.internal and persona == "partner_viewer")

    def can_change(self, persona):
        return persona in (JAPAN_DESK_EDITORS if self.desk_owned else EVERYTHING)

    def can_delete(self, persona):
        return persona in (JAPAN_DESK_DELETERS if self.desk_owned else EVERYTHING)

    def denied_status(self, persona):
        return 404 if not self.can_view(persona) else 403

    # --- helpers --------------------------------------------------------------------
    def client_for(self, client, request, persona):
        user = user_of(request, persona)
        if user is not None:
            client.force_login(user)
        return client

    def url(self, action, obj=None):
        name = f"{self.url_prefix}_{action}"
        return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)

    def form_with_change(self, request, obj):
        field, value = self.changed_field()
        data = self.form_data(request)
        data.update(self.existing_form_values(obj))
        data[field] = value
        return data

    def existing_form_values(self, obj):
        """Form values that must stay as they are on an edit (e.g. the parent record)."""
        return {}

    def list_marker(self, obj):
        """Text by which the record shows in its list."""
        return str(obj)


@pytest.mark.django_db
class PartViewTests:
    """Create, edit and delete pages for every persona; for parts of another record
    (a company's names), which have no list or page of their own."""

    @pytest.mark.parametrize("persona", PERSONAS)
    def test_create(self, client, request, persona):
        data = self.form_data(request)
        client = self.client_for(client, request, persona)
        before = self.model.objects.count()
        response = client.post(self.url("create"), data)
        if persona == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"]
        elif self.can_change(persona):
            assert response.status_code == 302, response.content.decode()[-3000:]
            assert self.model.objects.count() == before + 1
            created = self.model.objects.order_by("-pk").first()
            assert created.history.first().history_user == user_of(request, persona)
            return
        elif persona == "india_officer" and self.desk_owned:
            # May create records, but not for another desk: the form says so, at the
            # field that offers only the user's own records, or for the whole form.
            assert response.status_code == 200
            assert 'class="error' in response.content.decode()
        else:
            assert response.status_code == 403
        assert self.model.objects.count() == before

    def test_create_invalid_shows_error_at_field(self, client, request):
        client = self.client_for(client, request, "director")
        before = self.model.objects.count()
        response = client.post(self.url("create"), self.invalid_form_data(request))
        assert response.status_code == 200
        assert f'id="error-{self.invalid_field}"' in response.content.decode()
        assert self.model.objects.count() == before

    @pytest.mark.parametrize("persona", PERSONAS)
    def test_edit(self, client, request, persona):
        obj = self.make_object(request)
        field, value = self.changed_field()
        client = self.client_for(client, request, persona)
        response = client.post(self.url("edit", obj), self.form_with_change(request, obj))
        obj.refresh_from_db()
        if persona == "anonymous":
            assert response.status_code == 302
        elif self.can_change(persona):
            assert response.status_code == 302, response.content.decode()[-3000:]
            assert getattr(obj, field) == value
            latest = obj.history.first()
            assert latest.history_type == "~" and latest.history_user == user_of(request, persona)
            if isinstance(self, ViewTests):
                page = client.get(obj.get_absolute_url()).content.decode()
                assert "<ins>" in page  # the change shows in the history on the record's page
            return
        else:
            assert response.status_code == self.denied_status(persona)
        assert getattr(obj, field) != value

    @pytest.mark.parametrize("persona", PERSONAS)
    def test_delete(self, client, request, persona):
        obj = self.make_object(request)
        client = self.client_for(client, request, persona)
        response = client.post(self.url("delete", obj))
        exists = self.model.objects.filter(pk=obj.pk).exists()
        if persona == "anonymous":
            assert response.status_code == 302 and exists
        elif self.can_delete(persona):
            assert response.status_code == 302 and not exists
        else:
            assert response.status_code == self.denied_status(persona) and exists


@pytest.mark.django_db
class ViewTests(PartViewTests):
    """List, detail, create, edit and delete pages for every persona."""

    @pytest.mark.parametrize("persona", PERSONAS)
    def test_list(self, client, request, persona, django_assert_max_num_queries):
        obj = self.make_object(request)
        for _ in range(3):
            self.make_object(request)
        client = self.client_for(client, request, persona)
        with django_assert_max_num_queries(self.list_query_budget):
            response = client.get(self.url("list"))
        if persona == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"]
            return
        assert response.status_code == 200
        shown = self.list_marker(obj) in response.content.decode()
        assert shown == self.can_view(persona)

    @pytest.mark.parametrize("persona", PERSONAS)
    def test_detail(self, client, request, persona, django_assert_max_num_queries):
        obj = self.make_object(request)
        client = self.client_for(client, request, persona)
        with django_assert_max_num_queries(self.detail_query_budget):
            response = client.get(obj.get_absolute_url())
        if persona == "anonymous":
            assert response.status_code == 302
        elif self.can_view(persona):
            assert response.status_code == 200
            assert 'id="history"' in response.content.decode()
            edit_link = self.url("edit", obj) in response.content.decode()
            assert edit_link == self.can_change(persona)
        else:
            assert response.status_code == 404


@pytest.mark.django_db
class APITests:
    """The same actions through the REST API, with token authentication."""

    def api_client(self, request, persona):
        client = APIClient()
        user = user_of(request, persona)
        if user is not None:
            # The token model as the user's tokens name it: the core imports no app.
            _token, key = user.api_tokens.model.issue(user)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client

    def api_url(self, obj=None):
        if obj is None:
            return reverse(f"api:{self.api_basename}-list")
        return reverse(f"api:{self.api_basename}-detail", args=[obj.pk])

    @pytest.mark.parametrize("persona", PERSONAS)
    def test_api_list_and_detail(self, request, persona, django_assert_max_num_queries):
        obj = self.make_object(request)
        for _ in range(3):
            self.make_object(request)
        client = self.api_client(request, persona)
        with django_assert_max_num_queries(self.list_query_budget):
            response = client.get(self.api_url())
        if persona == "anonymous":
            assert response.status_code == 401
            return
        assert response.status_code == 200
        assert set(response.json()) == {"count", "next", "previous", "results"}
        ids = {item["id"] for item in response.json()["results"]}
        assert (obj.pk in ids) == self.can_view(persona)
        detail = client.get(self.api_url(obj))
        assert detail.status_code == (200 if self.can_view(persona) else 404)

    @pytest.mark.parametrize("persona", PERSONAS)
    def test_api_create(self, request, persona):
        client = self.api_client(request, persona)
        before = self.model.objects.count()
        response = client.post(self.api_url(), self.api_data(request), format="json")
        if persona == "anonymous":
            assert response.status_code == 401
        elif self.can_change(persona):
            assert response.status_code == 201, response.json()
            assert self.model.objects.count() == before + 1
            return
        elif response.status_code == 400:
            # The record of another desk that the data names is refused at its field.
            refused = [
                messages for messages in response.json().values() if "may choose" in str(messages)
            ]
            assert refused, response.json()
        else:
            assert response.status_code == 403, response.json()
        assert self.model.objects.count() == before

    @pytest.mark.parametrize("persona", PERSONAS)
    def test_api_update_and_delete(self, request, persona):
        obj = self.make_object(request)
        field, value = self.changed_field()
        client = self.api_client(request, persona)
        response = client.patch(self.api_url(obj), self.api_patch(obj), format="json")
        obj.refresh_from_db()
        if persona == "anonymous":
            assert response.status_code == 401
            return
        if self.can_change(persona):
            assert response.status_code == 200, response.json()
            assert getattr(obj, field) == value
        else:
            assert response.status_code == self.denied_status(persona)
            assert getattr(obj, field) != value
        response = client.delete(self.api_url(obj))
        exists = self.model.objects.filter(pk=obj.pk).exists()
        if self.can_delete(persona):
            assert response.status_code == 204 and not exists
        else:
            assert response.status_code == self.denied_status(persona) and exists

    def api_patch(self, obj):
        field, value = self.changed_field()
        return {field: value}

    def test_api_invalid_input_is_400_with_field_errors(self, request):
        client = self.api_client(request, "director")
        before = self.model.objects.count()
        response = client.post(self.api_url(), self.invalid_api_data(request), format="json")
        assert response.status_code == 400
        assert self.invalid_field in response.json()
        assert self.model.objects.count() == before


def sign_in(page, live_server, username, password="secret-pass-1"):
    """Sign in through the login page, as a person would (browser tests)."""
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))
