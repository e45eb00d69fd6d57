"""The job sheet's page layout on top of fpdf2: bilingual headings and lines, images, QR.

Every line of the document is a :class:`~fieldapp.domain.text.Text`: the Chinese is
printed first at reading size, the English under it, smaller and grey, so the sheet is
the customer's in Chinese and still readable by anyone else. The bundled WenQuanYi Micro
Hei is the only font (one face: loading a face is most of the time a PDF takes); fpdf2
embeds only the glyphs used.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from fieldapp.domain.text import Text
from fieldapp.fonts import CJK_FONT_FACE

FONT = "wqy"
_BODY_PT = 9.5
_ENGLISH_PT = 7.5
_GREY = (110, 110, 110)
_BLACK = (0, 0, 0)
_RULE = (190, 190, 190)


class SheetPage(FPDF):
    """An A4 document with the job sheet's footer: ticket number, page, when it was made."""

    def __init__(self, font_path: Path, footer_line: str, created: datetime) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(auto=True, margin=16)
        self.add_font(FONT, "", str(font_path), collection_font_number=CJK_FONT_FACE)
        self.set_creation_date(created)
        self._footer_line = footer_line
        self.english = True

    def footer(self) -> None:
        """Printed by fpdf2 at the bottom of every page."""
        self.set_y(-11)
        self.set_font(FONT, size=7)
        self.set_text_color(*_GREY)
        self.cell(0, 4, f"{self._footer_line}    第 {self.page_no()}/{{nb}} 页", align="C")
        self.set_text_color(*_BLACK)

    def title_block(self, title: Text, subtitle: str) -> None:
        """The document's title, Chinese large, English and ``subtitle`` under it."""
        self.set_font(FONT, size=16)
        self.cell(0, 9, title.zh, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="C")
        self.set_font(FONT, size=8)
        self.set_text_color(*_GREY)
        self.cell(0, 4, f"{title.en} · {subtitle}", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="C")
        self.set_text_color(*_BLACK)
        self.ln(2)

    def heading(self, title: Text) -> None:
        """A section heading with a rule under it; starts a new page rather than end one."""
        if self.will_page_break(18):
            self.add_page()
        self.ln(2.5)
        self.set_font(FONT, size=11.5)
        self.cell(self.get_string_width(title.zh) + 2, 6.5, title.zh)
        if self.english:
            self.set_font(FONT, size=8)
            self.set_text_color(*_GREY)
            self.cell(0, 6.5, title.en)
            self.set_text_color(*_BLACK)
        self.ln(6.5)
        self.set_draw_color(*_RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.2)

    def lines_of(self, lines: list[Text]) -> None:
        """Bilingual lines, two to a row where both halves fit, else one to a row."""
        pending: Text | None = None
        for line in lines:
            if not self._fits_half(line):
                if pending is not None:
                    self.line_of(pending)
                    pending = None
                self.line_of(line)
            elif pending is None:
                pending = line
            else:
                self._pair(pending, line)
                pending = None
        if pending is not None:
            self.line_of(pending)

    def _fits_half(self, line: Text) -> bool:
        half = self.epw / 2 - 4
        self.set_font(FONT, size=_BODY_PT)
        if self.get_string_width(line.zh) > half:
            return False
        self.set_font(FONT, size=_ENGLISH_PT)
        return not self.english or self.get_string_width(line.en) <= half

    def _pair(self, left: Text, right: Text) -> None:
        height = 4.6 + (3.6 if self.english else 0) + 0.6
        self.room_for(height)
        y = self.get_y()
        for column, line in enumerate((left, right)):
            x = self.l_margin + 2 + column * self.epw / 2
            self.set_xy(x, y)
            self.set_font(FONT, size=_BODY_PT)
            self.cell(self.epw / 2 - 4, 4.6, line.zh)
            if self.english and line.en != line.zh:
                self.set_xy(x, y + 4.6)
                self.set_font(FONT, size=_ENGLISH_PT)
                self.set_text_color(*_GREY)
                self.cell(self.epw / 2 - 4, 3.6, line.en)
                self.set_text_color(*_BLACK)
        self.set_xy(self.l_margin, y + height)

    def line_of(self, line: Text, indent: float = 2) -> None:
        """One bilingual line, wrapped to the page: Chinese, then English in small grey."""
        width = self.epw - indent
        self.set_x(self.l_margin + indent)
        self.set_font(FONT, size=_BODY_PT)
        # Chinese has no spaces to break at: wrap at any character.
        self.multi_cell(
            width, 4.6, line.zh, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WrapMode.CHAR
        )
        if self.english and line.en != line.zh:
            self.set_x(self.l_margin + indent)
            self.set_font(FONT, size=_ENGLISH_PT)
            self.set_text_color(*_GREY)
            self.multi_cell(width, 3.6, line.en, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_text_color(*_BLACK)
        self.ln(0.6)

    def code(self, value: str, size: float = 10) -> None:
        """A value to be read character by character (the content hash), on its own line."""
        self.set_x(self.l_margin + 2)
        self.set_font(FONT, size=size)
        self.multi_cell(
            self.epw - 2, 4.6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WrapMode.CHAR
        )

    def room_for(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if self.will_page_break(height):
            self.add_page()

    def png(self, data: bytes, width: float, height: float, caption: Text) -> None:
        """An image (a signature) of ``width`` × ``height`` mm with a caption above it."""
        self.room_for(height + 10)
        self.line_of(caption)
        x, y = self.l_margin + 2, self.get_y()
        self.set_draw_color(*_RULE)
        self.rect(x, y, width, height)
        self.image(io.BytesIO(data), x=x, y=y, w=width, h=height)
        self.set_y(y + height + 2)

    def qr(self, data: str, x: float, y: float, size: float) -> None:
        """``data`` as a QR code (error correction M), drawn as vector squares.

        Runs of dark modules in a row are one rectangle each, which keeps the page small
        and the code sharp at any zoom or print resolution.
        """
        matrix = segno.make(data, error="m", micro=False).matrix
        module = size / len(matrix)
        self.set_fill_color(*_BLACK)
        for row, cells in enumerate(matrix):
            col = 0
            while col < len(cells):
                if not cells[col]:
                    col += 1
                    continue
                start = col
                while col < len(cells) and cells[col]:
                    col += 1
                self.rect(
                    x + start * module, y + row * module, (col - start) * module, module, style="F"
                )
