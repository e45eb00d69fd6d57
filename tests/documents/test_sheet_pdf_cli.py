"""``fieldapp sheet-pdf`` run as a person would: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from fieldapp.reference import bundled_reference
from tests.documents.pdf_reading import pdf_text
from tests.support.visits import a_charged_visit, a_work_order, signed_by_customer


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fieldapp", "sheet-pdf", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )


def test_a_sheet_as_the_service_returns_it_becomes_a_pdf(tmp_path: Path) -> None:
    order = a_work_order()
    sheet = signed_by_customer(a_charged_visit(bundled_reference(), order))
    assert sheet.sign_off is not None
    detail = {"sheet": sheet.model_dump(mode="json"), "work_order": order.model_dump(mode="json")}
    (tmp_path / "detail.json").write_text(json.dumps(detail, ensure_ascii=False), "utf-8")

    done = run("detail.json", "-o", "card.pdf", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    text = pdf_text((tmp_path / "card.pdf").read_bytes(), tmp_path)
    assert sheet.sign_off.content_hash in text
    assert "合计：¥810.00" in text


def test_a_sheet_alone_needs_its_work_order(tmp_path: Path) -> None:
    order = a_work_order()
    sheet = a_charged_visit(bundled_reference(), order)
    (tmp_path / "sheet.json").write_text(sheet.model_dump_json(), "utf-8")
    (tmp_path / "order.json").write_text(order.model_dump_json(), "utf-8")

    without = run("sheet.json", cwd=tmp_path)
    with_order = run("sheet.json", "--order", "order.json", cwd=tmp_path)

    assert without.returncode == 2
    assert "--order: 请用 --order 给出工作单" in without.stderr
    assert with_order.returncode == 0, with_order.stderr
    assert (tmp_path / f"{sheet.ticket_no}.pdf").read_bytes().startswith(b"%PDF-")


def test_a_bad_field_is_named_with_what_to_fix(tmp_path: Path) -> None:
    order = a_work_order()
    sheet = signed_by_customer(a_charged_visit(bundled_reference(), order)).model_dump(mode="json")
    sheet["sign_off"]["rating"] = 9
    detail = {"sheet": sheet, "work_order": order.model_dump(mode="json")}
    (tmp_path / "detail.json").write_text(json.dumps(detail), "utf-8")
    (tmp_path / "broken.json").write_text("{", "utf-8")

    bad_field = run("detail.json", cwd=tmp_path)
    bad_json = run("broken.json", cwd=tmp_path)

    assert bad_field.returncode == 2
    assert "detail.json › sheet › sign_off.rating: 用户验收 › 满意度评分：不能大于 5" in (
        bad_field.stderr
    )
    assert "Rating: must be at most 5" in bad_field.stderr
    assert bad_json.returncode == 2 and "broken.json: 不是有效的 JSON" in bad_json.stderr
    assert "Traceback" not in bad_field.stderr + bad_json.stderr
