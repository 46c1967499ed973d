"""Two app servers behind a load balancer count the same failures: guesses spread over
both lock the account on both, and the administrator's unlock holds on both.

Two gunicorn processes run on a database of their own (a SQLite file, or a PostgreSQL
database when the suite runs on PostgreSQL), as production runs them.
"""

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Rheinufer-Promenade-2026"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_url(tmp_path):
    """A database of the servers' own, empty; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'servers.sqlite3'}"
        return
    database = settings.DATABASES["default"]
    name = f"lockout_{uuid.uuid4().hex[:12]}"
    server = {
        "host": database["HOST"],
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"],
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    yield f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(**server) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def two_servers(database_url, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "POCKETWORLD_VAR_DIR": str(tmp_path),
        "SIGNIN_FAILURES_PER_ACCOUNT": "3",
        "DEMO": "false",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "shell", "-c", "from pocketworld.accounts.models import User; "
         f"User.objects.create_user('kato', password='{PASSWORD}')"],
        env=env, check=True, cwd=ROOT,
    )  # fmt: skip
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pocketworld.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    requests.get(f"http://127.0.0.1:{port}/login/", timeout=5)
                    break
                except requests.RequestException:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in ports], manage, env
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def sign_in(base, password):
    session = requests.Session()
    session.headers["Accept-Language"] = "en"
    page = session.get(f"{base}/login/", timeout=10).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return session.post(
        f"{base}/login/",
        {"username": "kato", "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/login/"},
        allow_redirects=False,
        timeout=10,
    )


def test_guesses_spread_over_two_servers_lock_the_account_on_both(two_servers):
    (first, second), manage, env = two_servers
    assert sign_in(first, "guess-1").status_code == 200
    assert sign_in(second, "guess-2").status_code == 200
    assert sign_in(first, "guess-3").status_code == 429
    for server in (first, second):
        response = sign_in(server, PASSWORD)
        assert response.status_code == 429
        assert "Too many failed sign-ins" in response.text

    subprocess.run([*manage, "axes_reset_username", "kato"], env=env, check=True, cwd=ROOT)
    assert sign_in(second, PASSWORD).status_code == 302
    assert sign_in(first, PASSWORD).status_code == 302
