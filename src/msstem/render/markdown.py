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
    from data; web addresses and identifiers (PMID, DOI, registry id) as links to their pages, so
    they stay clickable; marked words (search matches) in bold, outside links."""
    raw, marks = (text.text, text.marks) if isinstance(text, Marked) else (text, ())
    out, pos = [], 0
    for start, end, address in links_in(raw):
        out += [_marked(raw, pos, start, marks), f"[{_literal(raw[start:end])}](<{_destination(address)}>)"]
        pos = end
    return _BLOCK_START.sub(_escape_start, "".join([*out, _marked(raw, pos, len(raw), marks)]))


def _marked(raw: str, begin: int, end: int, marks: tuple[tuple[int, int], ...]) -> str:
    """raw[begin:end] as literal text, with the marked parts that fall in it in bold."""
    out, pos = [], begin
    for start, stop in ((max(s, begin), min(e, end)) for s, e in marks):
        if start < stop:
            out += [_literal(raw[pos:start]), "**", _literal(raw[start:stop]), "**"]
            pos = stop
    return "".join([*out, _literal(raw[pos:end])])


def _literal(text: str) -> str:
    # (a new line could start a block or end a table row)
    return _SPECIAL.sub(r"\\\1", clean(text).replace("\n", " "))


def _destination(address: str) -> str:
    """A link's address, percent-encoded where markdown or a table could read it otherwise (|, \\,
    spaces, brackets), so it always ends where it should."""
    from urllib.parse import quote

    return quote(clean(address), safe=":/?#[]@!$&'()*+,;=%~")


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
    key = legend(doc.blocks, svg=for_html)  # said once: before the first picture, or under its grid
    for block in doc.blocks:
        if key and isinstance(block, Figure):
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
            if key and any(figures([block])):
                out += [escape(key), ""]
                key = None
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
        numbers = numbers_row(row[1:]) if grid.row_headers else None
        if numbers:  # the words, then the pictures level
            words, pictures = numbers
            rows.append("| " + " | ".join(cell(c) for c in (row[0], *((w,) for w in words))) + " |")
            rows.append("|   | " + " | ".join(_picture(p, for_html) if p else " " for p in pictures) + " |")
        else:
            rows.append("| " + " | ".join(cell(c) for c in row) + " |")
    return [header, rule, *rows]
