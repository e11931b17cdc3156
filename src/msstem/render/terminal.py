"""Render a document with Rich: tables and headings for a terminal."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from msstem.render.icons import figures, icon_rows, legend, numbers_row
from msstem.render.output import PROSE, Cut, Environment, clean, cut_note, fit_addresses, fold, make_console
from msstem.views.citations import links_in
from msstem.views.document import Bullets, Document, Figure, Grid, Heading, Marked, Paragraph, WritingSpace


def text(
    value: str | Marked,
    style: str = "",
    room: int | None = None,
    cut: list[Cut] | None = None,
    ascii_only: bool = False,
) -> Any:
    """Knowledge-base text as a Rich Text, literally: never parsed as markup; marked words highlighted.
    With a `room` (and a list `cut` to note them in), web addresses too long for it are cut to fit,
    still linked whole, and the text is folded by the same rule as plain text (`output.fold`)."""
    from rich.style import Style
    from rich.text import Text

    plain = clean(str(value))
    cuts: list[Cut] = []
    if room is not None and cut is not None:
        plain, cuts = fit_addresses(plain, room, ascii_only)
        cut.extend(cuts)
    if room is not None and not isinstance(value, Marked):  # folded as plain text folds: Rich would
        plain = "\n".join(fold(plain, room))  # split a telephone number at its spaces
    out = Text(plain, style=style)
    for start, end in value.marks if isinstance(value, Marked) else ():
        if not any(c.was_start < end and start < c.was_end for c in cuts):  # (not in a cut address)
            shift = sum((c.end - c.start) - (c.was_end - c.was_start) for c in cuts if c.was_end <= start)
            out.stylize("bold reverse", start + shift, end + shift)
    links = [(c.start, c.end, c.address) for c in cuts]
    links += [(s, e, a) for s, e, a in links_in(plain) if not any(c.start < e and s < c.end for c in cuts)]
    for start, end, address in links:  # clickable (OSC 8) where the terminal supports links
        if address.startswith("https://"):
            out.stylize(Style(link=address), start, end)
    return out


def render_to_text(doc: Document, env: Environment) -> str:
    """The Rich rendering as text, with colour codes only where the environment allows them."""
    import io

    buffer = io.StringIO()
    render(doc, make_console(buffer, env), env)
    # Rich pads grid cells to the column width: drop the trailing spaces it leaves. One blank line
    # between blocks, never two (a grid stacked on a narrow screen starts with one of its own).
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in buffer.getvalue().split("\n")))


def render(doc: Document, console: Any, env: Environment) -> None:
    full = console.width
    try:
        console.width = min(full, PROSE)  # prose at most PROSE wide; a grid of several columns gets it all
        _render(doc, console, env, full)
    finally:
        console.width = full


def _render(doc: Document, console: Any, env: Environment, full: int) -> None:
    console.print(text(doc.title, style="bold underline"))
    if doc.subtitle:
        console.print(text(doc.subtitle))
    console.print()
    key = legend(doc.blocks, env.ascii)  # said once: before the first picture, or under its grid
    cut: list[Cut] = []  # web addresses too long for the width, shown cut: a note says so
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            if i:  # (the first has the blank line under the title)
                console.print()
            console.print(text(block.text, style="bold"))
        elif isinstance(block, Paragraph):
            if i and isinstance(doc.blocks[i - 1], Figure):  # a picture's last row is not read into it
                console.print()
            console.print(text(block.text, "bold" if block.strong else "", console.width, cut, env.ascii))
        elif isinstance(block, Bullets):
            _bullets(console, block, cut, env.ascii)
        elif isinstance(block, Grid):
            prose = console.width
            console.width = full if len(block.columns) > 2 or not block.row_headers else prose
            _grid(console, block, env)
            console.width = prose
            if key and any(figures([block])):
                console.print(text(key))
                key = None
        elif isinstance(block, WritingSpace):
            console.print()
            console.print(text(f"{block.label}:", style="bold"))
        elif isinstance(block, Figure):  # its words, then its picture; a blank line between two
            if key:
                console.print(text(key))
                key = None
            if i and isinstance(doc.blocks[i - 1], Figure):
                console.print()
            console.print(text(block.sentence))
            console.print(text("\n".join(icon_rows(block, env.ascii))))
    console.print()
    if cut:
        console.print(text(cut_note(env.ascii)))
    joined = " ".join(doc.footer)  # the disclaimer and the version: on one line where they fit
    for line in [joined] if len(doc.footer) == 2 and len(joined) <= console.width else doc.footer:
        console.print(text(line))


def _bullets(console: Any, block: Bullets, cut: list[Cut], ascii_only: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    room = console.width - len(f"{len(block.items)}." if block.numbered else "-") - 1  # beside the numbers
    for i, item in enumerate(block.items, 1):
        table.add_row(Text(f"{i}." if block.numbered else "-"), text(item, room=room, cut=cut, ascii_only=ascii_only))
    console.print(table)


LABEL_WIDTH = 10  # the question column of an option grid
ICONS_WIDTH = 29  # an icon array row: 25 icons in groups of 5
COMFORTABLE = 24  # a column of a list gets this many characters, or fewer if its text is shorter
SOURCE_COLUMN = 28  # a column of a grid by column (criteria by source) gets this many, side by side
ROW_NAMES = 20  # the names of a grid's rows (criteria: "Years with MS ..."), at most


def _grid(console: Any, grid: Grid, env: Environment) -> None:
    if grid.by_column:
        _by_column(console, grid, env)
        return
    kept = list(range(len(grid.columns)))
    if grid.row_headers:  # an option grid: side by side while each answer column holds an icon array
        if console.width < LABEL_WIDTH + (len(grid.columns) - 1) * (ICONS_WIDTH + 2):
            _stacked(console, grid, kept, env)
        else:
            _table(console, grid, kept, env, option_grid=True)
        return
    dropping = list(reversed(grid.optional))  # the last to keep goes first
    while dropping and not _fits(grid, kept, console.width):
        kept.remove(dropping.pop(0))
    if _fits(grid, kept, console.width):
        _table(console, grid, kept, env)
    else:
        _stacked(console, grid, kept, env)
        console.print()
    left_out = [name for i, name in enumerate(grid.columns) if i not in kept]
    if left_out:
        console.print(text(f"Also on a wider screen, or with --format plain: {', '.join(left_out)}."))


def _fits(grid: Grid, columns: list[int], width: int) -> bool:
    """Whether these columns fit side by side, each at a width it reads well at."""
    return sum(_comfortable(grid, i) + 3 for i in columns) + 1 <= width


def _comfortable(grid: Grid, i: int) -> int:
    """The width a column reads well at: its longest line, up to COMFORTABLE, never under its longest word."""
    lines = [grid.columns[i], *(line for row in grid.rows for line in row[i])]
    longest_word = max((len(w) for line in lines for w in line.split()), default=1)
    return max(longest_word, min(COMFORTABLE, max(len(line) for line in lines)))


def _labelled(label: str, value: str) -> Any:
    """'Label: value' with only the label in bold (adding Rich Texts would make the whole line bold)."""
    from rich.text import Text

    return Text.assemble(text(label + ": ", style="bold"), text(value))


def _table(console: Any, grid: Grid, kept: list[int], env: Environment, option_grid: bool = False) -> None:
    from rich import box
    from rich.table import Table

    if option_grid:  # a rule under the names; the questions' column narrow, so the answers get the room
        lines = (
            box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True) if env.ascii else box.SIMPLE_HEAD
        )
        # Two spaces between columns, not three: at 100 columns each answer gets a character more.
        table = Table(box=lines, show_edge=False, pad_edge=False, collapse_padding=True, header_style="bold")
    else:
        table = Table(box=box.ASCII if env.ascii else box.SQUARE, show_lines=True, expand=False, header_style="bold")
    for i in kept:
        if option_grid and i == 0:
            table.add_column(text(grid.columns[i]), overflow="fold", style="bold", max_width=LABEL_WIDTH)
        else:
            label = grid.row_headers and i == 0  # (criteria: the facts' names, no wider than they need)
            table.add_column(
                text(grid.columns[i]),
                overflow="fold",
                style="bold" if label else "",
                ratio=1 if option_grid else None,
                max_width=ROW_NAMES if label else None,
            )
    bullet = len(kept) > 2
    for row in grid.rows:
        numbers = numbers_row(row[i] for i in kept[1:]) if option_grid else None
        if numbers:
            words, pictures = numbers
            # A row name longer than the words ("Died from the treatment") goes on beside the
            # pictures, so the words row is no taller than its words (widths as Rich shares them out).
            column = max(1, (console.width - LABEL_WIDTH - 2 * len(words)) // len(words))
            tall = max(len(textwrap.wrap(w, column)) for w in words)
            name = textwrap.wrap(" ".join(map(str, row[kept[0]])), LABEL_WIDTH)
            table.add_row(text("\n".join(name[:tall])), *(text(w) for w in words))
            pictured = (text("\n".join(icon_rows(p, env.ascii))) if p else "" for p in pictures)
            table.add_row(text("\n".join(name[tall:])), *pictured)
            continue
        table.add_row(*(_cell(row[i], bullet and i > 0, env) for i in kept))
    console.print(table)


def _by_column(console: Any, grid: Grid, env: Environment) -> None:
    """Criteria by source: as many sources side by side as fit, in tables of even size, or else one
    source after another; either way each source is named once."""
    labels = [" ".join(row[0]) for row in grid.rows]
    label_width = min(max((len(label) for label in labels), default=0), 20) + 3
    per_table = (console.width - label_width - 1) // (SOURCE_COLUMN + 3)
    sources = list(range(1, len(grid.columns)))
    if per_table < 2 and len(sources) > 1:
        _stacked_by_column(console, grid)
        return
    n_tables = -(-len(sources) // max(1, per_table))
    size = -(-len(sources) // n_tables)
    for start in range(0, len(sources), size):
        chunk = sources[start : start + size]
        rows = tuple(row for row in grid.rows if any(row[i] != (grid.missing,) for i in chunk))
        if start:
            console.print()
        _table(console, Grid(grid.columns, rows, row_headers=True), [0, *chunk], env)


def _stacked_by_column(console: Any, grid: Grid) -> None:
    """A narrow screen: one column (source) after another, each named once, its rows under it."""
    for i in range(1, len(grid.columns)):
        console.print()
        console.print(text(grid.columns[i], style="bold underline"))
        silent = []
        for row in grid.rows:
            label, cell = " ".join(row[0]), row[i]
            if cell == (grid.missing,):
                silent.append(label)
            elif len(cell) == 1:
                console.print(_labelled(label, cell[0]))
            else:
                console.print(text(label + ":", style="bold"))
                for line in cell:
                    console.print(text("- " + line))
        if silent:
            console.print(_labelled(grid.missing, ", ".join(silent)))


def _cell(cell: tuple[str | Figure, ...], bullet: bool, env: Environment) -> Any:
    """A grid cell: its item, or its items as a list whose lines go on under the text, not the "-"."""
    if not (bullet and len(cell) > 1):
        return text("\n".join(line for item in cell for line in _item_lines(item, env)))
    return _items(cell, env)


def _items(cell: tuple[str | Figure, ...], env: Environment) -> Any:
    """Items as a list: "-", then the words, and a number's picture under its words."""
    from rich.table import Table

    items = Table.grid(padding=(0, 1))
    items.add_column(no_wrap=True)
    items.add_column(overflow="fold")
    for item in cell:
        words, *pictures = _item_lines(item, env)
        items.add_row("-", text(words))
        if pictures:
            items.add_row("", text("\n".join(pictures)))
    return items


def _item_lines(item: str | Figure, env: Environment) -> list[str]:
    """An item's words, then its picture's rows if it is a number."""
    if isinstance(item, Figure):
        return [item.short or item.sentence, *icon_rows(item, env.ascii)]
    return [item]


def _stacked(console: Any, grid: Grid, kept: list[int], env: Environment) -> None:
    """A narrow terminal: record by record (or question by question for a comparison), each value
    under its name, so that no word is broken and no column is read far from its header."""
    for row in grid.rows:
        console.print()
        console.print(text(" ".join(str(x) for x in row[0]), style="bold underline"))
        for i in kept[1:]:
            name, cell = grid.columns[i], row[i]
            if len(cell) == 1 and not isinstance(cell[0], Figure):  # "Aim: Reset the immune system"
                # (one entry's answers, under its own title: not named on every line)
                console.print(text(cell[0]) if grid.row_headers and len(kept) == 2 else _labelled(name, cell[0]))
                continue
            console.print(text(name + ":", style="bold"))
            console.print(_items(cell, env))
