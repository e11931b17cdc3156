"""Icon arrays of 100 (IPDAS): those with the outcome filled first and grouped, 'maybe' icons for
the rest of a range, the others empty. Filled and empty differ in shape, not only in colour."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator

from msstem.views.document import Block, Cell, Figure, Grid

SYMBOLS = {False: ("●", "◐", "○"), True: ("#", "+", ".")}  # filled, maybe, empty; ASCII with --ascii
PER_ROW, GROUP = 25, 5


def figures(blocks: Iterable[Block]) -> Iterator[Figure]:
    """Every picture these blocks draw: on its own, or in a grid's cells."""
    for block in blocks:
        if isinstance(block, Figure):
            yield block
        elif isinstance(block, Grid):
            yield from (item for row in block.rows for cell in row for item in cell if isinstance(item, Figure))


def numbers_row(answers: Iterable[Cell]) -> tuple[list[str], list[Figure | None]] | None:
    """A grid row of numbers side by side (one item a cell, a picture among them) as its words and
    its pictures, to be drawn as a row of words, then a row of pictures, so that the pictures start
    level however long the words are; None for any other row."""
    cells = list(answers)
    if not (all(len(c) == 1 for c in cells) and any(isinstance(c[0], Figure) for c in cells)):
        return None
    words = [(c[0].short or c[0].sentence) if isinstance(c[0], Figure) else c[0] for c in cells]
    return words, [c[0] if isinstance(c[0], Figure) else None for c in cells]


def legend(blocks: Iterable[Block], ascii_only: bool = False, svg: bool = False) -> str | None:
    """What the symbols mean, where a range ('5 to 6 in 100') is among the pictures; None
    otherwise (filled and empty explain themselves beside 'About 5 in 100')."""
    if not any(f.icons()[1] for f in figures(blocks)):
        return None
    if svg:
        full, half, empty = "a filled circle for", "a dashed circle for", "an empty circle for"
    else:
        full, half, empty = SYMBOLS[ascii_only]
    return (
        f"In each picture of 100 people: {full} those it happened to, {half} the rest of a range the"
        f" source gives (it may have happened to them), {empty} the others."
    )


TOO_RARE = "Too rare to show as a dot in a picture of 100."  # instead of a picture that looks like 0


def icon_rows(figure: Figure, ascii_only: bool = False) -> list[str]:
    """Four rows of 25, in groups of 5 so they can be counted: '●●●○○ ○○○○○ …'."""
    if figure.too_rare():
        return [TOO_RARE]
    filled, maybe = figure.icons()
    full, half, empty = SYMBOLS[ascii_only]
    icons = full * filled + half * maybe + empty * (100 - filled - maybe)
    rows = []
    for start in range(0, 100, PER_ROW):
        row = icons[start : start + PER_ROW]
        rows.append(" ".join(row[i : i + GROUP] for i in range(0, PER_ROW, GROUP)))
    return rows


def svg(figure: Figure) -> str:
    """The same array as an inline SVG picture, its text alternative the sentence."""
    if figure.too_rare():
        return html.escape(TOO_RARE)
    filled, maybe = figure.icons()
    label = html.escape(figure.sentence, quote=True)
    size, gap = 10, 3
    circles = []
    for i in range(100):
        row, col = divmod(i, PER_ROW)
        x = col * (size + gap) + (col // GROUP) * gap + size / 2 + 1
        y = row * (size + gap) + size / 2 + 1
        if i < filled:
            circles.append(f'<circle cx="{x:g}" cy="{y:g}" r="5" fill="#222"/>')
        elif i < filled + maybe:
            circles.append(
                f'<circle cx="{x:g}" cy="{y:g}" r="4.5" fill="#fff" stroke="#222" stroke-dasharray="2 1.5"/>'
            )
        else:
            circles.append(f'<circle cx="{x:g}" cy="{y:g}" r="4.5" fill="none" stroke="#222"/>')
    width = PER_ROW * (size + gap) + (PER_ROW // GROUP) * gap
    height = 4 * (size + gap)
    return (
        f'<svg role="img" aria-label="{label}" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{label}</title>{"".join(circles)}</svg>'
    )
