"""The job sheet (售后服务报告单 / 维修卡) of one visit, part by part.

A job sheet is filled on the phone in the order of the visit: arrival, etiquette,
product verification, diagnosis, repair, charges, outcome, loaner handover and the
customer's sign-off. Every part is optional while the visit is under way so that a
half-filled sheet can be saved; :mod:`fieldapp.domain.completion` says what is
still missing before the customer may sign.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from fieldapp.domain.validation import label, problem

SHA256_PATTERN = r"^[0-9a-f]{64}$"
# A sheet id is made on the device: a UUID in its 36-character text form.
SHEET_ID_PATTERN = r"^[0-9a-f\-]{36}$"
# The largest photo or signature file a sheet may reference (the sync protocol's limit).
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


class SheetPart(BaseModel):
    """Base of every job sheet part: unknown fields are refused, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    SIGNATURE = "signature"


class AttachmentRef(SheetPart):
    """A photo or signature image, stored as a file named by its content hash."""

    sha256: str = Field(pattern=SHA256_PATTERN, **label("文件校验值", "File hash"))
    kind: AttachmentKind = Field(default=AttachmentKind.PHOTO, **label("附件类型", "Kind"))
    content_type: str = Field(default="image/jpeg", **label("文件格式", "File type"))
    size: int = Field(ge=1, le=MAX_ATTACHMENT_BYTES, **label("文件大小", "File size"))
    caption: str = Field(default="", max_length=100, **label("说明", "Caption"))


class Point(SheetPart):
    x: float = Field(ge=0, **label("横坐标", "x"))
    y: float = Field(ge=0, **label("纵坐标", "y"))


class Signature(SheetPart):
    """A handwritten signature kept as strokes (the record); the PNG is rendered from them."""

    width: int = Field(ge=50, le=4000, **label("签名板宽度", "Pad width"))
    height: int = Field(ge=30, le=4000, **label("签名板高度", "Pad height"))
    strokes: list[list[Point]] = Field(min_length=1, **label("笔画", "Strokes"))
    image: AttachmentRef | None = Field(default=None, **label("签名图片", "Signature image"))

    @model_validator(mode="after")
    def _drawn(self) -> Signature:
        if sum(len(stroke) for stroke in self.strokes) < 2:
            raise problem(
                "签名太短，请客户重新签名", "the signature is too short; ask for it again"
            )
        return self


class ChecklistTick(SheetPart):
    """One checklist item done, with when."""

    item_id: str = Field(min_length=1, max_length=40, **label("检查项", "Checklist item"))
    done_at: AwareDatetime = Field(**label("完成时间", "Done at"))


class Arrival(SheetPart):
    """到达: check-in and showing the work ID (工作证) and the work order (工作单)."""

    checked_in_at: AwareDatetime = Field(**label("到达时间", "Check-in time"))
    # Who checked in and showed the work ID, by name: the customer signs for a person, not
    # an account number. None on sheets made before it was recorded.
    technician_name: str | None = Field(
        default=None, min_length=1, max_length=60, **label("技术员", "Technician")
    )
    work_id_shown: bool = Field(default=False, **label("出示工作证", "Work ID shown"))
    work_order_shown: bool = Field(default=False, **label("出示工作单", "Work order shown"))
    latitude: float | None = Field(default=None, ge=-90, le=90, **label("纬度", "Latitude"))
    longitude: float | None = Field(default=None, ge=-180, le=180, **label("经度", "Longitude"))


class Etiquette(SheetPart):
    """上门服务规范: the 「5个1」 items, the 「九不准」 attestation, 「装束三统一」."""

    five_ones: list[ChecklistTick] = Field(default_factory=list, **label("5个1", "Five ones"))
    nine_rules_attested_at: AwareDatetime | None = Field(
        default=None, **label("九不准确认", "Nine rules attested")
    )
    appearance: list[ChecklistTick] = Field(
        default_factory=list, **label("装束三统一", "Appearance check")
    )


class PurchaseEvidence(StrEnum):
    """What the purchase date was checked against (询问核对购机日期)."""

    INVOICE = "invoice"  # 发票
    WARRANTY_CARD = "warranty_card"  # 保修卡
    NONE = "none"  # 无凭证


class WarrantyItem(StrEnum):
    """Whole unit (整机) or an accessory (附件); their warranty periods differ."""

    UNIT = "unit"
    ACCESSORY = "accessory"


def check_accessory_named(item: WarrantyItem | None, accessory_code: str | None) -> None:
    """Refuse an accessory repair that does not say which accessory (its period differs)."""
    if item is WarrantyItem.ACCESSORY and not accessory_code:
        raise problem("请选择维修的附件", "choose which accessory is being repaired")


def check_purchase_dated(evidence: PurchaseEvidence | None, purchase_date: date | None) -> None:
    """Refuse proof of purchase without the purchase date shown on it."""
    if evidence not in (None, PurchaseEvidence.NONE) and purchase_date is None:
        raise problem(
            "已有购机凭证，请填写凭证上的购机日期",
            "there is proof of purchase: enter the purchase date shown on it",
        )


class ProductCheck(SheetPart):
    """核对品牌机型、登记机身编号、核对购机日期: the unit as found on site."""

    brand: str = Field(min_length=1, max_length=40, **label("品牌", "Brand"))
    model: str = Field(min_length=1, max_length=40, **label("机型", "Model"))
    serial_read: str = Field(min_length=4, max_length=32, **label("机身编号", "Serial number"))
    serial_registered: str | None = Field(
        default=None, max_length=32, **label("登记机身编号", "Registered serial")
    )
    serial_altered: bool = Field(default=False, **label("编号被涂改", "Serial altered"))
    purchase_date: date | None = Field(default=None, **label("购机日期", "Purchase date"))
    purchase_evidence: PurchaseEvidence = Field(
        default=PurchaseEvidence.NONE, **label("购机凭证", "Proof of purchase")
    )
    clearance_sale: bool = Field(default=False, **label("降价处理品", "Clearance-sale unit"))
    item: WarrantyItem = Field(default=WarrantyItem.UNIT, **label("维修对象", "Item repaired"))
    accessory_code: str | None = Field(default=None, max_length=40, **label("附件", "Accessory"))
    evidence_photos: list[AttachmentRef] = Field(
        default_factory=list, **label("凭证照片", "Proof photos")
    )

    @model_validator(mode="after")
    def _accessory_named(self) -> ProductCheck:
        check_accessory_named(self.item, self.accessory_code)
        check_purchase_dated(self.purchase_evidence, self.purchase_date)
        return self


class FaultCause(StrEnum):
    """Why the unit failed; decides, with the dates, whether the repair is charged."""

    UNIT_FAULT = "unit_fault"  # 产品本身故障
    OUTSIDE_CAUSE = "outside_cause"  # 外部原因：信号、线缆、连接的电脑或电视
    MISUSE = "misuse"  # 人为损坏：使用、维护、保管不当
    FORCE_MAJEURE = "force_majeure"  # 不可抗力：火灾、水灾、地震
    OWN_DISASSEMBLY = "own_disassembly"  # 用户自行拆装或改装
    COSMETIC_WEAR = "cosmetic_wear"  # 外观磨损
    CONSUMABLE = "consumable"  # 易耗品正常损耗（电池、灯泡）


class FaultComplexity(StrEnum):
    """General faults are due in 3 working days, complex ones in 7."""

    GENERAL = "general"
    COMPLEX = "complex"


class Diagnosis(SheetPart):
    """故障诊断: what was seen and why it happened."""

    symptoms: str = Field(min_length=2, max_length=1000, **label("故障现象", "Symptoms"))
    cause: FaultCause = Field(**label("故障原因", "Cause"))
    cause_notes: str = Field(default="", max_length=1000, **label("原因说明", "Cause notes"))
    complexity: FaultComplexity = Field(
        default=FaultComplexity.GENERAL, **label("故障类型", "Fault complexity")
    )
    explained_to_customer: bool = Field(
        default=False, **label("已向用户解释", "Explained to the customer")
    )


class PartUsed(SheetPart):
    """A spare part (备件) from the parts list, always original or certified."""

    part_no: str = Field(min_length=1, max_length=40, **label("备件编号", "Part number"))
    quantity: int = Field(ge=1, le=99, **label("数量", "Quantity"))


class RepairPause(SheetPart):
    """暂停维修: the work stopped, and when it restarted.

    A charge that arises once the repair is under way (an outside cause found, a part
    added) is agreed while no work goes on: the work stops, the customer agrees, the work
    restarts. The first start stays as it was; each stop and restart is recorded here.
    """

    paused_at: AwareDatetime = Field(**label("暂停维修时间", "Work stopped at"))
    resumed_at: AwareDatetime | None = Field(
        default=None, **label("继续维修时间", "Work restarted at")
    )

    @model_validator(mode="after")
    def _restarted_after_the_stop(self) -> RepairPause:
        if self.resumed_at is not None and self.resumed_at < self.paused_at:
            raise problem(
                "继续维修时间不能早于暂停时间", "the work cannot restart before it stopped"
            )
        return self


class Repair(SheetPart):
    """维修过程: what was done, with which parts, how long, with photos."""

    started_at: AwareDatetime | None = Field(
        default=None, **label("开始维修时间", "Repair started")
    )
    pauses: list[RepairPause] = Field(default_factory=list, **label("暂停维修", "Work stopped"))
    actions: str = Field(default="", max_length=2000, **label("维修内容", "Work done"))
    parts: list[PartUsed] = Field(default_factory=list, **label("使用备件", "Parts used"))
    labour_minutes: int = Field(
        default=0, ge=0, le=24 * 60, **label("工时（分钟）", "Labour minutes")
    )
    photos: list[AttachmentRef] = Field(default_factory=list, **label("维修照片", "Photos"))
    opened_unit: bool = Field(default=False, **label("已开机维修", "Unit opened up"))

    @model_validator(mode="after")
    def _pauses_in_order(self) -> Repair:
        if not self.pauses:
            return self
        if self.started_at is None:
            raise problem("维修尚未开始，不能暂停", "the repair has not started: it cannot stop")
        since = self.started_at
        for index, pause in enumerate(self.pauses):
            if pause.paused_at < since:
                raise problem(
                    "暂停和继续维修的时间须按先后顺序，且不早于开始维修",
                    "stops and restarts follow each other, after the repair started",
                )
            if pause.resumed_at is None and index < len(self.pauses) - 1:
                raise problem(
                    "上一次暂停尚未继续维修", "the work has not restarted since it last stopped"
                )
            since = pause.resumed_at or pause.paused_at
        return self

    @property
    def paused(self) -> bool:
        """Whether the work is stopped now (stopped and not restarted)."""
        return bool(self.pauses) and self.pauses[-1].resumed_at is None

    @property
    def under_way(self) -> bool:
        """Whether the work is going on now: started and not stopped."""
        return self.started_at is not None and not self.paused

    def idle_at(self, moment: datetime) -> bool:
        """Whether no work was going on at ``moment``: before the repair started (or at
        that very moment), or while it was stopped."""
        if self.started_at is None or moment <= self.started_at:
            return True
        return any(
            pause.paused_at <= moment and (pause.resumed_at is None or moment <= pause.resumed_at)
            for pause in self.pauses
        )


class ChargeLine(SheetPart):
    """A line of the charge, from the price list only: never a free-typed amount."""

    code: str = Field(min_length=1, max_length=40, **label("收费项目", "Charge item"))
    quantity: int = Field(ge=1, le=99, **label("数量", "Quantity"))
    unit_price_fen: int = Field(ge=0, **label("单价（分）", "Unit price (fen)"))

    @property
    def amount_fen(self) -> int:
        return self.quantity * self.unit_price_fen


class Charges(SheetPart):
    """收费: the lines and the customer's agreement, recorded before the work."""

    lines: list[ChargeLine] = Field(default_factory=list, **label("收费明细", "Charge lines"))
    price_list_version: str = Field(default="", **label("价目表版本", "Price list version"))
    customer_agreed_at: AwareDatetime | None = Field(
        default=None, **label("用户同意收费时间", "Customer agreed at")
    )

    @property
    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)


class FixedOnSite(SheetPart):
    """现场修复."""

    kind: Literal["fixed"] = "fixed"


class AnotherVisit(SheetPart):
    """再次上门: e.g. a part has run out; a new time is proposed."""

    kind: Literal["another_visit"] = "another_visit"
    reason: str = Field(min_length=2, max_length=500, **label("再次上门原因", "Reason"))
    proposed_at: AwareDatetime = Field(**label("预约再次上门时间", "Proposed time"))


class ReturnToCentre(SheetPart):
    """返修: the unit goes back to the service centre, repaired within 5 working days."""

    kind: Literal["return_to_centre"] = "return_to_centre"
    reason: str = Field(min_length=2, max_length=500, **label("返修原因", "Reason"))
    promised_by: date = Field(**label("承诺修复日期", "Promised by"))
    centre_phone: str = Field(min_length=5, max_length=30, **label("服务中心电话", "Centre phone"))
    loaner_offered: bool = Field(default=True, **label("已提供备用机", "Loaner offered"))


Outcome = Annotated[FixedOnSite | AnotherVisit | ReturnToCentre, Field(discriminator="kind")]


class SignOffDetails(SheetPart):
    """What the customer gives at 维修验收: the check, the rating and the signature.

    :func:`fieldapp.domain.signing.sign` stamps it with the hash of what was signed and puts
    the resulting :class:`CustomerSignOff` on the sheet.
    """

    functions_checked: bool = Field(**label("用户已试机", "Customer checked the unit"))
    rating: int = Field(ge=1, le=5, **label("满意度评分", "Rating"))
    comment: str = Field(default="", max_length=500, **label("用户意见", "Customer comment"))
    signer_name: str = Field(min_length=1, max_length=60, **label("签字人", "Signed by"))
    signature: Signature = Field(**label("用户签名", "Customer signature"))
    signed_at: AwareDatetime = Field(**label("签字时间", "Signed at"))


class CustomerSignOff(SignOffDetails):
    """维修验收: the customer checked every function, rated the work and signed this content."""

    content_hash: str = Field(
        pattern=SHA256_PATTERN, **label("签署内容校验值", "Signed content hash")
    )


class LoanerReturn(SheetPart):
    """备用机归还."""

    returned_at: AwareDatetime = Field(**label("归还时间", "Returned at"))
    condition_notes: str = Field(default="", max_length=500, **label("归还时状况", "Condition"))
    received_by: str = Field(min_length=1, max_length=60, **label("接收人", "Received by"))


class LoanerHandover(SheetPart):
    """备用机交接: which loaner went to the customer, in what state, until when."""

    loaner_serial: str = Field(min_length=4, max_length=32, **label("备用机编号", "Loaner serial"))
    loaner_model: str = Field(min_length=1, max_length=40, **label("备用机机型", "Loaner model"))
    accessories: list[str] = Field(default_factory=list, **label("随机附件", "Accessories"))
    condition_notes: str = Field(default="", max_length=500, **label("外观状况", "Condition"))
    photos: list[AttachmentRef] = Field(default_factory=list, **label("备用机照片", "Photos"))
    handed_over_at: AwareDatetime = Field(**label("交接时间", "Handed over at"))
    due_date: date = Field(**label("归还日期", "Due back"))
    customer_signature: Signature = Field(**label("用户签收", "Customer signature"))
    returned: LoanerReturn | None = Field(default=None, **label("归还", "Return"))

    @model_validator(mode="after")
    def _due_after_handover(self) -> LoanerHandover:
        if self.due_date < self.handed_over_at.date():
            raise problem("归还日期不能早于交接日期", "the due date cannot be before the handover")
        return self


class JobSheet(SheetPart):
    """The job sheet of one visit, identified by an id made on the device."""

    sheet_id: str = Field(pattern=SHEET_ID_PATTERN, **label("报告单编号", "Sheet id"))
    ticket_no: str = Field(min_length=1, max_length=20, **label("报修单号", "Ticket number"))
    technician_id: str = Field(min_length=1, max_length=40, **label("技术员编号", "Technician id"))
    device_id: str = Field(default="", max_length=64, **label("设备", "Device"))
    revision: int = Field(default=1, ge=1, **label("修订版本", "Revision"))
    reference_versions: dict[str, str] = Field(
        default_factory=dict, **label("参考资料版本", "Reference data versions")
    )
    created_at: AwareDatetime = Field(**label("创建时间", "Created at"))
    updated_at: AwareDatetime = Field(**label("更新时间", "Updated at"))
    arrival: Arrival | None = Field(default=None, **label("到达", "Arrival"))
    etiquette: Etiquette = Field(default_factory=Etiquette, **label("服务规范", "Etiquette"))
    product_check: ProductCheck | None = Field(default=None, **label("产品核对", "Product check"))
    diagnosis: Diagnosis | None = Field(default=None, **label("故障诊断", "Diagnosis"))
    repair: Repair = Field(default_factory=Repair, **label("维修", "Repair"))
    charges: Charges = Field(default_factory=Charges, **label("收费", "Charges"))
    outcome: Outcome | None = Field(default=None, **label("处理结果", "Outcome"))
    loaner: LoanerHandover | None = Field(default=None, **label("备用机", "Loaner"))
    sign_off: CustomerSignOff | None = Field(default=None, **label("用户验收", "Sign-off"))

    def attachments(self) -> list[AttachmentRef]:
        """Every photo and signature image this sheet references."""
        refs: list[AttachmentRef] = list(self.repair.photos)
        if self.product_check is not None:
            refs.extend(self.product_check.evidence_photos)
        if self.loaner is not None:
            refs.extend(self.loaner.photos)
            if self.loaner.customer_signature.image is not None:
                refs.append(self.loaner.customer_signature.image)
        if self.sign_off is not None and self.sign_off.signature.image is not None:
            refs.append(self.sign_off.signature.image)
        return refs
