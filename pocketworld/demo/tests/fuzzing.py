"""What the fuzz tests of the API and the pages share: a small world, built once per test
module, so that ids in paths and bodies point to records; the personas' sign-ins; the
exception behind a 500; the count of cases per persona for the summary of `make fuzz`.

`make test` sends a few cases per operation and page; `make fuzz` sets FUZZ_EXAMPLES to
send many more.
"""

import contextlib
import datetime
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.test import override_settings
from hypothesis import strategies as st

from pocketworld.accounts.models import APIToken, CalendarToken
from pocketworld.core.choices import DeskRole, Role
from pocketworld.core.models import Country
from pocketworld.core.tests.factories import (
    CompanyFactory,
    CompanyNameFactory,
    DeskCoverageFactory,
    DeskFactory,
    DeskMembershipFactory,
    EventFactory,
    InteractionFactory,
    ParticipantFactory,
    PartnerOrganisationFactory,
    PersonFactory,
    PositionFactory,
    ProjectFactory,
    SiteFactory,
    TaskFactory,
    UserFactory,
)

# Cases per API operation or page and persona: few in `make test`, many in `make fuzz`.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0")) or None
FUZZING = EXAMPLES is not None

# The name under which a test reports its counts to the summary (see conftest.py).
SUMMARY_PROPERTY = "fuzz"

# Names as they come in many scripts, and the spellings that trip their readers (search
# romanizes every name it indexes and every query).
NAMES_IN_SCRIPTS = [
    "東芝 삼성전자 टेक महिंद्रा",
    "않 많마 싫어 좋라",
    "ｿﾆｰ株式会社 ㈱東芝 ｶﾞ",
    "ᄀᄀᄀ ㄱㄴ ᆭ",
    "e\u0301\u0301\u0301 ﷽ ไทย العربية",
    "\u200b\u200d\u2060",
    "𝕌𝕟𝕚𝕔𝕠𝕕𝕖 😀",
]

# Pieces of the files people upload (tables, workbooks, GLEIF records), put together at
# random: encodings' marks, delimiters, line ends of every system, quotes, archive and XML
# starts.
FILE_PIECES = [
    b";",
    b",",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b'"',
    b"Name",
    b"Herkunft",
    b"LEI,Entity.LegalName,Entity.LegalAddress.Country",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"J\xc3\xbcrgen",
    b"\xe6\x9d\xb1\xe8\x8a\x9d",
    b"=cmd|' /C calc'!A0",
    b"PK\x03\x04",
    b"<?xml version='1.0'?>",
    b"<lei:LEIData xmlns:lei='http://www.gleif.org/data/schema/leidata/2016'>",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"sep=;",
]
file_contents = st.one_of(
    st.binary(max_size=200),
    st.lists(st.one_of(st.sampled_from(FILE_PIECES), st.binary(max_size=4)), max_size=30).map(
        b"".join
    ),
)

GLEIF_RECORDS = Path(__file__).parents[2] / "imports/tests/data/gleif/lei-records.xml"
IMPORT_FILE = b"Name;Herkunft;Leute\nSony Europe B.V.;JP;300\nSONY EUROPE BV;Japan;310\n"


@dataclass
class World:
    users: dict = field(default_factory=dict)  # persona → user
    tokens: dict = field(default_factory=dict)  # persona → API key
    calendar_keys: list = field(default_factory=list)
    forms: dict = field(default_factory=dict)  # route → the fields its forms send (pages)

    def ids_of(self, model):
        return list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:5])


def build_world():
    """Two desks, the personas, and a few records of every kind the API and pages show."""
    from pocketworld.companies.models import PartnerLink
    from pocketworld.events.models import MatchProfile, MatchSuggestion, Meeting, ProgrammeItem
    from pocketworld.imports import services as imports
    from pocketworld.imports.gleif.services import propose_updates
    from pocketworld.imports.models import LeiUpload
    from pocketworld.projects.services import move_stage
    from pocketworld.reports.models import Segment

    world = World()
    japan = DeskFactory(name="Japan Desk", slug="japan")
    DeskCoverageFactory(desk=japan, country=Country.objects.get(code="JP"))
    india = DeskFactory(name="India Desk", slug="india")
    DeskCoverageFactory(desk=india, country=Country.objects.get(code="IN"))
    director = UserFactory(username="klerks", role=Role.DIRECTOR)
    officer = UserFactory(username="neu")
    DeskMembershipFactory(desk=japan, user=officer, role=DeskRole.OFFICER)
    assistant = UserFactory(username="assistant")  # a choice for assignees and members
    DeskMembershipFactory(desk=japan, user=assistant, role=DeskRole.ASSISTANT)
    partner_viewer = UserFactory(username="partner", role=Role.PARTNER_VIEWER)
    world.users = {
        "director": director,
        "japan_officer": officer,
        "partner_viewer": partner_viewer,
    }
    world.tokens = {persona: APIToken.issue(user)[1] for persona, user in world.users.items()}
    world.calendar_keys = [CalendarToken.issue(officer)[1]]

    japanese = Country.objects.get(code="JP")
    parent = CompanyFactory(legal_name="Toyota Motor Corporation", country=japanese)
    toyota = CompanyFactory(legal_name="Toyota Tsusho Europe", country=japanese, parent=parent)
    CompanyFactory(legal_name="Shell Japan Ltd.", country=japanese)
    infosys = CompanyFactory(legal_name="Infosys", country=Country.objects.get(code="IN"))
    CompanyNameFactory(company=toyota, name="豊田通商")
    SiteFactory(company=toyota)
    partner = PartnerOrganisationFactory(name="JETRO", desks=[japan])
    PartnerLink.objects.create(company=toyota, partner=partner, role="referred_by")
    person = PersonFactory(given_name="Lena", family_name="Hartmann")
    PositionFactory(person=person, company=toyota)
    PositionFactory(company=infosys)
    project = ProjectFactory(company=toyota, owner=officer)
    move_stage(project, "qualified", officer)
    ProjectFactory(company=infosys, owner=director)
    interaction = InteractionFactory(company=toyota, project=project)
    TaskFactory(assignee=officer, company=toyota, interaction=interaction)

    event = EventFactory(desks=[japan], slots=4, tables=2)
    first = ParticipantFactory(event=event, company=toyota, person=person)
    second = ParticipantFactory(event=event, company=infosys)
    ParticipantFactory(event=event, company=parent)
    for participant in (first, second):
        MatchProfile.objects.create(
            participant=participant, offers="Logistics in Europe", seeks="IT services"
        )
    suggestion = MatchSuggestion.objects.create(
        event=event, first=first, second=second, status="approved"
    )
    Meeting.objects.create(event=event, suggestion=suggestion, slot=1, table=1)
    start = datetime.datetime(2026, 6, 10, 9, tzinfo=datetime.UTC)
    ProgrammeItem.objects.create(
        event=event, title="Welcome", starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    Segment.objects.create(name="Japan", owner=officer, shared=True, query="country=JP")

    applied = imports.check(imports.upload("companies", "fair.csv", IMPORT_FILE, officer))
    imports.apply(applied, officer)
    imports.check(imports.upload("companies", "second.csv", IMPORT_FILE, officer))
    propose_updates([(GLEIF_RECORDS.name, GLEIF_RECORDS.read_bytes())], director)
    LeiUpload.objects.create(
        created_by=director, status="done", files=[{"name": "lei.xml", "level": 1, "size": 1}]
    )
    return world


@contextlib.contextmanager
def world_for_module(django_db_blocker):
    """The world in a transaction that is rolled back after the test module.

    Each test then runs in a savepoint of it (pytest-django's `db`), and each case in a
    savepoint of its own (`rolled_back`), so that a DELETE leaves the next case the world.
    """
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        LANGUAGE_CODE="en",
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        world = build_world()
        yield world
        transaction.set_rollback(True)


@contextlib.contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def describe_exception(exc_info):
    """The exception and the last frames of the project's code, for a failure message."""
    if not exc_info:
        return "(no exception recorded)"
    _type, error, trace = exc_info
    frames = [
        frame
        for frame in traceback.extract_tb(trace)
        if "/pocketworld/" in frame.filename and "/.venv/" not in frame.filename
    ] or traceback.extract_tb(trace)[-3:]
    lines = [f"{type(error).__name__}: {str(error)[:300]}"]
    lines += [f"  {frame.filename}:{frame.lineno} in {frame.name}" for frame in frames[-4:]]
    return "\n".join(lines)


class CaseCounter:
    """Cases sent and server errors met by one test, reported as a user property."""

    def __init__(self, node, kind, persona):
        self.counts = {"kind": kind, "persona": persona, "cases": 0, "server_errors": 0}
        node.user_properties.append((SUMMARY_PROPERTY, self.counts))

    def sent(self, status_code):
        self.counts["cases"] += 1
        if status_code >= 500:
            self.counts["server_errors"] += 1
