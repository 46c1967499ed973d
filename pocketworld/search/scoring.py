"""How well an index row matches a query key: the ranking rules of the search.

- exact match of the main name 1.0, prefix of the main name 0.95,
- exact match of another name 0.9, prefix of another name 0.85,
- a word of the name starts with the query 0.7 (main name) or 0.65,
- the name starts with the query's first words (Murata for "Murata Manufacturing",
  "yangmingshipping" for "Yang Ming Marine Transport") 0.4–0.6, by how much they share,
- alike in spelling, word order or sound (typos, other romanizations) up to 0.6,
- the query inside a word of the name 0.45;

a match found only through a romanization scores 0.01 less; a loose match (below 0.85)
read from Japanese, Chinese or Korean script scores 0.05 more for a company of a country
that writes it (キヤノン finds the Japanese Canon before the American Cannon).
"""

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from pocketworld.search.normalization import sound_key
from pocketworld.search.spellings import Spellings

MIN_SIMILARITY = 0.7
MIN_WORD_SIMILARITY = 0.75
ROMANIZED_PENALTY = 0.01
# The countries whose companies a reading from each language most likely names.
COUNTRIES_OF_LANGUAGE = {
    "ja": {"JP"},
    "zh": {"CN", "TW", "HK", "MO", "SG"},
    "ko": {"KR"},
}
LOOSE_SCORE, HOME_COUNTRY_BONUS = 0.85, 0.05
# The same beginning (本田技研工業 "hondagikenkogyo" and "Honda Motor"): at least this long
# and this share of the shorter key; the longer, the more alike.
MIN_SHARED_START, SHARED_START_SHARE = 5, 0.4
MIN_LEADING_WORD = 4
# Two leading words shared: at least this many letters together.
MIN_LEADING_PAIR = 5
LEADING_PAIR_SCORE = 0.65
SAME_WORDS_SCORE = 0.62


def alike(query, key):
    """How alike a query and a key are in spelling (0–1): as wholes, or the query and the
    start of a longer key (a typo while the first words of a long name are typed)."""
    if not query or not key:
        return 0.0
    whole = fuzz.ratio(query, key) / 100
    if len(key) > len(query) + 2:
        return max(whole, 0.95 * fuzz.ratio(query, key[: len(query) + 1]) / 100)
    return whole


def sounds_alike(spelling, query_sound, sound):
    """Spelling and sound together: Samsung and samseong, Canon and kiyanon."""
    if len(query_sound) < 2 or len(sound) < 2:
        return 0.0
    return (spelling + alike(query_sound, sound)) / 2


def shared_start(first, second):
    shorter = min(len(first), len(second))
    length = 0
    while length < shorter and first[length] == second[length]:
        length += 1
    return length


def shared_leading_words(query, key):
    """How many letters the key shares with the query's start, if they cover at least its
    first whole word (of four letters or more), else 0."""
    first_word = query.words.split(" ", 1)[0]
    if len(first_word) < MIN_LEADING_WORD or not key.startswith(first_word):
        return 0
    return shared_start(query.text, key)


def leading_pair(words):
    """The first two words of a name run together, where they may be its brand: the two
    syllables of most Chinese names (陽明 yang ming, 萬海 wan hai), or "Chang Hwa"."""
    pair = words.split(" ", 2)[:2]
    if len(pair) < 2 or len(lead := "".join(pair)) < MIN_LEADING_PAIR:
        return ""
    return lead


def leading_pairs(words):
    """`leading_pair`, and its syllables as Taiwan and Hong Kong often spell them."""
    if not (lead := leading_pair(words)):
        return []
    return list(dict.fromkeys([lead, syllables(words.split(" ", 2)[:2])]))


# How romanizations of one syllable differ: Wade–Giles hs and Hanyu Pinyin x (信 hsin,
# xin, Sinyi), the w of Chang Hwa for the u of hua, the y of Feng Tay for the i of tai.
SYLLABLE_SPELLINGS = Spellings(
    [
        (r"^(hs|sh|x)", "s"),
        (r"^(zh|ch|j|q)", "j"),
        (r"w", "u"),
        (r"y$", "i"),
    ]
)


@lru_cache(maxsize=65536)
def syllable(word):
    return SYLLABLE_SPELLINGS.apply(word)


def syllables(words):
    """Words run together, each as `syllable` spells it: 信義 "xin yi" as Sinyi."""
    return "".join(syllable(word) for word in words)


@dataclass(frozen=True)
class Leading:
    """What `same_leading_words` and `same_words` compare of a name's words, made once per
    name (a row is scored against every key of a query)."""

    words: frozenset
    count: int
    pair: tuple
    letters: int  # of the two leading words
    first_syllable: str
    pair_syllables: str  # the two leading words as one, "" for a name of one word


@lru_cache(maxsize=65536)
def leading(words):
    parts = words.split()
    pair = tuple(parts[:2])
    return Leading(
        words=frozenset(parts),
        count=len(parts),
        pair=pair,
        letters=len("".join(pair)),
        first_syllable=syllable(parts[0]) if parts else "",
        pair_syllables=syllables(pair) if len(pair) == 2 else "",
    )


def same_leading_words(query_words, words):
    """Whether two names begin with the same two words, one spelt alike and the other at
    least as another romanization of the same syllable (Chang Hwa and chang hua, Feng Tay
    and feng tai; not xin and xing, heng and hong), or with the two as one word (Sinyi
    Realty and xin yi realty, Hotai Motor and ho tai motor)."""
    first, second = leading(query_words), leading(words)
    if first.letters < MIN_LEADING_PAIR or second.letters < MIN_LEADING_PAIR:
        return False
    if first.first_syllable == second.first_syllable and first.count >= 2 <= second.count:
        pairs = list(zip(first.pair, second.pair, strict=True))
        if any(a == b for a, b in pairs) and syllable(pairs[1][0]) == syllable(pairs[1][1]):
            return True
    return bool(
        (first.pair_syllables and first.pair_syllables == second.first_syllable)
        or (second.pair_syllables and second.pair_syllables == first.first_syllable)
    )


def same_words(query_words, words):
    """Whether the words of one name are all words of the other (two at least): 대우건설
    "daewoo construction" and Daewoo Engineering & Construction."""
    first, second = leading(query_words), leading(words)
    if first.count < 2 or second.count < 2:
        return False
    shorter, longer = sorted([first.words, second.words], key=len)
    return shorter <= longer


def word_similarity(word, known):
    """How alike two words are in spelling and sound (a misspelling, another romanization)."""
    spelling = fuzz.ratio(word, known) / 100
    return max(spelling, sounds_alike(spelling, sound_key(word), sound_key(known)))


def similarity(query, key, words, sound):
    """How alike a query key and an index row are, in spelling, word order and sound.

    The first word of the query weighs most: "hyundai construction" is not much like
    "maeda construction". Of a Chinese reading, whose words are syllables, the first two
    count as that word: 美的 "mei de" is like Midea.
    """
    spelling = alike(query.text, key)
    found = max(spelling, sounds_alike(spelling, query.sound, sound))
    if " " in query.words:
        first = query.words.split(" ", 1)[0]
        if query.language == "zh":
            first = leading_pair(query.words) or first
        found = min(found, 0.4 + 0.6 * word_similarity(first, key[: len(first) + 1]))
        if " " in words and not query.transliterated:  # typed words in another order
            found = max(found, fuzz.token_sort_ratio(query.words, words) / 100)
    start = shared_start(query.text, key)
    if start >= MIN_SHARED_START and start >= SHARED_START_SHARE * min(len(query.text), len(key)):
        found = max(found, 0.6 + 0.3 * start / len(query.text))
    return found


def score(row, query):
    """The score of one index row for one query key, or None if it does not match."""
    _kind, _id, _name, _title, is_main, key, words, sound, transliterated, country, *_ = row
    text = query.text
    if key == text:
        value = 1.0 if is_main else 0.9
    elif key.startswith(text):
        value = 0.95 if is_main else 0.85
    elif len(text) >= 3 and (" " + query.words) in (" " + words):
        value = 0.7 if is_main else 0.65
    else:
        candidates = []
        if shared := shared_leading_words(query, key):
            share = shared / len(text)
            candidates.append(0.4 + 0.1 * share + 0.1 * alike(text, key))
        if (found := similarity(query, key, words, sound)) >= MIN_SIMILARITY:
            candidates.append(0.6 * found)
        if same_leading_words(query.words, words):
            candidates.append(LEADING_PAIR_SCORE)
        if same_words(query.words, words):
            candidates.append(SAME_WORDS_SCORE)
        if len(text) >= 3 and any(text in word for word in words.split()):
            candidates.append(0.45)
        if not candidates:
            return None
        value = max(candidates)
    if transliterated or query.transliterated:
        value -= ROMANIZED_PENALTY
    if value < LOOSE_SCORE and country in COUNTRIES_OF_LANGUAGE.get(query.language, ()):
        value += HOME_COUNTRY_BONUS
    return value
