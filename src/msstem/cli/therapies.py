"""The commands about the therapies themselves: list, compare, explain."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from msstem.cli.common import (
    AsciiOption,
    Color,
    ColorOption,
    ForceOption,
    FormatOption,
    JsonOption,
    ListFormatOption,
    ListOutputOption,
    OutputOption,
    PagerOption,
    UsageProblem,
    complete_therapy,
    one_therapy,
    quoted,
    show,
    state_of,
    therapies_named,
    today,
)


def list_cmd(
    ctx: typer.Context,
    fmt: ListFormatOption = None,
    as_json: JsonOption = False,
    output: ListOutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = None,
) -> None:
    """List every therapy: aim, where the cells come from, stage of evidence, one line each.

    Example: msstem list
    """
    from msstem.render.data import envelope, therapies_tsv, therapy_data
    from msstem.render.formats import Shown
    from msstem.views.therapies import list_document

    kb = state_of(ctx).kb()
    shown = Shown(
        document=lambda: list_document(kb, today()),
        data=lambda: envelope(kb, therapies=(therapy_data(kb, t, today()) for t in kb.therapies)),
        tsv=lambda: therapies_tsv(kb),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)


def compare(
    ctx: typer.Context,
    ids: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="ID...",
            help="Two or more therapies: ids or other names, e.g. ahsct msc or stem cell transplant msc.",
            autocompletion=complete_therapy,
            show_default=False,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Compare every therapy.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Every section side by side, with every key number.")] = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = None,
) -> None:
    """Compare therapies side by side: an option grid of the answers at a glance and the key numbers.

    Example: msstem compare ahsct msc
    """
    from msstem.render.data import envelope, therapy_data
    from msstem.render.formats import Shown
    from msstem.views.therapies import compare_document

    kb = state_of(ctx).kb()
    therapies = list(kb.therapies) if all_ else therapies_named(kb, ids or [])
    if len(therapies) < 2:
        raise UsageProblem("give two or more different therapy ids, or --all.", "For example: msstem compare ahsct msc")
    shown = Shown(
        document=lambda: compare_document(kb, therapies, today(), full=full),
        data=lambda: envelope(kb, therapies=(therapy_data(kb, t, today()) for t in therapies)),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)


def explain(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="ID [SECTION]...",
            help="Therapy id or alias (e.g. ahsct), then any sections to show in full (e.g. risks numbers).",
            autocompletion=complete_therapy,
            show_default=False,
        ),
    ],
    full: Annotated[bool, typer.Option("--full", help="Show every section of the entry.")] = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = None,
) -> None:
    """Explain one therapy: the answers at a glance and its key numbers on one screen; a section in
    full with its name (risks, numbers, references ...); everything with --full.

    Example: msstem explain ahsct risks
    """
    from msstem.render.data import envelope, therapy_data
    from msstem.render.formats import Shown
    from msstem.views.therapies import EXPLAIN_SECTIONS, close_sections, explain_document, section_name

    kb = state_of(ctx).kb()
    # The therapy's name may be several words ('stem cell transplant'); the words after it name sections.
    cut = next((k for k in range(len(words), 0, -1) if kb.therapy(" ".join(words[:k])) is not None), len(words))
    therapy = one_therapy(kb, words[:cut])  # (no name at all: a clear error, with the closest ids)
    assert therapy is not None  # the argument is required
    sections = [section_name(typed) for typed in words[cut:]]
    if None in sections:
        if any(kb.therapy(w) for w in words[cut:]):  # more names: of the same therapy, or one_therapy says so
            therapy, sections = one_therapy(kb, words), []
        else:
            typed = words[cut + sections.index(None)]
            close = close_sections(typed)
            guess = f"Did you mean {' or '.join(close)}? " if close else ""
            listed = ", ".join(EXPLAIN_SECTIONS)
            raise UsageProblem(f"no section called {quoted(typed)}.", f"{guess}Sections: {listed}.")
    sections = list(dict.fromkeys(sections))  # each once, in the order asked
    shown = Shown(
        document=lambda: explain_document(kb, therapy, today(), sections=sections, full=full),
        data=lambda: envelope(kb, therapy=therapy_data(kb, therapy, today())),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)
