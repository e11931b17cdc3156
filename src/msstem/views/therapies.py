"""What each command shows, as format-neutral documents built from the model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from msstem.disclaimer import DISCLAIMER
from msstem.kb.model import KINDS, QUESTION_GROUPS, SECTIONS, Claim, KeyNumber, KnowledgeBase, Therapy
from msstem.kb.vocabulary import GLANCE, GLANCE_SHORT, STUDY_KINDS
from msstem.views.citations import Citations, human_date, reference_line
from msstem.views.document import Block, Bullets, Cell, Document, Figure, Grid, Heading, Paragraph
from msstem.views.notices import review_warning


def review_warnings(therapies: list[Therapy], today: dt.date) -> list[Block]:
    """One line for each entry past its review date, for any view that shows those entries."""
    return [Paragraph(f"{t.short_name}: {w}", strong=True) for t in therapies if (w := review_warning(t, today))]


def footer(kb: KnowledgeBase) -> tuple[str, ...]:
    return (DISCLAIMER, f"Knowledge base {kb.version}.")


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


# Sections of `explain ID SECTION`: the name to type, what it holds. Short forms are accepted.
EXPLAIN_SECTIONS: dict[str, str] = {
    **{name.replace("_", "-"): heading for name, heading in SECTIONS.items()},
    "numbers": "Key numbers",
    "trials": "Key studies",
    "questions": "Questions to ask your doctor",
    "references": "References",
    "support": "Help and support",
}
SHORT_FORMS = {"cells": "cell-source", "given": "how-given", "steps": "procedure", "works": "how-it-works",
               "progressive": "progressive-ms", "cost": "cost-access", "access": "cost-access",
               "studied": "studied-in", "refs": "references", "sources": "references", "studies": "trials",
               "key-numbers": "numbers", "eligible": "eligibility", "pregnancy": "fertility"}  # fmt: skip
GLANCE_NUMBERS = 2  # key numbers on the one-screen view: the main ones come first


def _section_key(typed: str) -> str:
    return typed.strip().casefold().replace("_", "-").replace(" ", "-")


def close_sections(typed: str) -> list[str]:
    """The sections a mistyped name may mean ('rissk': risks), short forms included."""
    import difflib

    names = {**{name: name for name in EXPLAIN_SECTIONS}, **SHORT_FORMS}  # what may be typed: what it means
    close = difflib.get_close_matches(_section_key(typed), list(names), n=3, cutoff=0.6)
    return list(dict.fromkeys(names[m] for m in close))


def section_name(typed: str) -> str | None:
    """The section a reader means: 'risks', 'Risk', 'how_it_works', 'cells' ..."""
    key = _section_key(typed)
    for candidate in (key, key.rstrip("s"), key + "s"):
        if candidate in EXPLAIN_SECTIONS:
            return candidate
        if candidate in SHORT_FORMS:
            return SHORT_FORMS[candidate]
    return None


def figure(number: KeyNumber, cite: Citations, with_note: bool = True, say_what: bool = True) -> Figure:
    """A key number as a natural frequency on a denominator of 100, with its group, study and time.
    Its short form, for a grid, says who and when in a few words; `say_what` False leaves out what
    is counted, for a row whose name says it."""
    low, high = number.per_100()
    # Counts as the source gives them: "3 of 55"; a rate per 1,000 as "11 in 1,000" (per 100: the
    # frequency says it). Under 1 in 100, also per 1,000, so a rare harm is not read as none.
    per = " in " if number.total == 1000 else " of "
    counts = f"{_count(number.events)}{per}{number.total:,}" if number.total != 100 else ""
    rare = high is None and 0 < low < 1
    if high is not None:
        frequency = f"{_per_100(low)} to {_per_100(high)} in 100"
        counts = f"{_count(number.events)} to {_count(number.events_high or 0)}{per}{number.total:,}" if counts else ""
    elif rare:
        frequency = "fewer than 1 in 100"
        thousand = f"about {_per_1000(low)} in 1,000"
        counts = thousand if number.total == 1000 or not counts else f"{counts}, {thousand}"
    else:
        frequency = f"{_per_100(low)} in 100"
    exact = low == round(low) and (high is None or high == round(high))
    about = "" if exact or rare else "About "  # ("fewer than 1 in 100" says it)
    head = f"{about}{frequency}" if about else frequency[0].upper() + frequency[1:]
    amount = f"{head}{f' ({counts})' if counts else ''}"
    sentence = (
        f"{amount}: {number.counts.rstrip('.')}. {number.group.rstrip('.')}. "
        f"{STUDY_KINDS[number.study].capitalize()}. {number.years.rstrip('.')}."
        f"{f' {number.note.rstrip(chr(46))}.' if number.note and with_note else ''} {cite.mark(number.refs)}"
    )
    what = f": {_measure(number.counts)}" if say_what else ""
    # A grid cell is short: a rate per 1,000 restates the frequency, so it is left to the sentence
    # unless the harm is rare ("fewer than 1 in 100" needs it). Counts of people stay: they say how many.
    brief = head if number.total == 1000 and not rare else amount
    short = f"{brief}{what}. {number.who_when.rstrip('.')}. {cite.mark(number.refs)}"
    return Figure(sentence.rstrip(), low, high, short=short.rstrip())


def _per_100(value: float) -> str:
    return f"{value:.0f}" if value >= 1 or value == 0 else f"{value:.1f}"


def _per_1000(per_100: float) -> str:
    value = per_100 * 10
    return f"{value:.0f}" if value >= 1 else f"{value:.1f}"


def _count(value: float) -> str:
    return f"{value:.0f}" if value == round(value) else f"{value:g}"


def glance_rows(therapies: list[Therapy], cite: Citations, short: bool = False) -> tuple[tuple[Cell, ...], ...]:
    """One row a question, one column a therapy: the answers at a glance (`short`: the questions in
    a word or two, for a narrow grid)."""
    questions = GLANCE_SHORT if short else GLANCE
    rows = []
    for i, question in enumerate(questions.values()):
        rows.append(((question,), *((cite.claim(t.glance()[i][1], with_study=False),) for t in therapies)))
    return tuple(rows)


MAIN_HARM = "Main harm"  # the row of each therapy's first harm: they may differ


def main_numbers(therapies: list[Therapy]) -> list[tuple[str, list[KeyNumber | None]]]:
    """The key numbers to set side by side on one denominator, so that no comparison quantifies one
    side's harms only: (label, one number or None for each therapy) rows.
    - the first outcome two or more of them measure ("Disability got worse": both arms of MIST);
    - a harm every one of them has a number for, as one measure: the first of the first therapy's
      harms that all share ("Died from the treatment": so the order of key numbers in the
      knowledge base decides which figure is shown);
    - else each one's first harm, in a row called MAIN_HARM whose cells each say what they count."""
    rows: list[tuple[str, list[KeyNumber | None]]] = []
    for counts in (n.counts for t in therapies for n in t.key_numbers if n.kind == "outcome"):
        found = [next((n for n in t.key_numbers if n.counts == counts), None) for t in therapies]
        if sum(n is not None for n in found) > 1:
            rows.append((_measure(counts), found))
            break  # the main shared measure; the others are in --full
    harms = [[n for n in t.key_numbers if n.kind == "harm"] for t in therapies]
    for counts in (n.counts for n in harms[0]) if len(therapies) > 1 else ():
        found = [next((n for n in harm if n.counts == counts), None) for harm in harms]
        if all(found):
            return [*rows, (_measure(counts), found)]
    return [*rows, (MAIN_HARM, [harm[0] if harm else None for harm in harms])]


def _measure(counts: str) -> str:
    """What a number counts, in a few words: 'Fever while white blood cells were very low'."""
    return counts.split(" (")[0].rstrip(".")


def number_rows(rows: list[tuple[str, list[KeyNumber | None]]], cite: Citations) -> tuple[tuple[Cell, ...], ...]:
    """The key numbers side by side. A row of one measure names it; in the row of main harms, which
    differ, each cell says what it counts, so no picture is read against one counting something else."""

    def cell(number: KeyNumber | None, shared: bool) -> Cell:
        return ("We found no figures.",) if number is None else (figure(number, cite, say_what=not shared),)

    return tuple(((label,), *(cell(n, label != MAIN_HARM) for n in numbers)) for label, numbers in rows)


def compare_document(kb: KnowledgeBase, therapies: list[Therapy], today: dt.date, full: bool = False) -> Document:
    """An option grid: one row a question, one column a therapy, the answers at a glance and the key
    numbers side by side. `full`: every section of each entry as well."""
    if full:
        return _compare_full(kb, therapies, today)
    cite = Citations(kb)
    columns = ("", *(t.short_name for t in therapies))
    numbers = main_numbers(therapies)
    rows = (*glance_rows(therapies, cite, short=True), *number_rows(numbers, cite))
    ids = " ".join(t.id for t in therapies)
    # (No kind note: "What it is", the first row, says "Not stem cells" for each entry that is not.)
    blocks: list[Block] = [
        *review_warnings(therapies, today),
        Grid(columns, rows, row_headers=True),
        Paragraph(f"Sources and every section: msstem compare {ids} --full"),
    ]
    names = ", ".join(t.short_name for t in therapies)
    return Document(f"Side by side: {names}", tuple(blocks), footer(kb), subtitle=_reviewed_line(therapies))


def _reviewed_line(therapies: list[Therapy]) -> str:
    return "Last reviewed: " + "; ".join(f"{t.short_name} {human_date(t.last_reviewed)}" for t in therapies) + "."


def _sources_line(cite: Citations) -> str | None:
    """'[1] Burt RK 2019; [2] Sormani MP 2017': short names for the numbers, the full list a command
    away; None when nothing is cited."""
    names = [f"[{n}] {ref.first_author()} {ref.year}" for n, ref in cite.used()]
    return "; ".join(names) + "." if names else None


def _compare_full(kb: KnowledgeBase, therapies: list[Therapy], today: dt.date) -> Document:
    cite = Citations(kb)
    attributes: list[tuple[str, Callable[[Therapy], Cell]]] = [
        ("Aim", lambda t: (t.aim_label,) + ((kind_note(t),) if kind_note(t) else ())),
        *((heading, lambda t, name=name: _bullets(cite, t.section(name))) for name, heading in SECTIONS.items()),
        ("Key numbers", lambda t: tuple(figure(n, cite) for n in t.key_numbers) or ("We found no figures.",)),
        ("Stage of evidence", lambda t: (stage_text(kb, t),)),
    ]
    rows = tuple(((label,), *(get(t) for t in therapies)) for label, get in attributes)
    grid = Grid(("", *(t.short_name for t in therapies)), rows, row_headers=True)
    blocks: list[Block] = [
        *review_warnings(therapies, today),
        Heading("At a glance"),  # the questions as the one-screen grid names them: one or two lines each
        Grid(("", *(t.short_name for t in therapies)), glance_rows(therapies, cite, short=True), row_headers=True),
        Heading("Summaries"),
        Bullets(tuple(f"{t.short_name}: {cite.claim(t.summary, with_study=False)}" for t in therapies)),
        Heading("Section by section"),
        grid,
        *_stage_scale(kb),
        *references_blocks(cite),
    ]
    names = ", ".join(t.short_name for t in therapies)
    title = f"Side by side, in full: {names}"
    return Document(title, tuple(blocks), footer(kb), subtitle=_reviewed_line(therapies))


def explain_document(
    kb: KnowledgeBase, therapy: Therapy, today: dt.date, sections: list[str] | None = None, full: bool = False
) -> Document:
    """One screen first: the answers at a glance, the main numbers and the sections to open.
    `sections` (names of EXPLAIN_SECTIONS): those in full; `full`: everything."""
    # References are numbered in the order of the whole entry, so [n] is the same in every view.
    cite = Citations(kb, [r.id for r in kb.references_for(therapy.id)])
    title = therapy.title()
    reviewed = f"Last reviewed {human_date(therapy.last_reviewed)}."
    head: list[Block] = []
    if warning := review_warning(therapy, today):
        head.append(Paragraph(warning, strong=True))
    if note := kind_note(therapy):
        head.append(Paragraph(note))
    if full:
        # The summary and the answers first; every number with its picture after the risks, so that
        # a screen of pictures does not stand between the answers and how it works.
        blocks = [*head, Paragraph(cite.claim(therapy.summary, with_study=False), strong=True)]
        blocks.append(_glance_grid(therapy, cite))
        blocks.append(Paragraph(f"Aim: {therapy.aim_label}."))
        stage = kb.stage(therapy.evidence_stage)
        blocks.append(Paragraph(f"Stage of evidence: {stage_text(kb, therapy)}. {stage.definition}"))
        for name in EXPLAIN_SECTIONS:
            if name not in ("numbers", "trials", "references"):
                blocks.extend(_section(kb, therapy, name, cite))
            if name == "benefits":  # the trials behind them
                blocks.extend(_key_studies(kb, therapy, cite))
            if name == "risks" and therapy.key_numbers:  # the numbers, most of them harms
                blocks.extend(_section(kb, therapy, "numbers", cite))
        blocks.extend(references_blocks(cite))
        blocks.append(Paragraph(f"Next review due {human_date(therapy.review_due)}."))
        return Document(title, tuple(blocks), footer(kb), subtitle=reviewed)
    if sections:
        blocks = list(head)
        for name in sections:
            blocks.extend(_section(kb, therapy, name, cite))
        if "references" not in sections and (sources := _sources_line(cite)):
            blocks.append(Paragraph(f"Sources: {sources}"))
        return Document(title, tuple(blocks), footer(kb), subtitle=reviewed)
    blocks = [*head, *_glance_blocks(therapy, cite)]
    names = ", ".join(EXPLAIN_SECTIONS)
    more = f"More: msstem explain {therapy.id} SECTION for {names}; --full for all."
    if kb.support:  # who to call, at the end of every explain
        more += f" Support: {kb.support[0].name} {kb.support[0].contact.lower()}."
    blocks.append(Paragraph(more))
    return Document(title, tuple(blocks), footer(kb), subtitle=reviewed)


def _glance_blocks(therapy: Therapy, cite: Citations) -> list[Block]:
    """The answers at a glance; then the main key numbers as sentences (the pictures a command away)."""
    blocks: list[Block] = [_glance_grid(therapy, cite)]
    if not therapy.key_numbers:
        return blocks
    numbers = therapy.key_numbers[:GLANCE_NUMBERS]
    more = len(therapy.key_numbers) - len(numbers)
    tail = f"{f'{more} more, ' if more else ''}with pictures: msstem explain {therapy.id} numbers"
    return [
        *blocks,
        Heading(f"Key numbers ({tail})"),
        Bullets(tuple(figure(n, cite, with_note=False).sentence for n in numbers)),
    ]


def _glance_grid(therapy: Therapy, cite: Citations) -> Grid:
    return Grid(("", therapy.short_name), glance_rows([therapy], cite, short=True), row_headers=True)


def _section(kb: KnowledgeBase, therapy: Therapy, name: str, cite: Citations) -> list[Block]:
    heading = Heading(EXPLAIN_SECTIONS[name])
    if name == "numbers":
        figures = [figure(n, cite) for n in therapy.key_numbers]
        return [heading, *(figures or [Paragraph("We found no figures to show as numbers.")])]
    if name == "trials":
        return [heading, *(_key_studies(kb, therapy, cite)[1:] or [Paragraph("No key trials listed.")])]
    if name == "questions":
        blocks: list[Block] = [heading]
        for group in QUESTION_GROUPS:
            questions = tuple(q.text for q in therapy.questions if q.group == group)
            if questions:
                blocks.append(Paragraph(group.capitalize().replace("-", " ") + ":"))
                blocks.append(Bullets(questions))
        return blocks
    if name == "support":
        return [heading, *support_blocks(kb, cite)]
    if name == "references":
        for ref in kb.references_for(therapy.id):
            cite.mark((ref.id,))
        return references_blocks(cite)
    return [heading, Bullets(_bullets(cite, therapy.section(name.replace("-", "_"))))]


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


def support_blocks(kb: KnowledgeBase, cite: Citations) -> list[Block]:
    """Who to ask: the patient organisations, with how to reach them as their own pages give it."""
    if not kb.support:
        return [Paragraph("No organisations are listed in this knowledge base.")]
    items = tuple(f"{o.label()}: {o.contact}. {o.url} {cite.mark(o.refs)}" for o in kb.support)
    return [Bullets(items)]


def _stage_scale(kb: KnowledgeBase) -> list[Block]:
    items = tuple(f"{s.label}: {s.definition}" for s in kb.evidence_stages)
    return [Heading("Stages of evidence, weakest first"), Bullets(items, numbered=True)]


def references_blocks(cite: Citations) -> list[Block]:
    """The references marked above, each with its number."""
    used = cite.used()
    if not used:
        return []
    items = tuple(reference_line(ref) for _, ref in used)
    if [n for n, _ in used] == list(range(1, len(used) + 1)):
        return [Heading("References"), Bullets(items, numbered=True)]
    # Numbered as in the whole entry, so some numbers are not here: each says its own.
    return [Heading("References"), Bullets(tuple(f"[{n}] {item}" for (n, _), item in zip(used, items, strict=True)))]
