"""Every writable field that points to another record refuses one outside the writer's scope.

The fields are enumerated, not listed: every serializer of the API router and every form
built on `PolicyModelForm`, each relation among their fields. For a Japan desk officer, each
must offer exactly what `permissions.writable_choices` allows, refuse a record outside it at
the field, and accept one inside it. A world with records of two desks, a partner viewer
and another desk's people gives every kind of relation something to refuse.
"""

import pytest
from rest_framework.test import APIRequestFactory

from pocketworld.accounts.models import User
from pocketworld.api.urls import router
from pocketworld.companies.models import Company
from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.api.serializers import (
    ModelRulesSerializer,
    PolicySerializerMixin,
    relation_of,
)
from pocketworld.core.forms import PolicyModelForm
from pocketworld.core.tests.factories import (
    CompanyFactory,
    EventFactory,
    InteractionFactory,
    ParticipantFactory,
    PartnerOrganisationFactory,
    PersonFactory,
    PositionFactory,
    ProjectFactory,
)
from pocketworld.desks.models import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(japan_desk, india_desk, japan_officer, india_officer, partner_viewer):
    """Records of both desks for every kind a field can point to."""
    for desk, country in ((japan_desk, "JP"), (india_desk, "IN")):
        company = CompanyFactory(country_id=country)
        person = PersonFactory(desk=desk)
        PositionFactory(person=person, company=company)
        event = EventFactory(desks=[desk])
        ParticipantFactory(event=event, company=company, person=person)
        PartnerOrganisationFactory(desks=[desk])
        project = ProjectFactory(company=company, owner=japan_officer)
        InteractionFactory(company=company, project=project)
    return japan_officer


def all_subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from all_subclasses(subclass)


def api_serializers():
    return sorted(
        {viewset.serializer_class for _prefix, viewset, _basename in router.registry},
        key=lambda serializer: serializer.__qualname__,
    )


def policy_forms():
    import pocketworld.urls  # noqa: F401  every app's views, and so its forms, imported

    return sorted(all_subclasses(PolicyModelForm), key=lambda form: form.__qualname__)


def serializer_relations(serializer):
    model = serializer.Meta.model
    for name, field in serializer.fields.items():
        relation = getattr(field, "child_relation", field)
        if field.read_only or getattr(relation, "queryset", None) is None:
            continue
        model_field = relation_of(model, field.source)
        if model_field is not None:
            yield name, field, relation.queryset, model_field


def form_relations(form):
    for name, field in form.fields.items():
        model_field = permissions.relation_named(form._meta.model, name)
        if model_field is not None and hasattr(field, "queryset"):
            yield name, field, field.queryset, model_field


def scope_of(user, model_field):
    return set(permissions.writable_choices(user, model_field).values_list("pk", flat=True))


def outside_and_inside(user, model_field):
    scope = scope_of(user, model_field)
    everything = model_field.related_model._default_manager.values_list("pk", flat=True)
    outside = sorted(set(everything) - scope)
    return (outside[0] if outside else None), (min(scope) if scope else None)


def request_of(user):
    request = APIRequestFactory().post("/")
    request.user = user
    return request


def test_every_api_serializer_and_its_nested_ones_are_under_the_policy():
    from rest_framework import serializers

    unbound = []
    for serializer_class in api_serializers():
        for field in serializer_class().fields.values():
            nested = getattr(field, "child", field)
            if isinstance(nested, serializers.BaseSerializer) and not isinstance(
                nested, PolicySerializerMixin
            ):
                unbound.append(f"{serializer_class.__name__}.{field.field_name}")
        if not issubclass(serializer_class, PolicySerializerMixin):
            unbound.append(serializer_class.__name__)
    assert not unbound, f"build these on pocketworld.core.api.serializers' policy bases: {unbound}"


def test_api_fields_refuse_records_outside_the_writers_scope(world):
    officer = world
    refused, checked = [], []
    for serializer_class in api_serializers():
        if not issubclass(serializer_class, ModelRulesSerializer):
            continue  # read-only: written through actions with their own checks
        context = {"request": request_of(officer)}
        fields = list(serializer_relations(serializer_class(context=context)))
        for name, field, queryset, model_field in fields:
            label = f"{serializer_class.__name__}.{name}"
            assert set(queryset.values_list("pk", flat=True)) == scope_of(officer, model_field), (
                f"{label} offers other records than the policy allows"
            )
            outside, inside = outside_and_inside(officer, model_field)
            if outside is None:
                continue
            value = [outside] if hasattr(field, "child_relation") else outside
            serializer = serializer_class(data={name: value}, context=context, partial=True)
            serializer.is_valid()
            if name not in serializer.errors:
                refused.append(f"{label} accepted {model_field.related_model.__name__} {outside}")
            checked.append((label, model_field.related_model))
            if inside is not None:
                value = [inside] if hasattr(field, "child_relation") else inside
                serializer = serializer_class(data={name: value}, context=context, partial=True)
                serializer.is_valid()
                assert name not in serializer.errors or "may choose" not in str(
                    serializer.errors[name]
                ), f"{label} refused {inside}, which is in scope: {serializer.errors[name]}"
    assert not refused, "\n".join(refused)
    kinds = {model for _label, model in checked}
    assert {User, Person, Desk, Company} <= kinds, kinds


def test_form_fields_offer_only_records_in_the_writers_scope(world):
    officer = world
    checked = []
    for form_class in policy_forms():
        form = form_class(user=officer)
        for name, _field, queryset, model_field in form_relations(form):
            offered = set(queryset.values_list("pk", flat=True))
            scope = scope_of(officer, model_field)
            assert offered <= scope, (
                f"{form_class.__name__}.{name} offers {sorted(offered - scope)} outside the scope"
            )
            outside, _inside = outside_and_inside(officer, model_field)
            if outside is not None:
                data = {name: [outside] if model_field.many_to_many else outside}
                bound = form_class(data, user=officer)
                bound.is_valid()
                assert name in bound.errors, f"{form_class.__name__}.{name} accepted {outside}"
                checked.append(model_field.related_model)
    assert {User, Person, Desk, Company} <= set(checked), set(checked)


def test_the_scope_itself(world, japan_desk, india_desk, partner_viewer):
    """Spot checks of what the derived scope means, so that the walk above cannot pass on
    a policy that allows everything."""
    from pocketworld.contacts.models import Position
    from pocketworld.interactions.models import Task
    from pocketworld.projects.models import Project

    officer = world
    assignee = Task._meta.get_field("assignee")
    assert partner_viewer.pk not in scope_of(officer, assignee)
    assert officer.pk in scope_of(officer, assignee)
    assert scope_of(officer, Project._meta.get_field("desk")) == {japan_desk.pk}
    people = scope_of(officer, Position._meta.get_field("person"))
    assert people == set(Person.objects.filter(desk=japan_desk).values_list("pk", flat=True))
    assert india_desk.pk not in scope_of(officer, Company._meta.get_field("desk_override"))


def test_who_is_not_signed_in_may_choose_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    from pocketworld.interactions.models import Task

    for name in ("assignee", "desk", "company"):
        assert not permissions.writable_choices(AnonymousUser(), Task._meta.get_field(name))


def test_the_openapi_document_is_made_without_a_request(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--file", str(tmp_path / "openapi.yaml"), "--validate")
    assert "/api/v1/participants/" in (tmp_path / "openapi.yaml").read_text()
