"""Signing in to the back office: each failure in words, each role its places."""

from __future__ import annotations

import pytest

from fieldapp.office.errors import OfficeError
from fieldapp.office.session import Place, sign_in
from fieldapp.protocol.auth import Role
from tests.support.service import PASSWORD, LiveService, free_port


def test_each_role_gets_its_places(boss, clerk, service: LiveService) -> None:
    root = service.base.removesuffix("/api/v1")
    admin = sign_in(root, "admin", PASSWORD)
    assert boss.role is Role.SUPERVISOR and boss.places[0] is Place.QUEUE
    assert Place.DASHBOARD in boss.places and Place.ACCOUNTS not in boss.places
    assert Place.QUEUE not in clerk.places and clerk.places[0] is Place.WORK_ORDERS
    assert Place.DASHBOARD not in clerk.places
    assert admin.places[0] is Place.ACCOUNTS and Place.QUEUE in admin.places


def test_a_wrong_password_a_technician_and_no_service_are_said_in_words(service) -> None:
    root = service.base.removesuffix("/api/v1")
    with pytest.raises(OfficeError) as wrong:
        sign_in(root, "clerk", "not-the-password")
    assert wrong.value.field == "password" and "密码" in wrong.value.message.zh
    with pytest.raises(OfficeError) as tech:
        sign_in(root, "tech_a", PASSWORD)
    assert tech.value.field == "username" and "手机应用" in tech.value.message.zh
    with pytest.raises(OfficeError) as away:
        sign_in(f"http://127.0.0.1:{free_port()}", "clerk", PASSWORD)
    assert away.value.field == "service_url" and "无法连接" in away.value.message.zh
    with pytest.raises(OfficeError) as empty:
        sign_in(root, "", "x")
    assert empty.value.field == "username"
    with pytest.raises(OfficeError) as bad:
        sign_in("ftp://", "clerk", "x")
    assert bad.value.field == "service_url"
