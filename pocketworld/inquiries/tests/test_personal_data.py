"""An inquirer's data in the inquiries are the person's: their access export lists the
inquiries, and their erasure leaves nothing of them there."""

from pocketworld.core.tests.factories import PersonFactory
from pocketworld.inquiries import services
from pocketworld.inquiries.models import Inquiry
from pocketworld.inquiries.tests.makers import submission
from pocketworld.privacy.erasure import erase_person
from pocketworld.privacy.exports import exported_places
from pocketworld.privacy.footprint import subject_of


def inquiry_of_a_known_person(japan_desk):
    person = PersonFactory(
        given_name="Hanako", family_name="Sato", email="h.sato@mitsuwa.example", desk=japan_desk
    )
    inquiry, _created = services.receive(
        submission(
            contact_name="Hanako Sato",
            email="h.sato@mitsuwa.example",
            message="Please call Hanako Sato about an office.",
        ),
        channel="form",
    )
    return person, inquiry


def test_the_access_export_lists_the_inquiry(japan_desk, director):
    person, inquiry = inquiry_of_a_known_person(japan_desk)
    places = exported_places(subject_of(person), director)
    texts = " ".join(str(record) for place in places for record in place.records)
    assert inquiry.reference in texts or "h.sato@mitsuwa.example" in texts
    assert any("inquir" in place.key.lower() for place in places)


def test_erasure_leaves_nothing_of_the_person_in_the_inquiry(japan_desk, director):
    person, inquiry = inquiry_of_a_known_person(japan_desk)
    erase_person(person, erased_by=director, reason="Request 2026-17")
    inquiry = Inquiry.objects.get(pk=inquiry.pk)
    for value in (inquiry.contact_name, inquiry.email, inquiry.message):
        assert "Hanako Sato" not in value and "h.sato@mitsuwa.example" not in value
    assert not inquiry.history.filter(email="h.sato@mitsuwa.example").exists()
