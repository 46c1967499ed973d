import datetime

import pytest
import vobject

from pocketworld.contacts.models import Person
from pocketworld.contacts.vcards import fold, vcard, with_card_data
from pocketworld.core.models import Language
from pocketworld.core.tests.factories import (
    CompanyFactory,
    PartnerOrganisationFactory,
    PersonFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def yamada(japan_desk):
    person = PersonFactory(
        given_name="Taro",
        family_name="Yamada",
        native_name="山田 太郎",
        salutation="Dr.",
        email="taro.yamada@example.jp",
        phone="+81 3 1234 5678",
        mobile="+81 90 1234 5678",
        desk=japan_desk,
        notes="Prefers tea; internal remark.",
        legal_basis_note="Met at the fair; business card.",
    )
    person.languages.set(Language.objects.filter(code__in=["ja", "en"]))
    company = CompanyFactory(legal_name="Asahi Kasei Europe GmbH")
    PositionFactory(person=person, company=company, job_title="Managing Director")
    PositionFactory(
        person=person,
        company=CompanyFactory(legal_name="Former Employer K.K."),
        job_title="Sales",
        started_on=datetime.date(2010, 4, 1),
        ended_on=datetime.date(2019, 3, 31),
    )
    return person


@pytest.fixture
def kim(japan_desk):
    person = PersonFactory(
        given_name="Minjun", family_name="Kim", native_name="김민준", desk=japan_desk
    )
    PositionFactory(
        person=person,
        company=None,
        partner=PartnerOrganisationFactory(name="KOTRA Frankfurt"),
        job_title="Director",
    )
    return person


def card_of(person, user):
    return vcard(with_card_data(Person.objects.filter(pk=person.pk), user).get())


def parse(text):
    return {card.uid.value: card for card in vobject.readComponents(text)}


def names(card):
    return [(fn.value, fn.params.get("LANGUAGE", [""])[0]) for fn in card.contents["fn"]]


def physical_lines(data):
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    return data.split(b"\r\n")


def test_person_list_exports_names_in_every_script(client, japan_officer, yamada, kim):
    client.force_login(japan_officer)
    response = client.get("/people/export.vcf")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert 'filename="people.vcf"' in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    cards = list(vobject.readComponents(data.decode()))
    assert [card.version.value for card in cards] == ["4.0", "4.0"]
    kim_card, yamada_card = cards  # in the list's order: Kim, Yamada
    # The Latin name comes first (most apps show it); the native one is its alternative.
    assert names(yamada_card) == [("Taro Yamada", ""), ("山田 太郎", "ja")]
    assert names(kim_card) == [("Minjun Kim", ""), ("김민준", "ko")]
    assert [fn.params["ALTID"] for fn in yamada_card.contents["fn"]] == [["1"], ["1"]]
    name = yamada_card.n.value
    assert (name.family, name.given, name.prefix) == ("Yamada", "Taro", "Dr.")
    assert yamada_card.email.value == "taro.yamada@example.jp"
    assert yamada_card.email.params["TYPE"] == ["work"]
    phones = {phone.value: phone.params["TYPE"] for phone in yamada_card.contents["tel"]}
    assert phones == {"+81 3 1234 5678": ["work", "voice"], "+81 90 1234 5678": ["cell"]}
    # Only the current position; the ended one is career history, not contact data.
    assert yamada_card.org.value == ["Asahi Kasei Europe GmbH"]
    assert yamada_card.title.value == "Managing Director"
    assert yamada_card.org.group == yamada_card.title.group
    assert kim_card.org.value == ["KOTRA Frankfurt"]
    assert sorted(lang.value for lang in yamada_card.contents["lang"]) == ["en", "ja"]


def test_notes_and_legal_basis_stay_out(japan_officer, yamada):
    text = card_of(yamada, japan_officer)
    assert "tea" not in text and "business card" not in text
    assert "NOTE" not in text


def test_uid_is_stable_and_rev_is_the_last_change(japan_officer, yamada, kim):
    first, again = card_of(yamada, japan_officer), card_of(yamada, japan_officer)
    (uid,) = parse(first)
    assert uid.startswith("urn:uuid:") and set(parse(again)) == {uid}
    assert set(parse(card_of(kim, japan_officer))) != {uid}
    revised = vobject.readOne(first).rev.value
    expected = yamada.last_updated.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert revised == expected


def test_special_characters_are_escaped_and_come_back(japan_officer, japan_desk):
    person = PersonFactory(
        given_name="Anna, Maria",
        family_name="Müller; Schmidt\\Lee",
        native_name="",
        desk=japan_desk,
    )
    PositionFactory(
        person=person,
        company=CompanyFactory(legal_name="Höhn, Berg; Partner"),
        job_title="Head of\nSales, EMEA",
    )
    text = card_of(person, japan_officer)
    assert "Müller\\; Schmidt\\\\Lee" in text and "Head of\\nSales\\, EMEA" in text
    card = vobject.readOne(text)
    assert card.fn.value == "Anna, Maria Müller; Schmidt\\Lee"
    assert (card.n.value.given, card.n.value.family) == ("Anna, Maria", "Müller; Schmidt\\Lee")
    assert card.org.value == ["Höhn, Berg; Partner"]
    assert card.title.value == "Head of\nSales, EMEA"


def test_long_lines_fold_at_75_octets_between_characters(japan_officer, japan_desk):
    long_name = "山田太郎" * 30 + "ü" * 40
    person = PersonFactory(family_name="Yamada", native_name=long_name, desk=japan_desk)
    PositionFactory(person=person, company=CompanyFactory(legal_name="Ä, " * 60 + "GmbH"))
    data = card_of(person, japan_officer).encode()
    lines = physical_lines(data)
    assert max(len(line) for line in lines) == 75
    for line in lines:
        assert len(line) <= 75
        line.decode()  # no UTF-8 sequence is cut in two
    card = vobject.readOne(data.decode())
    assert names(card)[1] == (long_name, "und-Hani")
    assert card.org.value == ["Ä, " * 60 + "GmbH"]


def test_fold_never_splits_an_escape_sequence():
    line = "NOTE:" + "x" * 69 + "\\,abc" + "\\n" * 60
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    for physical in folded.split("\r\n"):
        assert len(physical.encode()) <= 75
        assert not physical.endswith("\\") or physical.endswith("\\\\")
    assert fold("FN:short") == "FN:short"


def test_han_name_language_follows_the_persons_languages(japan_officer, japan_desk):
    person = PersonFactory(family_name="Wang", native_name="王小明", desk=japan_desk)
    assert names(vobject.readOne(card_of(person, japan_officer)))[1] == ("王小明", "und-Hani")
    person.languages.set(Language.objects.filter(code="zh"))
    assert names(vobject.readOne(card_of(person, japan_officer)))[1] == ("王小明", "zh")


def test_one_persons_vcard(client, india_officer, yamada):
    client.force_login(india_officer)  # another desk's officer reads all people
    response = client.get(f"/people/{yamada.pk}/vcard/")
    assert response.status_code == 200
    assert 'filename="taro-yamada.vcf"' in response["Content-Disposition"]
    assert names(vobject.readOne(response.content.decode()))[1] == ("山田 太郎", "ja")
    assert client.get("/people/999999/vcard/").status_code == 404


def test_export_honours_the_list_filters(client, japan_officer, india_desk, yamada, kim):
    PersonFactory(family_name="Sharma", desk=india_desk)
    client.force_login(japan_officer)

    def exported(query):
        response = client.get("/people/export.vcf" + query)
        return [
            card.n.value.family
            for card in vobject.readComponents(b"".join(response.streaming_content).decode())
        ]

    assert exported("") == ["Kim", "Sharma", "Yamada"]
    assert exported(f"?desk={india_desk.pk}") == ["Sharma"]
    assert exported("?q=yama") == ["Yamada"]
    assert exported("?native_script=Kore") == ["Kim"]
    assert exported("?desk=not-a-desk") == []  # as the list: no results for bad filters


def test_people_without_personal_data_rights_get_no_cards(client, partner_viewer, yamada):
    client.force_login(partner_viewer)
    assert client.get("/people/export.vcf").status_code == 403
    assert client.get(f"/people/{yamada.pk}/vcard/").status_code == 404
    assert "/people/export.vcf" not in client.get("/people/").content.decode()


def test_anonymous_is_sent_to_sign_in(client, yamada):
    for url in ("/people/export.vcf", f"/people/{yamada.pk}/vcard/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_list_and_detail_offer_the_vcard(client, japan_officer, yamada):
    client.force_login(japan_officer)
    listing = client.get("/people/?q=yama").content.decode()
    assert 'href="/people/export.vcf?q=yama"' in listing
    fragment = client.get("/people/?q=yama", headers={"HX-Request": "true"}).content.decode()
    assert 'href="/people/export.vcf?q=yama"' in fragment
    detail = client.get(f"/people/{yamada.pk}/").content.decode()
    assert f'href="/people/{yamada.pk}/vcard/"' in detail
