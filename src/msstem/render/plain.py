"""Render a document as plain text: linear, no box drawing.

Made for screen readers and pipes: headings are lines of text, bullets start with "-", one fact
a line, and a table is read attribute by attribute. On a terminal (a `width`) lines break between
words only, at most PROSE wide; piped, nothing is folded. With colour (--color always, or auto on
a terminal), the title, headings and strong lines are bold and search matches stand out; the words
are the same.
"""

from __future__ import annotations

import re

from msstem.render.output import PROSE, clean, cut_note, fit_addresses, fold, styled
from msstem.views.document import Bullets, Document, Figure, Grid, Heading, Marked, Paragraph, WritingSpace


def plain(doc: Document, width: int | None = None, color: bool = False) -> str:
    """Linear text; with a `width` lines break between words at that width (at most PROSE): never
    inside a word, a URL, an identifier or a group of citations."""
    limit = min(width, PROSE) if width else None  # the width lines are folded at, on a terminal
    out: list[str] = []
    cut = False  # a web address too long for the width was shown cut: a note says so

    def add(text: str | Marked, *styles: str, prefix: str = "") -> None:
        """One logical line: folded, then styled line by line (so a style never spans a fold)."""
        if isinstance(text, Marked) and color and (limit is None or len(prefix + text.text) <= limit):
            out.append(prefix + _marked(text))  # (a match that would be folded is shown unmarked)
            return
        nonlocal cut
        line = prefix + clean(str(text))
        if limit:
            line, cuts = fit_addresses(line, limit - len(_indent(line)))
            cut = cut or bool(cuts)
        lines = fold(line, limit, _indent(line)) if limit else [line]
        out.extend(styled(line, *styles) if color and styles else line for line in lines)

    add(doc.title, "bold", "underline")
    if doc.subtitle:
        add(doc.subtitle)
    out.append("")
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append("")
            add(block.text, "bold")
        elif isinstance(block, Paragraph):
            add(block.text, *(("bold",) if block.strong else ()))
        elif isinstance(block, Bullets):
            for i, item in enumerate(block.items, 1):
                add(item, prefix=f"{i}. " if block.numbered else "- ")
        elif isinstance(block, Grid):
            for line in _grid(block):
                add(line)
            out.append("")
        elif isinstance(block, Figure):  # one sentence, no picture: a screen reader reads it well
            add(block.sentence, prefix="- ")
        elif isinstance(block, WritingSpace):
            out.append("")
            add(f"{block.label}:")
    out.append("")
    if cut:
        add(cut_note())
    for line in doc.footer:
        add(line)
    # One blank line between blocks, never two.
    # Without colour, highlighted words are not marked: a screen reader would read marks out ("star").
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text + "\n"


def _indent(line: str) -> str:
    """The indent of a folded line's continuations: under the text of its bullet."""
    bullet = re.match(r"\s*(?:- |\d+\. )?", line)
    return " " * (bullet.end() if bullet else 0)


def _grid(grid: Grid) -> list[str]:
    rows = tuple(tuple(tuple(_text(x) for x in cell) for cell in row) for row in grid.rows)
    out: list[str] = []
    if grid.by_column:
        # Column by column, each named once: "US National MS Society …" then "- Age: …" for each row.
        for i, name in enumerate(grid.columns[1:], 1):
            out += ["", name]
            silent = []
            for row in rows:
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
        for row in rows:
            out += ["", row[0][0]]
            for name, cell in zip(grid.columns[1:], row[1:], strict=True):
                if len(cell) == 1:
                    out.append(f"- {name}: {cell[0]}")
                else:
                    out.append(f"- {name}:")
                    out += [f"  - {line}" for line in cell]
        return out
    # Record by record: the first column names the record, the others follow as "Label: value".
    for row in rows:
        out += ["", " ".join(row[0])]
        for name, cell in zip(grid.columns[1:], row[1:], strict=True):
            out.append(f"- {name}: {' '.join(cell)}")
    return out


def _text(item: str | Figure) -> str:
    return (item.short or item.sentence) if isinstance(item, Figure) else item


def _marked(item: Marked) -> str:
    """Search matches in reverse video, like the table format; the text itself unchanged."""
    out, pos = [], 0
    for start, end in item.marks:
        out += [clean(item.text[pos:start]), styled(clean(item.text[start:end]), "bold", "reverse")]
        pos = end
    return "".join([*out, clean(item.text[pos:])])
