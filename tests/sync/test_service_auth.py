"""Accounts and sign-in: tokens that expire, devices registered to their technician,
guessing slowed down, disabled accounts locked out, roles enforced."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from sync.core.db import utcnow
from sync.core.security import issue_token
from sync.models.user import Role
from tests.support.service import PASSWORD, running_service


def test_login_returns_a_bearer_token_and_the_user(service):
    reply = requests.post(
        f"{service.base}/auth/login",
        json={"username": "boss", "password": PASSWORD, "device_id": "desk-7"},
        timeout=10,
    )

    body = reply.json()
    assert reply.status_code == 200
    assert body["token_type"] == "bearer"
    assert body["user"]["role"] == "supervisor"
    assert isinstance(body["user"]["id"], str)
    me = requests.get(
        f"{service.base}/auth/me",
        headers={"Authorization": f"Bearer {body['access_token']}"},
        timeout=10,
    )
    assert me.json()["username"] == "boss"


def test_wrong_password_and_missing_or_forged_tokens_are_401(service, tech_a):
    wrong = service.anonymous().post(
        "/auth/login", json={"username": "clerk", "password": "nope-nope", "device_id": "d"}
    )
    none = service.anonymous().get("/work-orders")
    forged = service.anonymous().get(
        "/work-orders", headers={"Authorization": f"Bearer {tech_a.token}x"}
    )
    other_secret = issue_token(secret="x" * 40, user_id=1, device_id="d", expires_at=utcnow())

    assert wrong.status_code == 401
    assert wrong.json()["detail"]["code"] == "unauthenticated"
    assert none.status_code == 401
    assert forged.status_code == 401
    assert (
        service.anonymous()
        .get("/work-orders", headers={"Authorization": f"Bearer {other_secret}"})
        .status_code
        == 401
    )


def test_a_token_with_characters_outside_ascii_is_401_not_a_server_error(service, tech_a):
    """Header values arrive as Latin-1; a mangled token must read as "sign in again"."""
    for token in (f"{tech_a.token[:-1]}\xe9", "fa1.\xe9.\xe9", "\xff" * 20):
        reply = requests.get(
            f"{service.base}/auth/me",
            headers={"Authorization": f"Bearer {token}".encode("latin-1")},
            timeout=10,
        )
        assert reply.status_code == 401, reply.text
        assert reply.json()["detail"]["code"] == "unauthenticated"


def test_a_device_stays_with_its_technician(service):
    service.add_user("tech_dev1", Role.TECHNICIAN)
    service.add_user("tech_dev2", Role.TECHNICIAN)
    service.login("tech_dev1", device_id="phone-shared")

    refused = service.anonymous().post(
        "/auth/login",
        json={"username": "tech_dev2", "password": PASSWORD, "device_id": "phone-shared"},
    )

    assert refused.status_code == 403
    assert "registered to another technician" in refused.json()["detail"]["message"]["en"]
    service.login("tech_dev1", device_id="phone-shared")  # its own technician still can


def test_an_admin_can_release_a_device(service, admin):
    service.add_user("tech_dev3", Role.TECHNICIAN)
    service.add_user("tech_dev4", Role.TECHNICIAN)
    service.login("tech_dev3", device_id="phone-handed-on")

    assert admin.delete("/devices/phone-handed-on").status_code == 204
    service.login("tech_dev4", device_id="phone-handed-on")
    assert admin.delete("/devices/no-such-phone").status_code == 404


def test_a_released_phone_signs_its_technician_out(service, admin, clerk, boss):
    """A lost phone is released by an admin: the token left on it stops working at once
    (it would otherwise still pull the technician's customers, addresses and phones)."""
    from tests.support.api import assigned_order

    service.add_user("tech_lost", Role.TECHNICIAN)
    lost = service.login("tech_lost", device_id="phone-lost")
    assigned_order(clerk, boss, lost)
    assert lost.get("/sync/pull").status_code == 200

    assert admin.delete("/devices/phone-lost").status_code == 204

    for path in ("/sync/pull", "/work-orders", "/auth/me"):
        reply = lost.get(path)
        assert reply.status_code == 401, (path, reply.text)
        assert reply.json()["detail"]["code"] == "unauthenticated"
    new_phone = service.login("tech_lost", device_id="phone-new")
    assert new_phone.get("/sync/pull").status_code == 200
    assert boss.get("/auth/me").status_code == 200  # office desks are not registered devices


def test_repeated_failed_logins_are_slowed_down(service):
    service.add_user("tech_guess", Role.TECHNICIAN)
    attempt = {"username": "tech_guess", "password": "wrong-guess", "device_id": "x"}
    codes = [service.anonymous().post("/auth/login", json=attempt).status_code for _ in range(6)]

    assert codes[:5] == [401] * 5
    assert codes[5] == 429
    blocked = service.anonymous().post("/auth/login", json={**attempt, "password": PASSWORD})
    assert blocked.status_code == 429  # even the right password waits
    assert 1 <= int(blocked.headers["Retry-After"]) <= 30  # the first wait: half a minute
    assert blocked.json()["detail"]["code"] == "too_many_attempts"


def test_simultaneous_wrong_passwords_are_slowed_down_too(service):
    """Guesses sent all at once are counted one after the other: after five failures the
    rest wait, instead of every guess reading the same "not blocked yet" record."""
    from concurrent.futures import ThreadPoolExecutor

    service.add_user("tech_burst", Role.TECHNICIAN)
    attempt = {"username": "tech_burst", "password": "wrong-guess", "device_id": "x"}

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(
            pool.map(
                lambda _: service.anonymous().post("/auth/login", json=attempt).status_code,
                range(20),
            )
        )

    assert set(codes) <= {401, 429}
    assert codes.count(401) <= 6, codes  # five free tries (one more if a wait ran out)


def test_a_disabled_account_is_locked_out_at_once(service, admin):
    service.add_user("clerk_leaving", Role.CLERK)
    leaving = service.login("clerk_leaving")
    assert leaving.get("/work-orders").status_code == 200
    user_id = leaving.id

    assert admin.post(f"/users/{user_id}/disable").json()["active"] is False

    assert leaving.get("/work-orders").status_code == 401
    again = service.anonymous().post(
        "/auth/login", json={"username": "clerk_leaving", "password": PASSWORD, "device_id": "d"}
    )
    assert again.status_code == 401


def test_tokens_from_before_a_disable_stay_refused_after_enabling_again(service, admin):
    service.add_user("clerk_back", Role.CLERK)
    old = service.login("clerk_back")  # e.g. on a tablet that was stolen
    assert admin.post(f"/users/{old.id}/disable").status_code == 200
    assert admin.post(f"/users/{old.id}/enable").json()["active"] is True

    refused = old.get("/work-orders")
    assert refused.status_code == 401
    assert "重新登录" in refused.json()["detail"]["message"]["zh"]
    assert service.login("clerk_back").get("/work-orders").status_code == 200


def test_only_admins_manage_accounts(admin, boss, tech_a):
    new = {
        "username": "new.tech",
        "display_name": "新技术员",
        "role": "technician",
        "password": "long-enough-1",
    }

    assert boss.post("/users", json=new).status_code == 403
    assert tech_a.get("/users").status_code == 403
    created = admin.post("/users", json=new)
    assert created.status_code == 201
    assert admin.post("/users", json=new).status_code == 409
    short = admin.post("/users", json={**new, "username": "x.y", "password": "short"})
    assert short.status_code == 422
    assert short.json()["detail"]["problems"][0]["field"] == {"zh": "密码", "en": "Password"}
    technicians = boss.get("/users", params={"role": "technician"}).json()
    assert "new.tech" in [u["username"] for u in technicians]


@pytest.mark.slow
def test_tokens_expire(tmp_path: Path):
    """A service with 2-second tokens: the token works, then gives 401."""
    running = running_service("sqlite", tmp_path, FIELDAPP_TOKEN_TTL_SECONDS="2")
    service = next(running)
    try:
        tech = service.login("tech_a")
        assert tech.get("/work-orders").status_code == 200
        time.sleep(3)
        expired = tech.get("/work-orders")
        assert expired.status_code == 401
        assert "expired" in expired.json()["detail"]["message"]["en"]
    finally:
        running.close()  # stops the service


def test_simultaneous_sign_ins_never_fail_with_a_server_error(service):
    from concurrent.futures import ThreadPoolExecutor

    service.add_user("tech_rush", Role.TECHNICIAN)
    right = {"username": "tech_rush", "password": PASSWORD, "device_id": "phone-rush"}
    wrong = {"username": "nobody_rush", "password": "wrong-password", "device_id": "x"}

    with ThreadPoolExecutor(max_workers=8) as pool:
        firsts = list(
            pool.map(lambda _: service.anonymous().post("/auth/login", json=right), range(8))
        )
        guesses = list(
            pool.map(lambda _: service.anonymous().post("/auth/login", json=wrong), range(8))
        )

    assert {r.status_code for r in firsts} == {200}
    assert {r.status_code for r in guesses} <= {401, 429}


def test_an_admin_cannot_disable_their_own_account(admin):
    reply = admin.post(f"/users/{admin.id}/disable")
    assert reply.status_code == 409
    assert admin.get("/auth/me").status_code == 200


def test_a_technician_refused_at_the_back_office_registers_no_device(service, admin):
    """Issue 20, item 4: the refusal leaves no trace but the throttling record."""
    service.add_user("tech_desk", Role.TECHNICIAN)
    before = {d["device_id"] for d in admin.get("/devices").json()}

    refused = service.anonymous().post(
        "/auth/login",
        json={
            "username": "tech_desk",
            "password": PASSWORD,
            "device_id": "office-0a1b2c3d4e5f",
            "app": "office",
        },
    )

    assert refused.status_code == 403, refused.text
    assert "技术员请使用手机应用" in refused.json()["detail"]["message"]["zh"]
    assert {d["device_id"] for d in admin.get("/devices").json()} == before
    # on the phone the same technician signs in as ever, and that phone is registered
    service.login("tech_desk", device_id="phone-of-tech-desk")
    devices = {d["device_id"] for d in admin.get("/devices").json()}
    assert devices == before | {"phone-of-tech-desk"}
    # office staff sign in to the back office and register nothing either
    clerk = service.anonymous().post(
        "/auth/login",
        json={"username": "clerk", "password": PASSWORD, "device_id": "office-1", "app": "office"},
    )
    assert clerk.status_code == 200, clerk.text
    assert {d["device_id"] for d in admin.get("/devices").json()} == devices
