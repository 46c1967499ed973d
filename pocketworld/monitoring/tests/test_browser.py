"""A Japan desk officer adds a news source, has it fetched, finds the item about one of the
desk's companies on My day, confirms the link and turns the item into a lead."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from pocketworld.companies.models import CompanyName
from pocketworld.core.models import Country
from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import CompanyFactory
from pocketworld.monitoring.models import CompanyLink, FollowUp
from pocketworld.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "東芝、デュッセルドルフに欧州の新拠点"
FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Nikkei Europe</title><language>ja</language>
<item><title>{HEADLINE}</title><link>https://www.nikkei.example/article/1</link>
<description>&lt;p&gt;東芝は欧州本社を拡張する。&lt;/p&gt;</description>
<pubDate>Sat, 05 Dec 2026 08:00:00 GMT</pubDate></item>
</channel></rss>""".encode()


class FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        if self.path != "/feed.xml":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        self.wfile.write(FEED)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server(settings):
    settings.MONITORING_ALLOW_PRIVATE_HOSTS = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    server.shutdown()
    server.server_close()


def test_officer_follows_a_source_and_turns_its_news_into_a_lead(
    page, live_server, japan_officer, japan_desk, feed_server
):
    toshiba = CompanyFactory(
        legal_name="Toshiba Corporation", country=Country.objects.get(code="JP"), desk=japan_desk
    )
    CompanyName.objects.create(company=toshiba, name="東芝株式会社")
    sign_in(page, live_server, japan_officer.username)

    page.goto(f"{live_server.url}/news-sources/add/")
    page.get_by_label("Address").fill(feed_server)
    page.get_by_label("Japan Desk").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text(feed_server)
    page.get_by_role("button", name="Fetch now").click()
    expect(page.locator("#feed-status")).to_contain_text("working")
    expect(page.locator("h1")).to_have_text("Nikkei Europe")

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="My day"
    ).click()
    news = page.locator("#news")
    expect(news).to_contain_text(HEADLINE)
    expect(news).to_contain_text("Toshiba Corporation")
    news.get_by_role("link", name=HEADLINE).click()

    row = page.locator("#company-links tr", has_text="Toshiba Corporation")
    expect(row).to_contain_text("suggested")
    row.get_by_role("button", name="Confirm").click()
    expect(page.locator("#company-links tr", has_text="Toshiba Corporation")).to_contain_text(
        "confirmed"
    )
    assert CompanyLink.objects.get(company=toshiba).decided_by == japan_officer

    page.get_by_role("link", name="Turn into …").click()
    page.get_by_label("Make").select_option("lead")
    page.get_by_label("Title").fill("Toshiba: new European base in Düsseldorf")
    page.get_by_role("button", name="Make").click()
    expect(page.locator("h1")).to_contain_text("Toshiba: new European base in Düsseldorf")

    project = Project.objects.get()
    assert (project.company, project.desk, project.stage, project.source) == (
        toshiba,
        japan_desk,
        "lead",
        "monitoring",
    )
    assert FollowUp.objects.get().project == project
