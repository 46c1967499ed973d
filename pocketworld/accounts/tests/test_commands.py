import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from pocketworld.accounts.models import APIToken, hash_token

pytestmark = pytest.mark.django_db


def test_create_api_token_prints_only_a_working_token(japan_officer):
    out = io.StringIO()
    call_command("create_api_token", japan_officer.username, stdout=out)
    key = out.getvalue().strip()
    assert "\n" not in key and key.startswith("pw_") and len(key) > 40
    token = APIToken.objects.get(user=japan_officer)
    assert token.digest == hash_token(key) and key not in token.digest

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/companies/").status_code == 200
    token.refresh_from_db()
    assert token.last_used is not None


def test_create_api_token_expires_and_may_only_read(japan_officer):
    out = io.StringIO()
    call_command(
        "create_api_token", japan_officer.username, "--days", "7", "--read-only", stdout=out
    )
    token = APIToken.objects.get(user=japan_officer)
    assert token.read_only
    assert 6.9 < (token.expires - token.created).total_seconds() / 86400 <= 7
    with pytest.raises(CommandError, match="--days must lie between 1 and 365"):
        call_command("create_api_token", japan_officer.username, "--days", "366")


def test_create_api_token_for_unknown_user_fails_clearly():
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("create_api_token", "nobody")


@pytest.mark.parametrize(
    "header",
    ["Bearer pw_wrong", "Bearer", "Bearer two words", "Token something"],
)
def test_bad_credentials_are_refused(header, japan_officer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/companies/")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_inactive_users_token_is_refused(japan_officer):
    _token, key = APIToken.issue(japan_officer)
    japan_officer.is_active = False
    japan_officer.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/companies/").status_code == 401
