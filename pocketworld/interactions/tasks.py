"""Background work of the desks' day, on the Tasks framework (django-tasks, Django 6 API)."""

import datetime

from django.utils import timezone
from django_tasks import task

from pocketworld.accounts.models import User
from pocketworld.interactions.services import send_digest

DIGEST_HOUR = 7


@task()
def send_daily_digest(user_id):
    user = User.objects.filter(pk=user_id).first()
    return bool(user) and send_digest(user)


def next_digest_time(now=None):
    """The next 07:00 local time after `now`."""
    now = timezone.localtime(now)
    at = now.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return at if at > now else at + datetime.timedelta(days=1)


@task()
def send_daily_digests():
    """Queue one digest per user who wants it, then queue itself for the next morning
    (where the backend can defer: the database worker can, the immediate test backend not)."""
    recipients = User.objects.filter(is_active=True, receives_digest=True).exclude(email="")
    for user_id in recipients.values_list("pk", flat=True):
        send_daily_digest.enqueue(user_id)
    if send_daily_digests.get_backend().supports_defer:
        send_daily_digests.using(run_after=next_digest_time()).enqueue()
