"""Changes of rights are recorded with the old and the new value, who made them and from
where, whichever way they are made: a user's role, activity and administrator rights in
the admin, desk memberships on the desk pages, in the API and in the admin."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from pocketworld.accounts.models import User
from pocketworld.audit.choices import AuditAction
from pocketworld.audit.models import AuditEvent
from pocketworld.core.choices import DeskRole, Role
from pocketworld.desks.models import DeskMembership

pytestmark = pytest.mark.django_db

ADMIN_OFFICE = "10.0.0.7"


class FormValues(HTMLParser):
    """The values a browser would send with the page's main form, as the page fills it."""

    def __init__(self):
        super().__init__()
        self.values = []
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            checkable = attrs.get("type") in ("checkbox", "radio")
            if checkable and "checked" not in attrs:
                return
            self.values.append((name, attrs.get("value") or ("on" if checkable else "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.values.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = name
            self.values.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            name, value = self.values.pop()
            self.values.append((name, value + data))


def form_values(response):
    parser = FormValues()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    return data


@pytest.fixture
def admin_client(administrator):
    client = Client(REMOTE_ADDR=ADMIN_OFFICE)
    client.force_login(administrator)
    return client


def change_user_in_admin(client, user, **changes):
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = form_values(client.get(url))
    data.update(changes)
    data.pop("_saveasnew", None)
    return client.post(url, data)


def events(action, **conditions):
    return list(AuditEvent.objects.filter(action=action, **conditions).order_by("pk"))


def test_a_role_change_in_the_admin_is_recorded_from_old_to_new(
    admin_client, administrator, japan_officer
):
    response = change_user_in_admin(admin_client, japan_officer, role=[Role.DIRECTOR])
    assert response.status_code == 302, response.content.decode()[:2000]
    japan_officer.refresh_from_db()
    assert japan_officer.role == Role.DIRECTOR
    [event] = events(AuditAction.ROLE_CHANGED)
    assert event.user == administrator
    assert event.ip_address == ADMIN_OFFICE
    assert (event.target_type, event.target_id, event.target_repr) == (
        "accounts.user",
        str(japan_officer.pk),
        "neu",
    )
    assert event.details == {"changes": {"role": [Role.STAFF, Role.DIRECTOR]}}


def test_deactivating_and_making_an_administrator_are_recorded(admin_client, japan_officer):
    change_user_in_admin(admin_client, japan_officer, is_active=[], is_superuser=["on"])
    [event] = events(AuditAction.ROLE_CHANGED)
    assert event.details == {"changes": {"is_active": [True, False], "is_superuser": [False, True]}}


def test_saving_a_user_unchanged_or_signing_in_records_no_change(admin_client, japan_officer):
    change_user_in_admin(admin_client, japan_officer)
    Client().post(reverse("accounts:login"), {"username": "neu", "password": "secret-pass-1"})
    assert not events(AuditAction.ROLE_CHANGED)


def test_a_user_made_in_the_admin_is_recorded_with_their_rights(admin_client, administrator):
    url = reverse("admin:accounts_user_add")
    data = form_values(admin_client.get(url))
    data.update(
        username=["new-colleague"],
        usable_password=["true"],
        password1=["a-long-Passphrase-7"],
        password2=["a-long-Passphrase-7"],
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    [event] = events(AuditAction.USER_CREATED, target_repr="new-colleague")
    assert event.user == administrator
    assert event.details == {
        "rights": {
            "role": Role.STAFF,
            "is_active": True,
            "is_superuser": False,
            "is_staff": False,
        }
    }


def test_a_desk_membership_in_the_admin_is_recorded(
    admin_client, administrator, japan_desk, india_officer
):
    prefix = "desk_memberships"
    data = {
        f"{prefix}-TOTAL_FORMS": ["2"],
        f"{prefix}-1-desk": [str(japan_desk.pk)],
        f"{prefix}-1-role": [DeskRole.ASSISTANT],
        f"{prefix}-1-user": [str(india_officer.pk)],
    }
    response = change_user_in_admin(admin_client, india_officer, **data)
    assert response.status_code == 302, response.content.decode()[:3000]
    [event] = events(AuditAction.DESK_MEMBERSHIP_CHANGED, user=administrator)
    assert event.target_repr == "froehlich"
    assert event.details == {
        "desk": "Japan Desk",
        "desk_id": japan_desk.pk,
        "member_id": india_officer.pk,
        "changes": {"role": [None, DeskRole.ASSISTANT]},
    }


def test_desk_memberships_made_changed_and_ended_on_the_desk_pages(director, japan_desk):
    colleague = User.objects.create_user("kato", password="a-long-Passphrase-7")
    client = Client(REMOTE_ADDR="10.0.0.8")
    client.force_login(director)
    client.post(
        reverse("desks:deskmembership_create"),
        {"desk": japan_desk.pk, "user": colleague.pk, "role": DeskRole.OFFICER},
    )
    membership = DeskMembership.objects.get(user=colleague)
    client.post(
        reverse("desks:deskmembership_edit", args=[membership.pk]),
        {"desk": japan_desk.pk, "user": colleague.pk, "role": DeskRole.HEAD},
    )
    client.post(reverse("desks:deskmembership_delete", args=[membership.pk]))
    recorded = events(AuditAction.DESK_MEMBERSHIP_CHANGED)
    assert [event.details["changes"]["role"] for event in recorded] == [
        [None, DeskRole.OFFICER],
        [DeskRole.OFFICER, DeskRole.HEAD],
        [DeskRole.HEAD, None],
    ]
    assert {(event.user, event.ip_address, event.target_repr) for event in recorded} == {
        (director, "10.0.0.8", "kato")
    }


def test_a_desk_membership_made_in_the_api_is_recorded(director, japan_desk):
    colleague = User.objects.create_user("kato", password="a-long-Passphrase-7")
    client = APIClient(REMOTE_ADDR="10.0.0.9")
    client.force_authenticate(director)
    response = client.post(
        "/api/v1/desk-memberships/",
        {"desk": japan_desk.pk, "user": colleague.pk, "role": DeskRole.OFFICER},
    )
    assert response.status_code == 201, response.data
    [event] = events(AuditAction.DESK_MEMBERSHIP_CHANGED)
    assert (event.user, event.ip_address, event.path) == (
        director,
        "10.0.0.9",
        "/api/v1/desk-memberships/",
    )


def test_a_deleted_user_leaves_their_events_and_their_deletion_is_recorded(
    admin_client, administrator, japan_officer
):
    Client().force_login(japan_officer)
    response = admin_client.post(
        reverse("admin:accounts_user_delete", args=[japan_officer.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    [signed_in] = [e for e in events(AuditAction.SIGN_IN) if e.username == "neu"]
    assert signed_in.user is None
    [deleted] = events(AuditAction.USER_DELETED)
    assert (deleted.user, deleted.target_repr) == (administrator, "neu")
    [left] = events(AuditAction.DESK_MEMBERSHIP_CHANGED, user=administrator)
    assert left.details["changes"] == {"role": [DeskRole.OFFICER, None]}
