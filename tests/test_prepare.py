"""criteria, lineup, clinic-check, questions and handout."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MINI
from msstem.cli.app import app
from msstem.kb.eligibility import FactError, Facts, Outcome, check_facts, evaluate
from msstem.kb.model import Criterion, Rule

runner = CliRunner()
MS_TEAM = "Only your MS team can judge whether you are eligible"


def run(*args: str, kb: Path | None = MINI, input: str | None = None, **env: str):
    return runner.invoke(app, (["--kb", str(kb)] if kb else []) + list(args), input=input, env=env or None)


# Each criterion's evaluation on, below and above its boundary ------------------------------------------

CASES = [
    (Rule(min=18, max=50), "age", [(17, Outcome.does_not_meet), (18, Outcome.meets), (50, Outcome.meets),
                                   (51, Outcome.does_not_meet)]),
    (Rule(below=6.0), "edss", [(5.5, Outcome.meets), (6.0, Outcome.does_not_meet), (6.5, Outcome.does_not_meet)]),
    (Rule(above=20), "age", [(20, Outcome.does_not_meet), (21, Outcome.meets)]),
    (Rule(min=2), "relapses_last_year", [(1, Outcome.does_not_meet), (2, Outcome.meets), (3, Outcome.meets)]),
    (Rule(max=10), "years_since_diagnosis", [(9.5, Outcome.meets), (10, Outcome.meets), (10.5, Outcome.does_not_meet)]),
    (Rule(min=1), "previous_treatments", [(0, Outcome.does_not_meet), (1, Outcome.meets)]),
    (Rule(any_of=("rrms", "spms")), "ms_type", [("rrms", Outcome.meets), ("ppms", Outcome.does_not_meet)]),
    (Rule(equals=True), "new_mri_activity", [(True, Outcome.meets), (False, Outcome.does_not_meet)]),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "fact", "values"), CASES)
def test_boundaries(rule: Rule, fact: str, values: list) -> None:
    criterion = Criterion(fact, "test", rule)
    for value, expected in values:
        assert evaluate(criterion, Facts(**{fact: value}))[0] is expected, (fact, value)


def test_not_given_cannot_be_judged() -> None:
    assert evaluate(Criterion("age", "Age 18 to 50", Rule(min=18, max=50)), Facts())[0] is Outcome.cannot_judge


def test_criterion_without_a_rule_cannot_be_judged() -> None:
    assert evaluate(Criterion("other", "Fit for chemotherapy"), Facts(age=30))[0] is Outcome.cannot_judge


@pytest.mark.parametrize(
    ("facts", "outcome", "why"),
    [(Facts(years_since_diagnosis=4), Outcome.meets, "judged on the years since diagnosis; the source does not"),
     (Facts(years_since_first_symptoms=12), Outcome.does_not_meet, "judged on the years since first symptoms;"),
     (Facts(years_since_first_symptoms=8, years_since_diagnosis=5), Outcome.meets, "judged on both"),
     (Facts(years_since_first_symptoms=12, years_since_diagnosis=5), Outcome.cannot_judge,
      "met counting from diagnosis, not from the other"),
     (Facts(), Outcome.cannot_judge, None)],
)  # fmt: skip
def test_years_with_ms_not_saying_from_when_are_judged_on_both(facts: Facts, outcome: Outcome, why: str | None) -> None:
    got, reason = evaluate(Criterion("disease_duration", "MS for less than 10 years", Rule(below=10)), facts)
    assert got is outcome
    assert (reason is None) if why is None else (why in reason)


def test_an_ms_type_the_source_leaves_open_cannot_be_judged() -> None:
    criterion = Criterion("ms_type", "Mainly relapsing MS; early progressive may be considered",
                          Rule(any_of=("rrms",), unclear=("spms", "ppms")))  # fmt: skip
    assert evaluate(criterion, Facts(ms_type="rrms"))[0] is Outcome.meets
    assert evaluate(criterion, Facts(ms_type="spms")) == (
        Outcome.cannot_judge,
        "the source leaves secondary progressive MS open",
    )
    assert evaluate(criterion, Facts(ms_type="cis"))[0] is Outcome.does_not_meet


@pytest.mark.parametrize(
    ("facts", "message"),
    [(Facts(age=300), "age must be between 0 and 120"), (Facts(edss=11), "edss must be between 0.0 and 10.0"),
     (Facts(edss=3.7), "EDSS moves in steps of 0.5"), (Facts(relapses_last_year=-1), "between 0 and 50")],
)  # fmt: skip
def test_out_of_range_facts(facts: Facts, message: str) -> None:
    with pytest.raises(FactError, match=message):
        check_facts(facts)


BAD_INPUT = [(["--age", "300"], "age must be between"), (["--edss", "11"], "edss must"), (["--edss", "3.7"], "0.5")]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT)
def test_lineup_rejects_out_of_range_input(args: list[str], message: str) -> None:
    result = run("lineup", *args)
    assert result.exit_code == 2 and message in result.stderr


# criteria ---------------------------------------------------------------------------------------------------


def test_criteria_side_by_side_with_citations_and_dates() -> None:
    out = run("criteria", "alpha", "-f", "plain").stdout
    assert MS_TEAM in out
    assert "\nTest Society (guideline, 1 May 2023)\n- Type of MS: Relapsing MS [1]\n- Age: Age 18 to 50 [1]\n" in out
    assert "\nALPHA-1 trial (trial inclusion criteria, 1 January 2020)\n- Age: Older than 20 [2]\n" in out
    assert "- Not stated: Type of MS, Disability score (EDSS), Relapses in the last 12 months" in out
    assert out.count("Test Society (guideline, 1 May 2023)") == 1  # each source named once
    assert "1. Test Society. About beta." in out


def test_criteria_for_a_therapy_without_any() -> None:
    out = run("criteria", "beta", "-f", "plain").stdout
    assert "No published eligibility criteria in this knowledge base." in out


# lineup ---------------------------------------------------------------------------------------------------------


def test_lineup_shows_met_not_met_and_cannot_judge_never_a_verdict() -> None:
    result = run("lineup", "--age", "51", "--edss", "4", "--ms-type", "rrms", "-f", "plain")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert MS_TEAM in out
    assert "- Not met: Age 18 to 50" in out and "- Met: EDSS below 6.0" in out and "- Met: Relapsing MS" in out
    assert "- Cannot be judged from what you gave: At least 2 relapses in the last year" in out
    for verdict in ("eligible.", "score:", "recommend", "you should"):
        assert verdict not in out.lower().replace("whether you are eligible", "")


def test_lineup_with_no_facts_and_no_terminal_does_not_wait() -> None:
    result = run("lineup", "-f", "plain", input="")
    assert result.exit_code == 0
    assert "(none given)" in result.stdout
    assert "You gave no facts, so nothing can be judged yet." in result.stdout
    assert "Cannot be judged" not in result.stdout  # not a long list of it


def test_lineup_interactive_every_question_skippable() -> None:
    # type, (skip age), EDSS, relapses, MRI, (not sure), (maybe), years since diagnosis, (skip drugs)
    answers = "rrms\n\n4.5\n3\nyes\nnot sure\nmaybe\n6\n\n"
    result = run("lineup", "--interactive", "-f", "plain", input=answers)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "- Type of MS: rrms (relapsing-remitting MS)" in out and "- Disability score (EDSS): 4.5" in out
    assert "- Relapses in the last 12 months: 3" in out and "- New MRI activity in the last 12 months: yes" in out
    assert "- Years since diagnosis: 6" in out
    assert "- Age:" not in out and "A high-efficacy drug" not in out.split("What you gave")[1].split("\n\n")[1]
    assert "Question 1 of 9. Type of MS" in result.stderr and "Question 9 of 9." in result.stderr
    assert "- Cannot be judged from what you gave: Age 18 to 50" in out


def test_lineup_interactive_asks_again_after_bad_input() -> None:
    result = run("lineup", "-i", "-f", "plain", input="\n300\n40\n3.7\n3.5\n\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Not understood" in result.stderr
    assert "- Age: 40" in result.stdout and "- Disability score (EDSS): 3.5" in result.stdout


def test_lineup_json() -> None:
    data = json.loads(run("lineup", "--age", "30", "--json").stdout)
    assert data["facts"]["age"] == 30 and MS_TEAM in data["note"]
    outcomes = {r["text"]: r["outcome"] for r in data["lineup"][0]["results"]}
    assert outcomes["Age 18 to 50"] == "meets" and outcomes["Relapsing MS"] == "cannot_judge"


# clinic-check ----------------------------------------------------------------------------------------------------


def test_clinic_check_lists_items_with_why_and_source() -> None:
    out = run("clinic-check", "-f", "plain").stdout
    assert "1. Does the clinic say it treats many unrelated diseases? Red flag if the answer is yes." in out
    assert "Why: Proven treatments exist for very few conditions. [1]" in out
    assert "Red flags raised" not in out


def test_clinic_check_interactive_summarises_red_flags() -> None:
    result = run("clinic-check", "--interactive", "-f", "plain", input="yes\nunsure\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Red flags raised: 1 of the 1 questions you could answer." in out
    assert "You were not sure about 1: ask the clinic about those first." in out
    assert "Not sure yet:\n- Does the offer have a trial registry number?" in out
    assert "You answered: yes." in out


def test_clinic_check_interactive_json() -> None:
    out = run("clinic-check", "-i", "--json", input="no\nno\n").stdout
    data = json.loads(out[out.index("{") :])  # CliRunner echoes typed answers into stdout; a terminal does not
    assert data["red_flags"] == ["registry"] and data["answers"] == {"many-diseases": "no", "registry": "no"}


# questions --------------------------------------------------------------------------------------------------------


def test_questions_general_and_for_one_therapy_grouped() -> None:
    general = run("questions", "-f", "plain").stdout
    assert "Eligibility\n- Is this right for my kind of MS?" in general and "Cost\n- Who pays?" in general
    alpha = run("questions", "alpha", "-f", "plain").stdout
    assert "Eligibility\n- Could I join a trial?" in alpha and "Risks\n- What are the risks for me?" in alpha


def test_shipped_questions_cover_every_group() -> None:
    data = json.loads(run("questions", "--json", kb=None).stdout)
    assert {q["group"] for q in data["questions"]} == {
        "eligibility",
        "risks",
        "recovery",
        "fertility",
        "cost",
        "follow-up",
    }


# handout -------------------------------------------------------------------------------------------------------------


def test_handout_has_every_section_and_every_reference_it_cites() -> None:
    out = run("handout", "alpha", "beta").stdout  # markdown by default
    assert out.startswith("# Alpha and Beta: side by side\n")  # true for every column
    for heading in ("## At a glance", "## Key numbers", "## Published eligibility criteria", "## My questions",
                    "**Notes:**", "## References"):  # fmt: skip
        assert heading in out
    assert "Fever in about 1 in 10" in out and "Not medical advice" in out and "Entries last reviewed" in out
    assert "msstem " not in out  # no command-line instructions for the doctor
    cited = {int(n) for n in __import__("re").findall(r"\\\[(\d+)", out)}
    listed = len([line for line in out.split("## References")[1].splitlines() if line[:1].isdigit()])
    assert cited and max(cited) == listed


def test_handout_html_file(tmp_path: Path) -> None:
    target = tmp_path / "handout.html"
    result = run("handout", "alpha", "beta", "--output", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<table>" in page and "Not medical advice" in page


def test_lineup_prompts_explain_bad_answers_plainly() -> None:
    result = run("lineup", "-i", "-f", "plain", input="relapsing\nthirty\n34\n\n\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Not understood: type a number, like 34." in result.stderr
    assert "invalid literal" not in result.stderr
    assert "- Type of MS: rrms (relapsing-remitting MS)" in result.stdout and "- Age: 34" in result.stdout


def test_handout_key_numbers_say_what_they_count() -> None:
    out = run("handout", "alpha", "beta", "-f", "plain").stdout
    assert "- Alpha: 10 to 20 in 100 (1 to 2 of 10): Had a fever. ALPHA-1 trial, 2020 to 2022. [1]" in out
    assert "Alpha, main harm:" not in out  # who and when are in the cell, not in notes below
    one = run("handout", "alpha", "-f", "plain").stdout  # one entry: its main numbers as sentences
    assert "- About 5 in 100 (3 of 55): Got worse. People given alpha in ALPHA-1." in one
    assert "- Beta: About 62 in 100 (34 of 55)" in out  # the shared measure, side by side


def test_handout_criteria_are_lists_by_source_with_notes_apart_and_room_to_write(tmp_path: Path) -> None:
    out = run("handout", "ahsct", "dmt", "-f", "markdown", kb=None).stdout
    nhs = out[out.index("aHSCT: NHS (as described by the MS Society UK)") :]
    assert "\n- Mainly relapsing MS." in nhs and "; " not in nhs.split("\n")[2][:40]
    assert "About this source: The exact criteria follow the EBMT guidelines" in nhs
    target = tmp_path / "h.html"
    assert run("handout", "ahsct", "dmt", "-o", str(target), kb=None).exit_code == 0
    page = target.read_text(encoding="utf-8")
    assert '<ul class="write">' in page and '<div class="notes">Notes</div>' in page
    assert "font-size: 12pt" in page.split("@media print")[1]


def test_lineup_end_of_input_ends_the_questions_and_shows_what_was_answered() -> None:
    result = run("lineup", "-i", "-f", "plain", input="rrms\n40\n")  # then Ctrl-D
    assert result.exit_code == 0, result.output
    assert (
        "- Age: 40" in result.stdout and "Question 3 of 9" in result.stderr and "Question 4 of 9" not in result.stderr
    )


def test_lineup_of_the_issue_marks_relapsing_ms_age_and_edss_as_met_and_asks_the_new_facts() -> None:
    """The shipped criteria: relapsing MS, age and EDSS are met under every source that states them."""
    result = run("lineup", "--ms-type", "rrms", "--age", "34", "--edss", "3.5", "--relapses-last-year", "2",
                 "-t", "ahsct", "-f", "plain", kb=None, MSSTEM_TODAY="2026-12-02")  # fmt: skip
    out = result.stdout
    assert result.exit_code == 0, result.output
    assert "Cannot be judged from what you gave: Relapsing MS." not in out
    assert "Met: Relapsing MS." in out
    assert "Cannot be judged from what you gave: One version of the page says the Sheffield" not in out
    assert "Met: One version of the page says the Sheffield and London centres take people aged 18 to 56." in out
    assert "Met: The same version gives an EDSS of 0 to 6.5." in out
    # notes about a source are notes, not criteria the person cannot meet
    assert "Cannot be judged from what you gave: The MS Society page is not dated" not in out
    nhs = out[out.index("NHS (as described by the MS Society UK)") :]
    assert nhs.index("Notes on this source:") < nhs.index("\n- The MS Society page is not dated")
    assert re.search(r"Met \d+, not met \d+, cannot be judged \d+\.", out)


def test_every_criterion_that_names_a_fact_has_a_rule() -> None:
    from msstem import load_knowledge_base

    kb = load_knowledge_base()
    missing = [(s.id, c.text) for s in kb.criteria_sets for c in s.criteria if c.fact not in ("other", "note")
               and c.rule is None]  # fmt: skip
    assert missing == []


def test_clinic_check_asks_with_one_warning_answer_and_ends_on_end_of_input() -> None:
    from msstem import load_knowledge_base

    assert {c.red_flag_answer for c in load_knowledge_base().clinic_checks} == {"yes"}
    result = run("clinic-check", "-i", "-f", "plain", kb=None, input="yes\nmaybe\n")  # then Ctrl-D
    assert result.exit_code == 0, result.output
    assert "Question 1 of 15." in result.stderr and "(yes is the warning sign)" in result.stderr
    assert "Question 3 of 15" in result.stderr and "Question 4 of 15" not in result.stderr
    assert "Red flags raised: 1" in result.stdout
