"""Base form: knows the user, so every choice is narrowed to what the user may assign."""

from django import forms
from taggit.forms import TagField

from pocketworld.core import permissions
from pocketworld.core.filtersets import check_integer_keys
from pocketworld.core.validators import validate_tag_names

# The browser's date picker for a date field, its value as the picker writes it.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Ids beyond the database's integers are no valid choice (its `in` query would fail)."""

    def _check_values(self, value):
        check_integer_keys(self, value)
        return super()._check_values(value)


def bound_input(fields):
    """Make a form's fields refuse, at the field, input the database cannot take: ids beyond
    its integers in a multiple choice, tags longer than their column."""
    for field in fields.values():
        if type(field) is forms.ModelMultipleChoiceField:
            field.__class__ = BoundedModelMultipleChoiceField
        elif isinstance(field, TagField):
            field.validators.append(validate_tag_names)


class PolicyModelForm(forms.ModelForm):
    """A model's form whose related fields offer only what the policy lets the user set
    (`permissions.writable_choices`): their own desks, users who may see the record, the
    records they may change where the choice owns or hands over this one."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bound_input(self.fields)
        if user is None:
            return
        instance = self.instance if self.instance.pk is not None else None
        for name, field in self.fields.items():
            model_field = self.relation(name)
            if model_field is None or not hasattr(field, "queryset"):
                continue
            choices = permissions.writable_choices(user, model_field, instance)
            field.queryset = field.queryset.filter(pk__in=choices.values("pk"))

    def relation(self, name):
        """The model's relation behind the form field `name`, if there is one."""
        return permissions.relation_named(self._meta.model, name)

    def _save_m2m(self):
        # A desk member adds and removes their own desks; other desks sharing the record stay.
        for name, value in list(self.cleaned_data.items()):
            model_field = self.relation(name)
            if self.user is not None and permissions.is_desk_set(model_field):
                self.cleaned_data[name] = permissions.merged_desks(
                    self.user, model_field, self.instance, value
                )
        super()._save_m2m()
