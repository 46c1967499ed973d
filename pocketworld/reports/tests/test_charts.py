"""The server-drawn SVG charts: valid markup, numbers as text, links to the records."""

import datetime
import xml.etree.ElementTree as ElementTree

import pytest
from django.utils import translation

from pocketworld.reports.charts import bar_chart, funnel_chart, trend_chart
from pocketworld.reports.kpis import Bar, BarChart, TrendPoint

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg):
    """The chart as XML: it must be well-formed to be inline SVG in HTML and in the PDF."""
    return ElementTree.fromstring(str(svg))


def links(root):
    """(href, the texts inside) of each linked bar."""
    return [
        (link.get("href"), [text.text for text in link.iter(f"{SVG}text")])
        for link in root.iter(f"{SVG}a")
    ]


def bars(root):
    """The drawn bars, not the invisible areas that make a whole row clickable."""
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") != "target"]


def bar_lengths(root):
    return [float(rect.get("width")) for rect in bars(root)]


def countries(*values):
    names = ["Japan", "India", "Korea", "China", "USA"]
    return BarChart(
        "by country of origin",
        [
            Bar(name[:2].upper(), name, value, f"/companies/?country={name[:2].upper()}")
            for name, value in zip(names, values, strict=False)
        ],
    )


def test_a_bar_chart_is_a_labelled_image_whose_bars_link_to_their_records():
    root = parsed(bar_chart(countries(12, 3, 1)))
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert root.get("aria-labelledby") == title.get("id")
    assert title.text == "by country of origin"
    assert links(root) == [
        ("/companies/?country=JA", ["Japan", "12"]),
        ("/companies/?country=IN", ["India", "3"]),
        ("/companies/?country=KO", ["Korea", "1"]),
    ]
    # Scaled to the largest bar; sized in viewBox units, fonts from the page.
    lengths = bar_lengths(root)
    assert lengths[0] == pytest.approx(12 * lengths[2], rel=0.01) and lengths[0] > lengths[1]
    assert root.get("viewBox").startswith("0 0 640 ")
    assert root.get("font-family") == "inherit"
    # Each link's target is its whole row, the gap between label and bar included.
    targets = [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "target"]
    assert [(rect.get("y"), rect.get("width")) for rect in targets] == [
        ("0", "640"),
        ("40", "640"),
        ("80", "640"),
    ]


def test_bars_beyond_the_limit_are_summed_as_other_without_a_link():
    root = parsed(bar_chart(countries(9, 5, 4, 2, 1), limit=2))
    assert [href for href, _texts in links(root)] == [
        "/companies/?country=JA",
        "/companies/?country=IN",
    ]
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert texts[-2:] == ["Other", "7"]


def test_without_links_the_bars_link_nowhere():
    root = parsed(bar_chart(countries(2, 1), links=False))
    assert links(root) == []
    assert len(bars(root)) == len(list(root.iter(f"{SVG}rect"))) == 2
    assert [text.text for text in root.iter(f"{SVG}text")] == ["Japan", "2", "India", "1"]


def test_labels_stay_text_in_any_script_and_are_escaped():
    chart = BarChart(
        "<b>sectors</b>",
        [Bar("C", "製造業 & <Industrie>", 3, "/companies/?sector=C&status=settled")],
    )
    svg = bar_chart(chart, title="Foreign companies by sector")
    assert "&lt;Industrie&gt;" in svg and "<Industrie>" not in svg
    root = parsed(svg)
    assert root.find(f"{SVG}title").text == "Foreign companies by sector"
    assert links(root) == [("/companies/?sector=C&status=settled", ["製造業 & <Industrie>", "3"])]


def test_long_labels_are_shortened_in_the_chart_but_whole_in_the_tooltip():
    label = "PROFESSIONAL, SCIENTIFIC AND TECHNICAL ACTIVITIES"
    root = parsed(bar_chart(BarChart("by sector", [Bar("M", label, 1, "/companies/?sector=M")])))
    link = root.find(f"{SVG}a")
    assert link.find(f"{SVG}title").text == f"{label}: 1"
    assert link.find(f"{SVG}text").text == "PROFESSIONAL, SCIENTIFIC AND TECHNICAL ACTIVITI…"


def test_the_same_chart_gets_the_same_id_and_another_chart_another():
    assert bar_chart(countries(2, 1)) == bar_chart(countries(2, 1))
    first, second = parsed(bar_chart(countries(2, 1))), parsed(bar_chart(countries(3, 1)))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_numbers_are_written_in_the_page_language():
    with translation.override("de"):
        root = parsed(bar_chart(countries(12345)))
    assert links(root)[0][1] == ["Japan", "12.345"]


def test_a_chart_without_bars_says_so():
    root = parsed(bar_chart(BarChart("by focus area", [])))
    assert [text.text for text in root.iter(f"{SVG}text")] == ["Nothing to show."]


def test_the_funnel_shows_each_stage_with_its_share_of_the_one_before():
    stages = BarChart(
        "by stage",
        [
            Bar("lead", "lead", 6, "/projects/?reached=lead"),
            Bar("qualified", "qualified", 5, "/projects/?reached=qualified", 83.3),
            Bar("won", "won", 2, "/projects/?reached=won", 40.0),
        ],
    )
    root = parsed(funnel_chart(stages))
    assert links(root) == [
        ("/projects/?reached=lead", ["lead", "6"]),
        ("/projects/?reached=qualified", ["qualified", "5 · 83.3 %"]),
        ("/projects/?reached=won", ["won", "2 · 40.0 %"]),
    ]
    # Centred bars narrowing down the stages.
    rects = bars(root)
    lengths = [float(rect.get("width")) for rect in rects]
    assert lengths == sorted(lengths, reverse=True)
    centres = {round(float(rect.get("x")) + float(rect.get("width")) / 2) for rect in rects}
    assert len(centres) == 1


def test_a_trend_has_a_linked_column_per_month_and_the_month_names():
    series = [
        TrendPoint(datetime.date(2025, month, 1), value, f"/projects/?month={month}")
        for month, value in ((1, 2), (2, 0), (3, 4))
    ]
    root = parsed(trend_chart(series, title="Leads per month"))
    assert root.find(f"{SVG}title").text == "Leads per month"
    assert links(root) == [
        ("/projects/?month=1", ["2"]),
        ("/projects/?month=2", ["0"]),
        ("/projects/?month=3", ["4"]),
    ]
    heights = [float(rect.get("height")) for rect in bars(root)]
    assert heights[1] == 0 and heights[2] == pytest.approx(2 * heights[0])
    labels = [text.text for text in root.iter(f"{SVG}text")][3:]
    assert labels == ["Jan", "Feb", "Mar", "2025"]


def test_a_long_trend_names_every_few_months_and_each_new_year():
    series = [
        TrendPoint(datetime.date(2024 + month // 12, month % 12 + 1, 1), 1, None)
        for month in range(36)
    ]
    root = parsed(trend_chart(series, links=False))
    assert links(root) == []
    labels = [text.text for text in root.iter(f"{SVG}text")][36:]
    assert labels == ["Jan", "Apr", "Jul", "Oct"] * 3 + ["2024", "2025", "2026"]
