"""Where output goes: terminal detection, colour, width, and making text safe to print."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from dataclasses import dataclass
from typing import IO, Any

# C0 and C1 control characters (but not newline or tab), DEL, and the Unicode bidirectional
# overrides and isolates: shown as a visible replacement character, never sent to the terminal.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """Text from the knowledge base, made safe for a terminal: no escapes, no direction tricks."""
    return _UNSAFE.sub(REPLACEMENT, text.replace("\t", " "))


@dataclass(frozen=True)
class Environment:
    """What the output may do: decided once per invocation, injectable in tests."""

    is_terminal: bool
    color: bool
    width: int | None
    ascii: bool = False

    @classmethod
    def detect(cls, stream: IO[str], color: str = "auto", ascii_only: bool = False) -> Environment:
        env = os.environ
        is_terminal = _isatty(stream)
        dumb = env.get("TERM") == "dumb"
        if color == "always":
            use_color = True
        elif color == "never" or "NO_COLOR" in env or dumb:
            use_color = False
        else:
            use_color = is_terminal or bool(env.get("FORCE_COLOR"))
        width = _int(env.get("COLUMNS"))
        return cls(is_terminal=is_terminal, color=use_color, width=width, ascii=ascii_only)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _int(value: str | None) -> int | None:
    try:
        return max(1, int(value)) if value else None
    except ValueError:
        return None


def make_console(stream: IO[str], env: Environment) -> Any:
    """A Rich console that never interprets markup or emoji in data and honours the environment."""
    from rich.console import Console

    width = env.width
    if width is None and not env.is_terminal:
        width = 100  # piped Rich tables: a stable width; plain and markdown do not wrap at all
    return Console(
        file=stream,
        width=width,
        color_system="standard" if env.color else None,
        force_terminal=env.color,
        no_color=not env.color,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def make_streams_safe() -> None:
    """Never crash on text the terminal's encoding cannot show: replace it instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
