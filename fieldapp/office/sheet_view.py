"""A job sheet as the supervisor reads it: each section's values with their names, in words.

The sections and the names of their values come from the domain model's own labels
(:func:`fieldapp.domain.validation.field_name`), so a section added to the sheet shows
without a change here. The 「5个1」 ticks are named from the checklist; photos and the
signature are collected as files to show; times are shown in the service centre's zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fieldapp.domain.display import CAUSE_NAMES, COMPLEXITY_NAMES, EVIDENCE_NAMES, ITEM_NAMES
from fieldapp.domain.job_sheet import Charges, Etiquette, JobSheet, ReturnToCentre
from fieldapp.domain.sheet_changes import SECTIONS, section_name
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import field_name
from fieldapp.reference import bundled_reference

CENTRE_ZONE = ZoneInfo("Asia/Shanghai")


def centre_today(now: datetime | None = None) -> date:
    """Today at the service centre: its calendar day, not the server's nor UTC's (from
    16:00 UTC the centre is already on the next day, and "today" must include it)."""
    return (now or datetime.now(UTC)).astimezone(CENTRE_ZONE).date()


_SKIPPED_LEAVES = {"strokes", "content_type", "size", "sha256", "width", "height"}
OUTCOME_NAMES: dict[str, Text] = {
    "fixed": text("当场修好", "Fixed on site"),
    "another_visit": text("需再次上门", "Another visit needed"),
    "return_to_centre": text("带回服务中心维修", "Back to the service centre"),
}
# Coded values named by the domain (``fieldapp.domain.display``), by the field's name.
_CODES: dict[str, dict[Any, Text]] = {
    "purchase_evidence": dict(EVIDENCE_NAMES),
    "cause": dict(CAUSE_NAMES),
    "item": dict(ITEM_NAMES),
    "complexity": dict(COMPLEXITY_NAMES),
    "kind": dict(OUTCOME_NAMES),
}


@dataclass(frozen=True)
class Line:
    """One value of a section: its name and the value in words."""

    label: Text
    value: Text


@dataclass(frozen=True)
class Section:
    """One part of the sheet as captured; ``photos`` are SHA-256 of its images."""

    key: str
    name: Text
    lines: list[Line] = field(default_factory=list)
    photos: list[str] = field(default_factory=list)
    signature: str | None = None
    note: Text | None = None  # why a section is rightly empty (no loaner on a fixed unit)

    @property
    def empty(self) -> bool:
        return not self.lines and not self.photos and self.signature is None


def show_time(value: datetime, zone: ZoneInfo = CENTRE_ZONE, seconds: bool = False) -> str:
    """``2026-12-01 14:05`` (with ``:30`` seconds when asked) in the service centre's zone."""
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


_HEX = set("0123456789abcdef")


def show_value(value: Any, path: str = "", seconds: bool = False) -> Text:
    """A stored value in words: yes/no, times in the centre's zone, money in 元, a file's
    or signed content's hash shortened to its first 12 characters."""
    if value is None or value == "" or value == []:
        return text("—", "—")
    names = _CODES.get(path.rsplit(".", 1)[-1]) or _reference_names(path)
    if names is not None and isinstance(value, str) and value in names:
        return names[value]
    if isinstance(value, bool):
        return text("是", "yes") if value else text("否", "no")
    if isinstance(value, datetime):
        shown = show_time(value, seconds=seconds)
        return text(shown, shown)
    if isinstance(value, int) and path.endswith("_fen"):
        yuan = f"{value / 100:.2f}"
        return text(f"{yuan} 元", f"¥{yuan}")
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            shown = show_time(datetime.fromisoformat(value), seconds=seconds)
            return text(shown, shown)
        except ValueError:
            pass
    if isinstance(value, str) and len(value) == 64 and set(value) <= _HEX:
        return text(value[:12] + "…", value[:12] + "…")
    if isinstance(value, list | dict):
        return text(f"{len(value)} 项", f"{len(value)} item(s)")
    shown = str(value)
    return text(shown, shown)


def _reference_names(path: str) -> dict[str, Text] | None:
    """Names from the reference data for a code at ``path``: a checklist item (「5个1」,
    appearance) or a charge from the price list, shown by its name, not its code."""
    last = path.rsplit(".", 1)[-1]
    if last == "item_id":
        return {i.id: i.name for i in _checklist_items()}
    if last == "code" and path.startswith("charges."):
        return {i.code: text(f"{i.name.zh}（{i.code}）", f"{i.name.en} ({i.code})")
                for i in bundled_reference().prices.items}  # fmt: skip
    return None


def _is_file(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("sha256"), str)


def _walk(value: Any, path: str, out: list[tuple[str, Any]], files: list[tuple[str, str]]) -> None:
    if _is_file(value):
        files.append((path, str(value["sha256"])))
        return
    if isinstance(value, dict):
        kind = value.get("kind")
        inner = path
        if isinstance(kind, str):
            # One of several shapes (the outcome): its tag names the shape, and the path
            # carries it so that each field is named as that shape names it.
            out.append((f"{path}.kind", kind))
            inner = f"{path}.{kind}"
        for key, item in value.items():
            if key not in _SKIPPED_LEAVES and key != "kind":
                _walk(item, f"{inner}.{key}", out, files)
        return
    if isinstance(value, list) and value and isinstance(value[0], dict | list):
        for index, item in enumerate(value):
            _walk(item, f"{path}.{index}", out, files)
        return
    out.append((path, value))


def _label(path: str) -> Text:
    """The value's name inside its section (the section's own name left off)."""
    if path.endswith(".kind"):
        return field_name(JobSheet, path.split(".", 1)[0])
    full = field_name(JobSheet, path)
    zh, en = full.zh.split(" › ", 1), full.en.split(" › ", 1)
    if path.endswith("_fen"):  # shown in 元: the name leaves its unit off
        return text(zh[-1].replace("（分）", ""), en[-1].replace(" (fen)", ""))
    return text(zh[-1], en[-1])


def _etiquette(etiquette: Etiquette) -> list[Line]:
    items = {i.id: i.name for i in _checklist_items()}
    lines = [
        Line(items.get(tick.item_id, text(tick.item_id, tick.item_id)), show_value(tick.done_at))
        for tick in (*etiquette.five_ones, *etiquette.appearance)
    ]
    attested = etiquette.nine_rules_attested_at
    lines.append(Line(text("「九不准」已确认", "「九不准」 attested"), show_value(attested)))
    return lines


def _checklist_items() -> list[Any]:
    checklists = bundled_reference().checklists
    return [*checklists.five_ones, *checklists.appearance, *checklists.nine_rules]


_NO_LOANER_NEEDED = text(
    "不适用：机器未返厂，无需备用机", "Not applicable: the unit stayed with the customer"
)


def _unit_went_back(sheet: JobSheet) -> bool:
    """Whether the outcome took the unit to the service centre (the only case with a loaner)."""
    return isinstance(sheet.outcome, ReturnToCentre)


def _charges_total(charges: Charges) -> Line:
    """合计: what the customer agreed to pay, the lines added as the domain adds them."""
    return Line(text("合计", "Total"), show_value(charges.total_fen, "charges.total_fen"))


def sheet_sections(sheet: JobSheet) -> list[Section]:
    """Every section of the sheet in the model's order, as captured."""
    data = sheet.model_dump(mode="json")
    sections = []
    for key in SECTIONS:
        name = section_name(key)
        if key == "etiquette":
            sections.append(Section(key, name, _etiquette(sheet.etiquette)))
            continue
        if key == "loaner" and sheet.loaner is None and not _unit_went_back(sheet):
            sections.append(Section(key, name, note=_NO_LOANER_NEEDED))
            continue
        leaves: list[tuple[str, Any]] = []
        files: list[tuple[str, str]] = []
        if data.get(key) is not None:
            _walk(data[key], key, leaves, files)
        signature = next((sha for path, sha in files if "signature" in path), None)
        photos = [sha for path, sha in files if "signature" not in path]
        lines = [Line(_label(path), show_value(leaf, path)) for path, leaf in leaves]
        if key == "charges" and sheet.charges.lines:
            lines.append(_charges_total(sheet.charges))
        sections.append(Section(key, name, lines, photos, signature))
    return sections


# What changes with every signature and means nothing to a reviewer: the customer signs
# each resubmission anew, so its hash, time and strokes always differ.
_RESIGNED = {"sign_off": {"content_hash", "signed_at", "signature"}}


def bookkeeping(section: str, path: str) -> bool:
    """Whether a changed value at ``path`` of ``section`` is bookkeeping, not content."""
    return path.split(".")[0] in _RESIGNED.get(section, set())


def change_values(before: Any, after: Any, path: str) -> tuple[Text, Text] | None:
    """A changed value's before and after in words; None when they read the same (an empty
    list becoming a filled one is listed by its items instead). Times that differ only in
    their seconds are shown with seconds."""
    shown = show_value(before, path), show_value(after, path)
    if shown[0] == shown[1]:
        shown = show_value(before, path, seconds=True), show_value(after, path, seconds=True)
    return None if shown[0] == shown[1] else shown


def show_day(value: date | None) -> str:
    """A day as ``2026-12-01`` (— when unknown)."""
    return value.isoformat() if value else "—"
