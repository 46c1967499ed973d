"""Reading the news sources in the background, on the Tasks framework (django-tasks,
Django 6 API): every few minutes the sources that are due, each on its own schedule."""

import datetime

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

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
    if fetch_due_feeds.get_backend().supports_defer:
        fetch_due_feeds.using(run_after=timezone.now() + PASS_EVERY).enqueue()
    return len(services.fetch_due())


def schedule_passes():
    """Queue the passes over the sources, unless one waits in the worker's queue already;
    the time it runs, or None."""
    waiting = DBTaskResult.objects.filter(
        task_path=fetch_due_feeds.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return None
    at = timezone.now()
    fetch_due_feeds.using(run_after=at).enqueue()
    return at
