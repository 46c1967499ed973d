"""LEI updates in the pages and the API: upload, proposals by company, decisions, personas."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from pocketworld.core.models import Country
from pocketworld.core.tests.factories import CompanyFactory
from pocketworld.imports.choices import LeiProposalField, LeiProposalStatus, LeiUploadStatus
from pocketworld.imports.gleif import services
from pocketworld.imports.models import LeiProposal, LeiUpload

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "gleif"
UPLOAD = reverse("imports:lei_upload")
PROPOSALS = reverse("imports:lei_proposal_list")
DECIDE = reverse("imports:lei_proposal_decide")
SHELL_JAPAN = "5493009V2TKX7TKLBP02"


def file(name, content=None):
    return SimpleUploadedFile(name, (DATA / name).read_bytes() if content is None else content)


def zipped(name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, (DATA / name).read_bytes())
    return SimpleUploadedFile(name.replace(".csv", ".zip"), buffer.getvalue())


def company(legal_name, country="JP", **values):
    return CompanyFactory(
        legal_name=legal_name, country=Country.objects.get(code=country), **values
    )


@pytest.fixture
def shell_japan(japan_desk):
    return company("Shell Japan Ltd.")


@pytest.fixture
def proposed(director, shell_japan):
    services.propose_updates(
        [("lei-records.xml", (DATA / "lei-records.xml").read_bytes())], director
    )
    return {
        proposal.field: proposal for proposal in LeiProposal.objects.filter(company=shell_japan)
    }


def signed_in(client, user):
    if user is not None:
        client.force_login(user)
    return client


# --- upload -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("partner_viewer", 403), ("japan_officer", 200), ("director", 200)],
)
def test_upload_page_is_for_those_who_change_companies(client, request, persona, status):
    signed_in(client, request.getfixturevalue(persona))
    assert client.get(UPLOAD).status_code == status
    assert client.get(PROPOSALS).status_code == status


def test_upload_reads_the_files_and_shows_the_proposals(client, japan_officer, shell_japan):
    signed_in(client, japan_officer)
    response = client.post(
        UPLOAD,
        {"lei_records": file("lei-records.xml"), "relationships": zipped("relationships.csv")},
        follow=True,
    )
    upload = LeiUpload.objects.get()
    assert upload.status == LeiUploadStatus.DONE
    assert response.redirect_chain[-1][0] == f"{PROPOSALS}?upload={upload.pk}"
    content = response.content.decode()
    assert "Shell Japan Ltd." in content
    assert "SHELL JAPAN LIMITED" in content
    assert "PACIFIC CENTURY PLACE MARU<br>11-11 MARUNOUCHI<br>100-6216 CHIYODA KU" in content
    assert "シェルジャパン株式会社" in content
    assert "updates proposed" in content

    page = client.get(UPLOAD).content.decode()
    assert "lei-records.xml" in page
    assert "relationships.zip" in page
    assert "Companies matched: 0 by LEI, 1 by legal name, 0 by search." in page


def test_unrelated_file_comes_back_with_the_error_at_the_field(client, japan_officer):
    signed_in(client, japan_officer)
    response = client.post(UPLOAD, {"lei_records": file("photo.png", b"\x89PNG\r\n\x1a\n")})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="error-lei_records"' in content
    assert "This is not a GLEIF file" in content
    assert not LeiUpload.objects.exists()


def test_a_csv_broken_in_its_first_line_comes_back_with_the_error_at_the_field(
    client, japan_officer
):
    signed_in(client, japan_officer)
    broken = file("lei.csv", b"LEI,Entity.LegalName\rx\n1,2\n")  # once a 500
    response = client.post(UPLOAD, {"lei_records": broken})
    assert response.status_code == 200
    assert "This is not a GLEIF file" in response.content.decode()


def test_a_file_in_the_wrong_field_is_pointed_out(client, japan_officer):
    signed_in(client, japan_officer)
    response = client.post(UPLOAD, {"lei_records": file("relationships.xml")})
    assert "This file holds relationship records (level 2)" in response.content.decode()


def test_hostile_xml_is_refused_at_the_field(client, japan_officer):
    signed_in(client, japan_officer)
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    )
    response = client.post(UPLOAD, {"relationships": file("evil.xml", hostile)})
    assert 'id="error-relationships"' in response.content.decode()
    assert "document type" in response.content.decode()


def test_no_file_is_an_error(client, japan_officer):
    signed_in(client, japan_officer)
    response = client.post(UPLOAD, {})
    assert "Choose a file of LEI records, of relationships, or both." in response.content.decode()


def test_upload_page_follows_a_reading_in_the_background(client, japan_officer):
    LeiUpload.objects.create(
        created_by=japan_officer, status=LeiUploadStatus.READING, files=[{"name": "big.zip"}]
    )
    signed_in(client, japan_officer)
    assert 'hx-trigger="every 2s"' in client.get(UPLOAD).content.decode()
    fragment = client.get(UPLOAD, headers={"HX-Request": "true"})
    assert fragment.templates[0].name == "imports/partials/lei_uploads.html"
    assert "big.zip" in fragment.content.decode()


# --- proposals and decisions -----------------------------------------------------------


def test_list_holds_the_proposals_the_user_may_decide_on(
    client, proposed, india_officer, japan_officer
):
    signed_in(client, india_officer)
    assert "Shell Japan Ltd." not in client.get(PROPOSALS).content.decode()
    signed_in(client, japan_officer)
    content = client.get(PROPOSALS).content.decode()
    assert "Shell Japan Ltd." in content
    assert f'value="{proposed[LeiProposalField.LEI].pk}"' in content


def test_accepting_the_selected_proposals(client, proposed, japan_officer, shell_japan):
    signed_in(client, japan_officer)
    chosen = [proposed[LeiProposalField.REGISTERED_ADDRESS], proposed[LeiProposalField.LEI]]
    response = client.post(
        DECIDE,
        {"action": "accept", "proposal": [proposal.pk for proposal in chosen]},
        follow=True,
    )
    assert "Accepted 2 proposals." in response.content.decode()
    shell_japan.refresh_from_db()
    assert shell_japan.lei == SHELL_JAPAN
    assert shell_japan.registered_address.startswith("PACIFIC CENTURY PLACE MARU")
    assert shell_japan.legal_name == "Shell Japan Ltd."
    assert proposed[LeiProposalField.LEGAL_NAME].status == LeiProposalStatus.PENDING


def test_dismissing_the_selected_proposals(client, proposed, japan_officer, shell_japan):
    signed_in(client, japan_officer)
    chosen = proposed[LeiProposalField.LEGAL_NAME]
    response = client.post(
        DECIDE, {"action": "dismiss", "proposal": [chosen.pk], "next": "/lei/proposals/?q=x"}
    )
    assert response.url == "/lei/proposals/?q=x"
    chosen.refresh_from_db()
    assert chosen.status == LeiProposalStatus.DISMISSED


def test_a_refused_proposal_says_why(client, director):
    puma = company("PUMA SE", "DE", lei="529900GRZ2BQY5ZM9N49")
    europe = company("PUMA Europe GmbH", "DE", lei="529900BMH4WOV2MWXU51")
    puma.parent = europe
    puma.save()
    services.propose_updates([("rr.xml", (DATA / "relationships.xml").read_bytes())], director)
    signed_in(client, director)
    parent = LeiProposal.objects.get(field=LeiProposalField.PARENT)
    response = client.post(DECIDE, {"action": "accept", "proposal": [parent.pk]}, follow=True)
    assert "Not accepted for PUMA Europe GmbH (parent company)" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("india_officer", 403), ("partner_viewer", 404)])
def test_deciding_on_another_desks_proposals(client, request, proposed, persona, status):
    signed_in(client, request.getfixturevalue(persona))
    chosen = proposed[LeiProposalField.LEI]
    response = client.post(DECIDE, {"action": "accept", "proposal": [chosen.pk]})
    assert response.status_code == status
    chosen.refresh_from_db()
    assert chosen.status == LeiProposalStatus.PENDING


def test_deciding_on_unknown_proposals_or_nothing(client, japan_officer, proposed):
    signed_in(client, japan_officer)
    assert client.post(DECIDE, {"action": "accept", "proposal": ["999999"]}).status_code == 404
    assert client.post(DECIDE, {"action": "merge", "proposal": ["1"]}).status_code == 400
    response = client.post(DECIDE, {"action": "accept"}, follow=True)
    assert "Choose at least one proposal." in response.content.decode()


def test_company_page_loads_its_pending_proposals(client, proposed, japan_officer, shell_japan):
    signed_in(client, japan_officer)
    page = client.get(shell_japan.get_absolute_url()).content.decode()
    assert f'hx-get="{PROPOSALS}?company={shell_japan.pk}"' in page
    assert "PACIFIC CENTURY PLACE MARU" not in page

    panel = client.get(f"{PROPOSALS}?company={shell_japan.pk}", headers={"HX-Request": "true"})
    content = panel.content.decode()
    assert 'class="panel"' in content
    assert "PACIFIC CENTURY PLACE MARU" in content

    other = company("Toshiba Europe GmbH")
    empty = client.get(f"{PROPOSALS}?company={other.pk}", headers={"HX-Request": "true"})
    assert empty.content.decode().strip() == ""


def test_company_page_of_another_desk_has_no_panel(client, proposed, india_officer, shell_japan):
    signed_in(client, india_officer)
    page = client.get(shell_japan.get_absolute_url()).content.decode()
    assert "lei-proposals" not in page


def test_panel_decisions_return_to_the_company(client, proposed, japan_officer, shell_japan):
    signed_in(client, japan_officer)
    panel = client.get(
        f"{PROPOSALS}?company={shell_japan.pk}",
        headers={
            "HX-Request": "true",
            "HX-Current-URL": f"http://testserver{shell_japan.get_absolute_url()}",
        },
    )
    assert f'name="next" value="{shell_japan.get_absolute_url()}"' in panel.content.decode()


# --- API --------------------------------------------------------------------------------


def api_for(user):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_api_lists_proposals_to_desk_staff_only(proposed, japan_officer, partner_viewer):
    listed = api_for(japan_officer).get("/api/v1/lei-proposals/?field=lei").json()
    assert [row["proposed_text"] for row in listed["results"]] == [SHELL_JAPAN]
    assert listed["results"][0]["company"]["display"] == "Shell Japan Ltd."
    assert api_for(partner_viewer).get("/api/v1/lei-proposals/").json()["count"] == 0


def test_api_accepts_and_dismisses(proposed, japan_officer, shell_japan):
    api = api_for(japan_officer)
    chosen = proposed[LeiProposalField.LEI]
    response = api.post("/api/v1/lei-proposals/accept/", {"ids": [chosen.pk]})
    assert response.status_code == 200
    assert response.json()["accepted"] == [chosen.pk]
    assert response.json()["change_set"] is not None
    shell_japan.refresh_from_db()
    assert shell_japan.lei == SHELL_JAPAN

    again = api.post("/api/v1/lei-proposals/accept/", {"ids": [chosen.pk]})
    assert again.status_code == 400
    assert "ids" in again.json()

    other = proposed[LeiProposalField.LEGAL_NAME]
    dismissed = api.post("/api/v1/lei-proposals/dismiss/", {"ids": [other.pk]})
    assert dismissed.json() == {"dismissed": [other.pk]}


@pytest.mark.parametrize(
    ("persona", "status"), [("india_officer", 403), ("partner_viewer", 403), ("anonymous", 401)]
)
def test_api_decisions_of_other_personas(request, proposed, shell_japan, persona, status):
    api = api_for(request.getfixturevalue(persona))
    chosen = proposed[LeiProposalField.LEI]
    assert api.post("/api/v1/lei-proposals/accept/", {"ids": [chosen.pk]}).status_code == status
    chosen.refresh_from_db()
    shell_japan.refresh_from_db()
    assert chosen.status == LeiProposalStatus.PENDING and shell_japan.lei != SHELL_JAPAN


def test_api_unknown_proposal_is_404(proposed, japan_officer):
    response = api_for(japan_officer).post("/api/v1/lei-proposals/accept/", {"ids": [999999]})
    assert response.status_code == 404


def test_api_upload(japan_officer, shell_japan):
    api = api_for(japan_officer)
    response = api.post(
        "/api/v1/lei-uploads/", {"lei_records": file("lei-records.csv")}, format="multipart"
    )
    assert response.status_code == 202
    assert response.json()["status"] == LeiUploadStatus.DONE
    assert response.json()["counts"]["matched_by_name"] == 1
    upload = api.get(f"/api/v1/lei-uploads/{response.json()['id']}/").json()
    assert upload["files"][0]["name"] == "lei-records.csv"

    wrong = api.post(
        "/api/v1/lei-uploads/", {"lei_records": file("relationships.csv")}, format="multipart"
    )
    assert wrong.status_code == 400
    assert "lei_records" in wrong.json()
    assert api.post("/api/v1/lei-uploads/", {}, format="multipart").status_code == 400


def test_api_upload_is_not_for_partner_viewers(partner_viewer):
    response = api_for(partner_viewer).post(
        "/api/v1/lei-uploads/", {"lei_records": file("lei-records.csv")}, format="multipart"
    )
    assert response.status_code == 403
    assert not LeiUpload.objects.exists()
