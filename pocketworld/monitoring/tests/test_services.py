"""The rules of market monitoring as the services keep them: an entry is stored once however
many sources and addresses carry it, an item is turned into a note, a task or a lead, and
each user is alerted to the items of their desks and watch list."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pocketworld.companies.choices import CompanyStatus
from pocketworld.companies.models import Company
from pocketworld.core.models import Country
from pocketworld.core.tests.factories import (
    CompanyFactory,
    FeedFactory,
    NewsItemFactory,
)
from pocketworld.interactions.choices import InteractionKind, TaskStatus
from pocketworld.interactions.models import Task
from pocketworld.interactions.services import aftercare_gaps
from pocketworld.monitoring import services
from pocketworld.monitoring.choices import FollowUpKind, LinkStatus
from pocketworld.monitoring.linking import gazetteer_from_database
from pocketworld.monitoring.models import FollowUp, NewsItem, Watch
from pocketworld.monitoring.parsing import Entry
from pocketworld.projects.choices import ProjectSource, Stage

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NOW = datetime.datetime(2026, 12, 6, 9, tzinfo=BERLIN)
TODAY = datetime.date(2026, 12, 6)
YESTERDAY = NOW - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def companies(japan_desk, india_desk):
    """A settled company of the Japan desk and one of no desk."""
    toshiba = CompanyFactory(
        legal_name="Toshiba Corporation",
        country=Country.objects.get(code="JP"),
        status=CompanyStatus.SETTLED,
    )
    samsung = CompanyFactory(
        legal_name="Samsung Electronics Co., Ltd.", country=Country.objects.get(code="KR")
    )
    assert (toshiba.desk, samsung.desk) == (japan_desk, None)
    return SimpleNamespace(toshiba=toshiba, samsung=samsung)


@pytest.fixture
def feed(japan_desk):
    return FeedFactory(desks=[japan_desk])


def news(title, feed, summary="", published=None):
    """An item of `feed`, linked as the fetcher links a new one."""
    item = NewsItemFactory(
        title=title, summary=summary, feeds=[feed], published=published or timezone.now()
    )
    services.link_item(item, feed=feed)
    return item


# --- storing ---------------------------------------------------------------------------------


def test_an_entry_two_sources_carry_is_stored_once(japan_desk, india_desk, companies):
    nikkei, times_of_india = FeedFactory(desks=[japan_desk]), FeedFactory(desks=[india_desk])
    entry = Entry(
        url="https://news.example.com/toshiba-plant",
        title="Toshiba to build a new plant in India",
        published=YESTERDAY,
    )
    gazetteer = gazetteer_from_database()

    assert services.store_entries(nikkei, [entry], NOW, gazetteer) == (1, 0)
    assert services.store_entries(times_of_india, [entry], NOW, gazetteer) == (0, 1)

    item = NewsItem.objects.get()
    assert set(item.feeds.all()) == {nikkei, times_of_india}
    assert item.published == YESTERDAY
    # Stored and linked in one go.
    assert list(item.company_links.values_list("company", flat=True)) == [companies.toshiba.pk]


def test_tracking_parameters_and_fragments_make_no_other_item(feed):
    address = "https://news.example.com/article?id=7"
    first = Entry(url=f"{address}&utm_source=rss&utm_medium=feed", title="Plant opens")
    again = Entry(url=f"{address}&fbclid=abc#comments", title="Plant opens (updated)")
    other = Entry(url="https://news.example.com/article?id=8", title="Office moves")
    gazetteer = gazetteer_from_database()

    assert services.store_entries(feed, [first, other], NOW, gazetteer) == (2, 0)
    assert services.store_entries(feed, [again], NOW, gazetteer) == (0, 1)

    assert sorted(NewsItem.objects.values_list("title", flat=True)) == [
        "Office moves",
        "Plant opens",
    ]


def test_the_same_headline_at_another_address_within_a_week_is_the_same_item(
    japan_desk, india_desk
):
    nikkei, mint = FeedFactory(desks=[japan_desk]), FeedFactory(desks=[india_desk])
    headline = "Toshiba to build a new plant"
    gazetteer = gazetteer_from_database()

    services.store_entries(
        nikkei,
        [Entry(url="https://a.example.com/1", title=headline, published=NOW)],
        NOW,
        gazetteer,
    )
    services.store_entries(
        mint,
        [Entry(url="https://b.example.com/2", title=headline, published=YESTERDAY)],
        NOW,
        gazetteer,
    )

    item = NewsItem.objects.get()
    assert set(item.feeds.all()) == {nikkei, mint}
    # Weeks apart, the same headline is other news.
    earlier = Entry(
        url="https://c.example.com/3", title=headline, published=NOW - datetime.timedelta(days=10)
    )
    assert services.store_entries(FeedFactory(), [earlier], NOW, gazetteer) == (1, 0)
    assert NewsItem.objects.count() == 2


# --- turning an item into work ---------------------------------------------------------------


def test_a_note_records_the_item_on_the_company_without_counting_as_contact(
    feed, companies, japan_desk, japan_officer
):
    item = news("Toshiba to build a new plant in Germany", feed)
    assert companies.toshiba in aftercare_gaps(Company.objects.all(), TODAY)

    follow_up = services.turn_into(
        item, FollowUpKind.NOTE, japan_officer, companies.toshiba, japan_desk, "Plant in Germany"
    )

    note = follow_up.interaction
    assert (note.kind, note.company, note.desk, note.subject) == (
        InteractionKind.NOTE,
        companies.toshiba,
        japan_desk,
        "Plant in Germany",
    )
    assert item.url in note.notes
    assert list(note.team_members.all()) == [japan_officer]
    assert (follow_up.kind, follow_up.created_by, follow_up.item) == ("note", japan_officer, item)
    # A note for the record is no contact: the company still waits for one.
    assert companies.toshiba in aftercare_gaps(Company.objects.all(), TODAY)


def test_a_task_is_the_users_and_due_on_the_given_day(feed, companies, japan_desk, japan_officer):
    item = news("Toshiba to build a new plant in Germany", feed)
    due = TODAY + datetime.timedelta(days=10)

    follow_up = services.turn_into(
        item, "task", japan_officer, companies.toshiba, japan_desk, "Call about the plant", due
    )

    task = follow_up.task
    assert (task.title, task.assignee, task.due_on, task.status) == (
        "Call about the plant",
        japan_officer,
        due,
        TaskStatus.OPEN,
    )
    assert (task.company, task.desk) == (companies.toshiba, japan_desk)
    assert FollowUp.objects.get(item=item).task == task


def test_a_task_cannot_be_due_in_the_past(feed, companies, japan_desk, japan_officer):
    item = news("Toshiba to build a new plant in Germany", feed)
    yesterday = TODAY - datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        services.turn_into(
            item, "task", japan_officer, companies.toshiba, japan_desk, "Call", yesterday
        )

    assert "due_on" in refused.value.message_dict
    assert not Task.objects.exists() and not FollowUp.objects.exists()
    assert item.company_links.get().status == LinkStatus.SUGGESTED


def test_a_lead_is_a_project_from_monitoring_with_its_first_stage(
    feed, companies, japan_desk, japan_officer
):
    item = news("Toshiba to build a new plant in Germany", feed)

    follow_up = services.turn_into(
        item, "lead", japan_officer, companies.toshiba, japan_desk, "Toshiba plant"
    )

    project = follow_up.project
    assert (project.title, project.stage, project.source, project.source_note) == (
        "Toshiba plant",
        Stage.LEAD,
        ProjectSource.MONITORING,
        item.url,
    )
    assert (project.company, project.desk, project.owner) == (
        companies.toshiba,
        japan_desk,
        japan_officer,
    )
    changes = list(project.stage_changes.all())
    assert [(change.from_stage, change.to_stage, change.changed_by) for change in changes] == [
        ("", Stage.LEAD, japan_officer)
    ]


@pytest.mark.parametrize("kind", FollowUpKind.values)
def test_following_up_confirms_the_company_link(kind, feed, companies, japan_desk, japan_officer):
    item = news("Toshiba to build a new plant in Germany", feed)
    assert item.company_links.get().status == LinkStatus.SUGGESTED

    services.turn_into(item, kind, japan_officer, companies.toshiba, japan_desk, "Follow up")

    link = item.company_links.get()
    assert (link.company, link.status, link.decided_by) == (
        companies.toshiba,
        LinkStatus.CONFIRMED,
        japan_officer,
    )


def test_following_up_on_a_company_the_item_was_not_linked_to_links_it(
    feed, companies, japan_desk, japan_officer
):
    item = news("New plants across Europe", feed)
    assert not item.company_links.exists()

    services.turn_into(item, "note", japan_officer, companies.toshiba, japan_desk, "Ask Toshiba")

    link = item.company_links.get()
    assert (link.company, link.status) == (companies.toshiba, LinkStatus.CONFIRMED)


# --- alerts ----------------------------------------------------------------------------------


def alerted(user, since=YESTERDAY - datetime.timedelta(hours=1)):
    return set(services.alerts_for(user, since))


def test_an_item_about_a_company_alerts_its_desk(feed, companies, japan_officer, india_officer):
    item = news("Toshiba unveils new laptop range", feed)

    assert alerted(japan_officer) == {item}
    assert alerted(india_officer) == set()


def test_a_signal_in_a_desks_country_alerts_the_desk(feed, companies, india_officer):
    quiet = news("Monsoon season begins in India", feed)
    expansion = news("Toshiba to build a new plant in India", feed)
    assert expansion.signals.exists() and not quiet.signals.exists()
    assert quiet.country_links.get().country_id == "IN"

    assert alerted(india_officer) == {expansion}


@pytest.mark.parametrize(
    "watch",
    [
        lambda companies: Watch(company=companies.samsung),
        lambda companies: Watch(country_id="KR"),
        lambda companies: Watch(keyword="OLED"),
    ],
    ids=["company", "country", "keyword"],
)
def test_a_watch_list_adds_the_items_it_names(watch, feed, companies, japan_officer):
    item = news("Samsung Electronics shows new phones", feed, summary="<p>Thinner OLED panels.</p>")
    assert alerted(japan_officer) == set()

    watch = watch(companies)
    watch.user = japan_officer
    watch.save()

    assert alerted(japan_officer) == {item}


def test_another_users_watch_list_alerts_nobody_else(
    feed, companies, japan_officer, japan_assistant
):
    news("Samsung Electronics shows new phones", feed)
    Watch.objects.create(user=japan_assistant, company=companies.samsung)

    assert alerted(japan_officer) == set()


def test_a_removed_link_alerts_nobody(feed, companies, japan_officer):
    item = news("Toshiba unveils new laptop range", feed)
    Watch.objects.create(user=japan_officer, company=companies.toshiba)

    services.decide_link(item.company_links.get(), japan_officer, confirmed=False)

    assert alerted(japan_officer) == set()


def test_items_before_since_are_not_alerted(feed, companies, japan_officer):
    recent = news("Toshiba unveils new laptop range", feed, published=YESTERDAY)
    news("Toshiba wins design award", feed, published=NOW - datetime.timedelta(days=3))

    assert alerted(japan_officer, since=NOW - datetime.timedelta(days=2)) == {recent}


def test_an_item_alerted_for_several_reasons_comes_once(feed, companies, japan_officer):
    item = news("Toshiba to build a new plant in Japan", feed)
    Watch.objects.create(user=japan_officer, keyword="plant")
    Watch.objects.create(user=japan_officer, country_id="JP")

    assert list(services.alerts_for(japan_officer, YESTERDAY)) == [item]


def test_a_partner_viewer_is_alerted_to_nothing(feed, companies, partner_viewer):
    news("Toshiba to build a new plant in Japan", feed)
    Watch.objects.create(user=partner_viewer, keyword="Toshiba")

    assert alerted(partner_viewer) == set()
