"""Background work of events, on the Tasks framework (django-tasks, Django 6 API)."""

from django_tasks import task

from pocketworld.events.models import Participant
from pocketworld.events.services import send_invitation


@task()
def send_invitations(participant_ids):
    """Invite each participant by e-mail; returns how many were sent."""
    participants = Participant.objects.filter(pk__in=participant_ids).select_related(
        "event", "person", "company"
    )
    return sum(send_invitation(participant) for participant in participants)
