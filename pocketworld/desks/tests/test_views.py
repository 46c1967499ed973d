from pocketworld.core.testing import ViewTests
from pocketworld.desks.tests.specs import DeskSpec


class TestDeskViews(DeskSpec, ViewTests):
    pass
