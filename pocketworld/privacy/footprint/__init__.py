"""Every place a person appears: one description, read off the models, that the access
export (`exports`) and the erasure (`erasure`) both walk, so that neither knows a place
the other misses.

A person appears

- as their own record, and as the people merged into it earlier, whose last state a
  merge's change set keeps (`RecordPlace`, their history: `RecordHistoryPlace`);
- wherever a model points to them: every foreign key and many-to-many field to `Person`
  of every model, simple-history's tables included, found through Django's model meta
  (`RelationPlace`); a model added later is covered without a change here;
- wherever a record names them by content type and id: changes of change sets, the
  admin's log, tags (`PointerPlace`); and inside change-set snapshots of other records
  (`SnapshotPlace`);
- in text: every text and JSON column of every model, history tables included, that holds
  one of the strings that single them out (`Traces`: their full name in either order,
  their name in native script, e-mail addresses, phone numbers) (`TextPlace`); in the rows
  of people imports about them (`ImportRowPlace`) and in imported files (`FilePlace`);
- in the search index (`SearchPlace`).

What erasure does in a place follows from the relation: rows that are the person's alone
are deleted (a foreign key that cascades and cannot be empty, or a row the model's
`AccessRule.personal_rows` declare a person's alone), a relation that may be empty is
blanked, a many-to-many link is removed; text is rewritten with a marker. Records of other
people and of users keep their own names: a namesake is not erased.
"""

import functools

from pocketworld.privacy.footprint.places import (
    Erasing,
    Place,
    Subject,
    is_history,
    live_model,
    someone_models,
    stored_models,
    subject_of,
)
from pocketworld.privacy.footprint.relations import (
    PointerPlace,
    RecordHistoryPlace,
    RecordPlace,
    RelationPlace,
    SnapshotPlace,
    erasure_action,
    person_relations,
    pointer_models,
)
from pocketworld.privacy.footprint.search_index import SearchPlace
from pocketworld.privacy.footprint.text import (
    FilePlace,
    ImportRowPlace,
    TextPlace,
    file_fields,
    file_texts,
    file_without,
    text_fields,
)
from pocketworld.privacy.footprint.traces import Traces
from pocketworld.search.models import SearchEntry, SearchWord

__all__ = [
    "Erasing",
    "FilePlace",
    "ImportRowPlace",
    "Place",
    "PointerPlace",
    "RecordHistoryPlace",
    "RecordPlace",
    "RelationPlace",
    "SearchPlace",
    "SnapshotPlace",
    "Subject",
    "TextPlace",
    "Traces",
    "erasure_action",
    "file_texts",
    "file_without",
    "footprint",
    "live_model",
    "place_labels",
    "places",
    "someone_models",
    "stored_models",
    "subject_of",
]


# --- the footprint ------------------------------------------------------------------------------


def footprint(models_=None):
    """Every place a person can appear, in the order erasure goes through them: relations
    of live records first (so that what they delete is known), then the record itself,
    then history, text, files and the search index."""
    stored = models_ if models_ is not None else stored_models()
    relations = [RelationPlace(relation) for relation in person_relations(stored)]
    return [
        *[place for place in relations if not is_history(place.model)],
        *[PointerPlace(model) for model in pointer_models(stored)],
        SnapshotPlace(),
        ImportRowPlace(),
        RecordPlace(),
        RecordHistoryPlace(),
        *[place for place in relations if is_history(place.model)],
        *[
            TextPlace(model, fields)
            for model in stored
            if model not in (SearchEntry, SearchWord) and (fields := text_fields(model))
        ],
        *[FilePlace(model, file_field) for model in stored for file_field in file_fields(model)],
        SearchPlace(),
    ]


@functools.cache
def places():
    """The footprint of the installed models."""
    return footprint()


def place_labels():
    """{place key: label}, to name the places an erasure's tombstone counts."""
    return {place.key: place.label for place in places()}
