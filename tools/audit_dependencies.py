"""Check the pinned dependencies for known vulnerabilities with pip-audit.

    python -m tools.audit_dependencies [--service pypi|osv]

Audits constraints.txt, the full pinned set that every install resolves to, and nothing
else: the virtualenv may hold packages installed by hand, and pip-audit reads the pins
without installing them. Exits 1 on a vulnerability that audit-waivers.toml does not
waive, and 2 on a waiver without a reason or a failure of pip-audit itself. A waiver that
no longer matches a finding is reported, so that it gets removed.

When the vulnerability database cannot be reached (no connection, or it answers for none
of the packages), prints that the audit was NOT done and exits 0: package registries are
reachable where the database may not be, and the tests must still run.
"""

import argparse
import json
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name

BASE_DIR = Path(__file__).resolve().parent.parent
PINNED = BASE_DIR / "constraints.txt"
WAIVERS = BASE_DIR / "audit-waivers.toml"
WAIVER_KEYS = ("id", "package", "reason")
SERVICES = {"pypi": "PyPI's JSON API", "osv": "OSV"}
# What pip-audit and requests print when the database gave no answer: no connection, a
# timeout, or the service down or refusing to answer now (429, 5xx).
NO_ANSWER = re.compile(
    r"requests\.exceptions\.(ConnectionError|ConnectTimeout|ReadTimeout|SSLError|ProxyError)"
    r"|Could not connect to .* vulnerability feed"
    r"|HTTPError: (429|5\d\d) "
)


class WaiverError(Exception):
    """audit-waivers.toml is malformed or a waiver lacks its id, package or reason."""


class AuditError(Exception):
    """pip-audit failed for another reason than an unreachable database."""


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    id: str
    aliases: tuple[str, ...] = ()
    fix_versions: tuple[str, ...] = ()
    description: str = ""

    def known_as(self):
        return {name.upper() for name in (self.id, *self.aliases)}


@dataclass(frozen=True)
class Waiver:
    id: str
    package: str
    reason: str

    def covers(self, finding):
        return (
            canonicalize_name(self.package) == finding.package
            and self.id.upper() in finding.known_as()
        )


@dataclass(frozen=True)
class Report:
    """What one pip-audit run found; `unreachable` says why the database gave no answer."""

    audited: frozenset[str] = frozenset()
    skipped: dict[str, str] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    unreachable: str = ""


@dataclass
class Verdict:
    failed: bool
    lines: list[str]


def parse_waivers(text):
    """The waivers of audit-waivers.toml; every problem in it at once as a WaiverError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise WaiverError(f"not valid TOML: {error}") from None
    problems = [f"unknown table or key {key!r}" for key in data if key != "waiver"]
    entries = data.get("waiver", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise WaiverError("each waiver must be a [[waiver]] table")
    waivers = []
    for number, entry in enumerate(entries, start=1):
        name = f"waiver {number} ({entry.get('id', 'no id')})"
        missing = [key for key in WAIVER_KEYS if not str(entry.get(key, "")).strip()]
        unknown = sorted(set(entry) - set(WAIVER_KEYS))
        if missing:
            problems.append(f"{name} has no {', '.join(missing)}")
        if unknown:
            problems.append(f"{name} has unknown keys {', '.join(unknown)}")
        if not missing and not unknown:
            waivers.append(Waiver(**{key: str(entry[key]).strip() for key in WAIVER_KEYS}))
    if problems:
        raise WaiverError("; ".join(problems))
    return waivers


def read_pip_audit(returncode, output, errors):
    """The Report of a pip-audit run from its exit code, JSON output and error log."""
    try:
        dependencies = json.loads(output)["dependencies"]
    except (ValueError, KeyError):
        no_answer = [line for line in errors.splitlines() if NO_ANSWER.search(line)]
        if returncode and no_answer:
            return Report(unreachable=no_answer[-1].strip()[:300])
        raise AuditError(f"pip-audit failed (exit {returncode}):\n{errors.strip()}") from None
    audited, skipped, findings = set(), {}, []
    for dependency in dependencies:
        package = canonicalize_name(dependency["name"])
        if "skip_reason" in dependency:
            skipped[package] = dependency["skip_reason"]
            continue
        audited.add(package)
        findings += [
            Finding(
                package=package,
                version=dependency["version"],
                id=vulnerability["id"],
                aliases=tuple(vulnerability.get("aliases", ())),
                fix_versions=tuple(vulnerability.get("fix_versions", ())),
                description=vulnerability.get("description", ""),
            )
            for vulnerability in dependency["vulns"]
        ]
    unreachable = ""
    if skipped and not audited:
        unreachable = (
            f"it answered for none of the {len(skipped)} packages "
            f"({next(iter(skipped.values()))}, ...)"
        )
    return Report(frozenset(audited), skipped, tuple(findings), unreachable)


def judge(report, waivers, service="pypi"):
    """Whether the audit fails, and the lines that say what it found and why."""
    if report.unreachable:
        return Verdict(
            failed=False,
            lines=[
                f"Dependency audit NOT done: the vulnerability database ({SERVICES[service]}) "
                f"could not be reached: {report.unreachable}",
                "The pinned packages were NOT checked for known vulnerabilities; run "
                "`make audit` where the database can be reached.",
            ],
        )
    lines, unwaived, used = [], 0, set()
    for finding in report.findings:
        waiver = next((waiver for waiver in waivers if waiver.covers(finding)), None)
        fixed = ", ".join(finding.fix_versions)
        fixed = f"fixed in {fixed}" if fixed else "no fixed release"
        where = f"{finding.id} in {finding.package} {finding.version} ({fixed})"
        if waiver:
            used.add(waiver)
            lines.append(f"  waived   {where}: {waiver.reason}")
        else:
            unwaived += 1
            lines.append(f"  FINDING  {where}: {finding.description[:160]}")
    for package, reason in sorted(report.skipped.items()):
        lines.append(f"  NOT audited  {package}: {reason}")
    for waiver in waivers:
        if waiver not in used and canonicalize_name(waiver.package) not in report.skipped:
            lines.append(
                f"  stale waiver  {waiver.id} for {waiver.package} matches no finding: "
                "remove it from audit-waivers.toml"
            )
    not_audited = f", {len(report.skipped)} NOT audited" if report.skipped else ""
    lines.append(
        f"Dependency audit against {SERVICES[service]}: {len(report.audited)} packages "
        f"checked{not_audited}; vulnerabilities: {unwaived} unwaived, "
        f"{len(report.findings) - unwaived} waived. " + ("FAILED" if unwaived else "Passed.")
    )
    return Verdict(failed=bool(unwaived), lines=lines)


def run_pip_audit(service):
    completed = subprocess.run(
        [
            sys.executable, "-m", "pip_audit",
            "--requirement", str(PINNED), "--no-deps", "--disable-pip",
            "--vulnerability-service", service,
            "--format", "json", "--progress-spinner", "off",
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    return read_pip_audit(completed.returncode, completed.stdout, completed.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--service",
        choices=SERVICES,
        default="pypi",
        help="The vulnerability database to ask (default: pypi, PyPI's JSON API).",
    )
    options = parser.parse_args(argv)
    try:
        waivers = parse_waivers(WAIVERS.read_text())
        report = run_pip_audit(options.service)
    except WaiverError as error:
        print(f"{WAIVERS.name}: {error}", file=sys.stderr)
        return 2
    except AuditError as error:
        print(error, file=sys.stderr)
        return 2
    verdict = judge(report, waivers, options.service)
    print("\n".join(verdict.lines))
    return 1 if verdict.failed else 0


if __name__ == "__main__":
    sys.exit(main())
