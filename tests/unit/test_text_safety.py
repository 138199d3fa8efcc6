"""A student's words are shown as words: in the apps (Markdown escaped), in exported Markdown (fenced), and in PDFs
(invisible characters dropped, the drawing bounded)."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from backend.services.courses.pdf import MAX_PDF_CHARS, bounded_lines, visible
from backend.services.courses.transcripts import fenced, inline_text
from mvp.widgets.formatting import as_text

HOSTILE = [
    "![tracker](http://evil.example/pixel.png)",
    "<img src=x onerror=alert(1)> <script>alert('x')</script>",
    "**bold** _it_ `code` [link](http://evil.example) ~~gone~~ $x^2$ :red[alarm] :smile:",
    "- a list\n1. numbered\n# heading\n---\n> quoted\n| a | b |",
    "Hi Kwame, I'm Ana. How have you been coping this week?",
]


def shown(markdown: str) -> tuple[str, str]:
    """What a reader sees: the rendered HTML's text, tags removed."""
    rendered = MarkdownIt("commonmark", {"html": True}).enable("strikethrough").enable("table").render(markdown)
    return rendered, html.unescape(re.sub(r"<[^>]+>", "", rendered))


@pytest.mark.parametrize("text", HOSTILE)
def test_the_apps_show_message_text_exactly_as_typed(text: str) -> None:
    rendered, seen = shown(as_text(text))
    assert not re.search(r"<(img|script|a|em|strong|code|h\d|ul|ol|li|hr|blockquote|table|del)\b", rendered)
    assert " ".join(seen.split()) == " ".join(text.split())


@pytest.mark.parametrize("text", HOSTILE)
def test_an_exported_message_is_one_block_of_text(text: str) -> None:
    tokens = MarkdownIt("commonmark").parse("\n".join(fenced(text + "\n```\nescape?\n```")))
    assert [t.type for t in tokens] == ["fence"] and tokens[0].content == text + "\n```\nescape?\n```\n"


def test_names_in_the_export_cannot_format() -> None:
    rendered, seen = shown(f"- **Student:** {inline_text('<b>Eve</b> ![x](http://e/x.png) **Boss**')}")
    assert "<b>" not in rendered and "<img" not in rendered and seen.count("Boss") == 1


def test_invisible_and_control_characters_draw_nothing_and_marks_are_cut_short() -> None:
    assert visible("a\u200bb\u200fc\ufeffd\x07e\tf") == "abcde f"
    assert visible("a" + "\u0301" * 500) == "a\u0301\u0301"
    assert visible("我不知道 “quoted” Ramírez") == "我不知道 “quoted” Ramírez"


def test_a_pdf_draws_a_bounded_number_of_characters() -> None:
    lines, left_out = bounded_lines(["x" * 4000] * 40)
    assert sum(len(line) for line in lines) <= MAX_PDF_CHARS + 2 and left_out == 40 * 4000 - MAX_PDF_CHARS


def test_a_message_that_is_empty_once_cleaned_does_not_cut_the_pdf_short() -> None:
    lines, left_out = bounded_lines(["hi", "\u200b" * 10, "x" * 70_000])
    assert lines[:2] == ["hi", ""] and len(lines) == 3 and lines[2].startswith("x" * 1000)
    assert left_out == 70_000 - (MAX_PDF_CHARS - 2)
