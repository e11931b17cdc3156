"""What every command shares: the run's state (which knowledge base, debug), the output options,
looking up therapies by id or alias, and showing a result in the chosen format."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from msstem.render.formats import DOCUMENT_FORMATS, EXTENSIONS, FORMATS

try:  # Typer 0.28 carries its own copy of Click
    from typer._click import exceptions as click_errors
    from typer._click.globals import get_current_context
except ImportError:  # Typer 0.24 to 0.27 use Click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]
    from click.globals import get_current_context  # type: ignore[no-redef]

if TYPE_CHECKING:
    from msstem.kb.model import KnowledgeBase, Therapy
    from msstem.render.formats import Shown

EXIT_OK = 0
EXIT_ERROR = 1  # a knowledge base that cannot be read or is invalid, or another runtime error
EXIT_USAGE = 2  # a usage error, including an unknown therapy id
EXIT_INTERRUPTED = 130


def debug_wanted(argv: list[str] | None = None) -> bool:
    """--debug on the command line, or MSSTEM_DEBUG set to anything but 0/false/no/off."""
    from msstem.kb.paths import flag

    args = sys.argv[1:] if argv is None else argv
    return "--debug" in args or flag("MSSTEM_DEBUG")


class State:
    """The options given before the command: which knowledge base, and whether to show tracebacks."""

    def __init__(self, kb_path: Path | None, debug: bool) -> None:
        self.kb_path = kb_path
        self.debug = debug
        self._kb: KnowledgeBase | None = None

    def kb(self) -> KnowledgeBase:
        """The knowledge base, loaded once; an invalid one ends the program with exit code 1."""
        if self._kb is None:
            from msstem.kb.errors import KnowledgeBaseError
            from msstem.kb.load import load_knowledge_base

            try:
                self._kb = load_knowledge_base(self.kb_path)
            except KnowledgeBaseError as exc:
                if self.debug:
                    raise
                fail(f"cannot use the knowledge base: {exc.summary()}\nFix the file, or use another with --kb PATH.")
        assert self._kb is not None
        return self._kb


def state_of(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):  # invoked without the callback (library use)
        root.obj = State(None, debug_wanted([]))
    return root.obj


def fold(text: str) -> str:
    """Text for the person at a terminal (prompts, messages on stderr), broken between words at its
    width (at most 100 columns), so the terminal never splits a word; unchanged when not a terminal."""
    import textwrap

    from msstem.render.output import isatty

    if not isatty(sys.stderr):
        return text
    width = min(shutil.get_terminal_size().columns, 100)
    return "\n".join(
        textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False) for line in text.split("\n")
    )


def say(message: str) -> None:
    """A line for the person at the terminal, on stderr, folded between words."""
    typer.echo(fold(message), err=True)


def fail(message: str, code: int = EXIT_ERROR) -> None:
    typer.echo(fold(f"msstem: error: {message}"), err=True)  # (stderr is made safe at start-up: output.py)
    raise typer.Exit(code)


def quoted(text: str, limit: int = 80) -> str:
    """What someone typed, quoted in a message: cut short if it is long."""
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}…' ({len(text):,} characters)"


class UsageProblem(click_errors.UsageError):
    """A usage error as msstem shows it: `msstem: error: <what>.` on one line, then at most one
    line saying what to try (by default, where the command's help is). Exit code 2."""

    def __init__(self, message: str, hint: str | None = None, ctx: typer.Context | None = None) -> None:
        super().__init__(message, ctx)
        self.hint = hint

    @classmethod
    def from_click(cls, exc: click_errors.UsageError) -> UsageProblem:
        """Click's usage error (Usage, Try and Error lines) as one line and a hint."""
        message, hint = exc.format_message(), None
        if isinstance(exc, click_errors.NoSuchOption):  # Click's message runs the suggestion into the sentence
            message = f"no option called '{exc.option_name}'."
            if exc.possibilities:
                hint = f"Did you mean {' or '.join(sorted(exc.possibilities))}?"
        if isinstance(exc, click_errors.MissingParameter) and "'ID" in message:  # which ids there are
            where = help_command(exc.ctx) if exc.ctx else "msstem help"
            hint = f"The ids are listed by 'msstem list'. Help: '{where}'."
        if message[:1].isupper() and not message[1:2].isupper():  # "Missing argument" but not "ID"
            message = message[0].lower() + message[1:]
        return cls(message, hint, exc.ctx)

    def show(self, file: object = None) -> None:
        from msstem.render.output import clean

        hint = self.hint
        if hint is None:
            hint = f"Try '{help_command(self.ctx) if self.ctx else 'msstem help'}'."
        typer.echo(fold(f"msstem: error: {clean(self.format_message())}"), err=True)
        if hint:
            typer.echo(fold(clean(hint)), err=True)


def help_command(ctx: typer.Context) -> str:
    """How to get help for the command being run: 'msstem help explain'."""
    names = []
    while ctx.parent is not None:
        names.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(["msstem help", *names])


def today() -> dt.date:
    """Today's date, or MSSTEM_TODAY (YYYY-MM-DD) so tests and reviewers can pick the day."""
    value = os.environ.get("MSSTEM_TODAY", "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"MSSTEM_TODAY={value} is not a date (YYYY-MM-DD)") from None


# Numbers -------------------------------------------------------------------------------------

_WHOLE = re.compile(r"[+-]?[0-9]{1,15}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,15}(?:\.[0-9]{0,15})?|\.[0-9]{1,15})")


def parse_number(raw: str, kind: type[int] | type[float]) -> int | float:
    """A number as people write it: ASCII digits, a point for decimals, a sign. Not the other
    spellings int() and float() accept (1_0, full-width or Arabic-Indic digits, 1e3, nan, inf)."""
    text = raw.strip()
    if not (_WHOLE if kind is int else _DECIMAL).fullmatch(text):
        raise ValueError(f"'{raw}' is not {'a whole number' if kind is int else 'a number'}")
    return kind(text)


def number_option(kind: type[int] | type[float], minimum: int | None = None) -> Callable[[str], int | float]:
    """The parser of an option that takes a number: parse_number, and a usage error if it is not one."""

    def parse(value: str) -> int | float:
        try:
            number = parse_number(str(value), kind)  # (a default arrives as a number)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
        if minimum is not None and number < minimum:
            raise typer.BadParameter(f"{number} is less than {minimum}")
        return number

    parse.__name__ = "integer" if kind is int else "number"  # the metavar
    return parse


# Therapy ids ---------------------------------------------------------------------------------


def complete_therapy(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: therapy ids that start with what was typed."""
    try:
        from msstem.kb.load import load_knowledge_base

        kb = load_knowledge_base(ctx.find_root().params.get("kb") or os.environ.get("MSSTEM_KB") or None)
    except Exception:  # completion must never print an error into the shell
        return []
    return [t for t in kb.ids if t.startswith(incomplete.casefold())]


def therapies_named(kb: KnowledgeBase, words: list[str]) -> list[Therapy]:
    """The therapies that words name, in order, each once: words join into the longest id or alias
    they can ('stem cell transplant msc' is aHSCT and MSC). A word that names none is a usage error."""
    found: list[Therapy] = []
    for phrase, therapy_id in kb.read_names(words):
        therapy = kb.therapies.get(therapy_id) if therapy_id else None
        if therapy is None:
            raise unknown_therapy(kb, phrase)
        if therapy not in found:
            found.append(therapy)
    return found


def one_therapy(kb: KnowledgeBase, words: Optional[list[str]]) -> Optional[Therapy]:
    """The one therapy all the words name ('car t', 'stem cell transplant'); None for no words."""
    if not words:
        return None
    phrase = " ".join(words)
    therapy = kb.therapy(phrase)
    if therapy is not None:
        return therapy
    ids = list(dict.fromkeys(therapy_id for _, therapy_id in kb.read_names(words)))
    if ids and None not in ids:
        if len(ids) == 1:  # the same therapy twice: 'ahsct hsct'
            return kb.therapies.get(str(ids[0]))
        ctx = get_current_context(silent=True)
        command = ctx.info_name if ctx else "this command"
        raise UsageProblem(
            f"{command} takes one therapy, and '{phrase}' names {len(ids)}.",
            f"To see them side by side: msstem compare {' '.join(str(i) for i in ids)}",
        )
    raise unknown_therapy(kb, phrase)


def unknown_therapy(kb: KnowledgeBase, phrase: str) -> UsageProblem:
    """No therapy of that name: a glossary term of that name, or the closest ids, in one hint."""
    term = kb.term(phrase)
    if term is not None:
        return UsageProblem(
            f"no therapy called {quoted(phrase)}.", f"'{term.term}' is in the glossary: msstem glossary {phrase}"
        )
    close = kb.suggestions(phrase)
    hint = f"Did you mean {' or '.join(close)}? " if close else ""
    return UsageProblem(f"no therapy called {quoted(phrase)}.", f"{hint}Known ids: {', '.join(kb.ids)}.")


IdArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="ID",
        help="A therapy: its id or another name, e.g. ahsct or stem cell transplant (no quotes needed).",
        autocompletion=complete_therapy,
        show_default=False,
    ),
]
OptionalIdArgument = Annotated[
    Optional[list[str]],
    typer.Argument(
        metavar="[ID]",
        help="Only this therapy: its id or another name, e.g. msc or mesenchymal stem cells.",
        autocompletion=complete_therapy,
        show_default=False,
    ),
]


# Output options ------------------------------------------------------------------------------

# The Typer choices are made from the formats render/formats.py declares.
Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
DocumentFormat = Enum("DocumentFormat", {name: name for name in DOCUMENT_FORMATS}, type=str)  # type: ignore[misc]


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


# Every command's output options, listed in its help under their own heading (cli/usage.py).
OUTPUT = "Output options"


def _format_help(formats: tuple[str, ...], piped: str) -> str:
    names = ", ".join(formats[:-1]) + f" or {formats[-1]}"
    return f"{names}. Default: table on a terminal, {piped} when piped."


def _output_help(formats: tuple[str, ...]) -> str:
    extensions = " ".join(e for e, f in EXTENSIONS.items() if f in formats and e not in (".markdown", ".htm"))
    return f"Write to FILE ({extensions} set the format; - is standard output); --force to replace one."


def _format_option(choices: Any, formats: tuple[str, ...], piped: str) -> Any:
    """--format/-f offering only the formats a command can produce (list-like commands add tsv)."""
    return Annotated[
        Optional[choices],
        typer.Option(
            "--format", "-f", metavar="FORMAT", case_sensitive=False, show_default=False, rich_help_panel=OUTPUT,
            help=_format_help(formats, piped),
        ),
    ]  # fmt: skip


def _output_option(formats: tuple[str, ...]) -> Any:
    """--output/-o: text, not a Path, so that '-' (standard output) and a trailing '/' survive."""
    return Annotated[
        Optional[str],
        typer.Option(
            "--output", "-o", metavar="FILE", show_default=False, rich_help_panel=OUTPUT, help=_output_help(formats)
        ),
    ]


ListFormatOption = _format_option(Format, FORMATS, "tsv")
FormatOption = _format_option(DocumentFormat, DOCUMENT_FORMATS, "plain")
JsonOption = Annotated[bool, typer.Option("--json", help="The same as --format json.", rich_help_panel=OUTPUT)]
ListOutputOption = _output_option(FORMATS)
OutputOption = _output_option(DOCUMENT_FORMATS)
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Let --output replace an existing file (or write into a device or FIFO).",
        rich_help_panel=OUTPUT,
    ),
]
ColorOption = Annotated[
    Color,
    typer.Option(
        "--color", metavar="WHEN", case_sensitive=False, show_default=False, rich_help_panel=OUTPUT,
        help="auto (colour on a terminal), always (also through a pipe, for less -R) or never.",
    ),
]  # fmt: skip
AsciiOption = Annotated[bool, typer.Option("--ascii", help="Table borders in ASCII only.", rich_help_panel=OUTPUT)]
PagerOption = Annotated[
    Optional[bool],
    typer.Option(
        "--pager/--no-pager", show_default=False, rich_help_panel=OUTPUT,
        help="Page output through $MSSTEM_PAGER, $PAGER or less -FRX. Default: on a terminal, when taller than it.",
    ),
]  # fmt: skip


def show(
    shown: Shown,
    fmt: Enum | None,
    as_json: bool,
    output: str | None,
    force: bool,
    color: Color,
    ascii_only: bool,
    pager: bool | None = None,
    default_format: str | None = None,
) -> None:
    """Render what a command shows in the chosen format, to stdout, a pager or a file."""
    from msstem.render.formats import FormatError, choose, render_chunks
    from msstem.render.output import Environment, OutputExistsError, page, write_atomic

    file = None if output in (None, "-") else Path(output)  # (- is standard output)
    if file is not None and (str(output).endswith(("/", os.sep)) or file.is_dir()):
        raise typer.BadParameter(f"{output} is a folder: give a file name", param_hint="'--output'")
    env = Environment.detect(sys.stdout, color.value, ascii_only)
    if file is not None:  # a file gets no colour codes and no terminal width
        env = Environment(is_terminal=False, color=color is Color.always, width=env.width, ascii=ascii_only)
    requested = "json" if as_json else (fmt.value if fmt else None)
    if requested is None and file is None and not env.is_terminal:
        requested = default_format  # e.g. the handout: markdown when saved with >, the usual table on screen
    try:
        chosen = choose(requested, shown, env, file)
    except FormatError as exc:
        raise UsageProblem(f"{exc}.") from None
    text = render_chunks(chosen, shown, env)
    if file is not None:
        try:
            write_atomic(file, text, force)
        except OutputExistsError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"cannot write {file}: {exc.strerror or exc}")
        typer.echo(f"Wrote {file} ({chosen}).", err=True)
    elif env.is_terminal and pager is not False:
        whole = "".join(text)
        if not (pager or whole.count("\n") >= shutil.get_terminal_size().lines) or not page(whole):
            write_stdout(whole)
    else:
        write_stdout(text)


def write_stdout(text: str | Iterable[str]) -> None:
    """Write to standard output (text, or its pieces as they are made); a closed or full output is
    a clear error, not a traceback."""
    if not text:
        return
    if sys.stdout is None:
        fail("standard output is closed, so there is nowhere to show the result")
    for piece in [text] if isinstance(text, str) else text:  # made here, outside the write's handling
        try:
            sys.stdout.write(piece)
        except OSError as exc:
            _cannot_write(exc)
    try:
        sys.stdout.flush()
    except OSError as exc:
        _cannot_write(exc)


def _cannot_write(exc: OSError) -> None:
    import errno

    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (so the exit flush cannot fail again)
    if exc.errno == errno.EPIPE:  # the reader went away (| head): it has what it wanted
        raise typer.Exit(EXIT_OK)
    fail(f"cannot write the output: {exc.strerror or exc}")
