"""A person who appears in every place a person can appear, for the erasure and export tests.

Hiroshi Watanabe-Kessler (渡辺 博) is imported from a CSV file, merged with a duplicate
of himself from an earlier address, edited, given a position, tags and a retention
extension, named among the people of interactions and in their notes, in a task, leads
one delegation, takes part in another alone and in a matchmaking day for his company with
a planned meeting, hosts a programme item, has a project named after him, is logged in
the admin, and was exported once. A colleague imported with him stays, and so does a
staff member called Hiroshi Kessler, whose name is not his to erase.

Built through the services where there is one (import, merge), so that change sets,
snapshots, history and the search index hold him as they would in use.
"""

import datetime
import re
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from pocketworld.contacts.models import Person
from pocketworld.core.choices import DeskRole
from pocketworld.core.models import Country
from pocketworld.core.tests.factories import (
    CohortFactory,
    CollegeFactory,
    CompanyFactory,
    DeskCoverageFactory,
    DeskFactory,
    DeskMembershipFactory,
    EventFactory,
    InteractionFactory,
    MembershipFactory,
    ParticipantFactory,
    PersonFactory,
    PositionFactory,
    ProgrammeFactory,
    ProjectFactory,
    TaskFactory,
    UserFactory,
    occupation,
)
from pocketworld.events.models import MatchSuggestion, Meeting, ProgrammeItem
from pocketworld.imports import merging, services
from pocketworld.inquiries.services import Submission
from pocketworld.inquiries.services import receive as receive_inquiry
from pocketworld.privacy.models import AccessExport, DueForReview, RetentionExtension
from pocketworld.privacy.retention import file_under_desks
from pocketworld.programmes.models import Candidate

GIVEN, FAMILY = "Hiroshi", "Watanabe-Kessler"
NATIVE = "渡辺 博"
EMAIL = "h.watanabe-kessler@example.jp"
PHONE = "+49 211 5550 173"
MOBILE = "+81 90 1234 5678"
OLD_EMAIL = "hiroshi.wk@old-address.example.jp"
OLD_PHONE = "0211 999 8877"

# What must be found nowhere after the erasure, as a reader might find it.
UNIQUE_STRINGS = [
    f"{GIVEN} {FAMILY}",
    f"{FAMILY} {GIVEN}",
    f"{FAMILY}, {GIVEN}",
    NATIVE,
    NATIVE.replace(" ", ""),
    EMAIL,
    OLD_EMAIL,
]
UNIQUE_PHONES = [PHONE, MOBILE, OLD_PHONE]
SEPARATORS_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\s\-/.()]+(?=\d)")


def digits(phone):
    return re.sub(r"\D", "", phone)


def traces_in(text):
    """The unique strings and phone numbers found in `text` (ignoring case; phone numbers
    with or without separators)."""
    folded = text.casefold()
    found = [string for string in UNIQUE_STRINGS if string.casefold() in folded]
    joined = SEPARATORS_BETWEEN_DIGITS.sub("", text)
    found += [phone for phone in UNIQUE_PHONES if digits(phone) in joined]
    return found


@dataclass
class World:
    person: Person
    officer: object  # a Japan desk officer who did the work
    desk: object
    company: object
    colleague: Person
    interaction: object  # names him among its people and in its notes
    mention: object  # names him in its notes only
    task: object
    led_event: object
    alone_event: object
    matchmaking_event: object
    company_participant: object  # his company's participation, naming him
    programme_item: object
    project: object
    membership: object  # a start-up he mentors
    candidacy: object  # his way to an employer here as a skilled worker
    import_run: object
    merge: object  # the change set of the merge


# As Excel saves "Unicode text": UTF-16 with tabs.
CSV = (
    "Vorname\tNachname\tOriginalname\tE-Mail\tTelefon\tMobil\tFirma\tPosition\r\n"
    f"{GIVEN}\t{FAMILY}\t{NATIVE}\t{EMAIL}\t{PHONE}\t{MOBILE}\tKessler Optics GmbH\tDirector\r\n"
    "Anna\tSchmidt\t\ta.schmidt@example.de\t\t\tKessler Optics GmbH\tEngineer\r\n"
).encode("utf-16")


def build_world(desk):
    """The person in every place, at companies of `desk` (which covers Japan); returns
    the `World`."""
    officer = UserFactory(username="everywhere-officer")
    DeskMembershipFactory(desk=desk, user=officer, role=DeskRole.OFFICER)
    company = CompanyFactory(legal_name="Kessler Optics GmbH")

    # Imported from a file, with a colleague.
    run = services.upload("people", "contacts.txt", CSV, officer)
    services.check(run)
    services.apply(run, officer)
    person = Person.objects.get(family_name=FAMILY)
    colleague = Person.objects.get(family_name="Schmidt")
    colleague.notes = f"Deputy of {GIVEN} {FAMILY}."
    colleague.save()
    person.desk = desk
    person.notes = "Prefers meetings in Japanese."
    person.save()
    person.tags.add("vip")
    person.languages.add("ja")

    # A duplicate of himself from an earlier address, merged into him.
    duplicate = PersonFactory(
        given_name=GIVEN, family_name=FAMILY, email=OLD_EMAIL, phone=OLD_PHONE, desk=desk
    )
    InteractionFactory(company=company, subject="Old contact").people.add(duplicate)
    merge = merging.merge_people(person, duplicate, {}, officer)
    person.refresh_from_db()

    PositionFactory(person=person, company=company, job_title="Managing Director")
    RetentionExtension.objects.create(
        person=person,
        until=timezone.localdate() + datetime.timedelta(days=300),
        reason=f"{GIVEN} {FAMILY} asked us to keep his data until the fair.",
        extended_by=officer,
    )
    DueForReview.objects.create(
        person=person, listed_on=timezone.localdate(), last_activity=timezone.localdate()
    )
    file_under_desks(DueForReview.objects.filter(person=person))

    interaction = InteractionFactory(
        company=company,
        subject="Visit at Kessler Optics",
        notes=f"Met {GIVEN} {FAMILY} ({EMAIL}); call him on {MOBILE}.",
    )
    interaction.people.add(person, colleague)
    mention = InteractionFactory(
        company=company, subject="Phone call", notes=f"{FAMILY}, {GIVEN} recommended us."
    )
    task = TaskFactory(
        company=company,
        assignee=officer,
        title=f"Send the brochure to {GIVEN} {FAMILY}",
        description=f"Address: {EMAIL}",
    )

    led_event = EventFactory(
        desks=[desk],
        kind="incoming_delegation",
        title="Delegation from Kobe",
        leader=person,
        description=f"Led by {FAMILY} {GIVEN}, as the Japanese write it.",
    )
    alone_event = EventFactory(desks=[desk], kind="conference", title="Optics conference")
    ParticipantFactory(event=alone_event, company=None, person=person, role="speaker")
    matchmaking_event = EventFactory(
        desks=[desk],
        title="Photonics matchmaking",
        first_slot_at=datetime.time(9, 0),
        slots=4,
        tables=2,
    )
    company_participant = ParticipantFactory(
        event=matchmaking_event,
        company=company,
        person=person,
        notes=f"{GIVEN} {FAMILY} brings samples.",
    )
    other = ParticipantFactory(event=matchmaking_event, company=CompanyFactory())
    first, second = sorted([company_participant, other], key=lambda participant: participant.pk)
    suggestion = MatchSuggestion.objects.create(
        event=matchmaking_event, first=first, second=second, status="approved", score=0.8
    )
    Meeting.objects.create(event=matchmaking_event, suggestion=suggestion, slot=1, table=1)
    programme_item = ProgrammeItem.objects.create(
        event=led_event,
        title="Harbour visit",
        starts_at=timezone.make_aware(datetime.datetime(2026, 6, 10, 9)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 6, 10, 11)),
        host_company=company,
        host_person=person,
        notes=f"Host: {NATIVE}, {PHONE}",
    )

    project = ProjectFactory(
        company=company,
        owner=officer,
        title=f"Expansion with {GIVEN} {FAMILY}",
        description=f"{GIVEN} {FAMILY} leads the new site.",
    )
    company.description = f"Contact: {GIVEN} {FAMILY}, {OLD_PHONE}"
    company.save()
    membership = MembershipFactory(
        cohort=CohortFactory(programme=ProgrammeFactory(desks=[desk])), company=CompanyFactory()
    )
    membership.mentors.add(person)
    candidacy = Candidate.objects.create(
        cohort=CohortFactory(programme=ProgrammeFactory(kind="skilled_workers", desks=[desk])),
        person=person,
        college=CollegeFactory(),
        occupation=occupation("2221"),
        country_id="IN",
        nominated_on=datetime.date(2026, 1, 15),
        notes=f"{GIVEN} wants to work in intensive care.",
    )

    LogEntry.objects.create(
        user=officer,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message="[]",
    )
    AccessExport.objects.create(person=person, exported_by=officer, language="en")
    # His inquiry from the public form, linked to him.
    inquiry, _created = receive_inquiry(
        Submission(
            company_name="Kessler Optics GmbH",
            country=Country.objects.get(code="DE"),
            contact_name=f"{GIVEN} {FAMILY}",
            email=EMAIL,
            language="de",
            message=f"{GIVEN} {FAMILY} asks about an office.",
        ),
        channel="form",
    )
    inquiry.person = person
    inquiry.save()
    # A staff member with a name like his is someone else: their account is not his.
    UserFactory(username="hiroshi", first_name=GIVEN, last_name="Kessler")
    return World(
        person=person,
        officer=officer,
        desk=desk,
        company=company,
        colleague=colleague,
        interaction=interaction,
        mention=mention,
        task=task,
        led_event=led_event,
        alone_event=alone_event,
        matchmaking_event=matchmaking_event,
        company_participant=company_participant,
        programme_item=programme_item,
        project=project,
        membership=membership,
        candidacy=candidacy,
        import_run=run,
        merge=merge,
    )


def erase_in_this_database():
    """Build the world in the environment's database and erase the person (the test of the
    SQLite file runs this through `manage.py shell`, in a database of its own)."""
    from pocketworld.core.services import load_reference_data
    from pocketworld.privacy.erasure import erase_person

    load_reference_data()
    desk = DeskFactory(name="Japan Desk", slug="japan")
    DeskCoverageFactory(desk=desk, country=Country.objects.get(code="JP"))
    world = build_world(desk)
    erase_person(world.person, erased_by=world.officer, reason="Request 2026-17 by letter")
