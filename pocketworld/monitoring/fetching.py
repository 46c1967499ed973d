"""Reading a source over HTTP as a careful client.

Conditional GET (ETag, Last-Modified), timeouts and a deadline for the whole read, a cap
on the body after decompression (a gzip bomb stops there), redirects followed one by one
and bounded, robots.txt honoured, and no request to a private, loopback or link-local
address (no server-side request forgery), unless `MONITORING_ALLOW_PRIVATE_HOSTS` allows
intranet sources. Every failure is a `FetchError` with a reason a desk officer can read.
"""

import gzip
import ipaddress
import socket
import time
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from django.conf import settings
from django.utils.translation import gettext as _
from requests.structures import CaseInsensitiveDict

REDIRECT_CODES = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
ROBOTS_MAX_BYTES = 512 * 1024
# A robots.txt is read again after an hour.
ROBOTS_SECONDS = 3600
_robots = {}


class FetchError(Exception):
    """Why a source could not be read; `status` is the HTTP status where there was one."""

    def __init__(self, reason, status=None):
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass
class Fetched:
    url: str
    status: int
    content: bytes = b""
    # Case-insensitive, as header names are ("etag" is an ETag).
    headers: CaseInsensitiveDict = field(default_factory=CaseInsensitiveDict)

    @property
    def not_modified(self):
        return self.status == 304


def user_agent():
    return f"pocketworld-monitoring (+{settings.SITE_URL})"


def check_address(url, resolve=True):
    """Refuse what is no http(s) address, and hosts in private networks: literal addresses
    always, names once resolved (`resolve`; a form checks before the host is reachable)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(_("Only http and https addresses can be fetched."))
    if settings.MONITORING_ALLOW_PRIVATE_HOSTS:
        return
    try:
        addresses = [ipaddress.ip_address(parts.hostname)]
    except ValueError:
        addresses = []
        if parts.hostname.rstrip(".").lower() == "localhost" or parts.hostname.endswith(
            ".localhost"
        ):
            addresses = [ipaddress.ip_address("127.0.0.1")]
        elif resolve:
            addresses = resolved(parts)
    for address in addresses:
        if not address.is_global or address.is_multicast:
            raise FetchError(
                _("Refused: %(host)s is in a private or local network (%(address)s).")
                % {"host": parts.hostname, "address": address}
            )


def resolved(parts):
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(_("The host %(host)s is unknown.") % {"host": parts.hostname}) from error
    return [ipaddress.ip_address(sockaddr[0].split("%")[0]) for *_rest, sockaddr in found]


def read_body(response, limit, deadline):
    """The body, decompressed as sent, refused when it grows past `limit` bytes or takes
    past `deadline`. Each read takes what has arrived (`read1`): waiting for whole chunks
    would let a source that drips a byte at a time outlast the read timeout and deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(too_large(limit))
    body = bytearray()
    try:
        while chunk := response.raw.read1(CHUNK, decode_content=True):
            body += chunk
            if len(body) > limit:
                raise FetchError(too_large(limit))
            if time.monotonic() > deadline:
                raise FetchError(_("The source took too long to answer."))
    except urllib3.exceptions.ReadTimeoutError as error:
        raise FetchError(_("The source took too long to answer.")) from error
    except urllib3.exceptions.DecodeError as error:
        raise FetchError(_("The source sent a body that cannot be decompressed.")) from error
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(_("The source broke off its answer.")) from error
    return bytes(body)


def too_large(limit):
    return _("The source sent more than %(megabytes)s MB.") % {
        "megabytes": f"{limit / 1024 / 1024:g}"
    }


def unpacked(content, limit):
    """A gzip file as such (a sitemap.xml.gz), unpacked within `limit`."""
    if not content.startswith(b"\x1f\x8b"):
        return content
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = unpacker.decompress(content, limit + 1)
    except zlib.error as error:
        raise FetchError(_("The source sent a broken gzip file.")) from error
    if len(data) > limit:
        raise FetchError(too_large(limit))
    if not unpacker.eof:
        raise FetchError(_("The source sent a broken gzip file."))
    return data


def get(url, etag="", modified="", limit=None, check_robots=True):
    """GET `url` as the settings allow; a `Fetched` (status 304 when not modified)."""
    limit = limit or settings.MONITORING_MAX_BYTES
    deadline = time.monotonic() + settings.MONITORING_DEADLINE
    headers = {"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    seen = set()
    for _hop in range(settings.MONITORING_MAX_REDIRECTS + 1):
        check_address(url)
        if check_robots and not allowed_by_robots(url):
            raise FetchError(
                _("The site's robots.txt does not allow reading %(url)s.") % {"url": url}
            )
        seen.add(url)
        try:
            with requests.get(
                url,
                headers=headers,
                stream=True,
                allow_redirects=False,
                timeout=(settings.MONITORING_CONNECT_TIMEOUT, settings.MONITORING_READ_TIMEOUT),
            ) as response:
                if response.status_code in REDIRECT_CODES:
                    location = response.headers.get("Location", "")
                    if not location:
                        raise FetchError(
                            _("The source redirects without saying where."), response.status_code
                        )
                    url = urljoin(url, location)
                    if url in seen:
                        raise FetchError(_("The source redirects in a loop."), response.status_code)
                    continue
                if response.status_code == 304:
                    return Fetched(url, 304, headers=response.headers)
                if response.status_code >= 400:
                    raise FetchError(
                        _("The source answered with HTTP status %(status)s.")
                        % {"status": response.status_code},
                        response.status_code,
                    )
                content = unpacked(read_body(response, limit, deadline), limit)
                return Fetched(url, response.status_code, content, response.headers)
        except requests.Timeout as error:
            raise FetchError(_("The source took too long to answer.")) from error
        except requests.exceptions.ContentDecodingError as error:
            raise FetchError(_("The source sent a body that cannot be decompressed.")) from error
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as error:
            raise FetchError(_("The source could not be reached.")) from error
        except (requests.RequestException, gzip.BadGzipFile) as error:
            raise FetchError(
                _("The source could not be read: %(error)s") % {"error": error}
            ) from error
    raise FetchError(
        _("The source redirects more than %(count)s times.")
        % {"count": settings.MONITORING_MAX_REDIRECTS}
    )


def allowed_by_robots(url):
    """Whether the site's robots.txt lets us read `url`; a site without one (or whose
    robots.txt cannot be read) allows it, one that refuses it (401, 403) does not."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    cached = _robots.get(origin)
    if cached is None or cached[0] < time.monotonic():
        cached = (time.monotonic() + ROBOTS_SECONDS, read_robots(origin))
        _robots[origin] = cached
    parser = cached[1]
    return parser is None or parser.can_fetch(user_agent(), url)


def read_robots(origin):
    parser = urllib.robotparser.RobotFileParser()
    try:
        fetched = get(f"{origin}/robots.txt", limit=ROBOTS_MAX_BYTES, check_robots=False)
    except FetchError as error:
        if error.status in (401, 403):
            parser.disallow_all = True
            return parser
        return None
    parser.parse(fetched.content.decode("utf-8", errors="replace").splitlines())
    return parser


def forget_robots():
    """Forget the robots.txt files read (tests change them between fetches)."""
    _robots.clear()
