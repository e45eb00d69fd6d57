"""``fieldapp check-warranty``: the warranty verdict for one case, from flags or a JSON file.

Prints the verdict line first (免费保修 / Free under warranty, 收费维修 / Charged repair,
无法判定 / Rejected), then the period and every reason, in Chinese and English;
``--json`` prints the same as JSON. Exit status 0 for a verdict (a rejected case
included), 2 for bad input, with a message naming the flag and what to fix.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from fieldapp.domain.job_sheet import FaultCause, PurchaseEvidence, WarrantyItem
from fieldapp.domain.reference import Catalogue
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import explain
from fieldapp.domain.warranty import WarrantyCase, WarrantyVerdict, warranty_verdict
from fieldapp.domain.work_order import CustomerType
from fieldapp.reference import bundled_reference

SERVICE_TIME_ZONE = ZoneInfo("Asia/Shanghai")

# WarrantyCase field -> the flag that sets it.
FLAGS: dict[str, str] = {
    "item": "--item",
    "accessory_code": "--accessory",
    "customer_type": "--customer-type",
    "contract_warranty_years": "--contract-years",
    "purchase_date": "--purchase-date",
    "purchase_evidence": "--evidence",
    "serial_read": "--serial",
    "registered_model": "--model",
    "serial_altered": "--serial-altered",
    "clearance_sale": "--clearance-sale",
    "cause": "--cause",
    "service_date": "--date",
}


class BadInput(Exception):
    """Input the command cannot use: for each problem, the flag (``where``) and what to fix."""

    def __init__(self, problems: list[tuple[str, Text]]) -> None:
        super().__init__("; ".join(f"{where}: {message}" for where, message in problems))
        self.problems = problems

    @classmethod
    def one(cls, where: str, message: Text) -> BadInput:
        return cls([(where, message)])


def register(subparsers: Any) -> None:
    """Add the ``check-warranty`` subcommand to the ``fieldapp`` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "check-warranty",
        help="保修判定 / warranty verdict for a repair",
        description="保修判定：免费保修、收费维修或无法判定，并列出全部原因。 / "
        "Warranty verdict: free, charged or rejected, with every reason.",
    )
    parser.add_argument("--case", metavar="FILE.json", help="案例文件 / case as a JSON file")
    parser.add_argument("--item", help=f"维修对象 / item repaired: {_choices(WarrantyItem)}")
    parser.add_argument("--accessory", metavar="CODE", help="附件编码 / accessory code")
    parser.add_argument(
        "--customer-type", help=f"客户类型 / customer type: {_choices(CustomerType)}"
    )
    parser.add_argument(
        "--contract-years", metavar="N", help="行业合同保修年限 / contract warranty years (1-3)"
    )
    parser.add_argument("--purchase-date", metavar="YYYY-MM-DD", help="购机日期 / purchase date")
    parser.add_argument(
        "--evidence", help=f"购机凭证 / proof of purchase: {_choices(PurchaseEvidence)}"
    )
    parser.add_argument("--serial", help="机身编号 / serial number as read on the unit")
    parser.add_argument("--model", metavar="CODE", help="登记机型编码 / registered model code")
    parser.add_argument(
        "--serial-altered",
        action="store_true",
        default=None,
        help="编号或型号被涂改 / serial or model altered",
    )
    parser.add_argument(
        "--clearance-sale",
        action="store_true",
        default=None,
        help="降价处理品 / sold at a clearance price",
    )
    parser.add_argument("--cause", help=f"故障原因 / cause: {_choices(FaultCause)}")
    parser.add_argument(
        "--date", metavar="YYYY-MM-DD", help="服务日期，默认今天 / service date (default today)"
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.set_defaults(handler=handler)


def handler(args: argparse.Namespace) -> int:
    """Run ``check-warranty``: 0 with the verdict, 2 with what to fix."""
    catalogue = bundled_reference().catalogue
    try:
        case = read_case(args, catalogue)
    except BadInput as bad:
        for where, message in bad.problems:
            print(f"{where}: {message.zh}", file=sys.stderr)
            print(f"{where}: {message.en}", file=sys.stderr)
        return 2
    verdict = warranty_verdict(case, catalogue)
    if args.json:
        print(json.dumps(verdict_json(case, verdict), ensure_ascii=False, indent=2))
    else:
        print(verdict_text(verdict))
    return 0


def read_case(args: argparse.Namespace, catalogue: Catalogue) -> WarrantyCase:
    """The case from ``--case`` (if given) overridden by the flags; raises :class:`BadInput`."""
    data: dict[str, Any] = _case_file(args.case) if args.case else {}
    from_flags = _flag_values(args)
    data.update(from_flags)
    data.setdefault("service_date", datetime.now(SERVICE_TIME_ZONE).date().isoformat())
    try:
        case = WarrantyCase.model_validate(data)
    except ValidationError as exc:
        problems = []
        for found in explain(exc, WarrantyCase):
            field = found.path.split(".")[0]
            flag = FLAGS.get(field)
            if flag is not None and (field in from_flags or not args.case):
                where = flag
            else:  # a field of the case file: name it, and the flag that would set it
                where = f"--case {args.case} › {field}" + (f" ({flag})" if flag else "")
            message = text(
                f"{found.field.zh}：{found.message.zh}", f"{found.field.en}: {found.message.en}"
            )
            problems.append((where, message))
        raise BadInput(problems) from None
    _check_codes(case, catalogue)
    return case


def verdict_text(verdict: WarrantyVerdict) -> str:
    """The verdict as a clerk reads it: verdict line, period, then each reason."""
    lines = [str(verdict.headline)]
    if verdict.start is not None and verdict.end is not None:
        basis = (
            text("发票购机日期", "invoice purchase date")
            if verdict.start_basis == "invoice"
            else text("出厂日期", "factory date")
        )
        lines.append(
            f"保修期 / Warranty period: {verdict.start} – {verdict.end}"
            f"（{verdict.period_months} 个月，自{basis.zh}起 / "
            f"{verdict.period_months} months from the {basis.en}）"
        )
        status = (
            text("在保修期内", "Within the warranty period")
            if verdict.in_warranty
            else text("已过保修期", "Out of the warranty period")
        )
        lines.append(str(status))
    lines.append("原因 / Reasons:")
    for number, reason in enumerate(verdict.reasons, start=1):
        lines.append(f"  {number}. {reason.text.zh}")
        lines.append(f"     {reason.text.en}")
    return "\n".join(lines)


def verdict_json(case: WarrantyCase, verdict: WarrantyVerdict) -> dict[str, Any]:
    """The verdict as JSON data, with its verdict line and the case it answers."""
    return {
        "headline": verdict.headline.model_dump(),
        **verdict.model_dump(mode="json"),
        "case": case.model_dump(mode="json"),
    }


def _choices(enum: Any) -> str:
    return "|".join(member.value.replace("_", "-") for member in enum)


def _flag_values(args: argparse.Namespace) -> dict[str, Any]:
    """The case fields given as flags; enum values may be spelt with dashes."""
    values = {
        "item": args.item,
        "accessory_code": args.accessory,
        "customer_type": args.customer_type,
        "contract_warranty_years": args.contract_years,
        "purchase_date": args.purchase_date,
        "purchase_evidence": args.evidence,
        "serial_read": args.serial,
        "registered_model": args.model,
        "serial_altered": args.serial_altered,
        "clearance_sale": args.clearance_sale,
        "cause": args.cause,
        "service_date": args.date,
    }
    enums = {"item", "customer_type", "purchase_evidence", "cause"}
    return {
        key: value.replace("-", "_") if key in enums and isinstance(value, str) else value
        for key, value in values.items()
        if value is not None
    }


def _case_file(name: str) -> dict[str, Any]:
    path = Path(name)
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise BadInput.one(
            f"--case {name}",
            text(f"无法读取文件（{exc.strerror}）", f"cannot read the file ({exc.strerror})"),
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadInput.one(
            f"--case {name}",
            text(f"不是有效的 JSON：{exc}", f"is not valid JSON: {exc}"),
        ) from None
    if not isinstance(data, dict):
        raise BadInput.one(
            f"--case {name}",
            text("应为 JSON 对象（字段名: 值）", "should be a JSON object of field: value"),
        )
    return data


def _check_codes(case: WarrantyCase, catalogue: Catalogue) -> None:
    """Model and accessory codes must be in the catalogue: list the ones that are."""
    if case.registered_model is not None and catalogue.model(case.registered_model) is None:
        known = ", ".join(m.code for m in catalogue.models)
        raise BadInput.one(
            "--model",
            text(
                f"产品目录中没有机型 {case.registered_model}，可选：{known}",
                f"no model {case.registered_model} in the product catalogue; choose one of: "
                f"{known}",
            ),
        )
    if case.accessory_code is not None and catalogue.accessory(case.accessory_code) is None:
        known = ", ".join(a.code for a in catalogue.accessories)
        raise BadInput.one(
            "--accessory",
            text(
                f"产品目录中没有附件 {case.accessory_code}，可选：{known}",
                f"no accessory {case.accessory_code} in the product catalogue; choose one of: "
                f"{known}",
            ),
        )
