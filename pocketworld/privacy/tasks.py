"""The nightly retention review on the Tasks framework: the people whose retention ran out
a grace period ago and whom nobody kept longer (`retention.to_be_erased`) are erased
through the same service as an erasure on request (`erasure.erase_person`)."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from pocketworld.contacts.models import Person
from pocketworld.core.schedule import next_local_time, queue_again_tomorrow
from pocketworld.privacy.erasure import erase_person
from pocketworld.privacy.retention import describe_rule, list_due, standings, to_be_erased

logger = logging.getLogger(__name__)

# At night, before the morning digests list who is due next.
REVIEW_HOUR = 3


@dataclass
class Outcome:
    """What the review did with one person: erased (the tombstone's id), would erase (a
    dry run) or failed (the error)."""

    person_id: int
    reason: str
    erasure_id: int | None = None
    error: str = ""


def erasure_reason(standing):
    """Why the person was erased, in the installation's language, naming nothing of them."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Retention rule for %(basis)s: %(rule)s Due for review on %(day)s.") % {
            "basis": standing.rule.get_legal_basis_display(),
            "rule": describe_rule(standing.rule),
            "day": standing.due_on.isoformat(),
        }


def erase_overdue(today=None, dry_run=False):
    """Erase everyone `to_be_erased` today (with `dry_run`, only say whom); a list of
    `Outcome`. Each person in a transaction of their own, checked again under a lock, so
    that an officer's extension given meanwhile wins and one failure stops no other."""
    today = today or timezone.localdate()
    outcomes = []
    for standing in standings(to_be_erased(Person.objects.all(), today)):
        outcome = Outcome(standing.person.pk, erasure_reason(standing))
        if not dry_run:
            try:
                outcome.erasure_id = erase_if_still_overdue(standing.person, outcome.reason, today)
            except Exception as error:  # one failure stops no other erasure
                logger.exception("Retention: erasing person %s failed", standing.person.pk)
                outcome.error = str(error) or type(error).__name__
            if outcome.erasure_id is None and not outcome.error:
                continue  # kept longer or changed meanwhile
        outcomes.append(outcome)
    return outcomes


def erase_if_still_overdue(person, reason, today):
    """Erase `person` if they are still to be erased, under a lock that an extension takes
    too; the tombstone's id, or None."""
    with transaction.atomic():
        if not Person.objects.select_for_update().filter(pk=person.pk).exists():
            return None
        if not to_be_erased(Person.objects.filter(pk=person.pk), today).exists():
            return None
        return erase_person(person, erased_by=None, reason=reason, by_retention=True).pk


def next_review_time(now=None):
    return next_local_time(REVIEW_HOUR, now)


@task()
def review_retention():
    """Queue itself for the next night, then erase the overdue and list who is due for the
    morning's My day and digest. Returns how many were erased."""
    queue_again_tomorrow(review_retention, REVIEW_HOUR)
    erased = sum(1 for outcome in erase_overdue() if outcome.erasure_id)
    list_due()
    return erased
