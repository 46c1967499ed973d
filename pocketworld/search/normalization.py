"""From a name as written to the keys the search index compares.

A key is a name folded so that the spellings people use for the same company meet:
Unicode NFKC and case folding, accents and German umlauts (Düsseldorf, Duesseldorf and
Dusseldorf give the same keys), punctuation and legal forms dropped (GmbH, Co., Ltd., K.K.,
株式会社, 有限公司, 주식회사 …), a light plural rule (Systems = System), and the spaces
taken out, because names in Asian scripts have none and their romanizations split words
differently ("asahikasei" for 旭化成 and for "Asahi Kasei"). Names in other scripts get
further keys from `romanization`. The sound key folds what romanizations disagree on
(Samsung and samseong, Toshiba and toushiba) for the last, loosest stage of matching.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from pocketworld.core.scripts import Script, detect_script
from pocketworld.search import romanization
from pocketworld.search.spellings import Spellings

# Latin-script legal forms and the words that never tell two companies apart, as they
# are after folding (dots removed: "K.K." is "kk"). From ISO 20275 (GLEIF's Entity Legal
# Form list) for the desks' countries, and the usual English abbreviations.
# fmt: off
LEGAL_FORMS = frozenset([
    "ab", "ag", "aktiengesellschaft", "apb", "aps", "as", "asa", "bhd", "bv", "bvba", "cia",
    "co", "company", "corp", "corporation", "cv", "doo", "eg", "ek", "ev", "gbr", "gesmbh",
    "ggmbh", "gk", "gmbh", "haftungsbeschrankt", "haftungsbeschraenkt", "inc",
    "incorporated", "jsc", "kabushiki", "kaisha", "kabushikigaisha", "kabushikikaisha",
    "gaisha", "kg", "kgaa", "kk", "kft", "llc", "llp", "lp", "ltd", "ltda", "limited",
    "mbh", "nv", "ohg", "oy", "oyj", "plc", "pt", "pte", "pty", "pvt", "sa", "sab", "sae",
    "sarl", "sas", "sasu", "se", "sl", "snc", "spa", "sp", "spzoo", "srl", "sro", "tbk",
    "ug", "vvag", "yk", "zoo", "jusikhoesa", "yuhanhoesa", "youxiangongsi",
    "gufenyouxiangongsi",
])
# Words of a name that only say the company is part of a group or works in Europe.
FILLER_WORDS = frozenset([
    "and", "the", "of", "group", "holding", "holdings", "europe", "european", "deutschland",
    "germany", "emea",
])
# fmt: on
IGNORED_WORDS = LEGAL_FORMS | FILLER_WORDS
# Pairs of words that are a legal form only together ("Private Limited", "Sp. z o.o.").
IGNORED_PHRASES = (("private", "limited"), ("private", "ltd"), ("z", "oo"), ("z", "o", "o"))

# Legal forms and group words written in Chinese, Japanese and Korean, removed wherever
# they stand in a name (those scripts put no spaces around them). Longest first.
# fmt: off
NATIVE_LEGAL_FORMS = sorted([
    "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "(有)",
    "ホールディングス", "グループ",
    "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "股份公司", "集团", "集團",
    "控股", "公司",
    "주식회사", "유한회사", "유한책임회사", "(주)", "(유)", "그룹", "홀딩스", "지주",
], key=len, reverse=True)
# fmt: on

# German spelling of umlauts, for the second Latin key of a name that has them.
GERMAN_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
# Dots, slashes and apostrophes join ("K.K." kk, "A/S" as, "Shin'etsu" shinetsu); other
# punctuation splits.
JOINING_CHARACTERS = str.maketrans("", "", "./'’`´")
MAX_KEY_LENGTH = 200


def fold(text):
    """NFKC and case folding: full-width, ligatures, ß and case no longer differ."""
    return unicodedata.normalize("NFKC", text).casefold()


def split_words(text):
    """Words of folded text; every character that is neither letter, mark nor digit splits."""
    text = text.translate(JOINING_CHARACTERS)
    characters = [
        character if unicodedata.category(character)[0] in "LMN" else " " for character in text
    ]
    return "".join(characters).split()


def remove_native_legal_forms(text):
    """`text` without the legal forms written in CJK scripts, unless nothing would remain."""
    stripped = text
    for form in NATIVE_LEGAL_FORMS:
        stripped = stripped.replace(form, " ")
    return stripped if stripped.strip() else text


def singular(word):
    """A light plural rule for Latin words: Technologies = Technology, Systems = System."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def significant_words(words):
    """`words` without legal forms and filler, unless nothing would remain."""
    kept = list(words)
    for phrase in IGNORED_PHRASES:
        for start in range(len(kept) - len(phrase) + 1):
            if tuple(kept[start : start + len(phrase)]) == phrase:
                kept[start : start + len(phrase)] = [""] * len(phrase)
    kept = [word for word in kept if word and word not in IGNORED_WORDS]
    return kept or [word for word in words if word]


def latin_words(text):
    """ASCII words of folded text in Latin script (or any script anyascii can transliterate)."""
    return [singular(word) for word in split_words(anyascii(text).lower())]


def compact(words):
    return "".join(words)[:MAX_KEY_LENGTH]


def latin_spellings(folded):
    """The word lists of a folded Latin-script name: plain ASCII, and with German umlauts."""
    spellings = [folded]
    if folded != (german := folded.translate(GERMAN_UMLAUTS)):
        spellings.append(german)
    return [latin_words(spelling) for spelling in spellings]


def native_key(folded):
    """The key of a name in a script without romanization here: its own letters, compact."""
    return compact(significant_words(split_words(remove_native_legal_forms(folded))))


def is_latin(text):
    """Whether every letter of `text` is a Latin one (with or without diacritics)."""
    return detect_script(text) in (Script.LATIN, "")


@dataclass(frozen=True)
class Key:
    """One key of a name: the compact text, its significant words, its sound key, whether
    it was romanized, and from which language (ja, zh, ko; None for Latin script)."""

    text: str
    words: str
    sound: str
    transliterated: bool
    language: str | None = None


def _add(keys, words, transliterated, language=None):
    words = significant_words(words)
    text = compact(words)
    if text and all(key.text != text for key in keys):
        words = " ".join(words)[:MAX_KEY_LENGTH]
        keys.append(Key(text, words, sound_key(text), transliterated, language))


def name_keys(name, language=None):
    """The keys of a name as the index stores them, most literal first.

    `language` (ISO 639-1) tells how to read kanji: 東芝 as Japanese or as Chinese.
    """
    folded = fold(name)
    keys = []
    if is_latin(folded):
        for words in latin_spellings(folded):
            _add(keys, words, transliterated=False)
        return keys
    languages = romanization.languages_of(folded, language)
    native = native_key(folded)
    if native:
        keys.append(Key(native, native, "", False, languages[0] if len(languages) == 1 else None))
    for reading_language, reading in romanization.readings(
        remove_native_legal_forms(folded), language
    ):
        _add(keys, latin_words(fold(reading)), True, reading_language)
    return keys


def query_keys(text):
    """The keys a query is looked up by: those of a name, and while the last word is being
    typed, the keys without it if it may become a legal form or filler word."""
    keys = name_keys(text)
    folded = fold(text)
    if is_latin(folded):
        for words in latin_spellings(folded):
            for shorter in partial_word_variants(words):
                _add(keys, shorter, transliterated=False)
    return keys


def partial_word_variants(words):
    """While typing, the last word may be the start of a legal form or filler word.

    "toshiba eu" must still find Toshiba Europe GmbH, whose key is "toshiba".
    """
    if len(words) < 2:
        return []
    last = words[-1]
    if last in IGNORED_WORDS or any(word.startswith(last) for word in IGNORED_WORDS):
        return [words[:-1]]
    return []


# --- sound key ---------------------------------------------------------------------------

SOUND_SPELLINGS = Spellings(
    [
        (r"ng", "N"),  # 코오롱 koorong = Kolon
        (r"u(?=[aeio])", "W"),  # 彰化 changhua = Chang Hwa
        (r"tsch|zh|ch|j", "J"),  # 정 jeong = Jung = Chung, 中 zhong
        (r"(?<=[aeiouy])x", "KS"),  # Nexon = 넥슨 nekseun
        (r"sch|sh|x(?=[aeiouy])", "S"),  # 신 sin = Shin; pinyin x before a vowel
        (r"ph", "P"),
        (r"th", "T"),
        (r"ck|q", "K"),
        (r"c(?=[eiy])", "S"),  # Kyocera = kyousera
        (r"x", "KS"),
        (r"[ckg]", "K"),  # 김 gim = Kim, Canon = kiyanon
        (r"[dt]", "T"),
        (r"[bpvf]", "P"),  # Korean and Japanese write f as p: Krafton = keuraepeuton
        (r"[sz]", "S"),
        (r"r(?=[^aeiouy]|$)", ""),  # Sharp = shaapu, Park = bak: no r before a consonant
        (r"[rl]", "L"),  # Olympus = orinpasu
        (r"h", ""),
        (r"w", "W"),
        (r"[mn]", "N"),  # Olympus = orinpasu, Capcom = kapukon
    ]
)


VOWELS = re.compile(r"[aeiouy]")
REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=4096)
def sound_key(key):
    """The consonant skeleton of an ASCII key, for matching across romanizations.

    The first letter stays (a vowel as "A"); later vowels go; consonants that
    romanizations of one sound spell differently fold into one letter; repeats collapse.
    "samsung" and "samseong" both give SNSNK, "toshiba" and "toushiba" TSP.
    """
    if not key.isascii() or not key:
        return ""
    if key[0] in "aeiouy":
        skeleton = "A" + key[1:]
    elif key[0] == "h":
        skeleton = "H" + key[1:]
    else:
        skeleton = key
    skeleton = SOUND_SPELLINGS.apply(skeleton)
    skeleton = VOWELS.sub("", skeleton)
    return REPEATS.sub(r"\1", skeleton.upper())
