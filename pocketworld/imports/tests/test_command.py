"""`manage.py import`: the pipeline from the command line, its report and its exit status."""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pocketworld.companies.models import Company
from pocketworld.core.tests.factories import CompanyFactory
from pocketworld.imports.models import ImportRun

pytestmark = pytest.mark.django_db

CHAMBER_LIST = (
    "Firma;Land;Mitarbeiter\n"
    "Nidec Motors GmbH;Japan;120\n"
    "NIDEC MOTORS G.m.b.H.;JP;120\n"
    "Canon Deutschland GmbH;JP;1.100\n"
    "Broken Ltd;Atlantis;x\n"
).encode("cp1252")


def run_import(tmp_path, content, *args, name="liste.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    output = []

    class Out:
        def write(self, text):
            output.append(text)

        def flush(self):
            pass

    call_command("import", str(path), *args, stdout=Out())
    return "".join(output)


def test_imports_with_guessed_columns_and_reports_by_row(tmp_path):
    canon = CompanyFactory(legal_name="Canon Deutschland GmbH")
    output = run_import(tmp_path, CHAMBER_LIST, "--kind", "companies")
    assert "Column 'Firma' → Legal name" in output
    assert "Row 3: duplicate of row 2 'Nidec Motors GmbH'" in output
    assert f"Row 4: duplicate of record #{canon.pk} 'Canon Deutschland GmbH'" in output
    assert "Row 5 [Land]: error: Atlantis is not a country" in output
    assert "Row 5 [Mitarbeiter]: error:" in output
    assert "1 created" in output and "2 duplicate" in output and "1 invalid" in output
    assert Company.objects.filter(legal_name__icontains="nidec").count() == 1


def test_merge_merges_high_confidence_duplicates(tmp_path):
    canon = CompanyFactory(legal_name="Canon Deutschland GmbH", employees_region=None)
    output = run_import(tmp_path, CHAMBER_LIST, "--kind", "companies", "--merge")
    assert f"Row 4: duplicate of record #{canon.pk}" in output and ": merged" in output
    canon.refresh_from_db()
    assert canon.employees_region == 1100
    assert Company.objects.count() == 2


def test_dry_run_changes_nothing(tmp_path):
    output = run_import(tmp_path, CHAMBER_LIST, "--kind", "companies", "--dry-run")
    assert "2 to create" in output or "to create" in output
    assert "Dry run: nothing was changed." in output
    assert not Company.objects.exists()
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "The file is empty."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "list.csv", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "list.xls", ".xls"),
    ],
)
def test_unreadable_files_end_with_a_message_not_a_traceback(tmp_path, content, name, message):
    with pytest.raises(CommandError, match=message):
        run_import(tmp_path, content, "--kind", "companies", name=name)
    assert not ImportRun.objects.exists()


def test_missing_file_and_unknown_mapping(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import", str(tmp_path / "nothing.csv"), "--kind", "companies")
    (tmp_path / "a.csv").write_text("Firma\nX\n")
    with pytest.raises(CommandError, match="No saved mapping 'IHK'"):
        call_command("import", str(tmp_path / "a.csv"), "--kind", "companies", "--mapping", "IHK")


def test_exit_status_is_not_zero_on_an_unreadable_file(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(b"%PDF-1.4 not a table")
    result = subprocess.run(
        [sys.executable, "manage.py", "import", str(path), "--kind", "companies", "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "PDF" in result.stderr
