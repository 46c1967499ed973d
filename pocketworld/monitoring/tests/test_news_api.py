"""Market monitoring through the REST API: news items with what they are about and their
filters, the officers' verdicts on links, turning an item into work, and each user's watch
list, under the same policy as the pages."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from pocketworld.core.models import Country
from pocketworld.core.tests.factories import CompanyFactory, FeedFactory, NewsItemFactory
from pocketworld.monitoring import services
from pocketworld.monitoring.choices import LinkStatus
from pocketworld.monitoring.models import FollowUp, Watch
from pocketworld.projects.choices import ProjectSource, Stage
from pocketworld.projects.models import Project

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/news-items/"
WATCHES = "/api/v1/news-watches/"


def api_of(user):
    """An API client with a bearer token of `user`, as `core.testing.APITests` signs in."""
    client = APIClient()
    _token, key = user.api_tokens.model.issue(user)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def toshiba(japan_desk):
    return CompanyFactory(legal_name="Toshiba Corporation", country=Country.objects.get(code="JP"))


@pytest.fixture
def tata(india_desk):
    return CompanyFactory(
        legal_name="Tata Consultancy Services", country=Country.objects.get(code="IN")
    )


@pytest.fixture
def nikkei(japan_desk):
    return FeedFactory(desks=[japan_desk])


@pytest.fixture
def mint(india_desk):
    return FeedFactory(desks=[india_desk])


def news(title, feed, published=None):
    """An item of `feed`, linked as the fetcher links a new one."""
    item = NewsItemFactory(title=title, feeds=[feed])
    if published:
        item.published = published
        item.save()
    services.link_item(item, feed=feed)
    return item


@pytest.fixture
def plant(nikkei, toshiba):
    """An item about the Japan desk's Toshiba: an expansion in Germany."""
    return news("Toshiba to build a new plant in Germany", nikkei)


@pytest.fixture
def link(plant):
    return plant.company_links.get()


def ids(response):
    assert response.status_code == 200, response.json()
    return [result["id"] for result in response.json()["results"]]


# --- reading items ---------------------------------------------------------------------------


def test_an_item_names_its_companies_in_brief_and_its_signals_by_code(
    plant, link, toshiba, nikkei, india_officer
):
    response = api_of(india_officer).get(ITEMS)

    (result,) = response.json()["results"]
    assert (result["id"], result["title"], result["url"]) == (plant.pk, plant.title, plant.url)
    (company,) = result["companies"]
    assert {"id", "display", "url"} <= set(company)
    assert (company["id"], company["display"]) == (toshiba.pk, "Toshiba Corporation")
    assert company["url"] == f"http://testserver{toshiba.get_absolute_url()}"
    assert (company["link"], company["status"]) == (link.pk, "suggested")
    assert result["signals"] == ["expansion"]
    assert set(result["countries"]) == {"DE", "JP"}
    assert [feed["id"] for feed in result["feeds"]] == [nikkei.pk]


def test_a_removed_company_is_no_longer_named(plant, link, japan_officer):
    services.decide_link(link, japan_officer, confirmed=False)
    (result,) = api_of(japan_officer).get(ITEMS).json()["results"]
    assert result["companies"] == []


@pytest.fixture
def two_items(plant, toshiba, tata, mint):
    """The plant of the Japan desk's source, and a quiet item of the India desk's."""
    quiet = news("Tata Consultancy Services appoints a new chief executive", mint)
    return plant, quiet


def test_items_by_source(two_items, nikkei, mint, japan_officer):
    plant, quiet = two_items
    client = api_of(japan_officer)
    assert ids(client.get(ITEMS, {"feed": nikkei.pk})) == [plant.pk]
    assert ids(client.get(ITEMS, {"feed": mint.pk})) == [quiet.pk]


def test_items_by_company(two_items, toshiba, tata, japan_officer):
    plant, quiet = two_items
    client = api_of(japan_officer)
    assert ids(client.get(ITEMS, {"company": toshiba.pk})) == [plant.pk]
    assert ids(client.get(ITEMS, {"company": tata.pk})) == [quiet.pk]


def test_items_by_country(two_items, japan_officer):
    plant, quiet = two_items
    client = api_of(japan_officer)
    assert ids(client.get(ITEMS, {"country": "DE"})) == [plant.pk]
    assert ids(client.get(ITEMS, {"country": "IN"})) == [quiet.pk]


def test_items_by_signal(two_items, japan_officer):
    plant, quiet = two_items
    assert set(quiet.signals.values_list("signal", flat=True)) == {"management"}
    client = api_of(japan_officer)
    assert ids(client.get(ITEMS, {"signal": "expansion"})) == [plant.pk]
    assert ids(client.get(ITEMS, {"signal": "management"})) == [quiet.pk]


def test_items_since_a_moment(nikkei, toshiba, japan_officer):
    now = datetime.datetime.now(datetime.UTC)
    recent = news("Toshiba to build a new plant in Germany", nikkei)
    news("Toshiba wins a design award", nikkei, published=now - datetime.timedelta(days=5))

    since = (now - datetime.timedelta(days=1)).isoformat()
    assert ids(api_of(japan_officer).get(ITEMS, {"since": since})) == [recent.pk]


@pytest.mark.parametrize(
    ("parameters", "field"),
    [
        ({"signal": "nonsense"}, "signal"),
        ({"since": "yesterday"}, "since"),
        ({"country": "XX"}, "country"),
        ({"company": "Toshiba"}, "company"),
    ],
    ids=["signal", "since", "country", "company"],
)
def test_a_bad_filter_value_is_400_with_a_message(plant, japan_officer, parameters, field):
    response = api_of(japan_officer).get(ITEMS, parameters)
    assert response.status_code == 400
    assert response.json()[field]


# --- verdicts on links -----------------------------------------------------------------------


def decide(user, link, decision):
    return api_of(user).post(f"/api/v1/news-company-links/{link.pk}/{decision}/")


@pytest.mark.parametrize("decision", ["confirm", "remove"])
def test_another_desk_may_not_decide_a_link(link, india_officer, decision):
    assert decide(india_officer, link, decision).status_code == 403
    link.refresh_from_db()
    assert (link.status, link.decided_by) == (LinkStatus.SUGGESTED, None)


@pytest.mark.parametrize(("decision", "status"), [("confirm", "confirmed"), ("remove", "removed")])
def test_the_companys_desk_decides_a_link(link, japan_officer, decision, status):
    response = decide(japan_officer, link, decision)

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["status"]) == (link.pk, status)
    link.refresh_from_db()
    assert (link.status, link.decided_by) == (status, japan_officer)


# --- turning an item into work ---------------------------------------------------------------


def follow_up(user, item, **data):
    return api_of(user).post(f"{ITEMS}{item.pk}/follow-up/", data, format="json")


def test_a_follow_up_makes_a_lead(plant, link, toshiba, japan_desk, japan_officer):
    response = follow_up(
        japan_officer, plant, kind="lead", company=toshiba.pk, desk=japan_desk.pk, title="Plant"
    )

    assert response.status_code == 201, response.json()
    project = Project.objects.get()
    assert (project.stage, project.source, project.source_note) == (
        Stage.LEAD,
        ProjectSource.MONITORING,
        plant.url,
    )
    body = response.json()
    assert (body["kind"], body["item"]["id"]) == ("lead", plant.pk)
    assert body["project"] == {
        "id": project.pk,
        "display": str(project),
        "url": f"http://testserver{project.get_absolute_url()}",
    }
    assert body["task"] is None and body["interaction"] is None
    link.refresh_from_db()
    assert link.status == LinkStatus.CONFIRMED


def test_a_follow_up_task_is_due_on_the_given_day(plant, toshiba, japan_desk, japan_officer):
    due = timezone.localdate() + datetime.timedelta(days=7)
    data = {"kind": "task", "company": toshiba.pk, "desk": japan_desk.pk, "due_on": str(due)}
    response = follow_up(japan_officer, plant, **data)

    assert response.status_code == 201, response.json()
    task = FollowUp.objects.get().task
    assert (task.due_on, task.assignee, task.title) == (due, japan_officer, plant.title)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"desk": "india"}, "desk"),
        ({"kind": "task", "due_on": "2020-01-01"}, "due_on"),
        ({"kind": "memo"}, "kind"),
    ],
    ids=["desk-not-the-users", "due-in-the-past", "unknown-kind"],
)
def test_bad_follow_up_input_is_400_at_its_field(
    plant, link, toshiba, japan_desk, india_desk, japan_officer, change, field
):
    data = {"kind": "lead", "company": toshiba.pk, "desk": japan_desk.pk, **change}
    if data["desk"] == "india":
        data["desk"] = india_desk.pk

    response = follow_up(japan_officer, plant, **data)

    assert response.status_code == 400
    assert response.json()[field]
    assert not FollowUp.objects.exists() and not Project.objects.exists()
    link.refresh_from_db()
    assert link.status == LinkStatus.SUGGESTED


# --- partner viewers -------------------------------------------------------------------------


def test_a_partner_viewer_gets_no_news(plant, link, toshiba, japan_desk, partner_viewer):
    client = api_of(partner_viewer)

    # An internal model's list is empty for them, as every list of the API.
    assert ids(client.get(ITEMS)) == []
    assert client.get(f"{ITEMS}{plant.pk}/").status_code == 404
    assert client.get(f"/api/v1/news-company-links/{link.pk}/").status_code == 404
    # Writes are refused before the record is looked up.
    assert decide(partner_viewer, link, "confirm").status_code == 403
    response = follow_up(partner_viewer, plant, kind="note", company=toshiba.pk, desk=japan_desk.pk)
    assert response.status_code == 403
    assert client.get(WATCHES).status_code == 403
    assert client.post(WATCHES, {"keyword": "Toshiba"}).status_code == 403
    link.refresh_from_db()
    assert link.status == LinkStatus.SUGGESTED
    assert not FollowUp.objects.exists() and not Watch.objects.exists()


# --- watches ---------------------------------------------------------------------------------


def test_the_watches_are_the_users_own(toshiba, japan_officer, japan_assistant):
    mine = Watch.objects.create(user=japan_officer, company=toshiba)
    theirs = Watch.objects.create(user=japan_assistant, keyword="semiconductors")
    client = api_of(japan_officer)

    assert ids(client.get(WATCHES)) == [mine.pk]
    assert client.get(f"{WATCHES}{theirs.pk}/").status_code == 404
    assert client.delete(f"{WATCHES}{theirs.pk}/").status_code == 404
    assert Watch.objects.filter(pk=theirs.pk).exists()


def test_a_user_adds_and_deletes_a_watch(toshiba, japan_officer):
    client = api_of(japan_officer)

    response = client.post(WATCHES, {"country": "KR"}, format="json")

    assert response.status_code == 201, response.json()
    watch = Watch.objects.get()
    assert (watch.user, watch.country_id) == (japan_officer, "KR")
    assert client.delete(f"{WATCHES}{watch.pk}/").status_code == 204
    assert not Watch.objects.exists()


def test_a_watch_of_two_things_at_once_is_400(toshiba, japan_officer):
    response = api_of(japan_officer).post(
        WATCHES, {"company": toshiba.pk, "keyword": "plant"}, format="json"
    )
    assert response.status_code == 400
    assert "Watch one thing" in str(response.json())
    assert not Watch.objects.exists()
