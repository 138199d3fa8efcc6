"""A transcript as a PDF (fpdf2), in a Unicode font so names like 'Diego Ramírez', curly quotes and a client's
Mandarin come out as written. Without a Unicode font on the server the PDF is still made, in a core font, with
the characters it cannot show replaced and a note saying so.
"""

from __future__ import annotations

import time
import unicodedata
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
# A bound on what one PDF draws, whatever the messages hold: layout costs grow with the characters drawn.
MAX_PDF_CHARS = 60_000  # ~2 s of layout; a 30-turn conversation is about 25,000
RENDER_DEADLINE_S = 5.0  # and a bound in time, checked between messages
MAX_MARKS = 2  # combining marks kept on one letter (a "zalgo" line stacks hundreds)
LATE_NOTE = ("[The remaining messages are not drawn: this PDF took too long to make. Download the transcript as "
             "Markdown or CSV for every line.]")
TRUNCATED_NOTE = ("[The rest of this transcript ({n:,} characters) is not drawn in the PDF: download it as Markdown or "
                  "CSV for every line.]")
STUDENT_INK, CLIENT_INK, MUTED_INK = (31, 78, 121), (27, 94, 32), (110, 110, 110)


def visible(text: str) -> str:
    """The text as a reader sees it: invisible and control characters (zero-width spaces, direction marks, the
    byte-order mark, C0/C1 controls) dropped, tabs as spaces, runs of combining marks cut short. Invisible
    characters draw nothing yet made a line unbreakable: 19 messages of zero-width spaces took 35 s to lay out."""
    kept: list[str] = []
    marks = 0
    for ch in text:
        if ch in "\n\t":
            kept.append(" " if ch == "\t" else ch)
            marks = 0
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        if category in ("Zl", "Zp"):
            kept.append("\n")
            continue
        if category.startswith("M"):
            marks += 1
            if marks > MAX_MARKS:
                continue
        else:
            marks = 0
        kept.append(ch)
    return "".join(kept)


def bounded_lines(contents: list[str], limit: int = MAX_PDF_CHARS) -> tuple[list[str], int]:
    """The first messages made visible, up to `limit` characters in all (a prefix of `contents`: a message left
    out entirely is not in the list, so an empty message is still drawn); and how many characters were left out."""
    shown: list[str] = []
    budget, left_out = limit, 0
    for content in contents:
        text = visible(content)
        if budget <= 0:
            left_out += len(text)
            continue
        if len(text) > budget:
            left_out += len(text) - budget
            text = text[:budget] + " …"
        budget -= len(text)
        shown.append(text)
    return shown, left_out


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


def render_pdf(t: Transcript, zone: tzinfo, fonts: Fonts, deadline_s: float = RENDER_DEADLINE_S) -> bytes:
    """At most MAX_PDF_CHARS characters and about `deadline_s` seconds of layout; a note says what was left out."""
    deadline = time.monotonic() + deadline_s
    contents, left_out = bounded_lines([line.content for line in t.lines])
    every_text = visible(" ".join([t.student_name, t.client_name, t.assignment_title or "", t.section_label or "",
                                   *contents]))
    pdf = _TranscriptPDF(format="A4")
    pdf.footer_text = f"Virtual Client transcript · session {t.session_id}"
    pdf.set_title(f"Transcript: {title(t)}")
    pdf.set_author("Virtual Client")
    family, unicode_ok = _setup(pdf, fonts, every_text)

    def write(text: str) -> str:
        text = visible(text)
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
    for line, content in zip(t.lines[:len(contents)], contents, strict=True):
        if time.monotonic() > deadline:
            pdf.set_text_color(*MUTED_INK)
            pdf.set_font(family, "", 10)
            pdf.multi_cell(0, 6, LATE_NOTE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            left_out = 0
            break
        pdf.set_font(family, "B", 10)
        pdf.set_text_color(*(STUDENT_INK if line.role == "user" else CLIENT_INK))
        pdf.cell(0, 6, write(f"{t.speaker(line)}  ·  {clock(line.created_at, zone)}"),
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(family, "", 11)
        pdf.multi_cell(0, 6, write(content), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    if left_out:
        pdf.set_text_color(*MUTED_INK)
        pdf.set_font(family, "", 10)
        pdf.multi_cell(0, 6, TRUNCATED_NOTE.format(n=left_out), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if not t.lines:
        pdf.set_font(family, "", 11)
        pdf.cell(0, 6, "No messages in this conversation.")
    return bytes(pdf.output())
