from pocketworld.contacts.models import Person, Position
from pocketworld.core.testing import ModelSpec
from pocketworld.core.tests.factories import CompanyFactory, PersonFactory, PositionFactory


class PersonSpec(ModelSpec):
    model = Person
    url_prefix = "contacts:person"
    api_basename = "person"
    internal = True
    invalid_field = "consent_given_on"

    def make_object(self, request):
        return PersonFactory(desk=request.getfixturevalue("japan_desk"))

    def list_marker(self, obj):
        return obj.family_name

    def form_data(self, request):
        desk = request.getfixturevalue("japan_desk")
        return {
            "given_name": "Taro",
            "family_name": "Yamada",
            "native_name": "山田 太郎",
            "email": "taro.yamada@example.jp",
            "desk": desk.pk,
            "legal_basis": "legitimate_interest",
        }

    def invalid_form_data(self, request):
        return {**self.form_data(request), "legal_basis": "consent"}

    def api_data(self, request):
        return {**self.form_data(request), "languages": ["ja", "de"]}

    def invalid_api_data(self, request):
        return self.invalid_form_data(request)

    def changed_field(self):
        return "phone", "+49 211 123456"


class PositionSpec(ModelSpec):
    model = Position
    url_prefix = "contacts:position"
    api_basename = "position"
    internal = True
    invalid_field = "ended_on"

    def make_object(self, request):
        desk = request.getfixturevalue("japan_desk")
        return PositionFactory(person=PersonFactory(desk=desk), company=CompanyFactory())

    def form_data(self, request):
        desk = request.getfixturevalue("japan_desk")
        if not hasattr(self, "_pair"):
            self._pair = (PersonFactory(desk=desk).pk, CompanyFactory().pk)
        return {"person": self._pair[0], "company": self._pair[1], "job_title": "President"}

    def invalid_form_data(self, request):
        return {**self.form_data(request), "started_on": "2020-01-01", "ended_on": "2019-01-01"}

    def api_data(self, request):
        return self.form_data(request)

    def invalid_api_data(self, request):
        return self.invalid_form_data(request)

    def changed_field(self):
        return "job_title", "Managing Director Europe"
