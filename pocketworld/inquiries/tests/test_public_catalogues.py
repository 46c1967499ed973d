"""The public inquiry pages' catalogues (ja, zh_Hans, ko, hi, tr): complete, consistent with
their compiled .mo, covering the public sources, and actually served.

`manage.py public_messages` regenerates them from the public sources alone; these tests
fail when a string of the public pages has no translation, when an entry is fuzzy, when a
translation loses a placeholder, or when the committed django.mo no longer matches
django.po. The page test also covers German and English, the other two languages of the
form.
"""

import hashlib
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.html import escape

from pocketworld.core.tests.test_catalogue import placeholders, translations
from pocketworld.inquiries.management.commands.public_messages import (
    PUBLIC_LOCALES,
    copy_public_sources,
)
from pocketworld.inquiries.public.forms import PublicInquiryForm

BASE_DIR = Path(django_settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "locale"
PLURAL_FORMS = {
    "ja": "nplurals=1; plural=0;",
    "zh_Hans": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "hi": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n > 1);",
}
FORM_LANGUAGES = [code for code, _name in django_settings.INQUIRY_LANGUAGES]
# What the form page says besides its fields' labels.
PAGE_TEXTS = ["Your inquiry", "Fields marked * are required.", "Privacy notice", "Send inquiry"]

over_public_locales = pytest.mark.parametrize("locale", PUBLIC_LOCALES)


def po_path(locale):
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"


def mo_path(locale):
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.mo"


def load_po(locale):
    return polib.pofile(str(po_path(locale)))


def live_entries(po):
    return [entry for entry in po if not entry.obsolete and entry.msgid]


def describe(entries):
    return "\n".join(f"  {entry.msgid!r}" for entry in entries)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_five_public_locales_are_checked():
    assert set(PUBLIC_LOCALES) == set(PLURAL_FORMS)


@over_public_locales
def test_header_names_the_language_and_its_plural_forms(locale):
    po = load_po(locale)
    assert po.metadata.get("Language") == locale
    assert po.metadata.get("Plural-Forms") == PLURAL_FORMS[locale]
    assert po.metadata.get("Content-Type") == "text/plain; charset=UTF-8"
    assert not po.metadata_is_fuzzy, f"The header of {po_path(locale)} is still marked fuzzy."


@over_public_locales
def test_catalogue_is_complete(locale):
    po = load_po(locale)
    untranslated = po.untranslated_entries()
    fuzzy = [entry for entry in po.fuzzy_entries() if entry.msgid]
    obsolete = po.obsolete_entries()
    assert live_entries(po), f"{po_path(locale)} holds no entry."
    assert not untranslated, f"Untranslated entries in {po_path(locale)}:\n{describe(untranslated)}"
    assert not fuzzy, f"Fuzzy entries in {po_path(locale)}:\n{describe(fuzzy)}"
    assert not obsolete, f"Obsolete (#~) entries in {po_path(locale)}:\n{describe(obsolete)}"
    leftovers = [entry for entry in live_entries(po) if entry.previous_msgid]
    assert not leftovers, f"Entries with a previous msgid (#|):\n{describe(leftovers)}"


@over_public_locales
def test_translations_keep_the_placeholders(locale):
    mismatches = []
    for entry in live_entries(load_po(locale)):
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


@over_public_locales
def test_compiled_catalogue_matches_the_po_file(locale):
    po = load_po(locale)
    mo = polib.mofile(str(mo_path(locale)))
    expected = translations(po.translated_entries())
    compiled = translations(mo)
    missing = sorted(set(expected) - set(compiled), key=str)
    stale = sorted(
        (key for key in expected.keys() & compiled.keys() if expected[key] != compiled[key]),
        key=str,
    )
    extra = sorted(set(compiled) - set(expected), key=str)
    hint = f"; run `make messages` (or compilemessages -l {locale}) and commit django.mo"
    assert not missing, f"Not in django.mo{hint}: {missing}"
    assert not stale, f"Different in django.mo{hint}: {stale}"
    assert not extra, f"Only in django.mo{hint}: {extra}"


@over_public_locales
def test_catalogue_is_served(locale):
    """Django finds the catalogue under the form's language code (zh_Hans → zh-hans)."""
    code = translation.to_language(locale)
    assert code in FORM_LANGUAGES
    wrong = []
    with translation.override(code):
        for entry in live_entries(load_po(locale)):
            if entry.msgid_plural:
                continue
            served = translation.gettext(entry.msgid)
            if served != entry.msgstr:
                wrong.append(f"  {entry.msgid!r}: {served!r} instead of {entry.msgstr!r}")
    assert not wrong, f"Not served from the {locale} catalogue:\n" + "\n".join(wrong)


@over_public_locales
def test_catalogue_covers_every_string_of_the_public_pages(locale, settings, tmp_path, monkeypatch):
    """makemessages over a copy of the public sources leaves no untranslated or fuzzy entry.

    makemessages writes into the locale/ directory of the working directory, so it runs on
    a copy of the sources with a copy of the catalogue, never on the project tree itself.
    """
    missing_tools = [tool for tool in ("xgettext", "msgmerge", "msguniq") if not shutil.which(tool)]
    assert not missing_tools, f"GNU gettext is needed for this check; missing: {missing_tools}"
    before = {path: digest(path) for path in (po_path(locale), mo_path(locale))}

    copy_public_sources(tmp_path)
    locale_dir = tmp_path / "locale"
    regenerated_path = locale_dir / locale / "LC_MESSAGES" / "django.po"
    regenerated_path.parent.mkdir(parents=True)
    shutil.copyfile(po_path(locale), regenerated_path)
    settings.LOCALE_PATHS = [locale_dir]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=[locale], no_location=True, verbosity=0)

    regenerated = polib.pofile(str(regenerated_path))
    untranslated = regenerated.untranslated_entries()
    fuzzy = [entry for entry in regenerated.fuzzy_entries() if entry.msgid]
    hint = f"run `manage.py public_messages`, translate them in {po_path(locale)}"
    assert live_entries(regenerated), "makemessages found no string in the public sources."
    assert not untranslated, f"Strings without translation ({hint}):\n" + describe(untranslated)
    assert not fuzzy, f"Strings whose translation is only a guess ({hint}):\n" + describe(fuzzy)
    assert {path: digest(path) for path in before} == before, "The real catalogue was changed."


# --- The form page in each of its seven languages ---------------------------------------


def english_labels():
    """What the form page says in English: its heading, field labels, headings, button."""
    with translation.override("en"):
        form = PublicInquiryForm(language="en")
        labels = [str(field.label) for field in form.fields.values() if field.label]
        return labels + [translation.gettext(text) for text in PAGE_TEXTS]


@pytest.mark.parametrize("code", FORM_LANGUAGES)
def test_form_page_speaks_the_language(code, client, db):
    with translation.override(code):
        heading = translation.gettext("Your inquiry")
    response = client.get(f"/inquiry/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    assert f"<h1>{escape(heading)}</h1>" in html
    if code == "en":
        assert heading == "Your inquiry"
        return
    assert heading != "Your inquiry", f"'Your inquiry' has no {code} translation."
    english = [label for label in english_labels() if escape(label) in html]
    assert not english, f"English on the {code} form page: {english}"


@pytest.mark.parametrize("code", [translation.to_language(locale) for locale in PUBLIC_LOCALES])
def test_attachment_help_text_speaks_the_language(code, client, db):
    with translation.override(code):
        expected = translation.gettext("A PDF, PNG or JPEG file of at most %(size)s.") % {
            "size": filesizeformat(django_settings.INQUIRY_MAX_ATTACHMENT_BYTES)
        }
    html = client.get(f"/inquiry/{code}/").content.decode()
    assert escape(expected) in html
