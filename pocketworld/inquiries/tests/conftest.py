"""The fixtures the inquiries' tests share; the plain helpers are in makers.py."""

import pytest

from pocketworld.inquiries import services
from pocketworld.inquiries.choices import Channel
from pocketworld.inquiries.tests.makers import form_data, form_url, submission


@pytest.fixture
def make_inquiry(django_capture_on_commit_callbacks):
    """Makes an inquiry as the form hands it to the services: a `submission` with `values`
    changed, spam for a `spam_reason`; with `confirm` the worker sends what is queued (its
    confirmation), else that stays unsent."""

    def make(spam_reason="", nonce=None, file=None, confirm=False, **values):
        with django_capture_on_commit_callbacks(execute=confirm):
            inquiry, _created = services.receive(
                submission(**values),
                channel=Channel.FORM,
                spam_reason=spam_reason,
                nonce=nonce,
                file=file,
            )
        return inquiry

    return make


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """Posts the public form in `language` as a browser at `address` does, the worker sending
    what it queues: `data`, or `form_data` with `values` changed."""

    def post(data=None, *, language="en", address="127.0.0.1", **values):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(form_url(language), data or form_data(**values), REMOTE_ADDR=address)

    return post
