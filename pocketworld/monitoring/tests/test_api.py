from pocketworld.core.testing import APITests
from pocketworld.monitoring.tests.specs import FeedSpec


class TestFeedAPI(FeedSpec, APITests):
    pass
