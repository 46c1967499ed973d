"""Background work of events, on the Tasks framework (django-tasks, Django 6 API)."""

from django.db import transaction
from django_tasks import task

from pocketworld.events import services
from pocketworld.events.models import Event, Participant
from pocketworld.events.services import send_invitation


@task()
def send_invitations(participant_ids):
    """Invite each participant by e-mail; returns how many were sent."""
    participants = Participant.objects.filter(pk__in=participant_ids).select_related(
        "event", "person", "company"
    )
    return sum(send_invitation(participant) for participant in participants)


def suggest_later(event):
    """Have the worker compute the event's suggestions once this is committed, unless a run
    is queued or running already: the new run, or None. The sentence encoder then loads in
    the worker, never in a web worker."""
    run = services.queue_matchmaking(event)
    if run is not None:
        transaction.on_commit(lambda: suggest_matches.enqueue(event.pk))
    return run


@task()
def suggest_matches(event_id):
    """Compute an event's suggestions as its matchmaking run; returns how many the event
    has (None for an event deleted meanwhile)."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return None
    return services.run_matchmaking(event)
