"""Render a document with Rich: tables and headings for a terminal."""

from __future__ import annotations

import re
from typing import Any

from msstem.render.icons import icon_rows
from msstem.render.output import Environment, clean, make_console
from msstem.views.document import Bullets, Document, Figure, Grid, Heading, Marked, Paragraph, WritingSpace


def text(value: str | Marked, style: str = "") -> Any:
    """Knowledge-base text as a Rich Text, literally: never parsed as markup; marked words highlighted."""
    from rich.style import Style
    from rich.text import Text

    out = Text(clean(str(value)), style=style)
    for start, end in value.marks if isinstance(value, Marked) else ():
        out.stylize("bold reverse", start, end)
    for url in _LINK.finditer(out.plain):  # clickable (OSC 8) where the terminal supports links
        out.stylize(Style(link=url.group()), url.start(), url.end())
    return out


def render_to_text(doc: Document, env: Environment) -> str:
    """The Rich rendering as text, with colour codes only where the environment allows them."""
    import io

    buffer = io.StringIO()
    render(doc, make_console(buffer, env), env)
    # Rich pads grid cells to the column width: drop the trailing spaces it leaves.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def render(doc: Document, console: Any, env: Environment) -> None:

    console.print(text(doc.title, style="bold underline"))
    console.print()
    for block in doc.blocks:
        if isinstance(block, Heading):
            console.print()
            console.print(text(block.text, style="bold"))
        elif isinstance(block, Paragraph):
            console.print(text(block.text, style="bold" if block.strong else ""))
        elif isinstance(block, Bullets):
            _bullets(console, block)
        elif isinstance(block, Grid):
            _grid(console, block, env)
        elif isinstance(block, WritingSpace):
            console.print()
            console.print(text(f"{block.label}:", style="bold"))
        elif isinstance(block, Figure):
            console.print(text(block.sentence))
            console.print(text("\n".join(icon_rows(block, env.ascii))))
    console.print()
    for line in doc.footer:
        console.print(text(line))


def _bullets(console: Any, block: Bullets) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for i, item in enumerate(block.items, 1):
        table.add_row(Text(f"{i}." if block.numbered else "-"), text(item))
    console.print(table)


MIN_COLUMN = 16  # narrower than this, words break mid-word: the grid is stacked instead
_LINK = re.compile(r"https://[^\s<>\"]+[^\s<>\".,;:)\]]")
LABEL_WIDTH = 10  # the question column of an option grid
ICONS_WIDTH = 29  # an icon array row: 25 icons in groups of 5


def _grid(console: Any, grid: Grid, env: Environment) -> None:
    from rich import box
    from rich.table import Table

    n_data = len(grid.columns) - (1 if grid.row_headers else 0)
    if grid.row_headers:  # side by side while each answer column is as wide as an icon array
        too_narrow = console.width < LABEL_WIDTH + n_data * (ICONS_WIDTH + 2)
    else:
        too_narrow = console.width < MIN_COLUMN * len(grid.columns) + 3 * len(grid.columns)
    if too_narrow:
        _stacked(console, grid, env)
        return
    if grid.row_headers:  # an option grid: a rule under the names, a blank line between questions
        lines = (
            box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True) if env.ascii else box.SIMPLE_HEAD
        )
        table = Table(box=lines, show_edge=False, pad_edge=False, expand=False, header_style="bold")
    else:
        table = Table(box=box.ASCII if env.ascii else box.SQUARE, show_lines=True, expand=False, header_style="bold")
    for i, col in enumerate(grid.columns):
        if grid.row_headers and i == 0:  # the questions: narrow, so the answers get the room
            table.add_column(text(col), overflow="fold", style="bold", max_width=LABEL_WIDTH)
        else:
            table.add_column(text(col), overflow="fold", ratio=1 if grid.row_headers else None)
    for row in grid.rows:
        table.add_row(
            *(text("\n".join(_lines(cell, len(grid.columns) > 2 and j > 0, env))) for j, cell in enumerate(row))
        )
    console.print(table)


def _lines(cell: tuple[str | Figure, ...], bullet: bool, env: Environment) -> list[str]:
    out: list[str] = []
    for item in cell:
        if isinstance(item, Figure):
            line = item.short or item.sentence
            out += [f"- {line}" if bullet and len(cell) > 1 else line, *icon_rows(item, env.ascii)]
        else:
            out.append(f"- {item}" if bullet and len(cell) > 1 else item)
    return out


def _stacked(console: Any, grid: Grid, env: Environment) -> None:
    """A narrow terminal: record by record (or question by question for a comparison), each value
    under its name, so that no word is broken and no column is read far from its header."""
    from rich.table import Table

    names = grid.columns[1:]
    for row in grid.rows:
        console.print()
        console.print(text(" ".join(str(x) for x in row[0]), style="bold underline"))
        for name, cell in zip(names, row[1:], strict=True):
            if len(cell) == 1 and not isinstance(cell[0], Figure):  # "Aim: Reset the immune system"
                console.print(text(name + ": ", style="bold") + text(cell[0]))
                continue
            console.print(text(name + ":", style="bold"))
            items = Table.grid(padding=(0, 1))
            items.add_column(no_wrap=True)
            items.add_column(overflow="fold")
            for item in cell:
                if isinstance(item, Figure):
                    items.add_row("-", text(item.short or item.sentence))
                    items.add_row("", text("\n".join(icon_rows(item, env.ascii))))
                else:
                    items.add_row("-", text(item))
            console.print(items)
