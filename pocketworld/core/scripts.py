"""Writing systems (ISO 15924) of names, and telling them apart from the characters."""

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _


class Script(models.TextChoices):
    LATIN = "Latn", _("Latin")
    JAPANESE = "Jpan", _("Japanese (kanji and kana)")
    HAN = "Hani", _("Chinese characters (Han)")
    HANGUL = "Kore", _("Korean (Hangul)")
    CYRILLIC = "Cyrl", _("Cyrillic")
    GREEK = "Grek", _("Greek")
    ARABIC = "Arab", _("Arabic")
    HEBREW = "Hebr", _("Hebrew")
    DEVANAGARI = "Deva", _("Devanagari")
    THAI = "Thai", _("Thai")
    OTHER = "Zyyy", _("other")


# Prefixes of Unicode character names, checked in order: kana makes a name Japanese even
# when it also has kanji; an all-kanji name (旭化成株式会社) needs its language to tell.
_SCRIPT_BY_CHARACTER_NAME = [
    (("HIRAGANA", "KATAKANA"), Script.JAPANESE),
    (("HANGUL",), Script.HANGUL),
    (("CJK",), Script.HAN),
    (("CYRILLIC",), Script.CYRILLIC),
    (("GREEK",), Script.GREEK),
    (("ARABIC",), Script.ARABIC),
    (("HEBREW",), Script.HEBREW),
    (("DEVANAGARI",), Script.DEVANAGARI),
    (("THAI",), Script.THAI),
    (("LATIN",), Script.LATIN),
]


def detect_script(text, language=None):
    """The script of `text`, ignoring digits, spaces and punctuation.

    `language` (ISO 639-1) settles what the characters cannot: Han in Japanese is Jpan.
    """
    if text.isascii():  # most names: no character to look up
        return Script.LATIN if any(character.isalpha() for character in text) else ""
    found = set()
    for character in text:
        if not character.isalpha():
            continue
        name = unicodedata.name(character, "")
        for prefixes, script in _SCRIPT_BY_CHARACTER_NAME:
            if name.startswith(prefixes):
                found.add(script)
                break
        else:
            found.add(Script.OTHER)
    for _prefixes, script in _SCRIPT_BY_CHARACTER_NAME:
        if script in found and script != Script.LATIN:
            if script == Script.HAN and language == "ja":
                return Script.JAPANESE
            return script
    if Script.LATIN in found:
        return Script.LATIN
    return Script.OTHER if found else ""
