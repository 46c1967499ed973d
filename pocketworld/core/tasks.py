"""The nightly refresh of the query planner's statistics, on the Tasks framework."""

from django_tasks import task

from pocketworld.core import statistics
from pocketworld.core.schedule import queue_again_tomorrow

# When the nightly refresh runs (local time), before the first desk officer.
STATISTICS_HOUR = 4


@task()
def refresh_statistics():
    """Queue itself for the next night, then refresh the planner's statistics."""
    queue_again_tomorrow(refresh_statistics, STATISTICS_HOUR)
    return {"tables": len(statistics.refresh())}
