"""Personas and the little world they work in, shared by every app's tests.

The Japan desk covers Japan, the India desk India; records "of the Japan desk" are what
the Japan officer may change and the India officer may only read.
"""

import pytest
from django.core.management import call_command

from pocketworld.accounts.choices import DeskRole, Role
from pocketworld.core.models import Country
from pocketworld.core.tests.factories import (
    DeskCoverageFactory,
    DeskFactory,
    DeskMembershipFactory,
    UserFactory,
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.LANGUAGE_CODE = "en"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def japan_desk(db):
    desk = DeskFactory(name="Japan Desk", slug="japan")
    DeskCoverageFactory(desk=desk, country=Country.objects.get(code="JP"))
    return desk


@pytest.fixture
def india_desk(db):
    desk = DeskFactory(name="India Desk", slug="india")
    DeskCoverageFactory(desk=desk, country=Country.objects.get(code="IN"))
    return desk


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def director(db):
    return UserFactory(username="klerks", role=Role.DIRECTOR)


@pytest.fixture
def japan_officer(japan_desk):
    user = UserFactory(username="neu")
    DeskMembershipFactory(desk=japan_desk, user=user, role=DeskRole.OFFICER)
    return user


@pytest.fixture
def japan_assistant(japan_desk):
    user = UserFactory(username="assistant")
    DeskMembershipFactory(desk=japan_desk, user=user, role=DeskRole.ASSISTANT)
    return user


@pytest.fixture
def india_officer(india_desk):
    user = UserFactory(username="froehlich")
    DeskMembershipFactory(desk=india_desk, user=user, role=DeskRole.OFFICER)
    return user


@pytest.fixture
def partner_viewer(db):
    return UserFactory(username="partner", role=Role.PARTNER_VIEWER)


@pytest.fixture
def anonymous():
    return None


PERSONAS = [
    "administrator",
    "director",
    "japan_officer",
    "japan_assistant",
    "india_officer",
    "partner_viewer",
    "anonymous",
]
