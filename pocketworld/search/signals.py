"""Keeping the index current: every save and delete of an indexed record, of a record its
entries are made from (a company's names), and of an interaction (activity) updates it.

Signals only feed the index; they run inside the saving transaction, so a save that is
rolled back leaves the index as it was.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from pocketworld.search import services
from pocketworld.search.indexing import indexes, later_of


def connect():
    for index in indexes().values():
        _connect_index(index)


def _connect_index(index):
    kind = index.kind

    def record_saved(sender, instance, raw=False, **kwargs):
        if not raw:
            services.index_records(kind, [instance.pk])

    def record_deleted(sender, instance, **kwargs):
        services.remove_records(kind, [instance.pk])

    uid = f"search-{kind}"
    post_save.connect(record_saved, sender=index.model, weak=False, dispatch_uid=f"{uid}-saved")
    post_delete.connect(
        record_deleted, sender=index.model, weak=False, dispatch_uid=f"{uid}-deleted"
    )

    for model, records_of in index.related.items():

        def related_changed(sender, instance, raw=False, records_of=records_of, **kwargs):
            if not raw:
                services.index_records(kind, records_of(instance))

        name = model._meta.label_lower
        post_save.connect(
            related_changed, sender=model, weak=False, dispatch_uid=f"{uid}-{name}-saved"
        )
        post_delete.connect(
            related_changed, sender=model, weak=False, dispatch_uid=f"{uid}-{name}-deleted"
        )

    for field in index.m2m_fields:

        def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
            if not action.startswith("post_"):
                return
            services.index_records(kind, (pk_set or []) if reverse else [instance.pk])

        through = getattr(index.model, field).through
        m2m_changed.connect(
            links_changed, sender=through, weak=False, dispatch_uid=f"{uid}-{field}-links"
        )

    for model, (attribute, date_field) in index.activity_from.items():

        def activity(
            sender, instance, raw=False, attribute=attribute, date_field=date_field, **kwargs
        ):
            record_id = getattr(instance, attribute)
            if raw or record_id is None:
                return
            moment = later_of(None, getattr(instance, date_field)) or instance.last_updated
            services.record_activity(kind, record_id, moment)

        post_save.connect(
            activity,
            sender=model,
            weak=False,
            dispatch_uid=f"{uid}-{model._meta.label_lower}-activity",
        )


def build_missing_index(sender, verbosity=1, **kwargs):
    """After migrating an installation that has records but no index yet (the upgrade that
    brings the search), build it once."""
    from pocketworld.search.models import SearchEntry

    if SearchEntry.objects.exists():
        return
    if any(index.model._default_manager.exists() for index in indexes().values()):
        written = services.rebuild_index()
        if verbosity:
            print(
                f"Built the search index for the existing records: {sum(written.values())} entries."
            )
