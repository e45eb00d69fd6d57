"""The paper-sheet check (issue 20, item 5) at the view-model against a real service: a hash
typed, pasted with its label or scanned from the QR code says in words whether it is a sheet
we hold, which ticket and revision, who signed and when, and where that revision stands."""

from __future__ import annotations

from fieldapp.office.paper_check import hash_in
from fieldapp.ui.office.viewmodels.paper_check_model import PaperCheckModel
from tests.support.aio import run_to_end as run
from tests.support.api import assigned_order, push
from tests.support.sheets import pushed_sheet

HASH = "0123456789abcdef" * 4


def test_the_hash_is_found_in_what_was_typed_pasted_or_scanned() -> None:
    assert hash_in(HASH) == HASH
    assert hash_in(HASH.upper()) == HASH
    assert hash_in(f"签署内容校验值 SHA-256：{HASH}\n") == HASH
    # a PDF reader breaks the long line; a person types it in groups
    assert hash_in(f"{HASH[:40]}\n{HASH[40:]}") == HASH
    assert hash_in(" ".join(HASH[i : i + 8] for i in range(0, 64, 8))) == HASH
    assert hash_in(HASH[:-1]) is None
    assert hash_in(HASH + "0") is None  # 65 digits is not a hash


def test_a_paper_copy_is_told_in_words(clerk, api_clerk, api_boss, tech_a) -> None:
    ticket = assigned_order(api_clerk, api_boss, tech_a)
    first = pushed_sheet(ticket, tech_a.id)
    push(tech_a, [(first, 1)])
    api_boss.post(
        f"/reviews/{first['sheet_id']}/return",
        json={"revision": 1, "version": 1, "comment": "请补拍照片"},
    )
    second = pushed_sheet(ticket, tech_a.id, sheet_id=first["sheet_id"], symptoms="灯泡老化")
    push(tech_a, [(second, 2)])
    model = PaperCheckModel(client=clerk.client)

    model.set_typed(f"SHA-256: {first['sign_off']['content_hash'].upper()}")
    run(model.check())
    said = " ".join(line.zh for line in model.verdict)
    assert model.found and model.error is None and not model.problems
    assert f"报修单号 {ticket}，第 1 版" in said and "陈晓明" in said and "签字" in said
    assert "曾被主管退回" in said and "已被技术员后来提交的内容取代" in said

    model.set_typed(second["sign_off"]["content_hash"])
    run(model.check())
    assert "尚待主管审批" in " ".join(line.zh for line in model.verdict)

    model.set_typed("f" * 64)
    run(model.check())
    assert model.found is False and "不是我们保存的报告单" in model.verdict[0].zh

    model.set_typed("3f2a 91")
    run(model.check())
    assert model.verdict == [] and model.error is None
    assert "现在找到 6 位" in model.problems["hash"].zh
    assert model.typed == "3f2a 91"  # kept as typed
