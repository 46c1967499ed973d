"""Which record of the registry, or which earlier row of the file, a row probably is.

Candidates are found cheaply: rows and records that share a key of the search index (in
any script, legal forms and punctuation gone), a key that sounds alike and is spelt
almost alike, a rare word or the first word of the name, an LEI, a website or an
address. Everything is read into dictionaries once per import, so a row costs lookups,
not queries. Files small enough to be looked at row by row also ask the search engine
itself. Each candidate is then weighed by `search.duplicates`, the matcher the company
form's "Did you mean …?" uses too: its probability is the candidate's score, from
`DUPLICATE` on a row is a duplicate (not created again unless the user says so), from
`ASK` it is offered for a decision.
"""

import re
import sys
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

from pocketworld.companies.models import Company, Site
from pocketworld.contacts.models import Person
from pocketworld.imports.records import folded_header, normalized_address, website_domain
from pocketworld.search import services as search
from pocketworld.search.duplicates import (
    ASK,
    DUPLICATE,
    WORDS_APART,
    Facts,
    compare,
    from_index,
    has_initials_length,
    key_parts,
    readings_of,
)
from pocketworld.search.languages import language_of_country
from pocketworld.search.models import Audience, SearchEntry
from pocketworld.search.normalization import (
    IGNORED_PHRASES,
    LEGAL_FORMS,
    fold,
    name_keys,
    split_words,
)

# "N. V.", "B. V.", "D S M": single letters apart, to be read as one word.
SPACED_INITIALS = re.compile(r"(?<=\b\w)[.\s]+(?=\w\b)")
# Keys alike in sound are compared by spelling from this many characters, and count from
# this share of equal characters (AKZO NOVEL = AKZO NOBEL).
MIN_FUZZY_LENGTH = 5
FUZZY_SIMILARITY = 88
# Files up to this many rows also ask the search engine for each row without a candidate.
SEARCH_ENGINE_ROWS = 2000
CANDIDATES_PER_ROW = 5
# Candidates found by shared words weighed per row, and how common a word may be to count.
CANDIDATES_COMPARED = 5
COMMON_WORD = 100
# A first word counts 2, any other 1: candidates share the first word or two others.
MIN_SHARED = 2
# The mark of a name's initials in the word index, where they stand apart from its words.
INITIALS = "^"
# Why a candidate came up: its strongest evidence (`search.duplicates.Likeness.reason`).
REASONS = {
    "lei": _("same LEI"),
    "websites": _("same website"),
    "addresses": _("same address"),
    "key": _("same name"),
    "reading": _("same name in another script"),
    "words": _("same words, written differently"),
    "contained": _("one name contains the other"),
    "alike": _("similar name"),
    "first": _("same first word"),
    "other": _("other evidence"),
}


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
    """Name keys → records or rows, and keys by sound for misspellings.

    A key holds one encoded target, or a tuple of them when names collide.
    """

    def __init__(self):
        self.by_key = {}
        self.by_sound = defaultdict(list)

    def add(self, key, sound, target):
        code = encode(target)
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

    def targets(self, key):
        known = self.by_key.get(key, ())
        return [decode(code) for code in ((known,) if isinstance(known, int) else known)]

    def find(self, keys):
        """[(target, similarity 0..1, exact)] of the targets of equal and alike keys."""
        found = []
        for key in keys:
            found += [(target, 1.0, True) for target in self.targets(key.text)]
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
                    found += [(target, similarity / 100, False) for target in self.targets(other)]
        return found


def initials_of(words):
    """The initials of a name of two to four words: "International Business Machines" is
    IBM (as `duplicates.spanned` reads it); None for a name of other length."""
    return "".join(word[0] for word in words) if has_initials_length(words) else None


def acronyms_of(words):
    """What a name's words may stand for or be short for: one word of two to four letters
    (IBM) the initials of a name, marked; the initials of two to four words a registry name
    of one word."""
    if len(words) == 1 and has_initials_length(words[0]) and words[0].isalpha():
        return [INITIALS + words[0]]
    return [initials] if (initials := initials_of(words)) else []


class WordIndex:
    """The core words of names → records or rows: finds a company whose name lost or
    gained words elsewhere ("HANIL STEEL", "Hanil Steel Changwon Co., Ltd"). A word that
    more than `COMMON_WORD` names share finds nothing by itself (International, Nippon).
    A posting is the encoded target shifted left by one, its last bit set when the word
    begins one of the target's names: Handelsbanken begins "Handelsbanken" and is found by
    "Svenska Handelsbanken AB"."""

    def __init__(self):
        # Compact arrays of encoded targets: 100,000s of names share these words.
        self.by_word = defaultdict(lambda: array("q"))

    def add(self, names_words, target, latin_words=None):
        """Adds a target by the core words of each of its names, and by the initials of
        those in Latin script (`latin_words`, default: all)."""
        code = encode(target)
        first_words = {words[0] for words in names_words if words}
        latin_words = names_words if latin_words is None else latin_words
        initials = {INITIALS + letters for words in latin_words if (letters := initials_of(words))}
        first_words |= initials
        for word in {word for words in names_words for word in words} | initials:
            targets = self.by_word[sys.intern(word)]
            if len(targets) <= COMMON_WORD and (not targets or targets[-1] >> 1 != code):
                targets.append(code << 1 | (word in first_words))

    def postings(self, word):
        """The word's postings, none of a common word."""
        postings = self.by_word.get(word, ())
        return postings if len(postings) <= COMMON_WORD else ()

    def sharing(self, readings):
        """How many targets have the first word of the first reading with words."""
        first = next((reading.words[0] for reading in readings if reading.words), None)
        return len(self.by_word.get(first, ())) if first else None

    def find(self, readings):
        """Targets that share a first word (of either name) or two others, those sharing
        most first."""
        shared = Counter()
        for reading in readings:
            for position, word in enumerate(dict.fromkeys(reading.words)):
                for posting in self.postings(word):
                    shared[posting >> 1] += 2 if position == 0 or posting & 1 else 1
            for word in () if reading.readings else acronyms_of(reading.words):
                for posting in self.postings(word):
                    # The initials of a name, or a word that begins it: it stands for the
                    # whole name, more than a first word in common.
                    if posting & 1:
                        shared[posting >> 1] += MIN_SHARED + 1
        return [
            decode(code)
            for code, count in shared.most_common(CANDIDATES_COMPARED)
            if count >= MIN_SHARED
        ]


class Known:
    """What the finder keeps of one record or earlier row: the label its candidates show,
    and what the matcher weighs (`DuplicateFinder.facts_of`). The names are as the search
    index keys them, (name, keys, romanized keys, their words), read when compared
    (`duplicates.from_index` keeps the latest). One object per target, not a dictionary
    per fact: 200,000 targets each hold these."""

    __slots__ = ("label", "country", "names", "lei", "domain", "addresses")

    def __init__(self, label="", country=""):
        self.label = label
        self.country = sys.intern(country) if country else ""
        self.names = ()
        self.lei = ""
        self.domain = ""
        self.addresses = ()


@dataclass(frozen=True)
class CompanyRow:
    """What the finder reads of a company row: its names, their keys and what is kept of
    them (read once, for its own comparisons and for those of the rows after it), its
    `Facts` and identifiers."""

    names: list
    country: str
    keys: list
    names_known: tuple
    facts: Facts
    lei: str
    domain: str
    address: str

    @classmethod
    def of(cls, values):
        country = values.get("country", "")
        names = [values[field] for field in ("legal_name", "native_name") if values.get(field)]
        variants = dict.fromkeys(variant for name in names for variant in name_variants(name))
        language = language_of_country(country) if country else None
        keys_of_variant = {variant: name_keys(variant, language) for variant in variants}
        names_known = tuple(
            (variant, *key_parts(keys)) for variant, keys in keys_of_variant.items()
        )
        lei = values.get("lei", "")
        domain = website_domain(values.get("website", ""))
        address = normalized_address(values.get("street", ""), values.get("postcode", ""))
        facts = Facts(
            readings=tuple(reading for name in names_known for reading in readings_of(*name)),
            country=country,
            lei=lei,
            websites=frozenset([domain] if domain else []),
            addresses=frozenset([address] if address else []),
        )
        keys = list({key.text: key for keys in keys_of_variant.values() for key in keys}.values())
        return cls(names, country, keys, names_known, facts, lei, domain, address)


class DuplicateFinder:
    """Finds each row's candidates among the registry and the rows before it."""

    def __init__(self, kind, user, rows_total=0, load=True):
        """`load`: the registry; without it, the finder knows what it is told
        (`remember_company`), as the benchmarks tell it labelled records."""
        self.kind = kind
        self.user = user
        self.ask_search_engine = rows_total <= SEARCH_ENGINE_ROWS
        self.names = NameIndex()
        self.words = WordIndex()
        self.strong = defaultdict(dict)  # strong key kind → {value: encoded target}
        self.known = {}  # encoded target → Known
        if load:
            getattr(self, f"load_{kind}")()

    # --- the registry ---------------------------------------------------------------

    def load_companies(self):
        entries = SearchEntry.objects.filter(kind="company").values_list(
            "object_id",
            "name",
            "key",
            "sound",
            "transliterated",
            "words",
            "country",
            "is_main",
            "title",
            "audience",
        )
        # A registry name is read when it is first compared, from the keys the index holds;
        # until then its keys' words find it. The entries come ordered by record and name,
        # so each name's keys are gathered without holding every name at once.
        current, keys, readings, all_words = None, [], [], []
        for (
            object_id,
            name,
            key,
            sound,
            transliterated,
            words,
            country,
            is_main,
            title,
            audience,
        ) in entries.order_by("object_id", "name").iterator(chunk_size=5000):
            key = sys.intern(key)  # one string for every name of the key, and the index's
            self.names.add(key, sound, ("id", object_id))
            if object_id not in self.known:
                self.known[object_id] = Known(country=country)
            if is_main:  # the title is mostly the name: one string, not two
                self.known[object_id].label = name if name == title else title
            if audience == Audience.OTHERS:  # a codename is no name of the company
                continue
            if (object_id, name) != current:
                self.add_registry_name(current, keys, readings, all_words)
                current, keys, readings, all_words = (object_id, name), [], [], []
            (readings if transliterated else keys).append(key)
            all_words.append((transliterated, words))
        self.add_registry_name(current, keys, readings, all_words)
        for pk, lei, website in Company.objects.values_list("pk", "lei", "website").iterator(
            chunk_size=5000
        ):
            known = self.known_for(pk)
            if lei:
                self.strong["lei"][lei] = pk
                known.lei = lei
            if domain := website_domain(website):
                self.strong["domain"].setdefault(domain, pk)
                known.domain = domain
        for company_id, street, postcode in Site.objects.values_list(
            "company_id", "street", "postcode"
        ).iterator(chunk_size=5000):
            if address := normalized_address(street, postcode):
                self.strong["address"].setdefault(address, company_id)
                known = self.known_for(company_id)
                known.addresses += (address,)

    def add_registry_name(self, record_name, keys, readings, all_words):
        """Remembers a registry name's keys and finds the record by its keys' words."""
        if record_name is None:
            return
        object_id, name = record_name
        romanized = WORDS_APART.join(words for read, words in all_words if read)
        self.known[object_id].names += ((name, tuple(keys), tuple(readings), romanized),)
        self.words.add(
            [words.split() for _read, words in all_words],
            ("id", object_id),
            [words.split() for read, words in all_words if not read],
        )

    def known_for(self, code):
        """The `Known` of an encoded target, new if there is none yet."""
        if code not in self.known:
            self.known[code] = Known()
        return self.known[code]

    def known_of(self, target):
        return self.known.get(encode(target)) or Known()

    def facts_of(self, target):
        """The `Facts` the matcher compares of a record or an earlier row."""
        known = self.known_of(target)
        return Facts(
            readings=tuple(reading for name in known.names for reading in from_index(*name)),
            country=known.country,
            lei=known.lei,
            websites=frozenset([known.domain] if known.domain else []),
            addresses=frozenset(known.addresses),
        )

    def load_people(self):
        people = Person.objects.values_list(
            "pk", "given_name", "family_name", "native_name", "email"
        )
        for pk, given_name, family_name, native_name, email in people.iterator(chunk_size=5000):
            label = f"{given_name} {family_name}".strip()
            self.known[pk] = Known(label)
            self.add_person(("id", pk), label, native_name, email)

    def add_person(self, target, full_name, native_name, email):
        if email:
            self.strong["email"].setdefault(email.lower(), encode(target))
        for name in (full_name, native_name):
            if name:
                self.names.add(person_key(name), "", target)

    def load_sites(self):
        for pk, company_id, street, postcode, municipality, kind in Site.objects.values_list(
            "pk", "company_id", "street", "postcode", "municipality_id", "kind"
        ).iterator(chunk_size=5000):
            self.known[pk] = Known(f"{street}, {postcode}" if street else municipality)
            self.add_site(("id", pk), company_id, street, postcode, municipality, kind)

    def add_site(self, target, company_id, street, postcode, municipality, kind):
        if address := normalized_address(street, postcode):
            self.strong["address"].setdefault(f"{company_id}|{address}", encode(target))
        self.strong["place"].setdefault(f"{company_id}|{municipality}|{kind}", encode(target))

    # --- rows -----------------------------------------------------------------------

    def candidate(self, target, score, reason):
        kind, value = target
        label = self.known_of(target).label
        if kind == "row":
            return Candidate(score, reason, row=value, label=label)
        return Candidate(score, reason, object_id=value, label=label)

    def strong_match(self, matches, key_kind, value, score, reason):
        if value and (code := self.strong[key_kind].get(value)):
            matches.add(self.candidate(decode(code), score, reason))

    def find(self, number, values):
        """The candidates of row `number`, best first; the row is then remembered."""
        matches = Matches()
        getattr(self, f"find_{self.kind}")(number, values, matches)
        return [candidate.as_json() for candidate in matches.ranked()]

    def find_companies(self, number, values, matches):
        row = CompanyRow.of(values)
        self.weigh(row.facts, self.company_targets(row), matches)
        if self.ask_search_engine and not matches.best and row.names:
            hits = search.find_duplicates(row.names, self.user, kind="company", country=row.country)
            # What the search finds alike is asked about at least (`find_duplicates`).
            self.weigh(row.facts, {("id", hit.object_id) for hit in hits}, matches, at_least=ASK)
        self.remember_company(("row", number), row, values.get("legal_name", ""))

    def company_targets(self, row):
        """The records and earlier rows a company row is compared with: those of an equal
        or alike key, sharing words, or of one of its identifiers."""
        by_key = self.names.find(row.keys)
        equal = {target for target, _similarity, exact in by_key if exact}
        if here := {target for target in equal if self.known_of(target).country == row.country}:
            # An equal name of the row's country is its company; namesakes elsewhere are
            # no candidates beside it (an identifier in common still brings them below).
            equal = here
        found = equal | {target for target, _similarity, exact in by_key if not exact}
        if not equal:
            # An equal key is the row's company; others sharing words are namesakes.
            found.update(self.words.find(row.facts.readings))
        for key_kind, value in (("lei", row.lei), ("domain", row.domain), ("address", row.address)):
            if value and (code := self.strong[key_kind].get(value)):
                found.add(decode(code))
        return found

    def remember_company(self, target, row, label):
        """Keeps a company row (or, without a database, a record) for the rows after it."""
        for key in row.keys:
            self.names.add(key.text, key.sound, target)
        readings = row.facts.readings
        self.words.add(
            [reading.words for reading in readings],
            target,
            [reading.words for reading in readings if not reading.readings],
        )
        code = encode(target)
        known = self.known[code] = Known(label, row.country)
        known.names = row.names_known
        if row.lei:
            self.strong["lei"].setdefault(row.lei, code)
            known.lei = row.lei
        if row.domain:
            self.strong["domain"].setdefault(row.domain, code)
            known.domain = row.domain
        if row.address:
            self.strong["address"].setdefault(row.address, code)
            known.addresses = (row.address,)

    def likenesses(self, facts, targets):
        """(target, `Likeness`) of each target compared with a row's facts."""
        sharing = self.words.sharing(facts.readings)
        for target in targets:
            yield target, compare(facts, self.facts_of(target), sharing)

    def weigh(self, facts, targets, matches, at_least=0.0):
        """Adds the targets the matcher finds likely enough to ask about."""
        for target, likeness in self.likenesses(facts, targets):
            if (score := max(likeness.probability, at_least)) >= ASK:
                matches.add(self.candidate(target, score, REASONS[likeness.reason]))

    def find_people(self, number, values, matches):
        full_name = f"{values.get('given_name', '')} {values.get('family_name', '')}".strip()
        email = values.get("email", "")
        self.strong_match(matches, "email", email, 1.0, _("same e-mail"))
        for name in (full_name, values.get("native_name", "")):
            if not name:
                continue
            for target, _similarity, _exact in self.names.find([PersonKey(person_key(name))]):
                # Two people of one name are common: a name alone is only possible.
                matches.add(self.candidate(target, ASK + 0.15, _("same name")))
        self.known[encode(("row", number))] = Known(full_name)
        self.add_person(("row", number), full_name, values.get("native_name", ""), email)

    def find_sites(self, number, values, matches):
        company = values.get("company")
        address = normalized_address(values.get("street", ""), values.get("postcode", ""))
        self.strong_match(
            matches, "address", address and f"{company}|{address}", 1.0, _("same address")
        )
        place = f"{company}|{values.get('municipality')}|{values.get('kind')}"
        self.strong_match(matches, "place", place, ASK + 0.15, _("same kind of site here"))
        self.known[encode(("row", number))] = Known(values.get("name") or values.get("street", ""))
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
    return bool(candidates) and candidates[0]["score"] >= DUPLICATE
