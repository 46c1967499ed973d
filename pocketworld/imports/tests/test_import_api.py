"""The import steps through the API: the same services and rules as the wizard."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from pocketworld.companies.models import Company
from pocketworld.core.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

LIST = b"Name;Herkunft;Leute\nSony Europe B.V.;JP;300\nSONY EUROPE BV;Japan;310\nBad;XX;1\n"


@pytest.fixture
def api(japan_officer):
    client = APIClient()
    client.force_authenticate(japan_officer)
    return client


def upload(api, content=LIST, name="fair.csv"):
    return api.post(
        "/api/v1/imports/",
        {"kind": "companies", "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def test_upload_check_decide_apply_undo(api):
    response = upload(api)
    assert response.status_code == 201, response.data
    run = response.data
    assert run["headers"] == ["Name", "Herkunft", "Leute"]
    assert run["columns"] == {"Name": "legal_name", "Herkunft": "country"}
    url = f"/api/v1/imports/{run['id']}/"
    response = api.post(
        url + "columns/",
        {"columns": {"Name": "legal_name", "Herkunft": "country", "Leute": "employees_region"}},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data["status"] == "checked"
    assert response.data["counts"]["errors"] == 1
    rows = api.get(url + "rows/?rows=errors").data["results"]
    assert [row["number"] for row in rows] == [4]
    assert rows[0]["problems"][0]["column"] == "Herkunft"
    response = api.post(
        url + "decide/", {"number": 3, "decision": "merge", "target_row": 2}, format="json"
    )
    assert response.status_code == 200, response.data
    assert api.post(url + "apply/?dry_run=true").data["counts"]["merged"] == 1
    assert not Company.objects.exists()
    response = api.post(url + "apply/")
    assert response.data["status"] == "applied"
    assert Company.objects.get().employees_region == 300
    assert api.post(url + "undo/").data["status"] == "undone"
    assert not Company.objects.exists()


def test_a_file_of_byte_order_marks_is_400_with_the_field(api):
    response = upload(api, b"\xef\xbb\xbf\xef\xbb\xbf;")  # once a 500
    assert response.status_code == 400
    assert "no table" in response.data["file"][0]


def test_errors_are_400_with_the_field(api, india_desk):
    response = upload(api, b"%PDF-1.4", name="x.csv")
    assert response.status_code == 400
    assert "PDF" in response.data["file"][0]
    run = upload(api).data
    url = f"/api/v1/imports/{run['id']}/"
    response = api.post(url + "columns/", {"columns": {"Name": "legal_name"}}, format="json")
    assert response.status_code == 400
    assert "Country of origin" in str(response.data)
    response = api.post(url + "columns/", {"columns": {"Nope": "legal_name"}}, format="json")
    assert "Not a column of the file: Nope." in str(response.data["columns"])
    api.post(
        url + "columns/", {"columns": {"Name": "legal_name", "Herkunft": "country"}}, format="json"
    )
    infosys = CompanyFactory(legal_name="Infosys", country_id="IN")
    response = api.post(
        url + "decide/",
        {"number": 2, "decision": "merge", "target_id": infosys.pk},
        format="json",
    )
    assert response.status_code == 400 and "target_id" in response.data
    response = api.post(url + "decide/", {"number": 4, "decision": "create"}, format="json")
    assert response.status_code == 400 and "errors" in str(response.data["decision"])


def test_partner_viewers_and_other_users_cannot(api, partner_viewer, india_officer):
    run = upload(api).data
    other = APIClient()
    other.force_authenticate(india_officer)
    assert other.get(f"/api/v1/imports/{run['id']}/").status_code == 404
    viewer = APIClient()
    viewer.force_authenticate(partner_viewer)
    assert viewer.get("/api/v1/imports/").status_code == 403


@pytest.fixture
def stored_upload_bytes(settings, monkeypatch):
    """Bytes of uploads that reach Django's temporary files (and so the disk)."""
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100  # every test upload goes to a temporary file
    stored = []
    receive = TemporaryFileUploadHandler.receive_data_chunk

    def counting(handler, raw_data, start):
        stored.append(len(raw_data))
        return receive(handler, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    return stored


def test_a_file_over_the_limit_is_refused_at_the_field_before_it_is_read(
    api, settings, monkeypatch, stored_upload_bytes
):
    from pocketworld.imports import services

    settings.IMPORT_MAX_FILE_SIZE = 1000

    def read_whole(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(services, "upload", read_whole)
    response = upload(api, content=b"Name\n" + b"x" * 996)  # 1,001 bytes
    assert response.status_code == 400
    assert "at most" in response.data["file"][0]
    assert sum(stored_upload_bytes) <= 1000


def test_a_file_at_the_limit_is_taken(api, settings, stored_upload_bytes):
    settings.IMPORT_MAX_FILE_SIZE = len(LIST)
    response = upload(api)
    assert response.status_code == 201, response.data
    assert sum(stored_upload_bytes) == len(LIST)
