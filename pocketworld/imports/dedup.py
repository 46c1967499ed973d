"""Which record of the registry, or which earlier row of the file, a row probably is.

A row is compared by strong keys (LEI, website domain, address, e-mail) and by its names.
Names are compared through the search index: the same keys the quick find looks up (in
any script, legal forms and punctuation gone), and for misspellings the keys that sound
alike, scored by edit distance. Everything is read into dictionaries once per import, so
a row costs lookups, not queries: 100,000 rows are checked in seconds. Files small enough
to be looked at row by row also ask the search engine itself for what the keys missed.

Each candidate has a score from 0 to 1 and a reason; from `HIGH` on a row is a duplicate
(not created again unless the user says so), below it only offered for a decision.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

from pocketworld.companies.models import Company, Site
from pocketworld.contacts.models import Person
from pocketworld.imports.records import folded_header, normalized_address, website_domain
from pocketworld.search import services as search
from pocketworld.search.languages import language_of_country
from pocketworld.search.models import SearchEntry
from pocketworld.search.normalization import (
    IGNORED_PHRASES,
    LEGAL_FORMS,
    fold,
    name_keys,
    split_words,
)

HIGH, POSSIBLE = 0.9, 0.6
# "N. V.", "B. V.", "D S M": single letters apart, to be read as one word.
SPACED_INITIALS = re.compile(r"(?<=\b\w)[.\s]+(?=\w\b)")
# Keys alike in sound are compared by spelling from this many characters, and count from
# this share of equal characters (AKZO NOVEL = AKZO NOBEL).
MIN_FUZZY_LENGTH = 5
FUZZY_SIMILARITY = 88
# Files up to this many rows also ask the search engine for each row without a candidate.
SEARCH_ENGINE_ROWS = 2000
CANDIDATES_PER_ROW = 5


@dataclass
class Candidate:
    score: float
    reason: str
    object_id: int | None = None
    row: int | None = None
    label: str = ""

    def as_json(self):
        found = {"score": round(self.score, 3), "reason": str(self.reason), "label": self.label}
        found["row" if self.row else "id"] = self.row or self.object_id
        return found


def has_legal_form(text):
    words = split_words(fold(text))
    return any(word in LEGAL_FORMS for word in words) or any(
        words[start : start + len(phrase)] == list(phrase)
        for phrase in IGNORED_PHRASES
        for start in range(len(words))
    )


def only_legal_forms(text):
    words = split_words(fold(text))
    return bool(words) and all(word in LEGAL_FORMS or len(word) == 1 for word in words)


def name_variants(name):
    """The name, also with spaced initials joined ("AKZO NOBEL N. V."); and of each, when
    a legal form shows the comma ends the company's name (before it, or all that follows
    it), the part before it ("ALCATEL N.V., AMSTERDAM, NL", "Akzo Nobel, N.V.", but not
    "Smith, Clayton and Lane GmbH")."""
    variants = [name]
    if (joined := SPACED_INITIALS.sub("", name)) != name:
        variants.append(joined)
    for variant in list(variants):
        head, comma, rest = variant.partition(",")
        if comma and head.strip() and (has_legal_form(head) or only_legal_forms(rest)):
            variants.append(head.strip())
    return variants


def keys_of(names, country):
    language = language_of_country(country) if country else None
    keys = {}
    for name in names:
        for variant in name_variants(name):
            for key in name_keys(variant, language):
                keys.setdefault(key.text, key)
    return list(keys.values())


class Matches:
    """The best candidate per target, at most `CANDIDATES_PER_ROW`, best first."""

    def __init__(self):
        self.best = {}

    def add(self, candidate):
        target = ("row", candidate.row) if candidate.row else ("id", candidate.object_id)
        if target not in self.best or candidate.score > self.best[target].score:
            self.best[target] = candidate

    def ranked(self):
        """Best first; on a tie records of the registry before rows, the oldest first."""
        return sorted(
            self.best.values(),
            key=lambda found: (-found.score, found.row is not None, found.object_id or found.row),
        )[:CANDIDATES_PER_ROW]


def encode(target):
    """A target as one int, to keep 100,000s of keys small: records > 0, rows < 0."""
    kind, value = target
    return value if kind == "id" else -value


def decode(code):
    return ("id", code) if code > 0 else ("row", -code)


class NameIndex:
    """Name keys → records or rows (with their country), and keys by sound for misspellings.

    A key holds one encoded target, or a tuple of them when names collide.
    """

    def __init__(self):
        self.by_key = {}
        self.by_sound = defaultdict(list)
        self.countries = {}

    def add(self, key, sound, target, country):
        code = encode(target)
        self.countries[code] = country
        known = self.by_key.get(key)
        if known is None:
            self.by_key[key] = code
            if sound and len(key) >= MIN_FUZZY_LENGTH:
                self.by_sound[sound].append(key)
        elif isinstance(known, int):
            if known != code:
                self.by_key[key] = (known, code)
        elif code not in known:
            self.by_key[key] = (*known, code)

    def targets(self, key, country):
        known = self.by_key.get(key, ())
        for code in (known,) if isinstance(known, int) else known:
            if same_country(country, self.countries[code]):
                yield decode(code)

    def find(self, keys, country):
        """[(target, similarity 0..1, exact)] of targets in the same country (or any, when
        the row or the target has none)."""
        found = []
        for key in keys:
            found += [(target, 1.0, True) for target in self.targets(key.text, country)]
            if len(key.text) < MIN_FUZZY_LENGTH or not key.sound:
                continue
            alike = process.extract(
                key.text,
                self.by_sound.get(key.sound, ()),
                scorer=fuzz.ratio,
                score_cutoff=FUZZY_SIMILARITY,
                limit=CANDIDATES_PER_ROW,
            )
            for other, similarity, _index in alike:
                if other != key.text:
                    found += [
                        (target, similarity / 100, False) for target in self.targets(other, country)
                    ]
        return found


def same_country(first, second):
    return not first or not second or first == second


def name_score(similarity, exact, transliterated=False):
    """An equal key is a duplicate; a misspelt one is offered from 88 % alike, and is a
    duplicate from 98 %, or when the website or the address confirms it."""
    if exact:
        return 0.93 if transliterated else 0.97
    return 0.5 + (similarity - 0.85) * 3


class DuplicateFinder:
    """Finds each row's candidates among the registry and the rows before it."""

    def __init__(self, kind, user, rows_total=0):
        self.kind = kind
        self.user = user
        self.ask_search_engine = rows_total <= SEARCH_ENGINE_ROWS
        self.names = NameIndex()
        self.labels = {}
        self.strong = defaultdict(dict)  # strong key kind → {value: target}
        self.row_labels = {}
        getattr(self, f"load_{kind}")()

    # --- the registry ---------------------------------------------------------------

    def load_companies(self):
        entries = SearchEntry.objects.filter(kind="company").values_list(
            "object_id", "key", "sound", "country", "is_main", "title"
        )
        for object_id, key, sound, country, is_main, title in entries.iterator(chunk_size=5000):
            self.names.add(key, sound, ("id", object_id), country)
            if is_main:
                self.labels[object_id] = title
        for pk, lei, website in Company.objects.values_list("pk", "lei", "website").iterator(
            chunk_size=5000
        ):
            if lei:
                self.strong["lei"][lei] = ("id", pk)
            if domain := website_domain(website):
                self.strong["domain"].setdefault(domain, ("id", pk))
        for company_id, street, postcode in Site.objects.values_list(
            "company_id", "street", "postcode"
        ).iterator(chunk_size=5000):
            if address := normalized_address(street, postcode):
                self.strong["address"].setdefault(address, ("id", company_id))

    def load_people(self):
        people = Person.objects.values_list(
            "pk", "given_name", "family_name", "native_name", "email"
        )
        for pk, given_name, family_name, native_name, email in people.iterator(chunk_size=5000):
            label = f"{given_name} {family_name}".strip()
            self.labels[pk] = label
            self.add_person(("id", pk), label, native_name, email)

    def add_person(self, target, full_name, native_name, email):
        if email:
            self.strong["email"].setdefault(email.lower(), target)
        for name in (full_name, native_name):
            if name:
                self.names.add(person_key(name), "", target, "")

    def load_sites(self):
        for pk, company_id, street, postcode, municipality, kind in Site.objects.values_list(
            "pk", "company_id", "street", "postcode", "municipality_id", "kind"
        ).iterator(chunk_size=5000):
            self.labels[pk] = f"{street}, {postcode}" if street else municipality
            self.add_site(("id", pk), company_id, street, postcode, municipality, kind)

    def add_site(self, target, company_id, street, postcode, municipality, kind):
        if address := normalized_address(street, postcode):
            self.strong["address"].setdefault(f"{company_id}|{address}", target)
        self.strong["place"].setdefault(f"{company_id}|{municipality}|{kind}", target)

    # --- rows -----------------------------------------------------------------------

    def candidate(self, target, score, reason):
        kind, value = target
        if kind == "row":
            return Candidate(score, reason, row=value, label=self.row_labels.get(value, ""))
        return Candidate(score, reason, object_id=value, label=self.labels.get(value, ""))

    def strong_match(self, matches, key_kind, value, score, reason):
        if value and (target := self.strong[key_kind].get(value)):
            matches.add(self.candidate(target, score, reason))

    def find(self, number, values):
        """The candidates of row `number`, best first; the row is then remembered."""
        matches = Matches()
        getattr(self, f"find_{self.kind}")(number, values, matches)
        return [candidate.as_json() for candidate in matches.ranked()]

    def find_companies(self, number, values, matches):
        country = values.get("country", "")
        names = [values[field] for field in ("legal_name", "native_name") if values.get(field)]
        keys = keys_of(names, country)
        self.strong_match(matches, "lei", values.get("lei"), 1.0, _("same LEI"))
        for target, similarity, exact in self.names.find(keys, country):
            reason = _("same name") if exact else _("similar name")
            transliterated = exact and any(key.transliterated for key in keys)
            score = name_score(similarity, exact, transliterated)
            if score >= POSSIBLE:
                matches.add(self.candidate(target, score, reason))
        domain = website_domain(values.get("website", ""))
        address = normalized_address(values.get("street", ""), values.get("postcode", ""))
        for key_kind, value, reason in (
            ("domain", domain, _("same website")),
            ("address", address, _("same address")),
        ):
            # A website or an address is shared by a group's companies: it confirms a
            # name that is alike, and alone makes a possible duplicate.
            if value and (target := self.strong[key_kind].get(value)):
                found = matches.best.get(target)
                score = max(HIGH, min(1.0, found.score + 0.05)) if found else POSSIBLE + 0.1
                matches.add(self.candidate(target, score, reason))
        if self.ask_search_engine and not matches.best and names:
            for hit in search.find_duplicates(names, self.user, kind="company"):
                score = min(hit.score, HIGH - 0.05)
                matches.add(self.candidate(("id", hit.object_id), score, _("search")))
        label = values.get("legal_name", "")
        self.row_labels[number] = label
        target = ("row", number)
        for key in keys:
            self.names.add(key.text, key.sound, target, country)
        if values.get("lei"):
            self.strong["lei"].setdefault(values["lei"], target)
        if domain:
            self.strong["domain"].setdefault(domain, target)
        if address:
            self.strong["address"].setdefault(address, target)

    def find_people(self, number, values, matches):
        full_name = f"{values.get('given_name', '')} {values.get('family_name', '')}".strip()
        email = values.get("email", "")
        self.strong_match(matches, "email", email, 1.0, _("same e-mail"))
        for name in (full_name, values.get("native_name", "")):
            if not name:
                continue
            for target, _similarity, _exact in self.names.find([PersonKey(person_key(name))], ""):
                # Two people of one name are common: a name alone is only possible.
                matches.add(self.candidate(target, POSSIBLE + 0.15, _("same name")))
        self.row_labels[number] = full_name
        self.add_person(("row", number), full_name, values.get("native_name", ""), email)

    def find_sites(self, number, values, matches):
        company = values.get("company")
        address = normalized_address(values.get("street", ""), values.get("postcode", ""))
        self.strong_match(
            matches, "address", address and f"{company}|{address}", 1.0, _("same address")
        )
        place = f"{company}|{values.get('municipality')}|{values.get('kind')}"
        self.strong_match(matches, "place", place, POSSIBLE + 0.15, _("same kind of site here"))
        self.row_labels[number] = values.get("name") or values.get("street", "")
        self.add_site(
            ("row", number),
            company,
            values.get("street", ""),
            values.get("postcode", ""),
            values.get("municipality"),
            values.get("kind"),
        )


@dataclass(frozen=True)
class PersonKey:
    """A person's name key: folded words in any order, compared exactly."""

    text: str
    sound: str = ""
    transliterated: bool = False


def person_key(name):
    """Latin names fold and their words sort (Taro Yamada = YAMADA Taro); others stay."""
    words = folded_header(name).split()
    return " ".join(sorted(words)) if words else "".join(name.split())


def is_duplicate(candidates):
    return bool(candidates) and candidates[0]["score"] >= HIGH
