"""The search index's entries of the person and of records named after them."""

from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pocketworld.privacy.footprint.places import CHUNK_SIZE, Place, person_kinds
from pocketworld.search import services as search
from pocketworld.search.models import SearchEntry, SearchWord

# --- the search index ---------------------------------------------------------------------------


class SearchPlace(Place):
    """The search index's entries of the person, and those of other records whose names
    hold a trace (a project named after them): the latter are written anew from their
    records, which erasure has rewritten by then. Words of the vocabulary that no entry
    holds any more go too."""

    model = SearchEntry
    key = "search:search.SearchEntry"
    label = _("search index entries")

    def own(self, subject):
        return SearchEntry.objects.filter(kind__in=person_kinds(), object_id__in=subject.ids)

    def naming(self, subject):
        needles = subject.traces.needles
        condition = Q()
        for column in ("name", "title", "key"):
            for needle in needles:
                condition |= Q(**{f"{column}__icontains": needle})
        if not condition:
            return []
        rows = SearchEntry.objects.filter(condition).order_by("pk")
        return [
            entry
            for entry in rows.iterator(chunk_size=CHUNK_SIZE)
            if subject.traces.found_in([entry.name, entry.title, entry.key])
        ]

    def rows(self, subject):
        own = list(self.own(subject).order_by("pk"))
        known = {entry.pk for entry in own}
        return own + [entry for entry in self.naming(subject) if entry.pk not in known]

    def erase(self, erasing):
        subject = erasing.subject
        own = self.own(subject)
        words = set(subject.indexed_words)
        count = own.delete()[0]
        by_kind = defaultdict(set)
        for entry in self.naming(subject):
            words.update(entry.words.split())
            by_kind[entry.kind].add(entry.object_id)
            count += 1
        for kind, ids in by_kind.items():
            search.index_records(kind, ids)
        left = [entry.pk for entry in self.naming(subject)]
        SearchEntry.objects.filter(pk__in=left).delete()
        SearchWord.objects.filter(word__in=[word for word in words if not in_use(word)]).delete()
        search.purge_deleted()
        return count


def in_use(word):
    """Whether an entry of the index still holds `word`."""
    return SearchEntry.objects.filter(
        Q(words=word)
        | Q(words__startswith=f"{word} ")
        | Q(words__endswith=f" {word}")
        | Q(words__contains=f" {word} ")
    ).exists()
