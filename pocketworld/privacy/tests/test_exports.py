"""The access export of a person who appears everywhere: every place of the footprint is in
the JSON with its field names and in the PDF, in the language asked for, and it is logged."""

import io
import json
import shutil
import subprocess
import zipfile

import pytest

from pocketworld.core.tests.factories import InteractionFactory, ProjectFactory
from pocketworld.privacy import exports
from pocketworld.privacy.erasure import erasure_preview
from pocketworld.privacy.exports import make_access_export
from pocketworld.privacy.models import AccessExport
from pocketworld.privacy.tests.everywhere import EMAIL, FAMILY, GIVEN, NATIVE, build_world

pytestmark = pytest.mark.django_db

NAME = f"{GIVEN} {FAMILY}"


def run(command, data):
    if not shutil.which(command[0]):
        pytest.fail("The PDF tests need poppler-utils: make system-test-deps installs it.")
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode()


def opened(export):
    """(the JSON document, the PDF's bytes) of an export's ZIP."""
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        names = archive.namelist()
        [json_name] = [name for name in names if name.endswith(".json")]
        [pdf_name] = [name for name in names if name.endswith(".pdf")]
        return json.loads(archive.read(json_name)), archive.read(pdf_name)


@pytest.fixture
def world(japan_desk):
    return build_world(japan_desk)


@pytest.fixture
def english(world):
    export = make_access_export(world.person, user=world.officer, language="en")
    document, pdf = opened(export)
    return export, document, pdf


def test_every_place_the_person_appears_is_in_the_export(world, english):
    _export, document, _pdf = english
    places = {place["place"]: place for place in document["places"]}
    # Every place erasure would touch is one the export shows, and the other way round.
    assert set(places) == {place.key for place, _count in erasure_preview(world.person)}
    assert document["places"][0]["place"] == "record:contacts.Person"
    record = places["record:contacts.Person"]["records"][0]
    assert record["fields"]["family_name"] == FAMILY and record["fields"]["email"] == EMAIL
    assert record["fields"]["languages"] == ["ja"] and record["fields"]["tags"] == ["vip"]
    merged = places["record:contacts.Person"]["records"][1]["fields"]
    assert merged["email"] == "hiroshi.wk@old-address.example.jp"

    def ids(key):
        return {record["id"] for record in places[key]["records"]}

    assert ids("relation:interactions.Interaction.people") >= {world.interaction.pk}
    assert ids("text:interactions.Interaction") == {world.interaction.pk, world.mention.pk}
    assert ids("text:interactions.Task") == {world.task.pk}
    assert ids("relation:events.Event.leader") == {world.led_event.pk}
    assert ids("relation:events.ProgrammeItem.host_person") == {world.programme_item.pk}
    assert ids("text:projects.Project") == {world.project.pk}
    assert ids("file:imports.ImportRun.content") == {world.import_run.pk}
    for key in (
        "relation:contacts.Position.person",
        "relation:privacy.RetentionExtension.person",
        "import-rows:imports.ImportRow",
        "pointer:imports.RecordedChange",
        "pointer:admin.LogEntry",
        "snapshot:imports.RecordedChange",
        "history:contacts.HistoricalPerson",
        "relation:interactions.HistoricalInteraction_people.person",
        "text:interactions.HistoricalInteraction",
        "search:search.SearchEntry",
    ):
        assert places[key]["records"], key


def test_participations_come_with_their_agenda(world, english):
    _export, document, _pdf = english
    [place] = [p for p in document["places"] if p["place"] == "relation:events.Participant.person"]
    by_event = {record["fields"]["event"]["id"]: record for record in place["records"]}
    assert set(by_event) == {world.alone_event.pk, world.matchmaking_event.pk}
    [meeting] = by_event[world.matchmaking_event.pk]["fields"]["agenda"]
    assert meeting["slot"] == 1 and meeting["table"] == 1
    assert meeting["starts_at"].startswith("2026-06-10T09:00")
    assert by_event[world.alone_event.pk]["fields"]["agenda"] == []


def test_the_export_lists_who_exported_it_when(world, english):
    export, document, _pdf = english
    assert export.log.person == world.person and export.log.exported_by == world.officer
    assert export.log.language == "en"
    [place] = [
        p for p in document["places"] if p["place"] == "relation:privacy.AccessExport.person"
    ]
    assert {record["id"] for record in place["records"]} == set(
        AccessExport.objects.values_list("pk", flat=True)
    )
    assert len(place["records"]) == 2  # an earlier one and this one
    assert document["exported_by"] == str(world.officer)


def test_someone_else_s_record_shows_only_where_it_names_them(english):
    _export, document, _pdf = english
    [place] = [p for p in document["places"] if p["place"] == "text:contacts.Person"]
    [colleague] = place["records"]
    assert colleague["display"] == "" and colleague["fields"] == {"notes": f"Deputy of {NAME}."}
    assert "Schmidt" not in json.dumps(colleague)


def test_the_pdf_reads_as_the_json_says(english):
    _export, document, pdf = english
    text = " ".join(run(["pdftotext", "-q", "-enc", "UTF-8", "-", "-"], pdf).split())
    assert "Access to personal data (Art. 15 GDPR)" in text
    assert NAME in text and NATIVE in text and EMAIL in text
    folded = text.casefold()
    missing = [p["title"] for p in document["places"] if p["title"].casefold() not in folded]
    assert missing == []
    assert f"Send the brochure to {NAME}" in text
    # Names in Japanese are drawn, not left as empty boxes.
    fonts = run(["pdffonts", "-"], pdf)
    assert "Noto-Sans-CJK" in fonts


def test_the_export_in_german(world):
    export = make_access_export(world.person, user=world.officer, language="de")
    document, pdf = opened(export)
    assert export.name.endswith(".zip") and export.log.language == "de"
    titles = {place["place"]: place["title"] for place in document["places"]}
    assert titles["relation:contacts.Position.person"].startswith("Positionen")
    text = run(["pdftotext", "-q", "-enc", "UTF-8", "-", "-"], pdf)
    assert "Nachname" in text and "Seite" in text


def test_an_export_that_fails_is_not_logged(world, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr(exports, "render_pdf", broken)
    with pytest.raises(OSError):
        make_access_export(world.person, user=world.officer, language="en")
    assert AccessExport.objects.count() == 1  # the earlier one


def test_a_confidential_project_reaches_an_outsider_under_its_codename(
    world, japan_officer, director
):
    """The export obeys the policy: an officer of his desk who is no member of a
    confidential project named after him gets it under its codename, without the mention,
    and neither its history nor what hangs on it; a director gets it whole (and the
    project's access log notes that)."""
    project = ProjectFactory(
        company=world.company,
        owner=world.officer,
        title=f"Heron: relocation of {NAME}",
        description=f"{NAME} decides in May.",
        confidential=True,
        codename="Heron",
    )
    InteractionFactory(
        company=world.company, project=project, notes=f"Talked to {NAME} about Heron."
    )

    outsider, _pdf = opened(make_access_export(world.person, user=japan_officer, language="en"))
    text = json.dumps(outsider, ensure_ascii=False)
    assert "relocation of" not in text and "decides in May" not in text
    assert "about Heron" not in text
    projects = {
        record["id"]: record
        for place in outsider["places"]
        if place["place"] == "text:projects.Project"
        for record in place["records"]
    }
    assert projects[project.pk]["display"] == "Heron"

    whole, _pdf = opened(make_access_export(world.person, user=director, language="en"))
    text = json.dumps(whole, ensure_ascii=False)
    assert f"Heron: relocation of {NAME}" in text and "about Heron" in text
    assert project.access_log.filter(user=director, action="exported").exists()
    assert not project.access_log.filter(user=japan_officer, action="exported").exists()
