"""Which company an LEI record is: by its LEI, else by name and country, never guessed.

A record matches a company by its LEI. Failing that, and only for a company without an LEI,
by its legal name in the same country, legal forms aside ("PUMA SE" is "Puma"), or by a
name the search finds in the same country; never across countries. A record that fits
several companies, or a company that several records fit, is reported as ambiguous.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from pocketworld.companies.choices import NameKind
from pocketworld.companies.filtersets import HOME_COUNTRY
from pocketworld.companies.models import Company, CompanyName, Site
from pocketworld.imports.choices import LeiMatchedBy
from pocketworld.imports.gleif.files import LeiRecord
from pocketworld.search.models import SearchEntry
from pocketworld.search.normalization import (
    IGNORED_PHRASES,
    LEGAL_FORMS,
    compact,
    fold,
    is_latin,
    latin_spellings,
    latin_words,
    name_keys,
    native_key,
    remove_native_legal_forms,
    significant_words,
    split_words,
)
from pocketworld.search.services import search

# A search hit from this score on is a match; below it the search calls a match loose.
MATCH_SCORE = 0.85
SEARCH_LIMIT = 5
RANKS = list(LeiMatchedBy)  # how a record matched, the surest first


def without_legal_forms(words):
    """`words` without legal forms, as `normalization.significant_words` drops them, but
    with the filler words kept; all of them if nothing else would remain."""
    kept = list(words)
    for phrase in IGNORED_PHRASES:
        for start in range(len(kept) - len(phrase) + 1):
            if tuple(kept[start : start + len(phrase)]) == phrase:
                kept[start : start + len(phrase)] = [""] * len(phrase)
    return [word for word in kept if word and word not in LEGAL_FORMS] or list(words)


def latin(folded):
    """Whether a folded name is in Latin letters (ASCII first: most are, and it is quick)."""
    return folded.isascii() or is_latin(folded)


def legal_name_key(name):
    """A legal name folded and without its legal form, its other words kept: "PUMA SE" is
    "Puma", but "Asahi Kasei Europe GmbH" is not "Asahi Kasei Corporation" (the search's
    keys also drop words such as Europe or Group, which tell group members apart)."""
    folded = fold(name)
    if latin(folded):
        return compact(without_legal_forms(latin_words(folded)))
    return compact(split_words(remove_native_legal_forms(folded)))


def first_language(tag):
    """ISO 639-1 of an xml:lang tag ("de-DE" de), if it is one."""
    code = tag.split("-")[0].lower()
    return code if len(code) == 2 else None


def index_keys(name):
    """The keys the search index may hold for a name, without reading other scripts aloud
    (a record in another script has its Latin transliteration beside it): those of
    `normalization.name_keys`, made here without what only ranking needs."""
    folded = fold(name)
    if latin(folded):
        return [compact(significant_words(words)) for words in latin_spellings(folded)]
    return [native_key(folded)]


@dataclass
class Registry:
    """What matching needs to know of the companies, read once before a file is streamed."""

    leis: dict  # LEI: company id, of every company the user may see
    editable: set  # ids of the companies the user may change
    # Of the companies the user may change that have no LEI yet:
    keys: dict  # legal-name key: {company id}, of legal names and names in the home language
    search_keys: dict  # search index key: {company id}
    countries: dict  # company id: the countries its records may be in
    all_countries: set

    @classmethod
    def collect(cls, user):
        editable = Company.objects.editable_by(user)
        without_lei = editable.filter(lei=None).annotate(
            has_sites=Exists(Site.objects.filter(company=OuterRef("pk")))
        )
        keys, search_keys, countries = defaultdict(set), defaultdict(set), {}
        for pk, name, country, has_sites in without_lei.values_list(
            "pk", "legal_name", "country_id", "has_sites"
        ):
            keys[legal_name_key(name)].add(pk)
            # A company here with a site is also a German legal entity (of a foreign group).
            countries[pk] = {country, HOME_COUNTRY} if has_sites else {country}
        native = CompanyName.objects.filter(
            company__in=without_lei.values("pk"), kind=NameKind.NATIVE
        )
        for pk, name in native.values_list("company_id", "name"):
            keys[legal_name_key(name)].add(pk)
        entries = SearchEntry.objects.filter(kind="company", object_id__in=without_lei.values("pk"))
        for pk, key in entries.values_list("object_id", "key"):
            search_keys[key].add(pk)
        leis = dict(Company.objects.visible_to(user).exclude(lei=None).values_list("lei", "pk"))
        return cls(
            leis=leis,
            editable=set(editable.values_list("pk", flat=True)),
            keys=dict(keys),
            search_keys=dict(search_keys),
            countries=countries,
            all_countries=set().union(*countries.values()),
        )

    def concerns(self, record):
        """Whether a record may be about one of the companies: kept while streaming."""
        if record.lei in self.leis:
            return True
        if not record.countries & self.all_countries:
            return False
        return any(
            legal_name_key(name.text) in self.keys
            or any(key in self.search_keys for key in index_keys(name.text))
            for name in record.legal_names
        )


@dataclass
class Match:
    record: LeiRecord
    company: Company
    matched_by: str


@dataclass
class Matching:
    matches: list
    # (record, [companies]): the record fits several companies, or shares one with others.
    ambiguous: list
    # Records with the LEI of a company whose entity GLEIF lists as no longer current.
    not_current: list


def name_candidates(record, user, registry):
    """The companies without LEI a record may be, and how: by legal name or by search."""
    countries = record.countries

    def in_country(ids):
        return {pk for pk in ids if registry.countries.get(pk, set()) & countries}

    exact = set()
    for name in record.legal_names:
        exact |= registry.keys.get(legal_name_key(name.text), set())
    if in_country(exact):
        return in_country(exact), LeiMatchedBy.NAME
    found = set()
    for name in record.legal_names:
        language = first_language(name.language)
        matching_keys = set()
        for key in name_keys(name.text, language):
            matching_keys |= registry.search_keys.get(key.text, set())
        # A prefix scores high too ("Toyota" begins "Toyota Tsusho"): the hit must also
        # have a key of the name.
        for hit in search(name.text, user, kinds=["company"], limit=SEARCH_LIMIT):
            if hit.score >= MATCH_SCORE and hit.object_id in matching_keys:
                found.add(hit.object_id)
    return in_country(found), LeiMatchedBy.SEARCH


def match_records(records, user, registry=None):
    """Which company each record is: by LEI, else by name and country, unambiguously."""
    registry = registry or Registry.collect(user)
    by_lei = {
        company.lei: company
        for company in Company.objects.filter(
            pk__in=[registry.leis[r.lei] for r in records if r.lei in registry.leis]
        )
    }
    matches, ambiguous, not_current = [], [], []
    claims = defaultdict(list)
    for record in records:
        company = by_lei.get(record.lei)
        if company is not None:
            if company.pk not in registry.editable:
                continue
            if record.is_current:
                matches.append(Match(record, company, LeiMatchedBy.LEI))
            else:
                not_current.append((record, company))
            continue
        if record.lei in registry.leis or not record.is_current:
            continue
        candidates, matched_by = name_candidates(record, user, registry)
        if len(candidates) == 1:
            claims[candidates.pop()].append((record, matched_by))
        elif candidates:
            ambiguous.append((record, sorted(candidates)))
    companies = Company.objects.in_bulk(
        {pk for _record, ids in ambiguous for pk in ids} | set(claims)
    )
    ambiguous = [(record, [companies[pk] for pk in ids]) for record, ids in ambiguous]
    for pk, found in claims.items():
        # A record whose legal name is the company's beats one the search found for it
        # ("PUMA Europe GmbH" has the search's key of "Puma": Europe tells nothing apart).
        best = min(RANKS.index(matched_by) for _record, matched_by in found)
        found = [claim for claim in found if RANKS.index(claim[1]) == best]
        if len(found) == 1:
            record, matched_by = found[0]
            matches.append(Match(record, companies[pk], matched_by))
        else:
            ambiguous += [(record, [companies[pk]]) for record, _matched_by in found]
    return Matching(matches, ambiguous, not_current)
