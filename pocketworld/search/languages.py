"""Which language to read a name's kanji in, when the name itself does not say."""

from pocketworld.core.scripts import Script

# Han characters in a name from these countries are read in that language.
LANGUAGE_OF_COUNTRY = {"JP": "ja", "CN": "zh", "TW": "zh", "HK": "zh", "MO": "zh", "KR": "ko"}
LANGUAGE_OF_SCRIPT = {Script.JAPANESE: "ja", Script.HAN: "zh", Script.HANGUL: "ko"}


def language_of_country(country_code):
    return LANGUAGE_OF_COUNTRY.get(country_code or "")


def language_of_script(script):
    return LANGUAGE_OF_SCRIPT.get(script or "")
