"""The dependency audit fails on an unwaived finding only, and never passes in silence."""

import json

import pytest

from tools.audit_dependencies import (
    WAIVERS,
    AuditError,
    Finding,
    Report,
    Waiver,
    WaiverError,
    judge,
    parse_waivers,
    read_pip_audit,
)

DJANGO_FINDING = Finding(
    package="django",
    version="5.2.19",
    id="PYSEC-2026-1",
    aliases=("GHSA-abcd-efgh-ijkl", "CVE-2026-1234"),
    fix_versions=("5.2.20",),
    description="SQL injection in a MySQL lookup",
)
# The lines pip-audit and requests print when the database cannot be resolved.
NO_CONNECTION = """\
WARNING:pip_audit._cli:--no-deps is supported, but users are encouraged to fully hash their pinned dependencies
Traceback (most recent call last):
socket.gaierror: [Errno -2] Name or service not known
requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev', port=443): Max retries exceeded with url: /v1/query
"""  # noqa: E501


def pip_audit_output(*dependencies):
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_waivers_are_read_with_their_reasons():
    waivers = parse_waivers(
        '[[waiver]]\nid = "GHSA-abcd-efgh-ijkl"\npackage = "Django"\n'
        'reason = "Only the MySQL backend is affected."\n'
    )

    assert waivers == [
        Waiver(
            id="GHSA-abcd-efgh-ijkl", package="Django", reason="Only the MySQL backend is affected."
        )
    ]


def test_the_committed_waivers_file_is_valid():
    parse_waivers(WAIVERS.read_text())


@pytest.mark.parametrize("reason", ['reason = "  "\n', ""])
def test_a_waiver_without_a_reason_is_an_error(reason):
    with pytest.raises(WaiverError, match=r"waiver 1 \(GHSA-abcd-efgh-ijkl\) has no reason"):
        parse_waivers(f'[[waiver]]\nid = "GHSA-abcd-efgh-ijkl"\npackage = "django"\n{reason}')


def test_every_problem_of_the_waivers_file_is_told_at_once():
    text = (
        '[[waiver]]\nid = "PYSEC-1"\nreason = "r"\n'
        '[[waiver]]\nid = "PYSEC-2"\npackage = "nh3"\nreason = "r"\nuntil = "2027-01-01"\n'
    )

    with pytest.raises(WaiverError) as error:
        parse_waivers(text)

    assert str(error.value) == (
        "waiver 1 (PYSEC-1) has no package; waiver 2 (PYSEC-2) has unknown keys until"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[waiver]\n", "not valid TOML"),
        ('waiver = "GHSA-abcd-efgh-ijkl"\n', r"each waiver must be a \[\[waiver\]\] table"),
        ('[[waivers]]\nid = "PYSEC-1"\n', "unknown table or key 'waivers'"),
    ],
)
def test_a_misshapen_waivers_file_is_an_error(text, problem):
    with pytest.raises(WaiverError, match=problem):
        parse_waivers(text)


def test_findings_are_read_with_all_their_names():
    output = pip_audit_output(
        {
            "name": "django",
            "version": "5.2.19",
            "vulns": [
                {
                    "id": "PYSEC-2026-1",
                    "fix_versions": ["5.2.20"],
                    "aliases": ["GHSA-abcd-efgh-ijkl", "CVE-2026-1234"],
                    "description": "SQL injection in a MySQL lookup",
                }
            ],
        },
        {"name": "nh3", "version": "0.3.8", "vulns": []},
    )

    report = read_pip_audit(1, output, "")

    assert report == Report(audited=frozenset({"django", "nh3"}), findings=(DJANGO_FINDING,))


def test_a_database_that_answers_for_no_package_was_not_reached():
    output = pip_audit_output(
        {"name": "django", "skip_reason": "Dependency not found on PyPI: django (5.2.19)"},
        {"name": "nh3", "skip_reason": "Dependency not found on PyPI: nh3 (0.3.8)"},
    )

    report = read_pip_audit(0, output, "")

    assert report.unreachable.startswith("it answered for none of the 2 packages")


def test_no_connection_to_the_database_is_unreachable_not_a_crash():
    report = read_pip_audit(1, "", NO_CONNECTION)

    assert report.unreachable.startswith("requests.exceptions.ConnectionError")
    assert not report.findings


def test_another_failure_of_pip_audit_is_an_error():
    with pytest.raises(AuditError, match="exit 1"):
        read_pip_audit(1, "", "ValueError: invalid requirement: 'django=='\n")


def test_an_unwaived_finding_fails():
    verdict = judge(Report(audited=frozenset({"django"}), findings=(DJANGO_FINDING,)), [])

    assert verdict.failed
    assert verdict.lines[0] == (
        "  FINDING  PYSEC-2026-1 in django 5.2.19 (fixed in 5.2.20): "
        "SQL injection in a MySQL lookup"
    )
    assert verdict.lines[-1] == (
        "Dependency audit against PyPI's JSON API: 1 packages checked; "
        "vulnerabilities: 1 unwaived, 0 waived. FAILED"
    )


def test_a_finding_waived_by_any_of_its_names_passes_with_the_reason():
    waiver = Waiver(id="cve-2026-1234", package="Django", reason="We run no MySQL.")

    verdict = judge(Report(audited=frozenset({"django"}), findings=(DJANGO_FINDING,)), [waiver])

    assert not verdict.failed
    assert verdict.lines[0].endswith("(fixed in 5.2.20): We run no MySQL.")
    assert verdict.lines[-1].endswith("vulnerabilities: 0 unwaived, 1 waived. Passed.")


def test_a_waiver_holds_for_its_own_package_only():
    waiver = Waiver(id="CVE-2026-1234", package="nh3", reason="Not this one.")

    verdict = judge(
        Report(audited=frozenset({"django", "nh3"}), findings=(DJANGO_FINDING,)), [waiver]
    )

    assert verdict.failed
    assert "  stale waiver  CVE-2026-1234 for nh3 matches no finding: " in "\n".join(verdict.lines)


def test_a_stale_waiver_is_reported_without_failing():
    waiver = Waiver(id="PYSEC-2025-9", package="django", reason="Fixed since.")

    verdict = judge(Report(audited=frozenset({"django"})), [waiver])

    assert not verdict.failed
    assert verdict.lines[0] == (
        "  stale waiver  PYSEC-2025-9 for django matches no finding: "
        "remove it from audit-waivers.toml"
    )


def test_packages_not_audited_are_named_and_their_waivers_not_called_stale():
    waiver = Waiver(id="PYSEC-2025-9", package="nh3", reason="Still open.")
    report = Report(
        audited=frozenset({"django"}), skipped={"nh3": "Dependency not found on PyPI: nh3"}
    )

    verdict = judge(report, [waiver])

    assert not verdict.failed
    assert verdict.lines == [
        "  NOT audited  nh3: Dependency not found on PyPI: nh3",
        "Dependency audit against PyPI's JSON API: 1 packages checked, 1 NOT audited; "
        "vulnerabilities: 0 unwaived, 0 waived. Passed.",
    ]


def test_an_unreachable_database_passes_saying_the_audit_was_not_done():
    verdict = judge(Report(unreachable="Name or service not known"), [], service="osv")

    assert not verdict.failed
    assert verdict.lines[0] == (
        "Dependency audit NOT done: the vulnerability database (OSV) could not be reached: "
        "Name or service not known"
    )
    assert "were NOT checked" in verdict.lines[1]
