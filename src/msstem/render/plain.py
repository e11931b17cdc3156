"""Render a document as plain text: linear, no colour, no box drawing, nothing width-dependent.

Made for screen readers and pipes: headings are lines of text, bullets start with "-", one fact
a line, and a table is read attribute by attribute.
"""

from __future__ import annotations

from msstem.render.output import clean
from msstem.views.document import Bullets, Document, Figure, Grid, Heading, Paragraph, WritingSpace

PROSE = 100  # the widest a line of prose gets on a wide terminal


def plain(doc: Document, width: int | None = None) -> str:
    """Linear text; with a `width` (on a terminal) lines break between words at that width, at
    most PROSE: never inside a word, a URL, an identifier or a group of citations."""
    lines: list[str] = [doc.title, ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += ["", block.text]
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Bullets):
            for i, item in enumerate(block.items, 1):
                lines.append(f"{i}. {item}" if block.numbered else f"- {item}")
        elif isinstance(block, Grid):
            lines += [*_grid(block), ""]
        elif isinstance(block, Figure):  # one sentence, no picture: a screen reader reads it well
            lines.append(f"- {block.sentence}")
        elif isinstance(block, WritingSpace):
            lines += ["", f"{block.label}:"]
    lines += ["", *doc.footer]
    # One blank line between blocks, never two.
    # Highlighted words are not marked: a screen reader would read the marks out ("star").
    text = "\n".join(clean(str(line)) for line in lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    if width:
        text = "\n".join(_wrap(line, min(width, PROSE)) for line in text.split("\n"))
    return text + "\n"


def _wrap(line: str, width: int) -> str:
    """One line folded between words, continuation lines indented under the text of a bullet."""
    import re
    import textwrap

    if len(line) <= width:
        return line
    bullet = re.match(r"\s*(?:- |\d+\. )?", line)
    indent = " " * (bullet.end() if bullet else 0)
    return textwrap.fill(line, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def _grid(grid: Grid) -> list[str]:
    grid = Grid(grid.columns, tuple(tuple(tuple(str(_text(x)) for x in cell) for cell in row) for row in grid.rows),
                grid.row_headers)  # fmt: skip
    out: list[str] = []
    if grid.row_headers:
        # Attribute by attribute: "Aim" then "- aHSCT: ..." for each column.
        for row in grid.rows:
            out += ["", row[0][0]]
            for name, cell in zip(grid.columns[1:], row[1:], strict=True):
                if len(cell) == 1:
                    out.append(f"- {name}: {cell[0]}")
                else:
                    out.append(f"- {name}:")
                    out += [f"  - {line}" for line in cell]
        return out
    # Record by record: the first column names the record, the others follow as "Label: value".
    for row in grid.rows:
        out += ["", " ".join(row[0])]
        for name, cell in zip(grid.columns[1:], row[1:], strict=True):
            out.append(f"- {name}: {' '.join(cell)}")
    return out


def _text(item: str | Figure) -> str:
    return (item.short or item.sentence) if isinstance(item, Figure) else item
