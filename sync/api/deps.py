"""Dependencies shared by the routes, as typed aliases: the settings, a session, the caller.

``ReadSession`` and ``WriteSession`` are one transaction each; a route that changes anything
takes a ``WriteSession`` and commits once before replying. ``CurrentUser`` is the signed-in,
active account; ``staff(...)`` narrows it to some roles (403 for the others).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from sync.core.config import Settings
from sync.core.db import Database, utcnow
from sync.core.errors import forbidden, unauthenticated
from sync.core.security import TokenClaims, read_token
from sync.models.user import DeviceRow, Role, UserRow


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]


def _read_session(database: DatabaseDep) -> Iterator[Session]:
    with database.session(write=False) as session:
        yield session


def _write_session(database: DatabaseDep) -> Iterator[Session]:
    with database.session(write=True) as session:
        yield session


ReadSession = Annotated[Session, Depends(_read_session)]
WriteSession = Annotated[Session, Depends(_write_session)]

_bearer = HTTPBearer(auto_error=False, description="the access_token from POST /auth/login")


def token_claims(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TokenClaims:
    """The claims of the bearer token; 401 when it is missing, forged or expired."""
    if credentials is None:
        raise unauthenticated("请先登录", "sign in first (no bearer token)")
    claims = read_token(credentials.credentials, secret=settings.secret_key, now=utcnow())
    if claims is None:
        raise unauthenticated(
            "登录已过期或无效，请重新登录", "the token is invalid or expired; sign in again"
        )
    return claims


Claims = Annotated[TokenClaims, Depends(token_claims)]


def current_user(request: Request, claims: Claims, database: DatabaseDep) -> UserRow:
    """The signed-in account, loaded on every request so a disabled one is refused at once.

    A technician's token also stops working once its phone is no longer registered to them
    (an admin released a lost or handed-on phone).
    """
    with database.session(write=False) as session:
        user = session.get(UserRow, claims.user_id)
        phone = None
        if user is not None and user.role == Role.TECHNICIAN:
            phone = session.get(DeviceRow, claims.device_id)
    if user is None or not user.active:
        raise unauthenticated("账号已停用", "the account is disabled")
    if user.tokens_valid_from is not None and claims.issued_at < user.tokens_valid_from:
        raise unauthenticated(
            "此登录已失效（账号曾被停用），请重新登录",
            "this sign-in is no longer valid (the account was disabled); sign in again",
        )
    if user.role == Role.TECHNICIAN and (phone is None or phone.user_id != user.id):
        raise unauthenticated(
            "此手机已不再登记给你，请重新登录",
            "this phone is no longer registered to you; sign in again",
        )
    request.state.user_id = user.id
    return user


CurrentUser = Annotated[UserRow, Depends(current_user)]


def staff(*roles: Role) -> Callable[[UserRow], UserRow]:
    """A dependency allowing only ``roles``; everyone else gets 403."""
    names = "、".join(_ROLE_ZH[r] for r in roles)
    english = ", ".join(r.value for r in roles)

    def check(user: CurrentUser) -> UserRow:
        if user.role not in roles:
            raise forbidden(f"只有{names}可以执行此操作", f"only {english} may do this")
        return user

    return check


_ROLE_ZH = {
    Role.TECHNICIAN: "技术员",
    Role.SUPERVISOR: "售后主管",
    Role.CLERK: "文员",
    Role.ADMIN: "管理员",
}

Technician = Annotated[UserRow, Depends(staff(Role.TECHNICIAN))]
Supervisor = Annotated[UserRow, Depends(staff(Role.SUPERVISOR))]
Admin = Annotated[UserRow, Depends(staff(Role.ADMIN))]
OfficeStaff = Annotated[UserRow, Depends(staff(Role.SUPERVISOR, Role.CLERK, Role.ADMIN))]
CallTakers = Annotated[UserRow, Depends(staff(Role.SUPERVISOR, Role.CLERK))]
Reviewers = Annotated[UserRow, Depends(staff(Role.SUPERVISOR, Role.ADMIN))]
