"""The browsable API's forms, drawn again after bad input."""

import datetime

import pytest

from pocketworld.core.tests.factories import EventFactory
from pocketworld.events.models import ProgrammeItem

pytestmark = pytest.mark.django_db


def test_a_date_and_time_that_is_none_is_shown_back_in_the_form(client, director):
    event = EventFactory()
    start = datetime.datetime(2026, 6, 10, 9, tzinfo=datetime.UTC)
    item = ProgrammeItem.objects.create(
        event=event, title="Welcome", starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    client.force_login(director)
    response = client.put(
        f"/api/v1/programme-items/{item.pk}/",
        f"event={event.pk}&title=Welcome&starts_at=2026-06-10T12%3A99&ends_at=2026-06-10T13%3A00",
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT="text/html",
    )
    assert response.status_code == 400  # a ValueError in DRF's form renderer once made it 500
    assert 'value="2026-06-10T12:99"' in response.content.decode()
