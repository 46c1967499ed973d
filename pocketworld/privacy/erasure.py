"""Erasing a person for good (GDPR Art. 17): one service that the pages, the API, the
`erase_person` command and the retention review all call.

As pretix's shredder does, erasure goes through every place the person appears, here the
footprint (`footprint.places()`), in one transaction: their record and positions go with
their history, they leave the interactions (which stay) and events, their strings are
replaced by a marker in every text and JSON column, history tables, change-set snapshots,
import rows and imported files included, and the search index forgets them. What is kept
is a tombstone (`Erasure`): when, by whom, on which request, and how many rows each place
lost; nothing that identifies the person.

Erased data must not stay readable in the database's files either:

- SQLite: every connection runs with `PRAGMA secure_delete=ON` (`settings.DATABASES`), so
  what a delete or an update frees is overwritten with zeros; after the commit a WAL
  checkpoint (TRUNCATE) writes the pages into the database file and empties the log.
- PostgreSQL: the rows are gone from every table; old row versions stay in the table files
  until their space is reused or `VACUUM FULL` rewrites the table, which is the database
  administrator's routine. A backup made after the erasure (pg_dump) holds nothing of the
  person; older backups do until they expire.

Access exports are made on request and not stored: no file on disk holds the person.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pocketworld.contacts.models import Person
from pocketworld.core.audit import announce
from pocketworld.privacy.footprint import Erasing, places, subject_of
from pocketworld.privacy.models import Erasure

logger = logging.getLogger(__name__)

# What stands where a person's name, e-mail or phone number was.
ERASED_MARKER = pgettext_lazy("erased personal data", "[erased]")


def check_reason(reason, subject=None):
    """The reason is kept for good: it must be given, and must not name the person."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the reason: the request and its reference.")}, code="required"
        )
    if subject is not None and subject.traces.found_in(reason):
        raise ValidationError(
            {
                "reason": _(
                    "The reason is kept after the erasure: give the request's reference, "
                    "not the person's name, e-mail or phone number."
                )
            },
            code="names_the_person",
        )
    return reason


def erase_person(person, *, erased_by, reason, by_retention=False) -> Erasure:
    """Erase `person` everywhere, in one transaction; returns the tombstone.

    Raises ValidationError (at "reason") for a missing reason or one that names the
    person, and Person.DoesNotExist when someone erased or deleted them meanwhile. Who may
    is the caller's to check (`permissions.may_erase`)."""
    reason = check_reason(reason)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        subject = subject_of(person)
        reason = check_reason(reason, subject)
        # Before the person is gone; the audit log keeps their ids, never their name.
        announce(
            "person_erased",
            user=erased_by,
            target=person,
            people=sorted(subject.ids),
            by_retention=by_retention,
        )
        erasing = Erasing(subject, marker=str(ERASED_MARKER))
        removed = {}
        for place in places():
            count = place.erase(erasing)
            if count:
                removed[place.key] = count
        erasure = Erasure.objects.create(
            erased_by=erased_by,
            reason=reason,
            by_retention=by_retention,
            removed=removed,
            former_ids=sorted(subject.ids),
        )
        transaction.on_commit(checkpoint)
    return erasure


def replay_erasures():
    """Erase again the people an older backup brought back: everyone a tombstone names by
    a former id who exists again. Returns [(tombstone, the new tombstone)]."""
    replayed = []
    for erasure in Erasure.objects.exclude(former_ids=[]).order_by("erased_at", "pk"):
        for person in Person.objects.filter(pk__in=erasure.former_ids).order_by("pk"):
            with translation.override(settings.LANGUAGE_CODE):
                reason = _("Erased again after a restore: erasure %(id)d of %(date)s.") % {
                    "id": erasure.pk,
                    "date": erasure.erased_at.date().isoformat(),
                }
            again = erase_person(
                person, erased_by=None, reason=reason, by_retention=erasure.by_retention
            )
            replayed.append((erasure, again))
    return replayed


def erasure_preview(person):
    """[(place, rows)] of what erasing `person` would remove or rewrite, place by place."""
    subject = subject_of(person)
    found = [(place, place.count(subject)) for place in places()]
    return [(place, count) for place, count in found if count]


def checkpoint():
    """SQLite: write the log's pages into the database file and empty the log, so that no
    earlier version of an erased page stays in the write-ahead log. Outside a transaction
    only (a test's transaction never ends); a checkpoint another connection blocks is
    completed by the next one SQLite makes on its own."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy = cursor.fetchone()[0]
    except DatabaseError:
        busy = True
    if busy:
        logger.warning("The WAL checkpoint after an erasure was blocked by another connection.")
