"""Duplicate detection by Splink, the probabilistic record linker, as a baseline for ours.

Splink (DuckDB backend, run in memory) scores the same rows our import checks, set up the
way its documentation and its company-matching example set up business names:

- **Cleaning**: the name in lower case without accents and punctuation, runs of single
  letters joined ("n v" → "nv", "a b c" → "abc"), then common legal-form words removed
  (`LEGAL_FORMS`); a name that is nothing but legal forms keeps them. Country is the ISO
  code, or null.
- **Comparisons**: the cleaned name with the levels of Splink's `NameComparison` (exact,
  Jaro-Winkler ≥ 0.92, ≥ 0.88, ≥ 0.7) and a Levenshtein ≤ 2 level after the exact one;
  the name's words compared as the company example of the documentation (business rates
  against Companies House) does, by the product of the relative frequencies of the words
  both names share, so that sharing a rare word counts more than sharing "international"
  (the thresholds are multiples of the frequency of a word seen once, as the example's
  fixed ones suit a million records); country as an exact match. Rarity is counted by the
  words alone, as in that example: a term-frequency adjustment on the whole name would
  only lower its exact matches, since nearly every cleaned name occurs once or twice.
- **Blocking**: pairs that share the cleaned name, its first word, its first three
  letters, or one of each name's three rarest words (an exploded array, as in the
  example), so a true pair is lost only when it has none of these in common.
- **Training**, unsupervised as the documentation shows: the prior from pairs with the
  same cleaned name, assumed to find 60 % of the duplicates (the recall its deduplication
  example assumes); u from a million random pairs; m by expectation maximisation in two
  sessions, one blocked on the first word (it estimates the name levels and country; a
  session blocked on country alone compares every pair of a one-country file and takes
  ten times as long) and one on the exact name (country again). No labelled pair is used.
  Sampling is seeded and DuckDB runs on one thread, so two runs give the same figures.
  Splink's logging and DuckDB's progress bar are off.

Candidates of an imported row are the existing records and, with `within_incoming`, the
imported rows before it; a file is scored as a whole, so training sees all its rows.
"""

import contextlib
import logging
import re
import unicodedata

import duckdb
import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.exceptions import EMTrainingException

SEED = 20250601
PRIOR_RECALL = 0.6  # the share of duplicates an exact cleaned name is assumed to find
U_PAIRS = 1e6
# Legal forms of the main jurisdictions, as tokens after cleaning ("N.V." → "nv").
# fmt: off
LEGAL_FORMS = frozenset({
    "ab", "ag", "aktiengesellschaft", "aps", "as", "asa", "bhd", "bv", "bvba", "co", "company",
    "corp", "corporation", "cv", "cvba", "gk", "gmbh", "inc", "incorporated", "jsc",
    "kabushiki", "kaisha", "kft", "kg", "kgaa", "kk", "ksa", "limited", "llc", "llp", "lp",
    "ltd", "ltda", "mbh", "nv", "oy", "oyj", "pjsc", "plc", "pt", "pte", "pty", "pvt", "sa",
    "sae", "sarl", "sas", "sdn", "se", "sl", "spa", "sprl", "srl", "sro", "ug", "vof",
})
# fmt: on

_NOT_WORD = re.compile(r"[\W_]+")


def clean_name(name):
    """The name as Splink compares it: lower case, ASCII letters and digits, single letters
    joined, legal forms dropped; "" when nothing is left."""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    tokens = _NOT_WORD.sub(" ", text.replace("'", "").replace(".", ". ")).split()
    joined = []
    for token in tokens:
        if len(token) == 1 and joined and joined[-1][1]:
            joined[-1] = (joined[-1][0] + token, True)
        else:
            joined.append((token, len(token) == 1))
    words = [token for token, _single in joined]
    kept = [word for word in words if word not in LEGAL_FORMS]
    return " ".join(kept or words)


def _quiet():
    """Splink logs each training step at INFO and warns of levels a file never shows."""
    logging.getLogger("splink").setLevel(logging.ERROR)


def _prepare(con, existing, incoming):
    """The `records` table: id, side, position, cleaned name, its tokens with their
    relative frequency over all records, its rarest tokens and country."""
    frame = pd.DataFrame(
        [
            {
                "unique_id": record["id"],
                "side": side,
                "position": position,
                "name_clean": clean_name(record["name"]) or None,
                "country": record["country"] or None,
            }
            for side, records in (("existing", existing), ("incoming", incoming))
            for position, record in enumerate(records)
        ]
    )
    con.register("records_input", frame)
    con.execute(
        """
        CREATE TABLE tokens AS
        SELECT unique_id, token, position_in_name
        FROM (
            SELECT unique_id,
                   unnest(string_split(name_clean, ' ')) AS token,
                   generate_subscripts(string_split(name_clean, ' '), 1) AS position_in_name
            FROM records_input
            WHERE name_clean IS NOT NULL
        )
        """
    )
    con.execute(
        """
        CREATE TABLE token_frequencies AS
        SELECT token, count(*)::DOUBLE / (SELECT count(*) FROM tokens) AS rel_freq
        FROM tokens
        GROUP BY token
        """
    )
    con.execute(
        """
        CREATE TABLE records AS
        WITH named AS (
            SELECT t.unique_id,
                   list(struct_pack(token := t.token, rel_freq := f.rel_freq)
                        ORDER BY t.position_in_name) AS name_tokens_with_freq,
                   list(t.token ORDER BY f.rel_freq, t.token)[1:3] AS rarest_tokens
            FROM tokens t JOIN token_frequencies f USING (token)
            GROUP BY t.unique_id
        )
        SELECT r.unique_id, r.side, r.position, r.name_clean,
               split_part(r.name_clean, ' ', 1) AS first_token,
               n.name_tokens_with_freq, n.rarest_tokens, r.country
        FROM records_input r LEFT JOIN named n USING (unique_id)
        ORDER BY r.side, r.position
        """
    )
    con.execute("CREATE TABLE existing_records AS SELECT * FROM records WHERE side = 'existing'")
    con.execute("CREATE TABLE incoming_records AS SELECT * FROM records WHERE side = 'incoming'")
    (total_tokens,) = con.execute("SELECT count(*) FROM tokens").fetchone()
    return max(total_tokens, 1)


def _shared_tokens_product(column):
    """SQL: the product of the relative frequencies of the tokens both names share, 1.0
    when they share none (the documentation's business-rates example)."""
    return (
        f"list_reduce(list_concat([1.0::DOUBLE], list_transform("
        f"list_intersect({column}_l, {column}_r), x -> x.rel_freq::DOUBLE)), "
        f"(p, q) -> p * q)"
    )


def _token_comparison(total_tokens):
    """Levels of shared rare words; `once` is the frequency of a word seen once."""
    once = 1 / total_tokens
    product = _shared_tokens_product("name_tokens_with_freq")
    levels = [
        (
            '"name_tokens_with_freq_l" IS NULL OR "name_tokens_with_freq_r" IS NULL',
            "name tokens null",
            True,
        ),
        (f"{product} <= {(10 * once) ** 2!r}", "two or more rare words shared", False),
        (f"{product} <= {10 * once!r}", "a rare word shared (at most 10 records)", False),
        (f"{product} <= {100 * once!r}", "an uncommon word shared (at most 100)", False),
        (f"{product} < 1.0", "a common word shared", False),
    ]
    return {
        "output_column_name": "name_tokens_with_freq",
        "comparison_description": "shared words, weighted by their rarity",
        "comparison_levels": [
            {"sql_condition": condition, "label_for_charts": label, "is_null_level": null}
            for condition, label, null in levels
        ]
        + [{"sql_condition": "ELSE", "label_for_charts": "no word shared"}],
    }


def _settings(link_type, total_tokens):
    name_comparison = cl.CustomComparison(
        output_column_name="name_clean",
        comparison_description="cleaned name",
        comparison_levels=[
            cll.NullLevel("name_clean"),
            cll.ExactMatchLevel("name_clean"),
            cll.LevenshteinLevel("name_clean", 2),
            cll.JaroWinklerLevel("name_clean", 0.92),
            cll.JaroWinklerLevel("name_clean", 0.88),
            cll.JaroWinklerLevel("name_clean", 0.7),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=[
            name_comparison,
            _token_comparison(total_tokens),
            cl.ExactMatch("country"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name_clean"),
            block_on("first_token"),
            block_on("substr(name_clean, 1, 3)"),
            block_on("rarest_tokens", arrays_to_explode=["rarest_tokens"]),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def _train(linker):
    linker.training.estimate_probability_two_random_records_match(
        [block_on("name_clean")], recall=PRIOR_RECALL
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=SEED)
    for blocking_rule in (
        block_on("first_token"),
        "l.name_clean = r.name_clean AND l.name_tokens_with_freq = r.name_tokens_with_freq",
    ):
        # A small file may have no pair for a session: the other's or the default m values.
        with contextlib.suppress(EMTrainingException):
            linker.training.estimate_parameters_using_expectation_maximisation(blocking_rule)


def best_matches(existing, incoming, within_incoming):
    """{incoming id: (id of its best candidate, Splink's match probability)} for every
    incoming record with a scored candidate. `existing` and `incoming` are lists of
    {"id", "name", "country"}; candidates are the existing records and, when
    `within_incoming`, the incoming records before it."""
    if not incoming or not (existing or within_incoming):
        return {}
    _quiet()
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET threads = 1")
    con.execute("SELECT setseed(0.5)").fetchall()
    total_tokens = _prepare(con, existing, incoming)
    if existing:
        tables = ["existing_records", "incoming_records"]
        link_type = "link_and_dedupe" if within_incoming else "link_only"
    else:
        tables = ["incoming_records"]
        link_type = "dedupe_only"
    linker = Linker(
        tables,
        _settings(link_type, total_tokens),
        db_api=DuckDBAPI(con),
        set_up_basic_logging=False,
    )
    _train(linker)
    pairs = linker.inference.predict().as_pandas_dataframe()
    side = {}
    for kind, kind_records in (("existing", existing), ("incoming", incoming)):
        for position, record in enumerate(kind_records):
            side[record["id"]] = (kind, position)
    best = {}  # incoming id → (probability, minus the candidate's place, candidate id)
    for left, right, probability in zip(
        pairs["unique_id_l"], pairs["unique_id_r"], pairs["match_probability"], strict=True
    ):
        earlier, later = sorted((side[left] + (left,), side[right] + (right,)))
        if later[0] != "incoming" or (earlier[0] == "incoming" and not within_incoming):
            continue
        ranked = (float(probability), earlier[0] == "existing", -earlier[1], earlier[2])
        if later[2] not in best or ranked > best[later[2]]:
            best[later[2]] = ranked
    con.close()
    return {row: (ranked[3], ranked[0]) for row, ranked in best.items()}
