"""An event is only ever added: the model, its querysets and the database itself refuse to
change it (on SQLite and PostgreSQL alike), and only the retention deletes it. A deleted
user's events stay, with their user name. The policy lets administrators alone read it
and no one change it."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from pocketworld.audit.choices import AuditAction
from pocketworld.audit.models import AuditEvent, EventIsFinal
from pocketworld.audit.services import record
from pocketworld.core import permissions
from pocketworld.core.tests.factories import CompanyFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def event(japan_officer):
    return record(AuditAction.SIGN_IN, user=japan_officer, details={"backend": "model"})


def test_an_event_cannot_be_saved_again_or_deleted(event):
    event.username = "someone else"
    with pytest.raises(EventIsFinal):
        event.save()
    with pytest.raises(EventIsFinal):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).username == "neu"


def test_its_querysets_refuse_update_and_delete(event):
    with pytest.raises(EventIsFinal):
        AuditEvent.objects.filter(pk=event.pk).update(username="someone else")
    with pytest.raises(EventIsFinal):
        AuditEvent.objects.all().delete()
    with pytest.raises(EventIsFinal), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["username"])
    assert AuditEvent.objects.filter(pk=event.pk, username="neu").exists()


@pytest.mark.parametrize(
    "column, value",
    [("username", "someone else"), ("action", "sign_out"), ("details", "{}"), ("user_id", None)],
)
def test_the_database_refuses_to_change_an_event(event, column, value):
    """Past the ORM, too: plain SQL, as anyone with the application's database account
    could send it. Setting the user alone to NULL is allowed (a user's deletion), not
    together with another change."""
    statement = f"UPDATE {TABLE} SET {column} = %s, ip_address = %s WHERE id = %s"  # noqa: S608
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [value, "10.9.9.9", event.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent._base_manager.filter(pk=event.pk).update(username="someone else")
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.username, stored.action, stored.ip_address) == ("neu", "sign_in", None)


def test_the_database_lets_a_deleted_user_go_and_keeps_their_name(event, japan_officer):
    japan_officer.delete()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.user is None
    assert stored.username == "neu"
    assert stored.details == {"backend": "model"}


def test_the_trigger_is_in_the_database():
    """A migration that rebuilds the table on SQLite drops it: it must be made again."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [TABLE],
            )
        assert [row[0] for row in cursor.fetchall()] == ["audit_auditevent_append_only"]


def test_only_the_retention_deletes_and_the_database_lets_it(japan_officer):
    now = timezone.now()
    old = record(AuditAction.SIGN_IN, user=japan_officer)
    backdated = AuditEvent(action=AuditAction.SIGN_OUT, timestamp=now - datetime.timedelta(days=5))
    backdated.save()
    assert AuditEvent.objects.purge_before(now - datetime.timedelta(days=1)) == 1
    assert AuditEvent.objects.filter(pk=old.pk).exists()
    assert not AuditEvent.objects.filter(pk=backdated.pk).exists()


def test_the_policy_lets_administrators_alone_read_and_no_one_change(
    event, administrator, director, japan_officer, partner_viewer
):
    assert permissions.sees(administrator, AuditEvent)
    superuser = UserFactory(username="root", role="staff", is_superuser=True)
    assert permissions.sees(superuser, AuditEvent)
    for user in (director, japan_officer, partner_viewer, None):
        assert not permissions.sees(user, AuditEvent)
        assert not AuditEvent.objects.visible_to(user).exists()
    assert event in AuditEvent.objects.visible_to(administrator)
    for user in (administrator, superuser, director):
        assert not permissions.may_create(user, AuditEvent)
        assert not permissions.may_change(user, event)
        assert not permissions.may_delete(user, event)
        assert not AuditEvent.objects.editable_by(user).exists()


def test_a_record_of_personal_data_is_named_by_type_and_id_alone(japan_desk):
    person = PersonFactory(given_name="Aiko", family_name="Tanaka")
    company = CompanyFactory(legal_name="Sony Europe B.V.")
    about_person = record(AuditAction.PERSONAL_DATA_EXPORTED, target=person)
    about_company = record(AuditAction.LIST_EXPORTED, target=company)
    assert (about_person.target_type, about_person.target_id) == ("contacts.person", str(person.pk))
    assert about_person.target_repr == ""
    assert about_person.target_label == f"person #{person.pk}"
    assert about_company.target_label == "Sony Europe B.V."


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="no audit action"):
        record("signed_in_somehow")
