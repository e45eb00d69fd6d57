"""Validation messages that name the field and say what to fix, in Chinese and English.

Models declare each field's label with :func:`label` and raise rule violations with
:func:`problem`. When pydantic rejects input, :func:`explain` turns its
``ValidationError`` into :class:`FieldProblem` items a technician can act on, e.g.
``机身编号: 请填写 / Serial number: please fill this in``.
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from fieldapp.domain.text import Text, text

LABEL_ZH = "label_zh"


def model_label(zh: str, en: str) -> ConfigDict:
    """A ``ConfigDict`` naming a whole model, for errors that concern no single field."""
    return ConfigDict(title=en, json_schema_extra={LABEL_ZH: zh}, str_strip_whitespace=True)


def label(zh: str, en: str, **extra: Any) -> dict[str, Any]:
    """Keyword arguments for ``Field`` that give the field its user-facing names."""
    schema_extra: dict[str, Any] = {LABEL_ZH: zh}
    return {"title": en, "json_schema_extra": schema_extra, **extra}


def problem(zh: str, en: str) -> PydanticCustomError:
    """An error for a model validator to raise; :func:`explain` shows both languages."""
    return PydanticCustomError("fieldapp", "{zh} / {en}", {"zh": zh, "en": en})


class FieldProblem(BaseModel):
    """One thing to fix: where it is (``path``), its name and the message."""

    path: str
    field: Text
    message: Text

    def __str__(self) -> str:
        return f"{self.field.zh}: {self.message.zh} / {self.field.en}: {self.message.en}"


# pydantic error type -> (zh, en) templates; {…} filled from the error's context.
_TEMPLATES: dict[str, tuple[str, str]] = {
    "missing": ("请填写", "please fill this in"),
    "string_too_short": ("至少需要 {min_length} 个字符", "needs at least {min_length} characters"),
    "string_too_long": ("最多 {max_length} 个字符", "at most {max_length} characters"),
    "too_short": ("至少需要 {min_length} 项", "needs at least {min_length} entries"),
    "too_long": ("最多 {max_length} 项", "at most {max_length} entries"),
    "string_pattern_mismatch": ("格式不正确", "is not in the expected format"),
    "greater_than_equal": ("不能小于 {ge}", "must be at least {ge}"),
    "greater_than": ("必须大于 {gt}", "must be more than {gt}"),
    "less_than_equal": ("不能大于 {le}", "must be at most {le}"),
    "less_than": ("必须小于 {lt}", "must be less than {lt}"),
    "int_parsing": ("请输入整数", "enter a whole number"),
    "int_type": ("请输入整数", "enter a whole number"),
    "int_from_float": ("请输入整数", "enter a whole number"),
    "float_parsing": ("请输入数字", "enter a number"),
    "bool_parsing": ("请选择是或否", "choose yes or no"),
    "date_from_datetime_inexact": ("日期格式应为 YYYY-MM-DD", "enter the date as YYYY-MM-DD"),
    "date_from_datetime_parsing": ("日期格式应为 YYYY-MM-DD", "enter the date as YYYY-MM-DD"),
    "date_parsing": ("日期格式应为 YYYY-MM-DD", "enter the date as YYYY-MM-DD"),
    "date_type": ("日期格式应为 YYYY-MM-DD", "enter the date as YYYY-MM-DD"),
    "no_such_day": (
        "没有这一天，请核对年、月、日",
        "there is no such day: check the year, month and day",
    ),
    "datetime_parsing": ("时间格式不正确", "enter a valid date and time"),
    "datetime_from_date_parsing": ("时间格式不正确", "enter a valid date and time"),
    "datetime_type": ("时间格式不正确", "enter a valid date and time"),
    "timezone_aware": ("时间需带时区", "the time needs a time zone"),
    "enum": ("请从以下选项中选择：{expected}", "choose one of: {expected}"),
    "literal_error": ("请从以下选项中选择：{expected}", "choose one of: {expected}"),
    "string_type": ("请输入文字", "enter text"),
    "extra_forbidden": ("不是可识别的字段", "is not a field this form knows"),
    "union_tag_invalid": ("类型不正确：{expected_tags}", "choose one of: {expected_tags}"),
    "union_tag_not_found": ("请选择类型", "choose a type"),
    "model_type": ("内容不完整", "is incomplete"),
    "dict_type": ("内容不完整", "is incomplete"),
    "list_type": ("应为列表", "should be a list"),
}


_DATE_KINDS = {"date_parsing", "date_from_datetime_parsing"}


def explain(exc: ValidationError, model: type[BaseModel]) -> list[FieldProblem]:
    """Turn a pydantic ``ValidationError`` raised by ``model`` into bilingual problems."""
    problems: list[FieldProblem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err.get("loc", ()))
        field = _field_text(model, loc)
        ctx = err.get("ctx") or {}
        if err["type"] == "fieldapp":
            message = text(str(ctx["zh"]), str(ctx["en"]))
        elif err["type"] == "value_error" and "error" in ctx and hasattr(ctx["error"], "zh"):
            message = ctx["error"]
        else:
            kind = err["type"]
            if kind == "string_too_short" and ctx.get("min_length") == 1:
                kind = "missing"  # "needs at least 1 characters" says less than "fill this in"
            if kind in _DATE_KINDS and "outside expected range" in str(ctx.get("error", "")):
                kind = "no_such_day"  # 2026-02-30 is written right: the day is what is wrong
            zh, en = _TEMPLATES.get(kind, ("填写有误", err.get("msg", "is not valid")))
            message = text(_fill(zh, _in_chinese(ctx)), _fill(en, ctx))
        path = ".".join(str(p) for p in loc)
        problems.append(FieldProblem(path=path, field=field, message=message))
    return problems


def field_name(model: type[BaseModel], path: str) -> Text:
    """The user-facing name of the field at dotted ``path`` in ``model`` (list items numbered).

    E.g. ``charges.lines.0.unit_price_fen`` of a job sheet is 收费 › 收费明细 › 第1项 ›
    单价（分）: what a screen shows beside a changed value.
    """
    loc = tuple(int(part) if part.isdigit() else part for part in path.split(".") if part)
    return _field_text(model, loc)


def max_length(model: type[BaseModel], path: str) -> int | None:
    """The most characters the text field at dotted ``path`` of ``model`` takes (None: no
    limit): what a form lets a person type, so that nothing typed is refused for its length."""
    current: Any = model
    info = None
    for part in path.split("."):
        info = next(
            (m.model_fields[part] for m in _models_of(current) if part in m.model_fields), None
        )
        if info is None:
            return None
        current = info.annotation
    if info is None:
        return None
    limits = [m.max_length for m in info.metadata if getattr(m, "max_length", None) is not None]
    return min(limits) if limits else None


def _in_chinese(ctx: dict[str, Any]) -> dict[str, Any]:
    """``ctx`` for a Chinese template: pydantic words lists of choices as "'a' or 'b'"."""
    return {k: v.replace(" or ", " 或 ") if isinstance(v, str) else v for k, v in ctx.items()}


def _fill(template: str, ctx: dict[str, Any]) -> str:
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def _field_text(model: type[BaseModel], loc: tuple[Any, ...]) -> Text:
    """The label of the innermost named field along ``loc``, with list positions."""
    current: Any = model
    zh_parts: list[str] = []
    en_parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            zh_parts.append(f"第{part + 1}项")
            en_parts.append(f"#{part + 1}")
            continue
        info = next(
            (m.model_fields[str(part)] for m in _models_of(current) if str(part) in m.model_fields),
            None,
        )
        if info is None:
            member = _union_member(current, str(part))
            if member is not None:
                # A discriminator tag: narrow the union to that member; not shown to the user.
                current = member
            else:
                # A key the model does not know (extra_forbidden): name it as it was sent.
                zh_parts.append(str(part))
                en_parts.append(str(part))
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        zh_parts.append(str(extra.get(LABEL_ZH, part)))
        en_parts.append(info.title or str(part))
        current = info.annotation
    if not zh_parts:
        model_extra = model.model_config.get("json_schema_extra")
        zh = model_extra.get(LABEL_ZH) if isinstance(model_extra, dict) else None
        en = model.model_config.get("title")
        return text(str(zh or "表单"), str(en or "Form"))
    return text(" › ".join(zh_parts), " › ".join(en_parts))


def _models_of(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models inside an annotation such as ``X | None`` or ``list[X]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_of(arg)]


def _union_member(annotation: Any, tag: str) -> type[BaseModel] | None:
    """The member of a discriminated union whose ``kind`` is ``tag``."""
    for member in _models_of(annotation):
        kind = member.model_fields.get("kind")
        if kind is not None and kind.default == tag:
            return member
    return None
