"""Accounts: create, list, disable; sign-in with slowed-down guessing and device registration."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldapp.protocol.auth import SignInApp
from sync.core.db import utcnow
from sync.core.errors import (
    conflict,
    forbidden,
    not_found,
    too_many_attempts,
    unauthenticated,
)
from sync.core.security import hash_password, verify_password
from sync.models.user import DeviceRow, LoginThrottleRow, Role, UserCreate, UserRow


def create_user(session: Session, *, new: UserCreate) -> UserRow:
    """Add an account; refuses a username already taken."""
    if session.scalar(select(UserRow.id).where(UserRow.username == new.username)) is not None:
        raise conflict(f"用户名 {new.username} 已存在", f"the username {new.username} is taken")
    row = UserRow(
        username=new.username,
        display_name=new.display_name,
        role=new.role.value,
        password_hash=hash_password(new.password),
        service_centre=new.service_centre,
    )
    session.add(row)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:  # taken by a concurrent request
        raise conflict(
            f"用户名 {new.username} 已存在", f"the username {new.username} is taken"
        ) from exc
    return row


def list_users(session: Session, *, role: Role | None = None) -> list[UserRow]:
    query = select(UserRow).order_by(UserRow.username)
    if role is not None:
        query = query.where(UserRow.role == role.value)
    return list(session.scalars(query))


def user_by_public_id(session: Session, *, public_id: str) -> UserRow | None:
    if not (public_id.isascii() and public_id.isdigit()) or len(public_id) > 9:
        return None
    return session.get(UserRow, int(public_id))


def user_by_username(session: Session, *, username: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.username == username))


def set_active(session: Session, *, user: UserRow, active: bool) -> UserRow:
    """Disable (or enable again) an account; a disabled account's tokens stop working at once,
    and stay refused after it is enabled again: its user signs in anew."""
    user.active = active
    if not active:
        user.tokens_valid_from = utcnow()
    return user


def sign_in(
    session: Session,
    *,
    username: str,
    password: str,
    device_id: str,
    now: datetime,
    free_failures: int,
    first_delay_seconds: int,
    max_delay_seconds: int,
    app: SignInApp = SignInApp.PHONE,
) -> UserRow:
    """The account for these credentials, registering a technician's device on first use
    (a technician signing in to the back office, ``app`` office, is refused: nothing is
    registered).

    After ``free_failures`` wrong passwords for a username, the next try must wait
    ``first_delay_seconds``, each further one twice as long as the one before (up to
    ``max_delay_seconds``); trying earlier gives 429.
    The failure is recorded even though the request is refused, so the caller commits.
    """
    key = username.strip().lower()[:64]
    throttle = _locked_throttle(session, key=key, now=now)
    if throttle.blocked_until is not None and throttle.blocked_until > now:
        wait = math.ceil((throttle.blocked_until - now).total_seconds())
        raise too_many_attempts(
            f"登录失败次数过多，请 {wait} 秒后再试",
            f"too many failed sign-ins; try again in {wait} s",
            retry_after=wait,
        )
    user = user_by_username(session, username=key)
    ok = verify_password(password, user.password_hash if user is not None else None)
    if not ok or user is None or not user.active:
        _count_failure(
            throttle=throttle,
            now=now,
            free=free_failures,
            first=first_delay_seconds,
            cap=max_delay_seconds,
        )
        raise unauthenticated(
            "用户名或密码不正确，或账号已停用",
            "wrong username or password, or the account is disabled",
        )
    if app is SignInApp.OFFICE and user.role == Role.TECHNICIAN:
        # Refused before anything is registered: no device, and the failure count untouched
        # (the password was right; nobody is guessing).
        raise forbidden(
            "后台管理供主管、文员和管理员使用；技术员请使用手机应用",
            "the back office is for supervisors, clerks and admins; technicians use the phone app",
        )
    session.delete(throttle)
    if user.role == Role.TECHNICIAN:
        register_device(session, user=user, device_id=device_id, now=now)
    return user


def _locked_throttle(session: Session, *, key: str, now: datetime) -> LoginThrottleRow:
    """The failed-login record of ``key`` (made if new), locked until the commit.

    The lock makes simultaneous sign-ins for one username take turns: otherwise, on
    PostgreSQL, a burst of guesses all read the same "not blocked" record and are all tried.
    """
    while True:
        try:
            with session.begin_nested():
                session.add(LoginThrottleRow(username=key, failures=0, last_failure_at=now))
                session.flush()
        except IntegrityError:  # it exists already, or a simultaneous sign-in just made it
            pass
        throttle = session.get(LoginThrottleRow, key, with_for_update=True, populate_existing=True)
        if throttle is not None:  # else a right password removed it meanwhile: make it again
            return throttle


def _count_failure(
    *, throttle: LoginThrottleRow, now: datetime, free: int, first: int, cap: int
) -> None:
    throttle.failures += 1
    throttle.last_failure_at = now
    extra = throttle.failures - free
    if extra >= 0:
        throttle.blocked_until = now + timedelta(seconds=min(first * 2 ** min(extra, 20), cap))


def register_device(session: Session, *, user: UserRow, device_id: str, now: datetime) -> DeviceRow:
    """Register ``device_id`` to the technician, or refuse one registered to someone else."""
    device = session.get(DeviceRow, device_id)
    if device is None:
        device = DeviceRow(
            device_id=device_id, user_id=user.id, registered_at=now, last_seen_at=now
        )
        session.add(device)
        return device
    if device.user_id != user.id:
        raise forbidden(
            "此设备已登记给另一位技术员，请联系管理员",
            "this device is registered to another technician; ask an administrator",
        )
    device.last_seen_at = now
    return device


def list_devices(session: Session) -> list[DeviceRow]:
    return list(session.scalars(select(DeviceRow).order_by(DeviceRow.device_id)))


def release_device(session: Session, *, device_id: str) -> None:
    """Forget a device's registration so another technician can sign in on it."""
    device = session.get(DeviceRow, device_id)
    if device is None:
        raise not_found("设备", "Device")
    session.delete(device)


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(UserRow)) or 0
