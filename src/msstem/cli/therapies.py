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
    IdArgument,
    JsonOption,
    ListFormatOption,
    ListOutputOption,
    OutputOption,
    PagerOption,
    UsageProblem,
    complete_therapy,
    one_therapy,
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
    show(shown, fmt, as_json, output, force, color, ascii_only)


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
    from msstem.render.data import envelope, therapy_data
    from msstem.render.formats import Shown
    from msstem.views.therapies import compare_document

    kb = state_of(ctx).kb()
    therapies = list(kb.therapies) if all_ else therapies_named(kb, ids or [])
    if len(therapies) < 2:
        raise UsageProblem("give two or more different therapy ids, or --all.", "For example: msstem compare ahsct msc")
    shown = Shown(
        document=lambda: compare_document(kb, therapies, today()),
        data=lambda: envelope(kb, therapies=(therapy_data(kb, t, today()) for t in therapies)),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only)


def explain(
    ctx: typer.Context,
    therapy_id: IdArgument,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = False,
) -> None:
    """Explain one therapy in full: summary, how it works, steps, benefits, risks, evidence, references.

    Example: msstem explain ahsct
    """
    from msstem.render.data import envelope, therapy_data
    from msstem.render.formats import Shown
    from msstem.views.therapies import explain_document

    kb = state_of(ctx).kb()
    therapy = one_therapy(kb, therapy_id)
    assert therapy is not None  # the argument is required
    shown = Shown(
        document=lambda: explain_document(kb, therapy, today()),
        data=lambda: envelope(kb, therapy=therapy_data(kb, therapy, today())),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)
