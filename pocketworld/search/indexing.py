"""What each kind of record puts into the search index.

Each app's `search.py` describes its records with a `SearchIndex`: the names a record
carries (and which is its main name), its title, country, desk and last activity, and which
other models' saves change its entries (a company's entries change with its names). The
`search` app reads these declarations to index, to keep the index current and to rebuild
it; `INDEX_PATHS` lists them in the order results are grouped.
"""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.module_loading import import_string

from pocketworld.core import permissions
from pocketworld.search.models import Audience, SearchEntry
from pocketworld.search.normalization import name_keys


@dataclass(frozen=True)
class Name:
    text: str
    language: str | None = None
    is_main: bool = False
    # What a hit shows as the name that matched, if not `text` (a name in another order).
    shown: str | None = None


def later_of(moment, day):
    """The later of a timestamp and a date (taken as the start of that day)."""
    if day is None:
        return moment
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return max(moment, start) if moment else start


class SearchIndex:
    kind = ""
    model = None
    # {model: function(instance) -> ids of this index's records whose entries it changes}
    related = {}
    # {model: (attribute naming the record, date field)}: saving one counts as activity on
    # the record, on that date. The app of each such model adds it (`count_as_activity`).
    activity_from = {}
    # Many-to-many fields whose changes change the entries (a partner's desks).
    m2m_fields = ()

    @classmethod
    def count_as_activity(cls, model, attribute, date_field):
        """Records of `model` count as activity on the record `attribute` names, on their
        `date_field`: a higher app's records (interactions) freshen a lower app's entries."""
        cls.activity_from = {**cls.activity_from, model: (attribute, date_field)}

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    def queryset(self):
        """Every record, with what `names` and the facets need, for (re)indexing."""
        return self.model._default_manager.all()

    def records(self):
        """`queryset()` with the date of each record's latest activity from other models."""
        queryset = self.queryset()
        for number, (model, (attribute, date_field)) in enumerate(self.activity_from.items()):
            latest = (
                model._default_manager.filter(**{attribute: OuterRef("pk")})
                .order_by(f"-{date_field}")
                .values(date_field)[:1]
            )
            queryset = queryset.annotate(**{f"latest_activity_{number}": Subquery(latest)})
        return queryset

    def names(self, record):
        raise NotImplementedError

    def title(self, record):
        return str(record)

    def country(self, record):
        return ""

    def desk_id(self, record):
        return getattr(record, "desk_id", None)

    def last_change(self, record):
        return record.last_updated

    def activity(self, record):
        """The later of the record's last change and its latest activity from other models."""
        moment = self.last_change(record)
        for number in range(len(self.activity_from)):
            moment = later_of(moment, getattr(record, f"latest_activity_{number}", None))
        return moment

    def entries(self, record):
        """The index rows of `record`: one per distinct key of its names. A confidential
        record's rows with its names are for its members; everyone else finds it by what they
        may know of it (its codename, `permissions.withheld_copy`)."""
        if permissions.is_confidential(record):
            withheld = permissions.withheld_copy(record)
            return self.rows(record, Audience.MEMBERS) + self.rows(withheld, Audience.OTHERS)
        return self.rows(record, Audience.EVERYONE)

    def rows(self, record, audience):
        title = self.title(record)
        facets = {
            "kind": self.kind,
            "object_id": record.pk,
            "title": title[:250],
            "country": self.country(record) or "",
            "desk_id": self.desk_id(record),
            "activity": self.activity(record),
            "audience": audience,
        }
        rows = {}
        for name in self.names(record):
            if not name.text or not name.text.strip():
                continue
            for key in name_keys(name.text, name.language):
                known = rows.get(key.text)
                if known is None or (name.is_main and not known.is_main):
                    rows[key.text] = SearchEntry(
                        name=(name.shown or name.text)[:250],
                        is_main=name.is_main,
                        key=key.text,
                        words=key.words,
                        sound=key.sound,
                        transliterated=key.transliterated,
                        **facets,
                    )
        return list(rows.values())


# The indexes in the order results are grouped: dotted paths, imported when first needed
# so that each app's search.py may import its own models.
INDEX_PATHS = [
    "pocketworld.companies.search.CompanyIndex",
    "pocketworld.contacts.search.PersonIndex",
    "pocketworld.projects.search.ProjectIndex",
    "pocketworld.companies.search.PartnerOrganisationIndex",
]

_indexes = {}


def indexes():
    """{kind: index} of every index, in `INDEX_PATHS` order."""
    if not _indexes:
        for path in INDEX_PATHS:
            index = import_string(path)()
            _indexes[index.kind] = index
    return _indexes
