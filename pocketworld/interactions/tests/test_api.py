from pocketworld.core.testing import APITests
from pocketworld.interactions.tests.specs import InteractionSpec, TaskSpec


class TestInteractionAPI(InteractionSpec, APITests):
    pass


class TestTaskAPI(TaskSpec, APITests):
    pass
