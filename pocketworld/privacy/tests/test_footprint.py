"""The footprint: every relation to a person is found and has a rule, and the strings that
single a person out are found as people write them, and nothing else is."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test.utils import isolate_apps
from openpyxl import Workbook, load_workbook

from pocketworld.contacts.models import Person
from pocketworld.privacy.footprint import (
    FilePlace,
    PointerPlace,
    RelationPlace,
    TextPlace,
    Traces,
    erasure_action,
    file_texts,
    file_without,
    footprint,
    places,
    stored_models,
)


def every_relation_to_person():
    """Read off the models here again, independently of the footprint: every stored field
    that points to a person, and every reverse relation of `Person`."""
    found = set()
    for model in stored_models():
        for model_field in model._meta.get_fields():
            if model_field.concrete and getattr(model_field, "related_model", None) is Person:
                found.add((model._meta.label, model_field.name))
    for relation in Person._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and relation.related_model:
            field = relation.remote_field
            if field.model._meta.auto_created:
                continue  # a many-to-many field's link table: the field counts
            found.add((field.model._meta.label, field.name))
    return found


def test_every_relation_to_a_person_is_a_place_with_a_rule():
    """A new model with a relation to Person fails here until erasure knows what to do
    with its rows (delete, blank, unlink)."""
    relation_places = {
        (place.model._meta.label, place.relation.name): place
        for place in places()
        if isinstance(place, RelationPlace)
    }
    relations = every_relation_to_person()
    assert relations - set(relation_places) == set()
    without_rule = [key for key, place in relation_places.items() if place.action is None]
    assert without_rule == []
    assert {("contacts.Position", "person"), ("interactions.Interaction", "people")} <= relations


def test_the_rule_follows_the_relation():
    actions = {place.key: place.action for place in places() if isinstance(place, RelationPlace)}
    assert actions["relation:contacts.Position.person"] == "delete"  # cascades, required
    assert actions["relation:events.Event.leader"] == "blank"
    assert actions["relation:events.Participant.person"] == "blank"  # alone: personal_rows
    assert actions["relation:interactions.Interaction.people"] == "unlink"
    assert actions["relation:interactions.HistoricalInteraction_people.person"] == "delete"
    # History follows the live relation, whatever simple-history made of the column.
    assert actions["relation:contacts.HistoricalPosition.person"] == "delete"
    assert actions["relation:events.HistoricalEvent.leader"] == "blank"


@isolate_apps("pocketworld.privacy")
def test_a_model_added_later_is_found_and_a_relation_without_rule_is_refused():
    class Badge(models.Model):
        holder = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
        sponsor = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
        keeper = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
        note = models.TextField()
        content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
        object_id = models.PositiveIntegerField()

        class Meta:
            app_label = "privacy"

        def __str__(self):
            return self.note

    found = footprint([Badge])
    relations = {
        place.relation.name: place.action for place in found if isinstance(place, RelationPlace)
    }
    assert relations == {"holder": "delete", "sponsor": "blank", "keeper": None}
    assert any(isinstance(place, PointerPlace) and place.model is Badge for place in found)
    texts = [place for place in found if isinstance(place, TextPlace) and place.model is Badge]
    assert [field.name for field in texts[0].fields] == ["note"]
    assert erasure_action(Badge._meta.get_field("keeper")) is None


def test_only_declared_personal_files_are_read():
    files = [place.key for place in places() if isinstance(place, FilePlace)]
    assert files == ["file:imports.ImportRun.content"]


def test_names_and_users_keep_their_own_names_but_not_their_notes():
    text_places = {
        place.model._meta.label: place for place in places() if isinstance(place, TextPlace)
    }
    person_fields = {field.name for field in text_places["contacts.Person"].fields}
    assert "notes" in person_fields
    assert not person_fields & {"given_name", "family_name", "email", "phone", "native_name"}
    history_fields = {field.name for field in text_places["contacts.HistoricalPerson"].fields}
    assert "history_change_reason" in history_fields and "family_name" not in history_fields
    # A user's short texts are all their own (names, e-mail, password): only the reasons
    # of their history are read.
    assert "accounts.User" not in text_places
    user_history = {field.name for field in text_places["accounts.HistoricalUser"].fields}
    assert user_history == {"history_change_reason"}
    # Choices hold codes: never rewritten.
    interaction_fields = {field.name for field in text_places["interactions.Interaction"].fields}
    assert {"subject", "notes", "needs"} <= interaction_fields and "kind" not in interaction_fields


# --- traces -----------------------------------------------------------------------------------


def traces(**values):
    person = Person(
        given_name=values.get("given_name", ""),
        family_name=values.get("family_name", ""),
        native_name=values.get("native_name", ""),
        email=values.get("email", ""),
        phone=values.get("phone", ""),
        mobile=values.get("mobile", ""),
    )
    return Traces.of([person])


@pytest.mark.parametrize(
    "text",
    [
        "Met Anna Maria Kowalczyk today",
        "KOWALCZYK ANNA MARIA called",
        "Kowalczyk,  Anna Maria",
        "Anna Maria\nKowalczyk",
        "write to A.Kowalczyk@Example.org.",
        "call +48 22 555-01-02",
        "call (48) 22 5550102 now",
        "山田太郎さんと会った",
        "太郎 山田",
    ],
)
def test_traces_are_found_as_people_write_them(text):
    found = traces(
        given_name="Anna Maria",
        family_name="Kowalczyk",
        native_name="山田 太郎",
        email="a.kowalczyk@example.org",
        phone="+48 22 555 01 02",
    )
    assert found.found_in(text)
    replaced, count = found.replaced(text, "[erased]")
    assert count == 1 and "[erased]" in replaced


@pytest.mark.parametrize(
    "text",
    [
        "Kowalczyk alone is a family name, anyone's",
        "Anna Maria Kowalczykowa is someone else",
        "xa.kowalczyk@example.org is another address",
        "a.kowalczyk@example.org.uk is another address",
        "order 4822555010299",
    ],
)
def test_what_is_not_a_trace(text):
    found = traces(
        given_name="Anna Maria",
        family_name="Kowalczyk",
        email="a.kowalczyk@example.org",
        phone="+48 22 555 01 02",
    )
    assert not found.found_in(text)


def test_a_one_word_name_and_short_numbers_are_no_traces():
    found = traces(family_name="Li", phone="112")
    assert found.patterns == () and not found.found_in("Li called 112")


def test_traces_inside_json_keys_and_values():
    found = traces(given_name="Ji-woo", family_name="Park", email="jw.park@example.kr")
    value = {"contact": ["Park Ji-woo", 3], "jw.park@example.kr": {"note": "ok"}}
    replaced, count = found.replaced(value, "[x]")
    assert replaced == {"contact": ["[x]", 3], "[x]": {"note": "ok"}} and count == 2


def test_stored_files_are_rewritten_in_their_format():
    found = traces(given_name="Aiko", family_name="Tanaka")
    utf16 = "Name\tFirma\r\nAiko Tanaka\tSony\r\n".encode("utf-16")
    rewritten = file_without(utf16, found, "[erased]")
    assert rewritten.decode("utf-16") == "Name\tFirma\r\n[erased]\tSony\r\n"
    assert not any(found.found_in(text) for text in file_texts(rewritten))

    workbook = Workbook()
    workbook.active.append(["Name", "Firma"])
    workbook.active.append(["Aiko Tanaka", "Sony"])
    stream = io.BytesIO()
    workbook.save(stream)
    assert any(found.found_in(text) for text in file_texts(stream.getvalue()))
    cleaned = file_without(stream.getvalue(), found, "[erased]")
    rows = list(load_workbook(io.BytesIO(cleaned)).active.iter_rows(values_only=True))
    assert rows == [("Name", "Firma"), ("[erased]", "Sony")]
