"""What participants take home: a participant's agenda of meetings and a delegation's
programme, as PDF (`core.pdf`, fonts of any script) and as iCalendar (timed events in UTC).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event as CalendarEvent

from pocketworld.core.pdf import render_pdf
from pocketworld.events import services
from pocketworld.events.models import ProgrammeItem
from pocketworld.interactions.calendars import new_calendar, stable_uid

PRODUCT_ID = "-//pocketworld//events//EN"


def timed_event(uid_path, summary, start, end, location="", description="", stamp=None):
    component = CalendarEvent()
    component.add("uid", stable_uid(uid_path))
    component.add("summary", summary)
    component.add("dtstart", start.astimezone(datetime.UTC))
    component.add("dtend", end.astimezone(datetime.UTC))
    component.add("dtstamp", (stamp or timezone.now()).astimezone(datetime.UTC))
    if location:
        component.add("location", location)
    if description:
        component.add("description", description)
    return component


def programme_of(event, user):
    """The event's programme with its hosts, in order, as the user may read it."""
    return (
        ProgrammeItem.objects.visible_to(user)
        .filter(event=event)
        .select_related("host_company", "host_partner", "host_person")
    )


def agenda_context(participant):
    event = participant.event
    return {
        "event": event,
        "participant": participant,
        "rows": services.agenda(participant),
        "made_on": timezone.localdate(),
    }


def agenda_calendar(participant):
    """The participant's meetings as timed events (an event without a start time gives
    an empty calendar: there is nothing to put in one)."""
    event = participant.event
    calendar = new_calendar(
        _("%(event)s: agenda of %(participant)s")
        % {
            "event": event,
            "participant": participant,
        }
    )
    place = ", ".join(str(part) for part in (event.venue, event.municipality) if part)
    for meeting, partner, start, end in services.agenda(participant):
        if start is None:
            continue
        calendar.add_component(
            timed_event(
                f"/events/meetings/{meeting.pk}",
                _("Meeting with %(partner)s") % {"partner": partner},
                start,
                end,
                location=(_("Table %(table)d") % {"table": meeting.table})
                + (f", {place}" if place else ""),
                stamp=meeting.last_updated,
            )
        )
    return calendar


def programme_calendar(event, user):
    calendar = new_calendar(_("Programme: %(event)s") % {"event": event}, PRODUCT_ID)
    for item in programme_of(event, user):
        host = item.host_company or item.host_partner
        calendar.add_component(
            timed_event(
                f"/events/programme-items/{item.pk}",
                item.title,
                item.starts_at,
                item.ends_at,
                location=item.place,
                description=str(host) if host else "",
                stamp=item.last_updated,
            )
        )
    return calendar


def agenda_pdf(participant, language):
    return render_pdf("events/agenda_print.html", agenda_context(participant), language)


def programme_pdf(event, language, user):
    context = {
        "event": event,
        "programme": programme_of(event, user),
        "made_on": timezone.localdate(),
    }
    return render_pdf("events/programme_print.html", context, language)
