"""Background work of the desks' day, on the Tasks framework (django-tasks, Django 6 API)."""

from django_tasks import task

from pocketworld.accounts.models import User
from pocketworld.core.schedule import next_local_time, queue_again_tomorrow
from pocketworld.interactions.services import send_digest

DIGEST_HOUR = 7


@task()
def send_daily_digest(user_id):
    user = User.objects.filter(pk=user_id).first()
    return bool(user) and send_digest(user)


def next_digest_time(now=None):
    return next_local_time(DIGEST_HOUR, now)


@task()
def send_daily_digests():
    """Queue one digest per user who wants it, then queue itself for the next morning."""
    recipients = User.objects.filter(is_active=True, receives_digest=True).exclude(email="")
    for user_id in recipients.values_list("pk", flat=True):
        send_daily_digest.enqueue(user_id)
    queue_again_tomorrow(send_daily_digests, DIGEST_HOUR)
