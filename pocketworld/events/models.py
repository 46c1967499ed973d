"""Events the desks run or attend, who takes part, a delegation's programme, and the
matchmaking of an event: profiles, suggested pairs and the meetings planned from them.

An event belongs to its desks; everything of an event is seen and changed by whoever may
see and change the event.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pocketworld.core.models import PrimaryModel, TimestampedModel
from pocketworld.core.permissions import AccessRule
from pocketworld.core.querysets import PolicyManager
from pocketworld.events.choices import (
    EventKind,
    MatchmakingRunStatus,
    MeetingOutcome,
    MeetingStatus,
    ParticipantRole,
    RegistrationStatus,
    StartupStage,
    SuggestionStatus,
)

# A matchmaking day's bounds, far above real days (a day of 15-minute slots has 96) and
# low enough that planning one stays quick: the slots and tables drive the solver's work.
MAX_SLOTS = 96
MAX_TABLES = 500
MIN_SLOT_MINUTES, MAX_SLOT_MINUTES = 5, 240
# A matchmaking run still queued or running this long after it was queued is taken for
# lost (its worker stopped): far beyond a run's seconds, and another run may start.
MATCHMAKING_RUN_LOST_AFTER = datetime.timedelta(hours=1)
MATCHMAKING_IN_PROGRESS = (MatchmakingRunStatus.QUEUED, MatchmakingRunStatus.RUNNING)


class Event(PrimaryModel):
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality in the region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("Where it takes place."),
    )
    desks = models.ManyToManyField("desks.Desk", verbose_name=_("desks"), related_name="events")
    partners = models.ManyToManyField(
        "companies.PartnerOrganisation",
        verbose_name=_("partners"),
        blank=True,
        related_name="events",
    )
    focus_areas = models.ManyToManyField(
        "core.FocusArea", verbose_name=_("focus areas"), blank=True, related_name="events"
    )
    budget = models.DecimalField(
        _("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    # A delegation: the visiting group (its members are participants with role delegate).
    origin_country = models.ForeignKey(
        "core.Country",
        verbose_name=_("delegation from country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    origin_region = models.CharField(_("delegation from region"), max_length=100, blank=True)
    leader = models.ForeignKey(
        "contacts.Person",
        verbose_name=_("leader of the delegation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_events",
    )
    # A matchmaking day: meetings of `slot_minutes` from `first_slot_at` at `tables` tables.
    first_slot_at = models.TimeField(_("first meeting at"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per meeting"),
        default=20,
        validators=[MinValueValidator(MIN_SLOT_MINUTES), MaxValueValidator(MAX_SLOT_MINUTES)],
    )
    slots = models.PositiveSmallIntegerField(
        _("meeting slots"), default=0, validators=[MaxValueValidator(MAX_SLOTS)]
    )
    breaks = models.JSONField(
        _("breaks"), default=list, blank=True, help_text=_("Slots without meetings, from 1.")
    )
    tables = models.PositiveSmallIntegerField(
        _("tables"), default=0, validators=[MaxValueValidator(MAX_TABLES)]
    )
    max_meetings = models.PositiveSmallIntegerField(
        _("meetings per participant at most"),
        default=8,
        validators=[MaxValueValidator(MAX_SLOTS)],
    )

    # Its desks are chosen with it: an event being created has none yet.
    access = AccessRule(
        desk_lookups=("desks",),
        shared_when_deskless=True,
        personal_fields=("leader",),
        internal_fields=("budget",),
    )
    _history_m2m_fields = ["desks", "partners", "focus_areas"]

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["-starts_on"]), models.Index(fields=["kind", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_it_starts",
                violation_error_message=_("The last day is before the first."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", args=[self.pk])

    def owning_desk_ids(self):
        return set(self.desks.values_list("pk", flat=True)) if self.pk else set()

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day is before the first.")})
        if not valid_slots(self.breaks, min(self.slots or 0, MAX_SLOTS)):
            raise ValidationError({"breaks": _("Breaks are slots from 1 to the number of slots.")})
        self.breaks = sorted(set(self.breaks))


def valid_slots(slots, last):
    """Whether `slots` is a list of slot numbers from 1 to `last`."""
    return isinstance(slots, list) and all(type(slot) is int and 0 < slot <= last for slot in slots)


class Participant(TimestampedModel):
    """A company, a person of it, or a person alone, taking part in an event."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participants"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
    )
    person = models.ForeignKey(
        "contacts.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    status = models.CharField(
        _("registration"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    available_slots = models.JSONField(
        _("available in slots"),
        default=list,
        blank=True,
        help_text=_("Slots from 1 of a matchmaking day; none given means all day."),
    )
    max_meetings = models.PositiveSmallIntegerField(
        _("meetings at most"),
        null=True,
        blank=True,
        help_text=_("Empty: the event's."),
        validators=[MaxValueValidator(MAX_SLOTS)],
    )
    notes = models.TextField(_("notes"), blank=True)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = PolicyManager()
    access = AccessRule(
        desk_lookups=("event__desks",),
        personal_fields=("person",),
        internal_fields=("notes", "available_slots", "max_meetings", "invited_at"),
        personal_rows=(("company__isnull", True),),
    )

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=~Q(company__isnull=True, person__isnull=True),
                name="participant_is_company_or_person",
                violation_error_message=_("Name the company or the person."),
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False),
                name="person_once_per_event",
                violation_error_message=_("This person already takes part."),
            ),
            models.UniqueConstraint(
                fields=["event", "company"],
                condition=Q(person__isnull=True),
                name="company_once_per_event",
                violation_error_message=_("This company already takes part."),
            ),
        ]

    def __str__(self):
        if self.person_id and self.company_id:
            return f"{self.person} ({self.company})"
        return str(self.person or self.company)

    def get_absolute_url(self):
        return self.event.get_absolute_url() + "#participants"

    def owning_desk_ids(self):
        return self.event.owning_desk_ids()

    def clean(self):
        super().clean()
        if not valid_slots(self.available_slots, MAX_SLOTS):
            raise ValidationError(
                {
                    "available_slots": _("Slots are numbers from 1 to %(limit)d.")
                    % {"limit": MAX_SLOTS}
                }
            )
        self.available_slots = sorted(set(self.available_slots))


class ProgrammeItem(TimestampedModel):
    """A point of a delegation's programme: a visit to a company, college or institution."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="programme"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=250, blank=True)
    host_company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("host company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_programme_items",
    )
    host_partner = models.ForeignKey(
        "companies.PartnerOrganisation",
        verbose_name=_("host institution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_programme_items",
    )
    host_person = models.ForeignKey(
        "contacts.Person",
        verbose_name=_("host"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_programme_items",
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = PolicyManager()
    access = AccessRule(
        desk_lookups=("event__desks",),
        personal_fields=("host_person",),
        internal_fields=("notes",),
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="programme_item_ends_after_it_starts",
                violation_error_message=_("It ends before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.event.get_absolute_url() + "#programme"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("It ends before it starts.")})

    def owning_desk_ids(self):
        return self.event.owning_desk_ids()


class MatchProfile(TimestampedModel):
    """What a participant offers and seeks, for the event's match suggestions."""

    participant = models.OneToOneField(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    offers = models.TextField(_("offers"), blank=True, help_text=_("In any language."))
    seeks = models.TextField(_("seeks"), blank=True, help_text=_("In any language."))
    sectors = models.ManyToManyField(
        "core.Sector", verbose_name=_("sectors"), blank=True, related_name="+"
    )
    focus_areas = models.ManyToManyField(
        "core.FocusArea", verbose_name=_("focus areas"), blank=True, related_name="+"
    )
    technologies = models.JSONField(_("technologies"), default=list, blank=True)
    target_markets = models.ManyToManyField(
        "core.Country", verbose_name=_("target markets"), blank=True, related_name="+"
    )
    stage = models.CharField(
        _("start-up stage"), max_length=20, choices=StartupStage.choices, blank=True
    )
    competitors = models.ManyToManyField(
        "companies.Company",
        verbose_name=_("competitors"),
        blank=True,
        related_name="+",
        help_text=_("Companies this participant is not to be paired with."),
    )
    # The texts' sentence vectors, kept until the texts change: {"model", "offers", "seeks"}.
    vectors = models.JSONField(default=dict, blank=True, editable=False)

    objects = PolicyManager()
    access = AccessRule(desk_lookups=("participant__event__desks",), internal=True)

    class Meta:
        verbose_name = _("matchmaking profile")
        verbose_name_plural = _("matchmaking profiles")

    def __str__(self):
        return str(self.participant)

    def owning_desk_ids(self):
        return self.participant.owning_desk_ids()


class MatchSuggestion(TimestampedModel):
    """A pair that should meet, with its score and why; officers approve or reject it."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="suggestions"
    )
    first = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        Participant, verbose_name=_("meets"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("score"), default=0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.SUGGESTED,
    )
    added_by_hand = models.BooleanField(_("added by hand"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PolicyManager()
    access = AccessRule(desk_lookups=("event__desks",), internal=True)

    class Meta:
        ordering = ["event", "-score", "pk"]
        verbose_name = _("match suggestion")
        verbose_name_plural = _("match suggestions")
        constraints = [
            # A pair is stored once, the participant with the lower id first.
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="suggestion_pair_in_order"
            ),
            models.UniqueConstraint(
                fields=["event", "first", "second"], name="suggestion_once_per_pair"
            ),
        ]

    def __str__(self):
        return f"{self.first} – {self.second}"

    def owning_desk_ids(self):
        return self.event.owning_desk_ids()


class Meeting(TimestampedModel):
    """An approved pair's meeting at a slot and table of a matchmaking day, and its result."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meetings"
    )
    suggestion = models.OneToOneField(
        MatchSuggestion,
        verbose_name=_("suggestion"),
        on_delete=models.CASCADE,
        related_name="meeting",
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    table = models.PositiveSmallIntegerField(_("table"))
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=MeetingOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("about the outcome"), blank=True)
    interaction = models.OneToOneField(
        "interactions.Interaction",
        verbose_name=_("interaction"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )

    objects = PolicyManager()
    access = AccessRule(desk_lookups=("event__desks",), internal=True)

    class Meta:
        ordering = ["event", "slot", "table"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slot", "table"],
                condition=Q(status="planned"),
                name="meeting_one_per_table_and_slot",
                violation_error_message=_("That table is taken in that slot."),
            ),
        ]

    def __str__(self):
        return str(self.suggestion)

    def owning_desk_ids(self):
        return self.event.owning_desk_ids()


class MatchmakingRun(models.Model):
    """One computing of an event's suggestions by the background worker: queued, running,
    then finished or failed. One run of an event at a time is queued or running."""

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="matchmaking_runs",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MatchmakingRunStatus.choices,
        default=MatchmakingRunStatus.QUEUED,
    )
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    suggestions = models.PositiveIntegerField(_("suggestions made"), null=True, blank=True)

    objects = PolicyManager()
    access = AccessRule(desk_lookups=("event__desks",), internal=True)

    class Meta:
        ordering = ["event", "-queued_at", "-pk"]
        verbose_name = _("matchmaking run")
        verbose_name_plural = _("matchmaking runs")
        constraints = [
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(status__in=MATCHMAKING_IN_PROGRESS),
                name="matchmaking_run_one_at_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.event} · {self.get_status_display()}"

    def owning_desk_ids(self):
        return self.event.owning_desk_ids()

    @property
    def lost(self):
        """Queued or running for longer than any run takes: its worker stopped."""
        return (
            self.status in MATCHMAKING_IN_PROGRESS
            and self.queued_at < timezone.now() - MATCHMAKING_RUN_LOST_AFTER
        )

    @property
    def in_progress(self):
        return self.status in MATCHMAKING_IN_PROGRESS and not self.lost

    @property
    def failed(self):
        return self.status == MatchmakingRunStatus.FAILED or self.lost
