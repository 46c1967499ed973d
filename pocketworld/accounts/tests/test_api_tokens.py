"""API tokens under My settings: named, with the last day they work, optionally read-only;
the key shown once, the tokens listed with their last use, revoked at once; a read-only
token refused on every write, an expired or revoked one on everything."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from pocketworld.accounts.models import APIToken
from pocketworld.core.testing import pages_of
from pocketworld.core.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def create(user, **fields):
    """POST the new-token form as `user`; returns (response, the key the next page shows)."""
    data = {
        "token-name": "Power BI report",
        "token-valid_until": (timezone.localdate() + 30 * DAY).isoformat(),
        "token-read_only": "on",
    } | fields
    client = pages_of(user)
    response = client.post(
        "/settings/tokens/", {name: value for name, value in data.items() if value is not None}
    )
    page = client.get("/settings/").content.decode()
    key = None
    if 'id="new-api-key"' in page:
        key = page.split('id="new-api-key"')[1].split('value="')[1].split('"')[0]
    return response, key


def bearer(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_a_token_is_made_and_its_key_shown_once(japan_officer):
    client = pages_of(japan_officer)
    response = client.post(
        "/settings/tokens/",
        {
            "token-name": "Power BI report",
            "token-valid_until": (timezone.localdate() + 30 * DAY).isoformat(),
            "token-read_only": "on",
        },
    )
    assert response.status_code == 302 and response.url.endswith("#api-tokens")
    page = client.get("/settings/").content.decode()
    key = page.split('id="new-api-key"')[1].split('value="')[1].split('"')[0]
    assert key.startswith("pw_")
    token = APIToken.objects.get(user=japan_officer)
    assert (token.description, token.read_only, token.prefix) == ("Power BI report", True, key[:8])
    last_day = timezone.localdate() + 30 * DAY
    assert timezone.localtime(token.expires) == timezone.make_aware(
        datetime.datetime.combine(last_day + DAY, datetime.time.min)
    )
    assert bearer(key).get("/api/v1/companies/").status_code == 200
    again = client.get("/settings/").content.decode()
    assert 'id="new-api-key"' not in again and key not in again
    row = again.split(f'id="api-token-{token.pk}"')[1].split("</tr>")[0]
    assert "Power BI report" in row and key[:8] in row and "read-only" in row


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"token-name": "", "token-valid_until": ""}, {"name", "valid_until"}),
        ({"token-valid_until": "2026-02-30"}, {"valid_until"}),
        ({"token-valid_until": "2000-01-01"}, {"valid_until"}),
        ({"token-valid_until": "2999-01-01"}, {"valid_until"}),
        ({"token-name": "x" * 201}, {"name"}),
    ],
)
def test_bad_input_comes_back_at_its_field(japan_officer, fields, errors):
    response, _key = create(japan_officer, **fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert all(f'id="error-token-{field}"' in page for field in errors)
    assert not APIToken.objects.exists()


def test_a_read_only_token_reads_and_is_refused_every_write(japan_officer):
    _response, key = create(japan_officer)
    company = CompanyFactory(country_id="JP")
    client = bearer(key)
    assert client.get(f"/api/v1/companies/{company.pk}/").status_code == 200
    refused = client.patch(f"/api/v1/companies/{company.pk}/", {"website": "https://x.jp"})
    assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
    assert client.post("/api/v1/companies/", {"legal_name": "New KK"}).status_code == 403
    assert client.delete(f"/api/v1/companies/{company.pk}/").status_code == 403
    # Views with permissions of their own are kept from writing too.
    assert client.post("/api/v1/imports/", {}).status_code == 403
    company.refresh_from_db()
    assert company.website == "" and company.legal_name != "New KK"


def test_a_read_and_write_token_writes(japan_officer):
    _response, key = create(japan_officer, **{"token-read_only": None})
    company = CompanyFactory(country_id="JP")
    response = bearer(key).patch(f"/api/v1/companies/{company.pk}/", {"website": "https://x.jp"})
    assert response.status_code == 200
    company.refresh_from_db()
    assert company.website == "https://x.jp"


def test_an_expired_token_is_refused(japan_officer):
    _token, key = APIToken.issue(japan_officer, expires=timezone.now() - DAY)
    assert bearer(key).get("/api/v1/companies/").status_code == 401
    assert "expired" in pages_of(japan_officer).get("/settings/").content.decode()


def test_last_use_is_shown(japan_officer):
    token, key = APIToken.issue(japan_officer, description="Nightly sync")
    row = lambda: (  # noqa: E731
        pages_of(japan_officer)
        .get("/settings/")
        .content.decode()
        .split(f'id="api-token-{token.pk}"')[1]
        .split("</tr>")[0]
    )
    assert "never" in row()
    bearer(key).get("/api/v1/companies/")
    token.refresh_from_db()
    assert token.last_used is not None and "never" not in row()


def test_revoking_stops_a_token_at_once_and_only_ones_own(japan_officer, india_officer):
    mine, key = APIToken.issue(japan_officer)
    theirs, their_key = APIToken.issue(india_officer)
    assert pages_of(india_officer).post(f"/settings/tokens/{mine.pk}/revoke/").status_code == 404
    assert bearer(key).get("/api/v1/companies/").status_code == 200
    response = pages_of(japan_officer).post(f"/settings/tokens/{mine.pk}/revoke/")
    assert response.status_code == 302
    assert bearer(key).get("/api/v1/companies/").status_code == 401
    assert bearer(their_key).get("/api/v1/companies/").status_code == 200
    assert list(APIToken.objects.all()) == [theirs]


def test_tokens_need_sign_in_and_a_post(client, japan_officer):
    token, _key = APIToken.issue(japan_officer)
    assert client.post("/settings/tokens/", {}).status_code == 302
    assert client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 302
    assert pages_of(japan_officer).get("/settings/tokens/").status_code == 405
    assert APIToken.objects.filter(pk=token.pk).exists()
