"""The msstem command line: parse options, load the knowledge base, build a view, print it.

Kept thin on purpose: what to show lives in views.py, how to show it in render_*.py, and the
knowledge base in model.py and loading.py. Heavy modules (rich, yaml) are imported where used,
so `msstem --help` and shell completion stay fast.
"""

import copy
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import typer

from . import __version__
from .errors import EXIT_ERROR, KnowledgeBaseError

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:
    from .formats import Shown
    from .model import KnowledgeBase, Therapy

app = typer.Typer(
    name="msstem",
    help=(
        "Stem cell therapies for multiple sclerosis, explained side by side with references.\n\n"
        "Not medical advice: talk to your MS specialist."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class State:
    def __init__(self, kb_path: Path | None, debug: bool) -> None:
        self.kb_path = kb_path
        self.debug = debug
        self._kb: KnowledgeBase | None = None

    def kb(self) -> "KnowledgeBase":
        """The knowledge base, loaded once; an invalid one ends the program with exit code 1."""
        if self._kb is None:
            from .errors import KnowledgeBaseError
            from .loading import load_knowledge_base

            try:
                self._kb = load_knowledge_base(self.kb_path)
            except KnowledgeBaseError as exc:
                if self.debug:
                    raise
                fail(f"cannot use the knowledge base: {exc.summary()}\nFix the file, or use another with --kb PATH.")
        assert self._kb is not None
        return self._kb


def fail(message: str, code: int = EXIT_ERROR) -> None:
    from .output import clean

    typer.echo(f"msstem: error: {clean(message)}", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"msstem {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    kb: Annotated[
        Optional[Path],
        typer.Option(
            "--kb",
            envvar="MSSTEM_KB",
            help="Use this knowledge base file instead of the one shipped with msstem.",
            dir_okay=True,
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", envvar="MSSTEM_DEBUG", help="Show full tracebacks (for developers).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Stem cell therapies for multiple sclerosis, explained side by side with references.

    Not medical advice: talk to your MS specialist.
    """
    ctx.obj = State(kb, debug)


def state_of(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):  # invoked without the callback (library use)
        root.obj = State(None, bool(os.environ.get("MSSTEM_DEBUG")))
    return root.obj


def complete_therapy(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion when Typer answers (entry.py answers most requests for ids without Typer):
    therapy ids that start with what was typed, from the cache's header when it can."""
    try:
        from .cache import therapy_ids

        ids = therapy_ids(ctx.find_root().params.get("kb") or os.environ.get("MSSTEM_KB") or None)
    except Exception:  # completion must never print an error into the shell
        return []
    typed = incomplete.casefold()
    return [t for t in ids if t.startswith(typed)]


def resolve(kb: "KnowledgeBase", names: list[str]) -> "list[Therapy]":
    """Therapies for ids or aliases, in order, each once; an unknown name is a usage error."""
    found: list[Therapy] = []
    for name in names:
        therapy = kb.therapy(name)
        if therapy is None:
            close = kb.suggestions(name)
            hint = f" Did you mean {' or '.join(close)}?" if close else ""
            raise typer.BadParameter(
                f"no therapy called '{name}'.{hint} Known ids: {', '.join(kb.ids)}.",
                param_hint="ID",
            )
        if therapy not in found:
            found.append(therapy)
    return found


class Format(str, Enum):
    table = "table"
    plain = "plain"
    markdown = "markdown"
    json = "json"
    tsv = "tsv"
    html = "html"


FormatOption = Annotated[
    Optional[Format],
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help=(
            "table, plain, markdown, json, tsv (list-like commands) or html (with --output). "
            "Default: MSSTEM_FORMAT, else table on a terminal (plain with ACCESSIBLE=1 or TERM=dumb), "
            "else tsv for lists and plain for documents."
        ),
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
OutputOption = Annotated[
    Optional[Path],
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead (.md .json .txt .tsv .html set the format). Never overwrites without --force.",
        dir_okay=False,
        show_default=False,
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Let --output replace an existing file.")]
ColorOption = Annotated[
    Color,
    typer.Option("--color", case_sensitive=False, help="Use colour: auto, always or never (NO_COLOR is honoured)."),
]
AsciiOption = Annotated[bool, typer.Option("--ascii", help="Draw tables with ASCII characters only.")]
IdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="Therapy id or alias, e.g. ahsct.", autocompletion=complete_therapy)
]


def show(
    shown: "Shown",
    fmt: Format | None,
    as_json: bool,
    output: Path | None,
    force: bool,
    color: Color,
    ascii_only: bool,
    pager: bool = False,
    default_format: Format | None = None,
) -> None:
    """Render what a command shows in the chosen format, to stdout, a pager or a file."""
    from .formats import FormatError, choose, render_chunks
    from .output import Environment, OutputExistsError, page, write_atomic

    env = Environment.detect(sys.stdout, color.value, ascii_only)
    if output is not None:  # a file gets no colour codes and no terminal width
        env = Environment(is_terminal=False, color=color is Color.always, width=env.width, ascii=ascii_only)
    try:
        if fmt is None and not as_json and output is None and not env.is_terminal:
            fmt = default_format  # e.g. the handout: markdown when saved with >, the usual table on screen
        chosen = choose("json" if as_json else (fmt.value if fmt else None), shown, env, output)
    except FormatError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--format'") from None
    text = render_chunks(chosen, shown, env)
    if output is not None:
        try:
            write_atomic(output, text, force)
        except OutputExistsError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
        typer.echo(f"Wrote {output} ({chosen}).", err=True)
    elif pager and env.is_terminal:
        page("".join(text))
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

    if exc.errno == errno.EPIPE:
        raise exc  # the reader went away (| head): Click ends quietly
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (so the exit flush cannot fail again)
    fail(f"cannot write the output: {exc.strerror or exc}")


OUTPUT_OPTIONS: list[tuple[str, Any, Any]] = [
    ("fmt", FormatOption, None),
    ("as_json", JsonOption, False),
    ("output", OutputOption, None),
    ("force", ForceOption, False),
    ("color", ColorOption, Color.auto),
    ("ascii_only", AsciiOption, False),
]
PagerOption = Annotated[
    bool, typer.Option("--pager/--no-pager", help="Page long output through $PAGER (default: less -R).")
]


def shows(*names: str, pager: bool = False, default_format: Format | None = None) -> Callable[[F], F]:
    """Register a command whose function returns what it shows: this adds the output options
    (--format, --json, --output, --force, --color, --ascii, and --pager if asked) and prints the
    result, so each command holds only what is its own."""

    def register(func: F) -> F:
        import functools
        import inspect

        options = OUTPUT_OPTIONS + ([("pager", PagerOption, False)] if pager else [])
        own = inspect.signature(func)
        added = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=d, annotation=a) for n, a, d in options]

        @functools.wraps(func)
        def command(*args: Any, **kwargs: Any) -> None:
            chosen = {name: kwargs.pop(name) for name, _, _ in options}
            show(func(*args, **kwargs), **chosen, default_format=default_format)

        command.__signature__ = own.replace(parameters=[*own.parameters.values(), *added])  # type: ignore[attr-defined]
        own_hints = {k: v for k, v in func.__annotations__.items() if k != "return"}
        command.__annotations__ = {**own_hints, **{n: a for n, a, _ in options}}
        first_line = (func.__doc__ or "").strip().split("\n")[0]
        short = first_line.split(":")[0].rstrip(".") + "."
        for i, name in enumerate(names or (func.__name__,)):
            if i:
                app.command(name, help=f"The same as {names[0]}. {func.__doc__}", short_help=f"= {names[0]}: {short}")(
                    command
                )
            else:
                app.command(name, short_help=short)(command)
        return func

    return register


@shows("list")
def list_cmd(
    ctx: typer.Context,
) -> "Shown":
    """List every therapy: aim, where the cells come from, stage of evidence, one line each.

    Example: msstem list
    """
    from .formats import Shown
    from .render_data import envelope, therapies_tsv, therapy_data
    from .views import list_document

    kb = state_of(ctx).kb()
    return Shown(
        document=lambda: list_document(kb, today()),
        data=lambda: envelope(kb, therapies=(therapy_data(kb, t, today()) for t in kb.therapies)),
        tsv=lambda: therapies_tsv(kb),
    )


@shows()
def compare(
    ctx: typer.Context,
    ids: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="ID...",
            help="Two or more therapy ids or aliases.",
            autocompletion=complete_therapy,
            show_default=False,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Compare every therapy.")] = False,
) -> "Shown":
    """Compare therapies side by side: the same rows for each, with references.

    Example: msstem compare ahsct msc
    """
    from .formats import Shown
    from .render_data import envelope, therapy_data
    from .views import compare_document

    kb = state_of(ctx).kb()
    therapies = list(kb.therapies) if all_ else resolve(kb, ids or [])
    if len(therapies) < 2:
        raise typer.BadParameter(
            "give two or more different therapy ids (for example: msstem compare ahsct msc), or --all.",
            param_hint="ID...",
        )
    return Shown(
        document=lambda: compare_document(kb, therapies, today()),
        data=lambda: envelope(kb, therapies=(therapy_data(kb, t, today()) for t in therapies)),
    )


@shows(pager=True)
def explain(
    ctx: typer.Context,
    therapy_id: IdArgument,
) -> "Shown":
    """Explain one therapy in full: summary, how it works, steps, benefits, risks, evidence, references.

    Example: msstem explain ahsct
    """
    from .formats import Shown
    from .render_data import envelope, therapy_data
    from .views import explain_document

    kb = state_of(ctx).kb()
    [therapy] = resolve(kb, [therapy_id])
    return Shown(
        document=lambda: explain_document(kb, therapy, today()),
        data=lambda: envelope(kb, therapy=therapy_data(kb, therapy, today())),
    )


def today() -> dt.date:
    """Today's date, or MSSTEM_TODAY (YYYY-MM-DD) so tests and reviewers can pick the day."""
    value = os.environ.get("MSSTEM_TODAY", "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"MSSTEM_TODAY={value} is not a date (YYYY-MM-DD)") from None


def one_therapy(kb: "KnowledgeBase", therapy_id: Optional[str]) -> "Optional[Therapy]":
    return resolve(kb, [therapy_id])[0] if therapy_id else None


OptionalIdArgument = Annotated[
    Optional[str],
    typer.Argument(metavar="[ID]", help="Only this therapy (id or alias).", autocompletion=complete_therapy),
]


# The other command families register themselves on `app` when imported.
from . import cli_explore as _cli_explore  # noqa: E402, F401
from . import cli_prepare as _cli_prepare  # noqa: E402, F401


def help_text(command: str | None = None) -> str | None:
    """The text `msstem [COMMAND] --help` prints, or None if there is no such command."""
    group = typer.main.get_command(app)
    ctx = typer.Context(group, info_name="msstem", **group.context_settings)
    if command is None:
        return group.get_help(ctx) + "\n"
    sub = group.get_command(ctx, command)  # type: ignore[attr-defined]
    if sub is None:
        return None
    return sub.get_help(typer.Context(sub, info_name=command, parent=ctx, **sub.context_settings)) + "\n"


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command being run, when the command line names one: Typer builds
    every command it holds on every run (about 10 ms for all of ours, 2 ms for one). Anything
    else (help, a mistyped command, no command) gets the whole app, with its lists and suggestions."""
    from .entry import global_options

    parsed = global_options(args)
    if parsed is None or not parsed[1]:
        return app
    rest = parsed[1]
    named = [c for c in app.registered_commands if (c.name or c.callback.__name__.replace("_", "-")) == rest[0]]
    if not named:
        return app
    one = copy.copy(app)
    one.registered_commands = named
    return one


def main() -> None:
    """Console entry point: run the app; an unexpected error is one line, not a traceback."""
    from .output import make_streams_safe

    make_streams_safe()
    try:
        app_for(sys.argv[1:])(prog_name="msstem")
    except Exception as exc:  # Click already handled usage errors, Exit, Abort and broken pipes
        if "--debug" in sys.argv[1:] or os.environ.get("MSSTEM_DEBUG", "") not in ("", "0", "false"):
            raise
        from .output import clean

        if isinstance(exc, KnowledgeBaseError):  # found while a command used it (State.kb() reports loading)
            message = f"cannot use the knowledge base: {exc.summary()}"
        else:
            message = f"unexpected problem ({type(exc).__name__}: {exc}). Run again with --debug to see the details."
        sys.stderr.write(f"msstem: error: {clean(message)}\n")
        sys.exit(EXIT_ERROR)
