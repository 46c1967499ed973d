"""Reading the news sources in the background, on the Tasks framework (django-tasks,
Django 6 API): every few minutes the sources that are due, each on its own schedule."""

import datetime

from django.utils import timezone
from django_tasks import task

from pocketworld.core.schedule import queue_again_after, queue_once
from pocketworld.monitoring import services
from pocketworld.monitoring.models import Feed

# How often the worker looks for sources that are due.
PASS_EVERY = datetime.timedelta(minutes=5)


@task()
def fetch_feed(feed_id):
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return None
    outcome = services.fetch_feed(feed)
    return {"new": outcome.new, "known": outcome.known, "error": outcome.error}


@task()
def fetch_due_feeds():
    """Read the sources that are due, having queued the next pass first, so that a failing
    pass stops no later one."""
    queue_again_after(fetch_due_feeds, PASS_EVERY)
    return len(services.fetch_due())


def schedule_passes():
    """Queue the passes now, unless one waits already; the time it runs, or None."""
    return queue_once(fetch_due_feeds, timezone.now())
