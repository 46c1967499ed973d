"""What participants take home: the agenda and the programme as PDF (text and fonts read
back with poppler) and iCalendar (read back with icalendar and vobject), and the invitation
e-mail in the participant's language with names in their own script."""

import datetime
import shutil
import subprocess

import icalendar
import pytest
import vobject
from django.core import mail
from django.utils import timezone

from pocketworld.core.models import Country, Language
from pocketworld.core.tests.factories import (
    CompanyFactory,
    EventFactory,
    ParticipantFactory,
    PersonFactory,
)
from pocketworld.events import documents, services
from pocketworld.events.models import MatchSuggestion, Meeting, ProgrammeItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(japan_desk):
    """A matchmaking day from 10:00 in slots of 20 minutes; 山田 太郎 of Kotozna meets
    the Rheinhotel in slot 2 and 김민준 of Hanwha in slot 3."""
    event = EventFactory(
        desks=[japan_desk],
        title="Japan Tech Festival matchmaking",
        starts_on=datetime.date(2026, 6, 10),
        ends_on=datetime.date(2026, 6, 10),
        venue="Stadttor",
        first_slot_at=datetime.time(10, 0),
        slot_minutes=20,
        slots=6,
        tables=3,
    )
    yamada = PersonFactory(
        given_name="Taro", family_name="Yamada", native_name="山田 太郎", email="yamada@example.jp"
    )
    kotozna = ParticipantFactory(
        event=event, company=CompanyFactory(legal_name="Kotozna Inc."), person=yamada
    )
    hotel = ParticipantFactory(
        event=event,
        company=CompanyFactory(
            legal_name="Rheinhotel GmbH", country=Country.objects.get(code="DE")
        ),
        person=PersonFactory(given_name="Jana", family_name="Berg", email="berg@example.de"),
    )
    kim = PersonFactory(given_name="Minjun", family_name="Kim", native_name="김민준", email="")
    hanwha = ParticipantFactory(
        event=event, company=CompanyFactory(legal_name="Hanwha Qcells"), person=kim
    )
    for partner, slot in ((hotel, 2), (hanwha, 3)):
        first, second = sorted((kotozna, partner), key=lambda participant: participant.pk)
        suggestion = MatchSuggestion.objects.create(
            event=event, first=first, second=second, status="approved"
        )
        Meeting.objects.create(event=event, suggestion=suggestion, slot=slot, table=1)
    return event, kotozna, hotel


def pdf_text(content, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.fail("The PDF tests need poppler-utils: make system-test-deps installs it.")
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_agenda_pdf_lists_the_meetings_in_the_chosen_language(day, tmp_path):
    _event, kotozna, _hotel = day
    german = pdf_text(documents.agenda_pdf(kotozna, "de"), tmp_path)
    assert "Agenda von Taro Yamada (Kotozna Inc.)" in german
    assert "10:20 – 10:40" in german and "Jana Berg (Rheinhotel GmbH)" in german
    assert "10:40 – 11:00" in german and "Minjun Kim (Hanwha Qcells)" in german
    english = pdf_text(documents.agenda_pdf(kotozna, "en"), tmp_path)
    assert "Agenda of Taro Yamada" in english and "Made on" in english


def test_the_agenda_as_icalendar(day):
    _event, kotozna, _hotel = day
    ics = documents.agenda_calendar(kotozna).to_ical()
    events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == [
        "Meeting with Jana Berg (Rheinhotel GmbH)",
        "Meeting with Minjun Kim (Hanwha Qcells)",
    ]
    berlin_start = timezone.make_aware(datetime.datetime(2026, 6, 10, 10, 20))
    assert events[0].decoded("dtstart") == berlin_start
    assert events[0].decoded("dtend") - events[0].decoded("dtstart") == datetime.timedelta(
        minutes=20
    )
    assert "Table 1" in str(events[0]["location"]) and "Stadttor" in str(events[0]["location"])
    # A second, independent parser reads the same.
    parsed = vobject.readOne(ics.decode())
    assert len(parsed.vevent_list) == 2


def test_the_programme_as_icalendar_and_pdf(day, japan_officer, tmp_path):
    event, _kotozna, _hotel = day
    start = timezone.make_aware(datetime.datetime(2026, 6, 11, 9, 0))
    ProgrammeItem.objects.create(
        event=event,
        title="Besuch des Heinrich-Hertz-Berufskollegs",
        place="Redinghovenstraße 16",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    [item] = icalendar.Calendar.from_ical(
        documents.programme_calendar(event, japan_officer).to_ical()
    ).walk("VEVENT")
    assert str(item["summary"]) == "Besuch des Heinrich-Hertz-Berufskollegs"
    assert item.decoded("dtstart") == start
    text = pdf_text(documents.programme_pdf(event, "de", japan_officer), tmp_path)
    assert "Programm: Japan Tech Festival matchmaking" in text
    assert "Berufskollegs" in text and "Redinghovenstraße" in text


def test_a_title_with_a_line_break_gives_calendars_named_on_one_line(day, japan_officer):
    event, kotozna, _hotel = day
    event.title = "Japan Tech Festival\r\nmatchmaking"  # the API takes it; once a 500
    event.save()
    for calendar in (
        documents.programme_calendar(event, japan_officer),
        documents.agenda_calendar(kotozna),
    ):
        name = str(icalendar.Calendar.from_ical(calendar.to_ical())["x-wr-calname"])
        assert "Japan Tech Festival matchmaking" in name and "\n" not in name


def test_the_invitation_is_in_the_participants_language_with_native_names(day):
    _event, kotozna, hotel = day
    kotozna.person.languages.set([Language.objects.get(code="ja")])

    assert services.send_invitation(kotozna) and services.send_invitation(hotel)

    english, german = mail.outbox
    assert english.to == ["yamada@example.jp"]
    assert english.subject == "Invitation: Japan Tech Festival matchmaking"
    assert "Taro Yamada (山田 太郎)," in english.body
    assert "10:20–10:40, table 1: Jana Berg (Rheinhotel GmbH)" in english.body
    assert "Minjun Kim (Hanwha Qcells) (김민준)" in english.body
    # The Rheinhotel is at home in Germany and its person names no language: German.
    assert german.subject == "Einladung: Japan Tech Festival matchmaking"
    assert "Ihre Gespräche" in german.body and "Tisch 1: Taro Yamada (Kotozna Inc.)" in german.body
    kotozna.refresh_from_db()
    assert kotozna.invited_at is not None


def test_no_invitation_without_an_address_or_after_cancelling(day):
    event, kotozna, _hotel = day
    nobody = ParticipantFactory(event=event, person=PersonFactory(email=""))
    assert not services.send_invitation(nobody)
    services.cancel_participation(kotozna)
    assert not services.send_invitation(kotozna)
    assert mail.outbox == []


def test_the_page_sends_the_invitations_in_the_background(
    day, client, japan_officer, django_capture_on_commit_callbacks
):
    event, _kotozna, _hotel = day
    client.force_login(japan_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{event.pk}/invitations/")
    assert response.status_code == 302
    # Kim has no address: two of three are invited.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "berg@example.de",
        "yamada@example.jp",
    ]


def test_agenda_downloads(
    day, client, japan_officer, india_officer, django_capture_on_commit_callbacks
):
    _event, kotozna, _hotel = day
    client.force_login(japan_officer)
    response = client.get(f"/participants/{kotozna.pk}/agenda.pdf?language=en")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get(f"/participants/{kotozna.pk}/agenda.pdf?language=fr").status_code == 400
    response = client.get(f"/participants/{kotozna.pk}/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    client.force_login(india_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{kotozna.event_id}/invitations/")
    assert response.status_code == 403
    assert mail.outbox == []
