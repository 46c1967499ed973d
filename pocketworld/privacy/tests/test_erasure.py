"""Erasing a person who appears everywhere: afterwards no table holds their strings (read
with plain SQL, every column of every table), on SQLite not even the database file's free
pages; what is not theirs stays; the tombstone counts each place and names no one."""

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from pocketworld.contacts.models import Person, Position
from pocketworld.core.history import change_history
from pocketworld.core.tests.factories import (
    CompanyFactory,
    EventFactory,
    ParticipantFactory,
    PersonFactory,
)
from pocketworld.events.models import Event, Meeting, Participant, ProgrammeItem
from pocketworld.imports import changes
from pocketworld.imports.models import ImportRow, RecordedChange
from pocketworld.interactions.models import Interaction, Task
from pocketworld.privacy import footprint
from pocketworld.privacy.erasure import erase_person, erasure_preview
from pocketworld.privacy.footprint import TextPlace, places
from pocketworld.privacy.models import AccessExport, Erasure, RetentionExtension
from pocketworld.privacy.tests.everywhere import (
    EMAIL,
    FAMILY,
    GIVEN,
    UNIQUE_PHONES,
    UNIQUE_STRINGS,
    build_world,
    digits,
    erase_in_this_database,
    traces_in,
)
from pocketworld.programmes.models import Candidate
from pocketworld.search import services as search
from pocketworld.search.models import SearchEntry, SearchWord

pytestmark = pytest.mark.django_db

REASON = "Request of 3 March 2026, ref. DS-2026-17"
ESCAPED = re.compile(r"\\u([0-9a-fA-F]{4})")


def texts_of(value):
    """A stored value as a reader may read it: text, JSON with its escapes undone, bytes in
    the encodings files come in, and the parts of a workbook."""
    if value is None:
        return []
    if isinstance(value, dict | list):
        return [json.dumps(value, ensure_ascii=False)]
    if isinstance(value, bytes | memoryview):
        data = bytes(value)
        found = [
            data.decode(encoding, "replace") for encoding in ("utf-8", "utf-16-le", "utf-16-be")
        ]
        if data.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                found += [
                    archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                ]
        return found
    text = str(value)
    return [text, ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text)]


def traces_in_every_table():
    """[(table, trace)] of every column of every table, read with plain SQL."""
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    for text in texts_of(value):
                        found.update((table, trace) for trace in traces_in(text))
    return found


@pytest.fixture
def world(japan_desk):
    return build_world(japan_desk)


def test_the_world_puts_him_in_every_place_but_text(world):
    """Every relation, pointer, snapshot, import, file, history and index place of the
    footprint holds him here (a place added later needs him in this world, too); text
    places are those of the models whose text names him."""
    found = {place.key for place, _count in erasure_preview(world.person)}
    expected = {place.key for place in places() if not isinstance(place, TextPlace)}
    assert expected - found == set()


def test_no_table_holds_a_trace_of_the_erased_person(world):
    before = traces_in_every_table()
    # The scan sees what there is to see: each string and phone number, in many tables.
    assert {trace for _table, trace in before} == set(UNIQUE_STRINGS + UNIQUE_PHONES)
    tables = {table for table, _trace in before}
    assert {
        "contacts_historicalperson",
        "interactions_interaction",
        "interactions_historicalinteraction",
        "imports_importrun",
        "imports_importrow",
        "imports_recordedchange",
        "search_entry",
        "django_admin_log",
    } <= tables

    erase_person(world.person, erased_by=world.officer, reason=REASON)

    assert traces_in_every_table() == set()


def test_what_is_not_theirs_stays(world):
    erasure = erase_person(world.person, erased_by=world.officer, reason=REASON)

    assert not Person.objects.filter(family_name=FAMILY).exists()
    assert not Position.objects.filter(person_id=world.person.pk).exists()
    assert not RetentionExtension.objects.exists()
    # The interaction stays, without him; his colleague is still named.
    interaction = Interaction.objects.get(pk=world.interaction.pk)
    assert list(interaction.people.all()) == [world.colleague]
    assert interaction.notes == "Met [erased] ([erased]); call him on +[erased]."
    assert Interaction.objects.get(pk=world.mention.pk).notes == "[erased] recommended us."
    assert Task.objects.get(pk=world.task.pk).title == "Send the brochure to [erased]"
    # Events: the delegation stays without its leader, the programme item without its
    # host; his participation alone is gone, his company's stays with its meeting.
    assert Event.objects.get(pk=world.led_event.pk).leader is None
    assert ProgrammeItem.objects.get(pk=world.programme_item.pk).host_person is None
    # The start-up he mentored stays in its cohort, without its mentor; his candidacy,
    # his own, is gone.
    assert not world.membership.mentors.exists()
    assert not Candidate.objects.filter(pk=world.candidacy.pk).exists()
    assert not Participant.objects.filter(event=world.alone_event).exists()
    participation = Participant.objects.get(pk=world.company_participant.pk)
    assert participation.person is None and participation.company == world.company
    assert participation.notes == "[erased] brings samples."
    assert Meeting.objects.filter(event=world.matchmaking_event).count() == 1
    # The export log stays, without him; the colleague imported with him stays whole.
    assert AccessExport.objects.get().person is None
    colleague = Person.objects.get(pk=world.colleague.pk)
    assert (colleague.full_name, colleague.notes) == ("Anna Schmidt", "Deputy of [erased].")
    colleague_row = ImportRow.objects.get(run=world.import_run, number=3)
    assert colleague_row.values["family_name"] == "Schmidt"
    his_row = ImportRow.objects.get(run=world.import_run, number=2)
    assert {value for value in his_row.values.values() if isinstance(value, str)} == {"[erased]"}
    # A staff member of the same given name keeps theirs.
    assert world.officer.__class__.objects.filter(first_name=GIVEN).exists()

    assert erasure.reason == REASON and erasure.erased_by == world.officer
    assert not erasure.by_retention
    assert erasure.removed["record:contacts.Person"] == 2  # he and the duplicate merged in
    assert erasure.removed["relation:interactions.Interaction.people"] == 2
    assert erasure.removed["relation:events.Participant.person"] == 2
    assert erasure.removed["text:interactions.Interaction"] == 2
    assert erasure.removed["file:imports.ImportRun.content"] == 1
    assert all(count > 0 for count in erasure.removed.values())
    assert not any(traces_in(json.dumps(erasure.removed)))


def test_the_interaction_history_no_longer_names_him(world):
    def people_changes():
        history = change_history(Interaction.objects.get(pk=world.interaction.pk))
        return [
            change["new"]
            for entry in history
            for change in entry["changes"]
            if change["field"] == "people"
        ]

    assert people_changes() == [f"Anna Schmidt, {GIVEN} {FAMILY}"]
    erase_person(world.person, erased_by=world.officer, reason=REASON)
    assert people_changes() == ["Anna Schmidt"]


def test_search_forgets_him_and_what_was_named_after_him(world):
    assert search.search(f"{GIVEN} {FAMILY}", world.officer, kinds=["person"])
    erase_person(world.person, erased_by=world.officer, reason=REASON)

    assert not search.search(f"{GIVEN} {FAMILY}", world.officer)
    assert not search.search("渡辺 博", world.officer, kinds=["person"])
    project_names = SearchEntry.objects.filter(kind="project", object_id=world.project.pk)
    assert "Expansion with [erased]" in {entry.name for entry in project_names}
    # His words left the vocabulary; those of others stay.
    assert not SearchWord.objects.filter(word__in=["watanabe", "hiroshi"]).exists()
    assert SearchWord.objects.filter(word="schmidt").exists()


def test_a_change_set_that_held_him_cannot_bring_him_back(world):
    erase_person(world.person, erased_by=world.officer, reason=REASON)
    assert not RecordedChange.objects.filter(
        content_type__model="person", object_id__in=[world.person.pk]
    ).exists()

    for change_set in (world.merge, world.import_run.change_set):
        with contextlib.suppress(changes.UndoRefused):
            changes.undo(change_set, world.officer)
    assert not Person.objects.filter(family_name=FAMILY).exists()
    assert traces_in_every_table() == set()


def test_the_preview_counts_what_erasure_removes(world):
    preview = {place.key: count for place, count in erasure_preview(world.person)}
    erasure = erase_person(world.person, erased_by=world.officer, reason=REASON)
    for key in ("relation:contacts.Position.person", "text:interactions.Interaction"):
        assert preview[key] == erasure.removed[key]
    assert set(erasure.removed) <= set(preview)


@pytest.mark.parametrize(
    "reason", ["", "   ", f"{GIVEN} {FAMILY} asked by phone", f"Mail from {EMAIL.upper()}"]
)
def test_a_missing_reason_or_one_that_names_him_changes_nothing(world, reason):
    with pytest.raises(ValidationError) as error:
        erase_person(world.person, erased_by=world.officer, reason=reason)
    assert "reason" in error.value.message_dict
    assert Person.objects.filter(pk=world.person.pk).exists()
    assert not Erasure.objects.exists()
    assert Interaction.objects.get(pk=world.interaction.pk).notes.startswith(f"Met {GIVEN}")


def test_a_failure_halfway_leaves_everything_as_it_was(world, monkeypatch):
    def fail(self, erasing):
        raise RuntimeError("disk full")

    monkeypatch.setattr(footprint.SearchPlace, "erase", fail)
    with pytest.raises(RuntimeError):
        erase_person(world.person, erased_by=world.officer, reason=REASON)
    assert Person.objects.filter(pk=world.person.pk).exists()
    assert Interaction.objects.get(pk=world.interaction.pk).people.count() == 2
    assert not Erasure.objects.exists()


def test_erasing_someone_already_gone_is_refused(world):
    stale = Person.objects.get(pk=world.person.pk)
    erase_person(world.person, erased_by=world.officer, reason=REASON)
    with pytest.raises(Person.DoesNotExist):
        erase_person(stale, erased_by=world.officer, reason=REASON)
    assert Erasure.objects.count() == 1


def sqlite_file_after_the_erasure(tmp_path):
    """The bytes of a database file of its own (the tests' database is in memory) and of its
    write-ahead log, after the world was built and erased there in another process."""
    environment = {
        **os.environ,
        "POCKETWORLD_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'pocketworld.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "pocketworld.settings",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=environment, check=True, timeout=300)
    script = (
        "from pocketworld.privacy.tests.everywhere import erase_in_this_database;"
        "erase_in_this_database()"
    )
    subprocess.run(
        [*manage, "shell", "-v0", "-c", script],
        env=environment,
        check=True,
        timeout=300,
        capture_output=True,
    )
    return b"".join(path.read_bytes() for path in tmp_path.glob("pocketworld.sqlite3*"))


def postgresql_dump_after_the_erasure(tmp_path):
    """A dump (`pg_dump`, the backup PostgreSQL's administrators make) of the tests'
    database after the world was built and erased there."""
    erase_in_this_database()
    database = connection.settings_dict
    command = ["pg_dump", "--no-owner", "--dbname", database["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database[key]:
            command += [option, str(database[key])]
    environment = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    return subprocess.run(
        command, env=environment, check=True, timeout=300, capture_output=True
    ).stdout


BACKUP_AFTER_THE_ERASURE = {
    "sqlite": sqlite_file_after_the_erasure,
    "postgresql": postgresql_dump_after_the_erasure,
}


@pytest.mark.django_db(transaction=True)
def test_a_backup_made_after_the_erasure_holds_no_trace(tmp_path):
    """The real thing, read byte by byte in the encodings text is stored in. On SQLite the
    database file is the backup: `secure_delete` overwrote the freed pages and the
    checkpoint emptied the log. On PostgreSQL old row versions may stay in the files (README,
    "Personal data"), but a dump made afterwards holds none of them."""
    data = BACKUP_AFTER_THE_ERASURE[connection.vendor](tmp_path)
    assert len(data) > 100_000  # the whole database, not an error message
    needles = [
        *UNIQUE_STRINGS,
        *(string.lower() for string in UNIQUE_STRINGS),
        *(digits(phone) for phone in UNIQUE_PHONES),
        *UNIQUE_PHONES,
    ]
    found = [
        (needle, encoding)
        for needle in needles
        for encoding in ("utf-8", "utf-16-le")
        if needle.encode(encoding) in data
    ]
    assert found == []
    # The same reading finds what others keep: a colleague imported with him.
    assert b"a.schmidt@example.de" in data


def test_a_participation_that_would_repeat_its_company_s_goes(japan_desk, director):
    """Blanked, his participation for his company would be the company's second one in the
    event, which the event refuses: it goes instead; the company's own one stays."""
    company = CompanyFactory()
    person = PersonFactory(given_name="Lena", family_name="Hartmann")
    event = EventFactory(desks=[japan_desk])
    own = ParticipantFactory(event=event, company=company, person=None)
    his = ParticipantFactory(event=event, company=company, person=person)
    erasure = erase_person(person, erased_by=director, reason=REASON)
    assert list(Participant.objects.filter(event=event)) == [own]
    assert not Participant.objects.filter(pk=his.pk).exists()
    assert erasure.removed["relation:events.Participant.person"] == 1
