import hashlib
import re

import pytest

from pocketworld.accounts.models import CalendarToken

pytestmark = pytest.mark.django_db


def shown_url(page):
    match = re.search(r'id="calendar-url" type="text" readonly value="([^"]+)"', page)
    return match and match.group(1)


def test_only_the_digest_of_the_key_is_stored(japan_officer):
    token, key = CalendarToken.issue(japan_officer)
    assert len(key) >= 40
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    stored = CalendarToken.objects.filter(pk=token.pk).values().get()
    assert key not in {str(value) for value in stored.values()}


def test_issue_replaces_the_old_token(japan_officer):
    first, old_key = CalendarToken.issue(japan_officer)
    second, new_key = CalendarToken.issue(japan_officer)
    assert old_key != new_key
    assert list(CalendarToken.objects.filter(user=japan_officer)) == [second]
    assert CalendarToken.owner(old_key) is None
    assert CalendarToken.owner(new_key) == japan_officer


def test_owner_notes_the_use(japan_officer):
    token, key = CalendarToken.issue(japan_officer)
    assert token.last_used is None
    CalendarToken.owner(key)
    token.refresh_from_db()
    assert token.last_used is not None


def test_settings_page_shows_a_new_url_once(client, japan_officer):
    client.force_login(japan_officer)
    page = client.get("/settings/").content.decode()
    assert "Create subscription URL" in page and shown_url(page) is None

    response = client.post("/settings/calendar/", {"action": "issue"})
    assert response.status_code == 302 and response["Location"] == "/settings/#calendar"
    url = shown_url(client.get("/settings/").content.decode())
    assert re.fullmatch(r"http://testserver/calendar/[\w-]{40,}\.ics", url)
    again = client.get("/settings/").content.decode()
    assert shown_url(again) is None and "Reset subscription URL" in again

    client.logout()
    assert client.get(url).status_code == 200  # calendar apps have no session


def test_reset_revokes_the_old_url(client, japan_officer):
    client.force_login(japan_officer)
    client.post("/settings/calendar/", {"action": "issue"})
    old_url = shown_url(client.get("/settings/").content.decode())
    client.post("/settings/calendar/", {"action": "issue"})
    new_url = shown_url(client.get("/settings/").content.decode())
    assert old_url != new_url
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200


def test_stopping_the_subscription(client, japan_officer):
    client.force_login(japan_officer)
    client.post("/settings/calendar/", {"action": "issue"})
    url = shown_url(client.get("/settings/").content.decode())
    response = client.post("/settings/calendar/", {"action": "revoke"})
    assert response.status_code == 302
    assert not CalendarToken.objects.filter(user=japan_officer).exists()
    assert client.get(url).status_code == 404
    assert "Create subscription URL" in client.get("/settings/").content.decode()


def test_subscription_needs_sign_in_and_a_post(client, japan_officer):
    assert client.post("/settings/calendar/", {"action": "issue"}).status_code == 302
    assert not CalendarToken.objects.exists()
    client.force_login(japan_officer)
    assert client.get("/settings/calendar/").status_code == 405
    assert not CalendarToken.objects.exists()


def test_one_user_cannot_touch_anothers_token(client, japan_officer, india_officer):
    _token, key = CalendarToken.issue(india_officer)
    client.force_login(japan_officer)
    client.post("/settings/calendar/", {"action": "revoke"})
    assert CalendarToken.owner(key) == india_officer
