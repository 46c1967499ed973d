"""Reading a lookup across a relation from the related table alone."""

from django.db import models


def related_rows(model, path):
    """Where `path` of `model` leads, read without `model`'s own table: the rows of the
    table whose records point to `model`'s (a company's sites, a person's candidacy) or of
    the link table between them (focus areas, taggit's items), the rest of the path from
    those rows, and the column that names `model`'s record; None where the path starts
    with a field of `model` itself (then `model`'s table is joined)."""
    first, _, rest = path.partition("__")
    field = model._meta.get_field(first)
    if rest and field.auto_created and not field.concrete and not field.many_to_many:
        return field.related_model._base_manager.all(), rest, field.field.attname
    through = getattr(field, "through", None)
    if through is not None and {"content_type", "object_id", "tag"} <= {
        linking.name for linking in through._meta.get_fields()
    }:  # taggit's items, which name their record by type and id
        from django.contrib.contenttypes.models import ContentType

        rows = through._base_manager.filter(content_type=ContentType.objects.get_for_model(model))
        return rows, f"tag__{rest}" if rest else "tag", "object_id"
    if isinstance(field, models.ManyToManyField):  # through the link table
        target = field.m2m_reverse_field_name()
        rows = field.remote_field.through._base_manager.all()
        return rows, f"{target}__{rest}" if rest else target, field.m2m_field_name()
    return None
