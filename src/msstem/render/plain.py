"""Render a document as plain text: linear, no colour, no box drawing, nothing width-dependent.

Made for screen readers and pipes: headings are lines of text, bullets start with "-", one fact
a line, and a table is read attribute by attribute.
"""

from __future__ import annotations

from msstem.render.output import clean
from msstem.views.document import Bullets, Document, Grid, Heading, Paragraph


def plain(doc: Document) -> str:
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
    lines += ["", *doc.footer]
    # One blank line between blocks, never two.
    # Highlighted words are not marked: a screen reader would read the marks out ("star").
    text = "\n".join(clean(str(line)) for line in lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text + "\n"


def _grid(grid: Grid) -> list[str]:
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
