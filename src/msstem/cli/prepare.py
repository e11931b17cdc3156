"""Commands that help prepare for a conversation with an MS team: criteria, lineup,
clinic-check, questions, handout. Registered on the app in cli/app.py."""

import sys
from enum import Enum
from typing import Annotated, Any, Optional

import typer

from msstem.cli.common import (
    EXIT_INTERRUPTED,
    AsciiOption,
    Color,
    ColorOption,
    ForceOption,
    FormatOption,
    JsonOption,
    OptionalIdArgument,
    OutputOption,
    PagerOption,
    complete_therapy,
    fold,
    number_option,
    one_therapy,
    parse_number,
    say,
    show,
    state_of,
    therapies_named,
    today,
)
from msstem.kb.vocabulary import MS_TYPES, YES_NO_FACTS
from msstem.render.output import isatty

InteractiveOption = Annotated[
    Optional[bool],
    typer.Option(
        "--interactive/--no-interactive",
        "-i",
        help="Ask the questions one by one (the default on a terminal when no facts are given as options).",
        show_default=False,
    ),
]


def criteria(
    ctx: typer.Context,
    therapy_id: OptionalIdArgument = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = None,
) -> None:
    """Published eligibility criteria side by side: guidelines, health systems and trials.

    Example: msstem criteria ahsct
    """
    from msstem.render.data import envelope, plain_data
    from msstem.render.formats import Shown
    from msstem.views.prepare import criteria_document

    kb = state_of(ctx).kb()
    therapy = one_therapy(kb, therapy_id)
    therapies = [therapy] if therapy else [t for t in kb.therapies if kb.criteria_for(t.id)]
    sets = [s for t in therapies for s in kb.criteria_for(t.id)]
    shown = Shown(
        document=lambda: criteria_document(kb, therapies, today()),
        data=lambda: envelope(kb, criteria_sets=[plain_data(s) for s in sets]),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)


MsType = Enum("MsType", {t: t for t in MS_TYPES}, type=str)  # type: ignore[misc]


# How lineup asks for each fact (vocabulary.FACTS, in its order).
QUESTIONS = {
    "ms_type": "Type of MS (rrms, spms, ppms or cis)",
    "age": "Age in years",
    "edss": "Disability score, EDSS (0 to 10 in steps of 0.5)",
    "relapses_last_year": "Relapses in the last 12 months",
    "new_mri_activity": "New MRI activity (new or active lesions) in the last 12 months? (yes, no or not sure)",
    "high_efficacy_failed": "Has a high-efficacy MS drug failed to control your MS, or can you not take these drugs? "
    "(yes, no or not sure)",
    "years_since_first_symptoms": "Years since your first MS symptoms",
    "years_since_diagnosis": "Years since your MS was diagnosed",
    "previous_treatments": "How many disease-modifying drugs have you had",
}
SKIP_WORDS = ("", "not sure", "unsure", "maybe", "don't know", "dont know", "skip", "?")


MS_TYPE_WORDS = {
    "relapsing": "rrms",
    "relapsing-remitting": "rrms",
    "relapsing remitting": "rrms",
    "secondary progressive": "spms",
    "primary progressive": "ppms",
    "clinically isolated syndrome": "cis",
}


def _parse(name: str, raw: str) -> Any:
    """An answer as the fact it stands for; ValueError with a plain message when it is not one."""
    raw = raw.strip().lower()
    if name == "ms_type":
        value = MS_TYPE_WORDS.get(raw, raw)
        if value not in MsType.__members__:
            raise ValueError("type rrms (relapsing-remitting), spms (secondary progressive), "
                             "ppms (primary progressive) or cis")  # fmt: skip
        return value
    if name in YES_NO_FACTS:
        if raw in ("y", "yes", "true"):
            return True
        if raw in ("n", "no", "false"):
            return False
        raise ValueError("answer yes, no or not sure")
    try:
        return parse_number(raw, float if name in DECIMAL_FACTS else int)
    except ValueError:
        example = {"edss": "3.5", "age": "34"}.get(name, "6" if name in DECIMAL_FACTS else "2")
        raise ValueError(f"type a number, like {example}") from None


DECIMAL_FACTS = ("edss", "years_since_first_symptoms", "years_since_diagnosis")


def ask(question: str, default: str) -> str:
    """One answer from the person at the terminal. Ctrl-C ends msstem with exit code 130; the end
    of input (Ctrl-D, a closed pipe or stdin) raises EndOfAnswers: the remaining questions are not
    asked."""
    try:
        suffix = " " if question.endswith(("?", ")")) else ": "
        return typer.prompt(fold(question), default=default, show_default=False, err=True, prompt_suffix=suffix)
    except typer.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):
            typer.echo("", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        raise EndOfAnswers from None


class EndOfAnswers(Exception):
    """The input ended before every question was answered."""


def ask_choice(question: str) -> str:
    """yes, no or unsure, asked again until it is one of them; "not sure", "maybe" and Enter are unsure."""
    while True:
        raw = ask(question, "").strip().lower()
        if raw in SKIP_WORDS or raw.startswith(("u", "m")):
            return "unsure"
        if raw[:1] in ("y", "n"):
            return "yes" if raw[0] == "y" else "no"
        typer.echo("  Please answer yes, no or not sure.", err=True)


def ask_facts() -> dict[str, Any]:
    """Ask each question once more until it is answered sensibly or skipped (Enter, "not sure",
    "maybe"); the end of input (Ctrl-D) ends the questions and keeps what was answered."""
    from msstem.kb.eligibility import FactError, Facts, check_facts

    say(
        "Answer what you like; press Enter or say 'not sure' to skip a question, Ctrl-D to stop. "
        "Nothing is stored or sent."
    )
    answers: dict[str, Any] = {}
    for number, (name, question) in enumerate(QUESTIONS.items(), 1):
        while True:
            try:
                raw = ask(f"Question {number} of {len(QUESTIONS)}. {question}", "")
            except EndOfAnswers:
                typer.echo("", err=True)
                return answers
            if raw.strip().lower() in SKIP_WORDS:
                break
            try:
                value = _parse(name, raw)
                check_facts(Facts(**{name: value}))
            except (ValueError, FactError) as exc:
                typer.echo(f"  Not understood: {exc}. Try again, or press Enter to skip.", err=True)
                continue
            answers[name] = value
            break
    return answers


def lineup(
    ctx: typer.Context,
    ms_type: Annotated[
        Optional[MsType], typer.Option("--ms-type", case_sensitive=False, help="rrms, spms, ppms or cis.")
    ] = None,
    age: Annotated[Optional[int], typer.Option("--age", parser=number_option(int), help="Age in years.")] = None,
    edss: Annotated[
        Optional[float],
        typer.Option("--edss", parser=number_option(float), help="Disability score, 0 to 10 in steps of 0.5."),
    ] = None,
    relapses_last_year: Annotated[
        Optional[int],
        typer.Option("--relapses-last-year", parser=number_option(int), help="Relapses in the last 12 months."),
    ] = None,
    new_mri_activity: Annotated[
        Optional[bool],
        typer.Option(
            "--new-mri-activity/--no-new-mri-activity",
            help="New MRI activity in the last 12 months (leave out if not sure).",
            show_default=False,
        ),
    ] = None,
    high_efficacy_failed: Annotated[
        Optional[bool],
        typer.Option(
            "--high-efficacy-failed/--no-high-efficacy-failed",
            help="A high-efficacy MS drug did not control your MS, or you cannot take these drugs "
            "(leave out if not sure).",
            show_default=False,
        ),
    ] = None,
    years_since_first_symptoms: Annotated[
        Optional[float],
        typer.Option(
            "--years-since-first-symptoms", parser=number_option(float), help="Years since your first MS symptoms."
        ),
    ] = None,
    years_since_diagnosis: Annotated[
        Optional[float],
        typer.Option("--years-since-diagnosis", parser=number_option(float), help="Years since your MS was diagnosed."),
    ] = None,
    previous_treatments: Annotated[
        Optional[int],
        typer.Option(
            "--previous-treatments", parser=number_option(int), help="How many disease-modifying drugs you have had."
        ),
    ] = None,
    therapy_ids: Annotated[
        Optional[list[str]],
        typer.Option("--therapy", "-t", help="Only this therapy (repeat for more).", autocompletion=complete_therapy),
    ] = None,
    interactive: InteractiveOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = None,
) -> None:
    """Your facts next to each published criterion: met, not met, or cannot be judged. Never a verdict.

    Give any facts you like, or none to be asked on a terminal. Nothing you type is stored or sent.

    Example: msstem lineup --ms-type rrms --age 34 --edss 3.5 --relapses-last-year 2
    """
    from msstem.kb.eligibility import FactError, Facts, check_facts, line_up
    from msstem.render.data import envelope, plain_data
    from msstem.render.formats import Shown
    from msstem.views.prepare import lineup_document

    kb = state_of(ctx).kb()
    given = {
        "ms_type": ms_type.value if ms_type else None, "age": age, "edss": edss,
        "relapses_last_year": relapses_last_year, "new_mri_activity": new_mri_activity,
        "high_efficacy_failed": high_efficacy_failed, "years_since_first_symptoms": years_since_first_symptoms,
        "years_since_diagnosis": years_since_diagnosis, "previous_treatments": previous_treatments,
    }  # fmt: skip
    nothing_given = all(v is None for v in given.values())
    if interactive or (interactive is None and nothing_given and isatty(sys.stdin)):
        given.update(ask_facts())
    facts = Facts(**given)
    try:
        check_facts(facts)
    except FactError as exc:
        raise typer.BadParameter(str(exc)) from None
    therapies = therapies_named(kb, therapy_ids) if therapy_ids else [t for t in kb.therapies if kb.criteria_for(t.id)]

    def data() -> dict[str, Any]:
        lines = [
            {
                "therapy": t.id,
                "criteria_set": line.criteria_set.id,
                "body": line.criteria_set.body,
                "counts": line.counts(),
                "results": [
                    {"fact": r.criterion.fact, "text": r.criterion.text, "outcome": r.outcome.name, "why": r.why}
                    for r in line.results
                ],
                "notes": list(line.notes),
            }
            for t in therapies
            for line in line_up(kb.criteria_for(t.id), facts)
        ]
        from msstem.kb.eligibility import MS_TEAM

        return envelope(kb, facts=plain_data(facts), note=MS_TEAM, lineup=lines)

    shown = Shown(document=lambda: lineup_document(kb, facts, therapies, today()), data=data)
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)


def clinic_check(
    ctx: typer.Context,
    interactive: InteractiveOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = None,
) -> None:
    """A checklist for judging a stem cell clinic or offer, with a reason and source for each item.

    On a terminal it asks each question (yes, no or not sure: yes is always the warning sign) and sums
    up the red flags raised.

    Example: msstem clinic-check
    """
    from msstem.render.data import envelope, plain_data
    from msstem.render.formats import Shown
    from msstem.views.prepare import checklist_document

    kb = state_of(ctx).kb()
    answers: dict[str, str] | None = None
    if interactive or (interactive is None and isatty(sys.stdin) and isatty(sys.stdout)):
        say(
            "Answer yes, no or not sure (Enter means not sure); Ctrl-D stops the questions. In every "
            "question, yes is the warning sign. Nothing is stored or sent."
        )
        answers = {}
        total = len(kb.clinic_checks)
        for i, check in enumerate(kb.clinic_checks, 1):
            warning = f"({check.red_flag_answer} is the warning sign)"
            try:
                answers[check.id] = ask_choice(f"Question {i} of {total}. {check.question} {warning}")
            except EndOfAnswers:  # Ctrl-D ends the check: the questions not asked are unsure
                typer.echo("", err=True)
                answers = {c.id: answers.get(c.id, "unsure") for c in kb.clinic_checks}
                break
    flags = [c.id for c in kb.clinic_checks if answers and answers.get(c.id) == c.red_flag_answer]
    shown = Shown(
        document=lambda: checklist_document(kb, answers),
        data=lambda: envelope(
            kb, clinic_checks=[plain_data(c) for c in kb.clinic_checks], answers=answers, red_flags=flags
        ),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)


def questions(
    ctx: typer.Context,
    therapy_id: OptionalIdArgument = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = None,
) -> None:
    """Questions to ask your doctor or a clinic, grouped: eligibility, risks, recovery, fertility, cost, follow-up.

    Example: msstem questions ahsct
    """
    from msstem.render.data import envelope, plain_data
    from msstem.render.formats import Shown
    from msstem.views.prepare import questions_document

    kb = state_of(ctx).kb()
    therapy = one_therapy(kb, therapy_id)
    chosen = therapy.questions if therapy else kb.general_questions
    shown = Shown(
        document=lambda: questions_document(kb, therapy, today()),
        data=lambda: envelope(
            kb, therapy_id=therapy.id if therapy else None, questions=[plain_data(q) for q in chosen]
        ),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager)


def handout(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            help="One or more therapies: ids or other names, e.g. ahsct dmt.",
            autocompletion=complete_therapy,
            show_default=False,
        ),
    ],
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
    pager: PagerOption = None,
) -> None:
    """A printable handout for an appointment: comparison, key numbers, criteria, questions, references.

    A table on a terminal, markdown when piped; --output handout.html makes a page to print.

    Example: msstem handout ahsct dmt --output handout.html
    """
    from msstem.render.data import envelope, therapy_data
    from msstem.render.formats import Shown
    from msstem.views.prepare import handout_document

    kb = state_of(ctx).kb()
    therapies = therapies_named(kb, ids)
    shown = Shown(
        document=lambda: handout_document(kb, therapies, today()),
        data=lambda: envelope(kb, therapies=[therapy_data(kb, t, today()) for t in therapies]),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only, pager, default_format="markdown")
