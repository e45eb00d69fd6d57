"""``fieldapp user`` and ``fieldapp demo``: real commands against a real database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def fieldapp(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    environment.pop("FIELDAPP_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "fieldapp", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_user_add_list_disable(tmp_path):
    added = fieldapp(
        "user",
        "add",
        "wang.wu",
        "--role",
        "supervisor",
        "--name",
        "王五",
        "--password",
        "a-long-password",
        data_dir=tmp_path,
    )
    again = fieldapp(
        "user",
        "add",
        "wang.wu",
        "--role",
        "clerk",
        "--name",
        "王五",
        "--password",
        "a-long-password",
        data_dir=tmp_path,
    )
    short = fieldapp(
        "user",
        "add",
        "li.si",
        "--role",
        "clerk",
        "--name",
        "李四",
        "--password",
        "short",
        data_dir=tmp_path,
    )
    disabled = fieldapp("user", "disable", "wang.wu", data_dir=tmp_path)
    listed = fieldapp("user", "list", data_dir=tmp_path)

    assert added.returncode == 0, added.stderr
    assert "wang.wu" in added.stdout
    assert again.returncode == 1
    assert "taken" in again.stderr
    assert short.returncode == 2
    assert "密码" in short.stderr and "Password" in short.stderr
    assert disabled.returncode == 0
    line = next(line for line in listed.stdout.splitlines() if "wang.wu" in line)
    assert "supervisor" in line and " no " in line


def test_demo_seeding_is_idempotent_and_prints_how_to_sign_in(tmp_path):
    first = fieldapp("demo", "--seed-only", data_dir=tmp_path)
    second = fieldapp("demo", "--seed-only", data_dir=tmp_path)
    listed = fieldapp("user", "list", data_dir=tmp_path)

    assert first.returncode == 0, first.stderr
    assert "tech1-demo" in first.stdout and "supervisor-demo" in first.stdout
    assert "/api/v1" in first.stdout
    assert second.returncode == 0
    assert len([line for line in listed.stdout.splitlines()[1:] if line.strip()]) == 5

    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'fieldapp.sqlite3'}")
    with engine.connect() as conn:
        orders = conn.execute(text("SELECT count(*) FROM work_orders")).scalar()
        loaners = conn.execute(text("SELECT count(*) FROM loaners")).scalar()
        assigned = conn.execute(
            text("SELECT count(*) FROM work_orders WHERE technician_id IS NOT NULL")
        ).scalar()
    engine.dispose()
    assert (orders, loaners) == (10, 3)
    assert 0 < assigned < orders


def test_a_demo_started_on_a_later_day_books_that_days_calls(tmp_path):
    """The technician app's "today" has jobs whichever day the demo is started again."""
    from sqlalchemy import create_engine, text

    assert fieldapp("demo", "--seed-only", data_dir=tmp_path).returncode == 0
    engine = create_engine(f"sqlite:///{tmp_path / 'fieldapp.sqlite3'}")
    with engine.begin() as conn:  # the calls booked "yesterday"
        conn.execute(text("UPDATE work_orders SET ticket_no = 'BX20000101-' || id"))
    again = fieldapp("demo", "--seed-only", data_dir=tmp_path)
    with engine.connect() as conn:
        orders = conn.execute(text("SELECT count(*) FROM work_orders")).scalar()
        loaners = conn.execute(text("SELECT count(*) FROM loaners")).scalar()
        booked_today = conn.execute(
            text("SELECT count(*) FROM work_orders WHERE ticket_no NOT LIKE 'BX2000%'")
        ).scalar()
    engine.dispose()
    assert again.returncode == 0, again.stderr
    assert (orders, booked_today, loaners) == (20, 10, 3)


def test_serve_refuses_unsafe_production_settings(tmp_path):
    refused = fieldapp("serve", data_dir=tmp_path, FIELDAPP_ENV="production")
    assert refused.returncode != 0
    assert "FIELDAPP_SECRET_KEY" in refused.stderr


def test_demo_runs_the_service_and_its_printed_accounts_work(tmp_path):
    import time

    import requests

    from tests.support.service import free_port

    port = free_port()
    out = (tmp_path / "demo.out").open("wb")
    environment = {k: v for k, v in os.environ.items() if k != "FIELDAPP_DATABASE_URL"}
    demo = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fieldapp",
            "demo",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path),
        ],
        stdout=out,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    try:
        base = f"http://127.0.0.1:{port}/api/v1"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/health", timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        printed = (tmp_path / "demo.out").read_text("utf-8")
        assert base in printed
        login = requests.post(
            f"{base}/auth/login",
            json={"username": "tech1", "password": "tech1-demo", "device_id": "demo-phone"},
            timeout=10,
        )
        assert login.status_code == 200
        token = login.json()["access_token"]
        orders = requests.get(
            f"{base}/work-orders", headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        assert orders.json()["total"] >= 3
    finally:
        demo.terminate()
        demo.wait(timeout=15)
        out.close()


def test_serve_with_two_worker_processes(tmp_path):
    import time

    import requests

    from tests.support.service import free_port

    assert (
        fieldapp(
            "user",
            "add",
            "zhao.liu",
            "--role",
            "clerk",
            "--name",
            "赵六",
            "--password",
            "a-long-password",
            data_dir=tmp_path,
        ).returncode
        == 0
    )
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "FIELDAPP_DATABASE_URL"}
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fieldapp",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--data-dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    try:
        base = f"http://127.0.0.1:{port}/api/v1"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/health", timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        logins = [
            requests.post(
                f"{base}/auth/login",
                timeout=10,
                json={"username": "zhao.liu", "password": "a-long-password", "device_id": "d"},
            )
            for _ in range(4)
        ]
        assert [r.status_code for r in logins] == [200] * 4
    finally:
        serve.terminate()
        serve.wait(timeout=20)


def _without_secrets() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if k not in ("FIELDAPP_DATABASE_URL", "FIELDAPP_ENV", "FIELDAPP_SECRET_KEY")
    }


@pytest.mark.parametrize(
    ("command", "host"), [("serve", "0.0.0.0"), ("serve", "::"), ("demo", "0.0.0.0")]
)
def test_the_development_secret_never_listens_beyond_this_machine(tmp_path, command, host):
    """Without FIELDAPP_ENV the tokens are signed with the public development secret, so
    anyone who can reach the service could make himself an admin token."""
    from tests.support.service import free_port

    try:
        refused = subprocess.run(
            [
                sys.executable,
                "-m",
                "fieldapp",
                command,
                "--host",
                host,
                "--port",
                str(free_port()),
                "--data-dir",
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            env=_without_secrets(),
            timeout=30,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"fieldapp {command} listened on {host} with the development secret")

    assert refused.returncode != 0
    for words in ("FIELDAPP_SECRET_KEY", "FIELDAPP_ENV=production", "127.0.0.1", "开发"):
        assert words in refused.stderr, refused.stderr


def test_a_real_secret_listens_on_every_interface(tmp_path):
    import time

    import requests

    from tests.support.service import free_port

    port = free_port()
    environment = {
        **_without_secrets(),
        "FIELDAPP_ENV": "production",
        "FIELDAPP_SECRET_KEY": "a-real-secret-of-at-least-32-characters-long",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fieldapp",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                reply = requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
                break
            except requests.ConnectionError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert reply.status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=15)
