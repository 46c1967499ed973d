"""Who sees a skilled-worker programme's candidates: its desks, the directors and the
administrators; another desk's officer and partner viewers never, neither the candidacy
nor the person record behind it, on no page, in no list, search or API answer. Employers'
open positions are ordinary company data."""

import datetime

import pytest

from pocketworld.core.testing import api_of, pages_of
from pocketworld.core.tests.factories import (
    CandidateFactory,
    CohortFactory,
    OpenPositionFactory,
    ProgrammeFactory,
)
from pocketworld.privacy.erasure import erase_person
from pocketworld.programmes.models import Candidate, CandidateMove
from pocketworld.programmes.services import move_candidate
from pocketworld.search.services import search

pytestmark = pytest.mark.django_db

READERS = ["administrator", "director", "india_officer"]
OTHERS = ["japan_officer", "partner_viewer"]


@pytest.fixture
def candidate(india_desk):
    programme = ProgrammeFactory(kind="skilled_workers", desks=[india_desk])
    cohort = CohortFactory(programme=programme, starts_on=datetime.date(2026, 1, 5))
    candidate = CandidateFactory(cohort=cohort)
    candidate.person.family_name = "Venkataraman"
    candidate.person.save()
    return candidate


def user(request, persona):
    return request.getfixturevalue(persona)


@pytest.mark.parametrize("persona", READERS + OTHERS)
def test_the_person_record_of_a_candidate_is_for_the_programme_desks(request, candidate, persona):
    reader = user(request, persona)
    reads = persona in READERS
    person = candidate.person
    pages, api = pages_of(reader), api_of(reader)
    assert pages.get(person.get_absolute_url()).status_code == (200 if reads else 404)
    listed = pages.get("/people/?q=Venkataraman")
    shown = listed.status_code == 200 and listed.context["table"].paginator.count
    assert shown == (1 if reads else 0)
    assert api.get(f"/api/v1/people/{person.pk}/").status_code == (200 if reads else 404)
    found = [hit.object_id for hit in search("Venkataraman", reader)]
    assert (person.pk in found) == reads


@pytest.mark.parametrize("persona", READERS + OTHERS)
def test_moves_and_placements_are_for_the_programme_desks(request, candidate, persona):
    position = OpenPositionFactory(starts_on=datetime.date(2026, 9, 1))
    for stage, values in (
        ("language", {"german_level": "B2", "german_certified_on": datetime.date(2026, 6, 1)}),
        ("recognition", {"recognition": "full", "recognition_authority": "Bezirksregierung"}),
        ("matched", {"position": position}),
        ("visa", {}),
        ("arrived", {}),
        ("placed", {"starts_on": datetime.date(2026, 10, 1)}),
    ):
        move_candidate(candidate, stage, None, on=datetime.date(2026, 10, 1), **values)
    api = api_of(user(request, persona))
    reads = persona in READERS
    moves = api.get("/api/v1/candidate-moves/").json()["results"]
    placements = api.get("/api/v1/placements/").json()["results"]
    assert len(moves) == (CandidateMove.objects.count() if reads else 0)
    assert len(placements) == (1 if reads else 0)
    # The position itself is company data: every reader sees it, partners without notes.
    assert api.get(f"/api/v1/open-positions/{position.pk}/").status_code == 200


@pytest.mark.parametrize("persona", READERS + OTHERS)
def test_the_programme_page_shows_candidates_to_its_desks_only(request, candidate, persona):
    page = pages_of(user(request, persona)).get(candidate.cohort.programme.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert ('id="candidates"' in body) == (persona in READERS)
    assert ("Venkataraman" in body) == (persona in READERS)


def test_an_open_position_lists_the_candidates_who_fit_to_their_desks_only(
    candidate, india_officer, japan_officer
):
    position = OpenPositionFactory(starts_on=datetime.date(2026, 9, 1), german_level="")
    assert (
        "Venkataraman" in pages_of(india_officer).get(position.get_absolute_url()).content.decode()
    )
    other = pages_of(japan_officer).get(position.get_absolute_url())
    assert other.status_code == 200 and "Venkataraman" not in other.content.decode()


def test_erasing_a_candidate_s_person_erases_the_candidacy(candidate, director):
    erase_person(candidate.person, erased_by=director, reason="Asked to be forgotten.")
    assert not Candidate.objects.filter(pk=candidate.pk).exists()
    assert not CandidateMove.objects.filter(candidate_id=candidate.pk).exists()


def test_deleting_a_candidate_deletes_the_person_made_for_it(candidate, india_officer):
    person = candidate.person
    response = pages_of(india_officer).post(f"/candidates/{candidate.pk}/delete/")
    assert response.status_code == 302
    assert not Candidate.objects.filter(pk=candidate.pk).exists()
    assert not type(person).objects.filter(pk=person.pk).exists()


def test_a_cohort_with_candidates_is_not_deleted(candidate, india_officer):
    """Deleting it would leave their person records behind, for every desk to read."""
    cohort = candidate.cohort
    pages_of(india_officer).post(f"/cohorts/{cohort.pk}/delete/")
    assert type(cohort).objects.filter(pk=cohort.pk).exists()
    assert Candidate.objects.filter(pk=candidate.pk).exists()
