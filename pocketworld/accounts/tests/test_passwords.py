"""Local accounts look after their own passwords: a change under My settings (which signs
out the user's other sessions) and a reset by e-mail; both refuse weak passwords at the
field, and the reset page tells no one whether an address has an account."""

import re

import pytest
from django.core import mail
from django.test import Client

from pocketworld.core.testing import pages_of, signed_in_with_password

pytestmark = pytest.mark.django_db

OLD = "secret-pass-1"  # the test personas' password
NEW = "Rheinufer-Promenade-2026"
LINK = re.compile(r"https?://\S+/password-reset/[^/\s]+/[^/\s]+/")


def signs_in(username, password):
    return signed_in_with_password(username, password) is not None


def test_a_changed_password_works_and_ends_the_other_sessions(japan_officer):
    elsewhere = pages_of(japan_officer)
    client = signed_in_with_password(japan_officer.username, OLD)
    response = client.post(
        "/settings/password/",
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302 and response.url == "/settings/"
    assert "Your password is changed" in client.get("/settings/").content.decode()
    assert signs_in(japan_officer.username, NEW) and not signs_in(japan_officer.username, OLD)
    assert elsewhere.get("/").status_code == 302  # the other session is signed out


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"old_password": "wrong", "new_password1": NEW, "new_password2": NEW}, "old_password"),
        ({"old_password": OLD, "new_password1": NEW, "new_password2": NEW + "x"}, "new_password2"),
        (
            {"old_password": OLD, "new_password1": "password1", "new_password2": "password1"},
            "new_password2",
        ),
        (
            {"old_password": OLD, "new_password1": "84736251", "new_password2": "84736251"},
            "new_password2",
        ),
        ({"old_password": OLD, "new_password1": "kurz", "new_password2": "kurz"}, "new_password2"),
    ],
)
def test_a_wrong_or_weak_password_comes_back_at_its_field(japan_officer, data, field):
    client = signed_in_with_password(japan_officer.username, OLD)
    response = client.post("/settings/password/", data)
    assert response.status_code == 200
    assert f'id="error-{field}"' in response.content.decode()
    assert signs_in(japan_officer.username, OLD)


def test_a_reset_link_by_e_mail_sets_a_new_password_once(japan_officer, settings):
    settings.SITE_URL = "https://pocketworld.example.org"
    japan_officer.email = "neu@example.org"
    japan_officer.save()
    response = Client().post("/password-reset/", {"email": "NEU@example.org"})
    assert response.status_code == 302 and response.url == "/password-reset/sent/"
    [message] = mail.outbox
    assert message.to == ["neu@example.org"] and "set a new password" in message.subject
    link = LINK.search(message.body).group(0)
    assert link.startswith("https://pocketworld.example.org/password-reset/")

    client = Client()
    form_page = client.get(link.removeprefix("https://pocketworld.example.org"), follow=True)
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "password1", "new_password2": "password1"})
    assert 'id="error-new_password2"' in weak.content.decode()
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done.url == "/password-reset/done/"
    assert signs_in(japan_officer.username, NEW)
    again = Client().get(link.removeprefix("https://pocketworld.example.org"), follow=True)
    assert 'id="reset-invalid"' in again.content.decode()


def test_the_reset_page_tells_no_one_whether_an_address_has_an_account(japan_officer):
    japan_officer.email = "neu@example.org"
    japan_officer.is_active = False
    japan_officer.save()
    for address in ("nobody@example.org", "neu@example.org"):
        response = Client().post("/password-reset/", {"email": address}, follow=True)
        assert 'id="reset-sent"' in response.content.decode()
    assert mail.outbox == []  # no account, and an inactive one, get nothing


def test_the_sign_in_page_and_my_settings_lead_to_the_password_pages(client, japan_officer):
    assert "/password-reset/" in client.get("/login/").content.decode()
    assert "/settings/password/" in pages_of(japan_officer).get("/settings/").content.decode()
    assert client.get("/settings/password/").status_code == 302  # signed in only
