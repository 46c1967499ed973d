"""`manage.py erase_person ID --reason … [--user USERNAME]`: the service from the command
line; what it cannot do is a CommandError that changes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from pocketworld.contacts.models import Person
from pocketworld.core.tests.factories import InteractionFactory, PersonFactory
from pocketworld.interactions.models import Interaction
from pocketworld.privacy.models import Erasure

pytestmark = pytest.mark.django_db

REASON = "Letter of 3 March 2026, ref. DS-2026-17"


@pytest.fixture
def person(japan_desk):
    person = PersonFactory(given_name="Lena", family_name="Hartmann")
    interaction = InteractionFactory(notes="Lena Hartmann wants a visit.")
    interaction.people.add(person)
    return person


def test_erases_and_reports(person, director):
    output = io.StringIO()
    call_command(
        "erase_person", str(person.pk), "--reason", REASON, "--user", "klerks", stdout=output
    )
    erasure = Erasure.objects.get()
    assert (erasure.reason, erasure.erased_by) == (REASON, director)
    assert not Person.objects.filter(pk=person.pk).exists()
    interaction = Interaction.objects.get()
    assert interaction.notes == "[erased] wants a visit." and not interaction.people.exists()
    assert output.getvalue().startswith(f"Erased person {person.pk}: ")
    assert f"(tombstone {erasure.pk})" in output.getvalue()


def test_without_user_the_tombstone_names_no_one(person):
    call_command("erase_person", str(person.pk), "--reason", REASON, stdout=io.StringIO())
    assert Erasure.objects.get().erased_by is None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--reason", REASON, "--user", "nobody"], "No user 'nobody'."),
        (["--reason", "  "], "Give the reason"),
        (["--reason", "Lena Hartmann phoned"], "not the person's name"),
    ],
)
def test_what_it_refuses_changes_nothing(person, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("erase_person", str(person.pk), *arguments, stdout=io.StringIO())
    assert Person.objects.filter(pk=person.pk).exists() and not Erasure.objects.exists()


def test_an_unknown_person(db):
    with pytest.raises(CommandError, match="No person 987654."):
        call_command("erase_person", "987654", "--reason", REASON, stdout=io.StringIO())


def test_a_restored_backup_is_erased_again(person, director):
    """A backup made before the erasure is restored (here: the person's and the
    interaction's rows as they were); the tombstone's former id finds the person again."""
    from django.core import serializers

    backup = serializers.serialize("json", [person, Interaction.objects.get()])
    call_command("erase_person", str(person.pk), "--reason", REASON, stdout=io.StringIO())
    first = Erasure.objects.get()
    assert first.former_ids == [person.pk]
    for restored in serializers.deserialize("json", backup):
        restored.save()
    assert Person.objects.filter(pk=person.pk).exists()

    output = io.StringIO()
    call_command("replay_erasures", stdout=output)
    assert not Person.objects.filter(pk=person.pk).exists()
    assert Interaction.objects.get().notes == "[erased] wants a visit."
    again = Erasure.objects.exclude(pk=first.pk).get()
    assert again.reason == f"Erased again after a restore: erasure {first.pk} of " + (
        first.erased_at.date().isoformat() + "."
    )
    assert output.getvalue().splitlines() == [
        f"Erased again (tombstone {first.pk}): {sum(again.removed.values())} rows "
        f"(tombstone {again.pk}).",
        "1 person erased again.",
    ]
    output = io.StringIO()
    call_command("replay_erasures", stdout=output)
    assert output.getvalue().strip() == "0 people erased again."
