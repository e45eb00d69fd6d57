"""``fieldapp sheet-pdf``: the job sheet PDF (维修卡) from a JSON file, offline.

The file is either a sheet as the service returns it (``GET /api/v1/sheets/{id}``: an
object with ``sheet`` and ``work_order``), or a job sheet alone with its work order given
by ``--order``. Writes the PDF to ``-o`` (default: ``<ticket number>.pdf``). Exit status 0
when written, 2 for bad input with a message naming the file, the field and what to fix.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from fieldapp.documents import job_sheet_pdf
from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import explain
from fieldapp.domain.work_order import WorkOrder
from fieldapp.fonts import FontMissingError
from fieldapp.reference import bundled_reference

M = TypeVar("M", bound=BaseModel)


class BadInput(Exception):
    """What is wrong with the input, each problem with where it is."""

    def __init__(self, problems: list[tuple[str, Text]]) -> None:
        super().__init__("; ".join(f"{where}: {message}" for where, message in problems))
        self.problems = problems


def register(subparsers: Any) -> None:
    """Add the ``sheet-pdf`` subcommand to the ``fieldapp`` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sheet-pdf",
        help="维修卡 PDF / the job sheet as a PDF",
        description="由报告单 JSON 生成维修卡 PDF（离线）。 / "
        "Make the job sheet PDF from its JSON, offline.",
    )
    parser.add_argument(
        "sheet",
        metavar="SHEET.json",
        help="报告单，或服务返回的 {sheet, work_order} / a job sheet, or the service's "
        "{sheet, work_order}",
    )
    parser.add_argument(
        "--order", metavar="ORDER.json", help="工作单（报告单单独给出时）/ the work order"
    )
    parser.add_argument("-o", "--output", metavar="OUT.pdf", help="输出文件 / output file")
    parser.add_argument(
        "--no-english", action="store_true", help="只印中文 / print the Chinese lines only"
    )
    parser.set_defaults(handler=handler)


def handler(args: argparse.Namespace) -> int:
    """Run ``sheet-pdf``: 0 with the PDF written, 2 with what to fix."""
    try:
        sheet, order = read_input(args.sheet, args.order)
        pdf = job_sheet_pdf(sheet, order, bundled_reference(), english=not args.no_english)
    except BadInput as bad:
        for where, message in bad.problems:
            print(f"{where}: {message.zh}", file=sys.stderr)
            print(f"{where}: {message.en}", file=sys.stderr)
        return 2
    except FontMissingError as missing:
        print(str(missing), file=sys.stderr)
        return 1
    output = Path(args.output or f"{sheet.ticket_no}.pdf")
    output.write_bytes(pdf)
    print(f"{output} ({len(pdf):,} bytes)")
    return 0


def read_input(sheet_file: str, order_file: str | None) -> tuple[JobSheet, WorkOrder]:
    """The sheet and its work order from the files; raises :class:`BadInput`."""
    data = _json_object(sheet_file)
    if "sheet" in data and "work_order" in data:
        sheet_data, order_data = data["sheet"], data["work_order"]
        sheet_where = f"{sheet_file} › sheet"
        order_where = f"{sheet_file} › work_order"
    elif order_file is None:
        raise BadInput(
            [
                (
                    "--order",
                    text(
                        "请用 --order 给出工作单（客户信息在工作单上）",
                        "give the work order with --order (the customer is on the work order)",
                    ),
                )
            ]
        )
    else:
        sheet_data, sheet_where = data, sheet_file
        order_data, order_where = _json_object(order_file), order_file
    return (
        _validated(JobSheet, sheet_data, sheet_where),
        _validated(WorkOrder, order_data, order_where),
    )


def _json_object(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise BadInput(
            [(path, text(f"无法读取文件（{exc.strerror}）", f"cannot read it ({exc.strerror})"))]
        ) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(
            [(path, text(f"不是有效的 JSON：{exc}", f"is not valid JSON: {exc}"))]
        ) from exc
    if not isinstance(data, dict):
        raise BadInput([(path, text("应为 JSON 对象", "should be a JSON object"))])
    return data


def _validated(model: type[M], data: Any, where: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise BadInput(
            [
                (
                    f"{where} › {found.path}" if found.path else where,
                    text(
                        f"{found.field.zh}：{found.message.zh}",
                        f"{found.field.en}: {found.message.en}",
                    ),
                )
                for found in explain(exc, model)
            ]
        ) from exc
