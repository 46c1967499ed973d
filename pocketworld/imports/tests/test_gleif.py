"""GLEIF files: reading every format, refusing hostile and foreign files, matching records
to companies, proposing updates, and accepting them undoably."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from pocketworld.companies.choices import NameKind
from pocketworld.companies.models import Company, CompanyName
from pocketworld.core.models import Country
from pocketworld.core.tests.factories import CompanyFactory, SiteFactory
from pocketworld.imports import changes, tasks
from pocketworld.imports.choices import (
    LeiMatchedBy,
    LeiProposalField,
    LeiProposalStatus,
    LeiUploadStatus,
)
from pocketworld.imports.gleif import services
from pocketworld.imports.gleif.files import (
    Address,
    LeiFileError,
    Relationship,
    open_gleif,
    read_lei_records,
    read_relationships,
)
from pocketworld.imports.gleif.matching import match_records
from pocketworld.imports.models import LeiProposal, LeiUpload, LeiUploadChunk

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "gleif"
PUMA_SE = "529900GRZ2BQY5ZM9N49"
PUMA_EUROPE = "529900BMH4WOV2MWXU51"
COMMERZBANK = "851WYGNLUQLFZBSYGB56"
SHELL_JAPAN = "5493009V2TKX7TKLBP02"
BLUE_AMBER = "222100RB6N1EBY6GMD95"
FRAPORT = "5299001ERX0K10IZUL40"


def data(name):
    return (DATA / name).read_bytes()


def zipped(name, content, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def records_of(content):
    return list(read_lei_records(*open_gleif(io.BytesIO(content))))


def relationships_of(content):
    return list(read_relationships(*open_gleif(io.BytesIO(content))))


def company(legal_name, country="DE", **values):
    return CompanyFactory(
        legal_name=legal_name, country=Country.objects.get(code=country), **values
    )


def propose(user, *names):
    return services.propose_updates([(name, data(name)) for name in names], user)


# --- reading ------------------------------------------------------------------------------


def test_reads_lei_records_from_xml():
    records = {record.lei: record for record in records_of(data("lei-records.xml"))}
    assert len(records) == 8
    puma = records[PUMA_SE]
    assert puma.legal_name == "PUMA SE"
    assert puma.legal_name_language == "de-DE"
    assert puma.legal_address == Address(
        lines=("PUMA Way 1",),
        city="Herzogenaurach",
        region="DE-BY",
        country="DE",
        postal_code="91074",
    )
    assert (puma.jurisdiction, puma.entity_status, puma.registration_status) == (
        "DE",
        "ACTIVE",
        "ISSUED",
    )
    shell_japan = records[SHELL_JAPAN]
    assert shell_japan.legal_name == "シェルジャパン株式会社"
    assert [name.text for name in shell_japan.transliterated_names] == ["SHELL JAPAN LIMITED"]
    assert shell_japan.legal_address.lines == ("PACIFIC CENTURY PLACE MARU", "11-11 MARUNOUCHI")
    assert records[BLUE_AMBER].entity_status == "INACTIVE"


def test_csv_holds_the_same_records_as_xml():
    assert records_of(data("lei-records.csv")) == records_of(data("lei-records.xml"))
    assert relationships_of(data("relationships.csv")) == relationships_of(
        data("relationships.xml")
    )


def test_reads_relationships():
    relationships = relationships_of(data("relationships.xml"))
    assert len(relationships) == 5
    assert relationships[0] == Relationship(
        child_lei=PUMA_EUROPE,
        parent_lei=PUMA_SE,
        type="IS_DIRECTLY_CONSOLIDATED_BY",
        status="ACTIVE",
        registration_status="PUBLISHED",
    )
    assert relationships[1].type == "IS_ULTIMATELY_CONSOLIDATED_BY"


@pytest.mark.parametrize("name", ["lei-records.xml", "lei-records.csv", "relationships.csv"])
def test_reads_a_zipped_file_like_the_plain_one(name):
    plain, packed = data(name), zipped(name, data(name))
    _content, plain_format = open_gleif(io.BytesIO(plain))
    _content, packed_format = open_gleif(io.BytesIO(packed))
    assert packed_format == plain_format
    if plain_format.level == 1:
        assert records_of(packed) == records_of(plain)
    else:
        assert relationships_of(packed) == relationships_of(plain)


def test_zip_bomb_is_refused():
    bomb = zipped("lei-records.xml", b"<" + b" " * 20_000_000)
    with pytest.raises(LeiFileError, match="zip bomb"):
        open_gleif(io.BytesIO(bomb))


def test_zip_with_several_files_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lei-records.xml", data("lei-records.xml"))
        archive.writestr("relationships.xml", data("relationships.xml"))
    with pytest.raises(LeiFileError, match="exactly one"):
        open_gleif(io.BytesIO(buffer.getvalue()))


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment first -->
<!DOCTYPE lei:LEIData [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lei:LEIData xmlns:lei="http://www.gleif.org/data/schema/leidata/2016"><lei:LEIRecords>
<lei:LEIRecord><lei:LEI>&lol3;</lei:LEI></lei:LEIRecord></lei:LEIRecords></lei:LEIData>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rr:RelationshipData xmlns:rr="http://www.gleif.org/data/schema/rr/2016">&xxe;
</rr:RelationshipData>"""


@pytest.mark.parametrize("content", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "xxe"])
def test_xml_with_a_document_type_is_refused(content):
    with pytest.raises(LeiFileError, match="document type"):
        open_gleif(io.BytesIO(content))
    with pytest.raises(LeiFileError, match="document type"):
        open_gleif(io.BytesIO(zipped("hostile.xml", content)))


UNRELATED = {
    "png": b"\x89PNG\r\n\x1a\n" + bytes(100),
    "empty": b"",
    "other csv": b"Name,Street,City\nPUMA SE,PUMA Way 1,Herzogenaurach\n",
    "rss": b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>',
    "other namespace": b'<lei:LEIData xmlns:lei="http://example.org/lei"></lei:LEIData>',
    "zipped text": zipped("notes.txt", b"nothing to see"),
    "csv with a bare carriage return in its first line": b"LEI,Entity.LegalName\rx\n1,2\n",
}


@pytest.mark.parametrize("content", UNRELATED.values(), ids=UNRELATED.keys())
def test_unrelated_file_is_refused_with_a_message(content):
    with pytest.raises(LeiFileError, match="not a GLEIF file"):
        open_gleif(io.BytesIO(content))


def test_broken_xml_says_where():
    broken = data("lei-records.xml").replace(b"</lei:LEI>", b"</lei:LEY>", 1)
    with pytest.raises(LeiFileError, match="line 10, column"):
        records_of(broken)


def test_xml_in_another_encoding_is_refused():
    latin1 = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?>' + data("lei-records.xml").split(b"?>", 1)[1]
    )
    with pytest.raises(LeiFileError, match="UTF-8"):
        open_gleif(io.BytesIO(latin1))


# --- matching -----------------------------------------------------------------------------


@pytest.fixture
def records():
    return records_of(data("lei-records.xml"))


def matched(records, user):
    matching = match_records(records, user)
    return {
        match.company.legal_name: (match.record.lei, match.matched_by) for match in matching.matches
    }


def test_matches_by_lei_first(records, director):
    company("Commerzbank", lei=COMMERZBANK)
    company("PUMA SE", lei=FRAPORT)  # another entity's LEI: not this record, whatever its name
    assert matched(records, director) == {"Commerzbank": (COMMERZBANK, LeiMatchedBy.LEI)}


def test_matches_by_legal_name_whatever_the_legal_form(records, director):
    company("Puma")
    company("Commerzbank AG")
    assert matched(records, director) == {
        "Puma": (PUMA_SE, LeiMatchedBy.NAME),
        "Commerzbank AG": (COMMERZBANK, LeiMatchedBy.NAME),
    }


def test_never_matches_by_name_across_countries(records, director):
    company("Puma", country="JP")
    company("Shell Japan Ltd.", country="GB")
    assert matched(records, director) == {}


def test_a_company_here_matches_a_german_entity_of_its_group(records, director):
    europe = company("PUMA Europe GmbH", country="US")
    assert matched(records, director) == {}
    SiteFactory(company=europe)
    assert matched(records, director) == {"PUMA Europe GmbH": (PUMA_EUROPE, LeiMatchedBy.NAME)}


def test_matches_a_transliterated_name(records, director):
    company("Shell Japan K.K.", country="JP")
    assert matched(records, director) == {"Shell Japan K.K.": (SHELL_JAPAN, LeiMatchedBy.NAME)}


def test_matches_by_search_where_the_legal_names_differ(records, director):
    # "Holdings" tells group members apart in a legal name; the search's keys leave it out.
    company("Shell Japan Holdings K.K.", country="JP")
    assert matched(records, director) == {
        "Shell Japan Holdings K.K.": (SHELL_JAPAN, LeiMatchedBy.SEARCH)
    }


def test_ambiguous_names_are_reported_not_guessed(records, director):
    first, second = company("Puma"), company("PUMA SE")
    matching = match_records(records, director)
    assert matching.matches == []
    ambiguous = {record.lei: set(candidates) for record, candidates in matching.ambiguous}
    assert ambiguous[PUMA_SE] == {first, second}


def test_entity_no_longer_active_is_not_matched_by_name(records, director):
    company("Blue Amber Fund Management S.A.", country="LU")
    assert matched(records, director) == {}


def test_matches_only_companies_the_user_may_change(records, japan_officer, india_desk):
    company("Shell Japan K.K.", country="JP")
    company("Puma")  # of no desk: only directors change it
    assert set(matched(records, japan_officer)) == {"Shell Japan K.K."}


# --- proposals ----------------------------------------------------------------------------


def proposals_of(target):
    return {
        (proposal.field, proposal.proposed_text): proposal
        for proposal in LeiProposal.objects.filter(company=target)
    }


def test_proposes_lei_legal_name_and_registered_address(director):
    puma = company("Puma")
    report = propose(director, "lei-records.xml")
    proposed = proposals_of(puma)
    assert set(proposed) == {
        (LeiProposalField.LEI, PUMA_SE),
        (LeiProposalField.LEGAL_NAME, "PUMA SE"),
        (LeiProposalField.REGISTERED_ADDRESS, "PUMA Way 1\n91074 Herzogenaurach\nBayern\nGermany"),
    }
    legal_name = proposed[(LeiProposalField.LEGAL_NAME, "PUMA SE")]
    assert (legal_name.current_text, legal_name.matched_by, legal_name.source_file) == (
        "Puma",
        LeiMatchedBy.NAME,
        "lei-records.xml",
    )
    assert report.counts["records"] == 8
    assert report.counts["matched_by_name"] == 1
    assert report.counts["proposals"] == 3


def test_proposes_names_in_other_scripts(director):
    shell_japan = company("Shell Japan Ltd.", country="JP")
    propose(director, "lei-records.csv")
    proposed = proposals_of(shell_japan)
    native = proposed[(LeiProposalField.NAME, "シェルジャパン株式会社")]
    assert (native.name_kind, native.name_language_id) == (NameKind.NATIVE, "ja")
    # The legal name stays in Latin letters: the transliteration GLEIF prefers.
    assert (LeiProposalField.LEGAL_NAME, "SHELL JAPAN LIMITED") in proposed


def test_proposes_nothing_that_is_already_so(director):
    company(
        "PUMA SE",
        lei=PUMA_SE,
        registered_address="PUMA Way 1\r\n91074 Herzogenaurach\r\nBayern\r\nGermany\r\n",
    )
    report = propose(director, "lei-records.xml")
    assert report.counts["matched_by_lei"] == 1
    assert report.counts["proposals"] == 0


def test_proposes_the_direct_parent_in_the_registry(director):
    puma = company("PUMA SE", lei=PUMA_SE)
    europe = company("PUMA Europe GmbH", lei=PUMA_EUROPE)
    report = propose(director, "relationships.xml")
    [parent] = LeiProposal.objects.filter(field=LeiProposalField.PARENT)
    assert (parent.company, parent.proposed_parent, parent.proposed_text) == (
        europe,
        puma,
        "PUMA SE",
    )
    assert report.counts["relationships"] == 5
    assert report.counts["proposals"] == 1


def test_reports_a_parent_not_in_the_registry(director):
    company("PUMA Europe GmbH", lei=PUMA_EUROPE)
    report = propose(director, "relationships.csv")
    assert not LeiProposal.objects.exists()
    assert report.problems == [
        {
            "kind": "parent_unknown",
            "company": {"id": Company.objects.get().pk, "name": "PUMA Europe GmbH"},
            "parent_lei": PUMA_SE,
        }
    ]


def test_parent_found_by_name_in_the_same_upload(director):
    puma = company("Puma")
    europe = company("PUMA Europe GmbH", lei=PUMA_EUROPE)
    propose(director, "relationships.xml", "lei-records.xml")
    parent = LeiProposal.objects.get(field=LeiProposalField.PARENT)
    assert (parent.company, parent.proposed_parent) == (europe, puma)


def test_reports_a_record_of_an_entity_no_longer_active(director):
    blue_amber = company("Blue Amber Fund Management S.A.", country="LU", lei=BLUE_AMBER)
    report = propose(director, "lei-records.xml")
    assert report.problems == [
        {
            "kind": "not_current",
            "lei": BLUE_AMBER,
            "company": {"id": blue_amber.pk, "name": blue_amber.legal_name},
            "status": "INACTIVE",
        }
    ]
    assert not LeiProposal.objects.exists()


def test_new_upload_replaces_pending_proposals(director):
    puma = company("Puma")
    propose(director, "lei-records.xml")
    first = set(LeiProposal.objects.values_list("pk", flat=True))
    propose(director, "lei-records.csv")
    assert LeiProposal.objects.filter(company=puma).count() == 3
    assert not first & set(LeiProposal.objects.values_list("pk", flat=True))


def test_officer_gets_proposals_only_for_own_desks(japan_officer):
    shell_japan = company("Shell Japan Ltd.", country="JP")
    company("Puma")
    propose(japan_officer, "lei-records.xml")
    assert set(LeiProposal.objects.values_list("company", flat=True)) == {shell_japan.pk}


# --- accepting and undoing ----------------------------------------------------------------


def state_of(target):
    """Everything a company stores, but the time of its last change."""
    target.refresh_from_db()
    state = changes.snapshot(target)
    state["fields"].pop("last_updated")
    names = sorted(target.names.values_list("name", "kind", "language"))
    return state, names


def test_accepting_applies_as_one_change_set_and_undo_restores_everything(director):
    puma = company("PUMA SE", lei=PUMA_SE)
    europe = company("Puma Europe", description="Sales for Europe.")
    propose(director, "lei-records.xml", "relationships.xml")
    before = state_of(europe)
    proposals = LeiProposal.objects.filter(company=europe)
    assert set(proposals.values_list("field", flat=True)) == {
        LeiProposalField.LEI,
        LeiProposalField.LEGAL_NAME,
        LeiProposalField.REGISTERED_ADDRESS,
        LeiProposalField.PARENT,
    }

    decision = services.accept_proposals(proposals, director)

    assert decision.refused == []
    europe.refresh_from_db()
    assert (europe.legal_name, europe.lei, europe.parent) == ("PUMA Europe GmbH", PUMA_EUROPE, puma)
    assert europe.registered_address.startswith("PUMA Way 1\n91074 Herzogenaurach")
    assert set(proposals.values_list("status", flat=True)) == {LeiProposalStatus.ACCEPTED}
    assert decision.change_set.kind == "lei_update"
    assert europe.history.first().history_change_reason == decision.change_set.description

    changes.undo(decision.change_set, director)

    assert state_of(europe) == before
    assert set(proposals.values_list("status", flat=True)) == {LeiProposalStatus.PENDING}


def test_accepted_names_are_added_and_undone(director):
    shell_japan = company("Shell Japan Ltd.", country="JP")
    propose(director, "lei-records.xml")
    before = state_of(shell_japan)
    names = LeiProposal.objects.filter(field=LeiProposalField.NAME)
    decision = services.accept_proposals(names, director)
    added = CompanyName.objects.get(company=shell_japan)
    assert (added.name, added.kind, added.language_id, added.script) == (
        "シェルジャパン株式会社",
        NameKind.NATIVE,
        "ja",
        "Jpan",
    )
    changes.undo(decision.change_set, director)
    assert state_of(shell_japan) == before


def test_a_parent_that_would_make_a_cycle_is_refused(director):
    puma = company("PUMA SE", lei=PUMA_SE)
    europe = company("PUMA Europe GmbH", lei=PUMA_EUROPE)
    puma.parent = europe
    puma.save()
    propose(director, "relationships.xml")
    proposal = LeiProposal.objects.get(field=LeiProposalField.PARENT)

    decision = services.accept_proposals([proposal], director)

    assert decision.change_set is None
    [(refused, message)] = decision.refused
    assert refused == proposal
    assert "own parent" in message
    proposal.refresh_from_db()
    assert proposal.status == LeiProposalStatus.PENDING
    europe.refresh_from_db()
    assert europe.parent is None


def test_dismissing_sets_proposals_aside(director):
    company("Puma")
    propose(director, "lei-records.xml")
    services.dismiss_proposals(LeiProposal.objects.all(), director)
    assert set(LeiProposal.objects.values_list("status", flat=True)) == {
        LeiProposalStatus.DISMISSED
    }
    assert LeiProposal.objects.first().decided_by == director
    assert Company.objects.get().legal_name == "Puma"


@pytest.mark.parametrize("persona", ["india_officer", "partner_viewer"])
def test_only_the_companys_desk_decides(request, director, japan_desk, persona):
    company("Shell Japan Ltd.", country="JP")
    propose(director, "lei-records.xml")
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.accept_proposals(LeiProposal.objects.all(), user)
    with pytest.raises(PermissionDenied):
        services.dismiss_proposals(LeiProposal.objects.all(), user)
    assert set(LeiProposal.objects.values_list("status", flat=True)) == {LeiProposalStatus.PENDING}


def test_japan_officer_decides_for_the_japan_desk(japan_officer):
    shell_japan = company("Shell Japan Ltd.", country="JP")
    propose(japan_officer, "lei-records.xml")
    decision = services.accept_proposals(LeiProposal.objects.all(), japan_officer)
    assert decision.refused == []
    shell_japan.refresh_from_db()
    assert shell_japan.lei == SHELL_JAPAN


# --- uploads kept until read ----------------------------------------------------------------


class Uploaded(io.BytesIO):
    """An uploaded file as a view gets it: bytes with a name."""

    def __init__(self, name, content):
        super().__init__(content)
        self.name = name


def test_upload_is_kept_in_chunks_and_read_across_them(director, monkeypatch):
    monkeypatch.setattr(services, "CHUNK_SIZE", 1000)
    puma = company("Puma")
    archive = zipped("lei-records.csv", data("lei-records.csv"))
    upload = services.store_upload(
        [Uploaded("relationships.xml", data("relationships.xml")), Uploaded("lei.zip", archive)],
        director,
    )
    assert [file["name"] for file in upload.files] == ["lei.zip", "relationships.xml"]
    assert upload.chunks.count() > 2

    services.read_upload(upload)

    upload.refresh_from_db()
    assert upload.status == LeiUploadStatus.DONE
    assert upload.counts["records"] == 8
    assert upload.counts["relationships"] == 5
    assert LeiProposal.objects.filter(company=puma, upload=upload).count() == 3
    assert not LeiUploadChunk.objects.exists()


def test_large_upload_is_read_in_the_background(
    director, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(tasks, "LEI_BACKGROUND_BYTES", 1)
    company("Puma")
    with django_capture_on_commit_callbacks(execute=True):
        upload = services.store_upload([Uploaded("lei.xml", data("lei-records.xml"))], director)
        tasks.start_reading(upload)
        assert LeiUpload.objects.get().status == LeiUploadStatus.WAITING
    assert LeiUpload.objects.get().status == LeiUploadStatus.DONE
    assert LeiProposal.objects.count() == 3


def test_upload_broken_midway_fails_with_the_reason(director):
    broken = data("lei-records.xml").replace(b"</lei:LEIRecords>", b"</lei:LEIRecordz>")
    upload = services.store_upload([Uploaded("lei.xml", broken)], director)
    services.read_upload(upload)
    upload.refresh_from_db()
    assert upload.status == LeiUploadStatus.FAILED
    assert "broken at line" in upload.error


def test_unrelated_upload_is_refused_before_it_is_kept(director):
    with pytest.raises(LeiFileError):
        services.store_upload([Uploaded("photo.png", UNRELATED["png"])], director)
    assert not LeiUpload.objects.exists()
