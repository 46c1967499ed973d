import pytest

pytestmark = pytest.mark.django_db


def test_user_switches_the_daily_digest_off(client, japan_officer):
    client.force_login(japan_officer)
    assert client.get("/settings/").status_code == 200
    response = client.post(
        "/settings/",
        {
            "first_name": "Juliane",
            "last_name": "Neu",
            "email": "neu@example.org",
            "languages": ["ja", "de"],
        },
    )
    assert response.status_code == 302
    japan_officer.refresh_from_db()
    assert japan_officer.receives_digest is False  # an unticked box
    assert sorted(japan_officer.languages.values_list("code", flat=True)) == ["de", "ja"]


def test_bad_email_is_shown_at_the_field(client, japan_officer):
    client.force_login(japan_officer)
    response = client.post("/settings/", {"last_name": "Neu", "email": "not-an-address"})
    assert response.status_code == 200 and 'id="error-email"' in response.content.decode()


def test_settings_need_sign_in(client):
    assert client.get("/settings/").status_code == 302
