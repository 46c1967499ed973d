from pocketworld.contacts import filtersets, forms, tables
from pocketworld.contacts.models import Person, Position
from pocketworld.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)


class PersonListView(ObjectListView):
    model = Person
    filterset_class = filtersets.PersonFilterSet
    table_class = tables.PersonTable

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("desk")


class PersonDetailView(ObjectDetailView):
    model = Person

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("desk")
            .prefetch_related("languages", "tags")
        )

    def get_extra_context(self, request, instance):
        return {
            "positions": instance.positions.select_related("company", "partner").order_by(
                "ended_on", "-started_on"
            )
        }


class PersonEditView(ObjectEditView):
    model = Person
    form_class = forms.PersonForm


class PersonDeleteView(ObjectDeleteView):
    model = Person


class PositionEditView(ObjectEditView):
    model = Position
    form_class = forms.PositionForm


class PositionDeleteView(ObjectDeleteView):
    model = Position
    parent_field = "person"
