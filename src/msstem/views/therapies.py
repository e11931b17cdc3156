"""What each command shows, as format-neutral documents built from the model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from msstem.kb.model import KINDS, QUESTION_GROUPS, SECTIONS, Claim, KnowledgeBase, Therapy
from msstem.views.citations import Citations, human_date
from msstem.views.document import Block, Bullets, Cell, Document, Grid, Heading, Paragraph
from msstem.views.notices import DISCLAIMER, review_warning

COMPARE_LIMIT = 3  # benefits and risks shown per therapy in compare: the first are the main ones


def review_warnings(therapies: list[Therapy], today: dt.date) -> list[Block]:
    """One line for each entry past its review date, for any view that shows those entries."""
    return [Paragraph(f"{t.short_name}: {w}", strong=True) for t in therapies if (w := review_warning(t, today))]


def footer(kb: KnowledgeBase) -> tuple[str, ...]:
    return (DISCLAIMER, f"Knowledge base version {kb.version}.")


def stage_text(kb: KnowledgeBase, therapy: Therapy) -> str:
    stage = kb.stage(therapy.evidence_stage)
    return f"{stage.label} (stage {stage.rank} of {len(kb.evidence_stages)})"


def kind_note(therapy: Therapy) -> str | None:
    return None if therapy.is_stem_cell else KINDS[therapy.kind] + "."


def list_document(kb: KnowledgeBase, today: dt.date) -> Document:
    rows = tuple(
        (
            (t.id,),
            (t.name,),
            (t.aim_label,),
            tuple(t.cell_source[0].text.split("\n")),
            (kb.stage(t.evidence_stage).label,),
            (t.one_line,),
        )
        for t in kb.therapies
    )
    columns = ("Id", "Name", "Aim", "Where the cells come from", "Stage of evidence", "In one line")
    grid = Grid(columns, rows, optional=(2, 5, 3))  # on a narrow screen: id, name and stage first
    blocks: tuple[Block, ...] = (grid, *review_warnings(list(kb.therapies), today))
    return Document(
        title=f"Stem cell therapies for MS: {len(kb.therapies)} entries",
        blocks=(*blocks, Paragraph("For the full account with references: msstem explain ID.")),
        footer=footer(kb),
    )


def _bullets(cite: Citations, claims: tuple[Claim, ...], limit: int | None = None) -> Cell:
    chosen = claims if limit is None else claims[:limit]
    return tuple(cite.claim(c) for c in chosen)


def compare_document(kb: KnowledgeBase, therapies: list[Therapy], today: dt.date) -> Document:
    cite = Citations(kb)
    attributes: list[tuple[str, Callable[[Therapy], Cell]]] = [
        ("Aim", lambda t: (t.aim_label,) + ((kind_note(t),) if kind_note(t) else ())),
        ("How it works", lambda t: _bullets(cite, t.how_it_works)),
        ("Where the cells come from", lambda t: _bullets(cite, t.cell_source)),
        ("How it is given", lambda t: _bullets(cite, t.how_given)),
        (f"Main benefits (first {COMPARE_LIMIT})", lambda t: _bullets(cite, t.benefits, COMPARE_LIMIT)),
        (f"Main risks (first {COMPARE_LIMIT})", lambda t: _bullets(cite, t.risks, COMPARE_LIMIT)),
        ("Stage of evidence", lambda t: (stage_text(kb, t),)),
        ("Who it has been studied in", lambda t: _bullets(cite, t.studied_in)),
        ("Status and availability", lambda t: _bullets(cite, t.status)),
    ]
    rows = tuple(((label,), *(get(t) for t in therapies)) for label, get in attributes)
    grid = Grid(("", *(t.short_name for t in therapies)), rows, row_headers=True)
    blocks: list[Block] = [
        Paragraph("Summaries first:", strong=True),
        Bullets(tuple(f"{t.short_name}: {cite.claim(t.summary, with_study=False)}" for t in therapies)),
        *review_warnings(therapies, today),
        grid,
        *_stage_scale(kb),
        *references_blocks(cite),
        Paragraph("More on each, with every risk and study: msstem explain ID."),
    ]
    names = ", ".join(t.short_name for t in therapies)
    return Document(title=f"Side by side: {names}", blocks=tuple(blocks), footer=footer(kb))


def explain_document(kb: KnowledgeBase, therapy: Therapy, today: dt.date) -> Document:
    cite = Citations(kb)
    blocks: list[Block] = [Paragraph(cite.claim(therapy.summary, with_study=False), strong=True)]
    if warning := review_warning(therapy, today):
        blocks.append(Paragraph(warning, strong=True))
    if note := kind_note(therapy):
        blocks.append(Paragraph(note))
    blocks.append(Paragraph(f"Aim: {therapy.aim_label}."))
    stage = kb.stage(therapy.evidence_stage)
    blocks.append(Paragraph(f"Stage of evidence: {stage_text(kb, therapy)}. {stage.definition}"))
    for name, heading in SECTIONS.items():
        blocks.append(Heading(heading))
        blocks.append(Bullets(_bullets(cite, therapy.section(name))))
        if name == "benefits":
            blocks.extend(_key_studies(kb, therapy, cite))
    blocks.append(Heading("Questions to ask your doctor"))
    for group in QUESTION_GROUPS:
        questions = tuple(q.text for q in therapy.questions if q.group == group)
        if questions:
            blocks.append(Paragraph(group.capitalize().replace("-", " ") + ":"))
            blocks.append(Bullets(questions))
    blocks.extend(references_blocks(cite))
    blocks.append(
        Paragraph(
            f"Last reviewed {human_date(therapy.last_reviewed)}; next review due {human_date(therapy.review_due)}."
        )
    )
    return Document(title=f"{therapy.name} ({therapy.short_name})", blocks=tuple(blocks), footer=footer(kb))


def _key_studies(kb: KnowledgeBase, therapy: Therapy, cite: Citations) -> list[Block]:
    trials = kb.trials_for(therapy.id)
    if not trials:
        return []
    items = []
    for trial in trials:
        registry = ", ".join(trial.registry_ids) if trial.registry_ids else "registry id not confirmed"
        items.append(
            f"{trial.name} ({registry}; {trial.status} as of {human_date(trial.status_as_of)}): "
            f"{trial.design}; {trial.participants}. Compared with: {trial.comparator}. "
            f"Measured: {trial.primary_outcome}. Result: {trial.result} {cite.mark(trial.refs)}"
        )
    return [Heading("Key studies", level=3), Bullets(tuple(items))]


def _stage_scale(kb: KnowledgeBase) -> list[Block]:
    items = tuple(f"{s.label}: {s.definition}" for s in kb.evidence_stages)
    return [Heading("Stages of evidence, weakest first"), Bullets(items, numbered=True)]


def references_blocks(cite: Citations, compact: bool = False) -> list[Block]:
    """The numbered reference list; compact (for print) adds a link only where no identifier is printed."""
    used = cite.used()
    if not used:
        return []
    # Numbered in order of first use, so list number n is the reference marked [n] above.
    items = tuple(
        ref.citation() if compact and ref.identifiers() else f"{ref.citation()} {' '.join(ref.links())}".rstrip()
        for _, ref in used
    )
    return [Heading("References"), Bullets(items, numbered=True)]
