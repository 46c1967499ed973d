"""The rules of a start-up's way through a cohort, for the pages, the API and the demo alike:
enrolment, stage moves with what each stage needs, settling as a won soft-landing project,
the cohort's matchmaking at an event, and the figures a programme reports."""

import datetime
from dataclasses import dataclass, fields

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.stages import checked_move, moving, place_on
from pocketworld.events.choices import ParticipantRole, RegistrationStatus
from pocketworld.events.models import MatchProfile, MatchSuggestion, Participant
from pocketworld.events.services import describe_reason
from pocketworld.programmes.choices import (
    CandidateStage,
    DropReason,
    GoalMeasure,
    LanguageLevel,
    MembershipStage,
    MilestoneKind,
    Recognition,
    WithdrawalReason,
)
from pocketworld.programmes.models import (
    Candidate,
    CandidateMove,
    Membership,
    MembershipMove,
    OpenPosition,
    Placement,
)
from pocketworld.projects.choices import ProjectKind, ProjectSource, Stage
from pocketworld.projects.models import Project
from pocketworld.projects.services import create_project, move_stage

S = MembershipStage

# Where a start-up may go from each stage. A dropped one may apply again; settling ends it.
TRANSITIONS = {
    S.APPLICATION: {S.SELECTED, S.DROPPED},
    S.SELECTED: {S.ONBOARDING, S.DROPPED},
    S.ONBOARDING: {S.IN_PROGRAMME, S.DROPPED},
    S.IN_PROGRAMME: {S.COMPLETED, S.DROPPED, S.SETTLED},
    S.COMPLETED: {S.SETTLED},
    S.DROPPED: {S.APPLICATION},
    S.SETTLED: set(),
}
# The way through a cohort in order; a start-up that reached a stage has passed those before.
PATH = [S.APPLICATION, S.SELECTED, S.ONBOARDING, S.IN_PROGRAMME, S.COMPLETED, S.SETTLED]
# Stages that are spent in the cohort itself: not dated before its first day.
IN_COHORT = {S.IN_PROGRAMME, S.COMPLETED}
# Start-ups that take part in the cohort's matchmaking.
MATCHED_STAGES = {S.SELECTED, S.ONBOARDING, S.IN_PROGRAMME, S.COMPLETED}

# What a move may set besides the stage.
MOVE_FIELDS = ("drop_reason", "drop_note", "realised_jobs", "realised_investment")


def allowed_stages(membership):
    """Where the start-up may go, the next stage of its way first."""
    allowed = TRANSITIONS[S(membership.stage)]
    return [stage for stage in S if stage in allowed]


def moment_of(day):
    """A day as the moment the pipeline records (its stage changes are moments): its noon,
    or now if that is still to come today."""
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return min(noon, timezone.now())


@transaction.atomic
def enrol(membership, user, note=""):
    """Save a new start-up's application to a cohort and record it as its first move."""
    membership.stage = S.APPLICATION
    membership.stage_changed_on = membership.applied_on
    membership.full_clean()
    if membership.applied_on > timezone.localdate():
        raise ValidationError({"applied_on": _("An application is dated today or earlier.")})
    membership.save()
    MembershipMove.objects.create(
        membership=membership,
        from_stage="",
        to_stage=S.APPLICATION,
        moved_on=membership.applied_on,
        moved_by=user,
        note=note,
    )
    return membership


def check_move_day(record, on):
    """A move of `record` (a start-up in a cohort, a candidate) is dated no later than today
    and no earlier than its last move."""
    if on > timezone.localdate():
        raise ValidationError({"moved_on": _("A move is dated today or earlier.")})
    if on < record.stage_changed_on:
        raise ValidationError(
            {
                "moved_on": _("The last move was on %(date)s: date this one later.")
                % {"date": record.stage_changed_on.isoformat()}
            }
        )


def check_move_date(membership, to_stage, on):
    check_move_day(membership, on)
    cohort = membership.cohort
    if to_stage in IN_COHORT and on < cohort.starts_on:
        raise ValidationError(
            {
                "moved_on": _("The cohort starts on %(date)s.")
                % {"date": cohort.starts_on.isoformat()}
            }
        )


def check_stage_needs(membership, to_stage, on, values):
    """What a stage needs: a reason to drop out, a mentor in the programme, and to settle a
    company registered here and the jobs and investment of its soft landing."""
    errors = {}
    if to_stage == S.DROPPED:
        if not values.get("drop_reason"):
            errors["drop_reason"] = _("Say why the start-up dropped out.")
        elif values["drop_reason"] == DropReason.OTHER and not values.get("drop_note"):
            errors["drop_note"] = _("Describe the reason when it is “other”.")
    if to_stage == S.IN_PROGRAMME and not membership.mentors.exists():
        errors[NON_FIELD_ERRORS] = _(
            "Name the start-up's mentor first: a start-up in the programme has one."
        )
    if to_stage == S.SETTLED:
        registered = membership.milestones.filter(
            kind=MilestoneKind.REGISTERED_COMPANY, reached_on__lte=on
        ).exists()
        if not registered:
            errors[NON_FIELD_ERRORS] = _(
                "A start-up settles once it has registered a company here: record that "
                "milestone as reached first."
            )
        project = membership.project
        if project is None or project.stage != Stage.WON:
            if values.get("realised_jobs") is None:
                errors["realised_jobs"] = _("Settling needs the jobs it creates here.")
            if values.get("realised_investment") is None:
                errors["realised_investment"] = _("Settling needs the investment it makes here.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def move_membership(membership, to_stage, user, on=None, note="", **values):
    """Move a start-up to `to_stage` on the day `on` (today if not given), with what that
    stage needs; settling makes or wins its soft-landing project.

    Raises ValidationError, keyed by field, when the move is not allowed or incomplete.
    """
    unknown = set(values) - set(MOVE_FIELDS)
    if unknown:
        raise TypeError(f"move_membership() got unexpected fields: {sorted(unknown)}")
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("cohort__programme", "company", "project")
        .get(pk=membership.pk)
    )
    from_stage = S(membership.stage)
    to_stage = checked_move(
        S, TRANSITIONS, from_stage, to_stage, _("A start-up cannot move from %(from)s to %(to)s.")
    )
    on = on or timezone.localdate()
    check_move_date(membership, to_stage, on)
    check_stage_needs(membership, to_stage, on, values)
    if to_stage == S.DROPPED:
        membership.drop_reason = values["drop_reason"]
        membership.drop_note = values.get("drop_note", "")
    elif to_stage == S.APPLICATION:
        membership.drop_reason, membership.drop_note = "", ""
    if to_stage == S.SETTLED:
        membership.project = settle_project(
            membership,
            user,
            on,
            values.get("realised_jobs"),
            values.get("realised_investment"),
            note,
        )
    membership.stage, membership.stage_changed_on = to_stage, on
    with moving(membership):
        membership.save()
    MembershipMove.objects.create(
        membership=membership,
        from_stage=from_stage,
        to_stage=to_stage,
        moved_on=on,
        moved_by=user,
        note=note,
    )
    return membership


def project_desk(membership, user):
    """The desk of a settled start-up's project: the company's, if one of the programme's;
    else one of the programme's desks the user works at; else its first."""
    desks = list(membership.cohort.programme.desks.order_by("pk"))
    own = {desk.pk for desk in desks}
    if membership.company.desk_id in own:
        return membership.company.desk
    roles = permissions.desk_roles(user)
    return next((desk for desk in desks if desk.pk in roles), desks[0] if desks else None)


def settle_project(membership, user, on, jobs, investment, note):
    """The won soft-landing project of a start-up that settles: its own project won (from
    "decision", as the pipeline allows), or a new one recorded as won."""
    project = membership.project
    if project is not None:
        if project.stage == Stage.WON:
            return project
        if not permissions.may_change(user, project):
            raise ValidationError(
                {"project": _("You may not change its soft-landing project %(project)s.")
                 % {"project": project}}
            )  # fmt: skip
        if project.stage != Stage.DECISION:
            raise ValidationError(
                {
                    "project": _(
                        "Its soft-landing project %(project)s is at the stage “%(stage)s”; a "
                        "project is won from “decision”. Move it on in the pipeline first, or "
                        "unlink it to record a new one."
                    )
                    % {"project": project, "stage": project.get_stage_display()}
                }
            )
        try:
            return move_stage(
                project,
                Stage.WON,
                user,
                note=note,
                when=max(moment_of(on), project.stage_changed_at),
                realised_jobs=jobs,
                realised_investment=investment,
            )
        except ValidationError as error:
            raise ValidationError({"project": error.messages}) from None
    programme, cohort = membership.cohort.programme, membership.cohort
    desk = project_desk(membership, user)
    if desk is None:
        raise ValidationError({"project": _("The programme has no desk to own the project.")})
    project = create_project(
        Project(
            title=(
                _("%(company)s: soft landing (%(programme)s)")
                % {"company": membership.company, "programme": programme}
            )[:200],
            kind=ProjectKind.SOFT_LANDING,
            company=membership.company,
            desk=desk,
            owner=user,
            source=ProjectSource.PROGRAMME,
            source_note=f"{programme} – {cohort}"[:250],
            expected_jobs=jobs,
            expected_investment=investment,
            realised_jobs=jobs,
            realised_investment=investment,
            stage=Stage.WON,
        ),
        user,
        note=note,
        when=moment_of(on),
    )
    project.partners.set(programme.partners.all())
    return project


# --- matchmaking at the cohort's event --------------------------------------------------


@transaction.atomic
def join_matchmaking(cohort, user):
    """Register the cohort's start-ups (selected to completed) at its matchmaking event,
    each with a profile from its company and application; returns how many were added.

    The event's own matchmaking then suggests, pairs and plans their meetings."""
    event = cohort.event
    if event is None:
        raise ValidationError({"event": _("Give the cohort its matchmaking event first.")})
    if not permissions.may_change(user, event):
        raise ValidationError(
            {"event": _("You may not change the event %(event)s.") % {"event": event}}
        )
    taking_part = set(
        event.participants.filter(person__isnull=True).values_list("company_id", flat=True)
    )
    added = 0
    memberships = cohort.memberships.filter(stage__in=MATCHED_STAGES).select_related("company")
    for membership in memberships.exclude(company_id__in=taking_part):
        company = membership.company
        participant = Participant.objects.create(
            event=event,
            company=company,
            role=ParticipantRole.VISITOR,
            status=RegistrationStatus.CONFIRMED,
        )
        profile = MatchProfile.objects.create(
            participant=participant, offers=company.description, stage=membership.startup_stage
        )
        profile.sectors.set(company.sectors.all())
        profile.focus_areas.set(company.focus_areas.all())
        added += 1
    return added


@dataclass(frozen=True)
class Match:
    """A start-up's pair at its cohort's event: whom it meets, why, and what came of it."""

    suggestion: MatchSuggestion
    other: Participant
    reasons: list[str]
    meeting: object


def matches_of(membership, user):
    """The start-up's suggested and approved pairs at its cohort's event, best first."""
    event = membership.cohort.event
    if event is None:
        return []
    company = membership.company_id
    suggestions = (
        MatchSuggestion.objects.visible_to(user)
        .filter(event=event)
        .filter(Q(first__company=company) | Q(second__company=company))
        .select_related("first__company", "second__company", "first__person", "second__person")
        .select_related("meeting")
        .order_by("-score", "pk")
    )
    matches = []
    for suggestion in suggestions:
        other = suggestion.second if suggestion.first.company_id == company else suggestion.first
        meeting = getattr(suggestion, "meeting", None)
        reasons = [describe_reason(reason) for reason in suggestion.reasons]
        matches.append(Match(suggestion, other, reasons, meeting))
    return matches


# --- what a programme reports -------------------------------------------------------------


@dataclass
class StartupFigures:
    """How many start-ups applied, were selected, completed and settled, the jobs their
    soft landings made, and how many dropped out."""

    applications: int = 0
    selected: int = 0
    completed: int = 0
    settled: int = 0
    dropped: int = 0
    jobs: int = 0

    def add(self, other):
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    def for_goal(self, measure):
        """The figure a goal of `measure` is measured by, or None if not a start-up one."""
        return getattr(self, GOAL_FIGURES[measure], None) if measure in GOAL_FIGURES else None


GOAL_FIGURES = {
    GoalMeasure.APPLICATIONS: "applications",
    GoalMeasure.SELECTED: "selected",
    GoalMeasure.COMPLETED: "completed",
    GoalMeasure.SETTLED: "settled",
    GoalMeasure.JOBS: "jobs",
}


def startup_figures(memberships):
    """{cohort id: StartupFigures} of `memberships`, read from their moves: a start-up
    counts at every stage of its way up to the furthest it reached (one that settled from
    the programme has passed "completed"), so dropping out later takes nothing back. Jobs
    are the realised jobs of the won projects of those settled now."""
    furthest = (
        MembershipMove.objects.filter(membership__in=memberships.values("pk"))
        .values("membership", "membership__cohort")
        .annotate(furthest=Max(place_on(PATH)))
        .values_list("membership__cohort", "furthest")
        .order_by()
    )
    by_cohort = {}
    for cohort, reached in furthest:
        figures = by_cohort.setdefault(cohort, StartupFigures())
        figures.applications += 1
        figures.selected += reached >= PATH.index(S.SELECTED)
        figures.completed += reached >= PATH.index(S.COMPLETED)
        figures.settled += reached >= PATH.index(S.SETTLED)
    for cohort, count in (
        memberships.filter(stage=S.DROPPED)
        .values("cohort")
        .annotate(count=Count("pk"))
        .values_list("cohort", "count")
        .order_by()
    ):
        by_cohort.setdefault(cohort, StartupFigures()).dropped = count
    for cohort, jobs in (
        memberships.filter(stage=S.SETTLED, project__stage=Stage.WON)
        .values("cohort")
        .annotate(jobs=Sum("project__realised_jobs"))
        .values_list("cohort", "jobs")
        .order_by()
    ):
        by_cohort.setdefault(cohort, StartupFigures()).jobs = jobs or 0
    return by_cohort


# --- skilled workers ----------------------------------------------------------------------

C = CandidateStage

# Where a candidate may go from each stage: on, or withdraw; a withdrawn one may be
# nominated again. A placed candidate's follow-ups are its placement's.
CANDIDATE_TRANSITIONS = {
    C.NOMINATED: {C.LANGUAGE, C.WITHDRAWN},
    C.LANGUAGE: {C.RECOGNITION, C.WITHDRAWN},
    C.RECOGNITION: {C.MATCHED, C.WITHDRAWN},
    C.MATCHED: {C.VISA, C.WITHDRAWN},
    C.VISA: {C.ARRIVED, C.WITHDRAWN},
    C.ARRIVED: {C.PLACED, C.WITHDRAWN},
    C.PLACED: set(),
    C.WITHDRAWN: {C.NOMINATED},
}
CANDIDATE_PATH = [C.NOMINATED, C.LANGUAGE, C.RECOGNITION, C.MATCHED, C.VISA, C.ARRIVED, C.PLACED]
# What a candidate's move may set besides the stage.
CANDIDATE_MOVE_FIELDS = (
    "german_level", "german_certified_on", "recognition", "recognition_authority", "position",
    "withdrawal_reason", "withdrawal_note", "starts_on",
)  # fmt: skip
# The person fields a candidate's form and the API write; the legal basis is consent.
PERSON_FIELDS = (
    "given_name", "family_name", "native_name", "email", "phone", "consent_given_on",
    "legal_basis_note",
)  # fmt: skip


def allowed_candidate_stages(candidate):
    allowed = CANDIDATE_TRANSITIONS[C(candidate.stage)]
    return [stage for stage in C if stage in allowed]


def candidate_person(candidate, values):
    """The person record of `candidate` (a new one for a new candidate) with `values` (of
    `PERSON_FIELDS`) set, kept on consent and checked; not saved. Raises ValidationError,
    keyed by field."""
    person = candidate.person if candidate.pk else Person()
    for name, value in values.items():
        setattr(person, name, value)
    person.legal_basis = LegalBasis.CONSENT
    person.full_clean(exclude=["desk"])
    return person


def keep_on_consent(person, programme):
    """A candidate's person record: kept on their consent (its day required), and owned by
    one of the programme's desks, so that their desks find them for retention."""
    person.legal_basis = LegalBasis.CONSENT
    desks = list(programme.desks.order_by("pk").values_list("pk", flat=True))
    if person.desk_id not in desks:
        person.desk_id = desks[0] if desks else None
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def nominate(candidate, person, user, note=""):
    """Save a new candidate with their person record, and record the nomination as the
    first move."""
    if candidate.nominated_on and candidate.nominated_on > timezone.localdate():
        raise ValidationError({"nominated_on": _("A nomination is dated today or earlier.")})
    candidate.person = keep_on_consent(person, candidate.cohort.programme)
    candidate.stage = C.NOMINATED
    candidate.stage_changed_on = candidate.nominated_on
    candidate.full_clean()
    candidate.save()
    CandidateMove.objects.create(
        candidate=candidate,
        from_stage="",
        to_stage=C.NOMINATED,
        moved_on=candidate.nominated_on,
        moved_by=user,
        note=note,
    )
    return candidate


def check_candidate_needs(candidate, to_stage, on, values):
    """What a stage needs: a German certificate with its level and day; the recognition
    applied for (or granted) and the authority; the position matched; the visa's and the
    arrival's day are the move's; to place, a start date; a reason to withdraw."""
    errors = {}
    if to_stage == C.LANGUAGE:
        if not values.get("german_level"):
            errors["german_level"] = _("Give the level of the German certificate.")
        certified = values.get("german_certified_on")
        if not certified:
            errors["german_certified_on"] = _("Give the day of the certificate.")
        elif certified > on:
            errors["german_certified_on"] = _("The certificate is dated after the move.")
    if to_stage == C.RECOGNITION:
        if not values.get("recognition"):
            errors["recognition"] = _("Say how far the qualification is recognised.")
        if not values.get("recognition_authority"):
            errors["recognition_authority"] = _("Name the competent authority.")
    if to_stage == C.MATCHED:
        position = values.get("position")
        if position is None:
            errors["position"] = _("Choose the employer's position.")
        elif open_places(position) < 1:
            errors["position"] = _("The position has no open place left.")
    if to_stage == C.PLACED:
        starts_on = values.get("starts_on")
        if not starts_on:
            errors["starts_on"] = _("Give the start date at the employer.")
        elif candidate.arrived_on and starts_on < candidate.arrived_on:
            errors["starts_on"] = _("The start date is before the arrival.")
        if candidate.position_id is None:
            errors[NON_FIELD_ERRORS] = _("Match the candidate with a position first.")
    if to_stage == C.WITHDRAWN:
        if not values.get("withdrawal_reason"):
            errors["withdrawal_reason"] = _("Say why the candidate withdrew.")
        elif values["withdrawal_reason"] == WithdrawalReason.OTHER and not values.get(
            "withdrawal_note"
        ):
            errors["withdrawal_note"] = _("Describe the reason when it is “other”.")
    if errors:
        raise ValidationError(errors)


def holding_a_place(but=None):
    """The condition, on an open position, that one of its candidates takes a place:
    matched with it or placed there (and still employed), not withdrawn; `but` a candidate
    not to count."""
    condition = ~Q(candidates__stage=C.WITHDRAWN) & Q(candidates__placement__ended_on__isnull=True)
    if but is not None:
        condition &= ~Q(candidates__pk=but.pk)
    return condition


def with_open_places(positions, but=None):
    """`positions` annotated with `open_places`: places not yet taken (`holding_a_place`)."""
    taken = Count("candidates", filter=holding_a_place(but), distinct=True)
    return positions.annotate(open_places=F("places") - taken)


def open_places(position, but=None):
    """The places of `position` not yet taken by a candidate matched with it or placed
    there (and still employed); `but` a candidate not to count."""
    return with_open_places(OpenPosition.objects.filter(pk=position.pk), but).get().open_places


@transaction.atomic
def move_candidate(candidate, to_stage, user, on=None, note="", **values):
    """Move a candidate to `to_stage` on the day `on` (today if not given), with what the
    stage needs; placing them records their placement.

    Raises ValidationError, keyed by field, when the move is not allowed or incomplete.
    """
    unknown = set(values) - set(CANDIDATE_MOVE_FIELDS)
    if unknown:
        raise TypeError(f"move_candidate() got unexpected fields: {sorted(unknown)}")
    candidate = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("cohort__programme", "person", "position")
        .get(pk=candidate.pk)
    )
    from_stage = C(candidate.stage)
    refusal = _("A candidate cannot move from %(from)s to %(to)s.")
    to_stage = checked_move(C, CANDIDATE_TRANSITIONS, from_stage, to_stage, refusal)
    on = on or timezone.localdate()
    check_move_day(candidate, on)
    check_candidate_needs(candidate, to_stage, on, values)
    if to_stage == C.LANGUAGE:
        candidate.german_level = values["german_level"]
        candidate.german_certified_on = values["german_certified_on"]
    elif to_stage == C.RECOGNITION:
        candidate.recognition = values["recognition"]
        candidate.recognition_authority = values["recognition_authority"]
    elif to_stage == C.MATCHED:
        candidate.position = values["position"]
    elif to_stage == C.VISA:
        candidate.visa_granted_on = on
    elif to_stage == C.ARRIVED:
        candidate.arrived_on = on
    elif to_stage == C.WITHDRAWN:
        candidate.withdrawal_reason = values["withdrawal_reason"]
        candidate.withdrawal_note = values.get("withdrawal_note", "")
    elif to_stage == C.NOMINATED:
        # Nominated again, the candidate starts over: no reason to withdraw, no position.
        candidate.withdrawal_reason, candidate.withdrawal_note = "", ""
        candidate.position = None
    candidate.stage, candidate.stage_changed_on = to_stage, on
    with moving(candidate):
        candidate.full_clean()
        candidate.save()
    if to_stage == C.PLACED:
        placement = Placement(
            candidate=candidate, position=candidate.position, starts_on=values["starts_on"]
        )
        placement.full_clean()
        placement.save()
    CandidateMove.objects.create(
        candidate=candidate,
        from_stage=from_stage,
        to_stage=to_stage,
        moved_on=on,
        moved_by=user,
        note=note,
    )
    return candidate


# --- matching candidates and positions -----------------------------------------------------

LEVELS = list(LanguageLevel.values)
# How much each thing that fits counts: the occupation most, then the German, then the date.
SAME_OCCUPATION, RELATED_OCCUPATION, ENOUGH_GERMAN, IN_TIME = 3, 1, 2, 1


@dataclass(frozen=True)
class PositionMatch:
    """A position for a candidate (or a candidate for a position), how well it fits and
    why, each reason in the user's language."""

    candidate: Candidate
    position: object
    score: int
    reasons: list[str]


def german_of(candidate):
    """The candidate's German: the certificate's level, else what their course teaches."""
    if candidate.german_level:
        return candidate.german_level
    return candidate.course.german_level if candidate.course_id else ""


def available_from(candidate):
    """When the candidate can start: on arrival, else at the end of their cohort."""
    return candidate.arrived_on or candidate.cohort.ends_on


def fit(candidate, position):
    """How `position` fits `candidate`, or None where it cannot: another minor group of
    occupations, or German two levels or more below what it requires. (Open places are
    for `positions_for` and `candidates_for` to check.)"""
    reasons, score = [], 0
    wanted, offered = candidate.occupation, position.occupation
    if wanted.pk == offered.pk:
        score += SAME_OCCUPATION
        reasons.append(_("same occupation: %(occupation)s") % {"occupation": offered})
    elif wanted.code[:3] == offered.code[:3]:
        score += RELATED_OCCUPATION
        reasons.append(
            _("related occupation: %(occupation)s, of the same minor group")
            % {"occupation": offered}
        )
    else:
        return None
    required, german = position.german_level, german_of(candidate)
    if required:
        gap = LEVELS.index(required) - (LEVELS.index(german) if german else -1)
        if gap >= 2:
            return None
        if gap <= 0:
            score += ENOUGH_GERMAN
            reasons.append(
                _("German %(level)s, %(required)s required")
                % {"level": german, "required": required}
            )
        else:
            reasons.append(
                _("German %(level)s, %(required)s required: one level to go")
                % {"level": german or "—", "required": required}
            )
    ready = available_from(candidate)
    if ready is None or position.starts_on >= ready:
        score += IN_TIME
        reasons.append(
            _("starts on %(date)s, when the candidate is available")
            % {"date": position.starts_on.isoformat()}
        )
    else:
        reasons.append(
            _("starts on %(date)s, before the candidate is available (%(ready)s)")
            % {"date": position.starts_on.isoformat(), "ready": ready.isoformat()}
        )
    return PositionMatch(candidate, position, score, reasons)


def positions_for(candidate, positions):
    """The positions of `positions` with an open place that fit the candidate, best first
    (then the earliest start)."""
    same_group = with_open_places(
        positions.filter(occupation__code__startswith=candidate.occupation.code[:3]),
        but=candidate,
    ).filter(open_places__gt=0)
    matches = [
        match
        for position in same_group.select_related("occupation", "company")
        if (match := fit(candidate, position)) is not None
    ]
    return sorted(matches, key=lambda match: (-match.score, match.position.starts_on))


# Candidates still looking for an employer.
SEEKING = (C.NOMINATED, C.LANGUAGE, C.RECOGNITION)


def candidates_for(position, candidates):
    """The candidates of `candidates` still seeking an employer who fit `position`, best
    first."""
    if open_places(position) < 1:
        return []
    same_group = candidates.filter(
        stage__in=SEEKING, occupation__code__startswith=position.occupation.code[:3]
    ).select_related("occupation", "person", "course", "cohort")
    matches = [match for candidate in same_group if (match := fit(candidate, position)) is not None]
    return sorted(matches, key=lambda match: (-match.score, str(match.candidate)))


@dataclass
class CandidateFigures:
    """How many candidates were nominated, have their qualification recognised (partly or
    fully), were placed, and were still employed after 12 months."""

    nominated: int = 0
    recognised: int = 0
    placed: int = 0
    still_employed: int = 0

    def add(self, other):
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    def for_goal(self, measure):
        name = CANDIDATE_GOAL_FIGURES.get(measure)
        return getattr(self, name) if name else None


CANDIDATE_GOAL_FIGURES = {
    GoalMeasure.NOMINATED: "nominated",
    GoalMeasure.RECOGNISED: "recognised",
    GoalMeasure.PLACED: "placed",
    GoalMeasure.STILL_EMPLOYED: "still_employed",
}
RECOGNISED = (Recognition.PARTIAL, Recognition.FULL)


def candidate_figures(candidates, by="cohort"):
    """{key: CandidateFigures} of `candidates` grouped `by` a field ("cohort",
    "occupation", "country"), in one aggregate query. Placed counts those placed, whether
    or not they withdrew or left later; still employed those answered "yes" after 12
    months."""
    rows = (
        candidates.values(by)
        .annotate(
            nominated=Count("pk"),
            recognised=Count("pk", filter=Q(recognition__in=RECOGNISED)),
            placed=Count("placement"),
            still_employed=Count("placement", filter=Q(placement__employed_after_12_months=True)),
        )
        .order_by()
    )
    return {
        row[by]: CandidateFigures(
            row["nominated"], row["recognised"], row["placed"], row["still_employed"]
        )
        for row in rows
    }
