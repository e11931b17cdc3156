"""Where output goes: terminal detection, colour, width, and making text safe to print."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

# C0 and C1 control characters (but not newline or tab), DEL, and the Unicode bidirectional
# overrides and isolates: shown as a visible replacement character, never sent to the terminal.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """Text from the knowledge base, made safe for a terminal: no escapes, no direction tricks."""
    return _UNSAFE.sub(REPLACEMENT, text.replace("\t", " "))


_SGR = {"bold": "1", "underline": "4", "reverse": "7"}


def styled(text: str, *styles: str) -> str:
    """Clean text in a terminal style (bold, underline, reverse) for the formats drawn without Rich."""
    return f"\x1b[{';'.join(_SGR[s] for s in styles)}m{text}\x1b[0m" if text else text


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
        is_terminal = isatty(stream)
        dumb = env.get("TERM") == "dumb"
        if color == "always":
            use_color = True
        elif color == "never" or "NO_COLOR" in env or dumb:
            use_color = False
        else:
            use_color = is_terminal or bool(env.get("FORCE_COLOR"))
        width = _int(env.get("COLUMNS")) or _terminal_width(stream)
        return cls(is_terminal=is_terminal, color=use_color, width=width, ascii=ascii_only)


def _terminal_width(stream: IO[str]) -> int | None:
    """The width of the terminal the output goes to, or else the one msstem runs in (its stderr or
    stdin, when the output goes through `| less -R` or into a file); None without a terminal."""
    for fd in (_fileno(stream), 2, 0):
        if fd is not None:
            with contextlib.suppress(OSError, ValueError):
                return os.get_terminal_size(fd).columns or None
    return None


def _fileno(stream: IO[str]) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, ValueError, OSError):  # io.StringIO and friends have no file descriptor
        return None


def isatty(stream: IO[str] | None) -> bool:
    """True for a terminal; False for a pipe, a file, or a closed or missing stream."""
    try:
        return stream is not None and stream.isatty()
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
        width = 100  # piped Rich tables without COLUMNS or a terminal: a stable width; plain and markdown do not wrap
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


class OutputExistsError(FileExistsError):
    """--output names a file that exists, and --force was not given."""


def write_atomic(path: Path, text: str | Iterable[str], force: bool = False) -> None:
    """Write the whole text or nothing: a temporary file beside the target, then a rename."""
    import tempfile

    if path.exists() and not force:
        raise OutputExistsError(f"{path} exists: add --force to replace it")
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # like any new file (mkstemp makes it private)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def page(text: str) -> None:
    """Show text through $PAGER (default `less -R`), or print it when no pager can run."""
    import shlex
    import subprocess

    command = shlex.split(os.environ.get("PAGER") or "less -R")
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, encoding="utf-8", errors="replace")
    except OSError:
        sys.stdout.write(text)
        return
    assert proc.stdin is not None
    with contextlib.suppress(BrokenPipeError):
        proc.stdin.write(text)
        proc.stdin.close()
    proc.wait()
