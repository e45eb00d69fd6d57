"""Signing in against the central service, with a message in words for every failure.

Failures are :class:`SignInFailed` carrying the field to point at (``service_url``,
``username``, ``password`` or None) and a bilingual message: wrong password, service
unreachable, too many tries (with how long to wait, from the service), bad address.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import requests

from fieldapp.application.account import Account
from fieldapp.domain.text import Text, text
from fieldapp.protocol.auth import LoginReply, Role
from fieldapp.sync_client import (
    ApiClient,
    NetworkError,
    RequestRefused,
    RetryableError,
    ServerBusy,
    SignInRequired,
)


class SignInFailed(Exception):
    """The sign-in did not happen; ``message`` says why and ``field`` where to look."""

    def __init__(self, message: Text, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


@dataclass(frozen=True)
class SignedIn:
    """What a successful sign-in gives: the account and its token."""

    account: Account
    token: str


def normalise_service_url(value: str) -> str:
    """The service address as typed, checked: ``http(s)://host[:port]`` without ``/api/v1``."""
    url = value.strip().rstrip("/")
    if url.endswith("/api/v1"):
        url = url[: -len("/api/v1")]
    if url and "://" not in url:
        url = "http://" + url
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise SignInFailed(
            text(
                "服务地址格式不对，应类似 http://192.168.1.10:8700",
                "the service address should look like http://192.168.1.10:8700",
            ),
            "service_url",
        )
    return url


def check_filled(service_url: str, username: str, password: str) -> None:
    """Refuse an empty field before any request is made."""
    if not service_url.strip():
        raise SignInFailed(text("请填写服务地址", "enter the service address"), "service_url")
    if not username.strip():
        raise SignInFailed(text("请填写用户名", "enter your username"), "username")
    if not password:
        raise SignInFailed(text("请填写密码", "enter your password"), "password")


def sign_in(
    service_url: str,
    username: str,
    password: str,
    *,
    device_id: str,
    session: requests.Session | None = None,
) -> SignedIn:
    """POST /auth/login; blocking (call it off the event loop)."""
    check_filled(service_url, username, password)
    url = normalise_service_url(service_url)
    api = ApiClient(base_url=url, session=session or requests.Session(), read_timeout=15.0)
    request = {"username": username.strip(), "password": password, "device_id": device_id}
    try:
        reply = api.post_json("/auth/login", request, LoginReply)
    except SignInRequired as exc:
        raise SignInFailed(exc.message, "password") from exc
    except NetworkError as exc:
        raise SignInFailed(
            text(
                f"无法连接服务 {url}：请检查网络和服务地址",
                f"cannot reach the service at {url}: check the network and the address",
            ),
            "service_url",
        ) from exc
    except ServerBusy as exc:
        if exc.retry_after is not None:  # 429: too many tries; the message says how long
            raise SignInFailed(exc.message, "password") from exc
        raise SignInFailed(exc.message) from exc
    except RetryableError as exc:
        raise SignInFailed(exc.message, "service_url") from exc
    except RequestRefused as exc:
        if exc.status == 404:
            raise SignInFailed(
                text(
                    f"{url} 不是 fieldapp 服务的地址",
                    f"{url} is not the address of a fieldapp service",
                ),
                "service_url",
            ) from exc
        raise SignInFailed(exc.message) from exc
    return _signed_in(reply)


def _signed_in(reply: LoginReply) -> SignedIn:
    user = reply.user
    if user.role is not Role.TECHNICIAN:
        raise SignInFailed(
            text(
                "此应用供技术员使用；主管和文员请使用后台管理",
                "this app is for technicians; supervisors and clerks use the back office",
            ),
            "username",
        )
    account = Account(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        service_centre=user.service_centre,
    )
    return SignedIn(account=account, token=reply.access_token)
