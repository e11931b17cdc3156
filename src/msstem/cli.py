"""The msstem command line: parse options, load the knowledge base, build a view, print it.

Kept thin on purpose: what to show lives in views.py, how to show it in render_*.py, and the
knowledge base in model.py and loading.py. Heavy modules (rich, yaml) are imported where used,
so `msstem --help` and shell completion stay fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import __version__
from .errors import EXIT_ERROR
from .formats import Shown

if TYPE_CHECKING:
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

    def kb(self) -> KnowledgeBase:
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


def _state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):  # invoked without the callback (library use)
        root.obj = State(None, bool(os.environ.get("MSSTEM_DEBUG")))
    return root.obj


def complete_therapy(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: therapy ids that start with what was typed."""
    try:
        from .loading import load_knowledge_base

        kb = load_knowledge_base(ctx.find_root().params.get("kb") or os.environ.get("MSSTEM_KB") or None)
    except Exception:  # completion must never print an error into the shell
        return []
    typed = incomplete.casefold()
    return [t for t in kb.ids if t.startswith(typed)]


def resolve(kb: KnowledgeBase, names: list[str]) -> list[Therapy]:
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
    shown: Shown,
    fmt: Format | None,
    as_json: bool,
    output: Path | None,
    force: bool,
    color: Color,
    ascii_only: bool,
    pager: bool = False,
) -> None:
    """Render what a command shows in the chosen format, to stdout, a pager or a file."""
    from .formats import FormatError, choose, render
    from .output import Environment, OutputExistsError, make_streams_safe, page, write_atomic

    make_streams_safe()
    env = Environment.detect(sys.stdout, color.value, ascii_only)
    if output is not None:  # a file gets no colour codes and no terminal width
        env = Environment(is_terminal=False, color=color is Color.always, width=env.width, ascii=ascii_only)
    try:
        chosen = choose("json" if as_json else (fmt.value if fmt else None), shown, env, output)
    except FormatError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--format'") from None
    text = render(chosen, shown, env)
    if output is not None:
        try:
            write_atomic(output, text, force)
        except OutputExistsError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
        typer.echo(f"Wrote {output} ({chosen}).", err=True)
    elif pager and env.is_terminal:
        page(text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
) -> None:
    """List every therapy: aim, where the cells come from, stage of evidence, one line each.

    Example: msstem list
    """
    from .render_data import envelope, therapies_tsv, therapy_data
    from .views import list_document

    kb = _state(ctx).kb()
    shown = Shown(
        document=lambda: list_document(kb, today()),
        data=lambda: envelope(kb, therapies=[therapy_data(kb, t, today()) for t in kb.therapies]),
        tsv=lambda: therapies_tsv(kb),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only)


@app.command()
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
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
) -> None:
    """Compare therapies side by side: the same rows for each, with references.

    Example: msstem compare ahsct msc
    """
    from .render_data import envelope, therapy_data
    from .views import compare_document

    kb = _state(ctx).kb()
    therapies = list(kb.therapies) if all_ else resolve(kb, ids or [])
    if len(therapies) < 2:
        raise typer.BadParameter(
            "give two or more different therapy ids (for example: msstem compare ahsct msc), or --all.",
            param_hint="ID...",
        )
    shown = Shown(
        document=lambda: compare_document(kb, therapies, today()),
        data=lambda: envelope(kb, therapies=[therapy_data(kb, t, today()) for t in therapies]),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only)


@app.command()
def explain(
    ctx: typer.Context,
    therapy_id: IdArgument,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: Annotated[
        bool, typer.Option("--pager/--no-pager", help="Page long output through $PAGER (default: less -R).")
    ] = False,
) -> None:
    """Explain one therapy in full: summary, how it works, steps, benefits, risks, evidence, references.

    Example: msstem explain ahsct
    """
    from .render_data import envelope, therapy_data
    from .views import explain_document

    kb = _state(ctx).kb()
    [therapy] = resolve(kb, [therapy_id])
    shown = Shown(
        document=lambda: explain_document(kb, therapy, today()),
        data=lambda: envelope(kb, therapy=therapy_data(kb, therapy, today())),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)


def today() -> dt.date:
    """Today's date, or MSSTEM_TODAY (YYYY-MM-DD) so tests and reviewers can pick the day."""
    value = os.environ.get("MSSTEM_TODAY", "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"MSSTEM_TODAY={value} is not a date (YYYY-MM-DD)") from None


def _one_therapy(kb: KnowledgeBase, therapy_id: str | None) -> Therapy | None:
    return resolve(kb, [therapy_id])[0] if therapy_id else None


OptionalIdArgument = Annotated[
    Optional[str],
    typer.Argument(metavar="[ID]", help="Only this therapy (id or alias).", autocompletion=complete_therapy),
]


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(metavar="TEXT...", help="Words to look for.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many matches.")] = 20,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
) -> None:
    """Search everything: therapies, trials, glossary and references. Spelling-tolerant.

    Example: msstem search myelin repair
    """
    from .render_data import envelope, search_data, search_tsv
    from .search import Index
    from .views_explore import search_document

    kb = _state(ctx).kb()
    query = " ".join(text)
    index = Index(kb)
    hits = index.search(query, limit)
    if not hits:
        close = index.closest_terms(query)
        hint = f" Closest words: {', '.join(close)}." if close else ""
        typer.echo(f"msstem: no matches for '{query}'.{hint}", err=True)
    shown = Shown(
        document=lambda: search_document(kb, query, hits),
        data=lambda: envelope(kb, query=query, results=search_data(hits)),
        tsv=lambda: search_tsv(hits),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only)


def glossary(
    ctx: typer.Context,
    term: Annotated[Optional[str], typer.Argument(metavar="[TERM]", help="One term, e.g. myelin.")] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
) -> None:
    """Explain the words: the whole glossary, or one term with its source.

    Example: msstem glossary myelin
    """
    from .render_data import envelope, glossary_tsv, plain_data
    from .views_explore import glossary_document

    kb = _state(ctx).kb()
    terms = list(kb.glossary)
    if term is not None:
        found = kb.term(term)
        if found is None:
            close = kb.term_suggestions(term)
            hint = f" Closest terms: {'; '.join(close)}." if close else ""
            raise typer.BadParameter(f"no glossary entry for '{term}'.{hint}", param_hint="TERM")
        terms = [found]
    shown = Shown(
        document=lambda: glossary_document(kb, terms),
        data=lambda: envelope(kb, glossary=[plain_data(t) for t in terms]),
        tsv=lambda: glossary_tsv(terms),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only)


app.command("glossary")(glossary)
app.command("define", help="The same as glossary: explain a word. Example: msstem define engraftment")(glossary)


class TrialStatus(str, Enum):
    completed = "completed"
    ongoing = "ongoing"
    terminated = "terminated"


@app.command()
def trials(
    ctx: typer.Context,
    therapy_id: OptionalIdArgument = None,
    status: Annotated[Optional[TrialStatus], typer.Option("--status", help="Only trials with this status.")] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
) -> None:
    """Key trials, all or for one therapy: registry id, design, people, comparator, result, status.

    Example: msstem trials ahsct --status ongoing
    """
    from .render_data import envelope, trial_data, trials_tsv
    from .views_explore import trials_document

    kb = _state(ctx).kb()
    therapy = _one_therapy(kb, therapy_id)
    chosen = [
        t
        for t in kb.trials
        if (therapy is None or therapy.id in t.therapies) and (status is None or t.status == status.value)
    ]
    title = f"Key trials{' of ' + therapy.short_name if therapy else ''}{' (' + status.value + ')' if status else ''}"
    shown = Shown(
        document=lambda: trials_document(kb, chosen, f"{title}: {len(chosen)}"),
        data=lambda: envelope(kb, trials=[trial_data(t) for t in chosen]),
        tsv=lambda: trials_tsv(chosen),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only)


@app.command()
def sources(
    ctx: typer.Context,
    therapy_id: OptionalIdArgument = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
) -> None:
    """The bibliography, all or for one therapy: PMID, DOI, registry, links, and what each supports.

    Example: msstem sources msc
    """
    from .render_data import envelope, reference_data, sources_tsv
    from .views_explore import cited_by, sources_document

    kb = _state(ctx).kb()
    therapy = _one_therapy(kb, therapy_id)
    refs = list(kb.references)
    if therapy is not None:
        wanted = dict.fromkeys(r for c in therapy.claims() for r in c.refs)
        wanted.update(dict.fromkeys(r for t in kb.trials_for(therapy.id) for r in t.refs))
        refs = [kb.reference(r) for r in wanted]
    places = cited_by(kb)
    title = f"Sources{' for ' + therapy.short_name if therapy else ''}: {len(refs)} references"
    shown = Shown(
        document=lambda: sources_document(kb, refs, title),
        data=lambda: envelope(kb, references=[{**reference_data(r), "cited_for": places[r.id]} for r in refs]),
        tsv=lambda: sources_tsv(refs, places),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only)


class LintFormat(str, Enum):
    plain = "plain"
    json = "json"


@app.command()
def lint(
    ctx: typer.Context,
    path: Annotated[
        Optional[Path],
        typer.Argument(help="The knowledge base file to check (default: --kb, MSSTEM_KB, or the shipped one)."),
    ] = None,
    fmt: Annotated[LintFormat, typer.Option("--format", "-f", case_sensitive=False, help="plain or json.")] = (
        LintFormat.plain
    ),
) -> None:
    """Check a knowledge base file for contributors: exit 0 when clean, 1 when problems are found.

    Rules: MS001 a fact without a reference; MS002 a malformed PMID/DOI/registry id; MS003 a summary
    above US grade 8; MS004 a review date in the past; MS005 an unused reference; MS006 a risk number
    without its denominator. Validation errors from the loader are reported as MS000.

    Example: msstem lint data/therapies.yaml
    """
    import json

    from .errors import KnowledgeBaseError
    from .lint import RULES, Finding
    from .lint import lint as run_lint
    from .loading import default_path, load_knowledge_base

    state = _state(ctx)
    file = path or state.kb_path or default_path()
    try:
        findings = run_lint(load_knowledge_base(file), today())
    except KnowledgeBaseError as exc:
        findings = [Finding("MS000", p.path, p.line, p.message) for p in exc.problems]
    if fmt is LintFormat.json:
        rules = {**RULES, "MS000": "the loader's validation failed"}
        items = [{**f.__dict__, "rule": rules[f.code], "file": str(file)} for f in findings]
        sys.stdout.write(json.dumps({"file": str(file), "problems": items}, ensure_ascii=False, indent=2) + "\n")
    else:
        from .output import clean

        for f in findings:
            where = f"{file}:{f.line}" if f.line else str(file)
            typer.echo(clean(f"{where}: {f.code} {f.path}: {f.message}"))
        n = len(findings)
        typer.echo(f"{file}: {n} problem{'s' if n != 1 else ''}" if n else f"{file}: clean", err=True)
    raise typer.Exit(1 if findings else 0)


def main() -> None:
    """Console entry point: run the app; an unexpected error is one line, not a traceback."""
    try:
        app(prog_name="msstem")
    except Exception as exc:  # Click already handled usage errors, Exit, Abort and broken pipes
        if "--debug" in sys.argv[1:] or os.environ.get("MSSTEM_DEBUG", "") not in ("", "0", "false"):
            raise
        from .output import clean

        sys.stderr.write(
            f"msstem: error: unexpected problem ({type(exc).__name__}: {clean(str(exc))}). "
            "Run again with --debug to see the details.\n"
        )
        sys.exit(EXIT_ERROR)
