"""From a source's bytes to its entries: feeds through feedparser (RSS 0.9x, 1.0, 2.0, Atom;
it reads the declared encoding, charset_normalizer guesses an undeclared one), JSON Feed
read here, sitemaps through defusedxml (the news sitemap's titles and dates). Item HTML is
sanitised with nh3; the plain text is what the linker reads."""

import calendar
import codecs
import datetime
import email.utils
import html
import io
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import charset_normalizer
import nh3
from defusedxml import DefusedXmlException, ElementTree
from django.utils import timezone
from django.utils.translation import gettext as _

# What an item's summary may keep of its HTML.
SUMMARY_TAGS = {"a", "b", "strong", "i", "em", "p", "br", "ul", "ol", "li", "blockquote"}
MAX_TITLE = 500
MAX_SUMMARY = 20_000
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
JSON_FEED = "https://jsonfeed.org/version/"
UNICODE_MARKS = (codecs.BOM_UTF8, codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE)
DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=", re.IGNORECASE)
# How much of an undeclared document the encoding is guessed from.
GUESS_FROM = 200_000


class ParseError(Exception):
    pass


@dataclass
class Entry:
    url: str
    title: str
    summary: str = ""
    published: datetime.datetime | None = None
    language: str = ""


@dataclass
class Parsed:
    title: str = ""
    language: str = ""
    entries: list[Entry] = field(default_factory=list)
    # Sitemaps an index names, read in their turn.
    sitemaps: list[str] = field(default_factory=list)


def plain_text(markup):
    """The text of HTML, tags dropped and entities read, in one line."""
    return " ".join(html.unescape(nh3.clean(markup or "", tags=set())).split())


def sanitised(markup):
    return nh3.clean(markup or "", tags=SUMMARY_TAGS, link_rel="noopener noreferrer nofollow")[
        :MAX_SUMMARY
    ]


def language_code(value):
    """ISO 639-1 from what sources write: "en-US", "ja_JP", "DE"."""
    code = (value or "").strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and len(code) in (2, 3) else ""


def moment(struct):
    if not struct:
        return None
    try:
        return datetime.datetime.fromtimestamp(calendar.timegm(struct), tz=datetime.UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def entry(url, title, summary, published, language, base=""):
    """An entry of what a source says of an item, or None without a web link or a headline;
    a relative link is read from `base`."""
    url = (url or "").strip()
    if base and url:
        url = urljoin(base, url)
    title = plain_text(title) or plain_text(summary)[:200]
    if not url.startswith(("http://", "https://")) or not title:
        return None
    return Entry(
        url=url[:1000],
        title=title[:MAX_TITLE],
        summary=sanitised(summary),
        published=published,
        language=language,
    )


def parse_feed(content, headers=None, url=""):
    """A feed's entries; `url`, where it was read, is what relative links point from (else
    the feed's own address)."""
    # Loaded where feeds are read (the background worker), not in every web worker.
    import feedparser

    headers = {key.lower(): value for key, value in (headers or {}).items()}
    if is_json(content):
        return parse_json_feed(content, url)
    if url:
        headers.setdefault("content-location", url)
    # A stream, never the bytes: feedparser opens bytes that name a file ("/dev/zero").
    parsed = feedparser.parse(
        io.BytesIO(content), response_headers=with_charset(content, headers), sanitize_html=True
    )
    problem = parsed.get("bozo_exception")
    # What feedparser notes of a document it could read all the same.
    if isinstance(problem, (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)):
        problem = None
    if not parsed.entries and (problem or not parsed.get("version")):
        problem = problem or _("no RSS, Atom or JSON Feed")
        raise ParseError(
            _("The source is no feed that can be read: %(problem)s") % {"problem": problem}
        )
    feed = parsed.feed
    language = language_code(feed.get("language") or headers.get("content-language", ""))
    base = feed_address(feed, url)
    result = Parsed(title=plain_text(feed.get("title", ""))[:200], language=language)
    for item in parsed.entries:
        found = entry(
            item.get("link"),
            item.get("title", ""),
            item.get("summary", ""),
            moment(item.get("published_parsed") or item.get("updated_parsed")),
            language_code(item.get("language", "")) or language,
            base,
        )
        if found:
            result.entries.append(found)
    if parsed.entries and not result.entries:
        raise ParseError(
            _("None of the source's %(count)s entries has a web link and a headline.")
            % {"count": len(parsed.entries)}
        )
    return result


def feed_address(feed, url=""):
    """Where a feed's relative links point from: where it was read, else the address it
    gives itself, else its website."""
    addresses = [url]
    addresses += [
        link.get("href", "") for link in feed.get("links", []) if link.get("rel") == "self"
    ]
    addresses.append(feed.get("link", ""))
    return next(
        (address for address in addresses if address.startswith(("http://", "https://"))), ""
    )


def with_charset(content, headers):
    """The headers, with the charset charset_normalizer guesses for a document that neither
    they, a byte order mark nor an XML declaration name, and that is no UTF-8 (a Shift_JIS
    feed, say): feedparser alone would read it as windows-1252."""
    content_type = headers.get("content-type", "")
    if (
        "charset=" in content_type.lower()
        or content.startswith(UNICODE_MARKS)
        or DECLARED_ENCODING.match(content[:500])
    ):
        return headers
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        guess = charset_normalizer.from_bytes(content[:GUESS_FROM]).best()
        if guess is not None:
            mime = content_type.split(";")[0].strip() or "application/xml"
            return {**headers, "content-type": f"{mime}; charset={guess.encoding}"}
    return headers


def is_json(content):
    """Whether the document is a JSON object, whatever its Content-Type says (servers send
    feeds as text/plain, and RSS as application/json)."""
    return content.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] == b"{"


def string_of(value):
    return value if isinstance(value, str) else ""


def parse_json_feed(content, url=""):
    """A JSON Feed's (1.0, 1.1) entries: the item's summary, else its HTML, else its text."""
    try:
        document = json.loads(content)
    except ValueError as error:
        raise ParseError(
            _("The source is no feed that can be read: %(problem)s") % {"problem": error}
        ) from error
    if not isinstance(document, dict) or not string_of(document.get("version")).startswith(
        JSON_FEED
    ):
        raise ParseError(_("The source is JSON, but no JSON Feed."))
    language = language_code(string_of(document.get("language")))
    base = url or string_of(document.get("feed_url")) or string_of(document.get("home_page_url"))
    result = Parsed(title=plain_text(string_of(document.get("title")))[:200], language=language)
    items = document.get("items")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        summary = html.escape(string_of(item.get("summary"))) or string_of(item.get("content_html"))
        found = entry(
            string_of(item.get("url")) or string_of(item.get("external_url")),
            string_of(item.get("title")),
            summary or html.escape(string_of(item.get("content_text"))),
            text_moment(
                string_of(item.get("date_published")) or string_of(item.get("date_modified"))
            ),
            language_code(string_of(item.get("language"))) or language,
            base,
        )
        if found:
            result.entries.append(found)
    return result


def parse_sitemap(content):
    """A sitemap's news entries (those with a news:title), or the sitemaps an index lists."""
    try:
        root = ElementTree.fromstring(content)
    except DefusedXmlException as error:  # entities and external references
        raise ParseError(_("The sitemap was refused: %(problem)s") % {"problem": error}) from error
    except (ElementTree.ParseError, ValueError) as error:
        raise ParseError(
            _("The sitemap is no XML that can be read: %(problem)s") % {"problem": error}
        ) from error
    result = Parsed()
    if root.tag == f"{SITEMAP}sitemapindex":
        result.sitemaps = [
            loc.text.strip() for loc in root.iter(f"{SITEMAP}loc") if loc.text and loc.text.strip()
        ]
        return result
    if root.tag != f"{SITEMAP}urlset":
        raise ParseError(_("The document is no sitemap."))
    for url in root.iter(f"{SITEMAP}url"):
        loc = (url.findtext(f"{SITEMAP}loc") or "").strip()
        news = url.find(f"{NEWS}news")
        if news is None or not loc.startswith(("http://", "https://")):
            continue
        title = plain_text(news.findtext(f"{NEWS}title") or "")
        if not title:
            continue
        published = news.findtext(f"{NEWS}publication_date") or url.findtext(f"{SITEMAP}lastmod")
        result.entries.append(
            Entry(
                url=loc[:1000],
                title=title[:MAX_TITLE],
                published=text_moment(published),
                language=language_code(news.findtext(f"{NEWS}publication/{NEWS}language")),
            )
        )
    return result


def text_moment(text):
    """A moment written as ISO 8601 (sitemaps, JSON Feed) or as RFC 822 (what some JSON
    Feeds write nonetheless); UTC when it names no zone."""
    if not text:
        return None
    try:
        value = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            value = email.utils.parsedate_to_datetime(text.strip())
        except (TypeError, ValueError, IndexError):
            return None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value
