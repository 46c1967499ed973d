from pocketworld.core.forms import PolicyModelForm
from pocketworld.desks.models import Desk


class DeskForm(PolicyModelForm):
    class Meta:
        model = Desk
        fields = ["name", "slug", "email", "description", "tags"]
