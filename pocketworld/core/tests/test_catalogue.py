"""The German catalogue: complete, consistent with its compiled .mo, and covering the code.

`make messages` updates and compiles it; these tests fail when a string in the code or
the templates has no German translation, when an entry is fuzzy, when a translation
loses a placeholder, or when the committed django.mo no longer matches django.po.
"""

import hashlib
import re
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation

BASE_DIR = Path(django_settings.BASE_DIR)
LC_MESSAGES = BASE_DIR / "locale" / "de" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"

# What `make messages` ignores, plus directories that never hold translatable sources.
IGNORE_PATTERNS = [".venv/*", "var/*", "node_modules/*"]
SKIPPED_DIRS = {"locale", "var", "node_modules", "build", "__pycache__", "test-results"}
# The file types makemessages reads for the "django" domain.
SOURCE_SUFFIXES = {".py", ".html", ".txt"}

# printf-style placeholders: %(name)s, %s, %d, %.2f …; "%%" is a literal percent sign.
PERCENT_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]"
)
TEMPLATE_PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}")
BRACE_PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")


def load_po():
    return polib.pofile(str(PO_PATH))


def live_entries(po):
    return [entry for entry in po if not entry.obsolete]


def describe(entries):
    return "\n".join(f"  {entry.msgid!r}" for entry in entries)


def placeholders(text, flags):
    """The placeholders of `text` as a comparable value, by the entry's format flags."""
    found = Counter()
    if "python-format" in flags:
        for match in PERCENT_PLACEHOLDER.finditer(text):
            if match.group() != "%%":
                found[match.group()] += 1
    if "python-brace-format" in flags:
        found.update(f"{{{name}}}" for name in BRACE_PLACEHOLDER.findall(text))
    found.update(f"{{{{ {name} }}}}" for name in TEMPLATE_PLACEHOLDER.findall(text))
    # A named placeholder may be used a different number of times in a translation;
    # positional ones (%s) must match in number, or the % operator fails.
    return {key: (count if "(" not in key else 1) for key, count in found.items()}


def translations(entries):
    """msgctxt, msgid (and msgid_plural) → the translation(s), for comparing .po and .mo."""
    result = {}
    for entry in entries:
        if not entry.msgid:
            continue  # the header
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
            result[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = forms
        else:
            result[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return result


def test_header_names_german_with_two_plural_forms():
    po = load_po()
    assert po.metadata.get("Language") == "de"
    assert po.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert po.metadata.get("Content-Type") == "text/plain; charset=UTF-8"


def test_catalogue_is_complete():
    po = load_po()
    untranslated = po.untranslated_entries()
    fuzzy = [entry for entry in po.fuzzy_entries() if entry.msgid]
    obsolete = po.obsolete_entries()
    assert not untranslated, f"Untranslated entries in {PO_PATH}:\n{describe(untranslated)}"
    assert not fuzzy, f"Fuzzy entries in {PO_PATH}:\n{describe(fuzzy)}"
    assert not po.metadata_is_fuzzy, "The catalogue header is still marked fuzzy."
    assert not obsolete, f"Obsolete (#~) entries in {PO_PATH}:\n{describe(obsolete)}"


def test_translations_keep_the_placeholders():
    mismatches = []
    for entry in live_entries(load_po()):
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if n == 0 else entry.msgid_plural, msgstr)
                for n, msgstr in sorted(entry.msgstr_plural.items())
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translated in pairs:
            expected = placeholders(source, entry.flags)
            actual = placeholders(translated, entry.flags)
            if expected != actual:
                mismatches.append(f"  {source!r}: {sorted(expected)} → {sorted(actual)}")
    assert not mismatches, "Placeholders differ between msgid and msgstr:\n" + "\n".join(mismatches)


def test_compiled_catalogue_matches_the_po_file():
    po = load_po()
    mo = polib.mofile(str(MO_PATH))
    expected = translations(po.translated_entries())
    compiled = translations(mo)
    missing = sorted(set(expected) - set(compiled), key=str)
    stale = sorted(
        (key for key in expected.keys() & compiled.keys() if expected[key] != compiled[key]),
        key=str,
    )
    extra = sorted(set(compiled) - set(expected), key=str)
    hint = "; run `make messages` (or compilemessages -l de) and commit django.mo"
    assert not missing, f"Not in django.mo{hint}: {missing}"
    assert not stale, f"Different in django.mo{hint}: {stale}"
    assert not extra, f"Only in django.mo{hint}: {extra}"


def copy_sources(project):
    """Copy the translatable sources (no locale/, no virtualenv) into `project`."""

    def ignore(directory, names):
        ignored = set()
        for name in names:
            path = Path(directory) / name
            if path.is_dir():
                if name in SKIPPED_DIRS or name.startswith(".") or name.endswith(".egg-info"):
                    ignored.add(name)
            elif path.suffix not in SOURCE_SUFFIXES:
                ignored.add(name)
        return ignored

    shutil.copytree(BASE_DIR, project, ignore=ignore)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_catalogue_covers_every_string_in_code_and_templates(settings, tmp_path, monkeypatch):
    """makemessages over a copy of the sources leaves no untranslated or fuzzy entry.

    makemessages writes into the first locale/ directory it finds under the working
    directory (and puts temporary .py files next to the templates), so it runs on a copy
    of the sources with a copy of the catalogue, never on the project tree itself.
    """
    missing_tools = [tool for tool in ("xgettext", "msgmerge", "msguniq") if not shutil.which(tool)]
    assert not missing_tools, f"GNU gettext is needed for this check; missing: {missing_tools}"
    before = {path: digest(path) for path in (PO_PATH, MO_PATH)}

    project = tmp_path / "project"
    copy_sources(project)
    locale_dir = project / "locale"
    (locale_dir / "de" / "LC_MESSAGES").mkdir(parents=True)
    regenerated_path = locale_dir / "de" / "LC_MESSAGES" / "django.po"
    shutil.copyfile(PO_PATH, regenerated_path)
    settings.LOCALE_PATHS = [locale_dir]
    monkeypatch.chdir(project)

    call_command(
        "makemessages",
        locale=["de"],
        no_location=True,
        ignore_patterns=IGNORE_PATTERNS,
        verbosity=0,
    )

    regenerated = polib.pofile(str(regenerated_path))
    untranslated = regenerated.untranslated_entries()
    fuzzy = [entry for entry in regenerated.fuzzy_entries() if entry.msgid]
    hint = "run `make messages`, translate them in locale/de/LC_MESSAGES/django.po"
    assert not untranslated, f"Strings without German translation ({hint}):\n" + describe(
        untranslated
    )
    assert not fuzzy, f"Strings whose German translation is only a guess ({hint}):\n" + describe(
        fuzzy
    )
    assert {path: digest(path) for path in before} == before, "The real catalogue was changed."


@pytest.mark.parametrize(
    "english",
    ["Sign in", "Sign out", "Change history", "German headquarters", "head of desk"],
)
def test_german_is_served_from_the_compiled_catalogue(english):
    expected = {entry.msgid: entry.msgstr for entry in load_po()}[english]
    with translation.override("de"):
        german = translation.gettext(english)
    assert german != english
    assert german == expected


def test_german_plural_forms():
    with translation.override("de"):
        one = translation.ngettext("%(counter)s result", "%(counter)s results", 1)
        many = translation.ngettext("%(counter)s result", "%(counter)s results", 3)
    assert one % {"counter": 1} == "1 Ergebnis"
    assert many % {"counter": 3} == "3 Ergebnisse"
