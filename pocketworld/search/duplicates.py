"""Whether two company records are one company, weighed as a person would weigh them.

A name is read into words with a role: the core words that name the company, its legal
form (also where a list cut it short: "Incorpora", "Corporat") and the words that only say
it belongs to a group or where it works (Holdings, Group, Europe). Abbreviations count as
the words they stand for, from a published table (`data/abbreviations.csv`) and by how
abbreviations are made (Elec, Mtr, Hldgs: the first letter and others in order; PE: the
initials of Private Equity); the last word may be cut short. Names in other scripts are
read through the search index's keys, romanized keys included, so 東芝 and Toshiba meet.

Two records are compared on the name (from "an equal key" to "nothing in common"), the
legal form and the country, and where both carry one, the LEI, the website and the address.
The evidence is weighed as Fellegi and Sunter do, and Splink after them: each level of each
comparison has a probability `m` among true duplicates and `u` among other pairs that
share a word; the prior and log2(m / u) of every comparison add up to the match weight,
and the weight gives the probability that the two are one company. The name, legal form
and country levels were counted on labelled data (`python -m bench.imports.weights`, on
the development part of `bench/data/company_listings.csv` and on PATSTAT; the other part
is never looked at); the identifiers', which those sets lack, are set by hand below.
"""

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import fuzz

from pocketworld.search.normalization import (
    FILLER_WORDS,
    IGNORED_PHRASES,
    LEGAL_FORMS,
    fold,
    is_latin,
    name_keys,
    singular,
    split_words,
)

ABBREVIATIONS_FILE = Path(__file__).parent / "data" / "abbreviations.csv"
# Words of stock-exchange and filing lists that name a share or a register, not the
# company: "Class B", "ORD SHS", "INH. O.N." (bearer, no par value), "/DE/" (the state
# of incorporation in the SEC's lists); and any word with a digit (a par value).
SECURITY_WORDS = frozenset(
    ["class", "ord", "ordinary", "shs", "share", "shares", "common", "stock", "adr", "ads",
     "inh", "on", "nam", "nom", "vz", "vzo", "pref", "preferred", "registered", "publ"]
)  # fmt: skip
STATE_OF_INCORPORATION = re.compile(r"/[a-z]{2}/")
# The search's group and region words, and "group" in the desks' European languages.
GROUP_WORDS = FILLER_WORDS | {"gruppe", "groupe", "groep", "grupo", "gruppo"}
# "And" in the desks' European languages, as "and" and "&" belong to no role: "Kuehne und
# Nagel" is Kuehne + Nagel.
AND_WORDS = frozenset(["und", "et", "en", "och", "og"])
# The possessive of a name: "St. James's Place" is St. James Place.
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
# Between the words of two romanized keys, where a name's are held as one string.
WORDS_APART = "|"
# A group word run together with the name is taken apart from five letters ("holdings").
GLUED_GROUP_WORDS = tuple(sorted((word for word in GROUP_WORDS if len(word) >= 5), key=len))[::-1]
# Words run together in capitals: "TaekwangInd", "HyundaiMtr"; each of at least MIN_CUT
# letters, as "CoStar" and "ChemOn" are one word each.
RUN_TOGETHER = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")  # not GmbH
CAPITALISED_WORD = re.compile(r"[A-Za-z]+")
# "Co." of "Co.,Ltd." run together with the name before it.
GLUED_CO_LTD = re.compile(r"(?<=[a-z]{3})co(?=\.\s*,?\s*ltd\b)")
# From this probability a record is a duplicate; from the lower one the officer is asked
# (chosen on the development sets, the listings' and PATSTAT's, where 0.8 to 0.9 give the
# same precision and recall, and on the 100,000-row import of the benchmark: a name spelt
# alike under another legal form, 0.86, is asked about, as "Cheonse Pharmaceutical Co.,
# Ltd." and "Cheonseo Pharmaceutical GmbH" may be two companies; the same words where one
# name has no legal form, 0.875, are a duplicate; a name within the other whose first word
# is rare, as "Casio" in "Casio Computer Co., Ltd.", is asked about, not taken).
DUPLICATE, ASK = 0.87, 0.3
# A word of at most this many names is rare.
RARE_WORD = 2
# An abbreviated legal form of the table: at most this many words of this many letters.
MAX_FORM_WORDS, MAX_FORM_LETTERS = 2, 6
# Initials stand for this many words: PE (Private Equity) to BASF.
MIN_INITIALS, MAX_INITIALS = 2, 4
# A contraction keeps at most this share of the word's letters.
CONTRACTED = 2 / 3
# A word cut short at the end of a name: at least this many letters of the word.
MIN_CUT = 3
# A legal form cut short: at least this many letters, of a form at least this long.
MIN_CUT_LEGAL_FORM, MIN_LONG_LEGAL_FORM = 4, 6
# Spelling mistakes: names alike from this share of equal characters.
ALIKE = 88
# ... and their first words from this share: a long word in common ("Pharmaceutical") does
# not make "Gojo" and "Toka" alike.
ALIKE_FIRST_WORD = 85

# m and u of each level: P(level | one company), P(level | two companies sharing a word).
# The name, legal form and country levels are counted (see the module's docstring). What
# one of the two records lacks weighs nothing, as in Splink.
PRIOR = 0.7864
NAME_LEVELS = {
    "key": (0.8728, 0.0213),
    "reading": (0.0365, 0.0034),
    "words": (0.0197, 0.0130),
    "alike": (0.0230, 0.0021),
    "contained_rare": (0.0204, 0.0652),
    "contained": (0.0077, 0.0460),
    "first": (0.0103, 0.3551),
    "other": (0.0096, 0.4938),
}
LEGAL_FORM_LEVELS = {"same": (0.9238, 0.3606), "different": (0.0762, 0.6394)}
COUNTRY_LEVELS = {"same": (0.9979, 0.7966), "different": (0.0021, 0.2034)}
# Identifiers, set by hand: an LEI names one company (two of one company are a mistake in
# one of the records: one in a hundred), and another LEI another company, whatever its
# name; a website or an address may be shared by a group's companies or one office
# building, and companies move and rename.
LEI_LEVELS = {"same": (0.98, 0.0001), "different": (0.01, 0.9999)}
WEBSITE_LEVELS = {"same": (0.9, 0.005), "different": (0.3, 0.995)}
ADDRESS_LEVELS = {"same": (0.8, 0.01), "different": (0.4, 0.99)}


@lru_cache
def abbreviations():
    """{abbreviation: expansions as word tuples} of the published table, folded."""
    table = {}
    with open(ABBREVIATIONS_FILE, encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source):
            short = tuple(singular(word) for word in split_words(fold(row["abbreviation"])))
            long = tuple(singular(word) for word in split_words(fold(row["expansion"])))
            if len(short) == 1 and long and long != short:
                table.setdefault(short[0], set()).add(long)
    return {short: frozenset(longs) for short, longs in table.items()}


@lru_cache
def legal_form_words():
    """Every word of a legal form, folded: those of the search index, and the words of the
    table's short legal-form abbreviations ("pvt ltd", "sdn bhd") that are no word of an
    expansion: "Trust" and "Bank" abbreviate some forms but name companies too."""
    abbreviated, expanded = set(), set()
    with open(ABBREVIATIONS_FILE, encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source):
            if row["kind"] != "legal_form":
                continue
            short = split_words(fold(row["abbreviation"]))
            expanded.update(split_words(fold(row["expansion"])))
            if len(short) <= MAX_FORM_WORDS and all(
                len(word) <= MAX_FORM_LETTERS for word in short
            ):
                abbreviated.update(short)
    words = LEGAL_FORMS | (abbreviated - expanded)
    return frozenset(word for word in words if word.isascii()) - FILLER_WORDS


@dataclass(frozen=True, slots=True)
class Reading:
    """A name as it is compared: its core words in order, its legal form's words, its
    search keys (`readings`: those romanized from another script)."""

    words: tuple[str, ...]
    legal_form: tuple[str, ...]
    keys: tuple[str, ...]
    readings: tuple[str, ...]


@lru_cache(maxsize=10_000)
def read_all(name, language=None):
    """The readings of a name (`readings_with_keys`); `language` tells how to read kanji
    (ja or zh)."""
    return readings_with_keys(name, name_keys(name, language))


def read(name, language=None):
    """The first, most literal reading of a name."""
    return read_all(name, language)[0]


def readings_with_keys(name, keys):
    """The readings of a name whose search keys (`normalization.name_keys`) are known: one
    of a name in Latin script; one per romanized key of a name in another script, as each
    may be the one its Latin name follows (神戸製鋼所: "kobe seikosho", "kobe steel
    manufacture")."""
    return readings_of(name, *key_parts(keys))


def key_parts(keys):
    """(keys, romanized keys, the romanized keys' words apart by `WORDS_APART`) of a name's
    search keys: what `readings_of` and `from_index` read."""
    romanized = [key for key in keys if key.transliterated]
    return (
        tuple(key.text for key in keys if not key.transliterated),
        tuple(key.text for key in romanized),
        WORDS_APART.join(key.words for key in romanized),
    )


def latin_reading(name):
    """(core words, legal form words) of a name in Latin script, None for a name in
    another."""
    if not is_latin(fold(name)):
        return None
    text = POSSESSIVE.sub("", name)
    if RUN_TOGETHER.search(text):
        text = CAPITALISED_WORD.sub(apart, text)
    text = fold(text)
    if "/" in text:
        text = STATE_OF_INCORPORATION.sub(" ", text)
    text = anyascii(text).lower()
    return latin_roles(split_words(split_legal_forms(text) if "." in text else text))


def apart(match):
    """A word of words run together in capitals, apart where each has MIN_CUT letters."""
    parts = RUN_TOGETHER.split(match[0])
    return " ".join(parts) if min(map(len, parts)) >= MIN_CUT else match[0]


def readings_of(name, keys, readings, romanized_words):
    """The readings of a name from its keys, romanized keys, and the words of each romanized
    key, apart by `WORDS_APART`."""
    if latin := latin_reading(name):
        return (Reading(*latin, keys, readings),)
    alternatives = dict.fromkeys(
        tuple(words.split()) for words in romanized_words.split(WORDS_APART)
    )
    return tuple(Reading(words, (), keys, readings) for words in alternatives)


@lru_cache(maxsize=10_000)
def from_index(name, keys, readings, romanized_words):
    """`readings_of` a name as the search index holds it, so that names are not read again:
    the names compared most (an import compares some of the registry again and again) are
    kept."""
    return readings_of(name, keys, readings, romanized_words)


def split_legal_forms(text):
    """A legal form joined to the name by a dot stands apart: "Anterogen.Co.,Ltd.",
    "Kyungbangco.Ltd"."""
    forms = legal_form_words()
    text = GLUED_CO_LTD.sub(" co", text)
    return re.sub(
        r"\.(\w{2,})", lambda match: f" {match[1]}" if match[1] in forms else match[0], text
    )


def latin_roles(words):
    """(core words, legal form words) of a Latin name's words; group words and "and"
    belong to neither, nor what a listing says of the share. A last word that begins a
    long legal form was cut short."""
    all_forms = legal_form_words()
    kept = [part for word in join_initials(words) for part in unglued(word)]
    # "EOG Resources": a form of the table alone follows a name, and does not begin one.
    name_not_form = kept[0] if kept and kept[0] not in LEGAL_FORMS else None

    def is_form(word):
        return word in all_forms and word != name_not_form

    legal_form = {word for word in kept if is_form(word)}
    for phrase in IGNORED_PHRASES:
        for start in range(len(kept) - len(phrase) + 1):
            if tuple(kept[start : start + len(phrase)]) == phrase:
                legal_form.update(phrase)
                kept[start : start + len(phrase)] = [""] * len(phrase)
    core = []
    for position, word in enumerate(kept):
        previous = kept[position - 1] if position else ""
        following = kept[position + 1] if position + 1 < len(kept) else ""
        if (
            not word
            or is_form(word)
            or (word in SECURITY_WORDS and position)  # ON Semiconductor keeps its first word
            or (word in AND_WORDS and position)
            or word.isdigit()
            or (len(word) == 1 and previous in SECURITY_WORDS)  # Class B
            or (len(word) <= 2 and following.isdigit())  # a par value: "EO -,10", "LS 0.20"
            or is_filler(word)
        ):
            continue
        core.append(word)
    if len(core) > 1 and is_cut_legal_form(core[-1], all_forms):
        legal_form.add(core.pop())
    if not core:  # a name of legal form words alone ("Company Limited") is its own name
        core = [word for word in words if word]
    return tuple(singular(word) for word in core), tuple(sorted(legal_form))


def join_initials(words):
    """Runs of single letters as one word: "D S M" dsm, "S&C" sc, "H & M" hm."""
    joined, initials = [], []
    for word in words:
        is_letter = len(word) == 1 and word.isalpha()
        if is_letter and initials and initials[-1]:
            joined[-1] += word
        else:
            joined.append(word)
            initials.append(is_letter)
    return joined


def unglued(word):
    """A group word run together with the name ("SINGSONGHOLDINGS"), apart."""
    if word.endswith(GLUED_GROUP_WORDS) and word not in GROUP_WORDS:
        for group in GLUED_GROUP_WORDS:
            if word.endswith(group) and len(word) - len(group) >= MIN_CUT:
                return [word[: -len(group)], group]
    return [word]


@lru_cache(maxsize=65536)
def is_filler(word):
    """A group or region word, or its abbreviation (Grp, Hldgs, Eur)."""
    return word in GROUP_WORDS or any(
        len(filler) > 3 and same_word(word, filler) for filler in GROUP_WORDS
    )


def is_cut_legal_form(word, forms):
    return word in cut_legal_forms(forms)


@lru_cache
def cut_legal_forms(forms):
    """Every beginning of a long legal form that may be read as the form cut short."""
    return frozenset(
        form[:end]
        for form in forms
        if len(form) >= MIN_LONG_LEGAL_FORM
        for end in range(MIN_CUT_LEGAL_FORM, len(form))
    )


# --- comparing words -------------------------------------------------------------------------


def is_contraction(short, long):
    """Elec, Intl, Mtr, Hldg, Mfg: the first letter, the others in order, and either the
    beginning of the word or its last letter, keeping at most two thirds of its letters
    (Hldgs, holdings); never a word within it (Shin in Shoshin, Sakura in Seisakura:
    another name), nor a word that lost a letter or two (taesumulsan, taesungmulsan)."""
    if len(short) < 3 or len(long) < len(short) + 2 or short[0] != long[0]:
        return False
    if long.startswith(short):
        return True
    if short[-1] != long[-1] or short in long or len(short) > CONTRACTED * len(long):
        return False
    position = 0
    for letter in short:
        position = long.find(letter, position) + 1
        if not position:
            return False
    return True


@lru_cache(maxsize=16_384)
def same_word(first, second, last=False, leading=False):
    """Equal, one the other's abbreviation, or (the last word of a name) cut short. The
    leading words of two names are never one the other's beginning: Hua is not Huali,
    nor Jin Jinna."""
    if first == second:
        return True
    table = abbreviations()
    if (second,) in table.get(first, ()) or (first,) in table.get(second, ()):
        return True
    short, long = sorted((first, second), key=len)
    if leading and long.startswith(short):
        return False
    if is_contraction(first, second) or is_contraction(second, first):
        return True
    return last and len(short) >= MIN_CUT and long.startswith(short)


def has_initials_length(words):
    """Whether a name of these words (or a word of these letters) is as long as initials
    go: PE, IBM, BASF; a longer one is no name's initials."""
    return MIN_INITIALS <= len(words) <= MAX_INITIALS


def spanned(word, words, start, initials=True):
    """How many words from `start` one word stands for: PE = Private Equity (with
    `initials`, its initials), or an abbreviation of the table with a longer expansion; 0
    if none."""
    table = abbreviations()
    for expansion in table.get(word, ()):
        if len(expansion) > 1 and tuple(words[start : start + len(expansion)]) == expansion:
            return len(expansion)
    if not initials or not has_initials_length(word) or len(words) - start < len(word):
        return 0
    letters = "".join(other[0] for other in words[start : start + len(word)])
    return len(word) if letters == word else 0


@dataclass(frozen=True)
class Alignment:
    matched: int
    extra_first: int
    extra_second: int
    first_word: bool


def align(first, second, initials=True):
    """The two names' core words matched in order; words left over on either side. With
    `initials`, a word may stand for the words of its initials."""
    i = j = matched = extra_first = extra_second = 0
    first_word = False
    while i < len(first) and j < len(second):
        last = i == len(first) - 1 or j == len(second) - 1
        if same_word(first[i], second[j], last, leading=i == j == 0):
            step_first, step_second = 1, 1
        elif span := spanned(first[i], second, j, initials):
            step_first, step_second = 1, span
        elif span := spanned(second[j], first, i, initials):
            step_first, step_second = span, 1
        else:
            if any(same_word(first[i], word) for word in second[j + 1 :]):
                extra_second, j = extra_second + 1, j + 1
            elif any(same_word(word, second[j]) for word in first[i + 1 :]):
                extra_first, i = extra_first + 1, i + 1
            else:
                extra_first, extra_second, i, j = extra_first + 1, extra_second + 1, i + 1, j + 1
            continue
        first_word = first_word or (i == 0 and j == 0)
        matched += 1
        i, j = i + step_first, j + step_second
    return Alignment(
        matched,
        extra_first + len(first) - i,
        extra_second + len(second) - j,
        first_word,
    )


def shares(first, second):
    return any(item in second for item in first)


def name_level(first, second):
    """The level of two readings' likeness, from "key" (an equal key) to "other"."""
    if shares(first.keys, second.keys):
        return "key"
    if shares(first.keys + first.readings, second.keys + second.readings):
        return "reading"
    if not first.words or not second.words:
        return "other"
    # The words of a name romanized from another script have no initials: "korea tire"
    # (한국타이어) is not KT.
    alignment = align(first.words, second.words, not (first.readings or second.readings))
    if alignment.matched and not alignment.extra_first and not alignment.extra_second:
        return "words"
    if alignment.matched and not (alignment.extra_first and alignment.extra_second):
        return "contained"
    # Two names written in another script are alike in their own letters or not at all:
    # romanized, a character or two apart reads a few letters apart (恒天 hengtian, 升德
    # shengde). Against a name in Latin script, a romanization may be spelt otherwise
    # (マツダ matsuda, Mazda).
    if (
        not (first.readings and second.readings)
        and fuzz.ratio(" ".join(first.words), " ".join(second.words)) >= ALIKE
        and fuzz.ratio(first.words[0], second.words[0]) >= ALIKE_FIRST_WORD
    ):
        return "alike"
    if alignment.first_word:
        return "first"
    return "other"


# --- weighing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What a record says of itself for the comparison: its names' readings, country and
    identifiers (empty when unknown)."""

    readings: tuple[Reading, ...]
    country: str = ""
    lei: str = ""
    websites: frozenset = frozenset()
    addresses: frozenset = frozenset()


LEVEL_ORDER = tuple(NAME_LEVELS)


def best_name_level(first, second):
    levels = [name_level(one, other) for one in first.readings for other in second.readings]
    return min(levels, key=LEVEL_ORDER.index) if levels else "other"


def legal_form_level(first, second):
    """ "same" when a word of one legal form is a word of the other or stands for it
    (Corp, Corporation), "different" when none is; None when one has none."""
    forms_first = set().union(*(reading.legal_form for reading in first.readings))
    forms_second = set().union(*(reading.legal_form for reading in second.readings))
    if not forms_first or not forms_second:
        return None
    if any(same_word(one, other) for one in forms_first for other in forms_second):
        return "same"
    return "different"


def value_level(first, second):
    """ "same" or "different" for two values or sets of values; None when one is empty."""
    if not first or not second:
        return None
    if isinstance(first, str):
        return "same" if first == second else "different"
    return "same" if first & second else "different"


def weight(levels, level):
    m, u = levels[level]
    return math.log2(m / u)


@dataclass(frozen=True)
class Likeness:
    """The levels two records compared at, their match weight and probability."""

    levels: dict
    weight: float

    @property
    def probability(self):
        return 1 / (1 + 2 ** (-self.weight))

    @property
    def reason(self):
        """The strongest evidence: an identifier that agrees, or the name's level."""
        for comparison in ("lei", "websites", "addresses"):
            if self.levels.get(comparison) == "same":
                return comparison
        return self.levels["name"].removesuffix("_rare")


def compare(first, second, sharing=None):
    """The likeness of two records' `Facts`. `sharing`: how many records of the registry
    (and rows before) have the first record's first word; a name contained in another
    counts for more when that word is rare (as Splink adjusts by term frequency)."""
    levels = {"name": best_name_level(first, second)}
    if levels["name"] == "contained" and sharing is not None and sharing <= RARE_WORD:
        levels["name"] = "contained_rare"
    total = math.log2(PRIOR / (1 - PRIOR)) + weight(NAME_LEVELS, levels["name"])
    if level := legal_form_level(first, second):
        levels["legal_form"] = level
        total += weight(LEGAL_FORM_LEVELS, level)
    for comparison, table in (
        ("country", COUNTRY_LEVELS),
        ("lei", LEI_LEVELS),
        ("websites", WEBSITE_LEVELS),
        ("addresses", ADDRESS_LEVELS),
    ):
        if level := value_level(getattr(first, comparison), getattr(second, comparison)):
            levels[comparison] = level
            total += weight(table, level)
    return Likeness(levels, total)
