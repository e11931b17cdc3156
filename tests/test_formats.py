"""Every output format, on the fixture knowledge base: golden files, schema, parsing, safety."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MINI
from msstem.cli.app import app

runner = CliRunner()
GOLDEN = Path(__file__).parent / "golden"
SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "output.schema.json"
UPDATE = os.environ.get("MSSTEM_UPDATE_GOLDEN") == "1"  # regenerate: MSSTEM_UPDATE_GOLDEN=1 pytest
BOX = re.compile("[\u2500-\u257f]")
COMMANDS = {"list": ["list"], "compare": ["compare", "alpha", "beta"], "explain": ["explain", "alpha"]}
# The other views of issue #13, in every format that shows them: sections on demand, everything,
# the full comparison, and the option grid stacked by question on a narrow screen, with --ascii.
VIEWS = {
    "explain-sections": ["explain", "alpha", "risks", "numbers"],
    "explain-full": ["explain", "alpha", "--full"],
    "compare-full": ["compare", "alpha", "beta", "--full"],
    "compare-narrow": ["compare", "alpha", "beta", "--ascii"],
}


def run(*args: str, **env: str):
    return runner.invoke(app, ["--kb", str(MINI), *args], env=env or None)


CASES = [(name, fmt) for name in COMMANDS for fmt in ("table", "plain", "markdown", "json")] + [("list", "tsv")]
CASES += [(name, fmt) for name in VIEWS for fmt in ("table", "plain", "markdown", "html") if name != "compare-narrow"]
CASES += [("compare-narrow", "table")]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_golden_output(name: str, fmt: str, tmp_path: Path) -> None:
    args = [*{**COMMANDS, **VIEWS}[name], "--format", fmt]
    page = tmp_path / "out.html"
    result = run(
        *args, *(["-o", str(page)] if fmt == "html" else []), **({"COLUMNS": "40"} if "narrow" in name else {})
    )
    assert result.exit_code == 0, result.output
    out = page.read_text(encoding="utf-8") if fmt == "html" else result.stdout
    if fmt == "json":  # piped JSON is compact; the golden file is indented so that its diffs can be read
        out = json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"
    golden = GOLDEN / f"{name}.{fmt}.txt"
    if UPDATE or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote new golden file {golden.name}: review it and run again")
    assert out == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", COMMANDS)
def test_json_validates_against_the_schema(name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = json.loads(run(*COMMANDS[name], "--json").stdout)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert data["knowledge_base_version"] == "test-1"
    assert "Not medical advice" in data["disclaimer"]


def test_shipped_knowledge_base_json_validates_for_every_command() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    from msstem import load_knowledge_base

    ids = load_knowledge_base().ids
    others = (["search", "myelin"], ["search", "zebra"], ["glossary"], ["glossary", "edss"], ["trials"],
              ["trials", "ahsct", "--status", "ongoing"], ["sources"], ["sources", "msc"], ["criteria"],
              ["criteria", "ahsct"], ["lineup", "--age", "40", "--ms-type", "rrms"], ["clinic-check"], ["questions"],
              ["questions", "nsc"], ["handout", "ahsct", "dmt"])  # fmt: skip
    for args in (["list"], ["compare", "--all"], *(["explain", i] for i in ids), *others):
        result = runner.invoke(app, [*args, "--json"])
        assert result.exit_code == 0, result.output
        jsonschema.validate(json.loads(result.stdout), schema)


def test_json_carries_every_field_in_order() -> None:
    data = json.loads(run("compare", "beta", "alpha", "--json").stdout)
    assert [t["id"] for t in data["therapies"]] == ["beta", "alpha"]
    alpha = data["therapies"][1]
    assert alpha["review_due"] == "2025-01-01"
    assert alpha["procedure"][0] == {
        "text": "Cells are collected.", "refs": ["ref-a"], "study": "rct", "label": "1. Collect",
        "how_often": None, "duration": "2 days", "as_of": None, "study_label": "randomised trial",
    }  # fmt: skip
    assert alpha["trials"][0]["registry_links"] == ["https://clinicaltrials.gov/study/NCT00000001"]
    assert [r["id"] for r in alpha["references"]] == ["ref-a", "ref-b"]


def test_explain_json_is_one_therapy() -> None:
    data = json.loads(run("explain", "first", "--json").stdout)
    assert data["therapy"]["id"] == "alpha"
    assert "therapies" not in data


def test_json_is_not_ascii_escaped_but_control_characters_are(write_kb) -> None:
    from conftest import mini_data

    data = mini_data()
    data["therapies"][0]["one_line"] = "≥ 1×10⁶ cells/kg \x1b[31m"
    out = runner.invoke(app, ["--kb", str(write_kb(data)), "list", "--json"]).stdout
    assert "≥ 1×10⁶ cells/kg" in out and "\\u001b[31m" in out and "\x1b" not in out


@pytest.mark.parametrize(("name", "fmt"), [(n, f) for n in COMMANDS for f in ("plain", "json")] + [("list", "tsv")])
def test_no_box_drawing_or_ansi_in_linear_formats(name: str, fmt: str) -> None:
    out = run(*COMMANDS[name], "-f", fmt, "--color", "auto").stdout
    assert not BOX.search(out) and "\x1b" not in out
    coloured = run(*COMMANDS[name], "-f", fmt, "--color", "always").stdout  # colour in plain, never in data
    assert not BOX.search(coloured) and ("\x1b[" in coloured) == (fmt == "plain")


def test_tsv_has_a_header_and_one_record_a_line() -> None:
    lines = run("list", "-f", "tsv").stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["id", "name", "kind"]
    assert [line.split("\t")[0] for line in lines[1:]] == ["alpha", "beta"]
    assert len({len(line.split("\t")) for line in lines}) == 1


@pytest.mark.parametrize("args", [["explain", "alpha"], ["compare", "alpha", "beta"]])
def test_tsv_is_refused_for_documents(args: list[str]) -> None:
    result = run(*args, "-f", "tsv")
    assert result.exit_code == 2
    assert "'tsv' is not one of 'table', 'plain', 'markdown', 'json', 'html'" in result.stderr  # not offered


def test_piped_defaults_are_tsv_for_lists_and_plain_for_documents() -> None:
    assert run("list").stdout.startswith("id\tname\t")
    assert run("explain", "alpha").stdout.startswith("Alpha cell therapy (Alpha)\nLast reviewed ")


def test_msstem_format_sets_the_default_and_flags_override_it() -> None:
    assert json.loads(run("explain", "alpha", MSSTEM_FORMAT="json").stdout)["therapy"]["id"] == "alpha"
    assert run("explain", "alpha", "-f", "plain", MSSTEM_FORMAT="json").stdout.startswith("Alpha cell")
    bad = run("explain", "alpha", MSSTEM_FORMAT="pdf")
    assert bad.exit_code == 2 and "MSSTEM_FORMAT=pdf is not a format" in bad.stderr


def test_markdown_is_valid_commonmark_with_a_table_and_linked_references() -> None:
    from markdown_it import MarkdownIt

    text = run("compare", "alpha", "beta", "--full", "-f", "markdown").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    types = [t.type for t in tokens]
    assert "table_open" in types and "ordered_list_open" in types and "heading_open" in types
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/12345678/">' in html
    assert text.rstrip().endswith("Knowledge base test-1.")
    assert "[bold]down[/bold]" in html  # markup in data stays literal text


def test_ascii_tables() -> None:
    out = run("list", "-f", "table", "--ascii", COLUMNS="200").stdout
    assert not BOX.search(out) and "+--" in out


def test_a_list_too_narrow_for_its_columns_is_stacked_not_broken_mid_word() -> None:
    out = run("list", "-f", "table", COLUMNS="40").stdout
    assert not BOX.search(out)
    assert "\nalpha\nName: Alpha cell therapy\nStage of evidence: Trials\n" in out
    assert "Also on a wider screen, or with --format plain: Aim, Where the cells come from, In one line." in (
        " ".join(out.split())
    )


def test_term_dumb_and_accessible_mean_plain() -> None:
    from msstem.render.formats import Shown, choose
    from msstem.render.output import Environment

    shown = Shown(document=lambda: None, data=lambda: None)  # type: ignore[arg-type,return-value]
    tty = Environment(is_terminal=True, color=False, width=80)
    assert choose(None, shown, tty, None) == "table"
    os.environ["TERM"] = "dumb"
    try:
        assert choose(None, shown, tty, None) == "plain"
    finally:
        del os.environ["TERM"]
    os.environ["ACCESSIBLE"] = "1"
    try:
        assert choose(None, shown, tty, None) == "plain"
    finally:
        del os.environ["ACCESSIBLE"]


@pytest.mark.parametrize("columns", ["40", "60", "100", "200"])
def test_tables_fit_the_width_and_never_cut_text(columns: str) -> None:
    out = run("compare", "alpha", "beta", "-f", "table", COLUMNS=columns).stdout
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= int(columns)


def test_plain_is_not_wrapped_when_piped() -> None:
    out = run("compare", "alpha", "beta", "--full", "-f", "plain", COLUMNS="40").stdout
    assert "- Alpha: It works by testing. (Evidence: randomised trial) [1]" in out


@pytest.mark.parametrize(
    ("suffix", "start"), [(".md", "# Alpha"), (".json", "{"), (".txt", "Alpha cell"), (".html", "<!DOCTYPE html>")]
)
def test_output_file_format_follows_the_extension(tmp_path: Path, suffix: str, start: str) -> None:
    target = tmp_path / f"alpha{suffix}"
    result = run("explain", "alpha", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith(start)
    assert "\x1b" not in target.read_text(encoding="utf-8")


def test_output_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "alpha.md"
    target.write_text("keep me", encoding="utf-8")
    result = run("explain", "alpha", "-o", str(target))
    assert result.exit_code == 1 and "exists: add --force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run("explain", "alpha", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Alpha")


def test_output_leaves_no_partial_file_when_the_write_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)  # (a new file is linked into place, not renamed: fail before)
    result = run("explain", "alpha", "-o", str(tmp_path / "alpha.md"))
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_extension_needs_a_format(tmp_path: Path) -> None:
    result = run("explain", "alpha", "-o", str(tmp_path / "alpha.pdf"))
    assert result.exit_code == 2 and "cannot tell the format" in result.stderr


def test_html_needs_an_output_file() -> None:
    result = run("explain", "alpha", "-f", "html")
    assert result.exit_code == 2 and "--output" in result.stderr


def test_html_page_escapes_data(tmp_path: Path, write_kb) -> None:
    from conftest import mini_data

    data = mini_data()
    data["therapies"][0]["summary"]["text"] = "Alpha <script>alert(1)</script> & more."
    target = tmp_path / "a.html"
    runner.invoke(app, ["--kb", str(write_kb(data)), "explain", "alpha", "--full", "-o", str(target)])
    page = target.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_pager_gets_the_whole_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from msstem.render.output import page

    target = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"tee {target}")
    page("line one\nline two\n")
    assert target.read_text(encoding="utf-8") == "line one\nline two\n"


def test_pager_that_cannot_run_falls_back_to_printing(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    from msstem.render.output import page

    monkeypatch.setenv("PAGER", "/nonexistent/pager")
    assert page("still shown\n") is False  # the caller prints it instead (cli/common.py show)


def test_pager_is_off_unless_asked_and_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr("msstem.render.output.page", lambda text: calls.append(text))
    assert run("explain", "alpha", "--pager").exit_code == 0  # CliRunner's stdout is not a terminal
    assert calls == []


@pytest.mark.parametrize("pretty", [True, False])
@pytest.mark.parametrize("items", [[], [{"a": 1}], [{"a": 1, "b": ["x", "y"]}, {"c": {"d": None}}, {"e": "\u0085"}]])
def test_a_list_written_item_by_item_is_the_same_json(pretty: bool, items: list[dict[str, object]]) -> None:
    from msstem.render.data import json_chunks, to_json

    whole = {"version": "1", "therapies": items, "after": True}
    streamed = {"version": "1", "therapies": iter(items), "after": True}
    chunks = list(json_chunks(streamed, pretty))
    assert "".join(chunks) == to_json(whole, pretty)
    assert json.loads("".join(chunks)) == whole
    assert not any('"a"' in c and '"c"' in c for c in chunks)  # one therapy a piece: never the whole list


def test_json_lists_hold_any_text_of_the_knowledge_base(write_kb) -> None:
    """No text in the knowledge base can break a streamed list (an earlier version split the JSON
    around a marker string: a therapy named like the marker broke `list --json`)."""
    from conftest import mini_data

    data = mini_data()
    data["therapies"][0]["name"] = "\x00msstem: the list goes here\x00"
    data["therapies"][1]["one_line"] = '"the list goes here"'
    result = runner.invoke(app, ["--kb", str(write_kb(data)), "list", "--json"])
    assert json.loads(result.stdout)["therapies"][0]["name"] == data["therapies"][0]["name"]


def test_the_schema_file_is_made_from_the_model() -> None:
    """docs/output.schema.json is generated (python -m msstem.render.schema > docs/output.schema.json)."""
    from msstem.render.schema import schema_text

    assert SCHEMA.read_text(encoding="utf-8") == schema_text()
