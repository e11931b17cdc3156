"""Render a document with Rich: tables and headings for a terminal."""

from __future__ import annotations

from typing import Any

from msstem.render.output import Environment, clean, make_console
from msstem.views.document import Bullets, Document, Grid, Heading, Marked, Paragraph

NARROW = 60  # below this many columns per therapy, compare stacks instead of side by side


def text(value: str | Marked, style: str = "") -> Any:
    """Knowledge-base text as a Rich Text, literally: never parsed as markup; marked words highlighted."""
    from rich.text import Text

    out = Text(clean(str(value)), style=style)
    for start, end in value.marks if isinstance(value, Marked) else ():
        out.stylize("bold reverse", start, end)
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


def _grid(console: Any, grid: Grid, env: Environment) -> None:
    from rich import box
    from rich.table import Table

    n_data = len(grid.columns) - (1 if grid.row_headers else 0)
    too_narrow = console.width < NARROW * max(1, n_data) // 2 + 20 if grid.row_headers else None
    if too_narrow is None:
        too_narrow = console.width < MIN_COLUMN * len(grid.columns) + 3 * len(grid.columns)
    if too_narrow:
        _stacked(console, grid)
        return
    table = Table(
        box=box.ASCII if env.ascii else box.SQUARE,
        show_lines=True,
        expand=False,
        header_style="bold",
    )
    for i, col in enumerate(grid.columns):
        table.add_column(text(col), overflow="fold", style="bold" if grid.row_headers and i == 0 else "")
    for row in grid.rows:
        table.add_row(*(text("\n".join(_lines(cell, len(grid.columns) > 2 and j > 0))) for j, cell in enumerate(row)))
    console.print(table)


def _lines(cell: tuple[str, ...], bullet: bool) -> list[str]:
    if bullet and len(cell) > 1:
        return [f"- {line}" for line in cell]
    return list(cell)


def _stacked(console: Any, grid: Grid) -> None:
    """A narrow terminal: record by record (or attribute by attribute for a comparison), every
    value on its own indented lines, so that no word is broken."""
    from rich.table import Table

    names = grid.columns[1:]
    for row in grid.rows:
        console.print()
        console.print(text(" ".join(row[0]), style="bold underline"))
        for name, cell in zip(names, row[1:], strict=True):
            if len(cell) == 1:  # "Aim: Reset the immune system" on one line
                console.print(text(name + ": ", style="bold") + text(cell[0]))
                continue
            console.print(text(name + ":", style="bold"))
            items = Table.grid(padding=(0, 1))
            items.add_column(no_wrap=True)
            items.add_column(overflow="fold")
            for line in cell:
                items.add_row("-", text(line))
            console.print(items)
