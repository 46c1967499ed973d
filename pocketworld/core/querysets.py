"""The queryset every main model uses, so that permission checks read the same everywhere."""

from django.db import models

from pocketworld.core import permissions


class PolicyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return permissions.visible(self, user)

    def editable_by(self, user):
        return permissions.editable(self, user)

    def deletable_by(self, user):
        return permissions.deletable(self, user)


PolicyManager = models.Manager.from_queryset(PolicyQuerySet)
