from pocketworld.contacts.tests.specs import PersonSpec
from pocketworld.core.testing import APITests


class TestPersonAPI(PersonSpec, APITests):
    pass
