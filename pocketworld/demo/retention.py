"""A few people due for review on each desk, so that My day, the digest and the review page
show what retention does: the first two people of each desk whom nobody contacted, as if
their record had last changed long ago. Dated from the day the demo is loaded, like the
tasks, and within the grace period, so that the nightly review lists them and erases no
one."""

import datetime

from pocketworld.contacts.models import Person
from pocketworld.demo.dates import at
from pocketworld.privacy.retention import add_months, list_due, never_contacted, rules

# Days ago on which each desk's people came due (the grace period is 30 days by default).
DUE_DAYS_AGO = (4, 12)


def build_due_for_review(today):
    """Date back the record of each desk's first quiet people; returns how many are listed
    as due for review today."""
    months = {basis: rule.months for basis, rule in rules().items() if rule.months}
    quiet = never_contacted(
        Person.objects.filter(legal_basis__in=months, desk__isnull=False)
    ).order_by("desk_id", "pk")
    chosen = {}
    for person in quiet:
        chosen.setdefault(person.desk_id, [])
        if len(chosen[person.desk_id]) < len(DUE_DAYS_AGO):
            chosen[person.desk_id].append(person)
    for people in chosen.values():
        for person, days_ago in zip(people, DUE_DAYS_AGO, strict=False):
            due_on = today - datetime.timedelta(days=days_ago)
            changed = add_months(due_on, -months[person.legal_basis])
            Person.objects.filter(pk=person.pk).update(last_updated=at(changed))
    return list_due(today)
