"""What the inquiries' tests make again and again: the moment they run at, the inquiry of
Yamada Robotics as the form, the API and the services take it, a desk's head, the
programmes and events a desk offers, and a reader of a page's form controls. The fixtures
that use these are in conftest.py."""

import datetime
import zoneinfo
from html.parser import HTMLParser

from django.urls import reverse

from pocketworld.core.choices import DeskRole
from pocketworld.core.models import Country
from pocketworld.core.tests.factories import (
    CohortFactory,
    CompanyFactory,
    DeskMembershipFactory,
    EventFactory,
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
)
from pocketworld.inquiries import defences, services

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# A Monday in January, 10:00 in Düsseldorf.
NOW = datetime.datetime(2026, 1, 12, 10, 0, tzinfo=BERLIN)

# Who sends the inquiries, in each way they come in.
INQUIRER = {
    "company_name": "Yamada Robotics K.K.",
    "contact_name": "Taro Yamada",
    "email": "taro@yamada-robotics.example.jp",
}


def berlin(*args):
    """A moment given as datetime's arguments, in Berlin's time."""
    return datetime.datetime(*args, tzinfo=BERLIN)


def form_url(language="en"):
    """The address of the public form in `language`."""
    return reverse("inquiries:public_form", args=[language])


def _filled(data, values):
    """`data` with `values` changed; a value of None leaves its field out."""
    data = {**data, **values}
    return {name: value for name, value in data.items() if value is not None}


def form_data(**values):
    """What a browser posts through the public form: the inquirer's fields, the consent, an
    empty hidden field and a fresh token, with `values` changed (None leaves a field out)."""
    data = {
        **INQUIRER,
        "country": "JP",
        "message": "We plan a European sales office near Düsseldorf.",
        "consent": "on",
        "website": "",
        "token": defences.new_form_token(),
    }
    return _filled(data, values)


def public_data(**values):
    """What a client posts to the public API, in Japanese and with consent, with `values`
    changed (None leaves a field out)."""
    data = {
        **INQUIRER,
        "country": "JP",
        "language": "ja",
        "message": "We plan a European sales office near Düsseldorf.",
        "consent": True,
    }
    return _filled(data, values)


def submission(**values):
    """A Submission from Japan in Japanese, as the form or the API hands it to the services,
    with `values` changed."""
    data = {
        **INQUIRER,
        "country": Country.objects.get(code="JP"),
        "language": "ja",
        "message": "We plan a European sales office.",
    }
    return services.Submission(**{**data, **values})


def desk_head(desk, username="head", **values):
    """A user who is the head of `desk`; `values` go to the user's factory."""
    user = UserFactory(username=username, **values)
    DeskMembershipFactory(desk=desk, user=user, role=DeskRole.HEAD)
    return user


def cohort_of(desk, **programme):
    """A cohort of a new programme of `desk`; `programme` goes to the programme's factory."""
    return CohortFactory(programme=ProgrammeFactory(desks=[desk], **programme))


def member_of(cohort):
    """A company that applied to `cohort` on 5 January 2026, before any inquiry came."""
    company = CompanyFactory()
    MembershipFactory(cohort=cohort, company=company, applied_on=datetime.date(2026, 1, 5))
    return company


def event_of(desk):
    """A new event of `desk`."""
    return EventFactory(desks=[desk])


class Controls(HTMLParser):
    """The form controls of a page (but those of a type in `skip`), the labels that name them
    and every id the page uses."""

    def __init__(self, skip):
        super().__init__()
        self.skip = skip
        self.controls = []
        self.label_for = set()
        self.ids = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in self.skip:
            self.controls.append(attrs)


def controls_of(page, skip=("hidden",)):
    """The Controls read from the HTML of `page`."""
    parser = Controls(skip)
    parser.feed(page)
    return parser
