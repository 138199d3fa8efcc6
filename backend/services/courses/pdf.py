"""A transcript as a PDF (fpdf2), in a Unicode font so names like 'Diego Ramírez', curly quotes and a client's
Mandarin come out as written. Without a Unicode font on the server the PDF is still made, in a core font, with
the characters it cannot show replaced and a note saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from backend.services.courses.transcripts import Transcript, clock, facts, title

# Debian's fonts-dejavu-core for text, fonts-droid-fallback (or a CJK font) for what DejaVu lacks.
MAIN_CANDIDATES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                   "/usr/share/fonts/TTF/DejaVuSans.ttf",
                   "/usr/local/share/fonts/DejaVuSans.ttf")
FALLBACK_CANDIDATES = ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
                       "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                       "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
MISSING_FONT_NOTE = ("Note: no Unicode font was found on the server, so some characters may be replaced by '?'. "
                     "Install fonts-dejavu-core (and fonts-droid-fallback for Chinese, Japanese and Korean).")
# Typography a core font lacks, written the plain way rather than as '?'.
PLAIN_PUNCTUATION = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "--", "…": "...",
                                   "\u00a0": " "})
STUDENT_INK, CLIENT_INK, MUTED_INK = (31, 78, 121), (27, 94, 32), (110, 110, 110)


@dataclass(frozen=True)
class Fonts:
    main: Path | None
    bold: Path | None
    fallbacks: tuple[Path, ...]


@lru_cache(maxsize=8)
def find_fonts(configured: str = "") -> Fonts:
    """VC_PDF_FONTS (comma-separated: the text font, then fallbacks) or the usual Debian paths; missing ones skip."""
    paths = [Path(p.strip()) for p in configured.split(",") if p.strip()] if configured else []
    main = next((p for p in (paths[:1] or map(Path, MAIN_CANDIDATES)) if p.is_file()), None)
    fallbacks = tuple(p for p in (paths[1:] or map(Path, FALLBACK_CANDIDATES)) if p.is_file())
    bold = None
    if main is not None and (main.parent / f"{main.stem}-Bold{main.suffix}").is_file():
        bold = main.parent / f"{main.stem}-Bold{main.suffix}"
    return Fonts(main=main, bold=bold, fallbacks=fallbacks)


@lru_cache(maxsize=8)
def _covered(font: Path) -> frozenset[int]:
    """The code points a font draws (read once): fallback fonts are loaded only when a transcript needs them."""
    from fontTools.ttLib import TTFont

    with TTFont(str(font), lazy=True, fontNumber=0) as parsed:
        return frozenset(parsed.getBestCmap() or {})


class _TranscriptPDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(size=8)
        self.set_text_color(*MUTED_INK)
        self.cell(0, 6, f"{self.footer_text} · page {self.page_no()}/{{nb}}", align="C")


def _setup(pdf: FPDF, fonts: Fonts, text: str) -> tuple[str, bool]:
    """Register the fonts this transcript needs; returns the family and whether the text is fully Unicode."""
    if fonts.main is None:
        return "helvetica", False
    pdf.add_font("body", "", str(fonts.main))
    pdf.add_font("body", "B", str(fonts.bold or fonts.main))
    if fonts.fallbacks and any(ord(ch) not in _covered(fonts.main) for ch in set(text) if ch.isprintable()):
        names = []
        for index, path in enumerate(fonts.fallbacks):
            pdf.add_font(f"fallback{index}", "", str(path))
            names.append(f"fallback{index}")
        pdf.set_fallback_fonts(names, exact_match=False)
    return "body", True


def render_pdf(t: Transcript, zone: tzinfo, fonts: Fonts) -> bytes:
    every_text = " ".join([t.student_name, t.client_name, t.assignment_title or "", t.section_label or "",
                           *(line.content for line in t.lines)])
    pdf = _TranscriptPDF(format="A4")
    pdf.footer_text = f"Virtual Client transcript · session {t.session_id}"
    pdf.set_title(f"Transcript: {title(t)}")
    pdf.set_author("Virtual Client")
    family, unicode_ok = _setup(pdf, fonts, every_text)

    def write(text: str) -> str:
        if unicode_ok:
            return text
        return text.translate(PLAIN_PUNCTUATION).encode("latin-1", "replace").decode("latin-1")

    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 8, write(f"Transcript: {title(t)}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for label, value in facts(t, zone):
        pdf.set_font(family, "B", 10)
        pdf.cell(28, 6, write(label))
        pdf.set_font(family, "", 10)
        pdf.multi_cell(0, 6, write(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if not unicode_ok:
        pdf.set_text_color(*MUTED_INK)
        pdf.multi_cell(0, 5, MISSING_FONT_NOTE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(4)
    for line in t.lines:
        pdf.set_font(family, "B", 10)
        pdf.set_text_color(*(STUDENT_INK if line.role == "user" else CLIENT_INK))
        pdf.cell(0, 6, write(f"{t.speaker(line)}  ·  {clock(line.created_at, zone)}"),
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(family, "", 11)
        pdf.multi_cell(0, 6, write(line.content), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    if not t.lines:
        pdf.set_font(family, "", 11)
        pdf.cell(0, 6, "No messages in this conversation.")
    return bytes(pdf.output())
