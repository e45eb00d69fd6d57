"""Sign-in: ``POST /auth/login`` gives a bearer token; ``GET /auth/me`` says who you are."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.exc import IntegrityError

from fieldapp.protocol.auth import LoginReply, LoginRequest, UserPublic
from sync.api.deps import CurrentUser, SettingsDep, WriteSession
from sync.api.route import CheckedRoute
from sync.core.db import utcnow
from sync.core.errors import ApiError
from sync.core.security import issue_token
from sync.crud.users import sign_in
from sync.models.user import user_public

router = APIRouter(prefix="/auth", tags=["auth"], route_class=CheckedRoute)


@router.post("/login", response_model=LoginReply)
def login(body: LoginRequest, session: WriteSession, settings: SettingsDep) -> LoginReply:
    """Check the password; a technician's first sign-in on a device registers the device.
    A technician signing in to the back office (``app``: office) is refused with 403 and
    nothing is registered."""
    now = utcnow()
    for attempt in (1, 2):
        try:
            user = sign_in(
                session,
                username=body.username,
                password=body.password,
                device_id=body.device_id,
                app=body.app,
                now=now,
                free_failures=settings.login_free_failures,
                first_delay_seconds=settings.login_first_delay_seconds,
                max_delay_seconds=settings.login_max_delay_seconds,
            )
        except ApiError:
            try:
                session.commit()  # the failed attempt counts even though the sign-in is refused
            except IntegrityError:  # a concurrent failure for the same name was counted
                session.rollback()
            raise
        try:
            session.commit()
            break
        except IntegrityError:
            # The same new device signed in twice at once: the other registered it; check again.
            session.rollback()
            if attempt == 2:
                raise
    expires_at = now + settings.token_ttl
    token = issue_token(
        secret=settings.secret_key, user_id=user.id, device_id=body.device_id, expires_at=expires_at
    )
    return LoginReply(access_token=token, expires_at=expires_at, user=user_public(user))


@router.get("/me", response_model=UserPublic)
def me(user: CurrentUser) -> UserPublic:
    return user_public(user)
