"""Render a document as CommonMark (with GFM tables) for blogs, handouts and printing."""

from __future__ import annotations

import re

from msstem.render.output import clean
from msstem.views.document import Bullets, Document, Grid, Heading, Marked, Paragraph

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!&~])")
# A link: http or https only, and only characters an autolink can hold (no space, < or >), so text
# after a URL can never close it early and become HTML.
_URL = re.compile(r"(https?://[^\s<>]+)")
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
    parts = _URL.split(clean(text).replace("\n", " "))  # (a new line could start a block or end a table row)
    # Odd parts are URLs: autolinks, so they stay clickable; everything else is escaped.
    return "".join(f"<{p}>" if i % 2 else _SPECIAL.sub(r"\\\1", p) for i, p in enumerate(parts))


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def markdown(doc: Document) -> str:
    out: list[str] = [f"# {escape(doc.title)}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += [f"{'#' * block.level} {escape(block.text)}", ""]
        elif isinstance(block, Paragraph):
            text = escape(block.text)
            out += [f"**{text}**" if block.strong else text, ""]
        elif isinstance(block, Bullets):
            for i, item in enumerate(block.items, 1):
                out.append(f"{i}. {escape(item)}" if block.numbered else f"- {escape(item)}")
            out.append("")
        elif isinstance(block, Grid):
            out += [*_table(block), ""]
    out += ["---", ""]
    out += [f"{escape(line)}  " for line in doc.footer]
    return "\n".join(out).rstrip() + "\n"


def _table(grid: Grid) -> list[str]:
    def cell(lines: tuple[str, ...]) -> str:
        items = [escape(line) for line in lines]
        if len(items) > 1 and grid.row_headers:
            items = [f"• {item}" for item in items]
        return "<br>".join(items) or " "

    header = "| " + " | ".join(escape(c) or " " for c in grid.columns) + " |"
    rule = "|" + "|".join("---" for _ in grid.columns) + "|"
    rows = ["| " + " | ".join(cell(c) for c in row) + " |" for row in grid.rows]
    return [header, rule, *rows]
