from pocketworld.core.testing import ModelSpec
from pocketworld.core.tests.factories import FeedFactory
from pocketworld.monitoring.models import Feed


class FeedSpec(ModelSpec):
    model = Feed
    url_prefix = "monitoring:feed"
    api_basename = "feed"
    internal = True
    invalid_field = "url"

    def make_object(self, request):
        return FeedFactory(desks=[request.getfixturevalue("japan_desk")])

    def form_data(self, request):
        return {
            "url": "https://www.nikkei.com/news/feed.xml",
            "name": "Nikkei",
            "kind": "feed",
            "desks": [request.getfixturevalue("japan_desk").pk],
            "language": "ja",
            "country": "JP",
            "fetch_every": 60,
            "is_active": "on",
        }

    def invalid_form_data(self, request):
        return {**self.form_data(request), "url": "ftp://files.example.com/feed.xml"}

    def api_data(self, request):
        data = {**self.form_data(request), "is_active": True}
        return data

    def invalid_api_data(self, request):
        return {**self.api_data(request), "url": "http://127.0.0.1/feed.xml"}

    def changed_field(self):
        return "name", "Nikkei Asia"
