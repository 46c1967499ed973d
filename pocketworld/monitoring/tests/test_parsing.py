"""From a source's bytes to entries, without a network: feeds, JSON Feed, news sitemaps,
and what is kept of their HTML, dates and languages."""

import datetime
import json
import time

import pytest

from pocketworld.monitoring import parsing
from pocketworld.monitoring.parsing import ParseError

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">
  <title>Nikkei</title>
  <link rel="self" href="https://www.nikkei.com/news/feed.atom"/>
  {entries}
</feed>"""


def atom(*entries):
    return ATOM.format(entries="".join(entries)).encode()


def test_entries_are_read_with_date_and_language():
    parsed = parsing.parse_feed(
        atom(
            "<entry><title>トヨタ、デュッセルドルフに研究所</title>"
            '<link href="https://www.nikkei.com/article/1"/>'
            "<updated>2025-03-05T09:30:00+09:00</updated></entry>"
        ),
        {"Content-Type": "application/atom+xml"},
    )

    assert parsed.title == "Nikkei"
    assert parsed.language == "ja"
    [entry] = parsed.entries
    assert entry.url == "https://www.nikkei.com/article/1"
    assert entry.title == "トヨタ、デュッセルドルフに研究所"
    assert entry.published == datetime.datetime(2025, 3, 5, 0, 30, tzinfo=datetime.UTC)
    assert entry.language == "ja"


def test_relative_links_point_from_the_feeds_own_address():
    parsed = parsing.parse_feed(
        atom(
            '<entry><title>Root relative</title><link href="/article/2"/></entry>',
            '<entry><title>Relative</title><link href="3.html"/></entry>',
        )
    )

    assert [entry.url for entry in parsed.entries] == [
        "https://www.nikkei.com/article/2",
        "https://www.nikkei.com/news/3.html",
    ]


def test_relative_links_point_from_where_the_feed_was_read():
    parsed = parsing.parse_feed(
        atom('<entry><title>Moved</title><link href="/article/2"/></entry>'),
        url="https://mirror.example/feeds/nikkei.atom",
    )

    assert parsed.entries[0].url == "https://mirror.example/article/2"


def test_entry_without_headline_is_named_by_its_summary():
    parsed = parsing.parse_feed(
        atom(
            '<entry><link href="https://n.example/1"/>'
            "<summary>Denso builds a plant near Dresden.</summary></entry>"
        )
    )

    assert parsed.entries[0].title == "Denso builds a plant near Dresden."


def test_entries_without_links_fail():
    content = atom("<entry><title>One</title></entry>", "<entry><title>Two</title></entry>")

    with pytest.raises(ParseError, match="None of the source's 2 entries"):
        parsing.parse_feed(content)


def test_script_links_are_dropped():
    parsed = parsing.parse_feed(
        atom(
            '<entry><title>Bad</title><link href="javascript:alert(1)"/></entry>',
            '<entry><title>Good</title><link href="https://n.example/good"/></entry>',
        )
    )

    assert [entry.title for entry in parsed.entries] == ["Good"]


def test_empty_feed_is_no_error():
    parsed = parsing.parse_feed(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    )

    assert (parsed.title, parsed.entries) == ("Quiet", [])


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"<html><head><title>Welcome</title></head><body>News</body></html>",
        b"\x00\x01",
        b'<rss version="2.0"><channel><title>Cut off',
    ],
)
def test_what_is_no_feed_fails(content):
    with pytest.raises(ParseError):
        parsing.parse_feed(content, {"Content-Type": "text/html"})


def test_body_naming_a_local_file_is_not_opened(tmp_path):
    """feedparser opens bytes that name a file: a source answering "/dev/zero" or the
    path of a local file must not make it read that."""
    local = tmp_path / "local.xml"
    local.write_bytes(
        b'<rss version="2.0"><channel><item><title>Local secret</title>'
        b"<link>https://n.example/secret</link></item></channel></rss>"
    )

    with pytest.raises(ParseError):
        parsing.parse_feed(str(local).encode(), {"Content-Type": "application/rss+xml"})


def test_external_entities_are_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN")
    content = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><item><title>a &x; b</title>'
        "<link>https://n.example/x</link><description>&x;</description></item></channel></rss>"
    ).encode()

    parsed = parsing.parse_feed(content)

    assert all("SECRET" not in entry.title + entry.summary for entry in parsed.entries)


def test_nested_entities_are_not_expanded():
    levels = "".join(f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(2, 10))
    content = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol1 "lollollollol">{levels}]>'
        '<rss version="2.0"><channel><item><title>&lol9;</title>'
        "<link>https://n.example/lol</link></item></channel></rss>"
    ).encode()
    started = time.monotonic()

    try:
        parsed = parsing.parse_feed(content)
    except ParseError:
        parsed = parsing.Parsed()

    assert time.monotonic() - started < 2
    assert all(len(entry.title) < 100 for entry in parsed.entries)


def test_undeclared_legacy_encoding_is_guessed():
    content = (
        '<rss version="2.0"><channel><item><title>デンソー、ドイツに新工場を建設へ</title>'
        "<link>https://n.example/denso</link>"
        "<description>自動車部品大手のデンソーは、ドイツ東部に新しい工場を建設すると発表した。"
        "</description></item></channel></rss>"
    ).encode("shift_jis")

    parsed = parsing.parse_feed(content, {"Content-Type": "application/rss+xml"})

    assert parsed.entries[0].title == "デンソー、ドイツに新工場を建設へ"


def test_declared_charset_is_not_second_guessed():
    content = (
        '<rss version="2.0"><channel><item><title>Köln</title>'
        "<link>https://n.example/k</link></item></channel></rss>"
    ).encode("latin-1")

    parsed = parsing.parse_feed(content, {"Content-Type": "application/rss+xml; charset=latin-1"})

    assert parsed.entries[0].title == "Köln"


# --- JSON Feed -------------------------------------------------------------------------------


def json_feed(**document):
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", **document}).encode()


def test_json_feed_entries():
    content = json_feed(
        title="Handelsblatt &amp; more",
        home_page_url="https://www.handelsblatt.com/",
        language="de-DE",
        items=[
            {
                "url": "/unternehmen/1",
                "title": "Hitachi kauft Zulieferer in Kassel",
                "content_html": "<p>Der <b>Konzern</b> übernimmt.</p><script>x()</script>",
                "date_published": "2025-03-05T09:30:00+01:00",
            },
            {
                "external_url": "https://n.example/2",
                "content_text": "Panasonic <erweitert> in Europa",
                "date_modified": "Wed, 05 Mar 2025 08:00:00 -0000",
                "language": "en",
            },
            {"id": "no-address", "title": "Without link"},
        ],
    )

    parsed = parsing.parse_feed(content, {"Content-Type": "application/feed+json"})

    assert (parsed.title, parsed.language) == ("Handelsblatt & more", "de")
    first, second = parsed.entries
    assert first.url == "https://www.handelsblatt.com/unternehmen/1"
    assert first.summary == "<p>Der <b>Konzern</b> übernimmt.</p>"
    assert first.published == datetime.datetime(2025, 3, 5, 8, 30, tzinfo=datetime.UTC)
    assert first.language == "de"
    assert second.title == "Panasonic <erweitert> in Europa"
    assert second.summary == "Panasonic &lt;erweitert&gt; in Europa"
    assert second.published == datetime.datetime(2025, 3, 5, 8, 0, tzinfo=datetime.UTC)
    assert second.language == "en"


def test_json_feed_is_recognised_without_its_content_type():
    content = json_feed(items=[{"url": "https://n.example/1", "title": "Sony in Berlin"}])

    parsed = parsing.parse_feed(b"\xef\xbb\xbf\n" + content, {"Content-Type": "text/plain"})

    assert parsed.entries[0].title == "Sony in Berlin"


def test_json_feed_with_odd_values_is_read_as_far_as_it_goes():
    content = json_feed(
        title=42,
        items=[None, "text", {"url": 7, "title": "x"}, {"url": "https://n.example/1", "title": 3}],
    )

    assert parsing.parse_feed(content, {"Content-Type": "application/json"}).entries == []
    assert parsing.parse_feed(json_feed(items={"a": 1})).entries == []


def test_rss_sent_as_json_is_read_as_rss():
    content = (
        b'<rss version="2.0"><channel><item><title>Sony in Berlin</title>'
        b"<link>https://n.example/1</link></item></channel></rss>"
    )

    parsed = parsing.parse_feed(content, {"Content-Type": "application/json"})

    assert parsed.entries[0].title == "Sony in Berlin"


@pytest.mark.parametrize(
    "content", [b'{"version": ', b'{"title": "no version"}', b"[1, 2]", b'{"version": 1.1}']
)
def test_json_that_is_no_json_feed_fails(content):
    with pytest.raises(ParseError):
        parsing.parse_feed(content, {"Content-Type": "application/json"})


# --- HTML, text, languages and dates ---------------------------------------------------------


def test_sanitised_keeps_simple_markup_and_drops_the_dangerous():
    summary = parsing.sanitised(
        "<script>alert(1)</script><img src=x onerror=alert(1)>"
        '<a href="javascript:alert(1)">x</a><a href="https://n.example/">y</a>'
        '<b style="color:red">bold</b><iframe src="https://evil.example/"></iframe>'
    )

    assert "<b>bold</b>" in summary
    assert '<a href="https://n.example/" rel="noopener noreferrer nofollow">y</a>' in summary
    for danger in ("script", "onerror", "javascript", "<img", "iframe", "style"):
        assert danger not in summary


def test_sanitised_is_capped():
    assert len(parsing.sanitised("<p>" + "x" * 30_000 + "</p>")) == parsing.MAX_SUMMARY


def test_plain_text_drops_tags_and_reads_entities():
    assert parsing.plain_text("<p>Toyota &amp; Denso\n <b>in</b>&nbsp;Köln</p>") == (
        "Toyota & Denso in Köln"
    )
    assert parsing.plain_text(None) == ""


@pytest.mark.parametrize(
    "value, code",
    [
        ("en-US", "en"),
        ("ja_JP", "ja"),
        ("DE", "de"),
        ("fil", "fil"),
        ("", ""),
        ("1x", ""),
        (None, ""),
    ],
)
def test_language_code(value, code):
    assert parsing.language_code(value) == code


@pytest.mark.parametrize(
    "text, moment",
    [
        ("2025-03-05T09:30:00Z", datetime.datetime(2025, 3, 5, 9, 30, tzinfo=datetime.UTC)),
        ("2025-03-05T09:30:00+09:00", datetime.datetime(2025, 3, 5, 0, 30, tzinfo=datetime.UTC)),
        ("2025-03-05", datetime.datetime(2025, 3, 5, tzinfo=datetime.UTC)),
        (
            "Wed, 05 Mar 2025 09:30:00 GMT",
            datetime.datetime(2025, 3, 5, 9, 30, tzinfo=datetime.UTC),
        ),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_text_moment(text, moment):
    assert parsing.text_moment(text) == moment


# --- sitemaps --------------------------------------------------------------------------------


def urlset(*urls):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(urls) + "</urlset>"
    ).encode()


def news_url(loc, title, published="2025-03-05T09:30:00+09:00", language="ja"):
    return (
        f"<url><loc>{loc}</loc><news:news><news:publication><news:name>Nikkei</news:name>"
        f"<news:language>{language}</news:language></news:publication>"
        f"<news:publication_date>{published}</news:publication_date>"
        f"<news:title>{title}</news:title></news:news></url>"
    )


def test_news_sitemap_entries():
    parsed = parsing.parse_sitemap(
        urlset(
            news_url("https://n.example/denso", "デンソー、&lt;ドイツ&gt;に新工場"),
            news_url("https://n.example/untitled", ""),
            news_url("ftp://n.example/ftp", "Not on the web"),
            "<url><loc>https://n.example/about</loc><lastmod>2025-03-01</lastmod></url>",
        )
    )

    [entry] = parsed.entries
    assert entry.url == "https://n.example/denso"
    assert entry.title == "デンソー、<ドイツ>に新工場"
    assert entry.published == datetime.datetime(2025, 3, 5, 0, 30, tzinfo=datetime.UTC)
    assert entry.language == "ja"


def test_sitemap_index_lists_its_sitemaps():
    parsed = parsing.parse_sitemap(
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc> https://n.example/news.xml </loc></sitemap><sitemap><loc/></sitemap>"
        b"</sitemapindex>"
    )

    assert parsed.sitemaps == ["https://n.example/news.xml"]
    assert parsed.entries == []


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"<rss version='2.0'><channel/></rss>", "no sitemap"),
        (b"<urlset", "no XML"),
        (b"", "no XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">&b;</urlset>',
            "refused",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">&x;</urlset>',
            "refused",
        ),
    ],
)
def test_what_is_no_sitemap_fails(content, reason):
    with pytest.raises(ParseError, match=reason):
        parsing.parse_sitemap(content)
