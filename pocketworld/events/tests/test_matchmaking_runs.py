"""Suggestions computed by the background worker: the page's button and the API's `suggest`
queue a run and compute nothing in the request, one run per event at a time; the page
follows the run by polling its state and then shows the suggestions, or that it failed.

With the database worker as the tasks' backend, a request only queues the task; with the
tests' immediate backend, the task runs when the request's work is committed."""

import datetime
import io
import signal

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pocketworld.core.services import load_reference_data
from pocketworld.core.testing import api_of, pages_of
from pocketworld.core.tests.factories import CompanyFactory, EventFactory, ParticipantFactory
from pocketworld.events import services, tasks
from pocketworld.events.choices import MatchmakingRunStatus
from pocketworld.events.models import MatchmakingRun, MatchProfile, MatchSuggestion

pytestmark = pytest.mark.django_db

PROFILES = [
    ("Kotozna", "Mehrsprachige Chatbots für Hotels", "Hotels in Düsseldorf"),
    ("Rheinhotel", "Hotelzimmer in Düsseldorf", "Mehrsprachige Chatbots für Gäste"),
]
IN_PROGRESS = "Suggestions are being computed …"
FAILED = "Computing the suggestions failed."


@pytest.fixture
def event(japan_desk):
    """A matchmaking day of two participants who should meet."""
    event = EventFactory(desks=[japan_desk], title="Japan Day", slots=3, tables=1)
    for name, offers, seeks in PROFILES:
        participant = ParticipantFactory(event=event, company=CompanyFactory(legal_name=name))
        MatchProfile.objects.create(participant=participant, offers=offers, seeks=seeks)
    return event


@pytest.fixture
def database_worker(settings):
    """The database worker as the tasks' backend: a request queues, nothing runs."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_the_worker():
    """Run the tasks queued for the database worker, as `manage.py db_worker --batch` does
    (the worker's signal handlers are put back afterwards)."""
    numbers = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    handlers = {number: signal.getsignal(number) for number in numbers}
    try:
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO()
        )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def queued_tasks():
    return DBTaskResult.objects.filter(
        task_path=tasks.suggest_matches.module_path, status=TaskResultStatus.READY
    )


def matchmaking_url(event):
    return f"/events/{event.pk}/matchmaking/"


def suggest_url(event):
    return f"/events/{event.pk}/suggestions/"


def api_suggest_url(event):
    return f"/api/v1/events/{event.pk}/suggest/"


def poll(client, event):
    """The page's polling of the run's state, as htmx asks."""
    return client.get(
        matchmaking_url(event), headers={"HX-Request": "true", "HX-Target": "matchmaking-status"}
    )


def test_the_button_queues_a_run_and_computes_nothing(
    event, japan_officer, database_worker, django_capture_on_commit_callbacks
):
    client = pages_of(japan_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(suggest_url(event))
    assert response.status_code == 302 and response["Location"] == matchmaking_url(event)
    [queued] = queued_tasks()
    assert queued.args_kwargs == {"args": [event.pk], "kwargs": {}}
    assert not MatchSuggestion.objects.exists()
    [run] = MatchmakingRun.objects.all()
    assert run.event == event and run.status == MatchmakingRunStatus.QUEUED

    page = client.get(matchmaking_url(event)).content.decode()
    assert IN_PROGRESS in page
    assert 'id="suggest" disabled' in page
    assert 'hx-trigger="every 2s"' in page


def test_a_second_click_queues_no_second_run(
    event, japan_officer, database_worker, django_capture_on_commit_callbacks
):
    client = pages_of(japan_officer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(suggest_url(event))
        response = client.post(suggest_url(event), follow=True)
    assert len(callbacks) == 1
    assert queued_tasks().count() == 1
    assert MatchmakingRun.objects.count() == 1
    assert "The suggestions are being computed already." in response.content.decode()
    # Nor does the API queue one beside it.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_of(japan_officer).post(api_suggest_url(event))
    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert callbacks == [] and queued_tasks().count() == 1


def test_the_page_polls_while_the_run_is_queued_or_running_then_shows_the_suggestions(
    event, japan_officer, database_worker, monkeypatch, django_capture_on_commit_callbacks
):
    client = pages_of(japan_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(suggest_url(event))

    queued = poll(client, event)
    assert queued.status_code == 200 and "HX-Refresh" not in queued
    fragment = queued.content.decode().strip()
    assert fragment.startswith('<div id="matchmaking-status"') and IN_PROGRESS in fragment
    assert f'hx-get="{matchmaking_url(event)}"' in fragment and "<table" not in fragment

    # The worker runs the task; the page polls meanwhile.
    polled = []
    compute = services.suggest_matches

    def polled_meanwhile(event, backend=None):
        polled.append(poll(client, event))
        return compute(event, backend)

    monkeypatch.setattr(services, "suggest_matches", polled_meanwhile)
    assert tasks.suggest_matches.call(event.pk) == 1
    [running] = polled
    assert "HX-Refresh" not in running and IN_PROGRESS in running.content.decode()

    done = poll(client, event)
    assert done["HX-Refresh"] == "true"
    assert "Suggestions last computed on" in done.content.decode()
    assert "hx-trigger" not in done.content.decode()
    page = client.get(matchmaking_url(event)).content.decode()
    assert IN_PROGRESS not in page and "Suggestions last computed on" in page
    [suggestion] = MatchSuggestion.objects.filter(event=event)
    assert f'data-suggestion="{suggestion.pk}"' in page
    assert 'id="suggest">' in page  # clickable again


def test_the_task_computes_the_suggestions(event):
    result = tasks.suggest_matches.enqueue(event.pk)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1 == event.suggestions.count()
    # Enqueued directly, the run is recorded all the same.
    [run] = MatchmakingRun.objects.all()
    assert run.status == MatchmakingRunStatus.DONE and run.suggestions == 1
    assert run.started_at and run.finished_at
    assert tasks.suggest_matches.enqueue(event.pk + 1000).return_value is None


def test_the_api_queues_a_run_and_tells_its_state(
    event, japan_officer, database_worker, django_capture_on_commit_callbacks
):
    api = api_of(japan_officer)
    before = api.get(api_suggest_url(event)).json()
    assert before == {
        "in_progress": False, "status": None, "queued_at": None, "started_at": None,
        "finished_at": None, "computed_at": None, "suggestions": 0,
    }  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(api_suggest_url(event))
    assert response.status_code == 202
    accepted = response.json()
    assert accepted["in_progress"] and accepted["status"] == "queued"
    assert accepted["queued_at"] and accepted["started_at"] is None
    assert accepted["suggestions"] == 0 and not MatchSuggestion.objects.exists()
    assert queued_tasks().count() == 1
    assert api.get(api_suggest_url(event)).json() == accepted

    services.run_matchmaking(event)
    after = api.get(api_suggest_url(event)).json()
    assert not after["in_progress"] and after["status"] == "done"
    assert after["suggestions"] == 1 and after["computed_at"] == after["finished_at"]


def test_with_the_immediate_backend_the_run_is_over_when_the_api_answers_again(
    event, japan_officer, django_capture_on_commit_callbacks
):
    api = api_of(japan_officer)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = api.post(api_suggest_url(event))
    # The answer was made before the work was committed and the task ran.
    assert accepted.status_code == 202 and accepted.json()["status"] == "queued"
    state = api.get(api_suggest_url(event)).json()
    assert state["status"] == "done" and state["suggestions"] == 1


def test_a_failed_run_is_told_and_may_be_started_again(
    event, japan_officer, monkeypatch, django_capture_on_commit_callbacks
):
    def fails(event, backend=None):
        raise MemoryError("the encoder did not fit")

    monkeypatch.setattr(services, "suggest_matches", fails)
    client = pages_of(japan_officer)
    result = tasks.suggest_matches.enqueue(event.pk)
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is MemoryError

    [run] = MatchmakingRun.objects.all()
    assert run.status == MatchmakingRunStatus.FAILED and run.finished_at
    page = client.get(matchmaking_url(event)).content.decode()
    assert FAILED in page and IN_PROGRESS not in page
    assert 'id="suggest">' in page
    assert api_of(japan_officer).get(api_suggest_url(event)).json()["status"] == "failed"

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(suggest_url(event))
    assert MatchmakingRun.objects.filter(status=MatchmakingRunStatus.DONE).count() == 1
    page = client.get(matchmaking_url(event)).content.decode()
    assert FAILED not in page and "Suggestions last computed on" in page


def test_a_run_whose_worker_stopped_blocks_no_new_one(
    event, japan_officer, database_worker, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    lost = MatchmakingRun.objects.create(
        event=event, status=MatchmakingRunStatus.RUNNING, queued_at=long_ago, started_at=long_ago
    )
    client = pages_of(japan_officer)
    page = client.get(matchmaking_url(event)).content.decode()
    assert FAILED in page and IN_PROGRESS not in page
    assert api_of(japan_officer).get(api_suggest_url(event)).json()["status"] == "failed"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(suggest_url(event))
    lost.refresh_from_db()
    assert lost.status == MatchmakingRunStatus.FAILED
    assert MatchmakingRun.objects.get(status=MatchmakingRunStatus.QUEUED).pk != lost.pk
    assert queued_tasks().count() == 1


def test_the_worker_takes_up_the_queued_run(event):
    queued = services.queue_matchmaking(event)
    assert services.queue_matchmaking(event) is None
    assert services.start_matchmaking(event) == queued
    state = services.matchmaking_state(event)
    assert state.in_progress and state.status == MatchmakingRunStatus.RUNNING
    assert services.queue_matchmaking(event) is None


def test_a_worker_leaves_the_suggestions_to_a_run_in_progress(event, monkeypatch):
    running = services.queue_matchmaking(event)
    assert services.start_matchmaking(event) == running
    monkeypatch.setattr(services, "suggest_matches", pytest.fail)
    assert tasks.suggest_matches.enqueue(event.pk).return_value == 0
    assert list(MatchmakingRun.objects.values_list("pk", "status")) == [
        (running.pk, MatchmakingRunStatus.RUNNING)
    ]


@pytest.fixture
def reference_data(transactional_db):
    """The reference data, for a test whose database is flushed (others flushed it too)."""
    load_reference_data()


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_computes_what_the_button_queued(
    reference_data, event, japan_officer, database_worker
):
    client = pages_of(japan_officer)
    client.post(suggest_url(event))
    assert IN_PROGRESS in client.get(matchmaking_url(event)).content.decode()
    assert not MatchSuggestion.objects.exists()

    run_the_worker()

    [finished] = DBTaskResult.objects.filter(task_path=tasks.suggest_matches.module_path)
    assert finished.status == TaskResultStatus.SUCCESSFUL and finished.return_value == 1
    assert MatchmakingRun.objects.get().status == MatchmakingRunStatus.DONE
    assert poll(client, event)["HX-Refresh"] == "true"
    page = client.get(matchmaking_url(event)).content.decode()
    [suggestion] = MatchSuggestion.objects.all()
    assert f'data-suggestion="{suggestion.pk}"' in page and "Suggestions last computed on" in page
