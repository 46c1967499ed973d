"""Every page and endpoint of the demo world, walked as an officer of a desk that is not
the skilled-worker programme's: no body, in any format, names one of its candidates.

The candidates are read from the database at run time, so a candidate added to the demo
is covered; what is looked for is each one's name (both orders) and e-mail address.
"""

import pytest
from django.test import Client

from pocketworld.accounts.models import User
from pocketworld.demo.tests.test_surfaces import (  # noqa: F401  `world`: the module's fixture
    Finder,
    normalise,
    report,
    texts_of,
    walk,
    world,
)
from pocketworld.programmes.models import Candidate

# The Japan Desk's head: the skilled workers come to the India Desk and the International
# Specialists.
OUTSIDER = "leonhardt"
# Their programme's desk head.
INSIDER = "ly"


def candidate_strings():
    """{normalised text: label} of what an outsider must not receive."""
    forbidden = {}
    for candidate in Candidate.objects.select_related("person"):
        person = candidate.person
        for text in (
            f"{person.given_name} {person.family_name}",
            f"{person.family_name}, {person.given_name}",
            person.email,
        ):
            forbidden[normalise(text)] = f"candidate {candidate.pk}: {text!r}"
    return forbidden


@pytest.mark.django_db
def test_another_desk_receives_no_candidate(request):
    demo = request.getfixturevalue("world")
    forbidden = candidate_strings()
    assert len(forbidden) == 3 * Candidate.objects.count() > 0
    find = Finder(forbidden)
    # The finder at work: the programme's page, as its desk sees it, lists the candidates.
    insider = Client()
    insider.force_login(User.objects.get(username=INSIDER))
    programme = Candidate.objects.first().cohort.programme
    found = [
        label
        for _kind, text in texts_of(insider.get(programme.get_absolute_url()))
        for label in find(text)
    ]
    assert len(found) >= Candidate.objects.count(), found
    result = walk(demo, OUTSIDER, find)
    if result.leaks or result.server_errors:
        title = f"Candidates shown to {OUTSIDER} in {result.requests} requests"
        errors = report(f"Server errors as {OUTSIDER}", result.server_errors)
        pytest.fail(f"{report(title, result.leaks)}\n\n{errors}", pytrace=False)
