"""Render a document as CommonMark (with GFM tables) for blogs, handouts and printing."""

from __future__ import annotations

import html
import re

from msstem.render.icons import figures, icon_rows, legend, numbers_row
from msstem.render.icons import svg as svg_picture
from msstem.render.output import clean, styled
from msstem.views.citations import links_in
from msstem.views.document import Bullets, Document, Figure, Grid, Heading, Marked, Paragraph, WritingSpace

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!&~])")
# What starts a block at the start of a line: a list item (-, +, 1.), a setext underline (=),
# a code fence (~). Escaped there, so knowledge-base text can only ever be text.
_BLOCK_START = re.compile(r"^(?:([-+=])|([0-9]{1,9})([.)]))")


def escape(text: str | Marked) -> str:
    """Knowledge-base text as literal markdown, on one line: no emphasis, links, HTML or blocks
    from data; http(s) URLs as links; marked words (search matches) in bold."""
    if isinstance(text, Marked):
        out, pos = [], 0
        for start, end in text.marks:
            out += [_literal(text.text[pos:start]), "**", _literal(text.text[start:end]), "**"]
            pos = end
        return _BLOCK_START.sub(_escape_start, "".join([*out, _literal(text.text[pos:])]))
    return _BLOCK_START.sub(_escape_start, _literal(text))


def _literal(text: str) -> str:
    text = clean(text).replace("\n", " ")  # (a new line could start a block or end a table row)
    out, pos = [], 0
    # Web addresses as autolinks, identifiers (PMID, DOI, registry id) as links to their pages, so
    # they stay clickable; everything else is escaped.
    for start, end, address in links_in(text):
        shown = text[start:end]
        out += [_escaped(text[pos:start]), f"<{address}>" if shown == address else f"[{_escaped(shown)}](<{address}>)"]
        pos = end
    return "".join([*out, _escaped(text[pos:])])


def _escaped(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def markdown(doc: Document, for_html: bool = False, color: bool = False) -> str:
    """CommonMark; `for_html` (the HTML page is made from it) draws icon arrays as SVG pictures and
    paper's room to write as HTML (markdown has no way to say either); with colour (for less -R),
    headings and strong lines are also bold."""

    def bold(line: str) -> str:
        return styled(line, "bold") if color else line

    out: list[str] = [bold(f"# {escape(doc.title)}"), ""]
    if doc.subtitle:
        out += [escape(doc.subtitle), ""]
    key = legend(doc.blocks, svg=for_html)  # said once, before the first picture
    for block in doc.blocks:
        if key and any(figures([block])):
            out += [escape(key), ""]
            key = None
        if isinstance(block, Heading):
            out += [bold(f"{'#' * block.level} {escape(block.text)}"), ""]
        elif isinstance(block, Paragraph):
            text = escape(block.text)
            out += [bold(f"**{text}**") if block.strong else text, ""]
        elif isinstance(block, Bullets) and block.space_to_write and for_html:
            items = "".join(f"<li>{html.escape(clean(str(item)))}</li>" for item in block.items)
            out += [f'<ul class="write">{items}</ul>', ""]
        elif isinstance(block, WritingSpace):
            label = escape(block.label)
            box = (
                f'<div class="notes">{label}</div>' if for_html else "\n".join([f"**{label}:**", "", *["\\_" * 40] * 3])
            )
            out += [box, ""]
        elif isinstance(block, Bullets):
            for i, item in enumerate(block.items, 1):
                out.append(f"{i}. {escape(item)}" if block.numbered else f"- {escape(item)}")
            out.append("")
        elif isinstance(block, Grid):
            out += [*_table(block, for_html), ""]
        elif isinstance(block, Figure):
            out += [_figure(block, for_html, "  \n", block.sentence), ""]
    out += ["---", ""]
    out += [f"{escape(line)}  " for line in doc.footer]
    return "\n".join(out).rstrip() + "\n"


def _figure(figure: Figure, svg: bool, newline: str, words: str) -> str:  # svg: for the HTML page
    """The sentence, then the icon array (text rows, or an SVG picture whose alternative is the sentence)."""
    return escape(words) + newline + _picture(figure, svg, newline)


def _picture(figure: Figure, svg: bool, newline: str = "<br>") -> str:
    return svg_picture(figure) if svg else newline.join(icon_rows(figure))


def _table(grid: Grid, for_html: bool = False) -> list[str]:
    def cell(lines: tuple[str | Figure, ...]) -> str:
        # In a grid the row says what is counted: the short form ("About 5 in 100 (3 of 55)").
        items = [
            _figure(line, for_html, "<br>", line.short or line.sentence) if isinstance(line, Figure) else escape(line)
            for line in lines
        ]
        if len(items) > 1 and grid.row_headers:
            items = [f"• {item}" for item in items]
        return "<br>".join(items) or " "

    header = "| " + " | ".join(escape(c) or " " for c in grid.columns) + " |"
    rule = "|" + "|".join("---" for _ in grid.columns) + "|"
    rows = []
    for row in grid.rows:
        if grid.row_headers and numbers_row(row[1:]):  # the words, then the pictures level
            words = [(c[0].short or c[0].sentence,) if isinstance(c[0], Figure) else c for c in row[1:]]
            pictures = [_picture(c[0], for_html) if isinstance(c[0], Figure) else " " for c in row[1:]]
            rows += [
                "| " + " | ".join(cell(c) for c in (row[0], *words)) + " |",
                "|   | " + " | ".join(pictures) + " |",
            ]
        else:
            rows.append("| " + " | ".join(cell(c) for c in row) + " |")
    return [header, rule, *rows]
