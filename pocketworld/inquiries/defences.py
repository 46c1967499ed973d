"""Abuse defences of the public form and API, none of them a third party's: a hidden field
only robots fill, a minimum time between showing the form and sending it, limits per
address and per e-mail counted in the database (so every app server counts alike), and a
cap on links. A submission they reject is kept as spam with the reason, never dropped."""

import datetime
import hashlib
import re
import secrets
import time

from django.conf import settings
from django.core import signing
from django.db import connection
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.crypto import salted_hmac

from pocketworld.inquiries.choices import SpamReason
from pocketworld.inquiries.models import Inquiry

TOKEN_SALT = "pocketworld.inquiries.form"
# A form left open longer than this is shown again with a fresh token.
TOKEN_MAX_AGE = 24 * 3600
RATE_WINDOW = datetime.timedelta(hours=1)
# A web address counts once, with or without its scheme.
LINK = re.compile(r"(?:https?://|www\.)\S+|\[url", re.IGNORECASE)

# What files an inquirer may send, known by their first bytes, not by their name.
FILE_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def new_form_token():
    """A signed token the form carries: when it was shown and a one-time nonce."""
    return signing.dumps({"at": time.time(), "nonce": secrets.token_urlsafe(18)}, salt=TOKEN_SALT)


def read_form_token(token):
    """{"at", "nonce"} of a token this server signed, or None."""
    try:
        value = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("nonce"), str):
        return None
    return value


def address_hash(address):
    """A keyed hash of the sender's address: counts alike on every app server (one
    SECRET_KEY), and tells nobody the address."""
    if not address:
        return ""
    return salted_hmac("pocketworld.inquiries.address", address).hexdigest()


def link_count(*texts):
    return sum(len(LINK.findall(text or "")) for text in texts)


def spam_reason(*, honeypot, token, texts):
    """Why a submission is spam by what it holds, or "". `token` is the form's token as
    read (None when missing or forged); an API submission passes False, as it has none.
    The limits per address and e-mail are asked at storing (`over_limit`)."""
    if honeypot:
        return SpamReason.HONEYPOT
    if token is None:
        return SpamReason.NO_TOKEN
    if token and time.time() - float(token.get("at", 0)) < settings.INQUIRY_MIN_FILL_SECONDS:
        return SpamReason.TOO_FAST
    if link_count(*texts) > settings.INQUIRY_MAX_LINKS:
        return SpamReason.LINKS
    return ""


def hold_limits(address, email):
    """Take the locks of the sender's address and e-mail until the transaction ends, so that
    submissions sent at the same moment are counted one after the other, on every app server.
    PostgreSQL: advisory locks; SQLite writes one transaction at a time anyway."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted({f"address:{address}", f"email:{email.lower()}"}):
            number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def over_limit(address, email, now=None):
    """SpamReason when the sender has sent their share within the hour, or "". Call it
    in the transaction that stores the submission, after `hold_limits`."""
    recent = Inquiry.objects.filter(received_at__gte=(now or timezone.now()) - RATE_WINDOW)
    if address and recent.filter(address_hash=address).count() >= settings.INQUIRY_MAX_PER_ADDRESS:
        return SpamReason.ADDRESS_LIMIT
    by_email = recent.annotate(email_upper=Upper("email")).filter(email_upper=email.upper())
    if by_email.count() >= settings.INQUIRY_MAX_PER_EMAIL:
        return SpamReason.EMAIL_LIMIT
    return ""


def file_type(head):
    """The content type of a file by its first bytes, or None when it is not one we take."""
    for signature, content_type in FILE_SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None
