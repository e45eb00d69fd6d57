"""Bilingual text: every message a user reads exists in Chinese first and English second.

The domain core never picks a language; it returns :class:`Text` pairs and the
screens, the console command and the service choose which side to show.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Text(BaseModel):
    """A message in Chinese (``zh``) and English (``en``)."""

    model_config = ConfigDict(frozen=True)

    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"

    def in_language(self, lang: str) -> str:
        """The message in ``lang`` ("zh" or "en"); Chinese for anything else."""
        return self.en if lang.startswith("en") else self.zh


def text(zh: str, en: str) -> Text:
    """Shorthand constructor used by the rule modules."""
    return Text(zh=zh, en=en)
