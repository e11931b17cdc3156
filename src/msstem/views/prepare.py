"""What the preparing commands show: criteria, line-up, clinic checklist, questions, handout."""

from __future__ import annotations

import datetime as dt

from msstem.kb.eligibility import MS_TEAM, Facts, Outcome, line_up
from msstem.kb.model import (
    ClinicCheck,
    CriteriaSet,
    KnowledgeBase,
    Question,
    Therapy,
)
from msstem.kb.vocabulary import CRITERION_FACTS, FACTS, MS_TYPES, QUESTION_GROUPS
from msstem.views.citations import Citations, human_date
from msstem.views.document import Block, Bullets, Cell, Document, Grid, Heading, Paragraph, WritingSpace
from msstem.views.therapies import (
    figure,
    footer,
    glance_rows,
    main_numbers,
    number_rows,
    references_blocks,
    review_warnings,
    support_blocks,
)

NOT_STATED = "Not stated"
KIND_LABELS = {"guideline": "guideline", "health_system": "health system", "trial": "trial inclusion criteria"}


def set_heading(s: CriteriaSet) -> str:
    return f"{s.body} ({KIND_LABELS[s.kind]}, {human_date(s.as_of)})"


def criteria_grid(kb: KnowledgeBase, sets: tuple[CriteriaSet, ...], cite: Citations) -> Grid:
    """Criteria side by side: one column per body, one row per fact; 'Not stated' where silent."""
    rows = []
    for fact, label in CRITERION_FACTS.items():
        cells: list[Cell] = []
        for s in sets:
            texts = [c.text for c in s.criteria if c.fact == fact]
            cells.append(tuple(f"{t} {cite.mark(s.refs)}" for t in texts) or (NOT_STATED,))
        if any(cell != (NOT_STATED,) for cell in cells):
            rows.append(((label,), *cells))
    columns = ("", *(set_heading(s) for s in sets))
    return Grid(columns, tuple(rows), row_headers=True, by_column=True, missing=NOT_STATED)


def criteria_document(kb: KnowledgeBase, therapies: list[Therapy], today: dt.date) -> Document:
    cite = Citations(kb)
    blocks: list[Block] = [Paragraph(MS_TEAM, strong=True), *review_warnings(therapies, today)]
    for t in therapies:
        sets = kb.criteria_for(t.id)
        blocks.append(Heading(f"{t.short_name}: published eligibility criteria"))
        if sets:
            blocks.append(criteria_grid(kb, sets, cite))
        else:
            blocks.append(Paragraph("No published eligibility criteria in this knowledge base."))
    blocks += references_blocks(cite)
    return Document("Who can have it: published criteria side by side", tuple(blocks), footer(kb))


def facts_lines(facts: Facts) -> tuple[str, ...]:
    shown = []
    for name, value in facts.given().items():
        if name == "ms_type":
            value = f"{value} ({MS_TYPES[str(value)]})"
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        shown.append(f"{FACTS[name]}: {value}")
    return tuple(shown) or ("(none given)",)


def lineup_document(kb: KnowledgeBase, facts: Facts, therapies: list[Therapy], today: dt.date) -> Document:
    cite = Citations(kb)
    blocks: list[Block] = [
        Paragraph(MS_TEAM, strong=True),
        *review_warnings(therapies, today),
        Paragraph(
            "This is not a verdict or a score. It shows, criterion by criterion, what your facts meet, what "
            "they do not meet, and what cannot be judged from what you gave."
        ),
        Heading("What you gave"),
        Bullets(facts_lines(facts)),
    ]
    if not facts.given():
        blocks.append(Paragraph("You gave no facts, so nothing can be judged yet. Add options such as --age 40 "
                                "--ms-type rrms, run msstem lineup on a terminal to be asked, or read the criteria "
                                "themselves with msstem criteria."))  # fmt: skip
        return Document("Your facts next to published criteria", tuple(blocks), footer(kb))
    for t in therapies:
        lines = line_up(kb.criteria_for(t.id), facts)
        blocks.append(Heading(f"{t.short_name}: {t.name}"))
        if not lines:
            blocks.append(Paragraph("No published eligibility criteria in this knowledge base."))
        for line in lines:
            blocks.append(Heading(f"{set_heading(line.criteria_set)} {cite.mark(line.criteria_set.refs)}", level=3))
            blocks.append(Paragraph(line.counts()))
            # met and not met first, then what cannot be judged
            ordered = [r for r in line.results if r.outcome is not Outcome.cannot_judge]
            ordered += line.by_outcome(Outcome.cannot_judge)
            items = [f"{r.outcome.value.capitalize()}: {r.criterion.text}{f' ({r.why})' if r.why else ''}"
                     for r in ordered]  # fmt: skip
            blocks.append(Bullets(tuple(items) or ("No criteria listed.",)))
            if line.notes:
                blocks.append(Paragraph("Notes on this source:"))
                blocks.append(Bullets(line.notes))
    blocks += references_blocks(cite)
    blocks.append(Paragraph("Nothing you typed was stored or sent anywhere."))
    return Document("Your facts next to published criteria", tuple(blocks), footer(kb))


def checklist_document(kb: KnowledgeBase, answers: dict[str, str] | None = None) -> Document:
    """The checklist; with answers, a summary of the red flags raised first."""
    cite = Citations(kb)
    blocks: list[Block] = []
    if answers is not None:
        raised = [c for c in kb.clinic_checks if answers.get(c.id) == c.red_flag_answer]
        unsure = [c for c in kb.clinic_checks if answers.get(c.id) == "unsure"]
        answered = len(kb.clinic_checks) - len(unsure)
        summary = f"Red flags raised: {len(raised)} of the {answered} questions you could answer."
        if unsure:
            summary += f" You were not sure about {len(unsure)}: ask the clinic about those first."
        blocks.append(Paragraph(summary, strong=True))
        if raised:
            blocks.append(Bullets(tuple(f"{c.question} — {c.why} {cite.mark(c.refs)}" for c in raised)))
        if unsure:
            blocks.append(Paragraph("Not sure yet:"))
            blocks.append(Bullets(tuple(c.question for c in unsure)))
        blocks.append(Paragraph("A red flag is a reason to ask more questions and to talk to your MS team, "
                                "not proof on its own."))  # fmt: skip
    blocks.append(Heading("The checklist"))
    blocks.append(Bullets(tuple(_check_line(c, cite, answers) for c in kb.clinic_checks), numbered=True))
    blocks += references_blocks(cite)
    return Document("Judging a stem cell clinic or offer", tuple(blocks), footer(kb))


def _check_line(check: ClinicCheck, cite: Citations, answers: dict[str, str] | None) -> str:
    flag = f"Red flag if the answer is {check.red_flag_answer}."
    answered = f" You answered: {answers[check.id]}." if answers and check.id in answers else ""
    return f"{check.question} {flag}{answered} Why: {check.why} {cite.mark(check.refs)}"


def grouped_questions(questions: tuple[Question, ...]) -> list[Block]:
    blocks: list[Block] = []
    for group in QUESTION_GROUPS:
        texts = tuple(dict.fromkeys(q.text for q in questions if q.group == group))
        if texts:
            blocks += [Heading(group.capitalize().replace("-", " "), level=3), Bullets(texts)]
    return blocks


def questions_document(kb: KnowledgeBase, therapy: Therapy | None, today: dt.date) -> Document:
    if therapy is None:
        title, questions = "Questions to ask about any stem cell treatment", kb.general_questions
    else:
        title, questions = f"Questions to ask about {therapy.short_name}", therapy.questions
    blocks = [
        *review_warnings([therapy] if therapy else [], today),
        Paragraph("Take these to your MS team or the clinic. Write down the answers."),
        *grouped_questions(questions),
    ]
    return Document(title, tuple(blocks), footer(kb))


HANDOUT_NUMBERS = 1  # key numbers of each entry on paper: the main ones come first


def handout_title(therapies: list[Therapy]) -> str:
    """A title true for every column: 'aHSCT and High-efficacy DMTs: side by side'."""
    names = [t.short_name for t in therapies]
    if len(names) == 1:
        return f"{therapies[0].name} ({names[0]}): what to know"
    return f"{', '.join(names[:-1])} and {names[-1]}: side by side"


def handout_document(kb: KnowledgeBase, therapies: list[Therapy], today: dt.date) -> Document:
    """One printable document for an appointment, for the person and their doctor: the answers at a
    glance, the key numbers, the published criteria source by source, questions with room to write."""
    cite = Citations(kb)
    columns = ("", *(t.short_name for t in therapies))
    # (No kind note: "What is it?", the first row, says "Not stem cells" for each entry that is not.)
    blocks: list[Block] = [
        Paragraph(f"Prepared on {human_date(today)} to discuss with my MS team. Not medical advice.", strong=True),
        Paragraph(
            "Entries last reviewed: "
            + "; ".join(f"{t.short_name} {human_date(t.last_reviewed)}" for t in therapies)
            + "."
        ),
        *review_warnings(therapies, today),
        Heading("At a glance"),
        Grid(columns, glance_rows(therapies, cite), row_headers=True),
        Heading("Key numbers"),
    ]
    numbers = main_numbers(therapies)
    shown: set[str] = set()
    if len(therapies) > 1:  # side by side on one denominator, with pictures
        blocks.append(Grid(columns, number_rows(numbers, cite), row_headers=True))  # who and when in each cell
        shown = {n.id for _, row in numbers for n in row if n is not None}
    for t in therapies:  # and the next main ones of each
        more = [n for n in t.key_numbers if n.id not in shown][:HANDOUT_NUMBERS]
        sentences = tuple(figure(n, cite).sentence for n in more)
        if sentences or not shown:
            blocks += [
                Heading(t.short_name, level=3),
                Bullets(sentences or ("We found no figures to give as numbers.",)),
            ]
    blocks += [Heading("Published eligibility criteria"), Paragraph(MS_TEAM)]
    for t in therapies:
        sets = tuple(s for s in kb.criteria_for(t.id) if s.kind != "trial") or kb.criteria_for(t.id)
        if not sets:
            blocks += [Heading(t.short_name, level=3), Paragraph("No published eligibility criteria here.")]
        for s in sets:
            blocks.append(Heading(f"{t.short_name}: {set_heading(s)} {cite.mark(s.refs)}", level=3))
            blocks.append(Bullets(tuple(c.text for c in s.criteria if c.fact != "note")))
            notes = tuple(c.text for c in s.criteria if c.fact == "note")
            if notes:
                blocks.append(Paragraph("About this source: " + " ".join(notes)))
    blocks.append(Heading("My questions"))
    for group in QUESTION_GROUPS:
        texts = tuple(dict.fromkeys(q.text for t in therapies for q in t.questions if q.group == group))
        if texts:
            blocks += [Heading(group.capitalize().replace("-", " "), level=3), Bullets(texts, space_to_write=True)]
    blocks.append(WritingSpace("Notes"))
    blocks += [Heading("Help and support"), *support_blocks(kb, cite)]
    blocks += references_blocks(cite)
    return Document(handout_title(therapies), tuple(blocks), footer(kb))
