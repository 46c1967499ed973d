"""Market monitoring on the pages: the news section of My day and of the daily digest, the
company page's news and timeline, an item's page with the officers' verdicts, turning an
item into a lead, the watch list, and what partner viewers and strangers get."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from pocketworld.core.models import Country
from pocketworld.core.tests.factories import CompanyFactory, FeedFactory, NewsItemFactory
from pocketworld.interactions.models import Interaction, Task
from pocketworld.interactions.services import digest_for, send_digest
from pocketworld.monitoring import services, urls
from pocketworld.monitoring.choices import LinkStatus
from pocketworld.monitoring.models import FollowUp, Watch
from pocketworld.projects.choices import ProjectSource, Stage
from pocketworld.projects.models import Project

pytestmark = pytest.mark.django_db

HEADLINE = "Toshiba to build a new plant in Germany"


@pytest.fixture
def toshiba(japan_desk):
    return CompanyFactory(legal_name="Toshiba Corporation", country=Country.objects.get(code="JP"))


@pytest.fixture
def feed(japan_desk):
    return FeedFactory(desks=[japan_desk], name="Nikkei Asia")


@pytest.fixture
def item(feed, toshiba):
    """A fresh item about the Japan desk's Toshiba, linked as the fetcher links it."""
    item = NewsItemFactory(title=HEADLINE, feeds=[feed])
    services.link_item(item, feed=feed)
    assert item.company_links.get().company == toshiba
    return item


@pytest.fixture
def link(item):
    return item.company_links.get()


def signed_in(client, user):
    client.force_login(user)
    return client


def section(page, element_id):
    """The HTML of the page's section with `element_id`, or None."""
    found = re.search(rf'<section[^>]*id="{element_id}".*?</section>', page, re.DOTALL)
    return found.group(0) if found else None


def decide_url(link):
    return link.get_decide_url()


# --- My day and the digest -------------------------------------------------------------------


def test_my_day_shows_the_news_about_the_desks_companies(client, item, japan_officer):
    page = signed_in(client, japan_officer).get("/").content.decode()
    news = section(page, "news")
    assert news is not None and HEADLINE in news
    assert item.get_absolute_url() in news


def test_my_day_of_another_desk_has_no_such_news(client, item, india_officer):
    page = signed_in(client, india_officer).get("/").content.decode()
    assert section(page, "news") is None
    assert HEADLINE not in page


def test_the_digest_names_the_news(item, japan_officer, india_officer):
    digest = digest_for(japan_officer)
    assert digest is not None
    assert any(item in part.context["items"] for part in digest["sections"])

    assert send_digest(japan_officer)
    (message,) = mail.outbox
    assert HEADLINE in message.body
    assert item.get_absolute_url() in message.body
    assert "1 news item" in message.subject
    # Nothing to tell the India desk.
    assert not send_digest(india_officer)


def test_news_older_than_a_day_is_not_in_the_digest(feed, toshiba, japan_officer):
    old = NewsItemFactory(title=HEADLINE, feeds=[feed])
    old.published -= datetime.timedelta(days=3)
    old.save()
    services.link_item(old, feed=feed)
    assert digest_for(japan_officer) is None


# --- the company page ------------------------------------------------------------------------


def test_the_company_page_shows_its_news_and_timeline_entry(client, item, toshiba, india_officer):
    page = signed_in(client, india_officer).get(toshiba.get_absolute_url()).content.decode()

    news = section(page, "company-news")
    assert news is not None and HEADLINE in news
    entries = re.findall(r'<li class="timeline-entry kind-news">.*?</li>', page, re.DOTALL)
    assert len(entries) == 1 and HEADLINE in entries[0]


def test_a_subsidiarys_page_shows_its_group_heads_news(client, item, toshiba, japan_officer):
    europe = CompanyFactory(
        legal_name="Toshiba Europe GmbH", country=Country.objects.get(code="DE"), parent=toshiba
    )
    page = signed_in(client, japan_officer).get(europe.get_absolute_url()).content.decode()
    assert HEADLINE in section(page, "company-news")


def test_a_removed_link_takes_the_news_off_the_company_page(
    client, item, link, toshiba, japan_officer
):
    services.decide_link(link, japan_officer, confirmed=False)
    page = signed_in(client, japan_officer).get(toshiba.get_absolute_url()).content.decode()
    assert "No news about this company yet." in section(page, "company-news")
    assert HEADLINE not in page


def test_a_partner_viewer_sees_no_news_on_the_company_page(client, item, toshiba, partner_viewer):
    response = signed_in(client, partner_viewer).get(toshiba.get_absolute_url())
    assert response.status_code == 200
    assert HEADLINE not in response.content.decode()


# --- the item's page and the verdicts --------------------------------------------------------


def test_the_items_desk_may_confirm_or_remove_its_links(client, item, link, japan_officer):
    page = signed_in(client, japan_officer).get(item.get_absolute_url()).content.decode()
    row = re.search(rf'<tr id="company-link-{link.pk}".*?</tr>', page, re.DOTALL).group(0)
    assert decide_url(link) in row
    assert 'value="confirm"' in row and 'value="remove"' in row


def test_another_desk_reads_the_links_without_buttons(client, item, link, india_officer):
    response = signed_in(client, india_officer).get(item.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="company-link-{link.pk}"' in page
    assert decide_url(link) not in page
    assert 'value="confirm"' not in page


def test_a_partner_viewer_may_not_open_an_item(client, item, partner_viewer):
    assert signed_in(client, partner_viewer).get(item.get_absolute_url()).status_code == 404


def test_another_desk_may_not_decide_a_link(client, link, india_officer):
    response = signed_in(client, india_officer).post(decide_url(link), {"decision": "confirm"})
    assert response.status_code == 403
    link.refresh_from_db()
    assert (link.status, link.decided_by) == (LinkStatus.SUGGESTED, None)


def test_the_companys_desk_confirms_a_link(client, item, link, japan_officer):
    response = signed_in(client, japan_officer).post(decide_url(link), {"decision": "confirm"})
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    link.refresh_from_db()
    assert (link.status, link.decided_by) == (LinkStatus.CONFIRMED, japan_officer)


def test_the_companys_desk_removes_a_link(client, link, japan_officer):
    signed_in(client, japan_officer).post(decide_url(link), {"decision": "remove"})
    link.refresh_from_db()
    assert link.status == LinkStatus.REMOVED


# --- turning an item into work ---------------------------------------------------------------


def follow_up_url(item):
    return reverse("monitoring:newsitem_follow_up", args=[item.pk])


def test_the_follow_up_form_proposes_the_company_and_desk(client, item, toshiba, japan_officer):
    response = signed_in(client, japan_officer).get(follow_up_url(item))
    form = response.context["form"]
    assert form.initial["company"] == toshiba.pk
    assert form.initial["desk"] == toshiba.desk_id
    assert form.initial["title"] == HEADLINE


def test_the_follow_up_page_makes_a_lead(client, item, link, toshiba, japan_desk, japan_officer):
    response = signed_in(client, japan_officer).post(
        follow_up_url(item),
        {"kind": "lead", "company": toshiba.pk, "desk": japan_desk.pk, "title": "Toshiba plant"},
    )

    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert (project.title, project.stage, project.source, project.source_note) == (
        "Toshiba plant",
        Stage.LEAD,
        ProjectSource.MONITORING,
        item.url,
    )
    assert FollowUp.objects.get(item=item).project == project
    link.refresh_from_db()
    assert link.status == LinkStatus.CONFIRMED
    # The item's page names what was made of it.
    page = client.get(item.get_absolute_url()).content.decode()
    assert project.get_absolute_url() in page


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "task", "due_on": "2020-01-01"}, "due_on"),
        ({"desk": "india"}, "desk"),
    ],
    ids=["due-in-the-past", "desk-not-the-users"],
)
def test_bad_follow_up_input_is_refused_at_its_field(
    client, item, link, toshiba, japan_desk, india_desk, japan_officer, change, field
):
    data = {"kind": "lead", "company": toshiba.pk, "desk": japan_desk.pk, "title": "Toshiba plant"}
    data.update(change)
    if data["desk"] == "india":
        data["desk"] = india_desk.pk

    response = signed_in(client, japan_officer).post(follow_up_url(item), data)

    assert response.status_code == 200
    assert f'id="error-{field}"' in response.content.decode()
    assert not FollowUp.objects.exists()
    assert not Project.objects.exists()
    assert not Task.objects.exists()
    assert not Interaction.objects.exists()
    link.refresh_from_db()
    assert link.status == LinkStatus.SUGGESTED


# --- the watch list --------------------------------------------------------------------------

WATCH_LIST = "/news/watch-list/"


def test_the_watch_list_adds_and_deletes_the_users_watches(client, toshiba, japan_officer):
    assert reverse("monitoring:watch_list") == WATCH_LIST
    client = signed_in(client, japan_officer)

    response = client.post(WATCH_LIST, {"company": toshiba.pk})
    assert response.status_code == 302
    client.post(WATCH_LIST, {"keyword": "  semiconductors "})
    watches = {watch.keyword or watch.company: watch for watch in Watch.objects.all()}
    assert set(watches) == {toshiba, "semiconductors"}
    assert {watch.user for watch in watches.values()} == {japan_officer}
    page = client.get(WATCH_LIST).content.decode()
    assert "Toshiba Corporation" in page and "semiconductors" in page

    delete = reverse("monitoring:watch_delete", args=[watches[toshiba].pk])
    assert client.post(delete).status_code == 302
    assert list(Watch.objects.all()) == [watches["semiconductors"]]


def test_a_watch_of_two_things_at_once_is_refused(client, toshiba, japan_officer):
    response = signed_in(client, japan_officer).post(
        WATCH_LIST, {"company": toshiba.pk, "keyword": "plant"}
    )
    assert response.status_code == 200
    assert "Watch one thing" in response.content.decode()
    assert not Watch.objects.exists()


def test_another_users_watches_are_neither_shown_nor_deleted(
    client, toshiba, japan_officer, japan_assistant
):
    theirs = Watch.objects.create(user=japan_assistant, company=toshiba)
    client = signed_in(client, japan_officer)

    page = client.get(WATCH_LIST).content.decode()
    watches = re.search(r'<ul id="watches">.*?</ul>', page, re.DOTALL).group(0)
    assert "Toshiba Corporation" not in watches and "Nothing watched yet" in watches
    response = client.post(reverse("monitoring:watch_delete", args=[theirs.pk]))
    assert response.status_code == 404
    assert Watch.objects.filter(pk=theirs.pk).exists()


# --- partner viewers and strangers -----------------------------------------------------------

# The lists show an internal model's rows to no partner viewer, as everywhere (the generic
# view tests); a new source is a forbidden action. Everything else is out of their sight.
EMPTY_FOR_PARTNERS = {"newsitem_list", "feed_list"}
FORBIDDEN_FOR_PARTNERS = {"feed_create"}


def every_monitoring_url(item, link, feed, watch):
    """(name, address) of every monitoring URL, with the ids of real records."""
    arguments = {
        "newsitem_detail": [item.pk],
        "newsitem_delete": [item.pk],
        "newsitem_follow_up": [item.pk],
        # Each kind of link has its own address; the company link is a real one.
        "companylink_decide": [link.pk],
        "countrylink_decide": [link.pk],
        "sectorlink_decide": [link.pk],
        "focusarealink_decide": [link.pk],
        "watch_delete": [watch.pk],
        "feed_detail": [feed.pk],
        "feed_edit": [feed.pk],
        "feed_delete": [feed.pk],
        "feed_fetch": [feed.pk],
    }
    return [
        (pattern.name, reverse(f"monitoring:{pattern.name}", args=arguments.get(pattern.name, [])))
        for pattern in urls.urlpatterns
    ]


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(client, item, link, feed, japan_officer):
    watch = Watch.objects.create(user=japan_officer, keyword="plant")
    for name, address in every_monitoring_url(item, link, feed, watch):
        for response in (client.get(address), client.post(address)):
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("accounts:login")), name


def test_partner_viewers_get_nothing_of_monitoring(
    client, item, link, feed, japan_officer, partner_viewer
):
    watch = Watch.objects.create(user=japan_officer, keyword="plant")
    client = signed_in(client, partner_viewer)
    for name, address in every_monitoring_url(item, link, feed, watch):
        for method in (client.get, client.post):
            response = method(address)
            if name in EMPTY_FOR_PARTNERS and method == client.get:
                assert response.status_code == 200, name
                page = response.content.decode()
                assert HEADLINE not in page and feed.name not in page, name
            elif name in FORBIDDEN_FOR_PARTNERS:
                assert response.status_code == 403, name
            else:
                # 405: a page asked with the method it does not serve.
                assert response.status_code in (404, 405), (name, method, response.status_code)
    link.refresh_from_db()
    assert link.status == LinkStatus.SUGGESTED
    assert Watch.objects.filter(user=partner_viewer).count() == 0
    assert not FollowUp.objects.exists()


def test_an_officer_watches_a_company_from_its_page_once(client, japan_officer, japan_desk):
    company = CompanyFactory(legal_name="Kyocera Corporation", desk=japan_desk)
    client.force_login(japan_officer)
    page = client.get(company.get_absolute_url()).content.decode()
    assert 'id="watch-company"' in section(page, "company-news")

    response = client.post(
        reverse("monitoring:watch_list"),
        {"company": company.pk, "next": company.get_absolute_url()},
    )
    assert response.status_code == 302 and response["Location"] == company.get_absolute_url()
    assert Watch.objects.get(user=japan_officer).company == company
    page = client.get(company.get_absolute_url()).content.decode()
    assert 'id="watch-company"' not in page

    again = client.post(reverse("monitoring:watch_list"), {"company": company.pk})
    assert again.status_code == 200 and "You watch this already." in again.content.decode()
    assert Watch.objects.filter(user=japan_officer).count() == 1


def test_a_decision_that_is_neither_confirm_nor_remove_changes_nothing(client, link, japan_officer):
    response = signed_in(client, japan_officer).post(decide_url(link), {"decision": "maybe"})
    assert response.status_code == 400
    link.refresh_from_db()
    assert link.status == LinkStatus.SUGGESTED
