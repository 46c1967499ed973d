"""Serializer building blocks: brief related objects, model rules run on API input, and
the permission policy on every field (what a reader sees, what a writer may point to)."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pocketworld.core import permissions
from pocketworld.core.validators import MAX_TAGS, TAG_LENGTH


class BriefRelatedField(serializers.PrimaryKeyRelatedField):
    """Written as an id, read as {id, display, url} (NetBox's brief form); a confidential
    record withheld from the reader reads as nothing, since what points to it (a meeting
    of two companies) would give it away."""

    default_error_messages = {
        "does_not_exist": _("{pk_value} is not a record you may choose here."),
    }

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        request = self.context.get("request")
        if permissions.withholds(getattr(request, "user", None), value):
            return None
        data = {"id": value.pk, "display": str(value)}
        if hasattr(value, "get_absolute_url"):
            url = value.get_absolute_url()
            data["url"] = request.build_absolute_uri(url) if request else url
        return data

    def get_choices(self, cutoff=None):
        # The choices of the browsable API's forms, by id: the brief form is no dict key.
        queryset = self.get_queryset()
        if queryset is None:
            return {}
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {item.pk: self.display_value(item) for item in queryset}


class TagListField(serializers.ListField):
    child = serializers.CharField(max_length=TAG_LENGTH)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_TAGS)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class PolicySerializerMixin:
    """Fields under the policy for the requesting user: a reader receives none of the fields
    hidden from them, and a related field accepts only the records the user may point it to
    (`permissions.writable_choices`, or what the user sees where no model field is behind it).
    Every serializer of the API is built on it."""

    def requesting_user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def to_internal_value(self, data):
        # PostgreSQL stores no NUL character; a lookup with one would fail in the database.
        if hasattr(data, "keys"):
            errors = {
                name: [NUL_MESSAGE]
                for name in data
                if holds_nul(data.getlist(name) if hasattr(data, "getlist") else data[name])
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def get_fields(self):
        fields = super().get_fields()
        user = self.requesting_user()
        if user is None:
            return fields
        model = getattr(getattr(self, "Meta", None), "model", None)
        if model is not None and hasattr(model, "access"):
            hidden = permissions.hidden_fields(user, model)
            for name in [
                name for name, field in fields.items() if source_of(name, field) in hidden
            ]:
                del fields[name]
        instance = self.instance if model is not None and isinstance(self.instance, model) else None
        for name, field in fields.items():
            relation = getattr(field, "child_relation", field)
            if field.read_only or getattr(relation, "queryset", None) is None:
                continue
            model_field = relation_of(model, field.source or name)
            if model_field is not None:
                relation.queryset = permissions.writable_choices(user, model_field, instance)
            elif hasattr(relation.queryset, "visible_to"):
                relation.queryset = relation.queryset.visible_to(user)
        return fields


NUL_MESSAGE = _("Null characters are not allowed.")


def holds_nul(value):
    """Whether a value sent to the API holds a NUL character anywhere."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(holds_nul(item) for item in value)
    return False


def source_of(name, field):
    """The model attribute a field reads (its first step); fields are not bound yet here."""
    return (field.source or name).split(".")[0]


def relation_of(model, source):
    """The model's relation behind a serializer field's source, if it is one."""
    if model is None or source == "*" or "." in source:
        return None
    return permissions.relation_named(model, source)


class PolicySerializer(PolicySerializerMixin, serializers.Serializer):
    """A serializer of input or results that is not a model's."""


class PolicyModelSerializer(PolicySerializerMixin, serializers.ModelSerializer):
    """A model's serializer without the model's rules (read-only or nested records)."""


class ModelRulesSerializer(PolicyModelSerializer):
    """Runs the model's clean() and constraints on API input, as the UI's ModelForm does."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        concrete = {field.name for field in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        try:
            instance.clean()
            instance.validate_constraints()
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        # clean() may normalise values (an LEI in capitals): keep what it made of them.
        for name in attrs:
            if name in concrete:
                attrs[name] = getattr(instance, name)
        return attrs

    def create(self, validated_data):
        tags = validated_data.pop("tags", None)
        instance = super().create(validated_data)
        if tags is not None:
            instance.tags.set(tags)
        return instance

    def update(self, instance, validated_data):
        tags = validated_data.pop("tags", None)
        user = self.requesting_user()
        for name, value in validated_data.items():
            field = relation_of(self.Meta.model, name)
            if user is not None and permissions.is_desk_set(field):
                validated_data[name] = permissions.merged_desks(user, field, instance, value)
        instance = super().update(instance, validated_data)
        if tags is not None:
            instance.tags.set(tags, clear=True)
        return instance
