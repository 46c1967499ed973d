"""Writing the world's rows in bulk, and the weights and days they are drawn from."""

import datetime
import itertools

from bench.populate.parameters import YEARS


def insert(model, attnames, rows):
    """Write `rows` (tuples in the order of `attnames`, a space-separated string) into the
    table of `model`, by COPY or executemany; returns the count. Values are given as the
    database reads them: dates and UTC timestamps as ISO text, JSON as text."""
    from pocketworld.core.bulk import insert_rows

    return insert_rows(model, attnames.split(), rows)


def reset_sequences(models):
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def weighted(choices):
    """(values, cumulative weights) for `random.choices`."""
    values = [value for value, _weight in choices]
    return values, list(itertools.accumulate(weight for _value, weight in choices))


def power_law(count, offset):
    """Cumulative weights 1/(rank + offset): a few ranks get most, the long tail little."""
    return list(itertools.accumulate(1.0 / (rank + offset) for rank in range(count)))


class Clock:
    """Days of the benchmark's five years as text, and UTC moments within them.

    Everything hangs on today's date, not the time of day: the same seed on the same day
    gives the same rows.
    """

    def __init__(self, today):
        self.today = YEARS * 365  # day offset of today
        start_date = today - datetime.timedelta(days=self.today)
        self.start = datetime.datetime.combine(start_date, datetime.time.min, datetime.UTC)
        # Moments stay a few hours before today's midnight (UTC), so never in the future.
        self.latest = self.today - 0.125
        self.days = [
            (start_date + datetime.timedelta(days=day)).isoformat()
            for day in range(self.today + 400)
        ]

    def moment(self, offset):
        """UTC timestamp text for a float day offset."""
        day = int(offset)
        seconds = int((offset - day) * 86400)
        return f"{self.days[day]} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"

    def working_moment(self, day, rng):
        return f"{self.days[day]} {rng.randint(7, 16):02d}:{rng.randint(0, 59):02d}:00"
