import datetime

import pytest
from django.core.exceptions import ValidationError

from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Position
from pocketworld.core.scripts import Script
from pocketworld.core.tests.factories import (
    CompanyFactory,
    PartnerOrganisationFactory,
    PersonFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db


def test_consent_needs_a_date():
    person = PersonFactory.build(legal_basis=LegalBasis.CONSENT, consent_given_on=None)
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "consent_given_on" in error.value.message_dict
    person.consent_given_on = datetime.date(2025, 3, 1)
    person.full_clean()


def test_native_script_is_detected():
    person = PersonFactory(native_name="김민준")
    assert person.native_script == Script.HANGUL


def test_position_is_at_a_company_or_a_partner_not_both(japan_desk):
    position = Position(
        person=PersonFactory(), company=CompanyFactory(), partner=PartnerOrganisationFactory()
    )
    with pytest.raises(ValidationError):
        position.full_clean()
    with pytest.raises(ValidationError):
        Position(person=PersonFactory()).full_clean()


def test_a_person_keeps_their_career_when_changing_company(japan_desk):
    person = PersonFactory()
    old = PositionFactory(person=person, started_on=datetime.date(2015, 1, 1))
    old.ended_on = datetime.date(2020, 6, 30)
    old.save()
    new = PositionFactory(person=person, started_on=datetime.date(2020, 7, 1))
    assert {p.pk for p in person.positions.all()} == {old.pk, new.pk}
    assert [p.is_current for p in person.positions.order_by("started_on")] == [False, True]


def test_position_cannot_end_before_it_started(japan_desk):
    position = PositionFactory.build(
        person=PersonFactory(),
        company=CompanyFactory(),
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2019, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        position.full_clean()
    assert "ended_on" in error.value.message_dict


def test_person_is_owned_by_the_desks_of_their_companies(japan_desk, india_desk):
    person = PersonFactory(desk=india_desk)
    PositionFactory(person=person, company=CompanyFactory())
    assert person.owning_desk_ids() == {india_desk.pk, japan_desk.pk}
