"""The browser's security: the headers every response carries, no inline script or style in
any template a browser receives (the Content-Security-Policy would block it), and signing
out after inactivity or a password change."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from pocketworld.core.middleware import ACTIVITY_RESOLUTION_SECONDS

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
PDF_TEMPLATE = re.compile(r"render_pdf\(\s*\"([^\"]+\.html)\"")


def test_every_response_carries_the_security_headers(client):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(("secure", "seconds"), [("true", "31536000"), ("false", "0")])
def test_hsts_is_on_with_secure_cookies(secure, seconds):
    environment = {
        **os.environ,
        "SECURE_COOKIES": secure,
        "DJANGO_SETTINGS_MODULE": "pocketworld.settings",
    }
    script = "import django; django.setup(); from django.conf import settings; "
    script += "print(settings.SECURE_HSTS_SECONDS)"
    printed = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    ).stdout
    assert printed.strip().splitlines()[-1] == seconds


def pdf_templates():
    """Templates only WeasyPrint renders (`render_pdf`): no browser receives them."""
    found = set()
    for path in Path(settings.BASE_DIR, "pocketworld").rglob("*.py"):
        found.update(PDF_TEMPLATE.findall(path.read_text(encoding="utf-8")))
    return found


def browser_templates():
    root = Path(settings.BASE_DIR, "templates")
    pdfs = pdf_templates()
    assert pdfs, "the PDF templates were not found"
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        if name not in pdfs:
            yield name, path.read_text(encoding="utf-8")


def test_no_template_a_browser_receives_holds_inline_script_or_style():
    found = [
        (name, pattern.pattern)
        for name, text in browser_templates()
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, INLINE_STYLE)
        if pattern.search(text)
    ]
    assert found == []


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def is_signed_in(client):
    return client.get("/").status_code == 200


def test_a_session_ends_after_hours_without_a_request(japan_officer):
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = signed_in(japan_officer)
        assert is_signed_in(client)
        # Working on: each request after a while pushes the end on.
        for _ in range(3):
            clock.shift(idle - HOUR)
            assert is_signed_in(client)
        # Requests close together do not write the session each time.
        clock.shift(datetime.timedelta(seconds=ACTIVITY_RESOLUTION_SECONDS - 60))
        assert is_signed_in(client)
        clock.shift(idle + HOUR)
        assert not is_signed_in(client)


def test_a_password_change_ends_the_other_sessions(japan_officer):
    client = signed_in(japan_officer)
    assert is_signed_in(client)
    japan_officer.set_password("a-new-and-long-passphrase")
    japan_officer.save()
    assert not is_signed_in(client)
