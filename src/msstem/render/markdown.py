"""Render a document as CommonMark (with GFM tables) for blogs, handouts and printing."""

from __future__ import annotations

import re

from msstem.render.output import clean, styled
from msstem.views.document import Bullets, Document, Grid, Heading, Marked, Paragraph

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")
_URL = re.compile(r"(https://\S+)")


def escape(text: str | Marked) -> str:
    """Knowledge-base text as literal markdown: no emphasis, links or HTML from data; marked words
    (search matches) in bold."""
    if isinstance(text, Marked):
        out, pos = [], 0
        for start, end in text.marks:
            out += [escape(text.text[pos:start]), "**", escape(text.text[start:end]), "**"]
            pos = end
        return "".join([*out, escape(text.text[pos:])])
    parts = _URL.split(clean(text))
    # Odd parts are URLs: keep them as autolinks so they stay clickable, escape everything else.
    return "".join(f"<{p}>" if i % 2 else _SPECIAL.sub(r"\\\1", p) for i, p in enumerate(parts))


def markdown(doc: Document, color: bool = False) -> str:
    """The document as markdown; with colour (for less -R), headings and strong lines are also bold."""

    def bold(line: str) -> str:
        return styled(line, "bold") if color else line

    out: list[str] = [bold(f"# {escape(doc.title)}"), ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += [bold(f"{'#' * block.level} {escape(block.text)}"), ""]
        elif isinstance(block, Paragraph):
            text = escape(block.text)
            out += [bold(f"**{text}**") if block.strong else text, ""]
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
