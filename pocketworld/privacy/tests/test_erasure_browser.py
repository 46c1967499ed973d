"""A director erases a person on request: the page says it cannot be undone, asks for the
reason, and afterwards the person's name is gone from an interaction's page and from its
history, while the interaction and the other person in it stay."""

import re

import pytest
from playwright.sync_api import expect

from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import (
    CompanyFactory,
    InteractionFactory,
    PersonFactory,
    PositionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_director_erases_a_person_and_the_name_is_gone_from_an_interaction(
    page, live_server, director, japan_desk
):
    company = CompanyFactory(legal_name="Kotozna Inc.")
    person = PersonFactory(given_name="Aiko", family_name="Tanaka", email="aiko@kotozna.jp")
    colleague = PersonFactory(given_name="Kenji", family_name="Mori")
    PositionFactory(person=person, company=company)
    interaction = InteractionFactory(
        company=company, subject="Visit at Kotozna", notes="Aiko Tanaka showed the lab."
    )
    interaction.people.add(person, colleague)

    sign_in(page, live_server, director.username)
    page.goto(f"{live_server.url}{interaction.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text("Aiko Tanaka")
    expect(page.locator("#history")).to_contain_text("Aiko Tanaka")

    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    page.get_by_role("link", name="Erase …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erase Aiko Tanaka")
    expect(page.locator("#erasure-warning")).to_contain_text("Erasing cannot be undone.")
    expect(page.locator("#erasure-preview")).to_contain_text("Interactions: people")

    # Without a reason nothing happens; the error is at the field.
    page.get_by_role("button", name="Erase for good").click()
    expect(page.locator("#error-reason")).to_contain_text("This field is required.")
    page.get_by_label("Reason").fill("Letter of 3 March 2026, ref. DS-2026-17")
    page.get_by_role("button", name="Erase for good").click()

    expect(page).to_have_url(re.compile(r"/privacy/erasures/$"))
    expect(page.locator(".messages")).to_contain_text("The person was erased everywhere.")
    expect(page.locator("#erasure-table")).to_contain_text("ref. DS-2026-17")

    page.goto(f"{live_server.url}{interaction.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Visit at Kotozna")
    main = page.locator("main")
    expect(main).to_contain_text("Kenji Mori")
    expect(main).to_contain_text("[erased] showed the lab.")
    expect(main).not_to_contain_text("Tanaka")
    expect(page.locator("#history")).to_contain_text("Kenji Mori")
    expect(page.locator("#history")).not_to_contain_text("Aiko")
    expect(main).not_to_contain_text("aiko@kotozna.jp")
