import datetime

import icalendar
import pytest
import time_machine
import vobject

from pocketworld.accounts.models import CalendarToken
from pocketworld.core.tests.factories import (
    CompanyFactory,
    InteractionFactory,
    TaskFactory,
    UserFactory,
)
from pocketworld.interactions.calendars import calendar, new_calendar, user_calendar
from pocketworld.interactions.choices import TaskStatus

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)
DESCRIPTION = "Send the offers:\n1. lab space, 2,000 m²; ready in May\n2. office \\ Düsseldorf"


@pytest.fixture(autouse=True)
def _today():
    # Noon in Berlin: the local and the UTC date agree.
    with time_machine.travel(datetime.datetime(2026, 11, 24, 11, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def company(japan_desk):
    return CompanyFactory(legal_name="旭化成ヨーロッパ GmbH")


@pytest.fixture
def task(japan_officer, company):
    return TaskFactory(
        title="Angebot für 山田 太郎: Übergabe",
        description=DESCRIPTION,
        due_on=datetime.date(2026, 12, 5),
        assignee=japan_officer,
        company=company,
    )


@pytest.fixture
def meeting(japan_officer, company):
    visit = InteractionFactory(
        kind="company_visit",
        subject="Besuch bei 旭化成, Werk Düsseldorf",
        occurred_on=datetime.date(2026, 11, 30),
        company=company,
        notes="Internal: budget is tight.",
    )
    visit.team_members.add(japan_officer)
    return visit


def components(data, name):
    return icalendar.Calendar.from_ical(data).walk(name)


def test_task_round_trips_through_icalendar_and_vobject(task, company):
    data = calendar("Tasks", tasks=[task]).to_ical()
    (todo,) = components(data, "VTODO")
    assert str(todo["summary"]) == "Angebot für 山田 太郎: Übergabe"
    assert str(todo["description"]) == DESCRIPTION
    assert todo.decoded("due") == datetime.date(2026, 12, 5)  # a DATE, not a time
    assert todo["due"].params["VALUE"] == "DATE"
    assert str(todo["status"]) == "NEEDS-ACTION"
    assert str(todo["url"]).endswith(company.get_absolute_url())
    stamp = todo.decoded("dtstamp")
    assert stamp.utcoffset() == datetime.timedelta(0)
    assert stamp == task.last_updated.replace(microsecond=0)

    parsed = vobject.readOne(data.decode()).vtodo
    assert parsed.summary.value == "Angebot für 山田 太郎: Übergabe"
    assert parsed.description.value == DESCRIPTION
    assert parsed.due.value == datetime.date(2026, 12, 5)
    assert parsed.uid.value == str(todo["uid"])


def test_done_task_is_completed_at_its_time_in_utc(task):
    task.status = TaskStatus.DONE
    task.save()
    (todo,) = components(calendar("Tasks", tasks=[task]).to_ical(), "VTODO")
    assert str(todo["status"]) == "COMPLETED"
    completed = todo.decoded("completed")
    assert completed.tzinfo is not None and completed.utcoffset() == datetime.timedelta(0)
    assert completed == task.completed_at.replace(microsecond=0)
    assert todo.to_ical().decode().count("COMPLETED:20261124T110000Z") == 1


def test_meeting_is_an_all_day_event_without_its_notes(meeting, company):
    data = calendar("Meetings", meetings=[meeting]).to_ical()
    (event,) = components(data, "VEVENT")
    assert str(event["summary"]) == "Besuch bei 旭化成, Werk Düsseldorf"
    assert event.decoded("dtstart") == datetime.date(2026, 11, 30)
    assert event.decoded("dtend") == datetime.date(2026, 12, 1)
    assert not isinstance(event.decoded("dtstart"), datetime.datetime)
    assert str(event["transp"]) == "TRANSPARENT"
    assert str(event["description"]) == "Company: 旭化成ヨーロッパ GmbH"
    assert "budget" not in data.decode()

    parsed = vobject.readOne(data.decode()).vevent
    assert parsed.summary.value == "Besuch bei 旭化成, Werk Düsseldorf"
    assert parsed.dtstart.value == datetime.date(2026, 11, 30)
    assert parsed.dtend.value == datetime.date(2026, 12, 1)


def test_uids_are_stable_and_distinct(task, meeting):
    first = calendar("x", tasks=[task], meetings=[meeting]).to_ical()
    again = calendar("x", tasks=[task], meetings=[meeting]).to_ical()

    def uids(data):
        return [str(c["uid"]) for c in components(data, "VTODO") + components(data, "VEVENT")]

    assert uids(first) == uids(again) and len(set(uids(first))) == 2


def test_long_lines_fold_at_75_octets_between_characters(japan_officer, company):
    title = "長い件名" * 40 + "Überprüfung"
    task = TaskFactory(title=title, assignee=japan_officer, company=company)
    data = calendar("Tasks", tasks=[task]).to_ical()
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) > 70
    for line in lines:
        assert len(line) <= 75
        line.decode()  # no UTF-8 sequence is cut in two
    assert vobject.readOne(data.decode()).vtodo.summary.value == title


def test_a_calendar_name_with_line_breaks_is_written_on_one_line():
    # The name comes from records (an event's title); a line break in it was a 500.
    written = new_calendar("Tech\r\nfestival\n 2026").to_ical().decode()
    assert "X-WR-CALNAME:Tech festival 2026\r\n" in written
    assert "NAME:Tech festival 2026\r\n" in written


def test_user_calendar_has_own_open_tasks_and_recent_meetings(
    japan_officer, india_officer, task, meeting, company
):
    TaskFactory(title="Done already", assignee=japan_officer, status=TaskStatus.DONE)
    TaskFactory(title="Someone else's", assignee=india_officer, company=company)
    old = InteractionFactory(subject="Long ago", occurred_on=TODAY - datetime.timedelta(days=31))
    call = InteractionFactory(kind="call", subject="Phone call", occurred_on=TODAY)
    not_mine = InteractionFactory(subject="Not my meeting", occurred_on=TODAY)
    recent = InteractionFactory(
        kind="meeting", subject="Last month", occurred_on=TODAY - datetime.timedelta(days=30)
    )
    for interaction in (old, call, recent):
        interaction.team_members.add(japan_officer)
    not_mine.team_members.add(india_officer)

    data = user_calendar(japan_officer).to_ical()
    assert [str(c["summary"]) for c in components(data, "VTODO")] == [task.title]
    assert [str(c["summary"]) for c in components(data, "VEVENT")] == [
        "Last month",
        meeting.subject,
    ]


def test_partner_viewer_calendar_is_empty(partner_viewer, company):
    # Tasks and interactions are internal: even one assigned by mistake stays out.
    TaskFactory(assignee=partner_viewer, company=company)
    data = user_calendar(partner_viewer).to_ical()
    assert components(data, "VTODO") == [] and components(data, "VEVENT") == []


def test_download_of_own_calendar(client, japan_officer, task, meeting):
    assert client.get("/calendar.ics").status_code == 302  # to sign in
    client.force_login(japan_officer)
    response = client.get("/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="calendar.ics"' in response["Content-Disposition"]
    cal = icalendar.Calendar.from_ical(response.content)
    assert [str(c["summary"]) for c in cal.walk("VTODO")] == [task.title]
    assert [str(c["summary"]) for c in cal.walk("VEVENT")] == [meeting.subject]


def test_task_list_export_honours_the_filters(client, japan_officer, task, company):
    TaskFactory(title="Finished", assignee=japan_officer, status=TaskStatus.DONE, company=company)
    client.force_login(japan_officer)
    listing = client.get("/tasks/?status=done").content.decode()
    assert 'href="/tasks/export.ics?status=done"' in listing

    def exported(query):
        response = client.get("/tasks/export.ics" + query)
        assert response.status_code == 200
        return sorted(str(c["summary"]) for c in components(response.content, "VTODO"))

    assert exported("") == sorted(["Finished", task.title])
    assert exported("?status=done") == ["Finished"]
    assert exported("?q=Übergabe") == [task.title]
    assert exported("?status=nonsense") == []


def test_feed_works_without_a_session_and_only_for_its_owner(
    client, japan_officer, india_officer, task, meeting, company
):
    TaskFactory(title="India's task", assignee=india_officer, company=company)
    token, key = CalendarToken.issue(japan_officer)
    response = client.get(f"/calendar/{key}.ics")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Content-Disposition" not in response
    cal = icalendar.Calendar.from_ical(response.content)
    assert [str(c["summary"]) for c in cal.walk("VTODO")] == [task.title]
    assert [str(c["summary"]) for c in cal.walk("VEVENT")] == [meeting.subject]
    # Subscribed apps are told to fetch again hourly.
    assert cal.decoded("refresh-interval") == datetime.timedelta(hours=1)
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in response.content
    token.refresh_from_db()
    assert token.last_used is not None


def test_feed_is_404_for_a_wrong_or_reset_key(client, japan_officer, task):
    _token, old_key = CalendarToken.issue(japan_officer)
    assert client.get("/calendar/not-the-key.ics").status_code == 404
    _token, new_key = CalendarToken.issue(japan_officer)
    assert client.get(f"/calendar/{old_key}.ics").status_code == 404
    response = client.get(f"/calendar/{new_key}.ics")
    assert response.status_code == 200 and task.title.encode() in response.content
    japan_officer.is_active = False
    japan_officer.save()
    assert client.get(f"/calendar/{new_key}.ics").status_code == 404


def test_feed_never_shows_more_than_its_owner_may_see(
    client, partner_viewer, japan_officer, company
):
    task = TaskFactory(title="Internal follow-up", assignee=partner_viewer, company=company)
    _token, key = CalendarToken.issue(partner_viewer)
    response = client.get(f"/calendar/{key}.ics")
    assert response.status_code == 200 and b"Internal follow-up" not in response.content
    # The same task assigned to an officer of its desk is in that officer's feed.
    task.assignee = japan_officer
    task.save()
    _token, key = CalendarToken.issue(japan_officer)
    response = client.get(f"/calendar/{key}.ics")
    assert response.status_code == 200 and b"Internal follow-up" in response.content


def test_feed_takes_only_reads(client, japan_officer):
    _token, key = CalendarToken.issue(japan_officer)
    assert client.post(f"/calendar/{key}.ics").status_code == 405


def test_another_users_token_never_leaks_their_data(client, japan_officer, task):
    other = UserFactory(username="other")
    _token, key = CalendarToken.issue(other)
    response = client.get(f"/calendar/{key}.ics")
    assert response.status_code == 200 and task.title.encode() not in response.content
    # The task's assignee finds it in their own feed.
    _token, key = CalendarToken.issue(japan_officer)
    response = client.get(f"/calendar/{key}.ics")
    assert response.status_code == 200 and task.title.encode() in response.content
