"""``fieldapp check-warranty`` run as a clerk would: real processes, real reference data."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from fieldapp.cli import main
from fieldapp.domain.serial import make_serial
from fieldapp.domain.warranty import add_months

TODAY = date(2026, 11, 23)
MADE = add_months(TODAY, -14)  # September 2025
P520 = make_serial("PJ52", MADE, 42)  # catalogue prefix of the MH-P520
E1200 = make_serial("PE12", date(2024, 3, 1), 7)  # MH-E1200, an installation projector
CONSOLE_SCRIPT = Path(sys.executable).with_name("fieldapp")


def months_ago(months: int) -> str:
    return add_months(TODAY, -months).isoformat()


def run(*args: str, script: bool = False) -> subprocess.CompletedProcess[str]:
    """``fieldapp check-warranty ARGS`` as a separate process (``python -m fieldapp``)."""
    command = [str(CONSOLE_SCRIPT)] if script else [sys.executable, "-m", "fieldapp"]
    return subprocess.run(
        [*command, "check-warranty", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


SCENARIOS = {
    "consumer unit, invoice, 11 months": (
        ["--serial", P520, "--model", "MH-P520", "--evidence", "invoice"],
        ["--purchase-date", months_ago(11)],
        "免费保修 / Free under warranty",
        ["整机保修 1 年", "保修期自发票上的购机日期 2025-12-23 起算", "在保修期内"],
    ),
    "consumer unit, invoice, 13 months": (
        ["--serial", P520, "--model", "MH-P520", "--evidence", "invoice"],
        ["--purchase-date", months_ago(13)],
        "收费维修 / Charged repair",
        ["保修期已于 2026-10-23 届满", "The warranty ended on 2026-10-23"],
    ),
    "industry, 3-year contract, 30 months": (
        ["--serial", E1200, "--model", "MH-E1200", "--evidence", "invoice"],
        ["--customer-type", "industry", "--contract-years", "3", "--purchase-date", months_ago(30)],
        "免费保修 / Free under warranty",
        ["行业工程用户：整机（含灯泡）按合同保修 3 年", "2027-05-23"],
    ),
    "remote control, 7 months": (
        ["--serial", P520, "--model", "MH-P520", "--evidence", "invoice"],
        ["--item", "accessory", "--accessory", "RC-P", "--purchase-date", months_ago(7)],
        "收费维修 / Charged repair",
        ["附件（投影机遥控器）保修 6 个月", "Accessories (Projector remote control)"],
    ),
    "no invoice, made 14 months ago": (
        ["--serial", P520, "--model", "MH-P520"],
        ["--evidence", "none"],
        "收费维修 / Charged repair",
        ["无有效发票，保修期自出厂日期起算", "出厂月份为 2025-09", "from the factory date"],
    ),
    "serial of another model": (
        ["--serial", P520, "--model", "MH-D65", "--evidence", "invoice"],
        ["--purchase-date", months_ago(2)],
        "收费维修 / Charged repair",
        ["与登记维修的机型 明辉 D65 65英寸交互平板 不符，需收费维修", "not the model registered"],
    ),
    "clearance-sale unit": (
        ["--serial", P520, "--model", "MH-P520", "--evidence", "invoice"],
        ["--purchase-date", months_ago(2), "--clearance-sale"],
        "收费维修 / Charged repair",
        ["降价处理销售", "clearance price"],
    ),
    "purchase date in the future": (
        ["--serial", P520, "--model", "MH-P520", "--evidence", "invoice"],
        ["--purchase-date", "2026-12-01"],
        "无法判定 / Rejected",
        ["购机日期 2026-12-01 晚于今天（2026-11-23）", "is after today"],
    ),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_verdict_line_first_then_every_reason(scenario: str) -> None:
    unit, case, headline, reasons = SCENARIOS[scenario]
    done = run(*unit, *case, "--date", TODAY.isoformat())

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == headline
    assert "原因 / Reasons:" in lines
    for words in reasons:
        assert words in done.stdout, words


def test_console_script_gives_period_and_status_lines() -> None:
    done = run(
        "--serial", P520, "--model", "MH-P520", "--evidence", "invoice",
        "--purchase-date", months_ago(11), "--date", TODAY.isoformat(),
        script=True,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:3] == [
        "保修期 / Warranty period: 2025-12-23 – 2026-12-23"
        "（12 个月，自发票购机日期起 / 12 months from the invoice purchase date）",
        "在保修期内 / Within the warranty period",
    ]


def test_service_date_defaults_to_today_in_shanghai() -> None:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    done = run(
        "--serial", make_serial("PJ52", add_months(today, -12), 1), "--evidence", "invoice",
        "--purchase-date", add_months(today, -11).isoformat(), "--json",
    )  # fmt: skip

    data = json.loads(done.stdout)
    assert data["decision"] == "free"
    # (the process may have started just after midnight)
    assert data["case"]["service_date"] in {today.isoformat(), (today + timedelta(1)).isoformat()}


def test_json_output_for_machines() -> None:
    done = run(
        "--serial", P520, "--model", "MH-P520", "--evidence", "invoice",
        "--purchase-date", months_ago(13), "--cause", "misuse",
        "--date", TODAY.isoformat(), "--json",
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["decision"] == "charged"
    assert (data["in_warranty"], data["charged"]) == (False, True)
    assert (data["start"], data["end"], data["start_basis"]) == (
        "2025-10-23",
        "2026-10-23",
        "invoice",
    )
    assert data["headline"] == {"zh": "收费维修", "en": "Charged repair"}
    assert [r["code"] for r in data["reasons"]][:2] == ["period_over", "misuse"]
    assert all(r["text"]["zh"] and r["text"]["en"] for r in data["reasons"])


def test_case_file_with_flags_overriding_it(tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    case_file.write_text(
        json.dumps(
            {
                "serial_read": P520,
                "registered_model": "MH-P520",
                "purchase_date": months_ago(11),
                "purchase_evidence": "invoice",
                "service_date": TODAY.isoformat(),
            }
        ),
        "utf-8",
    )
    from_file = run("--case", str(case_file), "--json")
    overridden = run("--case", str(case_file), "--cause", "force-majeure", "--json")

    assert json.loads(from_file.stdout)["decision"] == "free"
    again = json.loads(overridden.stdout)
    assert again["decision"] == "charged"
    assert again["reasons"][0]["code"] == "force_majeure"


def test_bad_input_exits_2_naming_the_flag_chinese_first() -> None:
    done = run("--serial", P520, "--purchase-date", "2026-02-30", "--evidence", "invoice")

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "--purchase-date: 购机日期：没有这一天，请核对年、月、日",
        "--purchase-date: Purchase date: there is no such day: check the year, month and day",
    ]


@pytest.mark.parametrize(
    ("args", "flag", "words"),
    [
        (["--item", "accessory"], "--accessory", "请选择维修的附件"),
        (["--item", "everything"], "--item", "请从以下选项中选择"),
        (["--customer-type", "industry"], "--contract-years", "行业客户须填写合同保修年限"),
        (["--contract-years", "2"], "--contract-years", "只适用于行业客户"),
        (
            ["--customer-type", "industry", "--contract-years", "three"],
            "--contract-years",
            "请输入整数",
        ),
        (["--evidence", "warranty-card"], "--purchase-date", "请填写凭证上的购机日期"),
        (["--cause", "gremlins"], "--cause", "请从以下选项中选择"),
        (["--date", "tomorrow"], "--date", "YYYY-MM-DD"),
        (["--model", "MH-X9"], "--model", "产品目录中没有机型 MH-X9，可选：MH-P520"),
        (
            ["--item", "accessory", "--accessory", "RC-X"],
            "--accessory",
            "产品目录中没有附件 RC-X",
        ),
    ],
)
def test_each_bad_flag_is_named_with_what_to_fix(
    capsys: pytest.CaptureFixture[str], args: list[str], flag: str, words: str
) -> None:
    code = main(["check-warranty", "--serial", P520, *args])

    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[0].startswith(f"{flag}: ") and words in err[0]
    assert err[1].startswith(f"{flag}: ") and not any("\u4e00" <= c <= "\u9fff" for c in err[1])


def test_bad_case_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.json"
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", "utf-8")
    wrong_field = tmp_path / "wrong.json"
    wrong_field.write_text(json.dumps({"purchase_date": "someday"}), "utf-8")

    assert main(["check-warranty", "--case", str(missing)]) == 2
    assert f"--case {missing}: 无法读取文件" in capsys.readouterr().err
    assert main(["check-warranty", "--case", str(broken)]) == 2
    assert "不是有效的 JSON" in capsys.readouterr().err
    broken.write_text("[1, 2]", "utf-8")
    assert main(["check-warranty", "--case", str(broken)]) == 2
    assert "应为 JSON 对象" in capsys.readouterr().err
    assert main(["check-warranty", "--case", str(wrong_field)]) == 2
    err = capsys.readouterr().err
    assert f"--case {wrong_field} › purchase_date (--purchase-date): 购机日期" in err
    wrong_field.write_text(json.dumps({"colour": "red"}), "utf-8")
    assert main(["check-warranty", "--case", str(wrong_field)]) == 2
    assert f"--case {wrong_field} › colour: colour：不是可识别的字段" in capsys.readouterr().err


def test_dashed_spellings_of_choices_are_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "check-warranty", "--serial", P520, "--evidence", "warranty-card",
            "--purchase-date", months_ago(2), "--cause", "own-disassembly",
            "--date", TODAY.isoformat(),
        ]
    )  # fmt: skip

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("收费维修 / Charged repair")
    assert "自行拆装" in out and "保修卡" in out


def test_altered_serial_is_charged_without_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["check-warranty", "--serial", "PJ52??", "--serial-altered", "--date", "2026-11-23"]
    )

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("收费维修 / Charged repair")
    assert "保修期 / Warranty period" not in out  # no invoice, no readable serial: undated
    assert "机身编号或型号被涂改" in out


def test_a_reader_that_goes_away_is_not_an_error() -> None:
    """``fieldapp check-warranty … | head -1``: the verdict, then no traceback."""
    command = [sys.executable, "-m", "fieldapp", "check-warranty", "--serial", P520]
    command += ["--model", "MH-P520", "--evidence", "invoice", "--purchase-date", months_ago(11)]
    command += ["--date", TODAY.isoformat()]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # gone before the command writes anything
        errors = child.stderr.read().decode()
    assert "Traceback" not in errors and "BrokenPipeError" not in errors
    assert child.returncode == 0
