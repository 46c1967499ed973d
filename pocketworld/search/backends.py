"""The two databases' ways of finding index rows by a piece of a key.

Both back-ends index the same keys and answer the same three questions; only how differs:

- prefix: rows whose key (or sound key) starts with a text, through the B-tree index
  (a range scan on SQLite, `LIKE 'abc%'` over `varchar_pattern_ops` on PostgreSQL);
- contains: rows whose key contains a text of three characters or more, through a
  trigram index (SQLite's FTS5 trigram tokenizer over the key column; pg_trgm's GIN);
- similar words: words of the keys (`SearchWord`) most like a word, for typos (FTS5's
  trigram matches ranked by rapidfuzz; pg_trgm's similarity over a GIN index): the
  vocabulary is far smaller than the index, so this stays fast where trigrams are common.

Keys are normalized in Python (`normalization`) before they reach either database, so the
two back-ends find the same rows; PostgreSQL's `unaccent` would only repeat that work.
"""

from contextlib import contextmanager

from django.db import connection
from rapidfuzz import fuzz

TABLE = "search_entry"
WORD_TABLE = "search_word"
# SQLite's FTS5 tables over the keys and the words, as (table, column, its trigram table).
SQLITE_TRIGRAM_TABLES = [
    (TABLE, "key", "search_entry_trigram"),
    (WORD_TABLE, "word", "search_word_trigram"),
]
TRIGRAM_TABLE = SQLITE_TRIGRAM_TABLES[0][2]
WORD_TRIGRAM_TABLE = SQLITE_TRIGRAM_TABLES[1][2]
# PostgreSQL's GIN trigram indexes over the same columns, as (table, column, index).
POSTGRESQL_TRIGRAM_INDEXES = [
    (TABLE, "key", "search_entry_key_trigram"),
    (WORD_TABLE, "word", "search_word_trigram"),
]
# Words this alike (pg_trgm's similarity) are candidates for a misspelt word: lower than
# pg_trgm's default of 0.3, which misses short words ("kiyanon" and "canon" share 0.27).
WORD_SIMILARITY_THRESHOLD = 0.2
HIGHEST_CHARACTER = "\U0010ffff"


def spelling_similarity(first, second):
    return fuzz.ratio(first or "", second or "") / 100


def trigrams(text):
    return list(dict.fromkeys(text[start : start + 3] for start in range(len(text) - 2)))


class Backend:
    """What both back-ends share: bulk writes without the trigram index's upkeep, which is
    restored in one pass afterwards."""

    vendor = ""
    # How a search stage's scan is written as a WITH clause (services.Lookup.add).
    scan_hint = ""

    def pause_statements(self):
        return []

    def resume_statements(self):
        return []

    def purge_statements(self):
        """What removes deleted entries from the trigram index's storage at once, not at
        its next merge (after an erasure)."""
        return []

    @contextmanager
    def bulk_writing(self):
        with connection.cursor() as cursor:
            for statement in self.pause_statements():
                cursor.execute(statement)
        yield
        with connection.cursor() as cursor:
            for statement in self.resume_statements():
                cursor.execute(statement)


class SQLiteBackend(Backend):
    vendor = "sqlite"
    # Else SQLite moves the ranking's order into the scan, reading and sorting every
    # matching row ("takaha": 6,192 rows, 16 ms instead of 3); PostgreSQL reads the first.
    scan_hint = "MATERIALIZED"

    def install(self, schema_editor):
        for table, column, trigram_table in SQLITE_TRIGRAM_TABLES:
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE {trigram_table} USING fts5({column}, content='{table}', "
                "content_rowid='rowid', tokenize='trigram')"
            )
        for statement in self.trigger_statements():
            schema_editor.execute(statement)
        for statement in self.rebuild_statements():
            schema_editor.execute(statement)

    def uninstall(self, schema_editor):
        for statement in self.drop_trigger_statements():
            schema_editor.execute(statement)
        for _table, _column, trigram_table in SQLITE_TRIGRAM_TABLES:
            schema_editor.execute(f"DROP TABLE IF EXISTS {trigram_table}")

    def trigger_statements(self):
        """Keep each FTS5 table (external content) in step with its table."""
        statements = []
        for table, column, trigram_table in SQLITE_TRIGRAM_TABLES:
            delete = (
                # Names from this module's constants.
                f"INSERT INTO {trigram_table}({trigram_table}, rowid, {column}) "  # nosec B608
                f"VALUES ('delete', old.rowid, old.{column});"
            )
            insert = (
                # Names from this module's constants.
                f"INSERT INTO {trigram_table}(rowid, {column}) VALUES (new.rowid, new.{column});"  # nosec B608
            )
            statements += [
                f"CREATE TRIGGER {table}_inserted AFTER INSERT ON {table} BEGIN {insert} END",
                f"CREATE TRIGGER {table}_deleted AFTER DELETE ON {table} BEGIN {delete} END",
                f"CREATE TRIGGER {table}_updated AFTER UPDATE OF {column} ON {table} "
                f"BEGIN {delete} {insert} END",
            ]
        return statements

    def drop_trigger_statements(self):
        return [
            f"DROP TRIGGER IF EXISTS {table}_{event}"
            for table, _column, _trigram_table in SQLITE_TRIGRAM_TABLES
            for event in ("inserted", "deleted", "updated")
        ]

    def rebuild_statements(self):
        return [
            # Names from this module's constants.
            f"INSERT INTO {trigram_table}({trigram_table}) VALUES ('rebuild')"  # nosec B608
            for _table, _column, trigram_table in SQLITE_TRIGRAM_TABLES
        ]

    def purge_statements(self):
        """FTS5 marks a deleted row's trigrams as deleted; merging all segments into one
        drops them from the shadow tables."""
        return [
            # Names from this module's constants.
            f"INSERT INTO {trigram_table}({trigram_table}) VALUES ('optimize')"  # nosec B608
            for _table, _column, trigram_table in SQLITE_TRIGRAM_TABLES
        ]

    def pause_statements(self):
        """Write many rows without the triggers, then rebuild the FTS5 tables in one pass."""
        return self.drop_trigger_statements()

    def resume_statements(self):
        return self.trigger_statements() + self.rebuild_statements()

    def prefix(self, column, text):
        return f"{column} >= %s AND {column} < %s", [text, text + HIGHEST_CHARACTER]

    def contains(self, texts, limit):
        """Rows whose key contains every one of `texts` (each of three characters or more);
        FTS5 stops after `limit` of them."""
        return (
            # Names from this module's constants; the texts are parameters.
            f"id IN (SELECT rowid FROM {TRIGRAM_TABLE} WHERE {TRIGRAM_TABLE} MATCH %s LIMIT %s)",  # nosec B608
            [" AND ".join(f'"{text}"' for text in texts), limit],
        )

    def similarity(self, column):
        """An SQL expression of how alike `column` is to a parameter: rapidfuzz's ratio,
        registered on every connection (`register_functions`)."""
        return f"search_similarity({column}, %s)"

    def prepare_similar_words(self, cursor):
        pass

    def seconds(self, column):
        """The time stamp in `column` as seconds since 1970 (`unixepoch` needs SQLite 3.38)."""
        return f"(julianday({column}) - 2440587.5) * 86400.0"

    @staticmethod
    def register_functions(sender, connection, **kwargs):
        if connection.vendor == "sqlite":
            connection.connection.create_function(
                "search_similarity", 2, spelling_similarity, deterministic=True
            )

    def similar_words(self, text, limit):
        query = " OR ".join(f'"{trigram}"' for trigram in trigrams(text))
        return (
            # Names from this module's constants; the texts are parameters.
            f"SELECT word FROM {WORD_TABLE} WHERE rowid IN (SELECT rowid FROM "  # nosec B608
            f"{WORD_TRIGRAM_TABLE} WHERE {WORD_TRIGRAM_TABLE} MATCH %s) "
            f"ORDER BY {self.similarity('word')} DESC LIMIT %s",
            [query, text, limit],
        )


class PostgreSQLBackend(Backend):
    vendor = "postgresql"

    def install(self, schema_editor):
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for statement in self.create_index_statements():
            schema_editor.execute(statement)

    def uninstall(self, schema_editor):
        for statement in self.drop_index_statements():
            schema_editor.execute(statement)

    def create_index_statements(self):
        return [
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({column} gin_trgm_ops)"
            for table, column, index in POSTGRESQL_TRIGRAM_INDEXES
        ]

    def drop_index_statements(self):
        return [f"DROP INDEX IF EXISTS {index}" for _t, _c, index in POSTGRESQL_TRIGRAM_INDEXES]

    def pause_statements(self):
        """Write many rows without the GIN indexes, then build them once."""
        return self.drop_index_statements()

    def resume_statements(self):
        return [*self.create_index_statements(), f"ANALYZE {TABLE}", f"ANALYZE {WORD_TABLE}"]

    @staticmethod
    def escape_like(text):
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

    def prefix(self, column, text):
        return f"{column} LIKE %s", [self.escape_like(text) + "%"]

    def contains(self, texts, _limit):
        return (
            " AND ".join(["key LIKE %s"] * len(texts)),
            ["%" + self.escape_like(text) + "%" for text in texts],
        )

    def similarity(self, column):
        return f"similarity({column}, %s)"  # pg_trgm

    def similar_words(self, text, limit):
        return (
            # Names from this module's constants; the texts are parameters.
            f"SELECT word FROM {WORD_TABLE} WHERE word %% %s "  # nosec B608
            "ORDER BY similarity(word, %s) DESC LIMIT %s",
            [text, text, limit],
        )

    def seconds(self, column):
        return f"extract(epoch FROM {column})::float8"

    def prepare_similar_words(self, cursor):
        cursor.execute(f"SET pg_trgm.similarity_threshold = {WORD_SIMILARITY_THRESHOLD}")


BACKENDS = {backend.vendor: backend for backend in (SQLiteBackend(), PostgreSQLBackend())}


def backend_for(vendor=None):
    vendor = vendor or connection.vendor
    try:
        return BACKENDS[vendor]
    except KeyError:
        raise NotImplementedError(f"pocketworld's search has no back-end for {vendor}.") from None
