from pocketworld.core.testing import APITests
from pocketworld.desks.tests.specs import DeskSpec


class TestDeskAPI(DeskSpec, APITests):
    pass
