"""Accounts in the back office (admins), against a real service: an account added as typed,
disabled and enabled again; a phone released, which signs it out."""

from __future__ import annotations

import pytest

from fieldapp.office import accounts
from fieldapp.office.errors import FormProblems, Refused
from fieldapp.office.session import StaffSession, sign_in
from fieldapp.protocol.auth import Role
from tests.support.service import PASSWORD, LiveService


@pytest.fixture(scope="module")
def admin(service: LiveService) -> StaffSession:
    return sign_in(service.base.removesuffix("/api/v1"), "admin", PASSWORD)


def _form(**values: str) -> accounts.AccountForm:
    form = accounts.AccountForm()
    for name, value in values.items():
        form = form.with_value(name, value)
    return form


def test_a_new_account_is_checked_as_typed_and_every_mistake_is_named(admin) -> None:
    form = _form(username="Wang Wei", display_name="", password="short")
    problems = form.problems()
    assert set(problems) == {"username", "display_name", "password", "role"}
    assert "小写字母" in problems["username"].zh
    assert problems["role"].zh == "请选择角色"
    with pytest.raises(FormProblems):
        accounts.add_account(admin.client, form)
    # What was typed is all still there to correct.
    assert form.values["username"] == "Wang Wei" and form.values["password"] == "short"


def test_an_account_added_signs_in_then_disabled_and_enabled(admin, service) -> None:
    form = _form(
        username="wang.wei", display_name="王伟", password="first-pass-1", service_centre="闵行"
    ).with_role(Role.TECHNICIAN)
    assert form.problems() == {}
    added = accounts.add_account(admin.client, form)
    assert (added.username, added.display_name, added.role) == ("wang.wei", "王伟", Role.TECHNICIAN)
    assert added.active and added.service_centre == "闵行"
    wang = service.login("wang.wei", password="first-pass-1")

    with pytest.raises(FormProblems) as taken:
        accounts.add_account(admin.client, form)
    assert "已存在" in taken.value.problems["username"].zh

    off = accounts.set_active(admin.client, added.id, False)
    assert not off.active
    assert wang.get("/work-orders").status_code == 401
    assert accounts.set_active(admin.client, added.id, True).active
    listed = {u.username: u for u in accounts.accounts(admin.client)}
    assert listed["wang.wei"].active


def test_an_admin_cannot_disable_their_own_account(admin) -> None:
    me = next(u for u in accounts.accounts(admin.client) if u.username == "admin")
    with pytest.raises(Refused) as refused:
        accounts.set_active(admin.client, me.id, False)
    assert "自己" in refused.value.message.zh


def test_a_released_phone_is_signed_out_at_once(admin, service) -> None:
    tech = service.login("tech_b", device_id="phone-to-hand-over")
    phones = {p.device_id: p for p in accounts.phones(admin.client)}
    assert phones["phone-to-hand-over"].username == "tech_b"

    accounts.release_phone(admin.client, "phone-to-hand-over")

    assert "phone-to-hand-over" not in {p.device_id for p in accounts.phones(admin.client)}
    assert tech.get("/work-orders").status_code == 401


def test_the_accounts_screen_model_says_what_each_action_did(admin, service) -> None:
    from fieldapp.ui.office.viewmodels.desk_models import AccountsModel
    from tests.support.aio import run_to_end as run

    model = AccountsModel(client=admin.client)
    run(model.load())
    model.start_adding()
    model.set_value("username", "zhao.lei")
    run(model.add())
    assert model.adding and {"display_name", "password", "role"} <= set(model.problems)
    assert model.form.values["username"] == "zhao.lei"  # kept to correct
    model.set_value("display_name", "赵磊")
    model.set_value("password", "first-pass-2")
    model.set_role("clerk")
    run(model.add())
    assert not model.adding and model.done is not None and "zhao.lei" in model.done.zh
    zhao = next(u for u in model.users if u.username == "zhao.lei")

    run(model.set_active(zhao, False))
    assert model.done is not None and model.done.zh.startswith("账号 zhao.lei 已停用")
    assert not next(u for u in model.users if u.username == "zhao.lei").active

    service.login("tech_a", device_id="phone-of-the-model-test")
    run(model.load())
    model.ask_release("phone-of-the-model-test")
    assert model.releasing == "phone-of-the-model-test"
    run(model.release("phone-of-the-model-test"))
    assert model.releasing is None and model.done is not None
    assert "phone-of-the-model-test" not in {p.device_id for p in model.phones}
