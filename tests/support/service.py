"""A real central queue service for tests and benches: ``fieldapp serve`` in a subprocess.

:func:`running_service` starts one on a free port over a throwaway database — SQLite in the
given folder, or a PostgreSQL database created on 127.0.0.1:5432 as user ``postgres`` and
dropped afterwards — with the standard cast of accounts (:data:`CAST`), and stops it after.
Tests talk to it over real HTTP through :class:`Client`; accounts are added straight into the
same database. :func:`restart` kills it and starts it again on the same port.

Outside CI a PostgreSQL run is skipped, with the reason printed, when no server answers; in
CI (``CI=true``) it fails instead.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from psycopg import sql

from sync.core.db import Database
from sync.crud.users import create_user
from sync.models.user import Role, UserCreate

PG_ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
PASSWORD = "correct-horse-battery"


def _postgres_or_skip() -> None:
    try:
        psycopg.connect(PG_ADMIN_DSN, autocommit=True).close()
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL is not reachable on 127.0.0.1:5432 ({str(exc).strip()})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the PostgreSQL tests")
        print(f"\nskipping the PostgreSQL run: {reason}", file=sys.stderr)
        pytest.skip(f"{reason}; these tests run in CI")


@dataclass
class ThrowawayDatabase:
    backend: str
    url: str
    name: str = ""

    def drop(self) -> None:
        if self.backend != "postgresql":
            return
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
            )


def throwaway_database(backend: str, folder: Path) -> ThrowawayDatabase:
    """A new empty database of ``backend`` for one service."""
    if backend == "sqlite":
        return ThrowawayDatabase("sqlite", f"sqlite:///{folder / 'service.sqlite3'}")
    _postgres_or_skip()
    name = f"fieldapp_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return ThrowawayDatabase(
        "postgresql", f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", name
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    """A ``requests`` client for the service's API, optionally signed in."""

    def __init__(self, base: str, token: str | None = None, user: dict[str, Any] | None = None):
        self.base = base
        self.token = token
        self.user = user or {}
        self.http = requests.Session()

    @property
    def id(self) -> str:
        return str(self.user["id"])

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if self.token and "Authorization" not in headers:
            headers["Authorization"] = f"Bearer {self.token}"
        return self.http.request(method, self.base + path, headers=headers, timeout=30, **kwargs)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> requests.Response:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> requests.Response:
        return self.request("PUT", path, **kw)

    def patch(self, path: str, **kw: Any) -> requests.Response:
        return self.request("PATCH", path, **kw)

    def delete(self, path: str, **kw: Any) -> requests.Response:
        return self.request("DELETE", path, **kw)


@dataclass
class LiveService:
    """A running ``fieldapp serve`` and direct access to its database."""

    base: str
    database: Database
    backend: str
    process: subprocess.Popen[bytes]
    log: Path
    accounts: dict[str, str] = field(default_factory=dict)  # username -> role

    def add_user(
        self, username: str, role: Role, *, password: str = PASSWORD, centre: str = ""
    ) -> None:
        with self.database.transaction() as session:
            create_user(
                session,
                new=UserCreate(
                    username=username,
                    display_name=username.title(),
                    role=role,
                    password=password,
                    service_centre=centre,
                ),
            )
        self.accounts[username] = role.value

    def anonymous(self) -> Client:
        return Client(self.base)

    def login(
        self, username: str, *, device_id: str | None = None, password: str = PASSWORD
    ) -> Client:
        """A client signed in as ``username`` (technicians on their own device by default)."""
        device = device_id or f"phone-of-{username}"
        reply = requests.post(
            f"{self.base}/auth/login",
            json={"username": username, "password": password, "device_id": device},
            timeout=30,
        )
        assert reply.status_code == 200, reply.text
        body = reply.json()
        client = Client(self.base, body["access_token"], body["user"])
        client.device_id = device  # type: ignore[attr-defined]
        return client

    def log_text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


def start_service(
    db: ThrowawayDatabase, folder: Path, *, workers: int = 1, **env: str
) -> LiveService:
    """Run ``python -m fieldapp serve`` on a free port and wait until it answers."""
    port = free_port()
    log = folder / "service.log"
    environment = {**os.environ, "FIELDAPP_LOG_LEVEL": "INFO", **env}
    environment.pop("FIELDAPP_DATABASE_URL", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fieldapp",
            "serve",
            "--port",
            str(port),
            "--database-url",
            db.url,
            "--data-dir",
            str(folder),
            "--workers",
            str(workers),
        ],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env=environment,
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{base}/health", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(
                f"the service did not start:\n{log.read_text('utf-8', errors='replace')}"
            )
        time.sleep(0.1)
    return LiveService(base, Database(db.url), db.backend, process, log)


def stop_service(service: LiveService) -> None:
    service.database.dispose()
    service.process.terminate()
    try:
        service.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        service.process.kill()
        service.process.wait()


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def running_service(backend: str, folder: Path, **env: str) -> Iterator[LiveService]:
    """A service with the standard cast of accounts, stopped and dropped afterwards."""
    db = throwaway_database(backend, folder)
    try:
        service = start_service(db, folder, **env)
        try:
            for username, role in CAST.items():
                service.add_user(username, role)
            yield service
        finally:
            stop_service(service)
    finally:
        db.drop()


CAST = {
    "admin": Role.ADMIN,
    "boss": Role.SUPERVISOR,
    "clerk": Role.CLERK,
    "tech_a": Role.TECHNICIAN,
    "tech_b": Role.TECHNICIAN,
}


def restart(service: LiveService, *, kill: bool = True) -> None:
    """Stop the service process (SIGKILL by default) and start it again on the same port."""
    halt(service, kill=kill)
    resume(service)


def halt(service: LiveService, *, kill: bool = True) -> None:
    """Stop the service process (SIGKILL by default); :func:`resume` starts it again."""
    process = service.process
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
        process.wait(timeout=30)


def resume(service: LiveService) -> None:
    """Start a halted service again on the same port and wait until it answers."""
    process = service.process
    log = service.log.open("ab")
    service.process = subprocess.Popen(
        process.args, stdout=log, stderr=subprocess.STDOUT, env={**os.environ}
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{service.base}/health", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.05)
    raise RuntimeError("the service did not come back:\n" + service.log_text()[-3000:])
