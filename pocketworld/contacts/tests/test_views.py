from pocketworld.contacts.tests.specs import PersonSpec
from pocketworld.core.testing import ViewTests


class TestPersonViews(PersonSpec, ViewTests):
    pass
