"""Every page and endpoint of the demo world, walked as a desk officer outside the teams of
its confidential projects ("Project Falcon" of the officer's own desk, "Project Heron" of
another): no body, in any format, holds what the projects withhold from the officer.

What is withheld is read from the models' declarations at run time (as the partner
viewer's walk in `test_surfaces` reads what partners may not see): the text of every
identifying field of each confidential record the officer is no member of, and the text
of the rows that hang on it (interactions, stage changes, tasks) but the officer's own
tasks. A text that a record the officer may read holds as well proves nothing and is left
out.
"""

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from pocketworld.accounts.models import User
from pocketworld.core import permissions
from pocketworld.demo.tests.test_surfaces import (  # noqa: F401  `world`: the module's fixture
    MIN_TITLE_LENGTH,
    Finder,
    distinctive,
    normalise,
    report,
    texts_of,
    walk,
    world,
)
from pocketworld.projects.models import Project

OUTSIDER = "leonhardt"


def text_fields(model, names=None):
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and (names is None or field.name in names)
    ]


def withheld_rows(user):
    """(model, rows withheld from `user`, the fields whose text they withhold)."""
    for model in apps.get_models():
        rule = getattr(model, "access", None)
        if rule is None:
            continue
        if rule.confidential is not None:
            confidential = rule.confidential
            names = {*confidential.identifying_fields, *confidential.hide_fields}
            names.add(confidential.title)
            ids = permissions.withheld_ids(user, model)
            yield model, model._base_manager.filter(pk__in=ids), text_fields(model, names)
        for link in rule.confidential_links:
            ids = permissions.withheld_ids(user, permissions.link_target(model, link))
            rows = model._base_manager.filter(**{f"{link.relation}__in": ids})
            if link.readers:
                rows = rows.exclude(permissions.anyone_of(link.readers, user))
            yield model, rows, text_fields(model)


def withheld_strings(user):
    """{normalised text: label} of what `user` must not receive."""
    forbidden, readable = {}, set()
    for model, rows, fields in withheld_rows(user):
        label = model._meta.label
        for pk, *values in rows.values_list("pk", *fields):
            for name, value in zip(fields, values, strict=True):
                if value and distinctive(value, MIN_TITLE_LENGTH):
                    forbidden.setdefault(normalise(value), f"{label} {pk}.{name} {value!r}")
        others = model._base_manager.exclude(pk__in=rows.values("pk"))
        for values in others.values_list(*fields).iterator(chunk_size=2000):
            readable.update(normalise(value) for value in values if value)
    return {text: label for text, label in forbidden.items() if text not in readable}


@pytest.mark.django_db
def test_an_outsider_receives_nothing_a_confidential_project_withholds(request):
    demo = request.getfixturevalue("world")
    outsider = User.objects.get(username=OUTSIDER)
    forbidden = withheld_strings(outsider)
    labels = " ".join(forbidden.values())
    # The walk proves something only if both projects' names and meetings are looked for.
    assert normalise("Project Heron") not in forbidden
    assert normalise("Northwind Semiconductor Inc.") in forbidden
    assert "projects.Project" in labels and "interactions.Interaction" in labels
    find = Finder(forbidden)
    # And the finder at work: the project's page, as its owner sees it, holds its title.
    falcon = Project.objects.get(codename="Project Falcon")
    owner = Client()
    owner.force_login(falcon.owner)
    found = [
        label
        for _kind, text in texts_of(owner.get(falcon.get_absolute_url()))
        for label in find(text)
    ]
    assert any(repr(falcon.title) in label for label in found), found
    result = walk(demo, OUTSIDER, find)
    if result.leaks or result.server_errors:
        title = f"Leaks to {OUTSIDER} in {result.requests} requests"
        errors = report(f"Server errors as {OUTSIDER}", result.server_errors)
        pytest.fail(f"{report(title, result.leaks)}\n\n{errors}", pytrace=False)
