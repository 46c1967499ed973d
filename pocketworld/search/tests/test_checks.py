"""The system check that tells about an SQLite without FTS5's trigram tokenizer."""

from types import SimpleNamespace

from pocketworld.search import checks


def test_old_sqlite_is_told_before_migrating(monkeypatch):
    monkeypatch.setattr(checks, "connection", SimpleNamespace(vendor="sqlite"))
    monkeypatch.setattr(checks.sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(checks.sqlite3, "sqlite_version", "3.31.1")
    (error,) = checks.sqlite_has_trigram_tokenizer(None)
    assert error.id == "search.E001" and "3.31.1" in error.msg
    monkeypatch.setattr(checks.sqlite3, "sqlite_version_info", (3, 40, 1))
    assert checks.sqlite_has_trigram_tokenizer(None) == []
