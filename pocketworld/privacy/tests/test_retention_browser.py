"""An officer finds a person due for review on My day and keeps them longer, with a
reason, from the review page; the person's page then says until when and why."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pocketworld.contacts.models import Person
from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import PersonFactory
from pocketworld.privacy.models import RetentionExtension
from pocketworld.privacy.retention import add_months, create_default_rules, list_due

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_keeps_a_person_due_for_review_longer(page, live_server, japan_officer, japan_desk):
    create_default_rules()  # the live server's database was flushed
    today = timezone.localdate()
    person = PersonFactory(desk=japan_desk, given_name="Hiroshi", family_name="Watanabe")
    # On legitimate interest, last changed five years and a week ago: due for a week.
    last_change = add_months(today, -60) - datetime.timedelta(days=7)
    Person.objects.filter(pk=person.pk).update(
        last_updated=timezone.make_aware(datetime.datetime.combine(last_change, datetime.time(9)))
    )
    list_due(today)  # the nightly review
    sign_in(page, live_server, japan_officer.username)

    due = page.locator("#retention-due")
    expect(due).to_contain_text("Hiroshi Watanabe")
    due.get_by_role("link", name="Review").click()

    row = page.locator(f"#retention-{person.pk}")
    expect(row).to_contain_text("Legitimate interest", ignore_case=True)
    row.get_by_text("Keep longer").click()
    until = today + datetime.timedelta(days=180)
    row.get_by_label("kept until").fill(until.isoformat())
    row.get_by_label("reason").fill("Expansion talks resume after the summer")
    row.get_by_role("button", name="Keep").click()

    expect(page.locator(".messages")).to_contain_text("Hiroshi Watanabe is kept until")
    expect(page.locator("#retention-table")).to_contain_text("No one is due for review.")
    page.goto(live_server.url + "/")
    expect(page.locator("#retention-due")).to_have_count(0)
    # The person's page says until when, and why.
    page.goto(live_server.url + person.get_absolute_url())
    expect(page.locator("#retention")).to_contain_text("Expansion talks resume after the summer")
    expect(page.locator("#retention")).to_contain_text(until.strftime("%d/%m/%Y"))
    extension = RetentionExtension.objects.get(person=person)
    assert extension.until == until and extension.extended_by == japan_officer
    assert extension.reason == "Expansion talks resume after the summer"
