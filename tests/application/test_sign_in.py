"""Signing in: a message in words, pointing at the right field, for every failure."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from fieldapp.application.sign_in import SignInFailed, normalise_service_url, sign_in
from tests.application.fake_service import error, login_reply, session_for


def attempt(handler: Any, password: str = "pw", url: str = "http://svc:8700") -> Any:
    return sign_in(url, "tech1", password, device_id="dev-1", session=session_for(handler)())


def test_a_technician_signs_in_and_gets_a_token() -> None:
    signed = attempt(lambda m, p, b: (200, login_reply(), {}))
    assert signed.token == "token-1"
    assert signed.account.display_name == "张伟"


def test_wrong_password_says_so_under_the_password() -> None:
    with pytest.raises(SignInFailed) as failed:
        attempt(lambda m, p, b: error(401, "用户名或密码不正确", "wrong username or password"))
    assert failed.value.field == "password"
    assert failed.value.message.zh == "用户名或密码不正确"


def test_too_many_tries_says_how_long_to_wait() -> None:
    reply = error(
        429,
        "登录失败次数过多，请 30 秒后再试",
        "too many; try again in 30 s",
        {"Retry-After": "30"},
    )
    with pytest.raises(SignInFailed) as failed:
        attempt(lambda m, p, b: reply)
    assert "30 秒" in failed.value.message.zh


def test_an_unreachable_service_names_the_address() -> None:
    def down(method: str, path: str, body: Any) -> Any:
        raise requests.ConnectionError("refused")

    with pytest.raises(SignInFailed) as failed:
        attempt(down)
    assert failed.value.field == "service_url"
    assert "无法连接服务 http://svc:8700" in failed.value.message.zh


def test_an_address_that_is_no_fieldapp_service_is_named() -> None:
    with pytest.raises(SignInFailed) as failed:
        attempt(lambda m, p, b: (404, {"detail": "Not Found"}, {}))
    assert failed.value.field == "service_url"


def test_a_supervisor_is_sent_to_the_back_office() -> None:
    with pytest.raises(SignInFailed) as failed:
        attempt(lambda m, p, b: (200, login_reply(role="supervisor"), {}))
    assert "技术员" in failed.value.message.zh


@pytest.mark.parametrize(
    ("url", "password", "field"),
    [("", "pw", "service_url"), ("http://svc", "", "password"), ("ftp://x", "pw", "service_url")],
)
def test_empty_or_malformed_fields_are_refused_before_any_request(
    url: str, password: str, field: str
) -> None:
    def never(method: str, path: str, body: Any) -> Any:
        raise AssertionError("no request expected")

    with pytest.raises(SignInFailed) as failed:
        attempt(never, password=password, url=url)
    assert failed.value.field == field


def test_the_address_is_taken_as_people_type_it() -> None:
    assert normalise_service_url(" 192.168.1.10:8700/api/v1/ ") == "http://192.168.1.10:8700"
