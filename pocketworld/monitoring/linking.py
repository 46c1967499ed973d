"""Which of our companies, and which countries, a news item names, in any script.

The linker reads the search index (`search.SearchEntry`): every key of every company name,
native and romanized, as the search box finds them. A text is read three ways:

- its Latin words, folded as names are (`search.normalization`), compared run by run with
  the keys (the longest run that is a key wins: "Toyota Motor" before "Toyota"); a single
  word may also be the leading word of a longer name ("Ford" of Ford Motor Company) when
  it is long, no place and no word that names of every kind begin with;
- the whole text, Chinese characters folded to their simplified forms (OpenCC), searched
  with Aho-Corasick automata for the native keys (東芝 in 東芝、新工場) and for the company
  names of the search glossary (丰田 is Toyota, 三星 Samsung);
- its katakana and Hangul words, romanized as loanwords and spelled as the source
  languages do (r for l in Japanese: テスラ tesla; the vowels Korean adds: 테슬라 tesla),
  compared with the Latin keys; and in Chinese, the runs of characters that transcribe
  foreign names (as the glossary's company names show them), read in pinyin and compared
  with the Latin names of companies from elsewhere by sound and spelling (特斯拉 tesila,
  Tesla). What a native or glossary name took is not read again.

Each match gets a confidence from what it rests on: several words of a name, one word
written as a name is (capitalised within a sentence-case headline, an acronym in
capitals), a name shared by several groups (split between them), and what officers taught
(`NameLesson`): a name whose links they removed more often than they confirmed needs
context — its country named, or a legal form in the text. Of a
group's companies that carry the matched name, the link goes to the one highest in the
group, whose page the subsidiaries show.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick
from anyascii import anyascii
from rapidfuzz import fuzz

from pocketworld.search import glossary
from pocketworld.search.normalization import (
    IGNORED_WORDS,
    LEGAL_FORMS,
    fold,
    latin_words,
    name_keys,
    singular,
    sound_key,
)
from pocketworld.search.romanization import (
    romanize_japanese,
    romanize_korean,
    romanize_korean_loanword,
)

# Runs of Latin words compared with the keys, at most this long.
MAX_RUN = 6
# Confidences of what a match rests on.
SEVERAL_WORDS = 0.95
NATIVE_NAME = 0.9
GLOSSARY_NAME = 0.85
ONE_WORD = 0.85
LEADING_WORD = 0.8
ACRONYM = 0.85
ROMANIZED_WORD = 0.8
TRANSCRIBED = 0.7
# A Chinese transcription and a Latin name are alike from this similarity (特斯拉 tesila
# and tesla: 0.91), the name from four letters.
MIN_TRANSCRIPTION_SIMILARITY = 0.8
MIN_TRANSCRIBED_LENGTH = 4
# A key from a romanization of a native name, read in a Latin text ("dongzhi" of 東芝).
ROMANIZED_KEY_FACTOR = 0.85
# A word at a headline's start, or in a Title Case headline, is capitalised anyway.
ANY_CAPITAL_FACTOR = 0.9
# Native and Latin keys from two characters, loanwords read from three letters; a Latin
# word from five letters is distinctive on its own.
MIN_KEY_LENGTH = 2
MIN_LOANWORD_LENGTH = 3
DISTINCTIVE_LENGTH = 5
# Links from this confidence are kept (as suggestions).
THRESHOLD = 0.5
CONTEXT_BONUS = 0.05

# Korean particles a name takes in a sentence (도요타가, 삼성전자는), longest first.
# fmt: off
KOREAN_PARTICLES = sorted(
    ["이", "가", "은", "는", "을", "를", "의", "에", "와", "과", "도", "로", "으로", "에서",
     "에게", "까지", "부터", "와의", "과의", "만", "보다", "처럼"],
    key=len,
    reverse=True,
)
# fmt: on
# Words of Latin letters (and digits), also where they touch other scripts ("GM과", "中国CATL").
LATIN_LETTERS = "A-Za-z0-9\u00c0-\u024f"
LATIN_TOKEN = re.compile(rf"[{LATIN_LETTERS}]+(?:[.'’&][{LATIN_LETTERS}]+)*\.?")
KATAKANA_WORD = re.compile(r"[\u30a0-\u30ff]{2,}")
HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,}")
# How loanwords are written back in Latin letters: Japanese has one sound for r and l;
# Korean adds "eu" after consonants (테슬라 teseulla), doubles l as lr, writes z as j, f
# as p, an initial t as d (도요타 Toyota), hu as hw (화웨이 Huawei).
JAPANESE_SPELLINGS = ((r"r", "l"),)
KOREAN_SPELLINGS = (
    (r"eu", ""), (r"lr", "ll"), (r"ll", "l"), (r"j", "z"), (r"^p", "f"), (r"^d", "t"),
    (r"hw", "hu"),
)  # fmt: skip


@lru_cache(maxsize=1)
def simplified():
    # OpenCC and pypinyin (54 MB) load on the first Chinese text, in the process that links
    # news, not in every web worker that imports this module.
    from opencc import OpenCC

    return OpenCC("t2s")


def pinyin(text):
    """`text` in pinyin without tones or spaces (特斯拉 tesila)."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))


def folded(text):
    """Case-folded text with Chinese characters in their simplified forms, so that 寧德時代
    meets 宁德时代 (applied alike to names and texts, Japanese kanji included)."""
    text = fold(text)
    if any(is_han(character) for character in text):
        text = simplified().convert(text)
    return text


def is_han(character):
    return unicodedata.name(character, "").startswith("CJK")


@dataclass(frozen=True)
class Name:
    """A key of a company's name as the linker reads it."""

    company_id: int
    key: str
    transliterated: bool


@dataclass
class Match:
    company_id: int
    key: str
    text: str
    confidence: float
    how: str


@dataclass
class Found:
    """The links of one text: {company id: Match}, {country code: matched text}."""

    companies: dict = field(default_factory=dict)
    countries: dict = field(default_factory=dict)

    def add(self, match):
        known = self.companies.get(match.company_id)
        if known is None or match.confidence > known.confidence:
            self.companies[match.company_id] = match


@dataclass
class Token:
    text: str
    key: str
    start: int

    @property
    def capitalised(self):
        return self.text[:1].isupper()

    @property
    def upper(self):
        letters = [character for character in self.text if character.isalpha()]
        return len(letters) > 1 and all(character.isupper() for character in letters)


def latin_tokens(text):
    tokens = []
    for found in LATIN_TOKEN.finditer(text):
        word = found.group(0)
        key = "".join(character for character in anyascii(fold(word)) if character.isalnum())
        if key:
            tokens.append(Token(word, singular(key.lower()), found.start()))
    return tokens


def is_sentence_case(tokens):
    """Whether a headline capitalises names only: most of its longer words are lower case.
    In Title Case Headlines capitals say nothing."""
    words = [token for token in tokens if len(token.key) > 3]
    if len(words) < 3:
        return False
    return sum(token.capitalised for token in words) <= len(words) / 2


def without_particles(word):
    forms = [word]
    for particle in KOREAN_PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            forms.append(word[: -len(particle)])
    return forms


def spellings(reading, rules):
    """A loanword's reading as a Latin key, and as the source language spells it."""
    key = "".join(character for character in reading.lower() if character.isalnum())
    found = [key]
    for pattern, replacement in rules:
        found += [re.sub(pattern, replacement, variant) for variant in found]
    return list(dict.fromkeys(variant for variant in found if variant))


KANA = re.compile(r"[\u3040-\u30ff]")
# Transcriptions are two to six characters long.
MAX_TRANSCRIPTION_LENGTH = 6
CHINESE_COUNTRIES = frozenset({"CN", "TW", "HK", "MO", "SG"})


@lru_cache(maxsize=1)
def transcription_characters():
    """The characters Chinese writes foreign names with, as the search glossary's company
    names show them: those of names whose pinyin sounds as their Latin name does (索尼
    suoni Sony, 特斯拉 …)."""
    characters = set()
    for term, latin in glossary.names("zh").items():
        reading = pinyin(term)
        key = "".join(character for character in latin.lower() if character.isalnum())
        if sound_key(reading) and sound_key(reading) == sound_key(key):
            characters.update(folded(term))
    return frozenset(characters)


def without_spans(text, spans):
    """`text` with the (start, text) spans blanked: read once, as the name they are."""
    characters = list(text)
    for start, term in spans:
        characters[start : start + len(term)] = " " * len(term)
    return "".join(characters)


def windows(sequence, shortest, longest):
    """Every part of `sequence` from `shortest` to `longest` characters, longest first."""
    for length in range(min(longest, len(sequence)), shortest - 1, -1):
        for start in range(len(sequence) - length + 1):
            yield sequence[start : start + length]


def place_words():
    """Words of places and of the glossary's descriptive English: no leading word alone."""
    words = set(glossary.english_words())
    for language in ("ja", "zh", "ko"):
        for english in glossary.places(language).values():
            words.update(singular(word) for word in english.split())
    return words


def automaton(entries):
    found = ahocorasick.Automaton()
    for key, value in entries.items():
        found.add_word(key, (key, value))
    if entries:
        found.make_automaton()
    return found


def matches_in(found, text):
    """Aho-Corasick matches in `text` that do not cut a Latin word: (start, key, value)."""
    if not len(found):
        return []
    spans = []
    for end, (key, value) in found.iter(text):
        start = end - len(key) + 1
        before = text[start - 1] if start > 0 else " "
        after = text[end + 1] if end + 1 < len(text) else " "
        if key[0].isascii() and before.isascii() and before.isalnum():
            continue
        if key[-1].isascii() and after.isascii() and after.isalnum():
            continue
        spans.append((start, key, value))
    return spans


def longest_spans(spans):
    """The spans not inside a longer one, in order."""
    ordered = sorted(spans, key=lambda span: (span[0], -len(span[1])))
    kept, reach = [], -1
    for start, key, value in ordered:
        if start > reach:
            kept.append((start, key, value))
            reach = start + len(key) - 1
    return kept


class Gazetteer:
    """Every company name of the search index, ready to be found in a text."""

    def __init__(self, rows, parents=None, lessons=None, countries=None):
        """`rows`: (company id, key, words, is main, romanized) of the index; `parents`:
        {company id: parent id}; `lessons`: {(company id, key)} of names that need context;
        `countries`: {"names": [(code, name)], "companies": {company id: code}}."""
        self.parents = parents or {}
        self.needs_context = lessons or set()
        self.latin = defaultdict(list)
        self.leading = defaultdict(list)
        self.sounds = defaultdict(set)
        native = defaultdict(list)
        not_leading = place_words() | IGNORED_WORDS
        for company_id, key, words, _is_main, transliterated in rows:
            if len(key) < MIN_KEY_LENGTH:
                continue
            name = Name(company_id, key, transliterated)
            if key.isascii():
                self.latin[key].append(name)
                if not transliterated and len(key) >= MIN_TRANSCRIBED_LENGTH:
                    self.sounds[sound_key(key)].add(key)
                parts = words.split()
                if (
                    len(parts) > 1
                    and not transliterated
                    and len(parts[0]) >= DISTINCTIVE_LENGTH
                    and parts[0] not in not_leading
                ):
                    self.leading[parts[0]].append(name)
                continue
            native[folded(key)].append(name)
        self.native = automaton(native)
        names = {}
        for language in ("ja", "zh"):
            for term, latin in glossary.names(language).items():
                keys = [key.text for key in name_keys(latin)]
                if len(term) >= MIN_KEY_LENGTH and keys:
                    names.setdefault(folded(term), keys[0])
        self.glossary = automaton(names)
        country_names = {}
        self.country_words = {}
        for code, country_name in (countries or {}).get("names", []):
            name = folded(country_name)
            if name.isascii():
                self.country_words.setdefault(compact_words(name), code)
            elif len(name) >= 2:
                country_names.setdefault(name, code)
        self.countries = automaton(country_names)
        self.company_country = (countries or {}).get("companies", {})

    # --- reading a text ------------------------------------------------------------------

    def find(self, text):
        found = Found()
        if not text or not text.strip():
            return found
        text = unicodedata.normalize("NFKC", text)
        tokens = latin_tokens(text)
        self.find_countries(text, tokens, found)
        self.find_latin(tokens, found)
        names = self.find_native(folded(text), found)
        self.find_loanwords(text, found)
        self.find_transcriptions(without_spans(folded(text), names), found)
        self.apply_context(tokens, found)
        return found

    def find_countries(self, text, tokens, found):
        keys = [token.key for token in tokens]
        for start in range(len(keys)):
            for length in (3, 2, 1):
                run = "".join(keys[start : start + length])
                if length <= len(keys) - start and run in self.country_words:
                    words = " ".join(token.text for token in tokens[start : start + length])
                    found.countries.setdefault(self.country_words[run], words)
                    break
        for _start, name, code in longest_spans(matches_in(self.countries, folded(text))):
            found.countries.setdefault(code, name)

    def find_latin(self, tokens, found):
        sentence_case = is_sentence_case(tokens)
        index = 0
        while index < len(tokens):
            if tokens[index].key in IGNORED_WORDS:
                index += 1
                continue
            length = self.longest_run(tokens, index)
            run = tokens[index : index + max(length, 1)]
            names = self.latin.get(run_key(run), []) if length else self.leading.get(run[0].key, [])
            confidence = self.rate_latin(run, sentence_case, index == 0, leading=not length)
            if names and confidence:
                for match in self.shared(names, " ".join(t.text for t in run), confidence, "latin"):
                    found.add(match)
            index += max(length, 1)

    def longest_run(self, tokens, start):
        for length in range(min(MAX_RUN, len(tokens) - start), 0, -1):
            run = tokens[start : start + length]
            if length > 1 and run[-1].key in IGNORED_WORDS:
                continue
            if run_key(run) in self.latin:
                return length
        return 0

    def rate_latin(self, run, sentence_case, first, leading=False):
        """The confidence a run of words gives, 0 when it names no company."""
        meaningful = [token for token in run if token.key not in IGNORED_WORDS]
        if len(meaningful) >= 2:
            return SEVERAL_WORDS
        token = meaningful[0]
        if token.upper and len(token.key) <= 4:
            return ACRONYM
        if len(token.key) <= 3 or not token.capitalised:
            # A short word, or a word in lower case, is a word, not a company (LG, SK and
            # VW are written in capitals).
            return 0
        confidence = LEADING_WORD if leading else ONE_WORD
        if len(token.key) < DISTINCTIVE_LENGTH:
            confidence -= 0.1
        if first or not sentence_case:
            confidence *= ANY_CAPITAL_FACTOR
        return confidence

    def shared(self, names, text, confidence, how):
        """Matches for the companies that carry the matched name: per group the company
        highest in it, the confidence split between groups."""
        by_group = {}
        for name in names:
            group, depth = self.head(name.company_id)
            known = by_group.get(group)
            if known is None or depth < known[1]:
                by_group[group] = (name, depth)
        if not by_group:
            return []
        share = 1 / len(by_group)
        matches = []
        for name, _depth in by_group.values():
            factor = ROMANIZED_KEY_FACTOR if name.transliterated and how == "latin" else 1
            matches.append(Match(name.company_id, name.key, text, confidence * factor * share, how))
        return matches

    def head(self, company_id):
        """(the head of the company's group, how many steps below it the company is)."""
        seen = [company_id]
        while seen[-1] in self.parents and self.parents[seen[-1]] not in seen:
            seen.append(self.parents[seen[-1]])
        return seen[-1], len(seen) - 1

    def find_native(self, text, found):
        """Native names and the glossary's names, the longest where they overlap; a name
        in katakana or Hangul followed by Latin letters may be one name with them
        (サムスンSDI is Samsung SDI). Returns the names' spans as (start, text)."""
        spans = [
            (start, key, ("native", names)) for start, key, names in matches_in(self.native, text)
        ]
        spans += [
            (start, term, ("glossary", key)) for start, term, key in matches_in(self.glossary, text)
        ]
        spans = longest_spans(spans)
        for start, term, (how, value) in spans:
            if how == "native":
                for match in self.shared(value, term, NATIVE_NAME, how):
                    found.add(match)
                continue
            following = re.match(r"[a-z0-9]+", text[start + len(term) :])
            key = value
            if following and value + following.group(0) in self.latin:
                key, term = value + following.group(0), term + following.group(0)
            if key in self.latin:
                for match in self.shared(self.latin[key], term, GLOSSARY_NAME, how):
                    found.add(match)
        return [(start, term) for start, term, _value in spans]

    def find_loanwords(self, text, found):
        """Katakana and Hangul words read as loanwords; one beside Latin letters may be one
        name with them (삼성SDI is Samsung SDI, USスチール U.S. Steel)."""
        words = []
        for word in KATAKANA_WORD.finditer(text):
            reading = romanize_japanese(word.group(0), loanword=True)
            words.append((word, [reading], JAPANESE_SPELLINGS))
        for word in HANGUL_WORD.finditer(text):
            readings = [romanize_korean_loanword(word.group(0)), romanize_korean(word.group(0))]
            words.append((word, readings, KOREAN_SPELLINGS))
        for word, readings, rules in words:
            before = re.search(r"[A-Za-z0-9]+$", text[: word.start()])
            after = re.match(r"[A-Za-z0-9]+", text[word.end() :])
            for form in without_particles(word.group(0)):
                if form != word.group(0):
                    readings = [romanize_korean_loanword(form), romanize_korean(form)]
                    after = None
                if self.find_loanword(form, readings, rules, before, after, found):
                    break

    def find_loanword(self, word, readings, rules, before, after, found):
        keys = [key for reading in readings for key in spellings(reading, rules)]
        if after:
            keys = [key + after.group(0).lower() for key in keys] + keys
            word += after.group(0)
        if before:
            keys = [before.group(0).lower() + key for key in keys] + keys
            word = before.group(0) + word
        for key in dict.fromkeys(keys):
            if len(key) >= MIN_LOANWORD_LENGTH and key in self.latin:
                for match in self.shared(self.latin[key], word, ROMANIZED_WORD, "loanword"):
                    found.add(match)
                return True
        return False

    def find_transcriptions(self, text, found):
        """Foreign names written in Chinese characters by their sound (特斯拉 Tesla, 库卡
        KUKA): runs of the characters such transcriptions use, read in pinyin, against the
        Latin names that sound alike and are spelt alike; the name must be the one best
        alike, and of a company from outside the Chinese-writing countries."""
        runs = re.findall(r"[\u4e00-\u9fff]+", text)
        if not runs or KANA.search(text):
            return
        characters = transcription_characters()
        for run in runs:
            for sequence in "".join(c if c in characters else " " for c in run).split():
                for window in windows(sequence, 2, MAX_TRANSCRIPTION_LENGTH):
                    if self.find_transcription(window, found):
                        break

    def find_transcription(self, window, found):
        reading = pinyin(window)
        alike = {}
        for key in self.sounds.get(sound_key(reading), ()):
            similarity = fuzz.ratio(reading, key) / 100
            names = [
                name
                for name in self.latin[key]
                if self.company_country.get(name.company_id) not in CHINESE_COUNTRIES
            ]
            if similarity >= MIN_TRANSCRIPTION_SIMILARITY and names:
                alike.setdefault(similarity, []).extend(names)
        if not alike:
            return False
        for match in self.shared(alike[max(alike)], window, TRANSCRIBED, "transcription"):
            found.add(match)
        return True

    def apply_context(self, tokens, found):
        """A legal form in the text or the company's country named raise a link; the names
        officers taught to need context are dropped without it; weak links go."""
        legal = bool({token.key for token in tokens} & LEGAL_FORMS)
        for company_id, match in list(found.companies.items()):
            context = legal or self.company_country.get(company_id) in found.countries
            if (company_id, match.key) in self.needs_context and not context:
                del found.companies[company_id]
                continue
            if context:
                match.confidence = min(1.0, match.confidence + CONTEXT_BONUS)
            if match.confidence < THRESHOLD:
                del found.companies[company_id]


def run_key(tokens):
    return "".join(token.key for token in tokens if token.key not in IGNORED_WORDS)


def compact_words(name):
    """A place name's key: its Latin words without articles, compact ("unitedstate")."""
    return "".join(word for word in latin_words(name) if word not in ("the", "of", "and"))


# --- from the database -------------------------------------------------------------------

# Languages whose country names the linker reads, beside the English and German ones the
# countries table holds (ISO 3166 translations of iso-codes, through pycountry).
COUNTRY_NAME_LANGUAGES = ("ja", "zh_CN", "zh_TW", "ko")


def country_names():
    """[(code, name)] of every country in English, German, Japanese, Chinese and Korean:
    the countries table's names, ISO 3166's names (of iso-codes, through pycountry) and
    their translations, and the everyday names of the search glossary's places (한국, 米国,
    德国), matched by their English to a country's name or its part before a comma
    ("Korea" of "Korea, Republic of"; of several such, the shortest name's)."""
    import gettext

    import pycountry

    from pocketworld.core.models import Country

    names = []
    for code, english, german in Country.objects.values_list("code", "name_en", "name_de"):
        names += [(code, english), (code, german)]
    iso_names = [
        (country.alpha_2, value)
        for country in pycountry.countries
        for attribute in ("name", "common_name", "official_name")
        if (value := getattr(country, attribute, None))
    ]
    names += iso_names
    by_english = {compact_words(fold(name)): code for code, name in names}
    for code, name in sorted(names, key=lambda pair: len(pair[1])):
        by_english.setdefault(compact_words(fold(name.split(",")[0])), code)
    for language in ("ja", "zh", "ko"):
        for place, english in glossary.places(language).items():
            if code := by_english.get(compact_words(english)):
                names.append((code, place))
    for language in COUNTRY_NAME_LANGUAGES:
        try:
            translation = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[language]
            )
        except OSError:
            continue
        for code, value in iso_names:
            if (translated := translation.gettext(value)) != value:
                names.append((code, translated))
    return names


def gazetteer_from_database():
    """A gazetteer of every company in the search index, with what officers taught."""
    from pocketworld.companies.models import Company
    from pocketworld.monitoring.models import NameLesson
    from pocketworld.search.models import Audience, SearchEntry

    rows = SearchEntry.objects.filter(kind="company", audience=Audience.EVERYONE).values_list(
        "object_id", "key", "words", "is_main", "transliterated"
    )
    parents = dict(Company.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
    lessons = {
        (company_id, key)
        for company_id, key, confirmed, removed in NameLesson.objects.values_list(
            "company_id", "key", "confirmed", "removed"
        )
        if removed > confirmed
    }
    countries = {
        "names": country_names(),
        "companies": dict(Company.objects.values_list("pk", "country_id")),
    }
    return Gazetteer(rows.iterator(chunk_size=5000), parents, lessons, countries)
