"""The msstem command line: the Typer app, its global options, and the console entry point.

Each command lives in the module of its family (therapies.py, explore.py, prepare.py) with its
options in its own signature; this module only puts them on the app, with their short help.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from msstem import __version__
from msstem.cli import explore, prepare, therapies
from msstem.cli.common import EXIT_ERROR, State, debug_wanted

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


# Commands, in the order `msstem --help` lists them.
app.command("list", short_help="List every therapy: aim, cells, stage of evidence.")(therapies.list_cmd)
app.command(short_help="Compare therapies side by side.")(therapies.compare)
app.command(short_help="Explain one therapy in full.")(therapies.explain)
app.command(short_help="Search everything. Spelling-tolerant.")(explore.search)
app.command(short_help="Explain the words: the whole glossary, or one term.")(explore.glossary)
app.command("define", help=f"The same as glossary. {explore.glossary.__doc__}", short_help="= glossary.")(
    explore.glossary
)
app.command(short_help="Key trials, all or for one therapy.")(explore.trials)
app.command(short_help="The bibliography, all or for one therapy.")(explore.sources)
app.command(short_help="Published eligibility criteria side by side.")(prepare.criteria)
app.command(short_help="Your facts next to each published criterion. Never a verdict.")(prepare.lineup)
app.command("clinic-check", short_help="A checklist for judging a stem cell clinic or offer.")(prepare.clinic_check)
app.command(short_help="Questions to ask your doctor or a clinic.")(prepare.questions)
app.command(short_help="A printable handout for an appointment.")(prepare.handout)
app.command(short_help="Check a knowledge base file (for contributors).")(explore.lint)


def main() -> None:
    """Console entry point: run the app; an unexpected error is one line, not a traceback."""
    from msstem.render.output import make_streams_safe

    make_streams_safe()
    try:
        app(prog_name="msstem")
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
