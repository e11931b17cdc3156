"""The conventions a command-line user expects (issue #17): help as git and gh have it, ids and
terms in several words, one error line, versions, registry words for trial statuses, search
precision, layouts that match their names, colour through a pipe, and the README's set-up."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import MINI
from msstem import load_knowledge_base
from msstem.cli.app import app
from msstem.kb.search import FEW, Index, fold, snippet, words

runner = CliRunner()
KB = load_knowledge_base()
ROOT = Path(__file__).resolve().parents[1]
BOX = re.compile("[\u2500-\u257f]")


def run(*args: str, kb: Path | None = MINI, **env: str):
    return runner.invoke(app, (["--kb", str(kb)] if kb else []) + list(args), env=env or None)


# 1. msstem help [COMMAND], and the nearest command ---------------------------------------------------------


def test_help_is_the_apps_help() -> None:
    result = run("help")
    assert result.exit_code == 0 and result.stdout == run("--help").stdout
    assert "help" in result.stdout.split("Commands:")[1]


@pytest.mark.parametrize("command", ["explain", "compare", "search", "clinic-check", "lint", "help"])
def test_help_command_is_the_commands_help(command: str) -> None:
    result = run("help", command)
    assert result.exit_code == 0, result.output
    assert result.stdout == run(command, "--help").stdout
    assert result.stdout.startswith(f"Usage: msstem {command} ")


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("version", "For msstem's version: msstem --version"),
        ("lsit", "Did you mean 'msstem list'?"),
        ("explian", "Did you mean 'msstem explain'?"),
        ("show", "Did you mean 'msstem explain'?"),
        ("references", "Did you mean 'msstem sources'?"),
        ("alpha", "To read about it: msstem explain alpha"),
        ("zebra", "See the commands: msstem help"),
    ],
)
def test_unknown_command_suggests_the_nearest(typed: str, hint: str) -> None:
    for args in ([typed], ["help", typed]):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr == f"msstem: error: no command called '{typed}'.\n{hint}\n"


# 2. Ids and terms in several words, the same names everywhere ----------------------------------------------


@pytest.mark.parametrize("words", [["car", "t"], ["CAR-T"], ["car", "t", "cell", "therapy"], ["car-t", "cells"]])
def test_explain_takes_a_name_in_several_words(words: list[str]) -> None:
    result = run("explain", *words, "-f", "plain", kb=None)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("CAR-T cell therapy")


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "stem", "cell", "transplant"],
        ["trials", "stem", "cell", "transplant"],
        ["sources", "bone", "marrow", "transplant"],
        ["questions", "stem", "cell", "transplant"],
        ["criteria", "autologous", "stem", "cell", "transplant"],
        ["handout", "stem", "cell", "transplant"],
        ["lineup", "--therapy", "stem cell transplant", "--age", "40"],
        ["glossary", "stem", "cell", "transplant"],
    ],
)
def test_every_command_that_takes_a_therapy_takes_its_other_names(args: list[str]) -> None:
    result = run(*args, "-f", "plain", kb=None)
    assert result.exit_code == 0, result.stderr
    assert "aHSCT" in result.stdout


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["stem", "cell", "transplant", "msc"], ["ahsct", "msc"]),
        (["car", "t", "mesenchymal", "stem", "cells"], ["car-t", "msc"]),
        (["hsct", "high-efficacy", "dmt"], ["ahsct", "dmt"]),
        (["neural", "ipsc"], ["nsc", "ipsc"]),
    ],
)
def test_several_ids_are_read_into_the_longest_names(words: list[str], expected: list[str]) -> None:
    assert [therapy_id for _, therapy_id in KB.read_names(words)] == expected
    result = run("compare", *words, "--json", kb=None)
    assert result.exit_code == 0, result.stderr
    assert [t["id"] for t in __import__("json").loads(result.stdout)["therapies"]] == expected


def test_an_unknown_word_among_ids_is_named_as_typed() -> None:
    assert KB.read_names(["msc", "Zebra", "fish", "dmt"]) == [("msc", "msc"), ("Zebra fish", None), ("dmt", "dmt")]
    result = run("compare", "msc", "Zebra", "fish", kb=None)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "msstem: error: no therapy called 'Zebra fish'."


def test_one_therapy_commands_say_when_given_two() -> None:
    result = run("explain", "alpha", "second")
    assert result.exit_code == 2
    assert result.stderr == (
        "msstem: error: explain takes one therapy, and 'alpha second' names 2.\n"
        "To see them side by side: msstem compare alpha beta\n"
    )
    assert run("explain", "alpha", "first", "-f", "plain").stdout.startswith("Alpha cell therapy")  # one, twice


@pytest.mark.parametrize("name", ["hsct", "stem cell transplant", "AHSCT", "bone marrow transplant"])
def test_glossary_finds_the_term_for_a_therapys_name(name: str) -> None:
    result = run("glossary", *name.split(), "-f", "plain", kb=None)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("aHSCT (autologous haematopoietic stem cell transplantation)\n")


def test_glossary_takes_a_term_in_several_words() -> None:
    assert run("define", "stem", "cell", "tourism", "-f", "plain", kb=None).stdout.startswith("Stem cell tourism\n")
    assert run("glossary", "test", "term", "-f", "plain").stdout.startswith("Test term\n")


def test_glossary_says_clearly_when_a_therapy_has_no_term() -> None:
    result = run("glossary", "alpha", "cells")
    assert result.exit_code == 2
    assert result.stderr == (
        "msstem: error: no glossary entry for 'alpha cells'.\n"
        "Alpha is a therapy, with no glossary entry of its own: msstem explain alpha\n"
    )


def test_a_term_given_to_explain_points_to_the_glossary() -> None:
    result = run("explain", "test", "term")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == "'Test term' is in the glossary: msstem glossary test term"


# 3. One error line, at most one hint; help with the command's formats, output options once ----------------


@pytest.mark.parametrize(
    "args",
    [
        ["explain"],
        ["explain", "alpah"],
        ["explain", "alpha", "--formt", "plain"],
        ["explain", "alpha", "-f", "tsv"],
        ["explain", "alpha", "-f", "html"],
        ["list", "--limit", "3"],
        ["search"],
        ["search", "--limit", "0", "x"],
        ["compare", "alpha"],
        ["glossary", "zebra"],
        ["trials", "--status", "paused"],
        ["lineup", "--edss", "11"],
        ["--nope"],
        ["--kb"],
        ["nope"],
        ["help", "explain", "list"],
        ["--kb", str(MINI)],
    ],
)
def test_a_usage_error_is_one_line_and_at_most_one_hint(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 2, result.stderr
    assert lines[0].startswith("msstem: error: ") and lines[0][len("msstem: error: ")].islower()
    assert "Usage:" not in result.stderr and "Traceback" not in result.stderr and result.stdout == ""


def test_usage_errors_say_where_help_is() -> None:
    assert run("explain").stderr.endswith("Help: 'msstem help explain'.\n")  # (and where the ids are)
    assert run("explain", "alpha", "--formt", "x").stderr.splitlines()[1] == "Did you mean --force or --format?"


def help_sections(command: str) -> dict[str, str]:
    out = run(command, "--help").stdout
    parts = re.split(r"^(\w[\w ]*):\n", out, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize(
    ("command", "formats"),
    [("explain", "table, plain, markdown, json or html"), ("compare", "table, plain, markdown, json or html"),
     ("list", "table, plain, markdown, json, tsv or html"), ("search", "table, plain, markdown, json, tsv or html")],
)  # fmt: skip
def test_help_lists_the_commands_formats_and_output_options_under_their_heading(command: str, formats: str) -> None:
    sections = help_sections(command)
    output = " ".join(sections["Output options"].split())
    assert f"-f, --format FORMAT {formats}." in output
    assert ("tsv" in output) == (formats.count("tsv") == 1)
    for option in ("--json", "--output", "--force", "--color", "--ascii"):
        assert option in output and option not in sections["Options"]
    assert run(command, "--help").stdout.count("-f, --format") == 1


def test_lint_offers_only_its_own_formats() -> None:
    assert "[plain|json]" in " ".join(run("lint", "--help").stdout.split()).replace("<", "[").replace(">", "]")


# 5. Trial statuses in the registries' words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "status"),
    [("recruiting", "ongoing"), ("Active, not recruiting", "ongoing"), ("active-not-recruiting", "ongoing"),
     ("not yet recruiting", "ongoing"), ("COMPLETED", "completed"), ("withdrawn", "terminated"),
     ("terminated", "terminated"), ("ongoing", "ongoing")],
)  # fmt: skip
def test_trial_status_accepts_registry_words(word: str, status: str) -> None:
    from msstem.kb.vocabulary import TRIAL_STATUS_WORDS, TRIAL_STATUSES, trial_status

    assert trial_status(word) == status
    assert set(TRIAL_STATUS_WORDS.values()) == set(TRIAL_STATUSES)
    data = __import__("json").loads(run("trials", "--status", word, "--json", kb=None).stdout)
    assert data["trials"] and {t["status"] for t in data["trials"]} == {status}


def test_a_registry_word_is_shown_as_msstems_status_with_a_note() -> None:
    out = run("trials", "--status", "recruiting", "-f", "plain", kb=None).stdout
    assert out.startswith("Key trials (ongoing): ")
    assert "so 'recruiting' shows the ongoing ones" in out and "whether it still takes people" in out
    assert "so 'completed'" not in run("trials", "--status", "completed", "-f", "plain", kb=None).stdout


def test_an_unknown_status_is_a_usage_error_with_the_words_to_use() -> None:
    result = run("trials", "--status", "paused")
    assert result.exit_code == 2
    assert result.stderr == (
        "msstem: error: no trial status called 'paused'.\n"
        "Use completed, ongoing or terminated, or a registry's word such as recruiting or withdrawn.\n"
    )


# 6. Search precision ------------------------------------------------------------------------------------------


def test_exact_words_only_when_there_are_enough() -> None:
    hits, total = Index(KB).search("myelin", limit=None)
    assert total >= FEW and not any(h.approximate for h in hits)


@pytest.mark.parametrize("query", ["phone", "india", "chemo"])
def test_approximate_hits_are_labelled_and_only_shown_without_enough_exact_ones(query: str) -> None:
    hits, _ = Index(KB).search(query, limit=None)
    assert hits and all(h.approximate for h in hits)  # no text holds these words themselves
    out = run("search", query, "-f", "plain", kb=None).stdout
    numbered = [line for line in out.splitlines() if re.match(r"\d+\. ", line)]
    assert numbered and all("(close match)" in line for line in numbered)
    assert "No exact matches for the words you typed" in out
    tsv = run("search", query, "-f", "tsv", kb=None).stdout.splitlines()
    assert all(line.endswith("\tclose") for line in tsv[1:])


def test_exact_hits_come_before_approximate_ones() -> None:
    index = Index(KB)
    word = next(w for w in index.vocabulary if len(w) > 6 and 0 < index.search(w)[1] < FEW)
    hits, _ = index.search(word[:-1], limit=None)  # a word's beginning: exact hits on it, if any, come first
    flags = [h.approximate for h in hits]
    assert flags == sorted(flags)


def test_therapy_text_ranks_above_the_bibliography() -> None:
    hits, _ = Index(KB).search("transplant", limit=None)
    places = ["reference" if h.where.startswith("Reference:") else "other" for h in hits]
    assert "reference" in places and places.index("reference") > places.index("other")
    assert places[places.index("reference") :] == ["reference"] * places.count("reference")


def test_hits_are_labelled_with_names_readers_know() -> None:
    hits, _ = Index(KB).search("ms", limit=None)
    ids = {r.id for r in KB.references} | {t.id for t in KB.trials}
    for hit in hits:
        label = hit.where.split(": ", 1)[-1]
        assert label not in ids and not any(i in label.split() for i in ids), hit.where
    trial = next(h for h in hits if h.where.startswith("Trial:"))
    assert trial.where.removeprefix("Trial: ") in {t.name for t in KB.trials}


@given(st.text(alphabet=st.sampled_from("ab cd-é,.()"), min_size=0, max_size=400))
def test_snippets_start_and_end_at_word_boundaries(text: str) -> None:
    found = words(text)
    keys = {fold(found[len(found) // 2])} if found else set()
    piece, marks = snippet(text, keys, width=40)
    body = piece.removeprefix("…").removesuffix("…")
    start = text.find(body)
    assert start >= 0
    end = start + len(body)
    assert start == 0 or not text[start - 1].isalnum() or not text[start].isalnum()
    assert end == len(text) or not text[end].isalnum() or not text[end - 1].isalnum()
    for s, e in marks:
        assert fold(piece[s:e]) in keys


# 7. Layouts that match their names -----------------------------------------------------------------------------


def test_list_is_one_row_a_therapy_at_80_columns() -> None:
    out = run("list", "-f", "table", kb=None, COLUMNS="80").stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    header = next(line for line in out.splitlines() if "Id" in line)
    assert [c.strip() for c in header.strip("│").split("│")] == ["Id", "Name", "Stage of evidence"]
    starts = [line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│")]
    assert [s for s in starts if s not in ("", "Id")] == list(KB.ids)


@pytest.mark.parametrize("columns", ["100", "160"])
def test_a_wider_list_adds_columns_in_order_of_use(columns: str) -> None:
    header = next(line for line in run("list", "-f", "table", kb=None, COLUMNS=columns).stdout.splitlines()
                  if "Id" in line)  # fmt: skip
    assert "Aim" in header
    assert ("In one line" in header) == (columns == "160")


def test_criteria_side_by_side_where_the_width_allows_each_source_named_once() -> None:
    bodies = [s.body for s in KB.criteria_for("ahsct")]
    wide = run("criteria", "ahsct", "-f", "table", kb=None, COLUMNS="200").stdout
    assert BOX.search(wide) and max(len(line) for line in wide.splitlines()) <= 200
    header_rows = [line for line in wide.splitlines() if line.startswith("│") and line.split("│")[1].strip() == ""]
    assert header_rows  # sources as column headings
    narrow = run("criteria", "ahsct", "-f", "table", kb=None, COLUMNS="80").stdout
    assert not BOX.search(narrow) and max(len(line) for line in narrow.splitlines()) <= 80
    for out in (narrow, run("criteria", "ahsct", "-f", "plain", kb=None).stdout):
        flat = " ".join(out.split())
        for body in bodies:
            assert flat.count(f"{body} (") == 1, body


# 8. Colour through a pipe, at the terminal's width -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown"])
def test_color_always_colours_every_human_format(fmt: str) -> None:
    out = run("explain", "alpha", "-f", fmt, "--color", "always").stdout
    assert "\x1b[1m" in out
    assert "\x1b[" not in run("explain", "alpha", "-f", fmt, "--color", "never").stdout


def test_plain_with_colour_has_the_same_words() -> None:
    coloured = run("search", "fever", "-f", "plain", "--color", "always").stdout
    assert re.sub(r"\x1b\[[\d;]*m", "", coloured) == run("search", "fever", "-f", "plain").stdout
    assert "\x1b[1;7mfever\x1b[0m" in coloured


def test_piped_tables_take_the_width_of_the_terminal_msstem_runs_in(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from msstem.render.output import Environment

    monkeypatch.delenv("COLUMNS")

    def size(fd: int) -> os.terminal_size:
        if fd != 2:
            raise OSError("not a terminal")
        return os.terminal_size((123, 40))

    monkeypatch.setattr(os, "get_terminal_size", size)
    assert Environment.detect(io.StringIO(), "always").width == 123
    monkeypatch.setenv("COLUMNS", "70")
    assert Environment.detect(io.StringIO(), "always").width == 70


def test_color_always_through_a_real_pipe() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSSTEM_", "PYTHON"))}
    result = subprocess.run(
        f"'{sys.executable}' -m msstem --kb '{MINI}' explain alpha -f table --color always | cat",
        shell=True, capture_output=True, text=True, env={**env, "COLUMNS": "70", "MSSTEM_NO_CACHE": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "\x1b[" in result.stdout
    visible = [re.sub(r"\x1b\[[\d;]*m", "", line) for line in result.stdout.splitlines()]
    assert max(len(line) for line in visible) <= 70 and max(len(line) for line in visible) > 60


# 9. The README's set-up, as CI runs it -------------------------------------------------------------------------


def test_readme_set_up_is_two_commands_that_make_their_own_venv() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    venv = "python3 -m venv .venv && . .venv/bin/activate && pip install "
    assert len(block) == 2 and all(line.startswith(venv) for line in block)
    assert block[0].endswith("&& msstem compare ahsct msc") and block[1].endswith("&& pytest")
    assert "first code block" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
