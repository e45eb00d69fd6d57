"""The steps of a visit, in the order the service standard walks them.

A step is what one screen of the visit covers. The completion gate's items name sheet
paths (``product_check.serial_read``); :func:`step_of_path` turns each into the step where
it is put right, so every missing item is a link. A supervisor's return comment is free
text; :func:`step_named_in` finds the section it names, so a returned sheet opens there.
"""

from __future__ import annotations

from enum import StrEnum

# The store setting that keeps the step a visit is on, per sheet (resumed after a restart).
STEP_SETTING = "visit.step."


class VisitStep(StrEnum):
    ARRIVAL = "arrival"
    ETIQUETTE = "etiquette"
    PRODUCT = "product"
    DIAGNOSIS = "diagnosis"
    CHARGES = "charges"  # before the repair: a charge is agreed before the work
    REPAIR = "repair"
    OUTCOME = "outcome"
    DEPARTURE = "departure"
    SIGN_OFF = "sign_off"
    SUBMITTED = "submitted"


STEPS: tuple[VisitStep, ...] = tuple(VisitStep)

# Sheet path prefix -> step; the longest matching prefix wins.
_PATH_STEPS: dict[str, VisitStep] = {
    "ticket_no": VisitStep.ARRIVAL,
    "arrival": VisitStep.ARRIVAL,
    "etiquette.five_ones.beauty": VisitStep.DEPARTURE,
    "etiquette.five_ones.service_card": VisitStep.DEPARTURE,
    "etiquette.five_ones.farewell": VisitStep.DEPARTURE,
    "etiquette.nine_rules_attested_at": VisitStep.DEPARTURE,
    "etiquette": VisitStep.ETIQUETTE,
    "product_check": VisitStep.PRODUCT,
    "diagnosis": VisitStep.DIAGNOSIS,
    "repair": VisitStep.REPAIR,
    "charges": VisitStep.CHARGES,
    "outcome": VisitStep.OUTCOME,
    "loaner": VisitStep.OUTCOME,
    "sign_off": VisitStep.SIGN_OFF,
}

# Words a supervisor uses for a section, Chinese and English, most specific first.
_SECTION_WORDS: tuple[tuple[VisitStep, tuple[str, ...]], ...] = (
    (VisitStep.CHARGES, ("收费", "费用", "价格", "charge", "price")),
    (
        VisitStep.PRODUCT,
        (
            "机身编号",
            "编号",
            "序列号",
            "机型",
            "购机",
            "发票",
            "保修卡",
            "产品核对",
            "serial",
            "model",
            "invoice",
            "purchase",
            "product",
        ),
    ),
    (VisitStep.DIAGNOSIS, ("诊断", "故障", "原因", "diagnos", "cause", "symptom")),
    (
        VisitStep.REPAIR,
        ("维修内容", "备件", "工时", "照片", "维修", "repair", "part", "labour", "photo"),
    ),
    (
        VisitStep.OUTCOME,
        ("备用机", "返修", "再次上门", "处理结果", "loaner", "outcome", "another visit", "centre"),
    ),
    (VisitStep.DEPARTURE, ("九不准", "名片", "美容", "nine rules", "departure", "card")),
    (VisitStep.ETIQUETTE, ("5个1", "鞋套", "洁净布", "三统一", "etiquette", "shoe")),
    (VisitStep.ARRIVAL, ("到达", "签到", "工作证", "arrival", "check-in")),
    (VisitStep.SIGN_OFF, ("签名", "签字", "评分", "验收", "signature", "sign", "rating")),
)


def step_of_path(path: str) -> VisitStep:
    """The step where the sheet field ``path`` is filled in."""
    best: tuple[int, VisitStep] = (0, VisitStep.SIGN_OFF)
    for prefix, step in _PATH_STEPS.items():
        if (path == prefix or path.startswith(prefix + ".")) and len(prefix) > best[0]:
            best = (len(prefix), step)
    return best[1]


def step_named_in(comment: str) -> VisitStep | None:
    """The section a return comment names (its first mention wins), or None."""
    lowered = comment.lower()
    found: list[tuple[int, VisitStep]] = []
    for step, words in _SECTION_WORDS:
        positions = [lowered.find(word.lower()) for word in words]
        hits = [p for p in positions if p >= 0]
        if hits:
            found.append((min(hits), step))
    return min(found)[1] if found else None


def steps_for(charged: bool) -> list[VisitStep]:
    """The steps of this visit: the charges step only when the repair is charged."""
    return [s for s in STEPS if charged or s is not VisitStep.CHARGES]


def next_step(step: VisitStep, charged: bool) -> VisitStep:
    """The step after ``step``; the charges step is skipped when the repair is free."""
    steps = steps_for(charged)
    if step not in steps:
        return VisitStep.REPAIR
    return steps[min(steps.index(step) + 1, len(steps) - 1)]


def previous_step(step: VisitStep, charged: bool) -> VisitStep:
    """The step before ``step`` (charges skipped when free)."""
    steps = steps_for(charged)
    if step not in steps:
        return VisitStep.DIAGNOSIS
    return steps[max(steps.index(step) - 1, 0)]
