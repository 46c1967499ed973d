from pocketworld.core.testing import ViewTests
from pocketworld.monitoring.tests.specs import FeedSpec


class TestFeedViews(FeedSpec, ViewTests):
    pass
