"""Finding records by any of their names, and keeping the index that makes it fast.

A query becomes the keys of `normalization.query_keys` (the typed text folded, and read
in Latin letters if it is in another script). The keys look up index rows in stages, each
stage a subquery of one SQL statement, ranked within each kind of record:

1. rows whose key starts with a query key, contains it, begins it, starts like it, shares
   its first word, or holds all its words;
2. only when those find no exact or prefix match, or too few hits to fill a short list:
   rows that sound like a query key or begin like it, and, when nothing matched exactly or
   by prefix, rows holding a word of the index that a query word may be a misspelling of
   (`SearchWord`). "Canon" finds the Canon companies by prefix, and キヤノン (kiyanon) by
   sound after them.

Every row found is scored by `scoring.score`; a record counts with its best row. Ties go
to the records of the user's own desks, then to the most recent activity. Of a confidential
record, the user's rows are those of its `audience`: its members find it by its names,
everyone else by its codename alone.
"""

import dataclasses
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse

from pocketworld.core import bulk, permissions
from pocketworld.search import duplicates, glossary
from pocketworld.search.backends import TABLE, backend_for
from pocketworld.search.indexing import indexes
from pocketworld.search.languages import language_of_country
from pocketworld.search.models import Audience, SearchEntry, SearchWord
from pocketworld.search.normalization import query_keys, sound_key
from pocketworld.search.scoring import (
    MIN_WORD_SIMILARITY,
    leading_pair,
    leading_pairs,
    score,
    word_similarity,
)

COLUMNS = (
    "kind, object_id, name, title, is_main, key, words, sound, transliterated, country, "
    "desk_id, activity"
)
# Queries in Latin letters need two characters; one kanji or Hangul syllable is a word.
MIN_LATIN_LENGTH = 2
# Rows each stage passes on per kind: enough to rank well, few enough to stay fast; and
# the rows a stage looks at, at most (a query of three letters matches tens of thousands).
CANDIDATES_PER_KIND = 40
SCANNED_PER_STAGE = 500
# The looser stages run when no hit is an exact or prefix match, or when the hits do not
# fill a short list (five, as the quick find shows of each kind).
STRONG_SCORE = 0.85
SHORT_LIST = 5
# Words of the vocabulary compared with each query word, and how many of them are taken.
SIMILAR_WORD_CANDIDATES = 50
SIMILAR_WORDS, SIMILAR_WORDS_EACH = 6, 2
# Words from four letters are looked up on their own; sound keys from two consonants
# (equal up to four, a prefix from five), the most alike spellings first; a key's start
# from eight letters.
MIN_WORD_LENGTH = 4
MIN_SOUND_LENGTH = 2
SOUND_PREFIX_LENGTH = 5
# The sound of a name's two leading words (Feng Tay, feng tai) from three consonants.
MIN_LEAD_SOUND_LENGTH = 3
MIN_START_LENGTH = 8
MAX_WORD_LENGTH = 24


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    matched_name: str
    country: str
    score: float
    mine: bool
    activity: float | None  # seconds since 1970
    # A confidential record the reader is no member of: found by its codename, and its page
    # refuses them, so it is shown without a link.
    withheld: bool = False

    @property
    def label(self):
        return indexes()[self.kind].label

    @property
    def url(self):
        if self.withheld:
            return ""
        meta = indexes()[self.kind].model._meta
        return reverse(f"{meta.app_label}:{meta.model_name}_detail", args=[self.object_id])

    @property
    def shows_other_name(self):
        return self.matched_name != self.title

    def sort_key(self):
        return (-round(self.score, 4), not self.mine, -(self.activity or 0.0))


def searchable_kinds(user, kinds=None):
    """The index kinds the user may find records of, in the order results are grouped."""
    found = []
    for kind, index in indexes().items():
        if kinds and kind not in kinds:
            continue
        if not index.model._default_manager.visible_to(user).query.is_empty():
            found.append(kind)
    return found


def long_words(queries):
    """{word: the query key it is from} of the words long enough to look up on their own:
    those typed in Latin letters; of a romanization the whole and its long words (single
    syllables of pinyin say little alone)."""
    found = {}
    for query in queries:
        if query.transliterated:
            words = [query.text, *(word for word in query.words.split() if len(word) >= 7)]
        elif query.text.isascii():
            words = query.words.split()
        else:
            words = []
        for word in words:
            if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH:
                found.setdefault(word, query.text)
    return found


def audience_condition(withheld):
    """SQL for the rows a reader finds records by: a confidential record's own names where
    the reader is a member, its codename where not (`withheld`: {kind: withheld ids})."""
    parts, params = [], []
    for kind, ids in withheld.items():
        if ids:
            parts.append(f"(kind = %s AND object_id IN ({', '.join(['%s'] * len(ids))}))")
            params += [kind, *sorted(ids)]
    if not parts:
        return "audience <> %s", [Audience.OTHERS]
    withheld_row = " OR ".join(parts)
    return (
        f"(audience = %s OR (audience = %s AND NOT ({withheld_row})) "
        f"OR (audience = %s AND ({withheld_row})))",
        [Audience.EVERYONE, Audience.MEMBERS, *params, Audience.OTHERS, *params],
    )


class Lookup:
    """The SQL of one round of stages, each ranked within a kind, as one UNION ALL."""

    def __init__(self, kinds, country, desk_id, own_desks, per_kind, withheld):
        self.backend = backend_for()
        # The last activity as seconds since 1970: it only orders hits, and a thousand time
        # stamps with their time zone took psycopg 3 ms to read.
        self.scanned_columns = COLUMNS.replace(
            "activity", f"{self.backend.seconds('activity')} AS activity"
        )
        self.per_kind = per_kind
        audience, audience_params = audience_condition(withheld)
        where = [f"kind IN ({', '.join(['%s'] * len(kinds))})", audience]
        self.where_params = [*kinds, *audience_params]
        if country:
            where.append("country = %s")
            self.where_params.append(country)
        if desk_id:
            where.append("desk_id = %s")
            self.where_params.append(desk_id)
        self.where = " AND ".join(where)
        self.own_desks = sorted(own_desks)
        self.scans, self.scan_params, self.stages, self.params = [], [], [], []

    def order(self, text, by_similarity, compared="key"):
        """Exact matches first (or the most similar keys), the main name, own desks, activity."""
        if by_similarity:
            first, params = self.backend.similarity(compared) + " DESC", [text]
        else:
            first, params = "CASE WHEN key = %s THEN 1 ELSE 0 END DESC", [text]
        mine = ""
        if self.own_desks:
            mine = (
                f"CASE WHEN desk_id IN ({', '.join(['%s'] * len(self.own_desks))}) "
                "THEN 1 ELSE 0 END DESC, "
            )
            params += self.own_desks
        return f"{first}, is_main DESC, {mine}activity DESC", params

    def add(self, condition, condition_params, text, by_similarity=False, compared="key"):
        """A stage: the rows meeting `condition` (at most SCANNED_PER_STAGE of them, as the
        index yields them), ranked within each kind; the first `per_kind` of each, or all
        where that is as many as a stage scans. Ranked by similarity, `compared` (an SQL
        expression of the key) is compared with `text`."""
        scanned = f"scanned{len(self.scans)}"
        self.scans.append(
            # Constants and the back-end's SQL fragments; values are parameters.
            f"{scanned} AS {self.backend.scan_hint} (SELECT {self.scanned_columns} "  # nosec B608
            f"FROM {TABLE} WHERE ({condition}) AND {self.where} LIMIT %s)"
        )
        self.scan_params += [*condition_params, *self.where_params, SCANNED_PER_STAGE]
        if self.per_kind >= SCANNED_PER_STAGE:  # a list's search: every row passes
            self.stages.append(f"SELECT {COLUMNS} FROM {scanned}")  # nosec B608
            return
        order, order_params = self.order(text, by_similarity, compared)
        self.stages.append(
            f"SELECT {COLUMNS} FROM (SELECT {COLUMNS}, ROW_NUMBER() OVER "  # nosec B608
            f"(PARTITION BY kind ORDER BY {order}) AS position FROM {scanned}) ranked "
            "WHERE position <= %s"
        )
        self.params += [*order_params, self.per_kind]

    def add_exact_stages(self, queries):
        """Rows that start with, contain, begin or start like a query key, that share its
        first word, or that hold all its words."""
        backend = self.backend
        texts = list(dict.fromkeys(query.text for query in queries))
        literal = {query.text for query in queries if not query.transliterated}
        for text in texts:
            self.add(*backend.prefix("key", text), text)
            # Three Latin letters are inside too many names; a romanization inside another
            # says little.
            if len(text) >= (4 if text.isascii() else 3) and text in literal:
                self.add(*backend.contains([text], SCANNED_PER_STAGE), text)
            if len(text) >= MIN_START_LENGTH and text in literal and text.isascii():
                start = text[: max(5, int(len(text) * 0.4))]
                self.add(*backend.prefix("key", start), text, by_similarity=True)
        starts = sorted({text[:end] for text in texts for end in range(4, len(text))})
        if starts:
            self.add(f"key IN ({', '.join(['%s'] * len(starts))})", starts, texts[0])
        first_words = {query.words.split(" ", 1)[0] for query in queries}
        for word in sorted(first_words - set(texts)):
            if len(word) >= MIN_WORD_LENGTH:
                self.add(*backend.prefix("key", word), word, by_similarity=True)
        leads = {
            lead: query.text
            for query in queries
            for lead in (
                leading_pairs(query.words)
                if query.language == "zh"
                else [leading_pair(query.words)]
            )
            if lead
        }
        for lead in sorted(set(leads) - set(texts)):
            self.add(*backend.prefix("key", lead), leads[lead], by_similarity=True)
        # All the words in any order: of a typed name, or of a reading with words put in
        # English, whose order the Latin name may not follow (Ping An Insurance … of China).
        english = glossary.english_words()
        for query in queries:
            words = [word for word in query.words.split() if len(word) >= 3]
            if len(words) < 2 or not query.text.isascii():
                continue
            if query.text in literal or english.intersection(words):
                self.add(*backend.contains(words, SCANNED_PER_STAGE), query.text)

    def add_looser_stages(self, queries, corrected):
        """Rows that sound like a query key, or hold a word of the index that a word of the
        query may be a misspelling of; the most alike first."""
        backend = self.backend
        for query in queries:
            sound, text = query.sound, query.text
            if len(sound) >= SOUND_PREFIX_LENGTH:
                self.add(*backend.prefix("sound", sound), text, by_similarity=True)
            elif len(sound) >= MIN_SOUND_LENGTH:
                self.add("sound = %s", [sound], text, by_similarity=True)
        leads = {
            (query.words.split(" ", 1)[0], lead, sound)
            for query in queries
            if (lead := leading_pair(query.words)) and lead != query.text
            if len(sound := sound_key(lead)) >= MIN_LEAD_SOUND_LENGTH
        }
        # Keys that begin with the lead's first word and sound like the lead, those whose
        # beginning is most like the lead first ("fengtay…" for "feng tai").
        for first_word, lead, sound in sorted(leads):
            key_condition, key_params = backend.prefix("key", first_word)
            sound_condition, sound_params = backend.prefix("sound", sound)
            self.add(
                f"{key_condition} AND {sound_condition}",
                key_params + sound_params,
                lead,
                by_similarity=True,
                compared=f"substr(key, 1, {len(lead)})",
            )
        for word, text in corrected.items():
            self.add(*backend.contains([word], SCANNED_PER_STAGE), text, by_similarity=True)

    def rows(self):
        if not self.stages:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH {', '.join(self.scans)} {' UNION ALL '.join(self.stages)}",
                [*self.scan_params, *self.params],
            )
            return cursor.fetchall()


def corrected_words(queries):
    """{word of the index: query key} for the words that the query's words the index does
    not know (misspellings, other romanizations) may stand for."""
    words = long_words(queries)
    known = set(SearchWord.objects.filter(word__in=list(words)).values_list("word", flat=True))
    words = {word: text for word, text in words.items() if word not in known}
    if not words:
        return {}
    backend = backend_for()
    statements, params = [], []
    for word in words:
        sql, word_params = backend.similar_words(word, SIMILAR_WORD_CANDIDATES)
        # The back-end's statement; its values are parameters.
        statements.append(f"SELECT * FROM ({sql}) found")  # nosec B608
        params += word_params
    with connection.cursor() as cursor:
        backend.prepare_similar_words(cursor)
        cursor.execute(" UNION ".join(statements), params)
        vocabulary = [row[0] for row in cursor.fetchall()]
    corrected = {}
    for word, text in words.items():
        ranked = sorted(
            ((word_similarity(word, known), known) for known in vocabulary if known not in words),
            reverse=True,
        )
        for value, known in ranked[:SIMILAR_WORDS_EACH]:
            if value >= MIN_WORD_SIMILARITY:
                corrected.setdefault(known, text)
    return dict(list(corrected.items())[:SIMILAR_WORDS])


def best_hits(rows, queries, own_desks, hits=None):
    """{(kind, id): Hit} with each record's best-scoring row."""
    hits = {} if hits is None else hits
    seen = set()
    # A row's score depends on these of its fields alone (is_main, key, words, sound,
    # transliterated, country), which many records share: a common name in 1,000 rows
    # came as 171 different ones.
    scored = {}
    for row in rows:
        if (row[0], row[1], row[5]) in seen:  # found by several stages
            continue
        seen.add((row[0], row[1], row[5]))
        scoring = row[4:10]
        if scoring not in scored:
            scored[scoring] = max(
                (value for query in queries if (value := score(row, query)) is not None),
                default=None,
            )
        best = scored[scoring]
        if best is None:
            continue
        kind, object_id, name, title, *_middle, country, desk_id, activity = row
        known = hits.get((kind, object_id))
        if known is None or best > known.score:
            hits[(kind, object_id)] = Hit(
                kind, object_id, title, name, country, best, desk_id in own_desks, activity
            )
    return hits


def search(text, user, kinds=None, limit=10, per_kind=None, country=None, desk_id=None):
    """Records the user may see whose names match `text`, best first.

    With `per_kind`, up to that many of each kind (groups in the order of their best hit),
    else the best `limit` of all kinds together. `country` and `desk_id` narrow the records.
    """
    queries = [
        query
        for query in query_keys(text or "")
        if len(query.text) >= MIN_LATIN_LENGTH or not query.text.isascii()
    ]
    kinds = searchable_kinds(user, kinds)
    if not queries or not kinds:
        return []
    own_desks = set(permissions.desk_roles(user)) if permissions.is_active_user(user) else set()
    per_stage = max(CANDIDATES_PER_KIND, 4 * (per_kind or limit))
    withheld = {kind: permissions.withheld_ids(user, indexes()[kind].model) for kind in kinds}

    exact = Lookup(kinds, country, desk_id, own_desks, per_stage, withheld)
    exact.add_exact_stages(queries)
    hits = best_hits(exact.rows(), queries, own_desks)

    strong = sum(1 for hit in hits.values() if hit.score >= STRONG_SCORE)
    if not strong or len(hits) < min(per_kind or limit, SHORT_LIST):
        looser = Lookup(kinds, country, desk_id, own_desks, per_stage, withheld)
        # Misspelt words are looked for only when nothing matched exactly or by prefix.
        looser.add_looser_stages(queries, corrected_words(queries) if not strong else {})
        best_hits(looser.rows(), queries, own_desks, hits)

    for hit in hits.values():
        hit.withheld = hit.object_id in withheld[hit.kind]
    ranked = sorted(hits.values(), key=Hit.sort_key)
    return visible_hits(ranked, user, kinds, limit, per_kind)


def visible_hits(ranked, user, kinds, limit, per_kind):
    """The first hits of each kind (or of all) that the permission policy lets the user see."""
    chosen = []
    for kind in kinds:
        of_kind = [hit for hit in ranked if hit.kind == kind]
        if not of_kind:
            continue
        candidates = of_kind[: (per_kind or limit) * 2]
        records = indexes()[kind].model._default_manager.visible_to(user)
        if records.query.where:  # the policy narrows this kind for this user: check each
            visible = set(
                records.filter(pk__one_of=[hit.object_id for hit in candidates])
                .order_by()
                .values_list("pk", flat=True)
            )
            candidates = [hit for hit in candidates if hit.object_id in visible]
        chosen += candidates[: per_kind or limit]
    if per_kind:
        # Groups in the order of their best hit, so that the first hit is the best of all.
        best = {}
        for hit in chosen:
            best.setdefault(hit.kind, hit.sort_key())
        return sorted(chosen, key=lambda hit: (best[hit.kind], hit.sort_key()))
    return sorted(chosen, key=Hit.sort_key)[:limit]


# Below the best hit by more than this, a hit is noise beside it in a short list.
RELEVANT_BELOW_BEST = 0.35


def relevant(hits):
    """The hits worth showing in a short list: loose matches only where nothing is better
    (東芝 shows Toshiba, not also every "Dong…" that sounds a little like dongzhi)."""
    if not hits:
        return hits
    best = max(hit.score for hit in hits)
    return [hit for hit in hits if hit.score >= best - RELEVANT_BELOW_BEST]


# Duplicates of other kinds than companies: a new record whose names match an existing
# one this well is probably it.
DUPLICATE_SCORE = 0.75


def find_duplicates(names, user, kind="company", exclude=None, limit=5, country=""):
    """Existing records that the names of a record about to be saved probably belong to.

    A company hit is weighed by the matcher the import uses (`duplicates`) and scores its
    probability; a hit the search finds this alike is asked about at least, because the
    search also sees what the matcher's levels do not (a reading that only begins alike).
    """
    found = {}
    for name in names:
        for hit in search(name, user, kinds=[kind], limit=limit):
            if hit.object_id == exclude:
                continue
            if kind == "company" and not hit.withheld:
                hit = weighed(hit, names, country)
                if hit.score < duplicates.ASK:
                    continue
            elif hit.score < DUPLICATE_SCORE:
                continue
            if hit.object_id not in found or hit.score > found[hit.object_id].score:
                found[hit.object_id] = hit
    return sorted(found.values(), key=Hit.sort_key)[:limit]


def weighed(hit, names, country):
    """The hit with the matcher's probability as its score, from the names it shows; at
    least `ASK` when the search found it alike enough to call it a duplicate."""
    language = language_of_country(country) if country else None
    likeness = duplicates.compare(
        duplicates.Facts(
            tuple(reading for name in names for reading in duplicates.read_all(name, language)),
            country,
        ),
        duplicates.Facts(
            tuple(
                {
                    reading
                    for name in (hit.title, hit.matched_name)
                    for reading in duplicates.read_all(name)
                }
            ),
            hit.country,
        ),
    )
    at_least = duplicates.ASK if hit.score >= DUPLICATE_SCORE else 0.0
    return dataclasses.replace(hit, score=max(likeness.probability, at_least))


# --- keeping the index ----------------------------------------------------------------------


def purge_deleted():
    """Remove what deleted entries leave in the index's storage (an erased person's
    trigrams), which the database would otherwise keep until it next merges them."""
    with connection.cursor() as cursor:
        for statement in backend_for().purge_statements():
            cursor.execute(statement)


def index_records(kind, ids):
    """Write the entries of these records anew (a record that no longer exists loses them)."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    index = indexes()[kind]
    entries = [
        entry for record in index.records().filter(pk__in=ids) for entry in index.entries(record)
    ]
    SearchEntry.objects.filter(kind=kind, object_id__in=ids).delete()
    write_entries(entries)


def index_new_records(kind, records):
    """Write the entries of records just created, as they are at hand (an import's batch:
    they have no entries yet, and their names are prefetched)."""
    index = indexes()[kind]
    write_entries([entry for record in records for entry in index.entries(record)])


def add_words(entries):
    """Put the words of these entries into the vocabulary that misspellings are matched to."""
    words = {
        word
        for entry in entries
        for word in entry.words.split()
        if len(word) >= MIN_WORD_LENGTH and word.isascii()
    }
    SearchWord.objects.bulk_create(
        [SearchWord(word=word[:100]) for word in sorted(words)], ignore_conflicts=True
    )


def remove_records(kind, ids):
    SearchEntry.objects.filter(kind=kind, object_id__in=list(ids)).delete()


def record_activity(kind, object_id, moment):
    """Count `moment` as activity on the record, if it is later than what the index knows."""
    SearchEntry.objects.filter(kind=kind, object_id=object_id).filter(
        Q(activity__isnull=True) | Q(activity__lt=moment)
    ).update(activity=moment)


def set_desk(kind, ids, desk_id):
    """After records moved to another desk in bulk (a country's new primary desk)."""
    SearchEntry.objects.filter(kind=kind, object_id__in=ids).update(desk_id=desk_id)


def write_entries(entries):
    bulk.insert_records(entries)
    add_words(entries)


def rebuild_index(kinds=None, batch_size=2000, report=None):
    """Write the whole index (or that of `kinds`) anew; returns {kind: entries written}."""
    written = {}
    with transaction.atomic(), backend_for().bulk_writing():
        if not kinds:
            SearchWord.objects.all().delete()
        for kind, index in indexes().items():
            if kinds and kind not in kinds:
                continue
            SearchEntry.objects.filter(kind=kind).delete()
            batch, count = [], 0
            for record in index.records().order_by("pk").iterator(chunk_size=batch_size):
                batch += index.entries(record)
                if len(batch) >= batch_size:
                    write_entries(batch)
                    count += len(batch)
                    batch = []
            write_entries(batch)
            written[kind] = count + len(batch)
            if report:
                report(kind, written[kind])
    return written
