"""Serializer building blocks: brief related objects and model rules run on API input."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


class BriefRelatedField(serializers.PrimaryKeyRelatedField):
    """Written as an id, read as {id, display, url} (NetBox's brief form)."""

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        data = {"id": value.pk, "display": str(value)}
        if hasattr(value, "get_absolute_url"):
            request = self.context.get("request")
            url = value.get_absolute_url()
            data["url"] = request.build_absolute_uri(url) if request else url
        return data


class TagListField(serializers.ListField):
    child = serializers.CharField(max_length=100)

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class ModelRulesSerializer(serializers.ModelSerializer):
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
        instance = super().update(instance, validated_data)
        if tags is not None:
            instance.tags.set(tags, clear=True)
        return instance
