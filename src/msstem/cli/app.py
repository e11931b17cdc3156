"""The msstem command line: the Typer app, its global options, and the console entry point.

Each command lives in the module of its family (therapies.py, explore.py, prepare.py) with its
options in its own signature; this module only puts them on the app, with their short help.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from msstem.cli import explore, prepare, therapies, usage
from msstem.cli.common import EXIT_ERROR, State, UsageProblem, debug_wanted
from msstem.disclaimer import DISCLAIMER
from msstem.version import __version__

app = typer.Typer(
    name="msstem",
    help=(
        "Stem cell therapies for multiple sclerosis, explained side by side with references.\n\n"
        "Not medical advice: talk to your MS specialist."
    ),
    epilog=(
        "Each command's options: msstem help COMMAND. Settings for every command: MSSTEM_FORMAT (the "
        "format), ACCESSIBLE=1 (plain text on a terminal), NO_COLOR, COLUMNS (table width)."
    ),
    cls=usage.Group,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def show_version(state: State) -> None:
    """msstem's version, then the knowledge base's version and when it was last reviewed."""
    from msstem.kb.errors import KnowledgeBaseError
    from msstem.kb.load import load_knowledge_base
    from msstem.views.citations import human_date

    typer.echo(f"msstem {__version__}")
    try:
        kb = load_knowledge_base(state.kb_path)
    except KnowledgeBaseError as exc:
        if state.debug:
            raise
        from msstem.render.output import clean

        typer.echo(f"msstem: error: cannot read the knowledge base: {clean(exc.summary().splitlines()[0])}.", err=True)
        typer.echo(f"See every problem: msstem lint {state.kb_path or ''}".rstrip(), err=True)
        raise typer.Exit(EXIT_ERROR) from None
    which = f" ({state.kb_path})" if state.kb_path else ""
    typer.echo(f"knowledge base {kb.version}{which}, last reviewed {human_date(kb.last_reviewed())}")


@app.callback(invoke_without_command=True)
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
        bool, typer.Option("--version", help="Show the versions of msstem and its knowledge base, and exit.")
    ] = False,
) -> None:
    """Stem cell therapies for multiple sclerosis, explained side by side with references.

    Not medical advice: talk to your MS specialist.
    """
    ctx.obj = State(kb, debug)
    if version:  # not eager, so that --kb is known whichever comes first
        show_version(ctx.obj)
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        raise UsageProblem("no command given.", "See the commands: msstem help")


# Commands, in the order `msstem --help` lists them; each lists its output options under their own heading.
command = functools.partial(app.command, cls=usage.Command, epilog=DISCLAIMER)  # help ends with it too
command("list", short_help="List every therapy: aim, cells, stage of evidence.")(therapies.list_cmd)
command(short_help="Compare therapies side by side.")(therapies.compare)
command(short_help="Explain one therapy: one screen first, sections on demand.")(therapies.explain)
command(short_help="Search everything. Spelling-tolerant.")(explore.search)
command(short_help="Explain the words: the whole glossary, or one term.")(explore.glossary)
command("define", help=f"The same as glossary. {explore.glossary.__doc__}", short_help="= glossary.")(explore.glossary)
command(short_help="Key trials, all or for one therapy.")(explore.trials)
command(short_help="The bibliography, all or for one therapy.")(explore.sources)
command(short_help="Published eligibility criteria side by side.")(prepare.criteria)
command(short_help="Your facts next to each published criterion. Never a verdict.")(prepare.lineup)
command("clinic-check", short_help="A checklist for judging a stem cell clinic or offer.")(prepare.clinic_check)
command(short_help="Questions to ask your doctor or a clinic.")(prepare.questions)
command(short_help="A printable handout for an appointment.")(prepare.handout)
command(short_help="Check a knowledge base file (for contributors).")(explore.lint)
command("help", short_help="Help for msstem or one command, e.g. msstem help explain.")(usage.help_cmd)


def _help_width() -> dict[str, int]:
    """Click folds help at the terminal's width less 2, but never under 50 columns: on a terminal
    narrower than 52, fold at its width less 2 (at least 20)."""
    import shutil

    columns = shutil.get_terminal_size().columns
    return {"terminal_width": max(columns - 2, 20)} if columns < 52 else {}


def main() -> None:
    """Console entry point: run the app; an unexpected error is one line, not a traceback."""
    from msstem.render.output import make_streams_safe

    make_streams_safe()
    try:
        app(prog_name="msstem", **_help_width())
    except Exception as exc:  # Click already handled usage errors, Exit, Abort and broken pipes
        if debug_wanted():
            raise
        from msstem.kb.errors import KnowledgeBaseError

        if isinstance(exc, KnowledgeBaseError):  # found while a command used it (State.kb() reports loading)
            message = f"cannot use the knowledge base: {exc.summary()}"
        else:
            message = f"unexpected problem ({type(exc).__name__}: {exc}). Run again with --debug to see the details."
        sys.stderr.write(f"msstem: error: {message}\n")  # (stderr is made safe: make_streams_safe)
        sys.exit(EXIT_ERROR)
