"""Commands for exploring the knowledge base: search, glossary (define), trials, sources, lint.
Registered on the app in cli/app.py."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from msstem.cli.common import (
    AsciiOption,
    Color,
    ColorOption,
    ForceOption,
    JsonOption,
    ListFormatOption,
    ListOutputOption,
    OptionalIdArgument,
    PagerOption,
    UsageProblem,
    number_option,
    one_therapy,
    quoted,
    show,
    state_of,
    today,
    write_stdout,
)
from msstem.kb.vocabulary import TRIAL_STATUS_WORDS, trial_status

if TYPE_CHECKING:
    from msstem.kb.model import KnowledgeBase


def search(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(metavar="TEXT...", help="Words to look for.")],
    limit: Annotated[
        int, typer.Option("--limit", "-n", parser=number_option(int, minimum=1), help="Show at most this many matches.")
    ] = 20,
    fmt: ListFormatOption = None,
    as_json: JsonOption = False,
    output: ListOutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = None,
) -> None:
    """Search everything: therapies, trials, glossary and references. Spelling-tolerant.

    Example: msstem search myelin repair
    """
    from msstem.kb.search import MAX_QUERY, Index
    from msstem.render.data import envelope, search_data, search_tsv
    from msstem.render.formats import Shown
    from msstem.views.explore import search_document

    query = " ".join(text).strip()
    if not any(ch.isalnum() for ch in query):
        raise UsageProblem("give a word to look for.", "For example: msstem search myelin")
    if len(query) > MAX_QUERY:
        raise UsageProblem(f"search for at most {MAX_QUERY} characters, not {len(query):,}.")
    kb = state_of(ctx).kb()
    index = Index(kb)
    hits, total = index.search(query, limit)
    if not hits:
        close = index.closest_terms(query)
        hint = f" Closest words: {', '.join(close)}." if close else ""
        typer.echo(f"msstem: no matches for {quoted(query)}.{hint}", err=True)
    shown = Shown(
        document=lambda: search_document(kb, query, hits, total),
        data=lambda: envelope(kb, query=query, results=search_data(hits)),
        tsv=lambda: search_tsv(hits),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)


def glossary(
    ctx: typer.Context,
    term: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="[TERM]",
            help="One term, e.g. myelin or stem cell tourism; a therapy's name finds the term for it.",
            show_default=False,
        ),
    ] = None,
    fmt: ListFormatOption = None,
    as_json: JsonOption = False,
    output: ListOutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = None,
) -> None:
    """Explain the words: the whole glossary, or one term with its source.

    Example: msstem glossary myelin
    """
    from msstem.render.data import envelope, glossary_tsv, plain_data
    from msstem.render.formats import Shown
    from msstem.views.explore import glossary_document

    kb = state_of(ctx).kb()
    terms = list(kb.glossary)
    if term:
        phrase = " ".join(term)
        found = kb.term(phrase)
        if found is None:
            raise UsageProblem(f"no glossary entry for {quoted(phrase)}.", _no_term_hint(kb, phrase))
        terms = [found]
    shown = Shown(
        document=lambda: glossary_document(kb, terms),
        data=lambda: envelope(kb, glossary=[plain_data(t) for t in terms]),
        tsv=lambda: glossary_tsv(terms),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)


def _no_term_hint(kb: KnowledgeBase, phrase: str) -> str:
    therapy = kb.therapy(phrase)
    if therapy is not None:
        return f"{therapy.short_name} is a therapy, with no glossary entry of its own: msstem explain {therapy.id}"
    close = kb.term_suggestions(phrase)
    return f"Closest terms: {'; '.join(close)}." if close else "See every term: msstem glossary"


def complete_status(incomplete: str) -> list[str]:
    """Shell completion: msstem's statuses and the registries' words, hyphenated."""
    return [w.replace(" ", "-") for w in TRIAL_STATUS_WORDS if w.startswith(incomplete.casefold())]


def trials(
    ctx: typer.Context,
    therapy_id: OptionalIdArgument = None,
    status: Annotated[
        Optional[str],
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Only trials with this status: completed, ongoing or terminated. A registry's word works too "
            "(recruiting, active-not-recruiting, withdrawn …).",
            autocompletion=complete_status,
            show_default=False,
        ),
    ] = None,
    fmt: ListFormatOption = None,
    as_json: JsonOption = False,
    output: ListOutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = None,
) -> None:
    """Key trials, all or for one therapy: registry id, design, people, comparator, result, status.

    Example: msstem trials ahsct --status recruiting
    """
    from msstem.render.data import envelope, trial_data, trials_tsv
    from msstem.render.formats import Shown
    from msstem.views.explore import trials_document
    from msstem.views.therapies import review_warnings

    wanted = trial_status(status) if status is not None else None
    if status is not None and wanted is None:
        raise UsageProblem(
            f"no trial status called '{status}'.",
            "Use completed, ongoing or terminated, or a registry's word such as recruiting or withdrawn.",
        )
    kb = state_of(ctx).kb()
    therapy = one_therapy(kb, therapy_id)
    chosen = [t for t in kb.trials if (therapy is None or therapy.id in t.therapies) and wanted in (None, t.status)]
    shown = Shown(
        document=lambda: trials_document(
            kb, chosen, therapy, status, review_warnings([therapy] if therapy else [], today())
        ),
        data=lambda: envelope(kb, trials=[trial_data(t) for t in chosen]),
        tsv=lambda: trials_tsv(chosen),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)


def sources(
    ctx: typer.Context,
    therapy_id: OptionalIdArgument = None,
    fmt: ListFormatOption = None,
    as_json: JsonOption = False,
    output: ListOutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = None,
) -> None:
    """The bibliography, all or for one therapy: PMID, DOI, registry, links, and what each supports.

    Example: msstem sources msc
    """
    from msstem.render.data import envelope, reference_data, sources_tsv
    from msstem.render.formats import Shown
    from msstem.views.explore import sources_document

    kb = state_of(ctx).kb()
    therapy = one_therapy(kb, therapy_id)
    refs = list(kb.references)
    if therapy is not None:
        refs = kb.references_for(therapy.id)
    places = kb.cited_by()
    title = f"Sources{' for ' + therapy.short_name if therapy else ''}: {len(refs)} references"
    shown = Shown(
        document=lambda: sources_document(kb, refs, title),
        data=lambda: envelope(kb, references=[{**reference_data(r), "cited_for": places[r.id]} for r in refs]),
        tsv=lambda: sources_tsv(refs, places),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)


class LintFormat(str, Enum):
    plain = "plain"
    json = "json"


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
    without its denominator; MS007 markup or hidden characters in text, or a link that is not http(s);
    MS008 a staging host; MS009 a raw data query; MS010 an http link; MS011 an answer at a glance
    over 25 words; MS012 a key number's who_when over 45 characters. Validation errors from the
    loader are reported as MS000.

    Example: msstem lint data/therapies.yaml
    """
    from msstem.kb.errors import KnowledgeBaseError
    from msstem.kb.lint import RULES, Finding
    from msstem.kb.lint import lint as run_lint
    from msstem.kb.load import load_knowledge_base
    from msstem.kb.paths import default_path

    state = state_of(ctx)
    file = path or state.kb_path or default_path()
    try:
        findings = run_lint(load_knowledge_base(file), today())
        total = len(findings)
    except KnowledgeBaseError as exc:  # (the first MAX_REPORTED problems, and how many in all)
        findings = [Finding("MS000", p.path, p.line, p.message) for p in exc.problems]
        total = exc.total
    if fmt is LintFormat.json:
        from msstem.render.data import to_json

        rules = {**RULES, "MS000": "the loader's validation failed"}
        items = [{**f.__dict__, "rule": rules[f.code], "file": str(file)} for f in findings]
        write_stdout(to_json({"file": str(file), "total": total, "problems": items}))
    else:
        from msstem.render.output import clean

        lines = [clean(f"{f'{file}:{f.line}' if f.line else file}: {f.code} {f.path}: {f.message}") for f in findings]
        write_stdout("".join(line + "\n" for line in lines))
        listed = f" (the first {len(findings)} are listed)" if total > len(findings) else ""
        typer.echo(f"{file}: {total:,} problem{'s' if total != 1 else ''}{listed}" if total else f"{file}: clean",
                   err=True)  # fmt: skip
    raise typer.Exit(1 if findings else 0)
