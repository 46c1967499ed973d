"""Reading news sources over HTTP, against a local server whose answers each test sets:
real feed files, failing and slow servers, redirects, oversized and packed bodies, robots.txt
and addresses that must not be fetched; and how a source records what happened."""

import csv
import datetime
import gzip
import io
import pathlib
import re
import threading
import time
import tracemalloc
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import feedparser
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from pocketworld.core.tests.factories import FeedFactory
from pocketworld.monitoring import fetching, services, tasks
from pocketworld.monitoring.choices import FeedKind, FeedStatus
from pocketworld.monitoring.fetching import FetchError
from pocketworld.monitoring.models import NewsItem

pytestmark = pytest.mark.django_db

FEEDS = pathlib.Path(__file__).parent / "data" / "feeds"
with open(FEEDS / "MANIFEST.csv", encoding="utf-8") as manifest:
    MANIFEST = list(csv.DictReader(manifest))
CONTENT_TYPES = {
    ".json": "application/feed+json",
    ".atom": "application/atom+xml",
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml",
}
MEGABYTE = 1024 * 1024
# Scripts a correctly decoded headline is written in.
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
HAN = re.compile(r"[\u4e00-\u9fff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
THAI = re.compile(r"[\u0e00-\u0e7f]")
HEBREW = re.compile(r"[\u0590-\u05ff]")
# Files in a legacy encoding they do not declare, and the script of their headlines.
UNDECLARED_ENCODINGS = {
    "feedparser/illformed/chardet_big5.xml": HAN,
    "feedparser/illformed/chardet_eucjp.xml": KANA,
    "feedparser/illformed/chardet_euckr.xml": HANGUL,
    "feedparser/illformed/chardet_gb2312.xml": HAN,
    "feedparser/illformed/chardet_koi8r.xml": CYRILLIC,
    "feedparser/illformed/chardet_shiftjis.xml": KANA,
    "feedparser/illformed/chardet_tis620.xml": THAI,
    "feedparser/illformed/chardet_windows1255.xml": HEBREW,
}
# Files whose headlines are in a script of their own, however they are encoded.
SCRIPTS = {
    **UNDECLARED_ENCODINGS,
    "feedparser/large_atom_feed_that_needs_css_sanitisation.xml": CYRILLIC,
    "node-feedparser/iconv.xml": CYRILLIC,
    "node-feedparser/compressed.xml": CYRILLIC,
}


# --- the local server ----------------------------------------------------------------------


@dataclass
class Answer:
    """What the server answers at a path. `body` is bytes, or a function giving the chunks
    to stream (until the connection closes, or `chunked` in HTTP/1.1 chunks); `wait` holds
    the answer back that many seconds unless the test ends first."""

    body: bytes | Callable[[], Iterable[bytes]] = b""
    status: int = 200
    headers: dict = field(default_factory=dict)
    wait: float = 0
    chunked: bool = False


class SourceHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        source = self.server.source
        path = urlsplit(self.path).path
        source.requests.append((path, self.headers))
        try:
            self.answer(source, path, source.answers.get(path, Answer(status=404)))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up, as it should once it has read enough
        finally:
            source.finished[path].set()

    def answer(self, source, path, answer):
        if answer.wait:
            source.release.wait(answer.wait)
        etag = answer.headers.get("ETag") or answer.headers.get("etag")
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        if answer.chunked:
            self.protocol_version = "HTTP/1.1"
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if isinstance(answer.body, bytes):
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
            source.sent[path] += len(answer.body)
            return
        if answer.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
        self.end_headers()
        for chunk in answer.body():
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if answer.chunked else chunk)
            source.sent[path] += len(chunk)
        if answer.chunked:
            self.wfile.write(b"0\r\n\r\n")

    def log_message(self, format, *args):
        pass


class Source:
    """A web server on 127.0.0.1 in a daemon thread: `serve` sets an answer, `requests`
    holds (path, headers) of what was asked, `sent` the body bytes written per path."""

    def __init__(self):
        self.answers = {}
        self.requests = []
        self.sent = defaultdict(int)
        self.finished = defaultdict(threading.Event)
        # Set when the test ends: answers held back or dripping stop.
        self.release = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), SourceHandler)
        self.server.source = self
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def serve(self, path, body=b"", **answer):
        self.answers[path] = Answer(body=body, **answer)
        return self.url(path)

    def redirect(self, path, location, status=302):
        return self.serve(path, status=status, headers={"Location": location})

    def asked(self, path):
        return [headers for asked, headers in self.requests if asked == path]

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=2)


@pytest.fixture
def source():
    server = Source()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def careful_client(settings):
    """Local addresses allowed (the test server is one), small caps and short timeouts."""
    settings.MONITORING_ALLOW_PRIVATE_HOSTS = True
    settings.MONITORING_MAX_BYTES = MEGABYTE
    settings.MONITORING_CONNECT_TIMEOUT = 1
    settings.MONITORING_READ_TIMEOUT = 0.5
    settings.MONITORING_DEADLINE = 5
    settings.MONITORING_MAX_REDIRECTS = 3
    fetching.forget_robots()
    yield
    fetching.forget_robots()


@pytest.fixture
def feed_at(source, japan_desk):
    """A source of the Japan desk at a path of the local server."""

    def make(path, **fields):
        return FeedFactory(url=source.url(path), desks=[japan_desk], **fields)

    return make


def rss(*items, title="Nikkei Asia"):
    """An RSS 2.0 document of (headline, link) or (headline, link, description) items."""
    entries = "".join(
        "<item><title>{}</title><link>{}</link><description>{}</description></item>".format(
            *(escape(part) for part in (item + ("",))[:3])
        )
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://asia.nikkei.com/</link>{entries}"
        "</channel></rss>"
    ).encode()


NEWS = rss(
    ("Toyota opens a research centre in Düsseldorf", "https://asia.nikkei.com/toyota-rd"),
    ("Panasonic expands battery output in Europe", "https://asia.nikkei.com/panasonic"),
)
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}


def serve_news(source, path="/feed.xml", **headers):
    return source.serve(path, NEWS, headers={**RSS_TYPE, **headers})


def reason_of(url, **options):
    with pytest.raises(FetchError) as refused:
        fetching.get(url, **options)
    return refused.value.reason


def zeros(megabytes, wbits):
    """`megabytes` MB of zeros, compressed a megabyte at a time: a gzip file (`wbits` 31)
    or a zlib stream (15, what HTTP calls deflate)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(MEGABYTE)
    packed = b"".join(packer.compress(block) for _ in range(megabytes))
    return packed + packer.flush()


@pytest.fixture(scope="module")
def gzip_bomb():
    return zeros(110, 16 + zlib.MAX_WBITS)


@pytest.fixture(scope="module")
def deflate_bomb():
    return zeros(110, zlib.MAX_WBITS)


# --- real feed files -------------------------------------------------------------------------


@pytest.mark.parametrize("row", MANIFEST, ids=[row["file"] for row in MANIFEST])
def test_real_feed_file_gives_items_or_a_failing_source(source, feed_at, row):
    content = (FEEDS / row["file"]).read_bytes()
    path = "/" + row["file"]
    source.serve(path, content, headers={"Content-Type": CONTENT_TYPES[pathlib.Path(path).suffix]})
    feed = feed_at(path)

    outcome = services.fetch_feed(feed)

    feed.refresh_from_db()
    items = list(feed.items.all())
    if row["kind"] == "real-world capture":
        assert outcome.error == ""
        assert outcome.new > 0
        assert feed.status == FeedStatus.OK
    if items:
        assert outcome.new == len(items)
        assert all(item.title.strip() for item in items)
        assert all(item.url.startswith(("http://", "https://")) for item in items)
    elif feed.status == FeedStatus.FAILING:
        assert feed.last_error
        assert outcome.error == feed.last_error
    else:
        # A feed may be well-formed and simply list nothing yet.
        document = feedparser.parse(io.BytesIO(fetching.unpacked(content, 10 * MEGABYTE)))
        assert document.entries == []
        assert feed.status == FeedStatus.OK
    if items and row["file"] in SCRIPTS:
        assert any(SCRIPTS[row["file"]].search(item.title) for item in items)


def with_links(content):
    """The file with a link in each entry (those of the chardet suite have none): ASCII,
    which keeps every one of their encodings intact."""
    number = iter(range(1, 100))
    content = re.sub(
        rb"<entry>",
        lambda _m: b'<entry><link href="https://example.jp/%d"/>' % next(number),
        content,
    )
    return re.sub(
        rb"<item>", lambda _m: b"<item><link>https://example.jp/%d</link>" % next(number), content
    )


@pytest.mark.parametrize("name", UNDECLARED_ENCODINGS)
def test_undeclared_encoding_is_detected(source, feed_at, name):
    source.serve(
        "/legacy.xml",
        with_links((FEEDS / name).read_bytes()),
        headers={"Content-Type": "application/rss+xml"},
    )
    feed = feed_at("/legacy.xml", name="")

    outcome = services.fetch_feed(feed)

    assert outcome.error == ""
    # The Big5 file has a title and no entries: the source is named in it.
    texts = list(feed.items.values_list("title", flat=True)) or [feed.name]
    assert all(UNDECLARED_ENCODINGS[name].search(text) for text in texts), texts


def test_declared_encoding_names_the_source(source, feed_at):
    source.serve(
        "/euc-kr.xml",
        (FEEDS / "feedparser/encoding/euc-kr.xml").read_bytes(),
        headers={"Content-Type": "application/rss+xml"},
    )
    feed = feed_at("/euc-kr.xml", name="")

    services.fetch_feed(feed)

    feed.refresh_from_db()
    assert feed.name == "\ub144"
    assert feed.status == FeedStatus.OK


@pytest.mark.parametrize("name", ["feed-rs/rss_1.0_iso8859.xml", "feed-rs/rss_2.0_spiegel.xml"])
def test_latin_1_headlines_keep_their_umlauts(source, feed_at, name):
    source.serve("/de.xml", (FEEDS / name).read_bytes(), headers={"Content-Type": "text/xml"})
    feed = feed_at("/de.xml")

    services.fetch_feed(feed)

    titles = " ".join(feed.items.values_list("title", flat=True))
    assert re.search("[äöüÄÖÜß]", titles)
    assert "Ã" not in titles


# --- conditional GET -------------------------------------------------------------------------


@pytest.mark.parametrize("etag_header", ["ETag", "etag"])
def test_second_fetch_is_conditional_and_304_keeps_the_items(source, feed_at, etag_header):
    modified = "Wed, 05 Mar 2025 08:00:00 GMT"
    source.serve(
        "/feed.xml", NEWS, headers={**RSS_TYPE, etag_header: '"v1"', "Last-Modified": modified}
    )
    feed = feed_at("/feed.xml")
    first = services.fetch_feed(feed)
    items = set(feed.items.values_list("pk", flat=True))

    second = services.fetch_feed(feed)

    asked = source.asked("/feed.xml")
    assert "If-None-Match" not in asked[0]
    assert asked[1]["If-None-Match"] == '"v1"'
    assert asked[1]["If-Modified-Since"] == modified
    assert first.new == 2
    assert second.not_modified
    assert (second.new, second.known, second.error) == (0, 0, "")
    feed.refresh_from_db()
    assert feed.status == FeedStatus.OK
    assert feed.last_status_code == 304
    assert (feed.etag, feed.modified) == ('"v1"', modified)
    assert set(feed.items.values_list("pk", flat=True)) == items


def test_changed_source_is_read_again(source, feed_at):
    source.serve("/feed.xml", NEWS, headers={**RSS_TYPE, "ETag": '"v1"'})
    feed = feed_at("/feed.xml")
    services.fetch_feed(feed)
    newer = rss(("Hitachi buys a rail supplier in Kassel", "https://asia.nikkei.com/hitachi"))
    source.serve("/feed.xml", newer, headers={**RSS_TYPE, "ETag": '"v2"'})

    outcome = services.fetch_feed(feed)

    assert (outcome.new, outcome.not_modified) == (1, False)
    assert feed.etag == '"v2"'
    assert feed.items.count() == 3


# --- failures and back-off -------------------------------------------------------------------


def test_server_error_fails_with_back_off_until_the_source_recovers(source, feed_at):
    source.serve("/feed.xml", b"Internal Server Error", status=500)
    feed = feed_at("/feed.xml", fetch_every=60)
    start = timezone.now()

    first = services.fetch_feed(feed, now=start)
    assert first.error
    assert "500" in feed.last_error
    assert (feed.status, feed.failures, feed.last_status_code) == (FeedStatus.FAILING, 1, 500)
    assert feed.next_fetch_at == start + datetime.timedelta(minutes=120)

    later = start + datetime.timedelta(hours=2)
    services.fetch_feed(feed, now=later)
    feed.refresh_from_db()
    assert feed.failures == 2
    assert feed.next_fetch_at - later == datetime.timedelta(minutes=240)

    serve_news(source)
    recovered = later + datetime.timedelta(hours=4)
    outcome = services.fetch_feed(feed, now=recovered)
    feed.refresh_from_db()
    assert outcome.new == 2
    assert (feed.status, feed.failures, feed.last_error) == (FeedStatus.OK, 0, "")
    assert feed.last_status_code == 200
    assert feed.next_fetch_at == recovered + datetime.timedelta(minutes=60)


def test_back_off_is_at_most_a_day(source, feed_at):
    source.serve("/feed.xml", status=503)
    feed = feed_at("/feed.xml", fetch_every=60, failures=9)
    now = timezone.now()

    services.fetch_feed(feed, now=now)

    assert feed.failures == 10
    assert feed.next_fetch_at == now + datetime.timedelta(days=1)


@pytest.mark.parametrize("status", [403, 404, 410])
def test_client_error_names_the_status(source, status):
    url = source.serve("/feed.xml", status=status)

    with pytest.raises(FetchError) as refused:
        fetching.get(url)

    assert refused.value.status == status
    assert str(status) in refused.value.reason


def test_page_that_is_no_feed_fails_the_source(source, feed_at):
    source.serve(
        "/feed.xml",
        b"<html><head><title>Welcome</title></head><body>Our news</body></html>",
        headers={"Content-Type": "text/html"},
    )
    feed = feed_at("/feed.xml")

    outcome = services.fetch_feed(feed)

    assert outcome.error
    assert feed.status == FeedStatus.FAILING


# --- timeouts --------------------------------------------------------------------------------


def test_server_that_does_not_answer_in_time_fails(source, feed_at):
    source.serve("/feed.xml", NEWS, headers=RSS_TYPE, wait=10)
    feed = feed_at("/feed.xml")
    started = time.monotonic()

    outcome = services.fetch_feed(feed)

    assert time.monotonic() - started < 3
    assert "too long" in outcome.error
    assert feed.status == FeedStatus.FAILING


def test_body_that_stalls_fails_as_too_slow(source):
    def stalls():
        yield b'<?xml version="1.0"?><rss version="2.0"><channel>'
        source.release.wait(10)

    url = source.serve("/feed.xml", stalls, headers=RSS_TYPE)
    started = time.monotonic()

    assert "too long" in reason_of(url)
    assert time.monotonic() - started < 3


def test_body_that_drips_is_cut_at_the_deadline(source, settings):
    """A byte every 0.1 s never trips the read timeout; the deadline for the whole read
    must end it."""
    settings.MONITORING_DEADLINE = 1

    def drips():
        yield b'<?xml version="1.0"?><rss version="2.0"><channel>'
        for _ in range(60):
            if source.release.wait(0.1):
                return
            yield b" "

    url = source.serve("/feed.xml", drips, headers=RSS_TYPE)
    started = time.monotonic()

    assert "too long" in reason_of(url)
    assert time.monotonic() - started < 2.5


# --- redirects -------------------------------------------------------------------------------


def test_single_redirect_is_followed(source, feed_at):
    serve_news(source)
    source.redirect("/old.xml", "/feed.xml", status=301)
    feed = feed_at("/old.xml")

    fetched = fetching.get(feed.url)
    outcome = services.fetch_feed(feed)

    assert fetched.url == source.url("/feed.xml")
    assert outcome.new == 2
    assert feed.status == FeedStatus.OK


def test_redirect_loop_fails(source, feed_at):
    source.redirect("/a.xml", source.url("/b.xml"))
    source.redirect("/b.xml", "/a.xml")
    feed = feed_at("/a.xml")

    outcome = services.fetch_feed(feed)

    assert "loop" in outcome.error
    assert feed.status == FeedStatus.FAILING
    assert len(source.asked("/a.xml")) == 1


def test_too_many_redirects_fail(source, feed_at):
    for hop in range(6):
        source.redirect(f"/{hop}.xml", f"/{hop + 1}.xml")
    serve_news(source, "/6.xml")
    feed = feed_at("/0.xml")

    outcome = services.fetch_feed(feed)

    assert "more than 3 times" in outcome.error
    assert feed.status == FeedStatus.FAILING
    assert source.asked("/6.xml") == []


def test_as_many_redirects_as_allowed_are_followed(source):
    for hop in range(3):
        source.redirect(f"/{hop}.xml", f"/{hop + 1}.xml", status=307)
    serve_news(source, "/3.xml")

    assert fetching.get(source.url("/0.xml")).content == NEWS


def test_redirect_without_location_fails(source):
    url = source.serve("/feed.xml", status=302)

    assert "without saying where" in reason_of(url)


# --- size caps -------------------------------------------------------------------------------


def fifty_megabytes():
    block = b"x" * (64 * 1024)
    for _ in range(50 * 16):
        yield block


@pytest.mark.parametrize("chunked", [False, True])
def test_endless_body_is_cut_at_the_cap(source, feed_at, chunked):
    source.serve("/feed.xml", fifty_megabytes, headers=RSS_TYPE, chunked=chunked)
    feed = feed_at("/feed.xml")

    outcome = services.fetch_feed(feed)

    assert "more than 1 MB" in outcome.error
    assert feed.status == FeedStatus.FAILING
    assert source.finished["/feed.xml"].wait(2)
    assert source.sent["/feed.xml"] < 10 * MEGABYTE


def test_declared_oversized_body_is_refused_before_reading(source):
    url = source.serve(
        "/feed.xml", fifty_megabytes, headers={**RSS_TYPE, "Content-Length": str(50 * MEGABYTE)}
    )

    assert "more than 1 MB" in reason_of(url)
    assert source.finished["/feed.xml"].wait(2)
    assert source.sent["/feed.xml"] < 10 * MEGABYTE


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compression_bomb_is_cut_at_the_cap(source, feed_at, request, encoding):
    bomb = request.getfixturevalue(f"{encoding}_bomb")
    source.serve("/feed.xml", bomb, headers={**RSS_TYPE, "Content-Encoding": encoding})
    feed = feed_at("/feed.xml")
    started = time.monotonic()
    tracemalloc.start()

    outcome = services.fetch_feed(feed)

    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(bomb) < MEGABYTE
    assert "more than 1 MB" in outcome.error
    assert feed.status == FeedStatus.FAILING
    assert time.monotonic() - started < 3
    assert peak < 20 * MEGABYTE


def test_gzip_file_bomb_is_cut_at_the_cap(source, gzip_bomb):
    url = source.serve("/sitemap.xml.gz", gzip_bomb, headers={"Content-Type": "application/gzip"})

    assert "more than 1 MB" in reason_of(url)


def test_gzip_file_without_content_encoding_is_unpacked(source, feed_at):
    source.serve(
        "/feed.xml.gz", gzip.compress(NEWS), headers={"Content-Type": "application/x-gzip"}
    )
    feed = feed_at("/feed.xml.gz")

    outcome = services.fetch_feed(feed)

    assert outcome.new == 2
    assert fetching.get(feed.url).content == NEWS


@pytest.mark.parametrize("encoding, pack", [("gzip", gzip.compress), ("deflate", zlib.compress)])
def test_compressed_answer_is_decompressed(source, encoding, pack):
    url = source.serve("/feed.xml", pack(NEWS), headers={**RSS_TYPE, "Content-Encoding": encoding})

    assert fetching.get(url).content == NEWS


@pytest.mark.parametrize("encoding, pack", [("identity", bytes), ("gzip", gzip.compress)])
def test_chunked_answer_is_read_whole(source, encoding, pack):
    packed = pack(NEWS)

    def pieces():
        for start in range(0, len(packed), 50):
            yield packed[start : start + 50]

    url = source.serve(
        "/feed.xml", pieces, headers={**RSS_TYPE, "Content-Encoding": encoding}, chunked=True
    )

    assert fetching.get(url).content == NEWS


@pytest.mark.parametrize("broken", [b"\x1f\x8b\x08\x00broken", gzip.compress(NEWS)[:-30]])
def test_broken_gzip_file_fails(source, broken):
    url = source.serve("/feed.xml.gz", broken)

    assert "gzip" in reason_of(url)


def test_broken_compressed_answer_fails(source):
    url = source.serve("/feed.xml", b"no gzip at all", headers={"Content-Encoding": "gzip"})

    assert "decompressed" in reason_of(url)


# --- addresses that must not be fetched ------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://127.1/feed.xml",
        "http://2130706433/",
        "http://localhost/feed.xml",
        "http://0.0.0.0/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/rss",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "http://224.0.0.1/",
    ],
)
def test_private_and_local_addresses_are_refused(settings, url):
    settings.MONITORING_ALLOW_PRIVATE_HOSTS = False

    with pytest.raises(FetchError) as refused:
        fetching.check_address(url)

    assert "private or local network" in refused.value.reason


def test_public_address_passes(settings):
    settings.MONITORING_ALLOW_PRIVATE_HOSTS = False

    fetching.check_address("https://93.184.215.14/feed.xml")


def test_local_server_is_refused_unless_allowed(source, feed_at, settings):
    serve_news(source)
    feed = feed_at("/feed.xml")
    settings.MONITORING_ALLOW_PRIVATE_HOSTS = False

    outcome = services.fetch_feed(feed)

    assert "private or local network" in outcome.error
    assert feed.status == FeedStatus.FAILING
    assert source.requests == []


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "gopher://127.0.0.1:70/_x", "ftp://example.com/feed.xml", "/x"]
)
def test_other_schemes_are_refused(url):
    assert "Only http and https" in reason_of(url)


@pytest.mark.parametrize("target", ["ftp://example.com/x", "file:///etc/passwd"])
def test_every_redirect_hop_is_checked(source, target):
    url = source.redirect("/feed.xml", target)

    assert "Only http and https" in reason_of(url)


# --- robots.txt ------------------------------------------------------------------------------


def test_robots_txt_is_honoured(source, feed_at):
    source.serve("/robots.txt", b"User-agent: *\nDisallow: /private\n")
    serve_news(source, "/private/feed.xml")
    serve_news(source, "/public/feed.xml")
    closed, open_ = feed_at("/private/feed.xml"), feed_at("/public/feed.xml")

    refused = services.fetch_feed(closed)
    read = services.fetch_feed(open_)

    assert "robots.txt" in refused.error
    assert closed.status == FeedStatus.FAILING
    assert source.asked("/private/feed.xml") == []
    assert read.new == 2
    assert len(source.asked("/robots.txt")) == 1


def test_robots_txt_for_our_agent_is_honoured(source):
    source.serve("/robots.txt", b"User-agent: pocketworld-monitoring\nDisallow: /\n")
    url = serve_news(source)

    assert "robots.txt" in reason_of(url)


def test_missing_robots_txt_allows(source):
    url = serve_news(source)

    assert fetching.get(url).content == NEWS
    assert len(source.asked("/robots.txt")) == 1


def test_forbidden_robots_txt_refuses(source):
    source.serve("/robots.txt", status=403)
    url = serve_news(source)

    assert "robots.txt" in reason_of(url)


def test_robots_txt_is_read_again_once_forgotten(source):
    url = serve_news(source)
    fetching.get(url)
    fetching.get(url)
    fetching.forget_robots()
    fetching.get(url)

    assert len(source.asked("/robots.txt")) == 2


def test_robots_txt_is_checked_without_robots_for_itself(source):
    url = serve_news(source)

    fetching.get(url, check_robots=False)

    assert source.asked("/robots.txt") == []


# --- storing once ----------------------------------------------------------------------------


def test_same_items_from_two_sources_are_stored_once(source, feed_at):
    serve_news(source, "/one.xml")
    serve_news(source, "/two.xml")
    one, two = feed_at("/one.xml"), feed_at("/two.xml")

    first = services.fetch_feed(one)
    second = services.fetch_feed(two)

    assert (first.new, first.known) == (2, 0)
    assert (second.new, second.known) == (0, 2)
    assert NewsItem.objects.count() == 2
    for item in NewsItem.objects.all():
        assert set(item.feeds.all()) == {one, two}
    two.refresh_from_db()
    assert two.item_count == 2


def test_same_article_with_tracking_parameters_is_stored_once(source, feed_at):
    source.serve("/one.xml", rss(("Sony opens an office in Berlin", "https://n.example/a?id=4")))
    source.serve(
        "/two.xml",
        rss(("Sony opens Berlin office", "https://N.example/a?utm_source=x&id=4&fbclid=9#top")),
    )
    one, two = feed_at("/one.xml"), feed_at("/two.xml")

    services.fetch_feed(one)
    outcome = services.fetch_feed(two)

    assert outcome.known == 1
    assert NewsItem.objects.get().title == "Sony opens an office in Berlin"


def test_same_headline_at_another_address_is_stored_once(source, feed_at):
    headline = "Toyota opens a research centre in Düsseldorf"
    source.serve("/one.xml", rss((headline, "https://asia.nikkei.com/toyota-rd")))
    source.serve("/two.xml", rss((headline, "https://www.japantimes.co.jp/toyota?utm_source=x")))
    one, two = feed_at("/one.xml"), feed_at("/two.xml")

    services.fetch_feed(one)
    outcome = services.fetch_feed(two)

    assert outcome.known == 1
    item = NewsItem.objects.get()
    assert set(item.feeds.all()) == {one, two}


# --- what is stored --------------------------------------------------------------------------


def test_summary_html_is_sanitised(source, feed_at):
    hostile = (
        "<script>alert(1)</script><img src=x onerror=alert(1)>"
        '<a href="javascript:alert(1)">x</a><b>bold</b>'
    )
    source.serve("/feed.xml", rss(("Hostile", "https://n.example/h", hostile)), headers=RSS_TYPE)
    feed = feed_at("/feed.xml")

    services.fetch_feed(feed)

    summary = NewsItem.objects.get().summary
    assert "<b>bold</b>" in summary
    for danger in ("<script", "alert(1)</", "onerror", "javascript:", "<img"):
        assert danger not in summary.lower()


def test_atom_feed_with_relative_links_gives_absolute_addresses(source, feed_at):
    source.serve(
        "/tpm.atom",
        (FEEDS / "node-feedparser/tpm.atom").read_bytes(),
        headers={"Content-Type": "application/atom+xml"},
    )
    feed = feed_at("/tpm.atom")

    outcome = services.fetch_feed(feed)

    # Relative references resolve against the address the document was read at.
    origin = feed.url.rsplit("/", 1)[0] + "/"
    assert outcome.new > 0
    assert all(url.startswith(origin) for url in feed.items.values_list("url", flat=True))


# --- sitemaps --------------------------------------------------------------------------------


def news_sitemap(*articles):
    urls = "".join(
        f"<url><loc>{escape(loc)}</loc><news:news><news:publication><news:name>Nikkei"
        "</news:name><news:language>ja</news:language></news:publication>"
        f"<news:publication_date>2025-03-05T09:30:00+09:00</news:publication_date>"
        f"<news:title>{escape(title)}</news:title></news:news></url>"
        for loc, title in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}<url><loc>https://n.example/about</loc></url></urlset>"
    ).encode()


SITEMAP = news_sitemap(
    ("https://n.example/2025/03/denso", "デンソー、ドイツに新工場"),
    ("https://n.example/2025/03/kioxia", "Kioxia plans a plant in Saxony"),
)


def test_news_sitemap_gives_items(source, feed_at):
    source.serve("/news-sitemap.xml", SITEMAP, headers={"Content-Type": "application/xml"})
    feed = feed_at("/news-sitemap.xml", kind=FeedKind.SITEMAP)

    outcome = services.fetch_feed(feed)

    assert outcome.new == 2
    denso = NewsItem.objects.get(url="https://n.example/2025/03/denso")
    assert denso.title == "デンソー、ドイツに新工場"
    assert denso.language == "ja"
    assert denso.published == datetime.datetime(2025, 3, 5, 0, 30, tzinfo=datetime.UTC)


def test_sitemap_index_is_followed(source, feed_at):
    source.serve("/news-sitemap.xml.gz", gzip.compress(SITEMAP))
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{source.url('/news-sitemap.xml.gz')}</loc></sitemap></sitemapindex>"
    ).encode()
    source.serve("/sitemap.xml", index, headers={"Content-Type": "application/xml"})
    feed = feed_at("/sitemap.xml", kind=FeedKind.SITEMAP)

    outcome = services.fetch_feed(feed)

    assert outcome.new == 2
    assert len(source.asked("/news-sitemap.xml.gz")) == 1


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (level, b"&lol%d;" % (level - 1) * 10 if level > 1 else b"&lol;" * 10)
        for level in range(1, 10)
    )
    + b"]>"
)


def test_sitemap_with_entities_is_refused(source, feed_at):
    laughs = BILLION_LAUGHS + SITEMAP.split(b"?>", 1)[1].replace(
        b"<news:title>Kioxia", b"<news:title>&lol9; Kioxia"
    )
    source.serve("/sitemap.xml", laughs, headers={"Content-Type": "application/xml"})
    feed = feed_at("/sitemap.xml", kind=FeedKind.SITEMAP)
    started = time.monotonic()

    outcome = services.fetch_feed(feed)

    assert "refused" in outcome.error
    assert feed.status == FeedStatus.FAILING
    assert time.monotonic() - started < 3


def test_feed_with_entities_does_not_expand_them(source, feed_at):
    laughs = BILLION_LAUGHS + rss(("&lol9; Toyota", "https://n.example/t")).split(b"?>", 1)[1]
    source.serve("/feed.xml", laughs.replace(b"&amp;lol9;", b"&lol9;"), headers=RSS_TYPE)
    feed = feed_at("/feed.xml")
    started = time.monotonic()

    services.fetch_feed(feed)

    assert time.monotonic() - started < 3
    assert all(len(item.title) < 100 for item in NewsItem.objects.all())


# --- JSON Feed -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["fastfeedparser/json_feed_sample.json", "feed-rs/jsonfeed_elastic_1.1.json"]
)
def test_json_feed_gives_items(source, feed_at, name):
    source.serve(
        "/feed.json", (FEEDS / name).read_bytes(), headers={"Content-Type": "application/feed+json"}
    )
    feed = feed_at("/feed.json")

    outcome = services.fetch_feed(feed)

    assert outcome.error == ""
    assert outcome.new > 0
    for item in feed.items.all():
        assert item.title
        assert item.url.startswith("https://")
        assert item.language == "en"
    dated = [item for item in feed.items.all() if item.published.year < 2025]
    assert len(dated) >= 2


# --- the command and the worker --------------------------------------------------------------


def test_command_reads_one_source(source, feed_at):
    serve_news(source)
    good = feed_at("/feed.xml")
    bad = feed_at("/missing.xml")
    out = io.StringIO()

    call_command("fetch_feeds", "--feed", str(good.pk), stdout=out)
    call_command("fetch_feeds", "--feed", str(bad.pk), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == f"{good}: 2 new, 0 known"
    assert lines[1].startswith(f"{bad}: failed: ")
    assert "404" in lines[1]


def test_command_refuses_an_unknown_source():
    with pytest.raises(CommandError, match="no news source with the id 999999"):
        call_command("fetch_feeds", "--feed", "999999", stdout=io.StringIO())


def test_command_reads_the_sources_that_are_due(source, feed_at):
    serve_news(source)
    due = feed_at("/feed.xml")
    feed_at("/later.xml", next_fetch_at=timezone.now() + datetime.timedelta(hours=1))
    out = io.StringIO()

    call_command("fetch_feeds", stdout=out)

    assert out.getvalue().splitlines() == [f"{due}: 2 new, 0 known"]


def test_worker_task_survives_a_failing_source(source, feed_at):
    source.serve("/feed.xml", status=500)
    feed = feed_at("/feed.xml")

    result = tasks.fetch_feed.enqueue(feed.pk)

    assert "500" in result.return_value["error"]
    feed.refresh_from_db()
    assert feed.status == FeedStatus.FAILING


def test_worker_task_reads_a_source(source, feed_at):
    serve_news(source)
    feed = feed_at("/feed.xml")

    result = tasks.fetch_feed.enqueue(feed.pk)

    assert result.return_value == {"new": 2, "known": 0, "error": ""}
