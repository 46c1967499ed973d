from pocketworld.core.testing import ModelSpec
from pocketworld.desks.models import Desk


class DeskSpec(ModelSpec):
    model = Desk
    url_prefix = "desks:desk"
    api_basename = "desk"
    desk_owned = False
    invalid_field = "slug"

    def make_object(self, request):
        return request.getfixturevalue("japan_desk")

    def form_data(self, request):
        return {"name": "Korea Desk", "slug": "korea"}

    def invalid_form_data(self, request):
        return {"name": "Korea Desk", "slug": "not a slug!"}

    def api_data(self, request):
        return self.form_data(request)

    def invalid_api_data(self, request):
        return self.invalid_form_data(request)

    def changed_field(self):
        return "email", "japan@example.org"

    def existing_form_values(self, obj):
        return {"name": obj.name, "slug": obj.slug}
