"""The import wizard's pages: who may use them, errors at the field, and the steps."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pocketworld.companies.models import Company
from pocketworld.core.tests.factories import CompanyFactory
from pocketworld.imports import services
from pocketworld.imports.choices import ImportStatus, RowDecision
from pocketworld.imports.models import ColumnMapping, ImportRun

pytestmark = pytest.mark.django_db

LIST = b"Name;Herkunft;Leute\nSony Europe B.V.;JP;300\nSONY EUROPE BV;Japan;310\n"


def upload(client, content=LIST, name="fair.csv", kind="companies"):
    return client.post(
        reverse("imports:import_list"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize("persona", ["partner_viewer", "anonymous"])
def test_who_may_not_import(client, request, persona):
    user = request.getfixturevalue(persona)
    if user:
        client.force_login(user)
    response = client.get(reverse("imports:import_list"))
    assert response.status_code in (302, 403)
    if persona == "partner_viewer":
        assert response.status_code == 403


def test_another_users_import_is_not_found(client, japan_officer, india_officer):
    run = services.upload("companies", "a.csv", LIST, india_officer)
    client.force_login(japan_officer)
    assert client.get(run.get_absolute_url()).status_code == 404


def test_an_unreadable_file_is_an_error_at_the_field(client, japan_officer):
    client.force_login(japan_officer)
    response = upload(client, b"%PDF-1.5 ...", name="list.csv")
    assert response.status_code == 200
    assert "PDF" in response.context["form"].errors["file"][0]
    assert not ImportRun.objects.exists()


def test_columns_step_requires_the_required_fields_and_no_field_twice(client, japan_officer):
    client.force_login(japan_officer)
    run = ImportRun.objects.get(pk=upload(client).url.split("/")[-3])
    assert run.columns == {"Name": "legal_name", "Herkunft": "country"}
    url = reverse("imports:import_columns", args=[run.pk])
    response = client.post(url, {"column_0": "legal_name", "column_1": "", "column_2": ""})
    assert "Choose a column for: Country of origin." in response.content.decode()
    response = client.post(url, {"column_0": "legal_name", "column_1": "legal_name"})
    assert "already taken" in response.context["form"].errors["column_1"][0]


def test_the_whole_way_through(client, japan_officer):
    client.force_login(japan_officer)
    upload(client)
    run = ImportRun.objects.get()
    run_url = run.get_absolute_url()
    response = client.post(
        reverse("imports:import_columns", args=[run.pk]),
        {
            "column_0": "legal_name",
            "column_1": "country",
            "column_2": "employees_region",
            "save_as": "Medica exhibitors",
        },
    )
    assert response.url == run_url
    assert ColumnMapping.objects.get(name="Medica exhibitors").columns["Leute"] == (
        "employees_region"
    )
    page = client.get(run_url).content.decode()
    assert "2 rows: 1 to create, 0 to merge, 1 to skip" in page
    # The second row repeats the first: the officer decides to merge it into row 2.
    response = client.post(
        reverse("imports:import_row_decide", args=[run.pk, 3]), {"decision": "merge:row:2"}
    )
    assert response.status_code == 200
    assert run.rows.get(number=3).decision == RowDecision.MERGE
    assert (
        client.post(
            reverse("imports:import_row_decide", args=[run.pk, 2]), {"decision": "merge:row:3"}
        ).status_code
        == 400
    )
    client.post(reverse("imports:import_apply", args=[run.pk]), {"dry_run": "1"})
    assert not Company.objects.exists()
    client.post(reverse("imports:import_apply", args=[run.pk]))
    sony = Company.objects.get()
    assert sony.employees_region == 300
    assert list(sony.names.values_list("name", flat=True)) == ["SONY EUROPE BV"]
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    client.post(reverse("imports:import_undo", args=[run.pk]))
    assert not Company.objects.exists()


def test_merging_into_a_record_the_user_may_not_change_is_refused(
    client, japan_officer, india_desk
):
    infosys = CompanyFactory(legal_name="Infosys Ltd", country_id="IN")
    client.force_login(japan_officer)
    upload(client)
    run = ImportRun.objects.get()
    services.check(run)
    assert run.rows.get(number=2).decision == RowDecision.CREATE
    response = client.post(
        reverse("imports:import_row_decide", args=[run.pk, 2]),
        {"decision": f"merge:id:{infosys.pk}"},
    )
    assert response.status_code == 400
    row = run.rows.get(number=2)
    assert (row.decision, row.target_id) == (RowDecision.CREATE, None)
    run.refresh_from_db()
    assert run.counts[RowDecision.MERGE] == 0


def test_large_files_are_checked_in_the_background(
    client, japan_officer, django_capture_on_commit_callbacks
):
    client.force_login(japan_officer)
    rows = "".join(f"Firma {number} GmbH;JP;{number}\n" for number in range(3_000))
    upload(client, ("Name;Herkunft;Leute\n" + rows).encode())
    run = ImportRun.objects.get()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pocketworld.imports.tasks.BACKGROUND_BYTES", 100)
        with django_capture_on_commit_callbacks() as callbacks:
            client.post(
                reverse("imports:import_columns", args=[run.pk]),
                {"column_0": "legal_name", "column_1": "country", "column_2": "employees_region"},
            )
    assert ImportRun.objects.get().status == ImportStatus.CHECKING
    assert client.get(run.get_absolute_url()).context["working"]
    callbacks[0]()
    run.refresh_from_db()
    # The immediate task backend of the tests has run the check on commit.
    assert run.status == ImportStatus.CHECKED
    assert run.rows_done == run.rows_total == 3_000


def test_large_imports_are_undone_in_the_background(
    client, japan_officer, django_capture_on_commit_callbacks
):
    client.force_login(japan_officer)
    upload(client)
    run = ImportRun.objects.get()
    services.set_columns(run, {"Name": "legal_name", "Herkunft": "country"}, "", japan_officer)
    services.check(run)
    services.apply(run, japan_officer)
    assert Company.objects.count() == 1
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pocketworld.imports.tasks.BACKGROUND_BYTES", 10)
        with django_capture_on_commit_callbacks() as callbacks:
            response = client.post(reverse("imports:import_undo", args=[run.pk]), follow=True)
    assert "being undone in the background" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportStatus.UNDOING
    assert Company.objects.count() == 1
    callbacks[0]()
    run.refresh_from_db()
    assert run.status == ImportStatus.UNDONE
    assert not Company.objects.exists()


def test_a_file_over_the_limit_is_refused_at_the_field_before_it_is_read(
    client, japan_officer, settings, monkeypatch
):
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    settings.IMPORT_MAX_FILE_SIZE = 1000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100
    stored = []
    receive = TemporaryFileUploadHandler.receive_data_chunk

    def counting(handler, raw_data, start):
        stored.append(len(raw_data))
        return receive(handler, raw_data, start)

    def read_whole(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    monkeypatch.setattr(services, "upload", read_whole)
    client.force_login(japan_officer)
    response = upload(client, b"Name\n" + b"x" * 996)
    assert response.status_code == 200
    assert "at most" in response.context["form"].errors["file"][0]
    assert sum(stored) <= 1000


def test_the_upload_still_checks_csrf(japan_officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(japan_officer)
    assert upload(client).status_code == 403
    assert not ImportRun.objects.exists()
