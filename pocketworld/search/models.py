"""The search index: one row per key of every name a record carries.

A row repeats what a result shows and what ranking needs (the record's title, country,
desk and last activity), so a search reads this table alone. A confidential record has two
sets of rows (`audience`): its names for its members, and its codename for everyone else.
The rows of a record are replaced whenever the record or one of its names is saved
(`signals`), and `manage.py rebuild_search_index` writes them all anew. Each database adds
its own trigram index over `key` (`backends`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pocketworld.core.permissions import AccessRule


class Audience(models.TextChoices):
    """Who finds a record by a row: everyone, or, of a confidential record, its members (by
    its names) or everyone else (by its codename)."""

    EVERYONE = "", _("everyone")
    MEMBERS = "members", _("its members")
    OTHERS = "others", _("everyone else")


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.BigIntegerField(_("record"))
    # The name as the record carries it, and the record's own name (title) for the result.
    name = models.CharField(_("name"), max_length=250)
    title = models.CharField(_("title"), max_length=250)
    is_main = models.BooleanField(_("main name"), default=False)
    key = models.CharField(_("key"), max_length=200)
    words = models.CharField(_("words"), max_length=200)
    sound = models.CharField(_("sound key"), max_length=200, blank=True)
    transliterated = models.BooleanField(_("romanized"), default=False)
    country = models.CharField(_("country"), max_length=2, blank=True)
    desk_id = models.BigIntegerField(_("desk"), null=True, blank=True)
    activity = models.DateTimeField(_("last activity"), null=True, blank=True)
    audience = models.CharField(
        _("audience"),
        max_length=10,
        choices=Audience.choices,
        blank=True,
        default=Audience.EVERYONE,
        db_default=Audience.EVERYONE,
    )

    access = AccessRule(
        personal_fields=("name", "title", "key", "words", "sound", "transliterated")
    )

    class Meta:
        db_table = "search_entry"
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        indexes = [
            # Prefix lookups: range scans on SQLite, LIKE 'abc%' on PostgreSQL.
            models.Index(fields=["key"], name="search_key", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["sound"], name="search_sound", opclasses=["varchar_pattern_ops"]),
            # A record's rows (object_id first: a kind alone must not lead the planner here).
            models.Index(fields=["object_id", "kind"], name="search_record"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.key}"


class SearchWord(models.Model):
    """A word of the index's keys, so that a misspelt word finds what it was meant to be.

    Words are only added (a word no row has any more finds nothing); a full rebuild of the
    index starts them anew.
    """

    # An integer key of its own: SQLite's FTS5 table over the words refers to rows by it.
    word = models.CharField(_("word"), max_length=100, unique=True)

    access = AccessRule(personal_fields=("word",))

    class Meta:
        db_table = "search_word"
        verbose_name = _("search index word")
        verbose_name_plural = _("search index words")

    def __str__(self):
        return self.word
