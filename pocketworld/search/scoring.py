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

from rapidfuzz import fuzz

from pocketworld.search.normalization import sound_key

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


def word_similarity(word, known):
    """How alike two words are in spelling and sound (a misspelling, another romanization)."""
    spelling = fuzz.ratio(word, known) / 100
    return max(spelling, sounds_alike(spelling, sound_key(word), sound_key(known)))


def similarity(query, key, words, sound):
    """How alike a query key and an index row are, in spelling, word order and sound.

    The first word of the query weighs most: "hyundai construction" is not much like
    "maeda construction".
    """
    spelling = alike(query.text, key)
    found = max(spelling, sounds_alike(spelling, query.sound, sound))
    if " " in query.words:
        first = query.words.split(" ", 1)[0]
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
