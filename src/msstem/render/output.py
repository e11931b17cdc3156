"""Where output goes: terminal detection, colour, width, and making text safe to print."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple

from msstem.kb.chars import UNSAFE

REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """Text made safe for a terminal: control characters (C0, C1, DEL; not newline), the line
    separators and the invisible characters that reorder or hide text (every bidi control,
    zero-width spaces, tags: kb/chars.py) shown as a visible replacement character; tabs as spaces."""
    return UNSAFE.sub(REPLACEMENT, text.replace("\t", " "))


_SGR = {"bold": "1", "underline": "4", "reverse": "7"}


def styled(text: str, *styles: str) -> str:
    """Clean text in a terminal style (bold, underline, reverse) for the formats drawn without Rich."""
    return f"\x1b[{';'.join(_SGR[s] for s in styles)}m{text}\x1b[0m" if text else text


PROSE = 100  # the widest a line of prose gets on a wide terminal, in every format

CUT = {False: "…", True: "..."}  # ends a web address cut to fit the width; with --ascii, "..."


def cut_note(ascii_only: bool = False) -> str:
    """Said once under a text where a web address was cut."""
    mark = CUT[ascii_only]
    return f"Web addresses that end in {mark} are shortened to fit. To see them whole, save this with -o msstem.txt."


# A telephone number written with spaces ("0808 800 8000", "+44 20 7946 0000"): never split.
PHONE = re.compile(r"(?<![\w,.])(?:\+\d{1,3} )?\d{2,5}(?: \d{2,4}){1,3}(?![\w,]|\.\d)")
KEEP = "\u00a0"  # no-break space: textwrap folds lines at spaces only


def keep_together(line: str) -> str:
    """`line` with the spaces inside telephone numbers made no-break spaces, and the space before a
    number that ends a sentence ("EDSS of 2 to 6."), so that a folded line never starts like an item
    of a numbered list ("6. [4,5]"). For textwrap; put them back with `.replace(KEEP, " ")`."""

    def join(match: re.Match[str]) -> str:
        number = match.group()
        return number.replace(" ", KEEP) if sum(c.isdigit() for c in number) >= 9 else number

    return SENTENCE_END_NUMBER.sub(KEEP, PHONE.sub(join, line))


SENTENCE_END_NUMBER = re.compile(r"(?<=\S) (?=\d+\.(?: |$))")


def fold(line: str, width: int, indent: str = "") -> list[str]:
    """`line` folded between words at `width`: never inside a word, an address, an identifier, a
    group of citations or a telephone number (a word longer than the width stands alone)."""
    import textwrap

    if len(line) <= width:
        return [line]
    lines = textwrap.wrap(
        keep_together(line), width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )
    return [part.replace(KEEP, " ") for part in lines]


class Cut(NamedTuple):
    """A web address shown cut: where it is in the line as shown, the whole address, and where it
    was in the line as written."""

    start: int
    end: int
    address: str
    was_start: int
    was_end: int


def fit_addresses(line: str, room: int, ascii_only: bool = False) -> tuple[str, list[Cut]]:
    """Each web address in `line` too long for `room` (with the brackets or full stop around it)
    cut after the last "/" that fits and ended with CUT ("https://www.mssociety.org.uk/about-ms/…"),
    so that no line is wider than the window and no address is split across two (plain and table
    formats, on a terminal). Where even the site does not fit: the site without "https://", cut
    itself if need be. Gives the line and where each cut address is, for the note and for links."""
    from msstem.views.citations import links_in  # (here, not at the top: start-up stays fast)

    mark = CUT[ascii_only]
    out: list[str] = []
    cuts: list[Cut] = []
    pos = length = 0
    for start, end, address in links_in(line):
        shown = line[start:end]
        word_start = line.rfind(" ", 0, start) + 1
        word_end = len(line) if (space := line.find(" ", end)) < 0 else space
        fits = room - (start - word_start) - (word_end - end)  # room for the address in its word
        if shown != address or len(shown) <= fits:  # (an identifier stands for an address: short)
            continue
        host_start = shown.find("//") + 2
        host_end = shown.find("/", host_start) + 1 or len(shown)
        slash = shown.rfind("/", 0, max(fits - len(mark), 0)) + 1
        if slash >= host_end:
            shown = shown[:slash] + mark
        else:
            host = shown[host_start:host_end]
            shown = host + mark if len(host) + len(mark) <= fits else host[: max(fits - len(mark), 1)] + mark
        out.append(line[pos:start])
        length += start - pos
        cuts.append(Cut(length, length + len(shown), address, start, end))
        out.append(shown)
        length += len(shown)
        pos = end
    return "".join([*out, line[pos:]]), cuts


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


MIN_WIDTH = 20  # COLUMNS below this (0, negative, a typo) is taken as not set


def _int(value: str | None) -> int | None:
    try:
        width = int(value) if value and value.strip().isdigit() else None
    except ValueError:
        return None
    return width if width is not None and width >= MIN_WIDTH else None


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
    """At start-up. Text the terminal's encoding cannot show is replaced, never a crash. Whatever
    is written to stderr goes through clean(): messages echo file names, queries and values typed
    or read, which can carry escapes. A closed stdin reads as empty (the end of input), and a
    closed stderr swallows messages (Click would send them to stdout instead); a closed stdout
    stays closed, for the command to report."""
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (for the whole run)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the whole run)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
    if not isinstance(sys.stderr, CleanWriter):
        sys.stderr = CleanWriter(sys.stderr)


class CleanWriter(io.TextIOBase):
    """A text stream that passes everything written through clean()."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(clean(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return isatty(self.stream)

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.stream.errors


class OutputExistsError(FileExistsError):
    """--output names a file that exists, and --force was not given."""


def write_atomic(path: Path, text: str | Iterable[str], force: bool = False) -> None:
    """Write the whole text or nothing, and never lose a file the user owns.

    The text goes to a temporary file beside the target. Without `force` it is then linked into
    place, which fails if anything is there by then (a file made meanwhile, a link, even a dangling
    one): nothing is ever replaced. With `force` a link is followed and its target written; an
    existing file is replaced by a rename, keeping its permissions; a device, FIFO or other special
    file is written into, never replaced. A new file gets the usual permissions (the umask)."""
    from msstem.kb.tempfiles import temporary

    folder = path.parent
    try:
        info = os.stat(path)  # (through a link)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder: give a file name")
    if not force and (info is not None or os.path.islink(path)):
        what = "exists" if info is not None else "is a link to a file that does not exist"
        raise OutputExistsError(f"{path} {what}: add --force to write to it")
    if info is not None and not stat.S_ISREG(info.st_mode):
        with open(path, "w", encoding="utf-8", errors="replace", newline="\n") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
        return
    if force:
        path = Path(os.path.realpath(path))  # write through links: the temporary file goes beside the target
        folder = path.parent
    _prune(folder, path.name)
    with temporary(str(folder), f".{path.name}.msstem-") as (fd, tmp):
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="\n") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask())
        if force:
            os.replace(tmp, path)
        else:
            _link(tmp, path)


def _link(tmp: str, path: Path) -> None:
    """Put a finished file in place only if nothing is there: a hard link fails if the name exists."""
    exists = OutputExistsError(f"{path} exists: add --force to write to it")
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise exists from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
            raise
    # No hard links on this file system (FAT, some network folders): create the name, if it is
    # free, and copy into it.
    import shutil

    try:
        out = open(path, "xb")  # noqa: SIM115 (closed below)
    except FileExistsError:
        raise exists from None
    try:
        with out, open(tmp, "rb") as src:
            shutil.copyfileobj(src, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _prune(folder: Path, name: str) -> None:
    """Remove temporary files left beside this target by runs that were killed (SIGKILL)."""
    from msstem.kb.tempfiles import stale

    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(f".{name}.msstem-") and entry.name.endswith(".tmp") and stale(entry.path):
                os.unlink(entry.path)


def linear_terminal() -> bool:
    """A terminal that wants text line by line: TERM=dumb, or ACCESSIBLE set (a screen reader)."""
    from msstem.kb.paths import flag

    return os.environ.get("TERM") == "dumb" or flag("ACCESSIBLE")


def page(text: str) -> bool:
    """Show text through $MSSTEM_PAGER, else $PAGER, else `less -FRX` (which ends at once when the
    text fits), run by the shell as git and man run it, so any command line works ('less -R',
    'cat | head -3', a quoted path). No `less` by default on a linear terminal (less warns that a
    dumb terminal is "not fully functional", and takes over a screen reader's review). False when
    no pager ran or it failed (with a note on stderr): the caller prints the text instead."""
    import subprocess

    # The first that is set, even to nothing (which turns paging off, as with git).
    name = next((n for n in ("MSSTEM_PAGER", "PAGER") if n in os.environ), None)
    if name is None and linear_terminal():
        return False
    command = (os.environ[name] if name else "less -FRX").strip()
    if not command:
        return False
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX"), "LV": os.environ.get("LV", "-c")}
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env, encoding="utf-8", errors="replace")
    except OSError:
        return False
    assert proc.stdin is not None
    with contextlib.suppress(OSError):  # the pager may quit before reading it all (q, head)
        proc.stdin.write(text)
    with contextlib.suppress(BrokenPipeError):
        proc.stdin.close()
    if proc.wait() > 0:  # could not run (127, a syntax error: 2) or failed; < 0: stopped by a signal
        sys.stderr.write(f"msstem: the pager ({command}) failed (exit code {proc.returncode}); the text follows.\n")
        return False
    return True
