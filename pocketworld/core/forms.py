"""Base form: knows the user, so choices can be narrowed to what the user may assign."""

from django import forms

from pocketworld.core import permissions


class PolicyModelForm(forms.ModelForm):
    # Fields listing desks: a desk member may assign only their own desks.
    own_desk_fields = ()
    # Fields choosing the record this one is part of: only records the user may change.
    editable_parent_fields = ()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in self.editable_parent_fields:
            field = self.fields[name]
            field.queryset = field.queryset.editable_by(user)
        if user is not None and not permissions.sees_and_changes_everything(user):
            own = list(permissions.desk_roles(user))
            for name in self.own_desk_fields:
                field = self.fields[name]
                field.queryset = field.queryset.filter(pk__in=own)
