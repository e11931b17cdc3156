"""Choose an output format and turn what a command shows into text in that format."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msstem.render.output import Environment, linear_terminal

if TYPE_CHECKING:
    from msstem.views.document import Document

FORMATS = ("table", "plain", "markdown", "json", "tsv", "html")
# What a command that shows one document can produce: tsv is for list-like commands only.
DOCUMENT_FORMATS = tuple(f for f in FORMATS if f != "tsv")
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".txt": "plain", ".tsv": "tsv",
              ".html": "html", ".htm": "html"}  # fmt: skip


class FormatError(ValueError):
    """A format that this command cannot produce, or an unknown one."""


@dataclass(frozen=True)
class Shown:
    """What one command shows: a document for people, data for JSON, rows for TSV (list-like only)."""

    document: Callable[[], Document]
    data: Callable[[], Any]
    tsv: Callable[[], str] | None = None

    @property
    def list_like(self) -> bool:
        return self.tsv is not None


def choose(requested: str | None, shown: Shown, env: Environment, output: Path | None) -> str:
    """The format: --format, else the output file's extension, else MSSTEM_FORMAT, else by terminal."""
    fmt = requested
    if fmt is None and output is not None:
        fmt = EXTENSIONS.get(output.suffix.lower())
        if fmt is None:
            known = ", ".join(sorted(EXTENSIONS))
            raise FormatError(f"cannot tell the format from '{output.name}': use --format or one of {known}")
    if fmt is None:
        fmt = os.environ.get("MSSTEM_FORMAT", "").strip().lower() or None
        if fmt is not None and fmt not in FORMATS:
            raise FormatError(f"MSSTEM_FORMAT={fmt} is not a format; choose one of {', '.join(FORMATS)}")
    if fmt is None:
        if not env.is_terminal:
            fmt = "tsv" if shown.list_like else "plain"
        elif linear_terminal():
            fmt = "plain"
        else:
            fmt = "table"
    if fmt == "tsv" and not shown.list_like:
        raise FormatError("tsv is for list-like commands; use plain, markdown or json here")
    if fmt == "html" and output is None:
        raise FormatError("html is written to a file: add --output FILE.html")
    return fmt


def terminal_width(env: Environment) -> int:
    """The width to fold text at on a terminal: COLUMNS, else the terminal's own."""
    import shutil

    return env.width or shutil.get_terminal_size().columns


def render_chunks(fmt: str, shown: Shown, env: Environment) -> Iterator[str]:
    """The text of the output in pieces: JSON item by item (see render/data.py json_chunks), the
    other formats whole."""
    if fmt == "json":
        from msstem.render.data import json_chunks

        yield from json_chunks(shown.data(), pretty=env.is_terminal)
    else:
        yield _text(fmt, shown, env)


def _text(fmt: str, shown: Shown, env: Environment) -> str:
    if fmt == "tsv":
        assert shown.tsv is not None
        return shown.tsv()
    if fmt == "plain":
        from msstem.render.plain import plain

        return plain(shown.document(), terminal_width(env) if env.is_terminal else None, color=env.color)
    if fmt == "markdown":
        from msstem.render.markdown import markdown

        return markdown(shown.document(), color=env.color)
    if fmt == "html":
        from msstem.render.html import html

        return html(shown.document())
    from msstem.render.terminal import render_to_text

    return render_to_text(shown.document(), env)
