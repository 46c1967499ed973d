"""Retention by legal basis: the last activity, who is due for review, who is erased and
when, keeping a person longer, and the review on the pages, My day and the digest."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person
from pocketworld.core.testing import pages_of
from pocketworld.core.tests.factories import (
    CandidateFactory,
    CohortFactory,
    CompanyFactory,
    EventFactory,
    InteractionFactory,
    ParticipantFactory,
    PersonFactory,
    PositionFactory,
    ProgrammeFactory,
)
from pocketworld.events.models import ProgrammeItem
from pocketworld.interactions.services import digest_for, send_digest
from pocketworld.privacy.models import DueForReview, RetentionExtension, RetentionRule
from pocketworld.privacy.retention import (
    DEFAULT_MONTHS,
    add_months,
    create_default_rules,
    due_for_review,
    extend_retention,
    latest_activity_due_by,
    list_due,
    of_own_desks,
    people_in_care_of,
    standings,
    to_be_erased,
    with_last_activity,
)
from pocketworld.programmes.models import Candidate

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
DAY = datetime.timedelta(days=1)
GRACE = datetime.timedelta(days=30)


def moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture(autouse=True)
def on_today():
    """Every test runs on TODAY, at noon: the pages, the services' defaults and the
    records' timestamps agree with the test's dates, also in a run that crosses midnight."""
    with time_machine.travel(moment(TODAY), tick=True):
        yield


def last_active(day, **fields):
    """A person whose record last changed on `day` and who had no other contact."""
    person = PersonFactory(**fields)
    Person.objects.filter(pk=person.pk).update(last_updated=moment(day))
    return Person.objects.get(pk=person.pk)


def due_on(day, **fields):
    """A person on legitimate interest (60 months) who became due for review on `day`."""
    return last_active(add_months(day, -60), **fields)


@pytest.fixture(autouse=True)
def settled_rules(db):
    """The default rules, unchanged for years (a rule changed lately erases no one yet)."""
    create_default_rules()
    RetentionRule.objects.update(last_updated=moment(TODAY - datetime.timedelta(days=3650)))


def ids(people):
    return {person.pk for person in people}


def everyone():
    return Person.objects.all()


# --- dates -------------------------------------------------------------------------------------


def test_adding_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(datetime.date(2026, 1, 15), 1) == datetime.date(2026, 2, 15)
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2024, 3, 31), -1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2026, 11, 30), 36) == datetime.date(2029, 11, 30)
    assert add_months(datetime.date(2026, 3, 1), -3) == datetime.date(2025, 12, 1)


@pytest.mark.parametrize("months", [1, 11, 12, 13, 36, 60])
def test_the_databases_cutoff_agrees_with_adding_months(months):
    """A last activity is due by a day exactly when adding the months reaches that day."""
    first = datetime.date(2023, 1, 1)
    activities = [first + datetime.timedelta(days=offset) for offset in range(-40, 800)]
    for offset in range(0, 760, 1):
        day = add_months(first, months) + datetime.timedelta(days=offset)
        cutoff = latest_activity_due_by(day, months)
        wrong = [
            activity
            for activity in activities
            if (add_months(activity, months) <= day) != (activity <= cutoff)
        ]
        assert not wrong, (day, months, wrong[:3])


# --- the rules ----------------------------------------------------------------------------------


def test_a_fresh_installation_has_a_rule_for_every_legal_basis():
    months = dict(RetentionRule.objects.values_list("legal_basis", "months"))
    assert months == {
        LegalBasis.CONSENT: 36,
        LegalBasis.CONTRACT: None,
        LegalBasis.LEGITIMATE_INTEREST: 60,
        LegalBasis.PUBLIC_TASK: 60,
    }
    assert set(DEFAULT_MONTHS) == set(LegalBasis.values)


def test_default_rules_fill_gaps_and_leave_changed_rules_alone():
    RetentionRule.objects.filter(legal_basis=LegalBasis.CONSENT).update(months=24)
    RetentionRule.objects.filter(legal_basis=LegalBasis.PUBLIC_TASK).delete()
    assert create_default_rules() == 1
    assert create_default_rules() == 0
    months = dict(RetentionRule.objects.values_list("legal_basis", "months"))
    assert months[LegalBasis.CONSENT] == 24 and months[LegalBasis.PUBLIC_TASK] == 60


# --- the last activity ---------------------------------------------------------------------------


def last_activity_of(person):
    return with_last_activity(Person.objects.filter(pk=person.pk)).get().last_activity


def test_last_activity_is_the_latest_contact_of_any_kind(japan_desk):
    person = last_active(datetime.date(2019, 1, 10), desk=japan_desk)
    assert last_activity_of(person) == datetime.date(2019, 1, 10)

    PositionFactory(person=person, ended_on=datetime.date(2019, 6, 30))
    Person.objects.filter(pk=person.pk).update(last_updated=moment(datetime.date(2019, 1, 10)))
    assert last_activity_of(person) == datetime.date(2019, 6, 30)

    meeting = InteractionFactory(occurred_on=datetime.date(2020, 2, 3))
    meeting.people.add(person)
    assert last_activity_of(person) == datetime.date(2020, 2, 3)

    fair = EventFactory(starts_on=datetime.date(2021, 4, 12), ends_on=datetime.date(2021, 4, 16))
    ParticipantFactory(event=fair, person=person)
    assert last_activity_of(person) == datetime.date(2021, 4, 16)

    EventFactory(
        leader=person, starts_on=datetime.date(2022, 5, 1), ends_on=datetime.date(2022, 5, 6)
    )
    assert last_activity_of(person) == datetime.date(2022, 5, 6)

    ProgrammeItem.objects.create(
        event=fair,
        title="Visit of the plant",
        starts_at=moment(datetime.date(2023, 3, 7)),
        ends_at=moment(datetime.date(2023, 3, 8)),
        host_person=person,
    )
    assert last_activity_of(person) == datetime.date(2023, 3, 8)

    person.phone = "+49 211 4711"
    person.save()
    assert last_activity_of(person) == TODAY


def test_a_current_position_and_others_contacts_are_no_activity(japan_desk):
    person = last_active(datetime.date(2019, 1, 10), desk=japan_desk)
    PositionFactory(person=person, started_on=datetime.date(2024, 1, 1), ended_on=None)
    InteractionFactory(occurred_on=datetime.date(2025, 1, 1)).people.add(PersonFactory())
    fair = EventFactory(starts_on=datetime.date(2025, 6, 10), ends_on=datetime.date(2025, 6, 11))
    ParticipantFactory(event=fair)
    Person.objects.filter(pk=person.pk).update(last_updated=moment(datetime.date(2019, 1, 10)))
    assert last_activity_of(person) == datetime.date(2019, 1, 10)


# --- who is due, who is erased -------------------------------------------------------------------


def test_due_for_review_when_the_rules_time_is_up():
    due = last_active(add_months(TODAY, -60))
    not_yet = last_active(add_months(TODAY, -60) + DAY)
    consent_due = last_active(
        add_months(TODAY, -36),
        legal_basis=LegalBasis.CONSENT,
        consent_given_on=datetime.date(2020, 1, 1),
    )
    public_due = last_active(add_months(TODAY, -61), legal_basis=LegalBasis.PUBLIC_TASK)
    assert ids(due_for_review(everyone(), TODAY)) == {due.pk, consent_due.pk, public_due.pk}
    assert not_yet.pk in ids(due_for_review(everyone(), TODAY + DAY))


def test_contract_people_are_due_the_day_after_their_contract_ends():
    ended = last_active(
        datetime.date(2020, 1, 1), legal_basis=LegalBasis.CONTRACT, contract_ends_on=TODAY - DAY
    )
    running = last_active(
        datetime.date(2020, 1, 1), legal_basis=LegalBasis.CONTRACT, contract_ends_on=TODAY
    )
    assert ids(due_for_review(everyone(), TODAY)) == {ended.pk}
    [standing] = standings(with_last_activity(Person.objects.filter(pk=running.pk)))
    assert standing.due_on == TODAY + DAY


def test_an_extension_keeps_a_person_until_its_day(japan_officer, japan_desk):
    kept = due_on(TODAY - datetime.timedelta(days=100), desk=japan_desk)
    RetentionExtension.objects.create(person=kept, until=TODAY, reason="Pending contract")
    expired = due_on(TODAY - datetime.timedelta(days=100), desk=japan_desk)
    RetentionExtension.objects.create(person=expired, until=TODAY - DAY, reason="Old reason")
    assert ids(due_for_review(everyone(), TODAY)) == {expired.pk}
    assert ids(due_for_review(everyone(), TODAY + DAY)) == {kept.pk, expired.pk}


def test_a_basis_without_a_rule_keeps_its_people():
    last_active(datetime.date(2000, 1, 1), legal_basis=LegalBasis.PUBLIC_TASK)
    RetentionRule.objects.filter(legal_basis=LegalBasis.PUBLIC_TASK).delete()
    assert not due_for_review(everyone(), TODAY).exists()
    assert not to_be_erased(everyone(), TODAY).exists()


def test_erased_only_after_a_whole_grace_period_of_being_listed():
    overdue = due_on(TODAY - GRACE)
    in_grace = due_on(TODAY - GRACE + DAY)
    extension_ended = due_on(TODAY - datetime.timedelta(days=400))
    RetentionExtension.objects.create(
        person=extension_ended, until=TODAY - datetime.timedelta(days=10), reason="Visit planned"
    )
    # The contract ended long ago, but the date was only recorded three days ago.
    recorded_late = last_active(
        TODAY - datetime.timedelta(days=3),
        legal_basis=LegalBasis.CONTRACT,
        contract_ends_on=TODAY - datetime.timedelta(days=400),
    )
    assert ids(due_for_review(everyone(), TODAY)) == {
        overdue.pk,
        in_grace.pk,
        extension_ended.pk,
        recorded_late.pk,
    }
    assert ids(to_be_erased(everyone(), TODAY)) == {overdue.pk}


def test_a_changed_rule_erases_no_one_before_a_grace_period():
    due_on(TODAY - datetime.timedelta(days=400))
    rule = RetentionRule.objects.get(legal_basis=LegalBasis.LEGITIMATE_INTEREST)
    rule.grace_days = 14
    rule.save()
    assert not to_be_erased(everyone(), TODAY).exists()
    assert to_be_erased(everyone(), TODAY + datetime.timedelta(days=14)).exists()


def test_the_day_of_erasure_shown_is_the_day_the_review_erases(japan_desk):
    people = [due_on(TODAY - datetime.timedelta(days=days)) for days in (0, 10, 29, 30, 31, 90)] + [
        last_active(
            TODAY - datetime.timedelta(days=5),
            legal_basis=LegalBasis.CONTRACT,
            contract_ends_on=TODAY - datetime.timedelta(days=40),
        )
    ]
    RetentionExtension.objects.create(person=people[-2], until=TODAY - DAY, reason="Follow-up")
    erased_on = {
        standing.person.pk: standing.erased_on
        for standing in standings(with_last_activity(everyone()))
    }
    for offset in range(-5, 40):
        day = TODAY + datetime.timedelta(days=offset)
        expected = {pk for pk, erased in erased_on.items() if erased <= day}
        assert ids(to_be_erased(everyone(), day)) == expected, day
    assert ids(to_be_erased(everyone(), TODAY)) == {people[3].pk, people[4].pk}


# --- whose review ---------------------------------------------------------------------------


def test_whose_retention_a_user_reviews(
    japan_desk, india_desk, japan_officer, india_officer, director, partner_viewer
):
    by_desk = PersonFactory(desk=japan_desk)
    by_company = PersonFactory(desk=None)
    PositionFactory(person=by_company, company=CompanyFactory(country_id="JP"))
    indian = PersonFactory(desk=india_desk)
    assert ids(people_in_care_of(japan_officer)) == {by_desk.pk, by_company.pk}
    assert ids(people_in_care_of(india_officer)) == {indian.pk}
    assert ids(people_in_care_of(director)) == {by_desk.pk, by_company.pk, indian.pk}
    assert ids(people_in_care_of(partner_viewer)) == set()
    # My day and the digest list the desks one is a member of; a director has none.
    assert ids(everyone().filter(of_own_desks(japan_officer))) == {by_desk.pk, by_company.pk}
    assert ids(everyone().filter(of_own_desks(director))) == set()


# --- keeping a person longer ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("until", "reason", "fields"),
    [
        (None, "Visit planned", {"until"}),
        (TODAY, "Visit planned", {"until"}),
        (TODAY - DAY, "", {"until", "reason"}),
        (add_months(TODAY, 36) + DAY, "Visit planned", {"until"}),
        (TODAY + DAY, "   ", {"reason"}),
    ],
)
def test_keeping_longer_needs_a_day_ahead_within_the_cap_and_a_reason(
    japan_desk, japan_officer, until, reason, fields
):
    person = due_on(TODAY - DAY, desk=japan_desk)
    with pytest.raises(ValidationError) as refused:
        extend_retention(person, until, reason, japan_officer)
    assert set(refused.value.message_dict) == fields
    assert not RetentionExtension.objects.exists()


def test_keeping_longer_is_for_those_who_may_delete_the_person(
    japan_desk, japan_officer, japan_assistant, india_officer, director
):
    person = due_on(TODAY - DAY, desk=japan_desk)
    for refused in (japan_assistant, india_officer):
        with pytest.raises(PermissionDenied):
            extend_retention(person, TODAY + DAY, "Visit planned", refused)
    until = add_months(TODAY, 36)
    extension = extend_retention(person, until, "  Contract talks until spring  ", japan_officer)
    assert (extension.until, extension.reason, extension.extended_by) == (
        until,
        "Contract talks until spring",
        japan_officer,
    )
    assert extend_retention(person, TODAY + DAY, "Board decision", director).extended_by == director
    assert not due_for_review(everyone(), TODAY).exists()


# --- the review page ------------------------------------------------------------------------


@pytest.fixture
def due_people(japan_desk, india_desk):
    return {
        "japan": due_on(TODAY - datetime.timedelta(days=5), desk=japan_desk, family_name="Sato"),
        "india": due_on(TODAY - datetime.timedelta(days=5), desk=india_desk, family_name="Sharma"),
        "fresh": last_active(TODAY, desk=japan_desk, family_name="Tanaka"),
    }


def review_table(user):
    response = pages_of(user).get(reverse("privacy:retention_review"))
    assert response.status_code == 200
    return response.content.decode().split('id="retention-table"')[1].split("</table>")[0]


def test_the_review_lists_the_people_of_my_desks_due(
    due_people, japan_officer, japan_assistant, india_officer, director
):
    japan = due_people["japan"]
    table = review_table(japan_officer)
    assert "Sato" in table and "Sharma" not in table and "Tanaka" not in table
    erased_on = (TODAY - datetime.timedelta(days=5) + GRACE).strftime("%d/%m/%Y")
    assert erased_on in table.split(f'id="retention-{japan.pk}"')[1]
    assert reverse("privacy:person_extend", args=[japan.pk]) in table
    assert reverse("privacy:person_erase", args=[japan.pk]) in table
    # An assistant sees whom the desk reviews, but keeping them is the officers'.
    assistant_table = review_table(japan_assistant)
    assert "Sato" in assistant_table and "Keep longer" not in assistant_table
    assert reverse("privacy:person_erase", args=[japan.pk]) not in assistant_table
    assert "Sato" not in review_table(india_officer)
    assert "Sato" in review_table(director) and "Sharma" in review_table(director)


def test_the_review_is_not_for_partner_viewers(client, due_people, partner_viewer):
    assert pages_of(partner_viewer).get(reverse("privacy:retention_review")).status_code == 403
    response = client.get(reverse("privacy:retention_review"))
    assert response.status_code == 302 and "/login/" in response.url


def test_keeping_a_person_longer_from_the_review(due_people, japan_officer):
    person = due_people["japan"]
    until = TODAY + datetime.timedelta(days=200)
    response = pages_of(japan_officer).post(
        reverse("privacy:person_extend", args=[person.pk]),
        {"until": until.isoformat(), "reason": "Expansion talks resume in summer"},
    )
    assert response.status_code == 302 and response.url == reverse("privacy:retention_review")
    extension = RetentionExtension.objects.get(person=person)
    assert (extension.until, extension.extended_by) == (until, japan_officer)
    assert "Sato" not in review_table(japan_officer)


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"until": "", "reason": ""}, {"until", "reason"}),
        ({"until": "2026-13-45", "reason": "x"}, {"until"}),
        ({"until": "1999-01-01", "reason": "Visit"}, {"until"}),
        ({"until": "9999-12-31", "reason": "Visit"}, {"until"}),
        ({"until": "2100-01-01", "reason": "Visit\x00"}, {"reason"}),
    ],
)
def test_bad_input_comes_back_at_its_field(due_people, japan_officer, data, fields):
    person = due_people["japan"]
    response = pages_of(japan_officer).post(
        reverse("privacy:person_extend", args=[person.pk]), data
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == fields
    page = response.content.decode()
    assert all(f'id="error-{field}"' in page for field in fields)
    assert not RetentionExtension.objects.exists()


def test_keeping_longer_is_refused_outside_ones_scope(
    due_people, japan_assistant, india_officer, partner_viewer, director
):
    url = reverse("privacy:person_extend", args=[due_people["japan"].pk])
    data = {"until": (TODAY + DAY).isoformat(), "reason": "Visit"}
    assert pages_of(japan_assistant).post(url, data).status_code == 403
    assert pages_of(india_officer).post(url, data).status_code == 403
    assert pages_of(partner_viewer).post(url, data).status_code == 404
    assert pages_of(director).get(url).status_code == 200
    missing = reverse("privacy:person_extend", args=[987654321])
    assert pages_of(director).get(missing).status_code == 404
    assert not RetentionExtension.objects.exists()


def retention_panel(user, person):
    response = pages_of(user).get(person.get_absolute_url())
    if response.status_code != 200:
        return None
    page = response.content.decode()
    return page.split('id="retention"')[1].split("</div>")[0] if 'id="retention"' in page else ""


def test_the_persons_page_says_where_they_stand(
    due_people, japan_officer, japan_assistant, partner_viewer
):
    due, fresh = due_people["japan"], due_people["fresh"]
    panel = retention_panel(japan_officer, due)
    erased_on = (TODAY - datetime.timedelta(days=5) + GRACE).strftime("%d/%m/%Y")
    assert "60 months after the last activity" in panel and erased_on in panel
    assert reverse("privacy:person_extend", args=[due.pk]) in panel
    assert reverse("privacy:person_extend", args=[due.pk]) not in retention_panel(
        japan_assistant, due
    )
    fresh_panel = retention_panel(japan_officer, fresh)
    assert add_months(TODAY, 60).strftime("%d/%m/%Y") in fresh_panel
    assert "erased on" not in fresh_panel
    assert not retention_panel(partner_viewer, due)


# --- My day and the digest --------------------------------------------------------------------


def my_day_panel(user):
    page = pages_of(user).get("/").content.decode()
    return (
        page.split('id="retention-due"')[1].split("</section>")[0]
        if 'id="retention-due"' in page
        else ""
    )


def test_my_day_lists_my_desks_people_due(due_people, japan_officer, india_officer, director):
    # My day reads the list the nightly review makes.
    assert my_day_panel(japan_officer) == ""
    assert list_due(TODAY) == 2
    panel = my_day_panel(japan_officer)
    assert "Sato" in panel and "Sharma" not in panel and "Tanaka" not in panel
    assert reverse("privacy:retention_review") in panel
    assert "Sato" not in my_day_panel(india_officer)
    assert my_day_panel(director) == ""


def test_my_day_lists_the_people_of_my_desks_companies_and_follows_a_company_s_move(
    japan_officer, india_officer, japan_desk, india_desk
):
    kimura = due_on(TODAY - datetime.timedelta(days=5), desk=None, family_name="Kimura")
    company = CompanyFactory(desk_override=japan_desk)
    PositionFactory(person=kimura, company=company)
    list_due(TODAY)
    assert set(DueForReview.objects.get(person=kimura).desks.all()) == {japan_desk}
    assert "Kimura" in my_day_panel(japan_officer)
    # The company moves: off the old desk's list at once, on the new one's after the night.
    company.desk_override = india_desk
    company.save()
    assert "Kimura" not in my_day_panel(japan_officer)
    assert "Kimura" not in my_day_panel(india_officer)
    list_due(TODAY)
    assert "Kimura" in my_day_panel(india_officer)


def test_kept_met_or_changed_since_the_night_leaves_my_day_at_once(
    due_people, japan_officer, japan_desk
):
    kimura = due_on(TODAY - datetime.timedelta(days=5), desk=japan_desk, family_name="Kimura")
    ito = due_on(TODAY - datetime.timedelta(days=6), desk=japan_desk, family_name="Ito")
    list_due(TODAY)
    panel = my_day_panel(japan_officer)
    assert all(name in panel for name in ("Sato", "Kimura", "Ito"))
    assert panel.index("Ito") < panel.index("Kimura")  # the longest without activity first
    extend_retention(due_people["japan"], TODAY + DAY, "Talks resume", japan_officer)
    InteractionFactory(company__desk=japan_desk, occurred_on=TODAY).people.add(kimura)
    ito.salutation = "Dr."
    ito.save()
    assert my_day_panel(japan_officer) == ""


def test_the_digest_lists_my_desks_people_due(due_people, japan_officer, director):
    list_due(TODAY)
    assert send_digest(japan_officer, TODAY)
    message = mail.outbox[-1]
    assert message.subject == "pocketworld: 1 person due for review"
    assert "Sato" in message.body and "Sharma" not in message.body
    assert reverse("privacy:retention_review") in message.body
    assert digest_for(director, TODAY) is None


# --- the nightly review ---------------------------------------------------------------------


def test_a_dry_run_says_whom_it_would_erase_and_erases_no_one(japan_desk):
    overdue = due_on(TODAY - datetime.timedelta(days=40), desk=japan_desk)
    due_on(TODAY - DAY, desk=japan_desk)
    output = io.StringIO()
    call_command("review_retention", "--dry-run", stdout=output)
    lines = output.getvalue().splitlines()
    assert lines[0].startswith(f"Would erase person {overdue.pk}: Retention rule for legitimate")
    assert overdue.family_name not in output.getvalue()
    assert lines[-2:] == ["1 person would be erased.", "2 people are due for review."]
    assert Person.objects.count() == 2 and not DueForReview.objects.exists()


def test_the_review_erases_the_overdue_through_the_erasure_service(japan_desk, japan_officer):
    from pocketworld.privacy.models import Erasure

    overdue = due_on(TODAY - datetime.timedelta(days=40), desk=japan_desk, family_name="Kimura")
    kept = due_on(TODAY - datetime.timedelta(days=40), desk=japan_desk)
    extend_retention(kept, TODAY + DAY, "Talks resume next week", japan_officer)
    listed = due_on(TODAY - datetime.timedelta(days=5), desk=japan_desk)
    output = io.StringIO()
    call_command("review_retention", stdout=output)
    assert f"Erased person {overdue.pk}: Retention rule" in output.getvalue()
    assert output.getvalue().splitlines()[-1] == "1 person is due for review."
    last_activity = add_months(TODAY - datetime.timedelta(days=5), -60)
    assert list(DueForReview.objects.values_list("person", "listed_on", "last_activity")) == [
        (listed.pk, TODAY, last_activity)
    ]
    erasure = Erasure.objects.get()
    assert erasure.by_retention and erasure.erased_by is None
    assert erasure.reason.startswith("Retention rule for legitimate interest")
    assert "Kimura" not in erasure.reason
    assert not Person.objects.filter(family_name="Kimura").exists()
    assert Person.objects.filter(pk=kept.pk).exists()


def test_an_extension_given_after_the_list_was_made_wins(japan_desk, japan_officer):
    from pocketworld.privacy.tasks import erase_if_still_overdue

    person = due_on(TODAY - datetime.timedelta(days=40), desk=japan_desk)
    [standing] = standings(to_be_erased(everyone(), TODAY))
    extend_retention(person, TODAY + DAY, "Signed a letter of intent", japan_officer)
    assert erase_if_still_overdue(standing.person, "Retention rule", TODAY) is None
    assert Person.objects.filter(pk=person.pk).exists()


def test_the_nightly_review_is_scheduled_once(settings):
    from pocketworld.privacy.tasks import next_review_time

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first, second = io.StringIO(), io.StringIO()
    call_command("review_retention", "--schedule", stdout=first)
    call_command("review_retention", "--schedule", stdout=second)
    assert first.getvalue().startswith("The retention review is queued for")
    assert second.getvalue().strip() == "The retention review is queued already."
    night = timezone.make_aware(datetime.datetime(2026, 11, 25, 2, 59))
    assert timezone.localtime(next_review_time(night)).hour == 3
    assert next_review_time(night).date() == datetime.date(2026, 11, 25)


# --- candidates of skilled-worker programmes -----------------------------------------------


def candidate_of(programme, last_step, **fields):
    """A candidate of `programme` whose record last changed long ago and whose last step
    in the programme was on `last_step`."""
    candidate = CandidateFactory(
        cohort=CohortFactory(programme=programme, starts_on=datetime.date(2020, 1, 6)),
        nominated_on=datetime.date(2020, 1, 6),
        **fields,
    )
    Candidate.objects.filter(pk=candidate.pk).update(stage_changed_on=last_step)
    long_ago = moment(datetime.date(2020, 1, 6))
    Person.objects.filter(pk=candidate.person_id).update(last_updated=long_ago)
    return Candidate.objects.get(pk=candidate.pk)


def test_a_programme_keeps_its_candidates_for_its_own_months(india_desk):
    kept_two_years = ProgrammeFactory(
        kind="skilled_workers", desks=[india_desk], retention_months=24,
        starts_on=datetime.date(2020, 1, 1),
    )  # fmt: skip
    by_consent = ProgrammeFactory(
        kind="skilled_workers", desks=[india_desk], starts_on=datetime.date(2020, 1, 1)
    )
    due = candidate_of(kept_two_years, add_months(TODAY, -24))
    not_yet = candidate_of(kept_two_years, add_months(TODAY, -24) + DAY)
    # Kept as consent says (36 months): 30 months after the last step, not yet.
    kept_longer = candidate_of(by_consent, add_months(TODAY, -30))
    assert ids(due_for_review(everyone(), TODAY)) == {due.person_id}
    [standing] = standings(with_last_activity(Person.objects.filter(pk=due.person_id)))
    assert standing.rule.months == 24 and standing.due_on == TODAY
    assert standing.last_activity == add_months(TODAY, -24)
    [standing] = standings(with_last_activity(Person.objects.filter(pk=kept_longer.person_id)))
    assert standing.rule.months == 36
    assert not_yet.person_id in ids(due_for_review(everyone(), TODAY + DAY))
    # Erased after the consent rule's grace period, as anyone else kept on consent.
    assert due.person_id in ids(to_be_erased(everyone(), TODAY + GRACE))
    assert due.person_id not in ids(to_be_erased(everyone(), TODAY + GRACE - DAY))
