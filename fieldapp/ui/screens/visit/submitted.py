"""Step 10, submitted: the sheet is locked on the phone; where it stands on its way to the
service centre (queued, sending, sent — the indicator's own summary); the job sheet PDF
(维修卡) is made on the phone, offline, to show or send the customer (a download in web
mode, the share sheet on a phone)."""

from __future__ import annotations

import flet as ft

from fieldapp.ui.components.sheet_delivery import SheetDelivery
from fieldapp.ui.components.visit_fields import action_button, note
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.services import use_services
from fieldapp.ui.theme import OK_COLOR
from fieldapp.ui.viewmodels.visit_model import VisitModel


@ft.component
def SubmittedStep(model: VisitModel) -> ft.Control:
    tr = use_translator()
    services = use_services()
    sheet, visit = model.sheet, model.visit
    saver = ft.use_memo(lambda: ft.FilePicker(), [])
    sharer = ft.use_memo(lambda: ft.Share(), [])
    if sheet is None or visit is None or sheet.sign_off is None:
        return ft.Container()

    async def pdf(_e: object) -> None:
        data = await model.make_pdf()
        if data is None:
            return
        name = f"{sheet.ticket_no}.pdf"
        page = ft.context.page
        if page.platform is not None and page.platform.is_mobile() and not page.web:
            # The phone's share sheet: open it in a PDF viewer to show the customer, or
            # send it by WeChat, mail or messages.
            await sharer.share_files(
                [ft.ShareFile.from_bytes(data, mime_type="application/pdf", name=name)],
                subject=tr.t("submitted.share_subject", ticket=sheet.ticket_no),
            )
        else:
            # In a browser (and on a desktop) the PDF downloads, and the browser shows it.
            await saver.save_file(file_name=name, src_bytes=data)

    controls: list[ft.Control] = [
        ft.Semantics(
            identifier="submitted",
            content=ft.Text(
                tr.t("visit.approved") if visit.approved else tr.t("submitted.title"),
                size=18,
                weight=ft.FontWeight.BOLD,
                color=OK_COLOR,
            ),
        ),
        note(tr.t("visit.revision", n=sheet.revision)),
        SheetDelivery(services.sync, sheet.sheet_id),
        note(tr.t("submitted.hash")),
        ft.Semantics(
            identifier="content-hash",
            content=ft.Text(sheet.sign_off.content_hash, size=12, selectable=True),
        ),
        action_button(tr.t("submitted.pdf"), "pdf", pdf, icon=ft.Icons.PICTURE_AS_PDF),
    ]
    if model.pdf is not None:
        controls.append(
            ft.Semantics(
                identifier="pdf-ready",
                content=note(tr.t("submitted.pdf_ready", kb=len(model.pdf) // 1024), OK_COLOR),
            )
        )
    return ft.Column(controls, spacing=8)
