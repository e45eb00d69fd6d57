"""The app's languages: 简体中文 by default, English on request, one translation table.

Each session holds one :class:`Translator` (an observable); screens read it with
:func:`use_translator` and re-render when the language changes. Flutter's own widgets
(date picker, dialogs) follow ``page.locale_configuration``, which :func:`apply_locale`
keeps in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import flet as ft

from fieldapp.domain.text import Text
from fieldapp.ui.strings import STRINGS

ZH = "zh"
EN = "en"
LANGUAGES = (ZH, EN)
DEFAULT_LANGUAGE = ZH
_LOCALES = {ZH: ft.Locale("zh", "CN"), EN: ft.Locale("en", "US")}


def translate(key: str, language: str, **values: Any) -> str:
    """The string ``key`` in ``language``, its ``{placeholders}`` filled from ``values``.

    A missing key raises KeyError: a screen asking for a string that is not in the table
    is a bug the tests must catch, not a blank on the phone.
    """
    zh, en = STRINGS[key]
    template = en if language == EN else zh
    return template.format(**values) if values else template


def message(key: str, **values: Any) -> Text:
    """The string ``key`` in both languages, for a view-model to hold until it is shown."""
    return Text(zh=translate(key, ZH, **values), en=translate(key, EN, **values))


def normalise_language(value: object) -> str:
    """A language code this app knows (``zh`` or ``en``); Chinese for anything else."""
    return EN if isinstance(value, str) and value.lower().startswith("en") else ZH


@ft.observable
@dataclass
class Translator:
    """The chosen language of one session, and the lookups screens call."""

    language: str = DEFAULT_LANGUAGE

    def t(self, key: str, **values: Any) -> str:
        """The string ``key`` of the table in the chosen language."""
        return translate(key, self.language, **values)

    def text(self, message: Text | None) -> str:
        """A bilingual message from a lower layer (domain, store, sync) in the chosen language."""
        return "" if message is None else message.in_language(self.language)

    def set_language(self, language: str) -> None:
        """Switch language; every screen reading this translator re-renders."""
        language = normalise_language(language)
        if language != self.language:
            self.language = language


TranslatorContext = ft.create_context(Translator())


def use_translator() -> Translator:
    """The session's translator, from the nearest provider (see ``technician_app``)."""
    return ft.use_context(TranslatorContext)


def locale_configuration(language: str) -> ft.LocaleConfiguration:
    """Flutter's locale settings: both languages supported, ``language`` current."""
    return ft.LocaleConfiguration(
        supported_locales=list(_LOCALES.values()), current_locale=_LOCALES[language]
    )


def apply_locale(page: ft.Page, language: str) -> None:
    """Localise Flutter's own widgets (date picker, dialog buttons) to ``language``."""
    page.locale_configuration = locale_configuration(normalise_language(language))
