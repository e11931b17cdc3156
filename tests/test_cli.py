"""The commands, through Typer's CliRunner, on the fixture knowledge base."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from conftest import MINI, mini_data
from msstem import __version__
from msstem.cli.app import app
from msstem.kb.vocabulary import GLANCE_SHORT, SECTIONS

runner = CliRunner()
ANSI = re.compile(r"\x1b\[")
DISCLAIMER = "Not medical advice"


def run(*args: str, kb: Path | None = MINI, **env: str):
    argv = (["--kb", str(kb)] if kb else []) + list(args)
    return runner.invoke(app, argv, env=env or None)


@pytest.mark.parametrize("fmt", ["table", "plain"])
def test_list_shows_one_row_per_therapy(fmt: str) -> None:
    result = run("list", "-f", fmt, COLUMNS="400")  # wide enough that no cell wraps
    assert result.exit_code == 0, result.output
    for expected in ("alpha", "Alpha cell therapy", "Reset the immune system", "Your own test cells.",
                     "Trials", "A test entry that resets things.", "beta", "Laboratory only"):  # fmt: skip
        assert expected in result.stdout
    assert DISCLAIMER in result.stdout.rstrip().splitlines()[-1 if fmt == "table" else -2]  # table: one line


def test_list_plain_is_one_record_block_each() -> None:
    out = run("list", "-f", "plain").stdout
    assert "\nalpha\n- Name: Alpha cell therapy\n- Aim: Reset the immune system\n" in out


def test_compare_is_an_option_grid_with_the_same_rows_for_every_therapy() -> None:
    out = run("compare", "alpha", "beta", "-f", "plain").stdout
    rows = [*GLANCE_SHORT.values(), "Got worse", "Main harm"]
    positions = [out.index("\n" + row + "\n") for row in rows]
    assert positions == sorted(positions)
    assert "- Alpha: A test treatment that resets things. [1]" in out
    assert "- Beta: A test pill. Not a stem cell therapy. [2]" in out
    assert "shown for comparison" not in out  # "What it is", the first row, says it
    assert "Last reviewed: Alpha 1 January 2024; Beta 1 January 2024." in out.splitlines()[1]


def test_compare_sets_key_numbers_side_by_side_on_one_denominator() -> None:
    out = run("compare", "alpha", "beta", "-f", "plain").stdout
    # in whom and when, in a few words, beside every number
    assert "- Alpha: About 5 in 100 (3 of 55). ALPHA-1 trial, 2020 to 2022. [1]" in out
    assert "- Beta: About 62 in 100 (34 of 55). A test, 2020 to 2022. [2]" in out
    # the harms of both sides: a number where there is one, and saying so where there is none;
    # different harms say what they count
    assert "- Alpha: 10 to 20 in 100 (1 to 2 of 10): Had a fever. ALPHA-1 trial, 2020 to 2022. [1]" in out
    assert "- Beta: We found no figures." in out


def test_compare_full_has_every_section_and_numbered_references() -> None:
    out = run("compare", "alpha", "beta", "--full", "-f", "plain").stdout
    rows = ["Aim", *SECTIONS.values(), "Key numbers", "Stage of evidence"]
    start = out.index("\nSummaries\n")  # after the answers at a glance
    positions = [out.index("\n" + row + "\n", start) for row in rows]
    assert positions == sorted(positions)
    assert "Alpha is a test entry. It resets things. [1]" in out
    assert "\n1. Tester A, Tester B. A test trial of alpha. Journal of Tests 2020;1:1-2. PMID:12345678" in out
    # identifiers, not long addresses (a line a narrow screen never splits); an address only where
    # a reference has no identifier
    assert "https://pubmed.ncbi.nlm.nih.gov/12345678/" not in out
    assert "Test Society website, 2023. https://example.org/beta" in out
    assert "Unknown benefit." in out


def test_compare_all_and_duplicates_shown_once() -> None:
    all_out = run("compare", "--all", "-f", "plain").stdout
    assert "Side by side: Alpha, Beta" in all_out
    dup = run("compare", "alpha", "ALPHA", "first", "beta", "-f", "plain")
    assert dup.exit_code == 0
    assert "Side by side: Alpha, Beta\n" in dup.stdout


@pytest.mark.parametrize("args", [["compare", "alpha"], ["compare", "alpha", "first"], ["compare"]])
def test_compare_needs_two_different_therapies(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "give two or more different therapy ids" in result.stderr


def test_explain_shows_one_screen_first() -> None:
    out = run("explain", "alpha", "-f", "plain").stdout
    lines = out.splitlines()
    assert lines[0] == "Alpha cell therapy (Alpha)" and lines[1] == "Last reviewed 1 January 2024."
    order = [*GLANCE_SHORT.values(), "Key numbers", "About 5 in 100 (3 of 55): Got worse.",
             "More: msstem explain alpha SECTION for how-it-works,", DISCLAIMER]  # fmt: skip
    positions = [out.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Step by step" not in out and "Cells are collected" not in out  # sections are one command away


@pytest.mark.parametrize(
    ("typed", "heading", "text"),
    [("risks", "Risks", "Some people got a fever."), ("Steps", "Step by step", "1. Collect"),
     ("numbers", "Key numbers", "10 to 20 in 100 (1 to 2 of 10): Had a fever."),
     ("references", "References", "Tester A, Tester B."), ("trials", "Key studies", "ALPHA-1 (NCT00000001")],
)  # fmt: skip
def test_explain_shows_a_section_in_full(typed: str, heading: str, text: str) -> None:
    out = run("explain", "alpha", typed, "-f", "plain").stdout
    assert f"\n{heading}\n" in out and text in out
    assert "What it is" not in out  # only what was asked for


def test_explain_an_unknown_section_is_a_usage_error_with_the_list() -> None:
    result = run("explain", "alpha", "risk-of-what")
    assert result.exit_code == 2
    assert "no section called 'risk-of-what'" in result.stderr and "how-it-works" in result.stderr


def test_explain_full_is_complete_and_in_order() -> None:
    result = run("explain", "alpha", "--full", "-f", "plain")
    assert result.exit_code == 0
    out = result.stdout
    order = ["Last reviewed 1 January 2024", "Alpha is a test entry", "What it is", "How it works",
             "Where the cells come from", "Step by step",
             "- 1. Collect: Cells are collected. (How long: 2 days", "- 2. Return", "Benefits", "Key studies",
             "ALPHA-1 (NCT00000001; completed as of 1 January 2024)", "Risks", "How often: about 1 in 10",
             "Key numbers", "Who it has been studied in", "Published eligibility criteria", "Progressive MS",
             "Recovery and aftercare", "Fertility and pregnancy", "Cost and access", "Status and availability",
             "Questions to ask your doctor", "Could I join a trial?", "References", "Next review due 1 January 2025",
             DISCLAIMER]  # fmt: skip
    positions = [out.index(text) for text in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", ["ALPHA", "Alpha", "first", "alpha cells"])
def test_explain_accepts_ids_and_aliases_in_any_case(name: str) -> None:
    result = run("explain", name, "-f", "plain")
    assert result.exit_code == 0
    assert result.stdout.startswith("Alpha cell therapy (Alpha)")


def test_unknown_id_is_a_usage_error_with_suggestions() -> None:
    result = run("explain", "alpah")
    assert result.exit_code == 2
    assert "no therapy called 'alpah'" in result.stderr
    assert "Did you mean alpha?" in result.stderr
    assert "Known ids: alpha, beta." in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [["list"], ["compare", "alpha", "beta"], ["explain", "beta"]])
@pytest.mark.parametrize("fmt", ["table", "plain"])
def test_every_human_output_ends_with_the_disclaimer(args: list[str], fmt: str) -> None:
    out = run(*args, "-f", fmt, COLUMNS="80").stdout.rstrip().splitlines()
    assert DISCLAIMER in out[-2] and "MS specialist" in out[-2]
    assert out[-1] == "Knowledge base test-1."


@pytest.mark.parametrize(("fmt", "lines"), [("table", 1), ("plain", 2)])
def test_the_disclaimer_and_version_share_a_line_where_they_fit(fmt: str, lines: int) -> None:
    """In a table, at 100 columns, the last two lines become one (the one-screen budget); plain keeps
    one fact a line."""
    out = run("compare", "alpha", "beta", "-f", fmt, COLUMNS="100").stdout.rstrip().splitlines()
    assert " ".join(out[-lines:]).startswith(DISCLAIMER)
    assert out[-1].endswith("Knowledge base test-1.") and DISCLAIMER in out[-lines]


@pytest.mark.parametrize("args", [["list"], ["compare", "alpha", "beta"], ["explain", "alpha"]])
def test_no_ansi_codes_with_no_color(args: list[str]) -> None:
    out = run(*args, "-f", "table", "--color", "auto").stdout
    assert not ANSI.search(out)


def test_color_always_beats_no_color() -> None:
    assert ANSI.search(run("explain", "alpha", "-f", "table", "--color", "always").stdout)


def test_markup_and_escapes_in_data_are_shown_literally(write_kb) -> None:
    data = mini_data()
    data["therapies"][0]["one_line"] = (
        "Bold [bold]x[/bold] [link=http://evil]y[/link] [/] :x: \x1b[31mred\x1b]0;title\x07"
    )
    path = write_kb(data)
    for fmt in ("table", "plain"):
        result = run("list", "-f", fmt, kb=path, COLUMNS="400")
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert "[bold]x[/bold]" in out and "[link=http://evil]y[/link]" in out and "[/]" in out and ":x:" in out
        assert "\x1b" not in out and "\x07" not in out
        assert "\ufffd[31mred" in out


def test_kb_from_environment_variable() -> None:
    result = runner.invoke(app, ["list", "-f", "plain"], env={"MSSTEM_KB": str(MINI)})
    assert result.exit_code == 0
    assert "Alpha cell therapy" in result.stdout


def test_invalid_kb_lists_every_problem_and_exits_1(write_kb) -> None:
    data = mini_data()
    del data["therapies"][0]["name"]
    data["therapies"][1]["aim"] = "cure"
    result = run("list", kb=write_kb(data))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "msstem: error: cannot use the knowledge base: the knowledge base has 2 problems" in result.stderr
    assert "kb.yaml:" in result.stderr and "therapies[0].name: missing (required)" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_kb_file_exits_1(tmp_path: Path) -> None:
    result = run("explain", "alpha", kb=tmp_path / "missing.yaml")
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_debug_shows_the_exception(write_kb) -> None:
    result = runner.invoke(app, ["--kb", str(write_kb("")), "--debug", "list"])
    assert result.exit_code == 1
    assert type(result.exception).__name__ == "KnowledgeBaseError"


def test_version_names_msstem_and_its_knowledge_base() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"msstem {__version__}\nknowledge base test-1 ({MINI}), last reviewed 1 January 2024\n"
    shipped = runner.invoke(app, ["--version"]).stdout.splitlines()
    assert shipped[0] == f"msstem {__version__}" and shipped[1].startswith("knowledge base ")
    assert run("--version", "list", kb=None).stdout == runner.invoke(app, ["--version"]).stdout  # a command after it


def test_version_with_a_broken_knowledge_base_is_one_clear_error(write_kb) -> None:
    result = run("--version", kb=write_kb("therapies: [unclosed"))
    assert result.exit_code == 1
    assert result.stdout == f"msstem {__version__}\n"
    lines = result.stderr.splitlines()
    assert lines[0].startswith("msstem: error: cannot read the knowledge base: ") and len(lines) == 2
    assert lines[1].startswith("See every problem: msstem lint ") and "Traceback" not in result.output


@pytest.mark.parametrize("command", ["list", "compare", "explain"])
def test_each_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: msstem {command}" in result.stdout


def test_top_level_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for text in ("list", "compare", "explain", "--kb", "--version", "Not medical advice"):
        assert text in result.stdout


def test_completion_offers_therapy_ids() -> None:
    from msstem.cli.common import complete_therapy

    class Ctx:
        params: ClassVar[dict[str, Path]] = {"kb": MINI}

        def find_root(self):
            return self

    assert complete_therapy(Ctx(), "") == ["alpha", "beta"]  # type: ignore[arg-type]
    assert complete_therapy(Ctx(), "B") == ["beta"]  # type: ignore[arg-type]


def test_narrow_terminal_stacks_compare_without_cutting_text() -> None:
    result = run("compare", "alpha", "beta", "-f", "table", COLUMNS="40")
    assert result.exit_code == 0
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 40
    assert "Mice only." in result.stdout
    assert "Beta: Mice only. [2]" in result.stdout  # the therapy named on every answer


def test_every_command_and_option_has_help_text() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, name
        for param in command.params:
            if param.param_type_name == "option" and param.name not in ("help",):
                assert param.help, f"{name} {param.name}"


def test_a_missing_id_says_where_the_ids_are() -> None:
    result = run("explain")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        "msstem: error: missing argument 'ID [SECTION]...'.",
        "The ids are listed by 'msstem list'. Help: 'msstem help explain'.",
    ]
