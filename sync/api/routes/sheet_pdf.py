"""The job sheet as a PDF (维修卡), made by the same module as the phone's
(``fieldapp.documents.job_sheet_pdf``) from the sheet, its work order and the service's
reference data. A technician gets only their own sheets' PDFs (404 for others)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from fieldapp.documents import PDF_CONTENT_TYPE, job_sheet_pdf
from fieldapp.domain.job_sheet import JobSheet
from fieldapp.fonts import FontMissingError
from sync.api.deps import CurrentUser, ReadSession
from sync.api.route import CheckedRoute
from sync.api.routes.reviews import SheetId
from sync.core.errors import busy
from sync.crud.reference import reference_data
from sync.crud.sheets import visible_sheet_with_order

router = APIRouter(tags=["reviews"], route_class=CheckedRoute)


@router.get(
    "/sheets/{sheet_id}/pdf",
    response_class=Response,
    responses={200: {"content": {PDF_CONTENT_TYPE: {}}, "description": "the job sheet PDF"}},
)
def sheet_pdf(
    sheet_id: SheetId,
    user: CurrentUser,
    session: ReadSession,
    english: Annotated[bool, Query(description="print the English lines too")] = True,
) -> Response:
    """The sheet's current version as the PDF the customer gets."""
    row, order = visible_sheet_with_order(session, user=user, sheet_id=sheet_id)
    try:
        pdf = job_sheet_pdf(
            JobSheet.model_validate(row.data),
            order.order(),
            reference_data(session),
            english=english,
        )
    except FontMissingError as exc:
        # An installation fault, not the request's: the caller may retry once it is fixed.
        raise busy(
            "服务器缺少中文字体，暂时无法生成 PDF",
            "the server lacks its Chinese font; no PDF",
            retry_after=60,
        ) from exc
    name = f"{order.ticket_no}-r{row.revision}.pdf"
    return Response(
        pdf,
        media_type=PDF_CONTENT_TYPE,
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
