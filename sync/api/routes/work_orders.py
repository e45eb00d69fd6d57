"""Work orders: clerks record calls, supervisors assign; a technician sees only their own."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from fieldapp.domain.work_order import TICKET_NO_PATTERN, WorkOrder, WorkOrderStatus
from fieldapp.protocol.work_orders import (
    AssignRequest,
    CancelRequest,
    WorkOrderCreate,
    WorkOrderList,
    WorkOrderUpdate,
)
from sync.api.deps import (
    CallTakers,
    CurrentUser,
    ReadSession,
    SettingsDep,
    Supervisor,
    WriteSession,
)
from sync.api.route import CheckedRoute
from sync.core.errors import unprocessable
from sync.crud import work_orders as crud
from sync.crud.users import user_by_public_id
from sync.models.user import Role

router = APIRouter(prefix="/work-orders", tags=["work orders"], route_class=CheckedRoute)
TicketNo = Annotated[
    str, Path(pattern=TICKET_NO_PATTERN, description="报修单号, e.g. BX20261123-0007")
]


@router.post("", response_model=WorkOrder, status_code=201)
def record_call(
    body: WorkOrderCreate, clerk: CallTakers, session: WriteSession, settings: SettingsDep
) -> WorkOrder:
    """Record a customer's call; the reply carries the new 报修单号."""
    row = crud.create_work_order(session, new=body, clerk=clerk, zone=settings.zone)
    session.commit()
    return row.order()


@router.get("", response_model=WorkOrderList)
def list_work_orders(
    user: CurrentUser,
    session: ReadSession,
    status: WorkOrderStatus | None = None,
    technician_id: Annotated[str | None, Query(pattern=r"^[0-9]{1,9}$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> WorkOrderList:
    """Newest first. A technician gets only the orders assigned to them."""
    rows, total = crud.list_work_orders(
        session,
        user=user,
        status=status,
        technician_id=int(technician_id) if technician_id else None,
        limit=limit,
        offset=offset,
    )
    names = crud.technician_names(session, rows=rows)
    return WorkOrderList(items=[r.order() for r in rows], total=total, technician_names=names)


@router.get("/{ticket_no}", response_model=WorkOrder)
def get_work_order(ticket_no: TicketNo, user: CurrentUser, session: ReadSession) -> WorkOrder:
    return crud.visible_work_order(session, user=user, ticket_no=ticket_no).order()


@router.patch("/{ticket_no}", response_model=WorkOrder)
def update_work_order(
    ticket_no: TicketNo,
    body: WorkOrderUpdate,
    user: CallTakers,
    session: WriteSession,
    settings: SettingsDep,
) -> WorkOrder:
    """Correct the recorded call (customer, product, fault, urgency, appointment, centre)."""
    row = crud.visible_work_order(session, user=user, ticket_no=ticket_no, lock=True)
    crud.update_work_order(session, row=row, changes=body, zone=settings.zone)
    session.commit()
    return row.order()


@router.post("/{ticket_no}/assign", response_model=WorkOrder)
def assign(
    ticket_no: TicketNo, body: AssignRequest, user: Supervisor, session: WriteSession
) -> WorkOrder:
    """Assign or reassign a technician; the previous one is told on their next pull."""
    row = crud.visible_work_order(session, user=user, ticket_no=ticket_no, lock=True)
    technician = user_by_public_id(session, public_id=body.technician_id)
    if technician is None or technician.role != Role.TECHNICIAN:
        raise unprocessable(
            f"找不到技术员 {body.technician_id}", f"no technician {body.technician_id}"
        )
    crud.assign_work_order(session, row=row, technician=technician)
    session.commit()
    return row.order()


@router.post("/{ticket_no}/cancel", response_model=WorkOrder)
def cancel(
    ticket_no: TicketNo, body: CancelRequest, user: CallTakers, session: WriteSession
) -> WorkOrder:
    """Cancel the order (e.g. the customer withdrew the request)."""
    row = crud.visible_work_order(session, user=user, ticket_no=ticket_no, lock=True)
    crud.cancel_work_order(session, row=row, reason=body.reason)
    session.commit()
    return row.order()
