"""What happens to an inquiry: receiving it (routing, clock, defences' verdict), replies,
reassignment, recognising known companies and people, and the triage outcomes. Pages and
API call these, so both follow the same rules."""

import dataclasses

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pocketworld.companies.models import Company, PartnerOrganisation
from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person, Position
from pocketworld.core.choices import DeskRole
from pocketworld.core.models import Sector as NaceSector
from pocketworld.core.permissions import desk_roles, may_change, sees_and_changes_everything
from pocketworld.core.scripts import Script, detect_script
from pocketworld.events.models import Participant
from pocketworld.inquiries import clock, defences, tasks
from pocketworld.inquiries.choices import (
    CloseReason,
    EventKind,
    Outcome,
    ReplyChannel,
    RoutedBy,
    SpamReason,
    Status,
)
from pocketworld.inquiries.models import Attachment, Inquiry, Reply
from pocketworld.inquiries.models import InquiryEvent as Event
from pocketworld.inquiries.public.choices import NACE, Plan
from pocketworld.inquiries.public.privacy import privacy_text
from pocketworld.inquiries.routing import language_code, route
from pocketworld.programmes.choices import ProgrammeKind
from pocketworld.programmes.models import Membership
from pocketworld.programmes.services import enrol
from pocketworld.projects.choices import ProjectKind, ProjectSource, Stage
from pocketworld.projects.models import Project
from pocketworld.projects.services import create_project
from pocketworld.search.services import find_duplicates

# The programmes a company takes a place in; skilled workers come through colleges.
COMPANY_PROGRAMMES = (ProgrammeKind.STARTUP_ACCELERATION, ProgrammeKind.SOFT_LANDING)

PROJECT_KIND = {
    Plan.NEW_SETTLEMENT: ProjectKind.NEW_SETTLEMENT,
    Plan.EXPANSION: ProjectKind.EXPANSION,
    Plan.STARTUP: ProjectKind.SOFT_LANDING,
}


@dataclasses.dataclass
class Submission:
    """What an inquirer sent, checked by the form or the serializer."""

    company_name: str
    country: object
    contact_name: str
    email: str
    language: str
    message: str
    phone: str = ""
    plan: str = ""
    sector: str = ""
    size: str = ""
    timing: str = ""


@dataclasses.dataclass
class File:
    name: str
    content_type: str
    data: bytes


# What releasing from spam sets anew.
RELEASED_FIELDS = [
    "status", "spam_reason", "outcome", "close_reason", "outcome_note", "outcome_at",
    "escalated_at", "clock_started_at", "due_at", "escalate_at",
]  # fmt: skip


def start_clock(inquiry, at):
    """Run the inquiry's clock from `at`: its arrival, or its release from spam."""
    inquiry.clock_started_at = at
    inquiry.due_at = clock.add_working_days(at, settings.INQUIRY_RESPONSE_DAYS)
    inquiry.escalate_at = clock.add_working_days(at, settings.INQUIRY_ESCALATION_DAYS)


def receive(submission, *, channel, spam_reason="", address_hash="", nonce=None, file=None):
    """Store a submission once (a `nonce` seen before with the same content returns the
    inquiry it made), routed and with its clock running. What passed the content checks
    (`spam_reason` empty) is counted against the sender's limits here, under their locks;
    a non-spam one gets its confirmation through the worker. Returns (inquiry, created)."""
    if nonce and (known := Inquiry.objects.filter(nonce=nonce).first()):
        if (known.email, known.message) == (submission.email, submission.message):
            return known, False
        nonce = None  # the form's page sent back with other content: another inquiry
    now = timezone.now()
    desk, routed_by = route(submission.country.pk, submission.language)
    inquiry = Inquiry(
        **dataclasses.asdict(submission),
        nonce=nonce or None,
        channel=channel,
        consent_at=now,
        consent_text=privacy_text(submission.language),
        address_hash=address_hash,
        received_at=now,
        desk=desk,
        routed_by=routed_by,
        status=Status.SPAM if spam_reason else Status.NEW,
        spam_reason=spam_reason,
    )
    start_clock(inquiry, now)
    try:
        with transaction.atomic():
            if not spam_reason:
                defences.hold_limits(address_hash, submission.email)
                if spam_reason := defences.over_limit(address_hash, submission.email, now):
                    inquiry.status, inquiry.spam_reason = Status.SPAM, spam_reason
            inquiry.save()
            if file is not None:
                Attachment.objects.create(
                    inquiry=inquiry,
                    name=file.name[:200],
                    content_type=file.content_type,
                    size=len(file.data),
                    data=file.data,
                )
            note = desk.name if desk else ""
            Event.record(
                inquiry, EventKind.RECEIVED, note=f"{inquiry.get_routed_by_display()}: {note}"
            )
            if spam_reason:
                Event.record(inquiry, EventKind.SPAM, note=inquiry.get_spam_reason_display())
    except IntegrityError:
        # The same form sent twice at once: the other request stored it.
        if nonce and (known := Inquiry.objects.filter(nonce=nonce).first()):
            return known, False
        raise
    if not spam_reason:
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(inquiry.pk))
    return inquiry, True


# --- replies ---------------------------------------------------------------------------


def check_may_work_on(user, inquiry):
    if not may_change(user, inquiry):
        raise PermissionDenied(_("You may not work on this inquiry."))


def answered(inquiry, at):
    """Stop the clock at the first reply."""
    if inquiry.first_response_at is None:
        inquiry.first_response_at = at
        inquiry.response_hours = round(clock.working_hours_between(inquiry.clock_started_at, at), 2)
        if inquiry.status == Status.NEW:
            inquiry.status = Status.ANSWERED
        inquiry.save(update_fields=["first_response_at", "response_hours", "status"])


def reply(inquiry, user, channel, subject="", body="", at=None):
    """Record a reply (given `at`, else now); one written here (`ReplyChannel.EMAIL`) leaves
    by e-mail through the worker."""
    check_may_work_on(user, inquiry)
    if inquiry.status == Status.SPAM:
        raise ValidationError(_("Release the inquiry from spam before replying."))
    if channel == ReplyChannel.EMAIL and not body.strip():
        raise ValidationError({"body": _("Write the reply to send.")})
    answer = Reply(
        inquiry=inquiry,
        channel=channel,
        subject=subject,
        body=body,
        sent_by=user,
        sent_at=at or timezone.now(),
    )
    answer.full_clean()
    with transaction.atomic():
        answer.save()
        answered(inquiry, answer.sent_at)
        Event.record(inquiry, EventKind.REPLIED, user, answer.get_channel_display())
        if channel == ReplyChannel.EMAIL:
            transaction.on_commit(lambda: tasks.send_reply.enqueue(answer.pk))
    return answer


# --- routing by hand -------------------------------------------------------------------


def may_reassign(user, inquiry):
    """Directors, administrators and the head of the inquiry's desk; anyone of a desk may
    take an inquiry no desk was found for."""
    if sees_and_changes_everything(user):
        return True
    roles = desk_roles(user)
    if inquiry.desk_id is None:
        return bool(roles)
    return roles.get(inquiry.desk_id) == DeskRole.HEAD


def reassign(inquiry, user, desk, note=""):
    if not may_reassign(user, inquiry):
        raise PermissionDenied(_("Only the head of the inquiry's desk may reassign it."))
    if desk.pk == inquiry.desk_id:
        raise ValidationError({"desk": _("The inquiry is on this desk already.")})
    before = inquiry.desk
    with transaction.atomic():
        inquiry.desk = desk
        inquiry.routed_by = RoutedBy.HAND
        inquiry.save(update_fields=["desk", "routed_by", "last_updated"])
        text = f"{before or '–'} → {desk}" + (f": {note}" if note else "")
        Event.record(inquiry, EventKind.REASSIGNED, user, text)


# --- known companies and people --------------------------------------------------------


def known_companies(inquiry, user, limit=3):
    """Companies the cross-script search finds for the inquiry's company name."""
    if inquiry.company_id:
        return []
    return find_duplicates(
        [inquiry.company_name], user, kind="company", limit=limit, country=inquiry.country_id
    )


def known_people(inquiry, user, limit=3):
    """People with the inquirer's e-mail address first, then those the search finds by
    name."""
    if inquiry.person_id:
        return [], []
    by_email = list(
        Person.objects.visible_to(user).filter(email__iexact=inquiry.email).order_by("pk")[:limit]
    )
    hits = find_duplicates([inquiry.contact_name], user, kind="person", limit=limit)
    seen = {person.pk for person in by_email}
    return by_email, [hit for hit in hits if hit.object_id not in seen]


def link(inquiry, user, company=None, person=None):
    """Say which known company or person the inquiry is from: an officer's decision, never
    a merge."""
    check_may_work_on(user, inquiry)
    fields = []
    if company is not None:
        inquiry.company = company
        fields.append("company")
        Event.record(inquiry, EventKind.LINKED, user, str(company), company.get_absolute_url())
    if person is not None:
        inquiry.person = person
        fields.append("person")
        Event.record(inquiry, EventKind.LINKED, user, str(person), person.get_absolute_url())
    inquiry.save(update_fields=[*fields, "last_updated"])


# --- triage outcomes -------------------------------------------------------------------


def check_open(inquiry):
    if inquiry.outcome:
        raise ValidationError(_("This inquiry has been triaged already."))
    if inquiry.status == Status.SPAM:
        raise ValidationError(_("Release the inquiry from spam first."))


def company_of(inquiry, desk):
    """The inquiry's company: the one linked, else a new prospect made of what it says."""
    if inquiry.company_id:
        return inquiry.company
    company = Company(
        legal_name=inquiry.company_name, country=inquiry.country, desk=desk or inquiry.desk
    )
    company.full_clean()
    company.save()
    if code := NACE.get(inquiry.sector):
        company.sectors.add(*NaceSector.objects.filter(code=code))
    inquiry.company = company
    return company


def split_name(name, language):
    """(given, family, native, script) of a contact name in any script: a Latin name's
    last word is its family name; a name in another script is kept whole as written."""
    script = detect_script(name, language_code(language))
    if script in ("", Script.LATIN):
        given, _, family = name.strip().rpartition(" ")
        return given, family or name, "", ""
    return "", name, name, script


def person_of(inquiry, company):
    """The inquiry's person: the one linked, else a new one who gave consent with the
    inquiry, at the company."""
    if inquiry.person_id:
        return inquiry.person
    given, family, native, script = split_name(inquiry.contact_name, inquiry.language)
    person = Person(
        given_name=given[:100],
        family_name=family[:100],
        native_name=native[:200],
        native_script=script,
        email=inquiry.email,
        phone=inquiry.phone,
        desk=inquiry.desk,
        legal_basis=LegalBasis.CONSENT,
        consent_given_on=timezone.localdate(inquiry.consent_at),
        legal_basis_note=_("Consent given with inquiry %(reference)s.")
        % {"reference": inquiry.reference},
    )
    person.full_clean()
    person.save()
    if company is not None:
        Position.objects.create(person=person, company=company)
    inquiry.person = person
    return person


def conclude(inquiry, user, outcome, note="", url="", **fields):
    for name, value in fields.items():
        setattr(inquiry, name, value)
    inquiry.outcome = outcome
    inquiry.outcome_note = note
    inquiry.outcome_at = timezone.now()
    if inquiry.status != Status.SPAM:
        inquiry.status = Status.DONE
    # Only what triage changes: the escalation pass may have written since it was read.
    inquiry.save(
        update_fields=[
            *fields, "company", "person", "outcome", "outcome_note", "outcome_at", "status",
            "last_updated",
        ]
    )  # fmt: skip
    label = inquiry.get_outcome_display()
    if inquiry.close_reason:
        label = f"{label}: {inquiry.get_close_reason_display()}"
    Event.record(inquiry, EventKind.OUTCOME, user, f"{label}" + (f" – {note}" if note else ""), url)


def turn_into_lead(inquiry, user, title, kind=None, note=""):
    """A lead project of the inquiry, with its company and person (linked or new)."""
    check_may_work_on(user, inquiry)
    check_open(inquiry)
    if inquiry.desk_id is None:
        raise ValidationError(_("Assign the inquiry to a desk first."))
    with transaction.atomic():
        company = company_of(inquiry, inquiry.desk)
        person_of(inquiry, company)
        project = Project(
            title=title[:200],
            kind=kind or PROJECT_KIND.get(inquiry.plan, ProjectKind.NEW_SETTLEMENT),
            company=company,
            desk=inquiry.desk,
            owner=user,
            source=ProjectSource.INQUIRY,
            source_note=_("Inquiry %(reference)s") % {"reference": inquiry.reference},
            stage=Stage.LEAD,
            origin_country_id=inquiry.country_id,
        )
        create_project(
            project,
            user,
            note=note or _("From inquiry %(reference)s") % {"reference": inquiry.reference},
        )
        conclude(inquiry, user, Outcome.LEAD, note, project.get_absolute_url(), project=project)
    return project


def add_to_programme(inquiry, user, cohort, note=""):
    """A place for the inquiry's company in a cohort of a start-up programme, as an
    application (its first move)."""
    check_may_work_on(user, inquiry)
    check_open(inquiry)
    if cohort.programme.kind not in COMPANY_PROGRAMMES:
        raise ValidationError(
            {"cohort": _("Only a start-up programme takes a company; choose one of its cohorts.")}
        )
    if not may_change(user, cohort.programme):
        raise PermissionDenied(_("You may not add to this programme."))
    with transaction.atomic():
        company = company_of(inquiry, inquiry.desk)
        person_of(inquiry, company)
        if Membership.objects.filter(cohort=cohort, company=company).exists():
            raise ValidationError({"cohort": _("The company is in this cohort already.")})
        membership = enrol(
            Membership(cohort=cohort, company=company, applied_on=timezone.localdate()),
            user,
            note,
        )
        conclude(
            inquiry, user, Outcome.PROGRAMME, note, membership.get_absolute_url(),
            membership=membership,
        )  # fmt: skip
    return membership


def add_to_event(inquiry, user, event, role, note=""):
    """The inquiry's company and person registered for an event."""
    check_may_work_on(user, inquiry)
    check_open(inquiry)
    if not may_change(user, event):
        raise PermissionDenied(_("You may not add to this event."))
    with transaction.atomic():
        company = company_of(inquiry, inquiry.desk)
        person = person_of(inquiry, company)
        participant = Participant(event=event, company=company, person=person, role=role)
        participant.full_clean()
        participant.save()
        conclude(
            inquiry, user, Outcome.EVENT, note, event.get_absolute_url(), participant=participant
        )
    return participant


def forward(inquiry, user, partner, note):
    """Hand the inquiry to a partner organisation (a chamber, a trade organisation), with a
    note for the record."""
    check_may_work_on(user, inquiry)
    check_open(inquiry)
    if not isinstance(partner, PartnerOrganisation):
        raise ValidationError({"partner": _("Choose a partner organisation.")})
    with transaction.atomic():
        conclude(inquiry, user, Outcome.PARTNER, note, partner.get_absolute_url(), partner=partner)


def close(inquiry, user, reason, note=""):
    check_may_work_on(user, inquiry)
    if inquiry.outcome:
        raise ValidationError(_("This inquiry has been triaged already."))
    with transaction.atomic():
        fields = {"close_reason": reason}
        if reason == CloseReason.SPAM:
            fields |= {"status": Status.SPAM, "spam_reason": SpamReason.MARKED}
        conclude(inquiry, user, Outcome.CLOSED, note, **fields)


def release(inquiry, user):
    """Not spam after all: routed, on the clock from now, and confirmed to the inquirer."""
    check_may_work_on(user, inquiry)
    if inquiry.status != Status.SPAM:
        raise ValidationError(_("This inquiry is not in the spam folder."))
    now = timezone.now()
    with transaction.atomic():
        inquiry.status = Status.ANSWERED if inquiry.first_response_at else Status.NEW
        inquiry.spam_reason = ""
        inquiry.outcome = inquiry.close_reason = inquiry.outcome_note = ""
        inquiry.outcome_at = inquiry.escalated_at = None
        start_clock(inquiry, now)
        inquiry.save(update_fields=[*RELEASED_FIELDS, "last_updated"])
        Event.record(inquiry, EventKind.RELEASED, user)
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(inquiry.pk))
