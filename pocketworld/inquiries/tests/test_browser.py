"""An inquirer in Japan sends the public form in Japanese with JavaScript off; the Japan
desk officer finds it on My day with its clock, replies from pocketworld and turns it
into a lead."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from pocketworld.core.testing import sign_in
from pocketworld.inquiries.choices import Outcome, Status
from pocketworld.inquiries.models import Inquiry
from pocketworld.projects.choices import ProjectSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_japanese_inquiry_without_javascript_becomes_a_lead(
    browser, page, live_server, japan_officer, japan_desk, settings
):
    settings.INQUIRY_MIN_FILL_SECONDS = 1
    inquirer = browser.new_context(locale="ja-JP", java_script_enabled=False)
    form = inquirer.new_page()
    form.set_default_timeout(10_000)
    form.goto(f"{live_server.url}/inquiry/")
    expect(form).to_have_url(re.compile(r"/inquiry/ja/$"))
    expect(form.locator("html")).to_have_attribute("lang", "ja")

    # Sent without the consent first: the error is announced and the entries stay.
    form.locator("#id_company_name").fill("株式会社ミツワ精機")
    form.locator("#id_country").select_option("JP")
    form.locator("#id_contact_name").fill("佐藤 花子")
    form.locator("#id_email").fill("h.sato@mitsuwa-seiki.example")
    form.locator("#id_message").fill("デュッセルドルフにオフィスを探しています。")
    form.wait_for_timeout(1100)
    form.locator("form.public-form button[type=submit]").click()
    expect(form.get_by_role("alert")).to_be_visible()
    expect(form.locator("#id_company_name")).to_have_value("株式会社ミツワ精機")
    assert Inquiry.objects.count() == 0

    form.locator("#id_consent").check()
    form.wait_for_timeout(1100)
    form.locator("form.public-form button[type=submit]").click()
    expect(form).to_have_url(re.compile(r"/inquiry/ja/thanks/"))
    inquiry = Inquiry.objects.get()
    expect(form.get_by_role("status")).to_contain_text(inquiry.reference)
    inquirer.close()

    assert inquiry.desk == japan_desk and inquiry.language == "ja"
    assert inquiry.status == Status.NEW
    confirmation = [message for message in mail.outbox if message.to == [inquiry.email]]
    assert len(confirmation) == 1 and inquiry.reference in confirmation[0].subject

    sign_in(page, live_server, japan_officer.username)
    panel = page.locator("#inquiries")
    expect(panel).to_contain_text(inquiry.reference)
    expect(panel.locator(f"#inquiry-{inquiry.pk} .clock")).to_contain_text("working hours")
    panel.get_by_role("link", name=re.compile(inquiry.reference)).click()

    page.locator("#id_body").fill("佐藤様\n\nお問い合わせありがとうございます。")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator("#replies")).to_contain_text("e-mail from pocketworld")
    inquiry.refresh_from_db()
    assert inquiry.status == Status.ANSWERED and inquiry.first_response_at is not None
    assert any(message.body.startswith("佐藤様") for message in mail.outbox)

    lead = page.locator("#triage-lead")
    lead.get_by_label("Project title").fill("Mitsuwa Seiki: European sales office")
    lead.get_by_role("button", name="Make lead").click()
    expect(page.locator("#inquiry-outcome")).to_contain_text("lead project")
    inquiry.refresh_from_db()
    assert inquiry.outcome == Outcome.LEAD
    assert inquiry.project.source == ProjectSource.INQUIRY
    assert inquiry.project.company.legal_name == "株式会社ミツワ精機"
    assert inquiry.person.email == "h.sato@mitsuwa-seiki.example"
    page.locator("#inquiry-outcome").get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Mitsuwa Seiki")
