"""A small, format-neutral document: what to show, not how.

Views build documents from the model; each output format (Rich table, plain text, markdown)
renders the same blocks, so every format shows the same facts in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A natural frequency: its sentence, and the picture of it, an icon array of 100 (people with
    the outcome filled first; a range shown as 'maybe' icons). Plain text shows the sentence only."""

    sentence: str  # the whole of it: how many, what, who, which study, when, and its sources
    per_100: float
    per_100_high: float | None = None
    short: str = ""  # "About 5 in 100 (3 of 55)", for a grid whose row and notes say the rest

    def icons(self) -> tuple[int, int]:
        """How many of the 100 icons are filled, and how many more are 'maybe' (a range)."""
        filled = round(self.per_100)
        high = filled if self.per_100_high is None else round(self.per_100_high)
        return min(filled, 100), max(0, min(high, 100) - min(filled, 100))

    def too_rare(self) -> bool:
        """Under 1 in 200: no icon of 100 would be filled, so a picture would look like none at all."""
        return self.per_100 > 0 and self.icons() == (0, 0)


Cell = tuple["str | Figure", ...]  # one or more lines, or figures


@dataclass(frozen=True)
class Marked:
    """Text with words to emphasise (search matches), as character spans: each renderer shows
    them its own way, and knowledge-base text can never fake them."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str | Marked, ...]
    numbered: bool = False
    space_to_write: bool = False  # on paper: room under each item to write an answer


@dataclass(frozen=True)
class Grid:
    """A table. With row_headers, the first cell of each row names an attribute.

    How it may bend to a narrow screen, for the renderers that lay it out by width:
    - optional: columns a table may leave out when not all fit, the one to keep longest first;
    - by_column: each column is a record (a source, say) that may be shown apart from the others:
      as many side by side as fit, or one after another, each named once. `missing` is the text of
      a cell that says nothing ("Not stated"), which a layout by column may sum up in one line.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_headers: bool = False
    optional: tuple[int, ...] = ()
    by_column: bool = False
    missing: str | None = None


@dataclass(frozen=True)
class WritingSpace:
    """An empty box to write in, on paper ("Notes"); a labelled line elsewhere."""

    label: str
    lines: int = 6


Block = Heading | Paragraph | Bullets | Grid | Figure | WritingSpace


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    footer: tuple[str, ...]  # always shown last: the disclaimer and the knowledge base version
    subtitle: str | None = None  # straight under the title: "Last reviewed 2 December 2026."
