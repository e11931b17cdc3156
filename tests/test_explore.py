"""search, glossary, trials, sources, lint, and review-date warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MINI, mini_data
from msstem import load_knowledge_base
from msstem.cli.app import app
from msstem.kb.search import Index, fold

runner = CliRunner()
KB = load_knowledge_base()


def run(*args: str, kb: Path | None = MINI, **env: str):
    return runner.invoke(app, (["--kb", str(kb)] if kb else []) + list(args), env=env or None)


# search -----------------------------------------------------------------------------------------


def test_exact_name_beats_a_mention_in_a_reference_title() -> None:
    hits, _ = Index(KB).search("mesenchymal stem cells")
    assert hits[0].where == "MSC" and hits[0].field == "Name"
    assert any(h.where.startswith("Reference:") for h in hits)
    first_reference = next(i for i, h in enumerate(hits) if h.where.startswith("Reference:"))
    assert first_reference > 0


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("haematopoietic", "hematopoietic"),
        ("mobilisation", "mobilization"),
        ("tumour", "tumor"),
        ("myelin", "myelination"),
    ],
)
def test_spelling_variants_fold_together(british: str, american: str) -> None:
    assert fold(british) == fold(american)


def test_search_finds_both_spellings() -> None:
    index = Index(KB)
    british = {(h.where, h.field) for h in index.search("haematopoietic", limit=1000)[0]}
    american = {(h.where, h.field) for h in index.search("hematopoietic", limit=1000)[0]}
    assert british == american and british


def test_search_tolerates_typos() -> None:
    hits, _ = Index(KB).search("oligodendrocite")
    assert hits and any("Oligodendrocyte" in h.where for h in hits)


def test_search_highlights_matching_words() -> None:
    result = run("search", "fever", "-f", "plain")
    assert result.exit_code == 0
    assert "1. Alpha, Risks: Some people got a fever. (How often: about 1 in 10)" in result.stdout  # plain: no marks
    markdown = run("search", "fever", "-f", "markdown").stdout
    assert "Some people got a **fever**." in markdown


def test_search_ranks_and_shows_where() -> None:
    out = run("search", "alpha", "-f", "plain").stdout
    lines = [line for line in out.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert lines[0].startswith("1. Alpha, Name:")


def test_no_match_is_not_an_error() -> None:
    result = run("search", "relapes", "-f", "plain")  # a typo of a word the fixture has
    assert result.exit_code == 0
    result = run("search", "zebra", "-f", "plain")
    assert result.exit_code == 0
    assert "No matches for 'zebra'." in result.stdout
    assert "msstem: no matches for 'zebra'." in result.stderr


def test_no_match_suggests_closest_words_on_stderr() -> None:
    result = run("search", "xqz", "relapsses", "-f", "plain")
    assert result.exit_code == 0
    assert "Closest words: relaps" in result.stderr


def test_search_json_and_tsv() -> None:
    data = json.loads(run("search", "fever", "--json").stdout)
    assert (
        data["query"] == "fever"
        and data["results"][0]["snippet"] == "Some people got a fever. (How often: about 1 in 10)"
    )
    tsv = run("search", "fever", "-f", "tsv").stdout.splitlines()
    assert tsv[0] == "rank\twhere\tfield\tsnippet\tmatch" and tsv[1].startswith("1\tAlpha\tRisks\t")
    assert tsv[1].endswith("\texact")


# glossary -------------------------------------------------------------------------------------------


def test_glossary_lists_every_term() -> None:
    out = run("glossary", "-f", "plain", kb=None).stdout
    assert f"Glossary: {len(KB.glossary)} terms" in out
    assert "\nMyelin\n" in out


@pytest.mark.parametrize("command", ["glossary", "define"])
@pytest.mark.parametrize("name", ["edss", "EDSS", "Expanded Disability Status Scale"])
def test_one_term_by_name_or_short_form(command: str, name: str) -> None:
    result = run(command, name, "-f", "plain", kb=None)
    assert result.exit_code == 0
    assert result.stdout.startswith("EDSS (Expanded Disability Status Scale)\n")
    assert "Used for:" in result.stdout and "Source:" in result.stdout


def test_unknown_term_suggests_the_closest() -> None:
    result = run("glossary", "myeline", kb=None)
    assert result.exit_code == 2
    assert "no glossary entry for 'myeline'" in result.stderr and "Myelin" in result.stderr


# trials -------------------------------------------------------------------------------------------------


def test_trials_for_one_therapy_with_registry_links() -> None:
    out = run("trials", "first", "-f", "plain").stdout
    assert "ALPHA-1" in out
    assert "Registry: NCT00000001 https://clinicaltrials.gov/study/NCT00000001" in out
    assert "Status: completed (as of 1 January 2024)" in out


@pytest.mark.parametrize(("status", "expected"), [("completed", 1), ("ongoing", 0), ("terminated", 0)])
def test_trials_status_filter(status: str, expected: int) -> None:
    lines = run("trials", "--status", status, "-f", "tsv").stdout.splitlines()
    assert len(lines) - 1 == expected


def test_shipped_trials_filter_finds_the_terminated_one() -> None:
    data = json.loads(run("trials", "--status", "terminated", "--json", kb=None).stdout)
    assert "COAST" in [t["name"] for t in data["trials"]]


def test_trials_unknown_therapy_is_a_usage_error() -> None:
    result = run("trials", "zeta")
    assert result.exit_code == 2 and "no therapy called 'zeta'" in result.stderr


# sources -------------------------------------------------------------------------------------------------


def test_sources_show_what_each_reference_supports() -> None:
    out = run("sources", "-f", "plain").stdout
    assert "1. Tester A, Tester B. A test trial of alpha. Journal of Tests 2020;1:1-2. PMID:12345678" in out
    assert "Cited for: Alpha: Summary; Alpha: At a glance; Alpha: Key numbers; Alpha: How it works" in out
    assert "Trial: ALPHA-1" in out and "Glossary: Test term" in out


def test_sources_for_one_therapy() -> None:
    data = json.loads(run("sources", "beta", "--json").stdout)
    assert [r["id"] for r in data["references"]] == ["ref-b"]
    assert "Beta: Summary" in data["references"][0]["cited_for"]


# lint --------------------------------------------------------------------------------------------------


def lint(path: Path, *args: str, **env: str):
    return runner.invoke(app, ["lint", str(path), *args], env=env or None)


def test_shipped_knowledge_base_lints_clean() -> None:
    result = runner.invoke(app, ["lint"], env={"MSSTEM_TODAY": "2026-11-25"})
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_fixture_lints_clean() -> None:
    result = lint(MINI)
    assert result.exit_code == 0 and "clean" in result.stderr


BREAKERS = {
    "MS001": lambda d: d["therapies"][1]["benefits"][0].update(text="It helps 3 in 10 people."),
    "MS002": lambda d: d["references"][0].update(pmid="PMC123", doi="doi:10.1/x"),
    "MS003": lambda d: d["therapies"][0]["summary"].update(
        text="Autologous haematopoietic immunoablative conditioning necessitates comprehensive multidisciplinary "
        "institutional infrastructure, notwithstanding considerable heterogeneity."
    ),
    "MS004": lambda d: d["therapies"][0].update(review_due="2024-05-01"),
    "MS005": lambda d: d["references"].append({**d["references"][1], "id": "ref-unused"}),
    "MS006": lambda d: d["therapies"][0]["risks"][0].update(how_often="about 12%"),
    "MS007": lambda d: d["glossary"][0].update(definition="A word <b>used</b> in tests."),
    "MS008": lambda d: d["references"][1].update(url="https://stage.example.org/beta"),
    "MS009": lambda d: d["references"][1].update(
        url='https://api.fda.gov/drug/label.json?search=openfda.brand_name:"X"'
    ),
    "MS010": lambda d: d["references"][1].update(url="http://example.org/beta"),
    "MS011": lambda d: d["therapies"][0]["at_a_glance"]["cost"].update(text="Free. " * 26),
    "MS012": lambda d: d["therapies"][0]["key_numbers"][0].update(who_when="In the ALPHA-1 trial, " * 3),
}


@pytest.mark.parametrize("code", sorted(BREAKERS))
def test_each_rule_catches_a_file_that_breaks_it(code: str, write_kb) -> None:
    if code == "MS003":
        pytest.importorskip("textstat")
    data = mini_data()
    BREAKERS[code](data)
    path = write_kb(data)
    result = lint(path)
    assert result.exit_code == 1
    codes = {line.split(": ")[1].split()[0] for line in result.stdout.splitlines()}
    assert codes == {code}, result.stdout
    assert result.stdout.startswith(f"{path}:")
    n = len(result.stdout.splitlines())
    assert result.stderr.strip().endswith(f": {n} problem{'s' if n != 1 else ''}")


def test_lint_json(write_kb) -> None:
    data = mini_data()
    BREAKERS["MS005"](data)
    result = lint(write_kb(data), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["problems"][0]["code"] == "MS005"
    assert report["problems"][0]["line"] > 1 and "not cited" in report["problems"][0]["message"]


def test_lint_reports_loader_problems_as_ms000(write_kb) -> None:
    data = mini_data()
    del data["therapies"][0]["name"]
    result = lint(write_kb(data))
    assert result.exit_code == 1
    assert "MS000 therapies[0].name: missing (required)" in result.stdout


# review dates ----------------------------------------------------------------------------------------------

LATE = "2025-06-01"  # after the fixture's review_due of 2025-01-01
WARNING = "This entry was due for review on 1 January 2025; check newer sources."


@pytest.mark.parametrize(
    "args",
    [["explain", "alpha"], ["compare", "alpha", "beta"], ["list"], ["criteria", "alpha"], ["lineup", "--age", "30"],
     ["questions", "alpha"], ["trials", "alpha"], ["handout", "alpha"]],
)  # fmt: skip
@pytest.mark.parametrize("fmt", ["plain", "table", "markdown"])
def test_every_view_warns_when_the_review_date_has_passed(args: list[str], fmt: str) -> None:
    late = run(*args, "-f", fmt, MSSTEM_TODAY=LATE, COLUMNS="300").stdout
    on_time = run(*args, "-f", fmt).stdout
    assert WARNING in late
    assert "due for review" not in on_time


def test_json_carries_the_review_warning() -> None:
    therapy = json.loads(run("explain", "alpha", "--json", MSSTEM_TODAY=LATE).stdout)["therapy"]
    assert therapy["review_overdue"] is True and therapy["review_warning"] == WARNING
    therapy = json.loads(run("explain", "alpha", "--json").stdout)["therapy"]
    assert therapy["review_overdue"] is False and therapy["review_warning"] is None


def test_bad_msstem_today_is_a_usage_error() -> None:
    result = run("explain", "alpha", MSSTEM_TODAY="soon")
    assert result.exit_code == 2 and "MSSTEM_TODAY=soon is not a date" in result.stderr
