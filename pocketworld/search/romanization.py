"""Readings in Latin letters of names in Japanese, Chinese and Korean script.

Japanese through cutlet (MeCab with UniDic: modified Hepburn, and loanwords in their own
spelling, so ブリヂストン reads "Bridgestone"), long vowels written single as company
names do (東芝 is "Toshiba", not "Toushiba"); Chinese through pypinyin (Hanyu Pinyin
without tones); Korean through korean-romanizer (Revised Romanization); any other script
through anyascii. Each name gives several readings: the plain one, and readings with the
descriptive words in English (`glossary`), so 三菱電機 also reads "mitsubishi electric",
and with a company's own name as it writes it in Latin letters (東レ "toray").

The romanizers load on a process's first name in their script, not at import: pypinyin
takes 54 MB, cutlet with MeCab and UniDic 8 MB, and a web worker that shows lists needs
none of them. `warm_up` loads them all at once.
"""

import functools
import re
import threading
from functools import lru_cache

from anyascii import anyascii

from pocketworld.core.scripts import Script, detect_script
from pocketworld.search import glossary
from pocketworld.search.spellings import Spellings

_local = threading.local()


def _cutlet():
    """One cutlet (and MeCab tagger) per thread: the tagger is not thread-safe."""
    if not hasattr(_local, "cutlet"):
        import cutlet

        _local.cutlet = cutlet.Cutlet(use_foreign_spelling=True)
    return _local.cutlet


# Long vowels as Latin company names write them: 東芝 Toshiba (not Toushiba), 任天堂
# Nintendo; in loanwords (katakana) every doubled vowel is single, and a final long i is y:
# キーエンス Keyence, エーザイ Eisai, ソニー Sony. Kanji names keep ii (藤井 Fujii).
LONG_VOWELS = re.compile(r"ou|oo|uu")
KATAKANA_LONG_VOWELS = re.compile(r"ou|aa|ii|uu|ee|oo")
FINAL_LONG_I = re.compile(r"ii$")


def is_katakana(text):
    return all("\u30a0" <= character <= "\u30ff" for character in text)


# The vowel Japanese puts after a consonant of a loanword, which its own spelling lacks:
# アステラス asuterasu Astellas.
KATAKANA_ADDED_VOWEL = re.compile(r"(?<=[bcdfghjkmnprstvwz])u(?=[bcdfghjkmnprstvwz]|$)")


def romanize_japanese(text, loanword=False):
    """Hepburn; with `loanword`, katakana words also without the vowels Japanese adds
    after consonants."""
    from cutlet.cutlet import normalize_text

    katsu = _cutlet()
    words = katsu.tagger(normalize_text(text))
    tokens = katsu.romaji_tokens(words, capitalize=False)
    parts = []
    for word, token in zip(words, tokens, strict=True):
        reading = token.surface.lower()
        if not token.foreign and not word.surface.isascii():
            vowels = LONG_VOWELS
            if is_katakana(word.surface):
                reading, vowels = FINAL_LONG_I.sub("y", reading), KATAKANA_LONG_VOWELS
                if loanword:
                    reading = KATAKANA_ADDED_VOWEL.sub("", reading)
            reading = vowels.sub(lambda match: match.group(0)[0], reading)
        parts.append(reading + (" " if token.space else ""))
    return "".join(parts).replace("?", " ")


def romanize_chinese(text):
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(text))


def romanize_chinese_wade_giles(text):
    """Wade–Giles, as Taiwanese companies spell their names (中華 Chunghua, 大同 Tatung)."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.WADEGILES)).replace("v", "u")


# A Hangul syllable is 0xAC00 + (initial × 21 + vowel) × 28 + final, each an index.
HANGUL_SYLLABLES = range(0xAC00, 0xD7A4)
FINALS = 28
SYLLABLES_PER_INITIAL = 21 * FINALS
# Finals korean-romanizer reads only before some initials, as {final: (the initials it
# reads them before, or None for all but ㄹ; the final as it sounds elsewhere)}: ㄶ and ㅀ
# before ㄱ ㄴ ㄷ ㅅ ㅇ ㅈ (and ㅀ before ㄹ): 않다 anta, 싫어 sileo; ㅎ before all but ㄹ.
# Elsewhere (많마, 않 before a space) they sound as ㄴ, ㄹ and ㄷ, and the library raises
# KeyError.
UNREAD_FINALS = {6: ({0, 2, 3, 9, 11, 12}, 4), 15: ({0, 2, 3, 5, 9, 11, 12}, 8), 27: (None, 7)}
RIEUL = 5


def initial_of(character):
    code = ord(character)
    return (
        (code - HANGUL_SYLLABLES.start) // SYLLABLES_PER_INITIAL
        if code in HANGUL_SYLLABLES
        else None
    )


def readable_finals(text):
    """`text` with the finals korean-romanizer cannot read written as they sound there."""
    characters = list(text)
    for index, character in enumerate(characters):
        if ord(character) not in HANGUL_SYLLABLES:
            continue
        final = (ord(character) - HANGUL_SYLLABLES.start) % FINALS
        if final not in UNREAD_FINALS:
            continue
        read_before, sounds_as = UNREAD_FINALS[final]
        following = initial_of(text[index + 1]) if index + 1 < len(text) else None
        unread = following == RIEUL if read_before is None else following not in read_before
        if unread:
            characters[index] = chr(ord(character) - final + sounds_as)
    return "".join(characters)


def romanize_korean(text):
    from korean_romanizer.romanizer import Romanizer

    return Romanizer(readable_finals(text)).romanize()


# Revised Romanization writes 삼성 samseong, 현대 hyeondae; the companies themselves mostly
# spell as the older systems did: Samsung, Hyundai, Kumho.
CONSONANT = "[bcdfghjklmnpqrstvwxz]"
KOREAN_SPELLINGS = Spellings(
    [
        # The z of a loanword, which Korean writes 즈: 네오위즈 Neowiz.
        (r"jeu\b", "z"),
        # The vowel Korean puts between the consonants of a loanword: 크래프톤 Krafton.
        (rf"(?<={CONSONANT})eu(?={CONSONANT}|\b|$)", ""),
        # 우 at the start of a word or after a vowel: 우리 Woori, 대우 Daewoo.
        (r"\bu|(?<=[aeiou])u\b", "woo"),
        (r"eo", "u"),
        (r"eu", "u"),
        (r"ae\b", "ai"),  # 현대 Hyundai; not inside a word: 대우 Daewoo
        (r"oe", "oi"),
        # At the start of a word: 기아 Kia, 김 Kim, 금호 Kumho; 롯데 Lotte; 신한 Shinhan.
        (r"\bg", "k"),
        (r"\br", "l"),
        (r"\bsi", "shi"),
    ]
)


def romanize_korean_popular(text, reading=None):
    return KOREAN_SPELLINGS.apply(romanize_korean(text) if reading is None else reading)


# How Korean writes English sounds, read back: [eɪ] 에이, [ɚ] 어 at the end, way 웨이
# (네이버 Naver, 코웨이 Coway).
KOREAN_LOANWORD_SPELLINGS = Spellings([(r"wei", "way"), (r"ei", "a"), (r"eo\b", "er")])


def romanize_korean_loanword(text):
    return romanize_korean_popular(text, KOREAN_LOANWORD_SPELLINGS.apply(romanize_korean(text)))


ROMANIZERS = {
    "ja": romanize_japanese,
    "ja-loanword": functools.partial(romanize_japanese, loanword=True),
    "zh": romanize_chinese,
    "zh-wade-giles": romanize_chinese_wade_giles,
    "ko": romanize_korean,
    "ko-popular": romanize_korean_popular,
    "ko-loanword": romanize_korean_loanword,
}
# Further readings of a language, with the glossary as the language's own.
OTHER_SPELLINGS = {"zh": ["zh-wade-giles"], "ko": ["ko-popular", "ko-loanword"]}


@lru_cache
def _terms(language, with_places, with_names=False):
    """{first character: [(term, english), …] longest first} for one reading."""
    terms = dict(glossary.words(language))
    if with_places:
        terms |= glossary.places(language)
    if with_names:
        terms |= glossary.names(language)
    by_first = {}
    for term, english in sorted(terms.items(), key=lambda item: -len(item[0])):
        by_first.setdefault(term[0], []).append((term, english))
    return by_first


def segments(text, terms):
    """[(start, term, English)] of the glossary's terms in `text`: those that cover most of
    it, and of two ways to cover as much, the one with terms further right, as a name's
    descriptive words follow its own (동국제강 is 동국 + 제강, not 동 + 국제 + 강)."""
    best = [(0, ())] * (len(text) + 1)
    for position in range(len(text) - 1, -1, -1):
        best[position] = best[position + 1]
        for term, english in terms.get(text[position], ()):
            if text.startswith(term, position):
                covered, found = best[position + len(term)]
                if covered + len(term) > best[position][0]:
                    best[position] = (covered + len(term), ((position, term, english), *found))
    return best[0][1]


def read(text, system, terms=None):
    """`text` read in a romanization `system`, with the glossary's `terms` put in English."""
    romanize = ROMANIZERS[system]
    if not terms:
        return romanize(text)
    parts, position = [], 0
    for start, term, english in segments(text, terms):
        if start > position:
            parts.append(romanize(text[position:start]))
        parts.append(english)
        position = start + len(term)
    if position < len(text):
        parts.append(romanize(text[position:]))
    return " ".join(parts)


def spelled_letters(text):
    """Korean words that begin with Latin letters written out, as the letters (엘지전자 is
    lg 전자); one letter only before a hyphen (에쓰-오일 is S-Oil)."""
    words = []
    for word in text.split():
        letters, position = [], 0
        while position < len(word):
            for length in (3, 2, 1):
                letter = glossary.HANGUL_LETTERS.get(word[position : position + length])
                if letter:
                    letters.append(letter)
                    position += length
                    break
            else:
                break
        if len(letters) >= 2 or (letters and word[position : position + 1] == "-"):
            words.append("".join(letters) + " " + word[position:])
        else:
            words.append(word)
    return " ".join(words)


def languages_of(text, language=None):
    """The languages to read `text` in: by its kana or Hangul, else its language, else both
    Japanese and Chinese (kanji alone do not tell which)."""
    script = detect_script(text, language)
    if script == Script.JAPANESE:
        return ["ja"]
    if script == Script.HANGUL:
        return ["ko"]
    if script == Script.HAN:
        return ["zh"] if language == "zh" else ["ja", "zh"]
    return []


def readings(text, language=None):
    """[(language, Latin reading)] of `text` (folded, legal forms removed), most literal
    first; the language is None for scripts read by anyascii."""
    languages = languages_of(text, language)
    if not languages:
        return [(None, anyascii(text))]
    found = []
    for language in languages:
        systems = [language, *OTHER_SPELLINGS.get(language, [])]
        if language == "ja" and any(is_katakana(character) for character in text):
            systems.append("ja-loanword")
        for system in systems:
            found.append((language, read(text, system)))
            found.append((language, read(text, system, _terms(language, with_places=False))))
            found.append((language, read(text, system, _terms(language, with_places=True))))
            found.append((language, read(text, system, _terms(language, False, with_names=True))))
        if language == "ko":
            for system in ("ko", "ko-popular"):
                letters = read(spelled_letters(text), system, _terms(language, True))
                found.append((language, letters))
    return list(dict.fromkeys(found))


def warm_up():
    """Load the dictionaries now, not on the first query an app server answers."""
    readings("東芝株式会社", "ja")
    readings("华为技术", "zh")
    readings("삼성전자", "ko")
