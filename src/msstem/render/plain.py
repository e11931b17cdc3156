"""Render a document as plain text: linear, no colour, no box drawing, nothing width-dependent.

Made for screen readers and pipes: headings are lines of text, bullets start with "-", one fact
a line, and a table is read attribute by attribute. With colour (--color always, or auto on a
terminal), the title, headings and strong lines are bold and search matches stand out; the words
are the same.
"""

from __future__ import annotations

from msstem.render.output import clean, styled
from msstem.views.document import Bullets, Document, Grid, Heading, Marked, Paragraph


def plain(doc: Document, color: bool = False) -> str:
    def style(text: str | Marked, *styles: str) -> str:
        return styled(clean(str(text)), *styles) if color else clean(str(text))

    lines: list[str] = [style(doc.title, "bold", "underline"), ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += ["", style(block.text, "bold")]
        elif isinstance(block, Paragraph):
            lines.append(style(block.text, "bold") if block.strong else clean(block.text))
        elif isinstance(block, Bullets):
            for i, item in enumerate(block.items, 1):
                text = _marked(item) if color and isinstance(item, Marked) else clean(str(item))
                lines.append(f"{i}. {text}" if block.numbered else f"- {text}")
        elif isinstance(block, Grid):
            lines += [*(clean(line) for line in _grid(block)), ""]
    lines += ["", *(clean(line) for line in doc.footer)]
    # One blank line between blocks, never two.
    # Without colour, highlighted words are not marked: a screen reader would read marks out ("star").
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text + "\n"


def _grid(grid: Grid) -> list[str]:
    out: list[str] = []
    if grid.by_column:
        # Column by column, each named once: "US National MS Society …" then "- Age: …" for each row.
        for i, name in enumerate(grid.columns[1:], 1):
            out += ["", name]
            silent = []
            for row in grid.rows:
                label, cell = " ".join(row[0]), row[i]
                if cell == (grid.missing,):
                    silent.append(label)
                elif len(cell) == 1:
                    out.append(f"- {label}: {cell[0]}")
                else:
                    out.append(f"- {label}:")
                    out += [f"  - {line}" for line in cell]
            if silent:
                out.append(f"- {grid.missing}: {', '.join(silent)}")
        return out
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


def _marked(item: Marked) -> str:
    """Search matches in reverse video, like the table format; the text itself unchanged."""
    out, pos = [], 0
    for start, end in item.marks:
        out += [clean(item.text[pos:start]), styled(clean(item.text[start:end]), "bold", "reverse")]
        pos = end
    return "".join([*out, clean(item.text[pos:])])
