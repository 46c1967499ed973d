from pocketworld.contacts.tests.specs import PersonSpec, PositionSpec
from pocketworld.core.testing import APITests


class TestPersonAPI(PersonSpec, APITests):
    pass


class TestPositionAPI(PositionSpec, APITests):
    pass
