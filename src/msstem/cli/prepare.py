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
    complete_therapy,
    one_therapy,
    show,
    state_of,
    therapies_named,
    today,
)
from msstem.kb.vocabulary import MS_TYPES
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
    show(shown, fmt, as_json, output, force, color, ascii_only)


MsType = Enum("MsType", {t: t for t in MS_TYPES}, type=str)  # type: ignore[misc]


QUESTIONS = [
    ("ms_type", "Type of MS (rrms, spms, ppms or cis)"),
    ("age", "Age in years"),
    ("edss", "Disability score, EDSS (0 to 10 in steps of 0.5)"),
    ("relapses_last_year", "Relapses in the last 12 months"),
    ("years_since_diagnosis", "Years since diagnosis"),
    ("new_mri_activity", "New MRI activity in the last year (yes or no)"),
    ("previous_treatments", "How many disease-modifying drugs have you had"),
]


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
    if name == "new_mri_activity":
        if raw in ("y", "yes", "true"):
            return True
        if raw in ("n", "no", "false"):
            return False
        raise ValueError("answer yes or no")
    try:
        return float(raw) if name in ("edss", "years_since_diagnosis") else int(raw)
    except ValueError:
        example = {"edss": "3.5", "years_since_diagnosis": "6"}.get(name, "2" if name != "age" else "34")
        raise ValueError(f"type a number, like {example}") from None


def ask(question: str, default: str) -> str:
    """One answer from the person at the terminal. Ctrl-C ends msstem with exit code 130; the end
    of input (Ctrl-D, or a closed pipe) means skip: the remaining questions are not asked."""
    try:
        suffix = " " if question.endswith("?") else ": "
        return typer.prompt(question, default=default, show_default=False, err=True, prompt_suffix=suffix)
    except typer.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):
            typer.echo("", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        raise EndOfAnswers from None


class EndOfAnswers(Exception):
    """The input ended before every question was answered."""


def ask_facts() -> dict[str, Any]:
    """Ask each question once more until it is answered sensibly or skipped (Enter)."""
    from msstem.kb.eligibility import FactError, Facts, check_facts

    typer.echo("Answer what you like; press Enter to skip a question. Nothing is stored or sent.", err=True)
    answers: dict[str, Any] = {}
    for name, question in QUESTIONS:
        while True:
            try:
                raw = ask(question, "")
            except EndOfAnswers:
                return answers
            if not raw.strip():
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
    age: Annotated[Optional[int], typer.Option("--age", help="Age in years.")] = None,
    edss: Annotated[Optional[float], typer.Option("--edss", help="Disability score, 0 to 10 in steps of 0.5.")] = None,
    relapses_last_year: Annotated[
        Optional[int], typer.Option("--relapses-last-year", help="Relapses in the last 12 months.")
    ] = None,
    years_since_diagnosis: Annotated[
        Optional[float], typer.Option("--years-since-diagnosis", help="Years since diagnosis.")
    ] = None,
    new_mri_activity: Annotated[
        Optional[bool],
        typer.Option(
            "--new-mri-activity/--no-new-mri-activity", help="New MRI activity in the last year.", show_default=False
        ),
    ] = None,
    previous_treatments: Annotated[
        Optional[int], typer.Option("--previous-treatments", help="How many disease-modifying drugs you have had.")
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
        "relapses_last_year": relapses_last_year, "years_since_diagnosis": years_since_diagnosis,
        "new_mri_activity": new_mri_activity, "previous_treatments": previous_treatments,
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
                "results": [{"fact": c.fact, "text": c.text, "outcome": o.name} for c, o in line.results],
            }
            for t in therapies
            for line in line_up(kb.criteria_for(t.id), facts)
        ]
        from msstem.kb.eligibility import MS_TEAM

        return envelope(kb, facts=plain_data(facts), note=MS_TEAM, lineup=lines)

    shown = Shown(document=lambda: lineup_document(kb, facts, therapies, today()), data=data)
    show(shown, fmt, as_json, output, force, color, ascii_only)


def clinic_check(
    ctx: typer.Context,
    interactive: InteractiveOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
) -> None:
    """A checklist for judging a stem cell clinic or offer, with a reason and source for each item.

    On a terminal it asks each question (yes, no or unsure) and sums up the red flags raised.

    Example: msstem clinic-check
    """
    from msstem.render.data import envelope, plain_data
    from msstem.render.formats import Shown
    from msstem.views.prepare import checklist_document

    kb = state_of(ctx).kb()
    answers: dict[str, str] | None = None
    if interactive or (interactive is None and isatty(sys.stdin) and isatty(sys.stdout)):
        typer.echo("Answer yes, no or unsure (Enter means unsure). Nothing is stored or sent.", err=True)
        answers = {}
        for i, check in enumerate(kb.clinic_checks, 1):
            while True:
                try:
                    raw = ask(f"{i}. {check.question}", "unsure")
                except EndOfAnswers:
                    raw = "unsure"
                answer = {"y": "yes", "n": "no", "u": "unsure"}.get(raw.strip().lower()[:1], "")
                if answer:
                    answers[check.id] = answer
                    break
                typer.echo("  Please answer yes, no or unsure.", err=True)
    flags = [c.id for c in kb.clinic_checks if answers and answers.get(c.id) == c.red_flag_answer]
    shown = Shown(
        document=lambda: checklist_document(kb, answers),
        data=lambda: envelope(
            kb, clinic_checks=[plain_data(c) for c in kb.clinic_checks], answers=answers, red_flags=flags
        ),
    )
    show(shown, fmt, as_json, output, force, color, ascii_only)


def questions(
    ctx: typer.Context,
    therapy_id: OptionalIdArgument = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = Color.auto,
    ascii_only: AsciiOption = False,
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
    show(shown, fmt, as_json, output, force, color, ascii_only)


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
) -> None:
    """A printable handout for an appointment: comparison, key numbers, criteria, questions, references.

    Markdown on screen; --output handout.html makes a page to print (or .md for markdown).

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
    show(shown, fmt, as_json, output, force, color, ascii_only, default_format="markdown")
