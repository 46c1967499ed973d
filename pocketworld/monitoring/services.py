"""Market monitoring's rules: reading the sources, storing items once, linking them, the
officers' verdicts, what items are turned into, and which items a user is alerted to.
Views, the API, the worker and `manage.py fetch_feeds` all call these."""

import datetime
import hashlib
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pocketworld.companies.models import Company
from pocketworld.core.models import Country, FocusArea
from pocketworld.core.permissions import desk_roles, sees_and_changes_everything
from pocketworld.core.scripts import Script, detect_script
from pocketworld.interactions.choices import InteractionKind, TaskStatus
from pocketworld.interactions.models import Interaction, Task
from pocketworld.monitoring import classification, fetching, linking, parsing
from pocketworld.monitoring.choices import FeedKind, FeedStatus, FollowUpKind, LinkStatus
from pocketworld.monitoring.models import (
    LINK_MODELS,
    CompanyLink,
    CountryLink,
    Feed,
    FocusAreaLink,
    FollowUp,
    ItemSignal,
    NameLesson,
    NewsItem,
    SectorLink,
    Watch,
)
from pocketworld.projects.choices import ProjectKind, ProjectSource, Stage
from pocketworld.projects.models import Project
from pocketworld.projects.services import create_project
from pocketworld.search.normalization import fold, split_words

logger = logging.getLogger(__name__)

# A failing source waits its interval doubled per failure in a row, at most a day.
MAX_BACKOFF = datetime.timedelta(days=1)
# The same headline from two sources within this time is one item.
SAME_HEADLINE_WITHIN = datetime.timedelta(days=7)
# Sitemaps of a sitemap index read in one pass, at most.
MAX_CHILD_SITEMAPS = 5
# Query parameters that only track where a reader came from.
TRACKING_PARAMETERS = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ocid$|cmpid$)")
# Confidences of links that come from the item's source or its companies, not its words.
NAMED_COUNTRY = 0.9
COMPANY_COUNTRY = 0.7
SOURCE_COUNTRY = 0.6
COMPANY_SECTOR = 0.7
NAMED_FOCUS_AREA = 0.8
COMPANY_FOCUS_AREA = 0.6
# Links that alert: suggested or confirmed, not removed.
LIVE = (LinkStatus.SUGGESTED, LinkStatus.CONFIRMED)


@dataclass
class Outcome:
    """What one pass over a source did."""

    feed: Feed
    new: int = 0
    known: int = 0
    not_modified: bool = False
    error: str = ""


# --- keys ----------------------------------------------------------------------------------


def url_key(url):
    """The address without fragment and tracking parameters, host in lower case, hashed."""
    parts = urlsplit(url.strip())
    query = urlencode(
        sorted(
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMETERS.match(name)
        )
    )
    normal = urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/") or "/", query, "")
    )
    return hashlib.sha256(normal.encode()).hexdigest()


def title_key(title):
    return hashlib.sha256(" ".join(split_words(fold(title))).encode()).hexdigest()


def language_of(text, default=""):
    script = detect_script(text)
    if script == Script.JAPANESE:
        return "ja"
    if script == Script.HANGUL:
        return "ko"
    if script == Script.HAN:
        return default if default in ("ja", "zh") else "zh"
    return default


# --- fetching ------------------------------------------------------------------------------


def due_feeds(now=None):
    now = now or timezone.now()
    return Feed.objects.filter(is_active=True).filter(
        Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now)
    )


def fetch_due(now=None):
    """One pass over every source that is due; the gazetteer is built once for all."""
    gazetteer = None
    outcomes = []
    for feed in due_feeds(now).order_by(F("next_fetch_at").asc(nulls_first=True), "pk"):
        if gazetteer is None:
            gazetteer = linking.gazetteer_from_database()
        outcomes.append(fetch_feed(feed, now=now, gazetteer=gazetteer))
    return outcomes


def fetch_feed(feed, now=None, gazetteer=None):
    """Read one source, store and link its new items, and record how it went. Never
    raises: whatever goes wrong is the source's recorded error."""
    now = now or timezone.now()
    outcome = Outcome(feed)
    try:
        # A sitemap index answers "not modified" while its sitemaps change: read it whole.
        conditional = feed.kind != FeedKind.SITEMAP
        fetched = fetching.get(
            feed.url,
            etag=feed.etag if conditional else "",
            modified=feed.modified if conditional else "",
        )
        if fetched.not_modified:
            outcome.not_modified = True
        else:
            entries, title, language = read_entries(feed, fetched)
            gazetteer = gazetteer or linking.gazetteer_from_database()
            outcome.new, outcome.known = store_entries(feed, entries, now, gazetteer, language)
            if title and not feed.name:
                feed.name = title[:200]
            if conditional:
                feed.etag = fetched.headers.get("ETag", "")[:500]
                feed.modified = fetched.headers.get("Last-Modified", "")[:100]
        record_success(feed, now, fetched.status)
    except (fetching.FetchError, parsing.ParseError) as error:
        outcome.error = str(error)
        record_failure(feed, now, outcome.error, getattr(error, "status", None))
    except Exception as error:  # a source must never stop the worker
        logger.exception("Reading news source %s failed", feed.pk)
        outcome.error = _("Unexpected error: %(error)s") % {"error": type(error).__name__}
        record_failure(feed, now, outcome.error, None)
    return outcome


def read_entries(feed, fetched):
    """(entries, the source's title, its language) of a fetched source; a sitemap index's
    first sitemaps are read in their turn."""
    if feed.kind != FeedKind.SITEMAP:
        parsed = parsing.parse_feed(fetched.content, fetched.headers, url=fetched.url)
        return parsed.entries, parsed.title, parsed.language
    parsed = parsing.parse_sitemap(fetched.content)
    entries = list(parsed.entries)
    for url in parsed.sitemaps[:MAX_CHILD_SITEMAPS]:
        child = parsing.parse_sitemap(fetching.get(url).content)
        entries += child.entries
    return entries, "", ""


def record_success(feed, now, status_code):
    record_state(
        feed,
        status=FeedStatus.OK,
        failures=0,
        last_error="",
        last_status_code=status_code,
        last_fetched_at=now,
        last_success_at=now,
        next_fetch_at=now + datetime.timedelta(minutes=feed.fetch_every),
        item_count=feed.items.count(),
    )


def record_failure(feed, now, reason, status_code):
    failures = feed.failures + 1
    wait = datetime.timedelta(minutes=feed.fetch_every) * 2 ** min(failures, 10)
    record_state(
        feed,
        status=FeedStatus.FAILING,
        failures=failures,
        last_error=reason[:500],
        last_status_code=status_code,
        last_fetched_at=now,
        next_fetch_at=now + min(wait, MAX_BACKOFF),
    )


def record_state(feed, **state):
    """Write a source's fetch state without a history entry: its history is of what
    people changed, not of every pass of the worker. A blank name takes the source's title."""
    for name, value in state.items():
        setattr(feed, name, value)
    Feed.objects.filter(pk=feed.pk).update(etag=feed.etag, modified=feed.modified, **state)
    if feed.name:
        Feed.objects.filter(pk=feed.pk, name="").update(name=feed.name)


# --- storing and linking ---------------------------------------------------------------------

# Entries stored and linked together, a batch per transaction.
BATCH = 500


def store_entries(feed, entries, now, gazetteer, language=""):
    """Store the entries not known yet, in batches, and link them; (new, known) counts."""
    language = language or (feed.language_id or "")
    unique = {}
    for entry in entries:
        unique.setdefault(url_key(entry.url), entry)
    new = known = 0
    keys = list(unique)
    for start in range(0, len(keys), BATCH):
        batch = {key: unique[key] for key in keys[start : start + BATCH]}
        added, found = store_batch(feed, batch, now, gazetteer, language)
        new, known = new + added, known + found
    return new, known


@transaction.atomic
def store_batch(feed, entries, now, gazetteer, language):
    """Store {url key: entry} of one source: items known by address or headline take the
    source too, new ones are created and linked. (new, known)."""
    existing = dict(NewsItem.objects.filter(url_key__in=entries).values_list("url_key", "pk"))
    fresh = {key: entry for key, entry in entries.items() if key not in existing}
    by_headline = same_headlines(fresh.values(), now, feed)
    items, known_ids = [], set(existing.values())
    for key, entry in fresh.items():
        moment = entry.published or now
        twin = next(
            (
                pk
                for pk, published in by_headline.get(title_key(entry.title), [])
                if abs(published - moment) <= SAME_HEADLINE_WITHIN
            ),
            None,
        )
        if twin:
            known_ids.add(twin)
            continue
        items.append(
            NewsItem(
                url=entry.url,
                url_key=key,
                title_key=title_key(entry.title),
                title=entry.title,
                summary=entry.summary,
                published=min(moment, now),
                language=language_of(entry.title, entry.language or language)[:8],
            )
        )
    try:
        with transaction.atomic():
            created = NewsItem.objects.bulk_create(items)
    except IntegrityError:
        # Another worker stored some a moment ago: store the rest one by one.
        created = []
        for item in items:
            try:
                with transaction.atomic():
                    item.save()
                created.append(item)
            except IntegrityError:
                known_ids.update(
                    NewsItem.objects.filter(url_key=item.url_key).values_list("pk", flat=True)
                )
    through = NewsItem.feeds.through
    through.objects.bulk_create(
        [through(newsitem_id=pk, feed_id=feed.pk) for pk in known_ids]
        + [through(newsitem_id=item.pk, feed_id=feed.pk) for item in created],
        ignore_conflicts=True,
    )
    link_items(created, gazetteer, feed=feed, fresh=True)
    return len(created), len(known_ids)


def same_headlines(entries, now, feed):
    """{headline key: [(item id, published)]} of items of other sources with the entries'
    headlines: one source's "Morning briefing" of each day stays an item of its own."""
    entries = list(entries)
    if not entries:
        return {}
    earliest = min(entry.published or now for entry in entries) - SAME_HEADLINE_WITHIN
    found = {}
    rows = (
        NewsItem.objects.filter(
            title_key__in={title_key(entry.title) for entry in entries}, published__gte=earliest
        )
        .exclude(feeds=feed)
        .values_list("title_key", "pk", "published")
    )
    for key, pk, published in rows:
        found.setdefault(key, []).append((pk, published))
    return found


def item_text(item):
    return f"{item.title}\n{parsing.plain_text(item.summary)}"


def link_item(item, gazetteer=None, feed=None):
    """Link one item anew: suggestions are made again, what officers decided stays."""
    link_items([item], gazetteer or linking.gazetteer_from_database(), feed=feed)


@dataclass
class Linked:
    """What the linker found in one item, as rows to write."""

    item: NewsItem
    found: linking.Found
    signals: dict


@transaction.atomic
def link_items(items, gazetteer, feed=None, fresh=False):
    """Link items to what they name, in a few queries for all of them. `fresh` items have
    no links yet; others keep the links officers decided and lose the other suggestions."""
    if not items:
        return
    linked = [
        Linked(item, gazetteer.find(item_text(item)), classification.classify(item_text(item)))
        for item in items
    ]
    decided = {kind: set() for kind in LINK_MODELS}
    confirmed = defaultdict(list)
    if not fresh:
        for kind, model in LINK_MODELS.items():
            rows = model.objects.filter(item__in=items)
            rows.filter(status=LinkStatus.SUGGESTED).delete()
            decided[kind] = set(rows.values_list("item_id", f"{model.target_field}_id"))
        ItemSignal.objects.filter(item__in=items).delete()
        kept = CompanyLink.objects.filter(item__in=items, status=LinkStatus.CONFIRMED)
        for item_id, company_id in kept.values_list("item_id", "company_id"):
            confirmed[item_id].append(company_id)
    matched = {company_id for each in linked for company_id in each.found.companies}
    matched |= {company_id for ids in confirmed.values() for company_id in ids}
    companies = {
        company.pk: company
        for company in Company.objects.filter(pk__in=matched)
        .only("legal_name", "country_id")
        .prefetch_related("sectors", "focus_areas")
    }
    rows = {kind: [] for kind in LINK_MODELS}
    context = LinkContext(set(Country.objects.values_list("pk", flat=True)), focus_area_names())
    for each in linked:
        source = feed or each.item.feeds.first()
        rows_of_item(each, companies, decided, source, context, rows, confirmed[each.item.pk])
    for kind, model in LINK_MODELS.items():
        model.objects.bulk_create(rows[kind])
    ItemSignal.objects.bulk_create(
        ItemSignal(item=each.item, signal=signal, reason=reason)
        for each in linked
        for signal, reason in each.signals.items()
    )
    NewsItem.objects.filter(pk__in=[item.pk for item in items]).update(linked_at=timezone.now())


@dataclass
class LinkContext:
    country_codes: set
    focus_areas: list


def focus_area_names():
    """[(focus area id, name, pattern)] of every focus area's English and German name."""
    names = []
    for area in FocusArea.objects.only("name_en", "name_de"):
        for name in {area.name_en, area.name_de}:
            words = " ".join(split_words(fold(name)))
            if words:
                names.append((area.pk, name, re.compile(rf"(?<!\w){re.escape(words)}(?!\w)")))
    return names


def rows_of_item(each, companies, decided, source, context, rows, confirmed):
    """The links of one item, as unsaved rows added to `rows` by kind; the companies found
    and those officers confirmed lend it their countries, sectors and focus areas."""
    item, found = each.item, each.found
    live = [companies[company_id] for company_id in confirmed if company_id in companies]
    for company_id, match in found.companies.items():
        company = companies.get(company_id)
        if company is None or (item.pk, company_id) in decided["company"]:
            continue
        live.append(company)
        rows["company"].append(
            CompanyLink(
                item=item,
                company=company,
                matched_key=match.key[:200],
                reason=(_("names “%(text)s”") % {"text": match.text})[:250],
                confidence=round(match.confidence, 3),
            )
        )
    countries, sectors, areas = {}, {}, {}
    for code, text in found.countries.items():
        keep_best(countries, code, NAMED_COUNTRY, _("names “%(text)s”") % {"text": text})
    if source is not None and source.country_id:
        keep_best(countries, source.country_id, SOURCE_COUNTRY, _("country of the source"))
    words = " ".join(split_words(fold(item_text(item))))
    for pk, name, pattern in context.focus_areas:
        if pattern.search(words):
            keep_best(areas, pk, NAMED_FOCUS_AREA, _("names “%(text)s”") % {"text": name})
    for company in live:
        if company.country_id:
            reason = _("country of %(company)s") % {"company": company}
            keep_best(countries, company.country_id, COMPANY_COUNTRY, reason)
        for sector in company.sectors.all():
            reason = _("sector of %(company)s") % {"company": company}
            keep_best(sectors, sector.pk, COMPANY_SECTOR, reason)
        for area in company.focus_areas.all():
            reason = _("focus area of %(company)s") % {"company": company}
            keep_best(areas, area.pk, COMPANY_FOCUS_AREA, reason)
    for kind, found_links, model in (
        ("country", countries, CountryLink),
        ("sector", sectors, SectorLink),
        ("focus_area", areas, FocusAreaLink),
    ):
        for target, (confidence, reason) in found_links.items():
            if (item.pk, target) in decided[kind]:
                continue
            if kind == "country" and target not in context.country_codes:
                continue
            rows[kind].append(
                model(
                    item=item,
                    confidence=confidence,
                    reason=reason,
                    **{f"{model.target_field}_id": target},
                )
            )


def keep_best(links, key, confidence, reason):
    if key not in links or links[key][0] < confidence:
        links[key] = (confidence, reason[:250])


# --- officers' verdicts --------------------------------------------------------------------


@transaction.atomic
def decide_link(link, user, confirmed):
    """Confirm or remove a link; a company link's verdict is remembered by its name, so
    that the linker asks for context where officers removed it more than they confirmed."""
    link = type(link).objects.select_for_update(of=("self",)).get(pk=link.pk)
    before = link.status
    link.status = LinkStatus.CONFIRMED if confirmed else LinkStatus.REMOVED
    link.decided_by = user
    link.decided_at = timezone.now()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    if isinstance(link, CompanyLink) and link.matched_key and before != link.status:
        lesson, _created = NameLesson.objects.get_or_create(
            company=link.company, key=link.matched_key
        )
        counts = {LinkStatus.CONFIRMED: "confirmed", LinkStatus.REMOVED: "removed"}
        if before in counts:
            setattr(lesson, counts[before], max(0, getattr(lesson, counts[before]) - 1))
        setattr(lesson, counts[link.status], getattr(lesson, counts[link.status]) + 1)
        lesson.save()
    return link


# --- turning an item into work -------------------------------------------------------------


@transaction.atomic
def turn_into(item, kind, user, company, desk, title, due_on=None, assignee=None, on=None):
    """Make an interaction note (dated `on`, else today), a task or a lead project of an
    item, with the item as its source, and record it on the item."""
    if not (sees_and_changes_everything(user) or desk.pk in desk_roles(user)):
        raise ValidationError({"desk": _("Choose one of your own desks.")})
    if kind == FollowUpKind.TASK and due_on and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("A task cannot be due in the past.")})
    title = title[:200]
    source_note = item.url[:250]
    if kind == FollowUpKind.NOTE:
        interaction = Interaction(
            kind=InteractionKind.NOTE,
            occurred_on=on or timezone.localdate(),
            subject=title,
            desk=desk,
            company=company,
            notes=f"[{item.title}]({item.url})",
        )
        interaction.full_clean()
        interaction.save()
        interaction.team_members.add(user)
        follow_up = FollowUp(item=item, kind=kind, interaction=interaction, created_by=user)
    elif kind == FollowUpKind.TASK:
        task = Task(
            title=title,
            due_on=due_on or timezone.localdate(),
            assignee=assignee or user,
            status=TaskStatus.OPEN,
            desk=desk,
            company=company,
        )
        task.full_clean()
        task.save()
        follow_up = FollowUp(item=item, kind=kind, task=task, created_by=user)
    else:
        project = Project(
            title=title,
            kind=ProjectKind.EXPANSION if company.sites.exists() else ProjectKind.NEW_SETTLEMENT,
            company=company,
            desk=desk,
            owner=user,
            source=ProjectSource.MONITORING,
            source_note=source_note,
            stage=Stage.LEAD,
            origin_country_id=company.country_id,
        )
        create_project(project, user, note=_("From the news: %(title)s") % {"title": item.title})
        follow_up = FollowUp(item=item, kind=kind, project=project, created_by=user)
    follow_up.save()
    link = CompanyLink.objects.filter(item=item, company=company).first()
    if link is None or link.status == LinkStatus.SUGGESTED:
        # Acting on the item about the company says it is about the company.
        if link is None:
            link = CompanyLink.objects.create(
                item=item, company=company, confidence=1, reason=_("chosen by an officer")
            )
        decide_link(link, user, confirmed=True)
    return follow_up


def with_live_links(queryset, kinds=("company",)):
    """Items with their signals and their links of `kinds` that are not removed
    (`live_company_links` …): the lists show companies alone, the API every kind."""
    prefetches = [
        Prefetch(
            f"{kind}_links",
            queryset=model.objects.filter(status__in=LIVE).select_related(model.target_field),
            to_attr=f"live_{kind}_links",
        )
        for kind, model in LINK_MODELS.items()
        if kind in kinds
    ]
    return queryset.prefetch_related(*prefetches, "signals")


# --- alerts --------------------------------------------------------------------------------


def alerts_for(user, since):
    """Items since `since` the user should see: about a company of their desks, with a
    signal in one of their desks' countries, or matching their watch list."""
    desk_ids = list(desk_roles(user))
    about = Q(company_links__company__desk__in=desk_ids, company_links__status__in=LIVE)
    in_countries = Q(
        signals__isnull=False,
        country_links__country__coverage__desk__in=desk_ids,
        country_links__status__in=LIVE,
    )
    condition = about | in_countries
    watches = list(Watch.objects.filter(user=user))
    watched_companies = [watch.company_id for watch in watches if watch.company_id]
    watched_countries = [watch.country_id for watch in watches if watch.country_id]
    if watched_companies:
        condition |= Q(company_links__company__in=watched_companies, company_links__status__in=LIVE)
    if watched_countries:
        condition |= Q(country_links__country__in=watched_countries, country_links__status__in=LIVE)
    for watch in watches:
        if watch.keyword:
            condition |= Q(title__icontains=watch.keyword) | Q(summary__icontains=watch.keyword)
    ids = (
        NewsItem.objects.visible_to(user)
        .filter(published__gte=since)
        .filter(condition)
        .values("pk")
    )
    return NewsItem.objects.filter(pk__in=ids).order_by("-published", "-pk")


def company_news(company, user, limit=10):
    """Items about the company or its group's head, links not removed."""
    companies = [company.pk] + ([company.parent_id] if company.parent_id else [])
    ids = CompanyLink.objects.filter(company__in=companies, status__in=LIVE).values("item_id")
    return (
        NewsItem.objects.visible_to(user)
        .filter(pk__in=ids)
        .prefetch_related("signals")
        .order_by("-published", "-pk")[:limit]
    )
