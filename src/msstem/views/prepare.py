"""What the preparing commands show: criteria, line-up, clinic checklist, questions, handout."""

from __future__ import annotations

import datetime as dt

from msstem.kb.eligibility import MS_TEAM, Facts, Outcome, line_up
from msstem.kb.model import (
    FACTS,
    MS_TYPES,
    QUESTION_GROUPS,
    Claim,
    ClinicCheck,
    CriteriaSet,
    KnowledgeBase,
    Question,
    Therapy,
)
from msstem.views.citations import Citations, human_date
from msstem.views.document import Block, Bullets, Cell, Document, Grid, Heading, Paragraph
from msstem.views.therapies import footer, references_blocks, review_warnings, stage_text

NOT_STATED = "Not stated"
KIND_LABELS = {"guideline": "guideline", "health_system": "health system", "trial": "trial inclusion criteria"}


def set_heading(s: CriteriaSet) -> str:
    return f"{s.body} ({KIND_LABELS[s.kind]}, {human_date(s.as_of)})"


def criteria_grid(kb: KnowledgeBase, sets: tuple[CriteriaSet, ...], cite: Citations) -> Grid:
    """Criteria side by side: one column per body, one row per fact; 'Not stated' where silent."""
    rows = []
    for fact, label in FACTS.items():
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
            items = [f"{o.value.capitalize()}: {c.text}" for c, o in line.results if o is not Outcome.cannot_judge]
            items += [
                f"{Outcome.cannot_judge.value.capitalize()}: {c.text}" for c in line.by_outcome(Outcome.cannot_judge)
            ]
            blocks.append(Bullets(tuple(items) or ("No criteria listed.",)))
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


def _what(claim: Claim) -> str:
    """What a risk number counts: its label, or the first sentence of its text."""
    return claim.label or claim.text.split(". ")[0].rstrip(".")


def handout_document(kb: KnowledgeBase, therapies: list[Therapy], today: dt.date) -> Document:
    """One printable document for an appointment, a few pages long."""
    cite = Citations(kb)
    names = ", ".join(t.short_name for t in therapies)
    blocks: list[Block] = [
        Paragraph(
            f"Prepared with msstem on {human_date(today)} to discuss with my MS team. Not medical advice.", strong=True
        ),
        Heading("In short"),
        Bullets(tuple(f"{t.short_name}: {cite.claim(t.summary, with_study=False)}" for t in therapies)),
    ]
    blocks += review_warnings(therapies, today)
    rows = (
        (("Aim",), *((t.aim_label,) for t in therapies)),
        (("Stage of evidence",), *((stage_text(kb, t),) for t in therapies)),
        (("How it is given",), *((cite.claim(t.how_given[0]),) for t in therapies)),
        (("Main benefits",), *(tuple(cite.claim(c) for c in t.benefits[:2]) for t in therapies)),
        (("Main risks",), *(tuple(cite.claim(c) for c in t.risks[:2]) for t in therapies)),
        (("Status",), *((cite.claim(t.status[0]),) for t in therapies)),
    )
    blocks += [Heading("Side by side"), Grid(("", *(t.short_name for t in therapies)), rows, row_headers=True)]
    blocks.append(Heading("Key numbers"))
    for t in therapies:
        numbers = tuple(
            f"{_what(c)}: {c.how_often} {cite.mark(c.refs)}".strip()
            for c in t.risks
            if c.how_often and any(ch.isdigit() for ch in c.how_often)  # numbers only, not "not known"
        )
        none = f"No risk figures are given here; see msstem explain {t.id}."
        blocks += [Heading(t.short_name, level=3), Bullets(numbers or (none,))]
    blocks.append(Heading("Published eligibility criteria"))
    blocks.append(Paragraph(MS_TEAM))
    blocks.append(Paragraph("Guidelines and health systems here; trials' entry rules: msstem criteria ID."))
    for t in therapies:
        sets = tuple(s for s in kb.criteria_for(t.id) if s.kind != "trial") or kb.criteria_for(t.id)
        blocks.append(Heading(t.short_name, level=3))
        items = tuple(
            f"{set_heading(s)}: " + "; ".join(c.text.rstrip(".") for c in s.criteria) + f". {cite.mark(s.refs)}"
            for s in sets
        )
        blocks.append(Bullets(items or ("No published eligibility criteria in this knowledge base.",)))
    blocks.append(Heading("Questions to ask"))
    blocks += grouped_questions(tuple(q for t in therapies for q in t.questions))
    blocks += references_blocks(cite, compact=True)
    reviewed = "; ".join(
        f"{t.short_name} {human_date(t.last_reviewed)} (next review due {human_date(t.review_due)})" for t in therapies
    )
    blocks.append(Paragraph(f"Entries last reviewed: {reviewed}."))
    return Document(f"Stem cell therapy for MS: {names}", tuple(blocks), footer(kb))
