"""Whom a footprint is about, the models it reads, and what each place of it does."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from pocketworld.contacts.models import Person
from pocketworld.imports.merging import merged_into
from pocketworld.privacy.footprint.traces import Traces
from pocketworld.search.indexing import indexes
from pocketworld.search.models import SearchEntry

CHUNK_SIZE = 500


# --- whom it is about ---------------------------------------------------------------------------


@dataclass
class Subject:
    """The person to export or erase, the people merged into them before, and their traces."""

    person: Person
    merged: list  # the last states (unsaved `Person`s) of the people merged into them
    traces: Traces
    # Their ids (kept: a deleted record forgets its own) and the words the search index
    # holds of their names.
    ids: frozenset = frozenset()
    indexed_words: frozenset = frozenset()

    @property
    def people(self):
        return [self.person, *self.merged]


def merged_people(person):
    """The last states of the people merged into `person`, and into those, and so on."""
    found, waiting, seen = [], [person], {person.pk}
    while waiting:
        for _change_set, state in merged_into(waiting.pop()):
            if state.pk not in seen:
                seen.add(state.pk)
                found.append(state)
                waiting.append(state)
    return found


def person_kinds():
    """The search index's kinds whose records are people."""
    return [kind for kind, index in indexes().items() if index.model is Person]


def subject_of(person):
    merged = merged_people(person)
    ids = frozenset([person.pk, *(state.pk for state in merged)])
    entries = SearchEntry.objects.filter(kind__in=person_kinds(), object_id__in=ids)
    words = frozenset(
        word for text in entries.values_list("words", flat=True) for word in text.split()
    )
    return Subject(person, merged, Traces.of([person, *merged]), ids, words)


@dataclass
class Erasing:
    """One erasure under way: whom, the marker that replaces their traces, and the records
    deleted so far ({model: {pk}}), which later places clean up after."""

    subject: Subject
    marker: str
    deleted: dict = field(default_factory=lambda: defaultdict(set))


# --- the models ---------------------------------------------------------------------------------


def history_of_links(model):
    """The historical model whose rows `model` holds the many-to-many links of, if it is
    simple-history's table of a field's links (its `history` points to that model)."""
    try:
        history = model._meta.get_field("history")
    except FieldDoesNotExist:
        return None
    if history.is_relation and hasattr(history.related_model, "instance_type"):
        return history.related_model
    return None


def live_model(model):
    """The model a simple-history table records (itself for any other model): the history
    of a record, or of its many-to-many links."""
    links_of = history_of_links(model)
    if links_of is not None:
        return links_of.instance_type
    return getattr(model, "instance_type", None) or model


def is_history(model):
    return live_model(model) is not model


def is_history_link(model):
    """simple-history's table of a many-to-many field's links at each point of history."""
    return history_of_links(model) is not None


def stored_models():
    """Every model with a table of its own (proxies and unmanaged models aside), but the
    append-only ones (`AccessRule.append_only`, the audit log): they name records by type
    and id, never change, and go after a retention of their own."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and model._meta.managed
        and not model._meta.swapped
        and not getattr(getattr(model, "access", None), "append_only", False)
    ]


def someone_models():
    """Models whose records are someone: a person, a user. Their own names are theirs."""
    return (Person, get_user_model())


def label_of(model):
    """A model's records, for people: the history of interactions, positions …"""
    live = live_model(model)
    if live is model:
        return model._meta.verbose_name_plural
    return _("history of %(records)s") % {"records": live._meta.verbose_name_plural}


class Place:
    """A place a person appears: its rows for the export, what erasure does to them."""

    key = ""
    label = ""
    model = None

    def rows(self, subject):
        """The records of this place that are about `subject`."""
        raise NotImplementedError

    def count(self, subject):
        rows = self.rows(subject)
        return rows.count() if isinstance(rows, models.QuerySet) else len(rows)

    def erase(self, erasing):
        """Remove the subject from this place; returns how many rows were removed or
        rewritten."""
        raise NotImplementedError

    def __repr__(self):
        return f"<{type(self).__name__} {self.key}>"
