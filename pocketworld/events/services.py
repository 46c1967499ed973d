"""The rules of events: match suggestions, approved pairs, the meeting plan of a matchmaking
day, agendas and what came of the meetings. Views, the API and tasks call these.

- `suggest_matches` scores every pair of the event's profiled participants
  (`matching`) and keeps each participant's best partners as suggestions; officers'
  decisions and pairs they added by hand stay. The pages and the API have the background
  worker do it: `queue_matchmaking` records a run (one per event at a time) and
  `run_matchmaking` is the worker's side.
- `add_pair` is a pair an officer wants, approved at once; a blocking conflict (the same
  organisation, a competitor) refuses it, a warning (they met before) is kept as a reason.
- `plan_meetings` puts approved pairs into slots and tables (`scheduling`, CP-SAT);
  planned meetings keep their place, so a re-plan after a cancellation moves nobody else.
- `record_outcome` turns a meeting's result into an interaction, and a lead into a project.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pocketworld.companies.filtersets import HOME_COUNTRY
from pocketworld.events import matching, scheduling
from pocketworld.events.choices import (
    MatchmakingRunStatus,
    MeetingOutcome,
    MeetingStatus,
    RegistrationStatus,
    SuggestionStatus,
)
from pocketworld.events.models import (
    MATCHMAKING_IN_PROGRESS,
    MATCHMAKING_RUN_LOST_AFTER,
    MatchmakingRun,
    MatchProfile,
    MatchSuggestion,
    Meeting,
)
from pocketworld.interactions.choices import InteractionKind
from pocketworld.interactions.models import Interaction
from pocketworld.projects.choices import ProjectKind, ProjectSource, Stage
from pocketworld.projects.models import Project
from pocketworld.projects.services import create_project

# Each participant's best partners kept as suggestions.
SUGGESTIONS_PER_PARTICIPANT = 5
SCHEDULER_SECONDS = 20.0
ACTIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)


def text_digest(profile):
    return hashlib.sha256(f"{profile.offers}\0{profile.seeks}".encode()).hexdigest()


def stored_vectors(profile, backend):
    """The profile's vectors if they were made by this backend from its present texts."""
    vectors = profile.vectors or {}
    if vectors.get("model") != backend.name or vectors.get("digest") != text_digest(profile):
        return None
    return matching.ProfileVectors(backend.name, vectors.get("offers"), vectors.get("seeks"))


def already_met(participants):
    """{participant id: ids of the event's participants whose company it met before}."""
    by_company = {}
    for participant in participants:
        if participant.company_id:
            by_company.setdefault(participant.company_id, []).append(participant.pk)
    met = {participant.pk: set() for participant in participants}
    held = Meeting.objects.filter(status=MeetingStatus.HELD).filter(
        Q(suggestion__first__company__in=by_company) | Q(suggestion__second__company__in=by_company)
    )
    for first, second in held.values_list(
        "suggestion__first__company", "suggestion__second__company"
    ):
        for own, other in ((first, second), (second, first)):
            for participant in by_company.get(own, ()):
                met[participant] |= set(by_company.get(other, ()))
    return met


def profiles_of(event, only_profiled=True):
    """The event's active participants (with a profile, unless `only_profiled` is False) as
    the matching sees them, and those participants by id."""
    participants = event.participants.filter(status__in=ACTIVE)
    if only_profiled:
        participants = participants.filter(profile__isnull=False)
    participants = list(
        participants.select_related("company", "profile")
        .prefetch_related(
            "profile__sectors",
            "profile__focus_areas",
            "profile__target_markets",
            "profile__competitors",
        )
        .order_by("pk")
    )
    met = already_met(participants)
    profiles = []
    for participant in participants:
        company = participant.company
        profile = getattr(participant, "profile", None)
        described = {}
        if profile is not None:
            described = {
                "offers": profile.offers,
                "seeks": profile.seeks,
                "sectors": frozenset(sector.code for sector in profile.sectors.all()),
                "focus_areas": frozenset(area.slug for area in profile.focus_areas.all()),
                "technologies": frozenset(word.lower() for word in profile.technologies),
                "target_markets": frozenset(
                    country.code for country in profile.target_markets.all()
                ),
                "stage": profile.stage,
                "competitors": frozenset(other.pk for other in profile.competitors.all()),
            }
        profiles.append(
            matching.Profile(
                id=participant.pk,
                name=str(participant),
                country=company.country_id if company else "",
                desk=company.desk_id if company else None,
                organisation=participant.company_id,
                already_met=frozenset(met[participant.pk]),
                **described,
            )
        )
    return profiles, {participant.pk: participant for participant in participants}


def vectors_for(profiles, participants, backend):
    """The profiles' vectors: those stored, the rest embedded now and stored."""
    vectors, missing = {}, []
    for profile in profiles:
        stored = stored_vectors(participants[profile.id].profile, backend)
        if stored:
            vectors[profile.id] = stored
        else:
            missing.append(profile)
    records = []
    for participant_id, made in matching.embed_profiles(missing, backend).items():
        vectors[participant_id] = made
        record = participants[participant_id].profile
        record.vectors = {
            "model": made.model,
            "digest": text_digest(record),
            "offers": list(made.offers) if made.offers is not None else None,
            "seeks": list(made.seeks) if made.seeks is not None else None,
        }
        records.append(record)
    MatchProfile.objects.bulk_update(records, ["vectors"])
    return vectors


@transaction.atomic
def suggest_matches(event, backend=None):
    """Suggest each active participant's best partners; returns how many suggestions the
    event has now. Approved, rejected and hand-added pairs stay as they are."""
    backend = backend or matching.get_backend()
    profiles, participants = profiles_of(event)
    vectors = vectors_for(profiles, participants, backend)
    found = matching.suggest(
        profiles, backend=backend, vectors=vectors, limit=SUGGESTIONS_PER_PARTICIPANT
    )
    decided = {
        (first, second)
        for first, second in event.suggestions.exclude(
            status=SuggestionStatus.SUGGESTED
        ).values_list("first_id", "second_id")
    }
    event.suggestions.filter(status=SuggestionStatus.SUGGESTED, meeting__isnull=True).delete()
    new = {}
    for participant_id, suggestions in found.items():
        for suggestion in suggestions:
            key = tuple(sorted((participant_id, suggestion.partner)))
            if key in decided or key in new or suggestion.score <= 0:
                continue
            new[key] = MatchSuggestion(
                event=event,
                first_id=key[0],
                second_id=key[1],
                score=round(suggestion.score, 4),
                reasons=[reason.as_dict() for reason in suggestion.reasons],
            )
    MatchSuggestion.objects.bulk_create(new.values(), ignore_conflicts=True)
    return event.suggestions.count()


# --- suggestions computed by the background worker ---------------------------------------


@dataclass(frozen=True)
class MatchmakingState:
    """Where an event's matchmaking stands: its latest run, the latest that finished (when
    the suggestions were last computed) and how many suggestions the event has."""

    run: MatchmakingRun | None
    finished: MatchmakingRun | None
    suggestions: int

    @property
    def in_progress(self):
        return self.run is not None and self.run.in_progress

    @property
    def failed(self):
        return self.run is not None and self.run.failed

    @property
    def status(self):
        """The latest run's status, a lost one's as failed; None before the first run."""
        if self.run is None:
            return None
        return MatchmakingRunStatus.FAILED if self.run.failed else self.run.status

    @property
    def computed_at(self):
        return self.finished.finished_at if self.finished else None


def matchmaking_state(event):
    """Where the event's matchmaking stands (`MatchmakingState`)."""
    runs = MatchmakingRun.objects.filter(event=event)
    run = runs.first()
    if run is None or run.status == MatchmakingRunStatus.DONE:
        finished = run
    else:
        finished = runs.filter(status=MatchmakingRunStatus.DONE).first()
    return MatchmakingState(run=run, finished=finished, suggestions=event.suggestions.count())


def queue_matchmaking(event):
    """A run of the event's matchmaking for the background worker: the new run, or None
    while one is queued or running (never two at once, whichever app server asks). A run
    that outlasted `MATCHMAKING_RUN_LOST_AFTER` is closed as failed first."""
    now = timezone.now()
    with transaction.atomic():
        MatchmakingRun.objects.filter(
            event=event,
            status__in=MATCHMAKING_IN_PROGRESS,
            queued_at__lt=now - MATCHMAKING_RUN_LOST_AFTER,
        ).update(status=MatchmakingRunStatus.FAILED, finished_at=now)
        try:
            with transaction.atomic():
                return MatchmakingRun.objects.create(event=event, queued_at=now)
        except IntegrityError:
            return None


def start_matchmaking(event):
    """The worker takes up the event's queued run. A run nobody queued (the task enqueued
    directly) is recorded as running; None when another run is running already."""
    now = timezone.now()
    runs = MatchmakingRun.objects.filter(event=event)
    queued = runs.filter(status=MatchmakingRunStatus.QUEUED).first()
    if queued is not None:
        taken = runs.filter(pk=queued.pk, status=MatchmakingRunStatus.QUEUED).update(
            status=MatchmakingRunStatus.RUNNING, started_at=now
        )
        if taken:
            return queued
    try:
        with transaction.atomic():
            return MatchmakingRun.objects.create(
                event=event, status=MatchmakingRunStatus.RUNNING, queued_at=now, started_at=now
            )
    except IntegrityError:
        return None


def run_matchmaking(event, backend=None):
    """Compute the event's suggestions as its matchmaking run (the worker's side of
    `queue_matchmaking`); returns how many suggestions the event has. The run ends
    finished, or failed when the computing raised (the error goes on to the worker). While
    another worker's run is computing them, this one leaves them to it."""
    run = start_matchmaking(event)
    if run is None:
        return event.suggestions.count()
    try:
        count = suggest_matches(event, backend)
    except Exception:
        end_matchmaking(run, MatchmakingRunStatus.FAILED)
        raise
    end_matchmaking(run, MatchmakingRunStatus.DONE, suggestions=count)
    return count


def end_matchmaking(run, status, suggestions=None):
    MatchmakingRun.objects.filter(pk=run.pk).update(
        status=status, finished_at=timezone.now(), suggestions=suggestions
    )


def decide(suggestion, status, user):
    """Approve or reject a suggestion; a rejected pair's planned meeting is cancelled."""
    if status not in (SuggestionStatus.APPROVED, SuggestionStatus.REJECTED):
        raise ValidationError({"status": _("Approve or reject the suggestion.")})
    with transaction.atomic():
        suggestion.status = status
        suggestion.decided_by = user
        suggestion.save(update_fields=["status", "decided_by", "last_updated"])
        if status == SuggestionStatus.REJECTED:
            Meeting.objects.filter(suggestion=suggestion, status=MeetingStatus.PLANNED).update(
                status=MeetingStatus.CANCELLED
            )
    return suggestion


def add_pair(event, first, second, user):
    """An approved pair an officer chose; raises ValidationError for a pair that must not
    meet (one participant, one organisation, competitors)."""
    if first.event_id != event.pk or second.event_id != event.pk:
        raise ValidationError(_("Both must take part in this event."))
    if first.pk == second.pk:
        raise ValidationError(_("Choose two different participants."))
    first, second = sorted((first, second), key=lambda participant: participant.pk)
    profiles, _participants = profiles_of(event, only_profiled=False)
    by_id = {profile.id: profile for profile in profiles}
    if first.pk not in by_id or second.pk not in by_id:
        raise ValidationError(_("A participant who cancelled meets nobody."))
    reasons = matching.conflicts(by_id[first.pk], by_id[second.pk])
    blocking = [reason for reason in reasons if reason.code in matching.BLOCKING_CONFLICTS]
    if blocking:
        raise ValidationError(
            _("%(first)s and %(second)s are not to meet: %(reason)s.")
            % {"first": first, "second": second, "reason": describe_reason(blocking[0])}
        )
    suggestion, _created = MatchSuggestion.objects.update_or_create(
        event=event,
        first=first,
        second=second,
        defaults={
            "status": SuggestionStatus.APPROVED,
            "added_by_hand": True,
            "decided_by": user,
            "reasons": [reason.as_dict() for reason in reasons],
        },
    )
    return suggestion


REASON_TEXTS = {
    "offer_fits_need": gettext_lazy("what one offers fits what the other seeks"),
    "same_sector": gettext_lazy("the same sector"),
    "same_focus_area": gettext_lazy("the same focus area"),
    "same_technology": gettext_lazy("the same technology"),
    "target_market": gettext_lazy("targets the other's country"),
    "same_desk": gettext_lazy("looked after by the same desk"),
    "already_met": gettext_lazy("they met before"),
    "same_organisation": gettext_lazy("of the same organisation"),
    "competitor": gettext_lazy("competitors"),
    "same_participant": gettext_lazy("the same participant"),
}


# Reasons whose detail means something to a reader (a sector's code, not a record's id).
DETAILED_REASONS = {"offer_fits_need", "same_sector", "same_focus_area", "same_technology"}
SCHEDULING_REASONS = {
    scheduling.NO_COMMON_SLOT: gettext_lazy(
        "There is no slot outside the breaks when both are available."
    ),
    scheduling.LIMIT_REACHED: gettext_lazy("A participant has reached the maximum of meetings."),
    scheduling.NO_TABLE: gettext_lazy(
        "Every table is taken in every slot when both are available."
    ),
    scheduling.PARTICIPANT_BUSY: gettext_lazy(
        "In every slot when both are available and a table is free, one of them already has "
        "a meeting."
    ),
}


def describe_reason(reason):
    """A reason in the user's language (the codes are `matching`'s)."""
    code = reason["code"] if isinstance(reason, dict) else reason.code
    detail = reason["detail"] if isinstance(reason, dict) else reason.detail
    text = str(REASON_TEXTS.get(code, code))
    return f"{text} ({detail})" if detail and code in DETAILED_REASONS else text


# --- the meeting plan -------------------------------------------------------------------


def day_of(event):
    """The scheduler's frame of the event; slots are 1-based for people, 0-based inside."""
    if not event.slots or not event.tables:
        raise ValidationError(
            _("Give the event its meeting slots and tables before planning meetings.")
        )
    return scheduling.Day(
        slots=event.slots,
        tables=event.tables,
        breaks=frozenset(slot - 1 for slot in event.breaks),
        max_meetings=event.max_meetings,
    )


@transaction.atomic
def plan_meetings(event, time_limit=SCHEDULER_SECONDS):
    """Plan the approved pairs that have no meeting yet; planned meetings stay where they
    are. Returns (meetings planned now, {suggestion: reason text} of pairs left out, whether
    the plan is proven optimal)."""
    day = day_of(event)
    participants = list(event.participants.filter(status__in=ACTIVE))
    active = {participant.pk for participant in participants}
    # A meeting whose pair was rejected or one of whom cancelled is cancelled.
    event.meetings.filter(status=MeetingStatus.PLANNED).filter(
        ~Q(suggestion__status=SuggestionStatus.APPROVED)
        | ~Q(suggestion__first__in=active)
        | ~Q(suggestion__second__in=active)
    ).update(status=MeetingStatus.CANCELLED)
    approved = {
        suggestion.pk: suggestion
        for suggestion in event.suggestions.filter(
            status=SuggestionStatus.APPROVED, first__in=active, second__in=active
        ).select_related("first__company", "first__person", "second__company", "second__person")
    }
    # Planned and held meetings keep their place; a held one is never planned again.
    planned = {
        meeting.suggestion_id: meeting
        for meeting in event.meetings.filter(status__in=[MeetingStatus.PLANNED, MeetingStatus.HELD])
    }
    availability = {
        participant.pk: [slot - 1 for slot in participant.available_slots]
        for participant in participants
        if participant.available_slots
    }
    limits = {
        participant.pk: participant.max_meetings
        for participant in participants
        if participant.max_meetings is not None
    }
    pairs = [
        scheduling.Pair(
            id=suggestion.pk,
            first=suggestion.first_id,
            second=suggestion.second_id,
            priority=round(suggestion.score * 100),
        )
        for suggestion in approved.values()
    ]
    plan = scheduling.schedule(
        day,
        pairs,
        availability=availability,
        limits=limits,
        fixed={pk: (meeting.slot - 1, meeting.table - 1) for pk, meeting in planned.items()},
        time_limit=time_limit,
    )
    # A planned meeting the scheduler moved no longer fitted (its slot became a break).
    new = []
    for suggestion_id, (slot, table) in plan.meetings.items():
        meeting = planned.get(suggestion_id)
        if meeting and (
            meeting.status == MeetingStatus.HELD
            or (meeting.slot, meeting.table) == (slot + 1, table + 1)
        ):
            continue
        # A planned meeting that no longer fits, or an old cancelled one, makes way.
        Meeting.objects.filter(suggestion_id=suggestion_id).delete()
        new.append(
            Meeting(event=event, suggestion_id=suggestion_id, slot=slot + 1, table=table + 1)
        )
    Meeting.objects.bulk_create(new)
    left_out = {
        approved[suggestion_id]: str(SCHEDULING_REASONS[code])
        for suggestion_id, code in plan.unscheduled.items()
    }
    return new, left_out, plan.optimal


@transaction.atomic
def cancel_participation(participant):
    """The participant cancels: their planned meetings are cancelled and, on a day with
    slots and tables, the freed places planned again; nobody else's meeting moves."""
    participant.status = RegistrationStatus.CANCELLED
    participant.save(update_fields=["status", "last_updated"])
    Meeting.objects.filter(status=MeetingStatus.PLANNED).filter(
        Q(suggestion__first=participant) | Q(suggestion__second=participant)
    ).update(status=MeetingStatus.CANCELLED)
    event = participant.event
    if event.slots and event.tables:
        plan_meetings(event)


def meeting_start(event, slot):
    """When slot `slot` (from 1) begins, in the agency's time zone; None without a start."""
    if not event.first_slot_at:
        return None
    first = timezone.make_aware(datetime.datetime.combine(event.starts_on, event.first_slot_at))
    return first + datetime.timedelta(minutes=event.slot_minutes * (slot - 1))


def agenda(participant):
    """The participant's meetings (planned, or held once the day is past) in order:
    (meeting, partner, start, end)."""
    event = participant.event
    meetings = (
        Meeting.objects.filter(status__in=[MeetingStatus.PLANNED, MeetingStatus.HELD])
        .filter(Q(suggestion__first=participant) | Q(suggestion__second=participant))
        .select_related(
            "suggestion__first__company",
            "suggestion__first__person",
            "suggestion__second__company",
            "suggestion__second__person",
        )
        .order_by("slot")
    )
    rows = []
    for meeting in meetings:
        suggestion = meeting.suggestion
        partner = suggestion.second if suggestion.first_id == participant.pk else suggestion.first
        start = meeting_start(event, meeting.slot)
        end = start + datetime.timedelta(minutes=event.slot_minutes) if start else None
        rows.append((meeting, partner, start, end))
    return rows


# --- outcomes ---------------------------------------------------------------------------


def desk_for(event, *participants):
    """The desk a meeting's record belongs to: a participant company's, if the event's."""
    desks = list(event.desks.order_by("pk"))
    own = {desk.pk for desk in desks}
    for participant in participants:
        if participant.company_id and participant.company.desk_id in own:
            return participant.company.desk
    return desks[0]


@transaction.atomic
def record_outcome(meeting, outcome, note, user):
    """A held meeting's result: an interaction with the foreign company (else the company
    of either side), and for a lead an investment project with this event as its source."""
    if outcome not in MeetingOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the meeting.")})
    event = meeting.event
    first, second = meeting.suggestion.first, meeting.suggestion.second
    with_company = [side for side in (first, second) if side.company_id]
    foreign = [side for side in with_company if side.company.country_id != HOME_COUNTRY]
    company_side = (foreign or with_company or [first])[0]
    other = second if company_side is first else first
    desk = desk_for(event, first, second)
    meeting.status = MeetingStatus.HELD
    meeting.outcome = outcome
    meeting.outcome_note = note
    subject = _("%(event)s: meeting with %(other)s") % {"event": event, "other": other}
    if meeting.interaction_id is None:
        meeting.interaction = Interaction.objects.create(
            kind=InteractionKind.EVENT_MEETING,
            occurred_on=event.starts_on,
            subject=subject[:200],
            desk=desk,
            company=company_side.company,
            notes=f"{meeting.get_outcome_display()}. {note}".strip(),
        )
        meeting.interaction.people.set(
            [side.person_id for side in (first, second) if side.person_id]
        )
        meeting.interaction.team_members.add(user)
    if outcome == MeetingOutcome.LEAD and meeting.project_id is None and company_side.company:
        meeting.project = create_project(
            Project(
                title=subject[:200],
                kind=ProjectKind.NEW_SETTLEMENT,
                company=company_side.company,
                desk=desk,
                owner=user,
                source=ProjectSource.EVENT,
                source_note=str(event)[:250],
            ),
            user,
            note=note,
        )
        meeting.interaction.project = meeting.project
        meeting.interaction.save(update_fields=["project", "last_updated"])
    meeting.save()
    return meeting


def results(event):
    """What came of the event: meetings planned and held, follow-ups, leads, projects and
    those won."""
    meetings = event.meetings.aggregate(
        planned=Count("pk", filter=Q(status=MeetingStatus.PLANNED)),
        held=Count("pk", filter=Q(status=MeetingStatus.HELD)),
        follow_ups=Count("pk", filter=Q(outcome=MeetingOutcome.FOLLOW_UP)),
        leads=Count("pk", filter=Q(outcome=MeetingOutcome.LEAD)),
    )
    projects = Project.objects.filter(meetings__event=event).aggregate(
        projects=Count("pk", distinct=True),
        won=Count("pk", distinct=True, filter=Q(stage=Stage.WON)),
    )
    return {**meetings, **projects}


# --- invitations ------------------------------------------------------------------------

GERMAN_SPEAKING = {"DE", "AT", "CH", "LI"}


def invitation_language(participant):
    """German for whom German is a language of theirs (or whose company is at home in a
    German-speaking country), English for everybody else."""
    person, company = participant.person, participant.company
    if person and person.languages.filter(code="de").exists():
        return "de"
    if person and person.languages.exists():
        return "en"
    return "de" if company and company.country_id in GERMAN_SPEAKING else "en"


def invitees(event):
    """The active participants an invitation can reach: a person with an address."""
    return event.participants.filter(status__in=ACTIVE, person__isnull=False).exclude(
        person__email=""
    )


def send_invitation(participant):
    """E-mail the participant (a person with an address) their invitation and agenda, in
    their language; names stay as written, in any script. Returns whether one was sent."""
    person = participant.person
    if person is None or not person.email or participant.status == RegistrationStatus.CANCELLED:
        return False
    event = participant.event
    language = invitation_language(participant)
    with translation.override(language):
        context = {
            "participant": participant,
            "person": person,
            "event": event,
            "rows": agenda(participant),
            "base_url": settings.SITE_URL,
        }
        subject = _("Invitation: %(event)s") % {"event": event}
        body = render_to_string("events/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    participant.invited_at = timezone.now()
    participant.save(update_fields=["invited_at", "last_updated"])
    return True
