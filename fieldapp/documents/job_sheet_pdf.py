"""The job sheet as a PDF (售后服务报告单 / 维修卡), made offline from the sheet alone.

One function, :func:`job_sheet_pdf`, used by the phone (to show or send the customer
their copy) and by the central service (``GET /api/v1/sheets/{id}/pdf``), so both print
the same document. It reads:

1. the customer and the call, from the work order;
2. the warranty verdict with its reasons, worked out by the domain for the visit day;
3. what the customer signed — :func:`~fieldapp.domain.signed_summary.signed_summary`,
   line for line as the sign-off screen showed it (product, diagnosis, repair and parts,
   charges, outcome, loaner handover);
4. the sign-off: the customer's check, rating, comment, name and signature, the latter
   rendered from its strokes, and the loaner receipt's signature;
5. the signed content hash in full and as a QR code, with whether the content still
   matches it, so a paper copy can be checked against the service's record.

Everything comes from the arguments: no network, no store, no clock unless ``created``
is left out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from fieldapp.documents.layout import SheetPage
from fieldapp.domain.customer_check import customer_check
from fieldapp.domain.display import CUSTOMER_TYPE_NAMES, day, local_time, yes_no
from fieldapp.domain.job_sheet import CustomerSignOff, JobSheet, Outcome
from fieldapp.domain.reference import ReferenceData
from fieldapp.domain.signed_summary import signed_summary
from fieldapp.domain.signing import sheet_content_hash, signature_matches
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import explain
from fieldapp.domain.visit import visit_day
from fieldapp.domain.warranty import WarrantyCase, warranty_case_for, warranty_verdict
from fieldapp.domain.work_order import WorkOrder
from fieldapp.fonts import cjk_font_path
from fieldapp.media.signature import render_signature_png

PDF_CONTENT_TYPE = "application/pdf"
TITLE = text("售后服务报告单（维修卡）", "After-sales service job sheet")
_QR_MM = 34
_SIGNATURE_WIDTH_MM = 70
# Sections read top to bottom as a list (charge lines, then their total): one line a row.
_LISTS = {"charges"}


def job_sheet_pdf(
    sheet: JobSheet,
    order: WorkOrder,
    reference: ReferenceData,
    *,
    english: bool = True,
    created: datetime | None = None,
    font_path: Path | None = None,
) -> bytes:
    """The PDF of ``sheet`` (for ``order``), signed or not, as bytes.

    ``english=False`` leaves the English lines out. ``created`` is the time printed in the
    footer and stored as the PDF's creation date (now, by default). Raises
    :class:`~fieldapp.fonts.FontMissingError` if the bundled font is missing.
    """
    zone = reference.zone
    created = created or datetime.now(UTC)
    footer = f"{sheet.ticket_no} · 修订 {sheet.revision} · 生成于 {local_time(created, zone)}"
    page = SheetPage(font_path or cjk_font_path(), footer, created)
    page.english = english
    page.set_title(f"{TITLE.zh} {sheet.ticket_no}")
    named = sheet.arrival.technician_name if sheet.arrival is not None else None
    page.set_author(named or sheet.technician_id)
    page.add_page()
    page.title_block(TITLE, f"报修单号 {sheet.ticket_no}")
    _customer(page, order, zone)
    _verdict(page, sheet, order, reference, zone)
    for section in signed_summary(sheet, reference, zone):
        page.heading(section.title)
        if section.part in _LISTS:
            for line in section.lines:
                page.line_of(line)
        else:
            page.lines_of(section.lines)
    _sign_off(page, sheet, zone)
    _content_hash(page, sheet)
    return bytes(page.output())


def _customer(page: SheetPage, order: WorkOrder, zone: ZoneInfo) -> None:
    customer = order.customer
    page.heading(text("客户与报修", "Customer and call"))
    lines = [
        text(f"客户姓名：{customer.name}", f"Customer: {customer.name}"),
        text(f"联系电话：{customer.phone}", f"Phone: {customer.phone}"),
        text(f"地址：{customer.address}", f"Address: {customer.address}"),
        text(
            f"客户类型：{CUSTOMER_TYPE_NAMES[customer.customer_type].zh}",
            f"Customer type: {CUSTOMER_TYPE_NAMES[customer.customer_type].en}",
        ),
        text(
            f"报修时间：{local_time(order.reported_at, zone)}",
            f"Reported at: {local_time(order.reported_at, zone)}",
        ),
        text(f"故障描述：{order.reported_fault}", f"Reported fault: {order.reported_fault}"),
        _registered_product(order),
    ]
    if order.service_centre:
        lines.append(
            text(f"服务中心：{order.service_centre}", f"Service centre: {order.service_centre}")
        )
    page.lines_of(lines)


def _registered_product(order: WorkOrder) -> Text:
    product = order.product
    serial = product.serial or "—"
    bought = day(product.purchase_date) if product.purchase_date else "—"
    return text(
        f"登记产品：{product.brand} {product.model}，机身编号 {serial}，购机日期 {bought}",
        f"Registered product: {product.brand} {product.model}, serial {serial}, purchased {bought}",
    )


def _verdict(
    page: SheetPage, sheet: JobSheet, order: WorkOrder, reference: ReferenceData, zone: ZoneInfo
) -> None:
    page.heading(text("保修判定", "Warranty verdict"))
    service_date = visit_day(sheet, zone)
    try:
        case = warranty_case_for(order, sheet, service_date)
    except ValidationError as exc:
        # The sheet is not far enough along for a verdict: say what is missing.
        page.line_of(text("无法判定", "No verdict"))
        for found in explain(exc, WarrantyCase):
            page.line_of(text(f"{found.field.zh}：{found.message.zh}", str(found)))
        return
    verdict = warranty_verdict(case, reference.catalogue)
    headline = verdict.headline
    page.line_of(
        text(
            f"判定：{headline.zh}（服务日期 {day(service_date)}）",
            f"Verdict: {headline.en} (service date {day(service_date)})",
        )
    )
    if verdict.start is not None and verdict.end is not None:
        page.line_of(
            text(
                f"保修期：{day(verdict.start)} 至 {day(verdict.end)}",
                f"Warranty period: {day(verdict.start)} to {day(verdict.end)}",
            )
        )
    for reason in verdict.reasons:
        page.line_of(text(f"· {reason.text.zh}", f"· {reason.text.en}"))


def _sign_off(page: SheetPage, sheet: JobSheet, zone: ZoneInfo) -> None:
    page.heading(text("用户验收", "Customer sign-off"))
    sign_off = sheet.sign_off
    if sign_off is None:
        page.line_of(text("尚未签署", "Not signed yet"))
    else:
        page.lines_of(_sign_off_lines(sign_off, sheet.outcome, zone))
        page.png(
            render_signature_png(sign_off.signature, scale=2),
            *_signature_size(sign_off.signature.width, sign_off.signature.height),
            text("用户签名", "Customer's signature"),
        )
    if sheet.loaner is not None:
        signature = sheet.loaner.customer_signature
        page.png(
            render_signature_png(signature, scale=2),
            *_signature_size(signature.width, signature.height),
            text("备用机签收", "Loaner received, signed"),
        )


def _sign_off_lines(
    sign_off: CustomerSignOff, outcome: Outcome | None, zone: ZoneInfo
) -> list[Text]:
    stars = "★" * sign_off.rating + "☆" * (5 - sign_off.rating)
    comment = sign_off.comment or "—"
    checked = yes_no(sign_off.functions_checked)
    short = customer_check(outcome).short
    return [
        text(f"{short.zh}：{checked.zh}", f"{short.en}: {checked.en}"),
        text(
            f"满意度评分：{sign_off.rating} 分（满分 5 分）{stars}",
            f"Rating: {sign_off.rating} of 5 {stars}",
        ),
        text(f"用户意见：{comment}", f"Customer comment: {comment}"),
        text(f"签字人：{sign_off.signer_name}", f"Signed by: {sign_off.signer_name}"),
        text(
            f"签字时间：{local_time(sign_off.signed_at, zone)}",
            f"Signed at: {local_time(sign_off.signed_at, zone)}",
        ),
    ]


def _signature_size(width: int, height: int) -> tuple[float, float]:
    """The printed size in mm: the pad's aspect ratio, at most 70 × 35 mm."""
    scale = min(_SIGNATURE_WIDTH_MM / width, (_SIGNATURE_WIDTH_MM / 2) / height)
    return width * scale, height * scale


def _content_hash(page: SheetPage, sheet: JobSheet) -> None:
    page.heading(text("签署内容校验值", "Signed content hash"))
    if sheet.sign_off is None:
        page.line_of(
            text(
                "尚未签署；以下为当前内容的校验值，签署后生效",
                "Not signed yet; this is the hash of the content as it stands now",
            )
        )
        page.code(sheet_content_hash(sheet))
        return
    signed_hash = sheet.sign_off.content_hash
    page.room_for(_QR_MM + 22)
    page.line_of(
        text(
            "SHA-256，覆盖上文自“上门服务”至“备用机”各节；可扫描二维码或输入校验值向服务中心核验",
            "SHA-256 of the sections above from “The visit” to “Loaner”; scan the QR code or "
            "type the hash to have the service centre check it",
        )
    )
    page.code(signed_hash)
    if signature_matches(sheet):
        status = text("内容与签署时一致", "The content matches what was signed")
    else:
        status = text(
            "警告：内容在签署后被修改，与签署时不一致",
            "Warning: the content was changed after signing and no longer matches",
        )
    page.line_of(status)
    top = page.get_y() + 1
    page.qr(signed_hash, page.l_margin + 2, top, _QR_MM)
    page.set_y(top + _QR_MM + 2)
