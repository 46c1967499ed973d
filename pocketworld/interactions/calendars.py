"""Tasks and meetings as iCalendar (RFC 5545), for calendar apps.

A task is a VTODO, a meeting or visit a VEVENT. pocketworld records only their dates, so
both are all-day (DATE values, which no time zone can shift); the timestamps (DTSTAMP,
CREATED, LAST-MODIFIED, COMPLETED) are in UTC. The notes of an interaction stay out: they
are the desk's internal record, and a subscribed calendar may live with an outside provider.
"""

import datetime
import uuid

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Todo, vDuration

from pocketworld.interactions.choices import InteractionKind, TaskStatus
from pocketworld.interactions.models import Interaction, Task

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODUCT_ID = "-//pocketworld//tasks and meetings//EN"
# The kinds of interaction that take place on a day, unlike calls and e-mails.
MEETING_KINDS = (
    InteractionKind.MEETING,
    InteractionKind.COMPANY_VISIT,
    InteractionKind.AFTERCARE_VISIT,
    InteractionKind.EVENT_MEETING,
    InteractionKind.DELEGATION_VISIT,
)
TODO_STATUSES = {
    TaskStatus.OPEN: "NEEDS-ACTION",
    TaskStatus.DONE: "COMPLETED",
    TaskStatus.CANCELLED: "CANCELLED",
}
# A user's calendar shows meetings from this many days back; older ones are history.
MEETINGS_DAYS_BACK = 30
# How often subscribed calendar apps should fetch the feed again.
REFRESH_INTERVAL = datetime.timedelta(hours=1)


def stable_uid(path):
    """A UID that stays the same however often what lives at `path` is exported."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, settings.SITE_URL + path))


def record_uid(record):
    return stable_uid(record.get_absolute_url())


def link(record):
    """The page a calendar entry links to: its company's, else its own."""
    target = record.company if record.company_id else record
    return settings.SITE_URL + target.get_absolute_url()


def add_timestamps(component, record):
    utc = datetime.UTC
    component.add("dtstamp", record.last_updated.astimezone(utc))
    component.add("created", record.created.astimezone(utc))
    component.add("last-modified", record.last_updated.astimezone(utc))


def task_todo(task):
    """The task as a VTODO, due on its day."""
    todo = Todo()
    todo.add("uid", record_uid(task))
    add_timestamps(todo, task)
    todo.add("summary", task.title)
    if task.description:
        todo.add("description", task.description)
    todo.add("due", task.due_on)
    todo.add("status", TODO_STATUSES[task.status])
    if task.completed_at:
        todo.add("completed", task.completed_at.astimezone(datetime.UTC))
    todo.add("url", link(task))
    return todo


def meeting_event(interaction):
    """The meeting or visit as an all-day VEVENT on its date."""
    event = Event()
    event.add("uid", record_uid(interaction))
    add_timestamps(event, interaction)
    event.add("summary", interaction.subject)
    event.add("dtstart", interaction.occurred_on)
    event.add("dtend", interaction.occurred_on + datetime.timedelta(days=1))
    # Only the day is known: the entry must not mark the whole day busy.
    event.add("transp", "TRANSPARENT")
    event.add("categories", [interaction.get_kind_display()])
    lines = []
    if interaction.company_id:
        lines.append(_("Company: %(company)s") % {"company": interaction.company})
    if interaction.project_id:
        lines.append(_("Project: %(project)s") % {"project": interaction.project})
    if lines:
        event.add("description", "\n".join(lines))
    event.add("url", link(interaction))
    return event


def new_calendar(name, product_id=PRODUCT_ID):
    """An empty calendar named `name`, on one line: icalendar writes the name properties
    unescaped, and refuses a line break in them (an event's title may hold one)."""
    name = " ".join(str(name).split())
    result = Calendar()
    result.add("prodid", product_id)
    result.add("version", "2.0")
    result.add("calscale", "GREGORIAN")
    result.add("name", name)
    result.add("x-wr-calname", name)  # the name most calendar apps read
    return result


def calendar(name, tasks=(), meetings=()):
    """A calendar named `name` with the given tasks and meetings, to subscribe to."""
    result = new_calendar(name)
    result.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    # An X- property has no known type: the duration must be typed here.
    result.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    for task in tasks:
        result.add_component(task_todo(task))
    for interaction in meetings:
        result.add_component(meeting_event(interaction))
    return result


def user_calendar(user, today=None):
    """The user's open tasks and their meetings from 30 days back on, as far as they may
    see them."""
    today = today or timezone.localdate()
    tasks = (
        Task.objects.visible_to(user)
        .filter(assignee=user, status=TaskStatus.OPEN)
        .select_related("company")
    )
    meetings = (
        Interaction.objects.visible_to(user)
        .filter(
            team_members=user,
            kind__in=MEETING_KINDS,
            occurred_on__gte=today - datetime.timedelta(days=MEETINGS_DAYS_BACK),
        )
        .select_related("company", "project")
        .order_by("occurred_on", "pk")
    )
    name = _("pocketworld: %(user)s") % {"user": user}
    return calendar(name, tasks, meetings)
