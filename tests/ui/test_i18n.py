"""The translation table: both languages for every key, and no literal text in a screen."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from fieldapp.domain.text import text
from fieldapp.ui.i18n import EN, ZH, Translator, normalise_language, translate
from fieldapp.ui.strings import STRINGS

UI = Path(__file__).resolve().parents[2] / "fieldapp" / "ui"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_has_chinese_and_english_with_the_same_placeholders(key: str) -> None:
    zh, en = STRINGS[key]
    assert zh.strip() and en.strip()
    assert _fields(zh) == _fields(en), key
    if key != "lang.en":
        assert CJK.search(zh) or not zh.strip("{}"), f"{key}: the Chinese side has no Chinese"


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def test_no_chinese_literal_outside_the_table() -> None:
    """Every string a screen shows comes from the table (docstrings may quote the app)."""
    offenders = []
    for path in UI.rglob("*.py"):
        if path.name in ("strings.py", "strings_visit.py", "strings_office.py"):
            continue
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and CJK.search(node.value)
            ):
                offenders.append(f"{path.relative_to(UI)}:{node.lineno}: {node.value!r}")
    assert not offenders, "\n".join(offenders)


def test_chinese_is_the_default_and_english_is_chosen_by_code() -> None:
    tr = Translator()
    assert tr.language == ZH
    assert tr.t("sign_in.username") == "用户名"
    tr.set_language("en-US")
    assert tr.language == EN
    assert tr.t("sign_in.username") == "Username"
    assert tr.t("sync.pending", n=3) == "3 to send"
    assert tr.text(text("离线", "offline")) == "offline"
    assert normalise_language("fr") == ZH


def test_an_unknown_key_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError):
        translate("no.such.key", ZH)
