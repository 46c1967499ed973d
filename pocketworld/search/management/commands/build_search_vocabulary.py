"""Write `search/data/vocabulary.tsv` from published dictionaries.

    manage.py build_search_vocabulary --cedict cedict_1_0_ts_utf-8_mdbg.txt.gz
        --jmdict jamdict.db --hanja hanja.txt [--output FILE]

The rule looks at the dictionaries alone (`data/README.md` names them and their licences):

- a word is an entry of CC-CEDICT (Chinese) or JMdict (Japanese) of two characters or more,
  no proper name, with a gloss made of industry words only (`INDUSTRY_WORDS`: the words of
  NACE Rev. 2 section and division titles that name a line of business or its product, and
  the descriptive words of company names), at most three of them; its English is the first
  such gloss. Where company names in JMnedict and CC-CEDICT that hold the word agree on
  another industry word for it (at least two of them), that word is taken, as the companies
  write it: 自動車 "automobile" is Motor, 電機 "electrical machinery" Electric;
- a word written alike in Chinese and Japanese takes one dictionary's English where the
  other gives none;
- a Korean word is a word of libhangul's Hanja dictionary whose Hanja is such a Chinese or
  Japanese word (in Chinese or Japanese characters), with its English;
- a place is a country's name in the language as ISO 3166 translations (pycountry) give it,
  and in Korean also the word whose Hanja is such a name; its English is the country's name
  up to a comma ("Korea, Republic of": Korea);
- a name is a company's own name in the language with the Latin name it goes by: JMnedict's
  companies, CC-CEDICT's proper names whose gloss says they name a company or a brand (佳能
  "Canon (Japanese company)"); the Latin name is the gloss (CC-CEDICT: the one that says
  so) up to a comma, without its notes in brackets. Korean has none: a Hangul word read
  as such a name's Hanja is mostly another word (고기, meat, would read Gucci, 古馳).
"""

import collections
import gettext
import gzip
import re
import sqlite3
import unicodedata
from pathlib import Path

import pycountry
from anyascii import anyascii
from django.core.management.base import BaseCommand

from pocketworld.search.glossary import VOCABULARY
from pocketworld.search.normalization import singular

# fmt: off
# The words of the NACE Rev. 2 section and division titles (English) that name a line of
# business or its product; the rest of the titles' words (activities, other, support, head,
# offices, …) name none.
NACE_WORDS = [
    "agriculture", "forestry", "fishing", "aquaculture", "mining", "quarrying", "coal",
    "petroleum", "gas", "metal", "metals", "manufacturing", "manufacture", "food", "beverage",
    "beverages", "tobacco", "textiles", "apparel", "leather", "wood", "paper", "printing",
    "chemicals", "chemical", "pharmaceutical", "rubber", "plastic", "mineral", "computer",
    "electronic", "optical", "electrical", "equipment", "machinery", "motor", "vehicles",
    "transport", "furniture", "electricity", "water", "construction", "buildings", "engineering",
    "trade", "wholesale", "retail", "transportation", "storage", "warehousing", "pipelines",
    "postal", "courier", "accommodation", "publishing", "broadcasting", "television",
    "telecommunications", "programming", "information", "financial", "insurance", "reinsurance",
    "pension", "advertising", "rental", "leasing", "travel", "security", "education", "health",
    "entertainment", "sports", "recreation"
]
# The descriptive words of company names.
COMPANY_NAME_WORDS = [
    "industry", "industries", "industrial", "electric", "electronics", "motors", "automobile",
    "automotive", "steel", "iron", "oil", "petrochemical", "pharma", "medicine", "medical",
    "healthcare", "bank", "banking", "securities", "life", "fire", "marine", "finance", "capital",
    "investment", "trust", "credit", "card", "asset", "trading", "commerce", "commercial",
    "shopping", "technology", "technologies", "system", "systems", "solution", "solutions",
    "software", "network", "networks", "communication", "communications", "telecom", "mobile",
    "internet", "digital", "semiconductor", "semiconductors", "display", "battery", "batteries",
    "solar", "precision", "instruments", "machine", "machines", "devices", "components", "parts",
    "materials", "products", "property", "properties", "realty", "shipping", "shipbuilding",
    "airlines", "airways", "aviation", "railway", "railways", "logistics", "port", "heavy",
    "international", "foods", "dairy", "pulp", "fiber", "fibre", "glass", "cement", "tire", "tyre",
    "tires", "tyres", "plastics", "hotel", "hotels", "energy"
]
# fmt: on
# Words that name a line of business only together (power alone is also authority).
PHRASES = {
    "real estate": "real_estate",
    "electric power": "electric_power",
    "electrical power": "electric_power",
}
INDUSTRY_WORDS = {singular(word) for word in NACE_WORDS + COMPANY_NAME_WORDS} | set(
    PHRASES.values()
)
COMPANY_WORDS = {singular(word) for word in COMPANY_NAME_WORDS}
MAX_GLOSS_WORDS = 3
# Glosses of CC-CEDICT that only point elsewhere.
POINTERS = ("CL:", "abbr.", "variant of", "old variant", "see ", "surname", "used in")
# An English name that says it names a company.
COMPANY_FORMS = re.compile(
    r"\b(Corporation|Company|Co\.|Corp\.|Inc\.|Ltd|Limited|Group|Bank|Airlines|Holdings?)\b"
)
MIN_COMPANY_NAMES = 2
# A CC-CEDICT gloss that says its proper name names a company or a brand.
COMPANY_GLOSS = re.compile(
    r"\b(company|corporation|brand|maker|manufacturer|carmaker|automaker|car make|bank|"
    r"airline|conglomerate)\b",
    re.IGNORECASE,
)
# CC-CEDICT's pinyin of a proper name: its first syllable capitalised ("Jia1 neng2").
PROPER_PINYIN = re.compile(r"[A-Z][a-z]*[1-5]")
# A Latin name as the readings can hold it.
LATIN_NAME = re.compile(r"[a-z0-9][a-z0-9&.' -]*")
TRANSLATIONS = {"ja": ["ja"], "zh": ["zh_CN", "zh_TW", "zh_HK"], "ko": ["ko"]}
CEDICT_LINE = re.compile(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/$")


def is_han(text):
    return all(unicodedata.name(character, "").startswith("CJK") for character in text)


def is_katakana(text):
    return all("\u30a0" <= character <= "\u30ff" for character in text)


def is_hangul(text):
    return all("\uac00" <= character <= "\ud7a3" for character in text)


def clean(gloss):
    """A gloss without its notes in brackets, lower case."""
    return " ".join(re.sub(r"\([^)]*\)", " ", gloss).split()).lower()


def tokens(text):
    """The words of an English text as the rule compares them: singular, phrases joined."""
    joined = clean(text).replace("-", " ")
    for phrase, token in PHRASES.items():
        joined = re.sub(rf"\b{phrase}\b", token, joined)
    return [singular(word) for word in re.findall(r"[a-z_]+", joined)]


def industry_gloss(gloss):
    """The gloss, cleaned, if it is made of industry words only (and "and"), else None."""
    english = clean(gloss)
    if not re.fullmatch(r"[a-z][a-z -]*", english):
        return None
    words = [word for word in tokens(english) if word != "and"]
    if 0 < len(words) <= MAX_GLOSS_WORDS and all(word in INDUSTRY_WORDS for word in words):
        return english
    return None


def first_industry_gloss(glosses):
    return next((english for gloss in glosses if (english := industry_gloss(gloss))), None)


# --- the dictionaries -----------------------------------------------------------------------


def read_cedict(path):
    """[(traditional, simplified, pinyin, [gloss, …])] of CC-CEDICT (text or gzip)."""
    opener = gzip.open if str(path).endswith(".gz") else open
    entries = []
    with opener(path, "rt", encoding="utf-8") as source:
        for line in source:
            if not line.startswith("#") and (match := CEDICT_LINE.match(line.strip())):
                traditional, simplified, pinyin, glosses = match.groups()
                glosses = [
                    part.strip() for gloss in glosses.split("/") for part in gloss.split(";")
                ]
                entries.append((traditional, simplified, pinyin, glosses))
    return entries


def read_jmdict(path):
    """[(forms, [gloss, …])] of JMdict (jamdict-data's SQLite): kanji forms, or the katakana
    forms of an entry without kanji; English glosses of all senses in order."""
    with sqlite3.connect(path) as connection:
        kanji, kana, glosses = (collections.defaultdict(list) for _ in range(3))
        for idseq, text in connection.execute("SELECT idseq, text FROM Kanji ORDER BY ID"):
            kanji[idseq].append(text)
        for idseq, text in connection.execute("SELECT idseq, text FROM Kana ORDER BY ID"):
            kana[idseq].append(text)
        for idseq, text in connection.execute(
            "SELECT Sense.idseq, SenseGloss.text FROM Sense JOIN SenseGloss "
            "ON SenseGloss.sid = Sense.ID WHERE coalesce(SenseGloss.lang, 'eng') IN ('eng', '') "
            "ORDER BY Sense.ID, SenseGloss.rowid"
        ):
            glosses[idseq].append(text)
    return [
        (kanji.get(idseq) or [form for form in kana.get(idseq, []) if is_katakana(form)], found)
        for idseq, found in glosses.items()
    ]


def read_company_names(cedict, jmdict_path):
    """[(name, English name)] of the dictionaries' entries that name a company: JMnedict's
    companies, and CC-CEDICT's proper names glossed as one."""
    with sqlite3.connect(jmdict_path) as connection:
        names = list(
            connection.execute(
                "SELECT NEKanji.text, NETransGloss.text FROM NETransType "
                "JOIN NETranslation ON NETranslation.ID = NETransType.tid "
                "JOIN NEKanji ON NEKanji.idseq = NETranslation.idseq "
                "JOIN NETransGloss ON NETransGloss.tid = NETranslation.ID "
                "WHERE NETransType.text = 'company'"
            )
        )
    for traditional, simplified, pinyin, glosses in cedict:
        if pinyin[:1].isupper():
            for gloss in glosses:
                if COMPANY_FORMS.search(gloss) or set(tokens(gloss)) & COMPANY_WORDS:
                    names += [(traditional, gloss), (simplified, gloss)]
                    break
    return names


def latin_name(gloss):
    """The Latin name a gloss gives: up to a comma, without notes in brackets or accents;
    None where it is written in other letters."""
    name = anyascii(clean(gloss.split(",")[0])).lower()
    return name if LATIN_NAME.fullmatch(name) else None


def read_own_names(cedict, jmdict_path):
    """{language: {name: (Latin name, source)}} of the companies' own names: JMnedict's
    companies (in kanji, or katakana where an entry has no kanji), CC-CEDICT's proper names
    glossed as a company or a brand."""
    names = {"ja": {}, "zh": {}}
    with sqlite3.connect(jmdict_path) as connection:
        for kanji, kana, gloss in connection.execute(
            "SELECT (SELECT group_concat(text, '|') FROM NEKanji "
            "WHERE NEKanji.idseq = NETranslation.idseq), "
            "(SELECT group_concat(text, '|') FROM NEKana "
            "WHERE NEKana.idseq = NETranslation.idseq), "
            "(SELECT NETransGloss.text FROM NETransGloss "
            "WHERE NETransGloss.tid = NETranslation.ID ORDER BY NETransGloss.rowid LIMIT 1) "
            "FROM NETransType JOIN NETranslation ON NETranslation.ID = NETransType.tid "
            "WHERE NETransType.text = 'company' ORDER BY NETranslation.ID"
        ):
            forms = kanji.split("|") if kanji else (kana or "").split("|")
            english = gloss and latin_name(gloss)
            for form in forms:
                if english and len(form) >= 2 and (is_han(form) or is_katakana(form)):
                    names["ja"].setdefault(form, (english, "JMnedict"))
    for traditional, simplified, pinyin, glosses in cedict:
        gloss = next((gloss for gloss in glosses if COMPANY_GLOSS.search(gloss)), None)
        english = gloss and PROPER_PINYIN.match(pinyin) and latin_name(gloss)
        if english and len(traditional) >= 2:
            for form in (traditional, simplified):
                names["zh"].setdefault(form, (english, "CC-CEDICT"))
    return names


def read_hanja(path):
    """[(Hangul, Hanja)] of libhangul's Hanja dictionary (`hangul:hanja:` lines)."""
    words = []
    with open(path, encoding="utf-8") as source:
        for line in source:
            if not line.startswith("#") and line.count(":") >= 2:
                hangul, hanja = line.split(":")[:2]
                if len(hangul) >= 2 and len(hangul) == len(hanja) and is_hangul(hangul):
                    words.append((hangul, hanja))
    return words


def kyujitai(jmdict_path):
    """{old form: its Japanese form} of the kanji KANJIDIC2 (in jamdict-data) gives variants
    of, by their JIS X 0208 codes: 鐵 鉄, 氣 気."""
    forms = {}
    with sqlite3.connect(jmdict_path) as connection:
        for literal, value in connection.execute(
            "SELECT character.literal, variant.value FROM character JOIN variant "
            "ON variant.cid = character.ID WHERE character.grade IS NOT NULL "
            "AND variant.var_type = 'jis208'"
        ):
            _plane, row, cell = (int(part) for part in value.split("-"))
            try:
                old = bytes([row + 0xA0, cell + 0xA0]).decode("euc_jp")
            except UnicodeDecodeError:
                continue
            if old != literal:
                forms.setdefault(old, literal)
    return forms


# --- the rule -------------------------------------------------------------------------------


def select_chinese(cedict):
    """{word: English} of CC-CEDICT's industry words, {word: its other form} of the words
    written otherwise in simplified and traditional characters, and the simplified ones."""
    words, other_form, simplified_only = {}, {}, set()
    for traditional, simplified, pinyin, glosses in cedict:
        if simplified != traditional:
            simplified_only.add(simplified)
            other_form.setdefault(simplified, traditional)
            other_form.setdefault(traditional, simplified)
        if len(traditional) < 2 or not is_han(traditional) or pinyin[:1].isupper():
            continue
        glosses = [gloss for gloss in glosses if not gloss.startswith(POINTERS)]
        if english := first_industry_gloss(glosses):
            words.setdefault(traditional, english)
            words.setdefault(simplified, english)
    return words, other_form, simplified_only


def select_japanese(jmdict):
    words = {}
    for forms, glosses in jmdict:
        if not glosses or glosses[0][:1].isupper():  # a proper name
            continue
        forms = [form for form in forms if len(form) >= 2 and (is_han(form) or is_katakana(form))]
        if forms and (english := first_industry_gloss(glosses)):
            for form in forms:
                words.setdefault(form, english)
    return words


def related(token, word):
    """The same word, or one beginning the other (electrical, electric)."""
    shorter = min(len(token), len(word))
    return token == word or (shorter >= 5 and (token.startswith(word) or word.startswith(token)))


def company_words(words, company_names):
    """{word: {industry word: count}}: the industry words that company names holding the word
    use in English (at least MIN_COMPANY_NAMES of them), leaving out those another word of
    the same name means."""
    together = collections.Counter()
    longest = max(map(len, words))
    for name, english in company_names:
        used = set(tokens(english)) & INDUSTRY_WORDS
        held = {
            name[start:end]
            for start in range(len(name))
            for end in range(start + 2, min(len(name), start + longest) + 1)
            if name[start:end] in words
        }
        for word in held:
            meant = {token for other in held - {word} for token in tokens(words[other])}
            for token in used - meant:
                together[(word, token)] += 1
    found = {}
    for (word, token), count in together.items():
        if count >= MIN_COMPANY_NAMES:
            found.setdefault(word, {})[token] = count
    return found


def as_companies_write(english, used):
    """The gloss in the words company names use (`used`: {word: count}): when their most used
    word is one of the gloss's, the gloss's words they use, as they write them; else their
    most used word alone."""
    top = max(used, key=lambda word: (used[word], word))
    glossed = tokens(english)
    if not any(related(token, top) for token in glossed):
        return top.replace("_", " ")
    kept = []
    for token in glossed:
        if match := next((word for word in used if related(token, word)), None):
            kept.append(match)
    return " ".join(kept).replace("_", " ")


def country_names():
    """{language: {name: English}} of ISO 3166 countries as pycountry translates them, and
    {name: English} of the whole names (not the parts in brackets), for Hanja."""
    names, whole = {}, {}
    for language, locales in TRANSLATIONS.items():
        table = names.setdefault(language, {})
        for locale in locales:
            translation = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[locale]
            )
            for country in pycountry.countries:
                english = country.name.split(",")[0].strip().lower()
                for form in (country.name, getattr(country, "common_name", None)):
                    if not form or (native := translation.gettext(form)) == form:
                        continue
                    native = re.split(r"[,，]", native)[0]
                    if re.fullmatch(r"\w+", native):
                        whole.setdefault(native, english)
                    for part in re.split(r"[()（）]", native):
                        if len(part := part.strip()) >= 2 and re.fullmatch(r"\w+", part):
                            table.setdefault(part, english)
    return names, whole


def select(cedict, jmdict, hanja, company_names, japanese_forms, old_forms, own_names):
    """[(language, kind, term, English, source)] by the rule of this module."""
    chinese, other_form, simplified_only = select_chinese(cedict)
    japanese = select_japanese(jmdict)
    sources = {("zh", word): "CC-CEDICT" for word in chinese}
    sources |= {("ja", word): "JMdict" for word in japanese}
    for word, english in chinese.items():
        if (word not in simplified_only or word in japanese_forms) and word not in japanese:
            japanese[word], sources[("ja", word)] = english, "CC-CEDICT"
    for word, english in list(japanese.items()):
        if is_han(word) and word not in chinese:
            chinese[word], sources[("zh", word)] = english, sources[("ja", word)]
    used = company_words(chinese | japanese, company_names)
    for word, found in list(used.items()):
        if word in other_form:
            used.setdefault(other_form[word], found)
    for table in (chinese, japanese):
        for word in table:
            if word in used:
                table[word] = as_companies_write(table[word], used[word])

    places, whole = country_names()
    korean, korean_places = {}, dict(places["ko"])
    sources |= {(language, name): "iso-codes" for language in places for name in places[language]}
    for hangul, written in hanja:
        japanese_form = "".join(old_forms.get(character, character) for character in written)
        for table, name in ((chinese, "CC-CEDICT"), (japanese, "JMdict")):
            for form in (written, japanese_form):
                if form in whole and hangul not in korean_places:
                    korean_places[hangul] = whole[form]
                    sources[("ko", hangul)] = "libhangul, iso-codes"
                if form in table and hangul not in korean:
                    korean[hangul] = table[form]
                    sources[("ko", hangul)] = f"libhangul, {sources.get(('zh', form), name)}"
    rows = []
    for language, words, found in (
        ("ja", japanese, places["ja"]),
        ("zh", chinese, places["zh"]),
        ("ko", korean, korean_places),
    ):
        for kind, table in (("word", words), ("place", found)):
            for term, english in sorted(table.items()):
                if kind == "word" and term in found:
                    continue
                rows.append((language, kind, term, english, sources[(language, term)]))
        for term, (english, source) in sorted(own_names.get(language, {}).items()):
            rows.append((language, "name", term, english, source))
    return rows


HEADER = """\
# Words, places and names of Chinese, Japanese and Korean company names with their English,
# for the readings of `glossary`. Written by `manage.py build_search_vocabulary`, whose rule and
# sources `README.md` beside this file states: CC-CEDICT (CC BY-SA 4.0), JMdict and
# JMnedict (EDRDG, CC BY-SA), libhangul's Hanja dictionary (BSD-3-Clause), ISO 3166
# translations of iso-codes through pycountry (LGPL-2.1+). This file: CC BY-SA 4.0.
# language\tkind\tterm\tenglish\tsource
"""


class Command(BaseCommand):
    help = "Write the search vocabulary (search/data/vocabulary.tsv) from the dictionaries."

    def add_arguments(self, parser):
        parser.add_argument("--cedict", required=True, help="CC-CEDICT, text or .gz.")
        parser.add_argument("--jmdict", required=True, help="jamdict-data's jamdict.db.")
        parser.add_argument("--hanja", required=True, help="libhangul's hanja.txt.")
        parser.add_argument("--output", default=str(VOCABULARY))

    def handle(self, *, cedict, jmdict, hanja, output, verbosity, **options):
        entries = read_cedict(cedict)
        with sqlite3.connect(jmdict) as connection:
            japanese_forms = {text for (text,) in connection.execute("SELECT text FROM Kanji")}
        rows = select(
            entries,
            read_jmdict(jmdict),
            read_hanja(hanja),
            read_company_names(entries, jmdict),
            japanese_forms,
            kyujitai(jmdict),
            read_own_names(entries, jmdict),
        )
        with open(output, "w", encoding="utf-8", newline="\n") as target:
            target.write(HEADER)
            target.writelines("\t".join(row) + "\n" for row in rows)
        if verbosity:
            counts = collections.Counter((row[0], row[1]) for row in rows)
            summary = ", ".join(f"{language} {kind} {n}" for (language, kind), n in counts.items())
            self.stdout.write(f"{Path(output).name}: {len(rows)} rows ({summary}).")
