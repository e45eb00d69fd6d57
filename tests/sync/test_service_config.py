"""Settings are validated at start; unsafe defaults are refused outside development."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from sync.core.config import DEV_SECRET, load_settings
from sync.core.security import hash_password, issue_token, read_token, verify_password


def test_production_refuses_the_development_secret(monkeypatch):
    monkeypatch.setenv("FIELDAPP_ENV", "production")
    with pytest.raises(ValidationError, match="FIELDAPP_SECRET_KEY must be set"):
        load_settings()
    monkeypatch.setenv("FIELDAPP_SECRET_KEY", "short")
    with pytest.raises(ValidationError, match="at least 32"):
        load_settings()
    monkeypatch.setenv("FIELDAPP_SECRET_KEY", "s" * 40)
    assert load_settings().environment == "production"


def test_environment_and_arguments(monkeypatch, tmp_path):
    monkeypatch.setenv("FIELDAPP_TOKEN_TTL_SECONDS", "600")
    monkeypatch.setenv("FIELDAPP_DATABASE_URL", "postgresql+psycopg://u@h/db")
    settings = load_settings(data_dir=tmp_path, port=9000)

    assert settings.token_ttl == timedelta(minutes=10)
    assert settings.resolved_database_url == "postgresql+psycopg://u@h/db"
    assert settings.port == 9000
    assert settings.secret_key == DEV_SECRET
    assert load_settings(database_url="", data_dir=tmp_path).resolved_database_url.endswith(
        "fieldapp.sqlite3"
    )
    with pytest.raises(ValidationError):
        load_settings(port=70000)
    with pytest.raises(ValidationError, match="time zone"):
        load_settings(service_timezone="Mars/Olympus")
    monkeypatch.setenv("FIELDAPP_TOKEN_TTL_SECONDS", "²")  # isdigit(), yet not a number
    with pytest.raises(ValidationError, match="token_ttl"):
        load_settings()


def test_passwords_are_argon2_and_tokens_are_signed():
    stored = hash_password("correct-horse")
    assert stored.startswith("$argon2id$")
    assert verify_password("correct-horse", stored)
    assert not verify_password("wrong", stored)
    assert not verify_password("anything", None)

    from sync.core.db import utcnow

    token = issue_token(
        secret="k" * 40, user_id=7, device_id="p1", expires_at=utcnow() + timedelta(hours=1)
    )
    assert read_token(token, secret="k" * 40, now=utcnow()).user_id == 7
    assert read_token(token, secret="other" * 8, now=utcnow()) is None
    assert read_token(token, secret="k" * 40, now=utcnow() + timedelta(hours=2)) is None
    assert read_token("fa1.garbage.sig", secret="k" * 40, now=utcnow()) is None
