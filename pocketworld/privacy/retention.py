"""Retention by legal basis (GDPR Art. 5(1)(e)): who is due for review, who is to be erased,
and officers keeping a person longer with a reason.

A person is kept on one legal basis, and the basis's `RetentionRule` says for how long:

- a rule with `months`: until that many calendar months after the person's **last
  activity** (`with_last_activity`), the latest of
  - the date of the latest interaction that names them (`Interaction.people`, planned ones
    included),
  - the last day of the latest event they took part in (`Participant.person`) or led as
    a delegation's leader (`Event.leader`), or of a programme item they hosted
    (`ProgrammeItem.host_person`),
  - the end of their latest ended position (a current one is no contact in itself),
  - the day their own record was last changed (`Person.last_updated`: any field of the
    person saved in a form, the API, an import or a merge; a new position, tag or
    extension does not change it);
- a rule without months: until the day the person's contract ends (`contract_ends_on`;
  required on the contract basis);
- a skilled-worker programme's candidate (kept on consent) for the months their
  programme says (`Programme.retention_months`) where it says any, else as the consent
  rule says; their last step in the programme (`Candidate.stage_changed_on`) and the day
  they left their employer count as activity too.

The day after that the person is **due for review**: listed on their desks' My day and in
the digest (from the list the nightly review makes, `list_due`), and on the review page,
where an officer may keep them longer with a reason (`extend_retention`). Unless kept,
they are **erased** by the daily `review_retention` (`erase_person`) once a further grace
period (`grace_days`) has passed: the grace period runs from the due day, from the day a
kept person's extension ended, and also from a change of their rule or of the person, so
that nobody is erased who was not listed for review for a whole grace period first.
Companies are not personal data and are kept.

The decisions are querysets, evaluated in the database: they scale to every person of the
registry and obey the policy through the queryset they are given (`people_in_care_of`).
"""

import calendar
import copy
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DateField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person, Position
from pocketworld.core import permissions
from pocketworld.core.months import add_months
from pocketworld.events.models import Event, Participant, ProgrammeItem
from pocketworld.interactions.models import Interaction
from pocketworld.privacy.models import DueForReview, RetentionExtension, RetentionRule
from pocketworld.programmes.models import Candidate, Placement, Programme

# The rules a new installation starts with; administrators change them afterwards.
# Public task (Art. 6(1)(e)) is the basis on which a public body keeps what other
# controllers keep on legitimate interest (which Art. 6(1) sentence 2 denies public
# authorities for their tasks): the same horizon of five years, one investment cycle.
DEFAULT_MONTHS = {
    LegalBasis.CONSENT: 36,
    LegalBasis.CONTRACT: None,
    LegalBasis.LEGITIMATE_INTEREST: 60,
    LegalBasis.PUBLIC_TASK: 60,
}
DEFAULT_GRACE_DAYS = 30
# An officer keeps a person at most this long from today; then the person is due again.
MAX_EXTENSION_YEARS = 3
LAST_ACTIVITY_EXPLAINED = _(
    "The last activity is the latest of: an interaction naming the person, an event they "
    "took part in or led, a visit they hosted, the end of a position they held, and the "
    "last change of their record."
)
# Stands in for "no such activity" where the latest of several dates is taken.
NO_ACTIVITY = datetime.date(1, 1, 1)


def create_default_rules(rule_model=RetentionRule):
    """Create the rule of every legal basis that has none; never changes an existing rule.
    Returns how many were created. (`rule_model`: the migration's historical model.)"""
    existing = set(rule_model.objects.values_list("legal_basis", flat=True))
    missing = [
        rule_model(legal_basis=basis, months=months, grace_days=DEFAULT_GRACE_DAYS)
        for basis, months in DEFAULT_MONTHS.items()
        if basis not in existing
    ]
    rule_model.objects.bulk_create(missing)
    return len(missing)


# --- dates -----------------------------------------------------------------------------------


def is_last_of_month(day):
    return day.day == calendar.monthrange(day.year, day.month)[1]


def latest_activity_due_by(day, months):
    """The latest last activity whose due day (`add_months(activity, months)`) has come by
    `day`: the database compares last activities with it instead of adding months."""
    earlier = add_months(day, -months)
    if is_last_of_month(day):
        # Every day after `earlier` in its month is due on `day` too (31 Jan → 28 Feb).
        return earlier.replace(day=calendar.monthrange(earlier.year, earlier.month)[1])
    return earlier


# --- the person's last activity ----------------------------------------------------------------


def latest(queryset, field):
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1], output_field=DateField())


def latest_contacts():
    """The day of a person's (`OuterRef("pk")`) latest contact of each kind, NO_ACTIVITY
    for a kind they had none of."""
    person = OuterRef("pk")
    contacts = [
        latest(
            Interaction.people.through.objects.filter(person=person), "interaction__occurred_on"
        ),
        latest(Participant._base_manager.filter(person=person), "event__ends_on"),
        latest(Event._base_manager.filter(leader=person), "ends_on"),
        Subquery(
            ProgrammeItem._base_manager.filter(host_person=person)
            .order_by("-ends_at")
            .annotate(day=TruncDate("ends_at"))
            .values("day")[:1],
            output_field=DateField(),
        ),
        latest(Position._base_manager.filter(person=person, ended_on__isnull=False), "ended_on"),
        latest(Candidate._base_manager.filter(person=person), "stage_changed_on"),
        latest(
            Placement._base_manager.filter(candidate__person=person, ended_on__isnull=False),
            "ended_on",
        ),
    ]
    # Greatest() is NULL on SQLite if any argument is: a missing contact counts as none.
    return [Coalesce(contact, Value(NO_ACTIVITY)) for contact in contacts]


def with_last_activity(people):
    """`people` annotated with `last_activity` (see the module's docstring for what counts).

    The relations are read without the policy: what decides how long a person is kept is
    every contact with them, also one the reader may not see.
    """
    return people.annotate(
        last_activity=Greatest(
            *latest_contacts(), TruncDate("last_updated"), output_field=DateField()
        ),
        programme_months=F(PROGRAMME_MONTHS),
    )


def never_contacted(people):
    """Those of `people` whose last activity is the last change of their record alone."""
    return people.alias(last_contact=Greatest(*latest_contacts(), output_field=DateField())).filter(
        last_contact=NO_ACTIVITY
    )


# --- the decisions ---------------------------------------------------------------------------


def rules():
    """{legal basis: RetentionRule}; a basis without a rule keeps its people until erased
    on request."""
    return {rule.legal_basis: rule for rule in RetentionRule.objects.all()}


# The months a candidate's programme keeps them, from their person record.
PROGRAMME_MONTHS = "candidacy__cohort__programme__retention_months"


def rules_in_force():
    """(rule, months of a programme or None) of every rule: the rule of each basis for
    the people it keeps, and the consent rule again for the candidates of each programme
    that keeps them for months of its own."""
    by_basis = rules()
    found = [(rule, None) for rule in by_basis.values()]
    consent = by_basis.get(LegalBasis.CONSENT)
    if consent is not None:
        kept = Programme.objects.exclude(retention_months=None).values_list(
            "retention_months", flat=True
        )
        found += [(consent, months) for months in sorted(set(kept))]
    return found


def came_due_by(day, rule, programme_months=None):
    """The condition under which a person of `rule`'s basis (a candidate of a programme
    that keeps them `programme_months`) is due on `day` (ignoring extensions), on people
    annotated by `with_last_activity`."""
    condition = Q(legal_basis=rule.legal_basis)
    if rule.legal_basis == LegalBasis.CONSENT:
        condition &= (
            Q(programme_months=programme_months)
            if programme_months
            else Q(programme_months__isnull=True)
        )
    months = programme_months or rule.months
    if months is None:
        return condition & Q(contract_ends_on__lt=day)
    latest = latest_activity_due_by(day, months)
    # The last activity is never before the record's last change: that cheap comparison
    # spares the database the activity subqueries of everyone changed since.
    return condition & Q(last_updated__date__lte=latest) & Q(last_activity__lte=latest)


def kept_on(day):
    """An extension keeps the person on `day`."""
    return Exists(RetentionExtension.objects.filter(person=OuterRef("pk"), until__gte=day))


def due_for_review(people, today=None):
    """Those of `people` whose rule's time is up and whom no extension keeps today, with
    their `last_activity`; the longest without activity first."""
    today = today or timezone.localdate()
    condition = Q(pk__in=[])
    for rule, programme_months in rules_in_force():
        condition |= came_due_by(today, rule, programme_months)
    return (
        with_last_activity(people)
        .filter(condition)
        .exclude(kept_on(today))
        .order_by("last_activity", "pk")
    )


def to_be_erased(people, today=None):
    """Those of `people` due for review for a whole grace period: due on the day the grace
    period began, neither their rule nor they themselves changed since, nor kept by an
    extension on that day."""
    today = today or timezone.localdate()
    condition = Q(pk__in=[])
    for rule, programme_months in rules_in_force():
        began = today - datetime.timedelta(days=rule.grace_days)
        if timezone.localdate(rule.last_updated) > began:
            continue  # a changed rule lists its people for a grace period first
        condition |= (
            came_due_by(began, rule, programme_months)
            & Q(last_updated__date__lte=began)
            & ~kept_on(began)
        )
    return with_last_activity(people).filter(condition).order_by("last_activity", "pk")


def list_due(today=None):
    """Replace the list of people due for review (`DueForReview`) by those due `today`,
    with their last activity; returns how many. The nightly review makes it, so that My day
    and the digest need not work out the last activity of every person of a desk on each
    request."""
    today = today or timezone.localdate()
    due = list(due_for_review(Person.objects.all(), today).values_list("pk", "last_activity"))
    with transaction.atomic():
        DueForReview.objects.all().delete()
        DueForReview.objects.bulk_create(
            [
                DueForReview(person_id=pk, listed_on=today, last_activity=last_activity)
                for pk, last_activity in due
            ],
            batch_size=1000,
        )
        file_under_desks(DueForReview.objects.all())
    return len(due)


def file_under_desks(listed):
    """Record the desks each of the `listed` people belongs to now, by a person's desk
    lookups (their own desk, their companies' desks)."""
    through = DueForReview.desks.through
    pairs = set()
    for lookup in Person.access.desk_lookups:
        pairs |= set(
            Person.objects.filter(pk__in=listed.values("person_id"))
            .filter(**{f"{lookup}__isnull": False})
            .values_list("pk", lookup)
        )
    through.objects.bulk_create(
        [through(dueforreview_id=person, desk_id=desk) for person, desk in pairs],
        batch_size=1000,
        ignore_conflicts=True,
    )


def people_in_care_of(user):
    """The people whose retention `user` reviews: those of the user's desks (of all desks
    for directors and administrators); none for a partner viewer."""
    return Person.objects.visible_to(user).filter(pk__in=Person.objects.editable_by(user))


def of_own_desks(user, to_person=""):
    """The condition that a person (reached from the model through `to_person`, e.g.
    "person__") belongs to a desk `user` is a member of, by the policy's desk lookups of a
    person: a member of a desk reads and changes its people, so the desks alone decide,
    without the policy's wider subqueries."""
    return permissions.of_desks(Person, list(permissions.desk_roles(user)), to_person)


def with_listed_activity(people):
    """`people` with their `last_activity` as the nightly list has it."""
    return people.annotate(last_activity=F("due_for_review__last_activity"))


def listed_due_of_own_desks(user, today=None):
    """The people of `user`'s desks on the nightly list (My day and the digest list them),
    with their `last_activity` as the list has it, the longest without activity first.
    Who was kept longer, whose record changed or who was met since the list was made is
    off it at once; other contacts since, and who came due since, wait for the next night.
    The query starts from the desks' entries on the list, so it costs what they hold; a
    person who left the user's desks since is off it at once, one who joined them waits
    for the next night."""
    if not permissions.may_read_personal_data(user):
        return Person.objects.none()
    today = today or timezone.localdate()
    listed = (
        DueForReview.objects.filter(desks__in=list(permissions.desk_roles(user)))
        .filter(of_own_desks(user, "person__"))
        .values("person_id")
    )
    met_since = Interaction.people.through.objects.filter(
        person=OuterRef("pk"), interaction__occurred_on__gt=OuterRef("last_activity")
    )
    return (
        with_listed_activity(Person.objects.filter(pk__in=listed))
        .exclude(kept_on(today))
        .exclude(last_updated__date__gt=F("last_activity"))
        .exclude(Exists(met_since))
        .order_by("last_activity", "pk")
    )


def extendable_by(people, user):
    """Those of `people` whom `user` may keep longer: keeping a person decides against
    erasing them, so it is for those who may delete them (heads and officers of their
    desks, directors, administrators)."""
    return people.filter(pk__in=Person.objects.deletable_by(user).values("pk"))


# --- one person's standing -----------------------------------------------------------------


@dataclass
class Standing:
    """Where a person stands with their rule: when they were due, when they will be erased,
    and the extension that kept them last."""

    person: Person
    rule: RetentionRule | None
    last_activity: datetime.date | None
    due_on: datetime.date | None
    erased_on: datetime.date | None
    extension: RetentionExtension | None

    @property
    def kept_until(self):
        return self.extension.until if self.extension else None


def due_day(person, rule, last_activity):
    """The day the person's rule makes them due for review, or None if it never does."""
    if rule is None:
        return None
    if rule.months is None:
        ends = person.contract_ends_on
        return ends + datetime.timedelta(days=1) if ends else None
    return add_months(last_activity, rule.months)


def standings(people):
    """The `Standing` of each of `people` (annotated by `with_last_activity`), with two
    queries whatever their number."""
    people = list(people)
    by_basis = rules()
    extensions = {}
    for extension in RetentionExtension.objects.filter(person__in=people).select_related(
        "extended_by"
    ):
        current = extensions.get(extension.person_id)
        if current is None or (extension.until, extension.pk) > (current.until, current.pk):
            extensions[extension.person_id] = extension
    result = []
    for person in people:
        rule = by_basis.get(person.legal_basis)
        months = getattr(person, "programme_months", None)
        if months and rule is not None and rule.legal_basis == LegalBasis.CONSENT:
            rule = copy.copy(rule)  # the consent rule with their programme's months
            rule.months = months
        extension = extensions.get(person.pk)
        due_on = due_day(person, rule, person.last_activity)
        erased_on = None
        if due_on is not None:
            listed_from = max(
                due_on,
                timezone.localdate(rule.last_updated),
                timezone.localdate(person.last_updated),
            )
            if extension is not None:
                listed_from = max(listed_from, extension.until + datetime.timedelta(days=1))
            erased_on = listed_from + datetime.timedelta(days=rule.grace_days)
        result.append(Standing(person, rule, person.last_activity, due_on, erased_on, extension))
    return result


def describe_rule(rule):
    """The rule in a sentence, for pages, the record of processing and erasure reasons."""
    if rule is None:
        return _("No rule: kept until erased on request.")
    grace = ngettext(
        "erased %(days)d day after that unless kept longer",
        "erased %(days)d days after that unless kept longer",
        rule.grace_days,
    ) % {"days": rule.grace_days}
    if rule.months is None:
        return _("Due for review the day after the contract ends; %(grace)s.") % {"grace": grace}
    return ngettext(
        "Due for review %(months)d month after the last activity; %(grace)s.",
        "Due for review %(months)d months after the last activity; %(grace)s.",
        rule.months,
    ) % {"months": rule.months, "grace": grace}


# --- keeping a person longer -------------------------------------------------------------------


def latest_extension_day(today=None):
    today = today or timezone.localdate()
    return add_months(today, 12 * MAX_EXTENSION_YEARS)


def extend_retention(person, until, reason, user, today=None):
    """Keep `person` until `until` (inclusive) for `reason`: by `user`, who must be allowed
    to delete the person (`extendable_by`). The day must lie after today and at most
    MAX_EXTENSION_YEARS ahead; the reason is required. Returns the `RetentionExtension`."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    errors = {}
    if until is None:
        errors["until"] = _("Give the day until which the person is kept.")
    elif until <= today:
        errors["until"] = _("The day must lie in the future.")
    elif until > latest_extension_day(today):
        errors["until"] = ngettext(
            "A person is kept at most %(years)d year ahead: until %(day)s.",
            "A person is kept at most %(years)d years ahead: until %(day)s.",
            MAX_EXTENSION_YEARS,
        ) % {"years": MAX_EXTENSION_YEARS, "day": latest_extension_day(today).isoformat()}
    if not reason:
        errors["reason"] = _("Say why the person is kept longer.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Locked, so that the nightly erasure and this decision do not cross.
        if not extendable_by(Person.objects.filter(pk=person.pk), user).select_for_update():
            raise PermissionDenied(_("You may not keep this person longer."))
        return RetentionExtension.objects.create(
            person=person, until=until, reason=reason, extended_by=user
        )
