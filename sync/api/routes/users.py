"""Accounts and devices: admins add and disable accounts and release devices; supervisors
list technicians to assign work to them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from fieldapp.protocol.auth import Role, UserPublic
from sync.api.deps import Admin, ReadSession, Reviewers, WriteSession
from sync.api.route import CheckedRoute
from sync.core.errors import conflict, not_found
from sync.crud import users as crud
from sync.models.user import DevicePublic, UserCreate, UserRow, user_public

router = APIRouter(tags=["users"], route_class=CheckedRoute)
UserId = Annotated[str, Path(pattern=r"^[0-9]{1,9}$", description="a user's id")]


@router.get("/users", response_model=list[UserPublic])
def list_users(_: Reviewers, session: ReadSession, role: Role | None = None) -> list[UserPublic]:
    return [user_public(u) for u in crud.list_users(session, role=role)]


@router.post("/users", response_model=UserPublic, status_code=201)
def add_user(body: UserCreate, _: Admin, session: WriteSession) -> UserPublic:
    user = crud.create_user(session, new=body)
    session.commit()
    return user_public(user)


def _set_active(session: WriteSession, user_id: str, active: bool, admin: UserRow) -> UserPublic:
    user = crud.user_by_public_id(session, public_id=user_id)
    if user is None:
        raise not_found(f"用户 {user_id}", f"User {user_id}")
    if user.id == admin.id and not active:
        # The last admin could otherwise lock everyone out of account management.
        raise conflict("不能停用自己的账号", "you cannot disable your own account")
    crud.set_active(session, user=user, active=active)
    session.commit()
    return user_public(user)


@router.post("/users/{user_id}/disable", response_model=UserPublic)
def disable_user(user_id: UserId, admin: Admin, session: WriteSession) -> UserPublic:
    """Disable an account: its tokens stop working at once."""
    return _set_active(session, user_id, False, admin)


@router.post("/users/{user_id}/enable", response_model=UserPublic)
def enable_user(user_id: UserId, admin: Admin, session: WriteSession) -> UserPublic:
    return _set_active(session, user_id, True, admin)


@router.get("/devices", response_model=list[DevicePublic])
def list_devices(_: Admin, session: ReadSession) -> list[DevicePublic]:
    """Registered phones with the technician each belongs to."""
    users = {u.id: u for u in crud.list_users(session, role=Role.TECHNICIAN)}
    devices = []
    for d in crud.list_devices(session):
        owner = users.get(d.user_id)
        devices.append(
            DevicePublic(
                device_id=d.device_id,
                user_id=str(d.user_id),
                username=owner.username if owner else "",
                display_name=owner.display_name if owner else "",
                registered_at=d.registered_at,
                last_seen_at=d.last_seen_at,
            )
        )
    return devices


@router.delete("/devices/{device_id}", status_code=204)
def release_device(
    device_id: Annotated[str, Path(min_length=1, max_length=64)], _: Admin, session: WriteSession
) -> None:
    """Release a device (a phone handed to another technician)."""
    crud.release_device(session, device_id=device_id)
    session.commit()
