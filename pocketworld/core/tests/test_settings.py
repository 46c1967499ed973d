import pytest
from django.core.exceptions import ImproperlyConfigured

from pocketworld.settings import envbool, envint, envlist, envsecret


def test_envbool(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert envbool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert envbool("FLAG", True) is False
    monkeypatch.delenv("FLAG")
    assert envbool("FLAG", True) is True
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be true or false"):
        envbool("FLAG", False)


def test_envint(monkeypatch):
    monkeypatch.setenv("NUMBER", "12")
    assert envint("NUMBER", 0) == 12
    monkeypatch.setenv("NUMBER", "twelve")
    with pytest.raises(ImproperlyConfigured, match="NUMBER must be an integer"):
        envint("NUMBER", 0)


def test_envlist_and_secret_file(monkeypatch, tmp_path):
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert envlist("HOSTS", []) == ["a.example", "b.example"]
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("TOKEN_FILE", str(secret))
    assert envsecret("TOKEN") == "s3cret"
