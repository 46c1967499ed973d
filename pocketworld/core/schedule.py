"""Daily background work on the Tasks framework: when it runs next, queuing it once, and
queuing it again for the next day."""

import datetime

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def next_local_time(hour, now=None):
    """The next `hour` o'clock local time after `now`."""
    now = timezone.localtime(now)
    at = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return at if at > now else at + datetime.timedelta(days=1)


def queue_once(task, at):
    """Queue `task` to run at `at`, unless a run of it waits in the database worker's queue
    already; the time it was queued for, or None."""
    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)
    if waiting.exists():
        return None
    task.using(run_after=at).enqueue()
    return at


def queue_daily(task, hour):
    """Queue `task` for the next `hour` o'clock, unless a run of it waits already."""
    return queue_once(task, next_local_time(hour))


def queue_again_after(task, interval):
    """A task that runs every `interval` queues its next run first, so that a failing pass
    stops no later one (where the backend can defer)."""
    if task.get_backend().supports_defer:
        task.using(run_after=timezone.now() + interval).enqueue()


def queue_daily_saying(task, hour, what):
    """Queue as `queue_daily` does, and say so in a line for a command's `--schedule`."""
    at = queue_daily(task, hour)
    if at is None:
        return f"{what} is queued already."
    return f"{what} is queued for {at:%Y-%m-%d %H:%M}."


def queue_again_tomorrow(task, hour):
    """A daily task queues its next run first, so that a failing day stops no later one;
    only where the backend can defer (the database worker can, the tests' immediate
    backend not)."""
    if task.get_backend().supports_defer:
        task.using(run_after=next_local_time(hour)).enqueue()
