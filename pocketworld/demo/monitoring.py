"""The demo world's news: two captured feeds (DER SPIEGEL for the Western Europe desk,
GamersNexus for the USA desk) and a press review of real headlines about the demo's
companies (Huawei, Toshiba, ZTE …) in five languages, read by the same service as a fetch
and linked by the linker. The sources are switched off: the demo fetches nothing.

Matched on natural keys: a source on its address, an item on its link; an item found is
left as it is (the team may have confirmed or removed its links).
"""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from pocketworld.core.choices import DeskRole
from pocketworld.core.models import Country, Language
from pocketworld.demo.dates import AS_OF
from pocketworld.desks.models import Desk, DeskMembership
from pocketworld.monitoring.choices import FollowUpKind
from pocketworld.monitoring.linking import gazetteer_from_database
from pocketworld.monitoring.models import Feed, NewsItem
from pocketworld.monitoring.parsing import Entry, parse_feed
from pocketworld.monitoring.services import store_entries, turn_into

DATA = Path(__file__).resolve().parent / "data" / "news"
PRESS_REVIEW = "https://press-review.example/feed.xml"
# The press review's items, one every few hours back from now, so that My day shows them.
HOURS_APART = 5


@dataclass(frozen=True)
class FeedSpec:
    url: str
    name: str
    language: str
    country: str
    desks: tuple[str, ...]
    capture: str = ""


FEEDS = (
    FeedSpec(
        "https://www.spiegel.de/schlagzeilen/index.rss",
        "DER SPIEGEL",
        "de",
        "DE",
        ("western-europe-turkey-israel",),
        "spiegel.xml",
    ),
    FeedSpec(
        "https://gamersnexus.net/rss.xml", "GamersNexus", "en", "US", ("usa",), "gamersnexus.xml"
    ),
    FeedSpec(PRESS_REVIEW, "Press review", "", "", ("japan", "china", "korea", "usa")),
)


def press_review_entries(now):
    with open(DATA / "press_review.csv", encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    return [
        Entry(
            url=f"https://press-review.example/{number}",
            title=row["headline"],
            summary=f"<p>{row['source']}</p>",
            published=now - datetime.timedelta(hours=HOURS_APART * number),
            language=row["language"],
        )
        for number, row in enumerate(rows, start=1)
    ]


def build_monitoring():
    """Write the demo's sources and their items, and one item noted on its company;
    returns {source name: new items}."""
    now = timezone.now()
    gazetteer = gazetteer_from_database()
    desks = {desk.slug: desk for desk in Desk.objects.all()}
    added = {}
    for spec in FEEDS:
        feed, created = Feed.objects.get_or_create(
            url=spec.url,
            defaults={
                "name": spec.name,
                "language": Language.objects.filter(pk=spec.language).first(),
                "country": Country.objects.filter(pk=spec.country).first(),
                "is_active": False,
            },
        )
        if created:
            feed.desks.set([desks[slug] for slug in spec.desks if slug in desks])
        if spec.capture:
            entries = parse_feed((DATA / spec.capture).read_bytes()).entries
        else:
            entries = press_review_entries(now)
        added[spec.name], _known = store_entries(feed, entries, now, gazetteer, spec.language)
        Feed.objects.filter(pk=feed.pk).update(item_count=feed.items.count())
    note_the_first_item()
    return added


def note_the_first_item():
    """The press review's first item (Huawei extends its European headquarters here) as a
    note on the company, by an officer of its desk, on the last day of the demo's history."""
    item = NewsItem.objects.filter(url="https://press-review.example/1").first()
    if item is None or item.follow_ups.exists():
        return
    link = item.company_links.select_related("company").filter(company__desk__isnull=False)
    link = link.order_by("-confidence").first()
    if link is None:
        return
    officer = DeskMembership.objects.filter(desk=link.company.desk, role=DeskRole.OFFICER).first()
    if officer is None:
        return
    turn_into(
        item,
        FollowUpKind.NOTE,
        officer.user,
        link.company,
        link.company.desk,
        item.title,
        on=AS_OF,
    )
