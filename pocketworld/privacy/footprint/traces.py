"""The strings that single a person out, as people write them: a full name in either order
and as "Family, Given", a name in native script (in Chinese, Japanese and Korean also
without the space), e-mail addresses, phone numbers with any separators."""

import functools
import json
import re
import unicodedata
from dataclasses import dataclass

MIN_PHONE_DIGITS = 6
# Characters between the words of a name, and around the comma of "Family, Given".
BETWEEN_WORDS = r"\s+"
AROUND_COMMA = r"\s*,\s*"


def is_spaced_script(character):
    """Whether words of `character`'s script stand apart: Latin, Cyrillic, Greek … do;
    Chinese, Japanese and Korean names run into the words around them ("山田さん")."""
    name = unicodedata.name(character, "")
    return not name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def words_pattern(words, separator=BETWEEN_WORDS):
    """A regular expression of `words` in order, whole words where the script has them."""
    body = separator.join(re.escape(word) for word in words)
    start = r"(?<!\w)" if is_spaced_script(words[0][0]) else ""
    end = r"(?!\w)" if is_spaced_script(words[-1][-1]) else ""
    return f"{start}{body}{end}"


def name_patterns(given, family):
    """A full name in both orders and as "Family, Given". A name of one word alone is no
    trace: it could be anyone's."""
    given_words, family_words = given.split(), family.split()
    if not given_words or not family_words:
        return []
    family_part = BETWEEN_WORDS.join(re.escape(word) for word in family_words)
    given_part = BETWEEN_WORDS.join(re.escape(word) for word in given_words)
    return [
        words_pattern(given_words + family_words),
        words_pattern(family_words + given_words),
        rf"(?<!\w){family_part}{AROUND_COMMA}{given_part}(?!\w)",
    ]


def native_name_patterns(native):
    """A name in native script as written and in the other order; in Chinese, Japanese and
    Korean also without the space ("山田 太郎", "山田太郎", "太郎 山田")."""
    words = native.split()
    if not words:
        return []
    if is_spaced_script(words[0][0]):
        orders = [words, words[::-1]] if len(words) > 1 else []
        return [words_pattern(order) for order in orders]
    if len(words) == 1:
        return [words_pattern(words)] if len(words[0]) > 1 else []
    return [words_pattern(order, r"\s*") for order in (words, words[::-1])]


def email_pattern(email):
    return rf"(?<![\w.+-]){re.escape(email)}(?![\w-]|\.\w)"


def phone_pattern(digits):
    """The digits with any spaces, dashes, slashes, dots or brackets between them."""
    return r"(?<!\d)" + r"[\s\-/.()]*".join(digits) + r"(?!\d)"


def digits_of(phone):
    return "".join(character for character in phone if character.isdigit())


@dataclass(frozen=True)
class Traces:
    """The strings that single a person out, as regular expressions (matched ignoring
    case), and the shorter texts a database looks for first (`needles`)."""

    patterns: tuple[str, ...]
    needles: tuple[str, ...]

    @classmethod
    def of(cls, people):
        patterns, needles = [], []
        for person in people:
            given, family = person.given_name.strip(), person.family_name.strip()
            full = name_patterns(given, family)
            patterns += full
            if full:
                needles.append(max(family.split(), key=len))
            native = native_name_patterns(person.native_name.strip())
            patterns += native
            if native:
                needles.append(max(person.native_name.split(), key=len))
            if person.email.strip():
                patterns.append(email_pattern(person.email.strip()))
                needles.append(person.email.strip())
            for phone in (person.phone, person.mobile):
                digits = digits_of(phone)
                if len(digits) >= MIN_PHONE_DIGITS:
                    patterns.append(phone_pattern(digits))
                    needles += [phone.strip(), digits]
        return cls(tuple(dict.fromkeys(patterns)), tuple(dict.fromkeys(needles)))

    @functools.cached_property
    def expression(self):
        if not self.patterns:
            return None
        return re.compile("|".join(f"(?:{pattern})" for pattern in self.patterns), re.IGNORECASE)

    def found_in(self, value):
        """Whether `value` (text, or JSON's lists and dicts) holds a trace."""
        if self.expression is None:
            return False
        if isinstance(value, str):
            return bool(self.expression.search(value))
        if isinstance(value, dict):
            return any(self.found_in(key) or self.found_in(item) for key, item in value.items())
        if isinstance(value, list | tuple):
            return any(self.found_in(item) for item in value)
        return False

    def replaced(self, value, marker):
        """`value` with every trace replaced by `marker` (inside JSON too), and how many."""
        if self.expression is None:
            return value, 0
        if isinstance(value, str):
            return self.expression.subn(marker, value)
        if isinstance(value, dict):
            result, count = {}, 0
            for key, item in value.items():
                new_key, key_count = self.replaced(key, marker)
                new_item, item_count = self.replaced(item, marker)
                result[new_key] = new_item
                count += key_count + item_count
            return result, count
        if isinstance(value, list | tuple):
            pairs = [self.replaced(item, marker) for item in value]
            return [item for item, _count in pairs], sum(count for _item, count in pairs)
        return value, 0

    def json_needles(self):
        """The needles also as JSON writes them with escapes (SQLite keeps JSON so)."""
        escaped = (json.dumps(needle)[1:-1] for needle in self.needles)
        return tuple(dict.fromkeys([*self.needles, *escaped]))
