"""Issue #16, trust under attack (round two): one test or more for each finding, named by its
number, each failing without its fix; then what was found beyond the list."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import MINI, mini_data
from msstem import KnowledgeBaseError, load_knowledge_base
from msstem.cli.app import app
from msstem.kb.cache import cache_dir
from msstem.render.output import Environment, OutputExistsError, clean, page, write_atomic

runner = CliRunner()


def run(*args: str, kb: Path = MINI, input: str | None = None, **env: str) -> Any:
    return runner.invoke(app, ["--kb", str(kb), *args], input=input, env=env or None)


def environment(**env: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MSSTEM_", "PYTHON"))}
    return {**base, "MSSTEM_NO_CACHE": "1", "MSSTEM_TODAY": "2024-06-01", **env}


def shell(command: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    """msstem (as MSSTEM) on the fixture, through sh, for redirections CliRunner cannot make."""
    msstem = f"'{sys.executable}' -m msstem --kb '{MINI}'"
    return subprocess.run(["sh", "-c", command.replace("MSSTEM", msstem)], env=environment(**env),
                          capture_output=True, timeout=60)  # fmt: skip


def python(script: str, *args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script), *args], env=environment(**env),
                          capture_output=True, timeout=60)  # fmt: skip


# 1-5, 28. Files the user owns ---------------------------------------------------------------------------------


def test_1_a_file_made_while_rendering_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "r.json"

    def chunks() -> Any:
        yield "{"
        target.write_text("USER", encoding="utf-8")  # someone else makes the file meanwhile
        yield "}"

    with pytest.raises(OutputExistsError):
        write_atomic(target, chunks())
    assert target.read_text(encoding="utf-8") == "USER"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # and no temporary file is left


def test_1_of_many_runs_writing_one_new_file_only_one_says_wrote(tmp_path: Path) -> None:
    target = tmp_path / "same.json"
    outcomes = []
    for n in range(5):
        try:
            write_atomic(target, f"run {n}")
            outcomes.append("wrote")
        except OutputExistsError:
            outcomes.append("refused")
    assert outcomes == ["wrote"] + ["refused"] * 4 and target.read_text(encoding="utf-8") == "run 0"


def test_2_force_writes_into_a_fifo_and_keeps_it(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there, so the writer does not wait
    try:
        write_atomic(fifo, "through the pipe\n", force=True)
        assert os.read(reader, 100) == b"through the pipe\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["fifo"]


def test_2_force_through_a_link_to_a_fifo_writes_into_it(tmp_path: Path) -> None:
    fifo, link = tmp_path / "fifo", tmp_path / "link.txt"
    os.mkfifo(fifo)
    link.symlink_to(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = run("explain", "alpha", "-o", str(link), "--force")
        assert result.exit_code == 0, result.output
        assert os.read(reader, 1 << 16).startswith(b"Alpha cell therapy")
    finally:
        os.close(reader)
    assert link.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_3_force_keeps_the_mode_and_a_new_file_gets_the_umask(tmp_path: Path) -> None:
    private = tmp_path / "lineup.txt"
    private.write_text("health facts", encoding="utf-8")
    private.chmod(0o600)
    assert run("lineup", "--age", "40", "-o", str(private), "--force").exit_code == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and "Age: 40" in private.read_text(encoding="utf-8")
    old = os.umask(0o027)
    try:
        assert run("explain", "alpha", "-o", str(tmp_path / "new.txt")).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_4_links_are_refused_without_force_and_written_through_with_it(tmp_path: Path) -> None:
    real, link, dangling = tmp_path / "real.txt", tmp_path / "link.txt", tmp_path / "dangling.txt"
    real.write_text("keep", encoding="utf-8")
    link.symlink_to(real)
    dangling.symlink_to(tmp_path / "nowhere.txt")
    for path in (link, dangling):
        result = run("explain", "alpha", "-o", str(path))
        assert result.exit_code == 1 and "add --force" in result.stderr
    assert real.read_text(encoding="utf-8") == "keep" and not (tmp_path / "nowhere.txt").exists()
    for path in (link, dangling):
        assert run("explain", "alpha", "-o", str(path), "--force").exit_code == 0
        assert path.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("Alpha cell therapy")
    assert (tmp_path / "nowhere.txt").read_text(encoding="utf-8").startswith("Alpha cell therapy")


DYING_OUTPUT = """
    import os, signal, sys
    from pathlib import Path
    from msstem.render.output import write_atomic

    if sys.argv[2] == "ignored":
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup does

    def chunks():
        yield "x" * 100_000
        os.kill(os.getpid(), getattr(signal, sys.argv[3]))
        yield "y"

    write_atomic(Path(sys.argv[1]), chunks())
"""


@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_5_a_signal_during_output_removes_the_temporary_file(tmp_path: Path, name: str, code: int) -> None:
    result = python(DYING_OUTPUT, str(tmp_path / "out.txt"), "default", name)
    assert result.returncode == code, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_5_an_ignored_sighup_stays_ignored(tmp_path: Path) -> None:
    result = python(DYING_OUTPUT, str(tmp_path / "out.txt"), "ignored", "SIGHUP")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").endswith("xy")


def test_5_a_signal_during_a_cache_write_removes_the_temporary_file(tmp_path: Path) -> None:
    script = """
        import os, signal, sys
        import msstem.kb.search as search

        def dying(db, kb):
            os.kill(os.getpid(), signal.SIGTERM)

        search.fill_index = dying
        from msstem import load_knowledge_base
        load_knowledge_base(sys.argv[1])
    """
    cache = tmp_path / "cache"
    result = python(script, str(MINI), MSSTEM_NO_CACHE="", MSSTEM_CACHE_DIR=str(cache))
    assert result.returncode == 143, result.stderr
    assert list(cache.iterdir()) == []


def test_5_stale_temporary_files_beside_an_output_are_pruned(tmp_path: Path) -> None:
    stale, fresh = tmp_path / ".a.md.msstem-killed1.tmp", tmp_path / ".a.md.msstem-running.tmp"
    for path in (stale, fresh):
        path.write_text("half", encoding="utf-8")
    os.utime(stale, (1, 1))
    assert run("explain", "alpha", "-o", str(tmp_path / "a.md")).exit_code == 0
    assert not stale.exists() and fresh.exists()


def test_28_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("explain", "alpha", "-o", "-", "-f", "plain")
    assert result.exit_code == 0 and result.stdout.startswith("Alpha cell therapy")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["newdir/", "existing", "existing/"])
def test_28_a_folder_is_a_clear_error(tmp_path: Path, name: str) -> None:
    (tmp_path / "existing").mkdir()
    result = run("explain", "alpha", "-o", f"{tmp_path}/{name}", "-f", "plain")
    assert result.exit_code == 2 and "is a folder: give a file name" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing"]


def test_28_a_write_only_file_is_not_called_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "write-only.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o200)
    real_access = os.access

    def access(path: Any, mode: int, **kw: Any) -> bool:
        return False if str(path) == str(target) and mode == os.R_OK else real_access(path, mode, **kw)

    monkeypatch.setattr(os, "access", access)
    result = run("explain", "alpha", "-o", str(target), "--force")  # (root reads anything: denial simulated)
    assert result.exit_code == 0, result.output
    assert "readable" not in result.output and stat.S_IMODE(target.stat().st_mode) == 0o200


# 6, 12. What the reader sees -------------------------------------------------------------------------------------

INJECTED = "See https://x.org/><script>alert(1)</script> now."


def test_6_text_after_a_url_cannot_become_a_script(write_kb, tmp_path: Path) -> None:
    data = mini_data()
    data["therapies"][0]["summary"]["text"] = INJECTED
    data["references"][0]["url"] = 'https://x.org/"><script>alert(2)</script>'
    kb = write_kb(data)
    for args in (["explain", "alpha", "--full"], ["search", "https://x.org/><script>alert(3)</script>"]):
        page_file = tmp_path / f"{args[0]}.html"
        assert run(*args, "-o", str(page_file), kb=kb).exit_code == 0
        page_text = page_file.read_text(encoding="utf-8")
        assert "<script" not in page_text and "&lt;script&gt;" in page_text
        markdown_text = run(*args, "-f", "markdown", kb=kb).stdout
        assert "<script" not in markdown_text.replace("\\<script", "")
    assert '<a href="https://x.org/">https://x.org/</a>' in (tmp_path / "explain.html").read_text(encoding="utf-8")


def test_6_only_http_and_https_urls_become_links(write_kb, tmp_path: Path) -> None:
    data = mini_data()
    data["therapies"][0]["summary"]["text"] = "Old http://x.org/a and javascript:alert(1) and data:text/html,x."
    target = tmp_path / "a.html"
    assert run("explain", "alpha", "--full", "-o", str(target), kb=write_kb(data)).exit_code == 0
    page_text = target.read_text(encoding="utf-8")
    assert '<a href="http://x.org/a">' in page_text
    assert 'href="javascript' not in page_text and 'href="data' not in page_text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("summary", "See <script>alert(1)</script>.", "has markup ('<script')"),
     ("summary", "Click [here](https://x.org).", "has markup ('[here](')"),
     ("summary", "Right-to-left \u202eoverride.", "invisible character (U+202E)"),
     ("url", "javascript:alert(1)", "is not an http(s) link")],
)  # fmt: skip
def test_6_lint_flags_markup_and_hidden_characters(write_kb, field: str, value: str, message: str) -> None:
    data = mini_data()
    if field == "url":
        data["references"][0]["url"] = value
    else:
        data["therapies"][0]["summary"]["text"] = value
    result = runner.invoke(app, ["lint", str(write_kb(data))], env={"MSSTEM_TODAY": "2024-06-01"})
    assert result.exit_code == 1
    assert "MS007" in result.stdout and message in result.stdout


def test_12_a_new_line_in_text_cannot_break_a_table_or_start_a_block(write_kb) -> None:
    from markdown_it import MarkdownIt

    data = mini_data()
    data["therapies"][0]["benefits"][0]["text"] = "First line\n| fake | row |\n- fake item\n# Fake heading"
    data["therapies"][1]["name"] = "Beta\n\n---\n1. fake list"
    data["therapies"][0]["summary"]["text"] = "Marked \ue000fake\ue001 words."  # the old highlight markers
    html = MarkdownIt("commonmark").enable("table").render(run("compare", "alpha", "beta", "-f", "markdown",
                                                               kb=write_kb(data)).stdout)  # fmt: skip
    assert html.count("<table>") == 1 and "<li>fake" not in html and "Fake heading</h" not in html
    assert html.count("<hr") == 1  # the footer's rule only
    assert "<strong>fake</strong>" not in html


# 9-11. Width, numbers, escapes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["0", "-5", "19", "abc", "1_00"])
def test_9_a_silly_columns_is_taken_as_not_set(monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert Environment.detect(sys.stdout).width is None
    out = run("explain", "alpha", "-f", "table", COLUMNS=columns).stdout
    assert "Alpha cell therapy (Alpha)" in out


@pytest.mark.parametrize(
    ("rule", "message"),
    [("{min: .nan}", "not a number (nan)"), ("{min: .inf}", "infinity (inf)"), ("{max: -.inf}", "infinity (-inf)"),
     ("{min: 50, max: 18}", "the lower bound (50) is above the upper bound (18)"),
     ("{min: " + "9" * 400 + "}", "a number with 400 digits")],
)  # fmt: skip
def test_10_criteria_bounds_must_be_real_numbers(write_kb, rule: str, message: str) -> None:
    text = MINI.read_text(encoding="utf-8").replace("rule: {min: 18, max: 50}", f"rule: {rule}")
    path = write_kb(text)
    result = run("criteria", "-f", "json", kb=path)
    assert result.exit_code == 1 and message in result.stderr, result.output
    linted = runner.invoke(app, ["lint", str(path)])
    assert linted.exit_code == 1 and message in linted.stdout and "Traceback" not in linted.output


def test_10_criteria_json_never_says_infinity_even_from_a_damaged_cache(tmp_path: Path) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    load_knowledge_base(kb)
    folder = cache_dir()
    assert folder is not None
    [file] = folder.glob("kb-*.sqlite")
    with sqlite3.connect(file) as db:
        changed = db.execute("UPDATE records SET data = replace(data, '\"min\": 18.0', '\"min\": Infinity')"
                             " WHERE kind = 'criteria_sets' AND data LIKE '%\"min\": 18.0%'").rowcount  # fmt: skip
    assert changed == 1
    out = run("criteria", "-f", "json", kb=kb).stdout

    def refuse(name: str) -> None:
        raise AssertionError(f"bare {name} in the JSON")

    data = json.loads(out, parse_constant=refuse)
    assert data["criteria_sets"][0]["criteria"][1]["rule"]["min"] == 18


HIDDEN = "a\u202eb\u009bc\u0085d\u061ce"


def test_11_lint_json_escapes_direction_and_c1_characters(write_kb) -> None:
    data = mini_data()
    data["therapies"][0]["kind"] = HIDDEN  # not a kind: the loader's message quotes it
    result = runner.invoke(app, ["lint", str(write_kb(data)), "-f", "json"])
    assert result.exit_code == 1
    for char in "\u202e\u009b\u0085\u061c":
        assert char not in result.stdout
    assert HIDDEN in json.loads(result.stdout)["problems"][0]["message"]


def test_11_clean_covers_every_direction_control_and_invisible_format_character() -> None:
    for char in ("\u061c", "\u200b", "\u2028", "\u2066", "\ufeff", "\U000e0041"):
        assert clean(f"a{char}b") == "a\ufffdb", repr(char)
    kept = "emoji \U0001f469\u200d\U0001f52c, ZWNJ \u200c, soft\u00adhyphen, variation \u2764\ufe0f"
    assert clean(kept) == kept


def test_11_queries_and_file_names_echoed_on_stderr_are_made_safe(tmp_path: Path) -> None:
    escape = "\x1b]0;pwned\x07\x1b[2J"
    result = shell(f"MSSTEM search 'zz{escape}zz'")
    assert result.returncode == 0 and b"\x1b" not in result.stderr and b"no matches for" in result.stderr
    result = shell(f"MSSTEM explain alpha -f plain -o '{tmp_path}/a{escape}.txt'")
    assert result.returncode == 0 and b"\x1b" not in result.stderr and b"Wrote" in result.stderr
    result = shell(f"MSSTEM explain 'zz{escape}'")
    assert result.returncode == 2 and b"\x1b" not in result.stderr and b"no therapy called" in result.stderr


# 13. Look-alike names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aliases", "message"),
    [(["\uff41\uff4c\uff50\uff48\uff41"], "already the id or an alias of 'alpha'"),  # full-width alpha on beta
     (["first"], "already the id or an alias of 'alpha'"),
     (["caf\u00e9", "cafe\u0301"], "duplicate alias 'cafe\u0301'"),  # NFC and NFD
     (["be\u200bta two"], "invisible or control character (U+200B)"),
     (["---"], "is no name once case, spaces, hyphens and underscores are ignored")],
)  # fmt: skip
def test_13_look_alike_and_empty_aliases_are_refused(write_kb, aliases: list[str], message: str) -> None:
    data = mini_data()
    data["therapies"][1]["aliases"] += aliases
    with pytest.raises(KnowledgeBaseError) as error:
        load_knowledge_base(write_kb(data))
    assert message in str(error.value)


def test_13_names_are_compared_as_they_look() -> None:
    for name in ("\uff21\uff2c\uff30\uff28\uff21", "al\u200bpha", "ALPHA", "alpha\u2010cells"):  # full-width, ZWSP
        result = run("explain", name, "-f", "plain")
        assert result.exit_code == 0 and result.stdout.startswith("Alpha cell therapy"), name
    for name in ("", " ", "---"):
        result = run("explain", "--", name)
        assert result.exit_code == 2 and "no therapy called" in result.stderr


def test_13_text_of_only_zero_width_spaces_is_empty(write_kb) -> None:
    data = mini_data()
    data["therapies"][0]["summary"]["text"] = "\u200b\u200b \u2060"
    with pytest.raises(KnowledgeBaseError, match=r"therapies\[0\]\.summary\.text: is empty"):
        load_knowledge_base(write_kb(data))


# 14-20. Resources and the cache -------------------------------------------------------------------------------------


def test_14_a_device_as_the_knowledge_base_is_read_through_the_bound() -> None:
    result = runner.invoke(app, ["--kb", "/dev/zero", "list"])
    assert result.exit_code == 1 and "the file is too large" in result.stderr


def test_8_a_crafted_cache_cannot_redirect_an_id(tmp_path: Path) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    load_knowledge_base(kb)
    folder = cache_dir()
    assert folder is not None
    [file] = folder.glob("kb-*.sqlite")
    with sqlite3.connect(file) as db:
        db.execute("UPDATE records SET data = (SELECT data FROM records WHERE kind = 'therapies' AND id = 'beta')"
                   " WHERE kind = 'therapies' AND id = 'alpha'")  # fmt: skip
    therapy = load_knowledge_base(kb).therapy("alpha")
    assert therapy is not None and therapy.name == "Alpha cell therapy"


def test_8_a_cache_folder_others_can_write_to_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("MSSTEM_CACHE_DIR", str(shared))
    kb = tmp_path / "kb.yaml"
    kb.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    load_knowledge_base(kb)
    assert list(shared.iterdir()) == [] and load_knowledge_base(kb).search_index is None


def test_16_a_million_mistakes_are_counted_not_all_kept(write_kb) -> None:
    path = write_kb("version: x\nglossary:\n" + "- {}\n" * 2000)
    with pytest.raises(KnowledgeBaseError) as error:
        load_knowledge_base(path)
    assert len(error.value.problems) == 50 and error.value.total > 8000
    message = str(error.value)
    assert message.count("\n") == 51 and f"… and {error.value.total - 50:,} more" in message
    linted = runner.invoke(app, ["lint", str(path)])
    assert linted.stdout.count("\n") == 50 and f"{error.value.total:,} problems (the first 50 are listed)" in (
        linted.stderr
    )
    data = json.loads(runner.invoke(app, ["lint", str(path), "-f", "json"]).stdout)
    assert len(data["problems"]) == 50 and data["total"] == error.value.total


def test_18_a_huge_query_is_refused_and_not_echoed() -> None:
    result = run("search", "zzzz " * 25_000)
    assert result.exit_code == 2 and "at most 200 characters" in result.stderr
    assert len(result.stderr) < 500


def test_19_no_home_and_no_passwd_entry_means_no_cache() -> None:
    script = """
        import os, pwd, sys
        for name in ("HOME", "XDG_CACHE_HOME", "MSSTEM_CACHE_DIR", "MSSTEM_NO_CACHE"):
            os.environ.pop(name, None)

        def unknown(uid):
            raise KeyError(f"getpwuid(): uid not found: {uid}")

        pwd.getpwuid = unknown  # a uid with no passwd entry
        sys.argv = ["msstem", "--kb", sys.argv[1], *sys.argv[2:]]
        from msstem.cli.app import main
        main()
    """
    for args in (["--help"], ["list", "-f", "plain"]):
        result = python(script, str(MINI), *args)
        assert result.returncode == 0 and b"Traceback" not in result.stderr and result.stdout, result.stderr


@pytest.mark.parametrize("header", ["[" * 5000 + "]" * 5000, '{"version": 5}', '"text"'])
def test_20_a_damaged_cache_header_is_rebuilt(tmp_path: Path, header: str) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    load_knowledge_base(kb)
    folder = cache_dir()
    assert folder is not None
    [file] = folder.glob("kb-*.sqlite")
    with sqlite3.connect(file) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'small'", (header,))
    assert load_knowledge_base(kb).version == "test-1"
    assert load_knowledge_base(kb).search_index is not None  # written again, and used


def test_29_a_relative_xdg_cache_home_makes_nothing_here(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = subprocess.run([sys.executable, "-m", "msstem", "--kb", str(MINI), "list"], cwd=tmp_path,
                            env={**environment(XDG_CACHE_HOME="relative", HOME=str(home)), "MSSTEM_NO_CACHE": ""},
                            capture_output=True, timeout=60)  # fmt: skip
    assert result.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"] and list(home.glob(".cache/msstem/kb-*"))


def test_29_a_relative_home_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MSSTEM_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", "relative/home")
    assert cache_dir() is None


# 21-27. Crashes and exit codes -------------------------------------------------------------------------------------


def test_21_without_libyaml_a_lone_surrogate_is_a_clear_error(write_kb, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(yaml, "CSafeLoader")
    text = MINI.read_text(encoding="utf-8").replace('version: "test-1"', 'version: "test-\\ud800"')
    with pytest.raises(KnowledgeBaseError, match=r"version: a lone surrogate escape"):
        load_knowledge_base(write_kb(text))
    with pytest.raises(KnowledgeBaseError, match=r"a lone surrogate escape"):
        load_knowledge_base(write_kb('"\\udc00": 1\n'))


@pytest.mark.parametrize(
    ("pager", "out", "note"),
    [(" ", "a\nb\nc\nd\n", None), ('"', "a\nb\nc\nd\n", True), ("cat | head -3", "a\nb\nc\n", False),
     ("false", "a\nb\nc\nd\n", True), ("/nonexistent/pager --flag", "a\nb\nc\nd\n", True)],
)  # fmt: skip
def test_22_the_pager_runs_through_the_shell(capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                             pager: str, out: str, note: bool | None) -> None:  # fmt: skip
    monkeypatch.setenv("PAGER", pager)  # ' ' is no pager: the text is printed
    if not page("a\nb\nc\nd\n"):  # as cli/common.py show() does when the pager did not run or failed
        print("a\nb\nc\nd", flush=True)
    captured = capfd.readouterr()
    assert captured.out == out
    if note is not None:
        assert ("the text follows" in captured.err) is note


def test_23_a_closed_stdin_is_the_end_of_input() -> None:
    result = shell("MSSTEM lineup -i -f plain <&-")
    assert result.returncode == 0 and b"Your facts next to published criteria" in result.stdout
    assert b"error" not in result.stderr


def test_24_msstem_debug_no_off_false_mean_no_traceback() -> None:
    def broken(value: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "msstem", "--kb", "/nonexistent/kb.yaml", "list"],
                              env=environment(MSSTEM_DEBUG=value), capture_output=True, timeout=60)  # fmt: skip

    for value in ("no", "off", "False", "0", ""):
        result = broken(value)
        assert result.returncode == 1 and b"Traceback" not in result.stderr, value
    assert b"Traceback" in broken("1").stderr


@pytest.mark.parametrize("fmt", ["json", "plain", "tsv"])
def test_25_a_reader_that_went_away_is_a_quiet_exit_0(fmt: str) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first byte
    try:
        result = subprocess.run([sys.executable, "-m", "msstem", "--kb", str(MINI), "list", "-f", fmt],
                                stdout=write, stderr=subprocess.PIPE, env=environment(), timeout=60)  # fmt: skip
    finally:
        os.close(write)
    assert result.returncode == 0 and result.stderr == b""


def test_26_the_end_of_input_ends_the_whole_clinic_check(write_kb) -> None:
    data = mini_data()
    third = {**data["clinic_checks"][0], "id": "third", "question": "Is there a third?", "refs": ["ref-b"]}
    data["clinic_checks"].append(third)  # (its own list of refs: a shared one is dumped as a YAML alias)
    result = run("clinic-check", "-i", "-f", "plain", kb=write_kb(data), input="yes\n")  # then Ctrl-D
    assert result.exit_code == 0
    assert "Question 2 of 3. Does the offer" in result.stderr and "Is there a third?" not in result.stderr
    assert "Red flags raised: 1 of the 1 questions you could answer. You were not sure about 2" in result.stdout


def test_27_with_stderr_closed_a_usage_error_does_not_go_to_stdout() -> None:
    result = shell("MSSTEM explain nosuch 2>&-")
    assert result.returncode == 2 and result.stdout == b""


# 30, 31. Odd arguments ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["--edss", "1_0"], ["--age", "1_0_0"], ["--age", "\uff13\uff14"], ["--age", "\u0663\u0664"],
             ["--edss", "nan"], ["--edss", "1e0"], ["--years-since-diagnosis", "inf"]],
)  # fmt: skip
def test_30_numbers_are_written_with_ascii_digits(args: list[str]) -> None:
    result = run("lineup", *args, "-f", "plain")
    assert result.exit_code == 2 and "invalid value" in result.stderr.lower()


def test_30_numbers_with_underscores_are_refused_interactively_too() -> None:
    result = run("lineup", "-i", "-f", "plain", input="\n1_0_0\n34\n1_0\n3.5\n\n\n\n\n")
    assert result.exit_code == 0 and result.stderr.count("Not understood") == 2
    assert "- Age: 34" in result.stdout and "- Disability score (EDSS): 3.5" in result.stdout
    assert run("search", "cells", "-n", "1_0").exit_code == 2


@pytest.mark.parametrize("term", ["", " ", "---"])
def test_31_an_empty_term_is_a_usage_error(term: str) -> None:
    result = run("glossary", "--", term)
    assert result.exit_code == 2 and "no glossary entry" in result.stderr


# Found beyond the list -----------------------------------------------------------------------------------------------


def test_an_undecodable_argument_is_replaced_in_a_file_not_a_crash(tmp_path: Path) -> None:
    target = tmp_path / "s.md"
    result = subprocess.run([sys.executable, "-m", "msstem", "--kb", str(MINI), "search", b"cells\xff", "-o",
                             str(target)], env=environment(), capture_output=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# Search: cells?")


def test_output_on_a_file_system_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: str, dst: str) -> None:
        raise PermissionError(1, "Operation not permitted")  # as on FAT

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "a.txt"
    write_atomic(target, "first")
    with pytest.raises(OutputExistsError):
        write_atomic(target, "second")
    assert target.read_text(encoding="utf-8") == "first" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_json_escapes_invisible_characters_beyond_the_first_plane(write_kb) -> None:
    data = mini_data()
    data["therapies"][0]["name"] = "tag\U000e0041 hidden"
    out = run("explain", "alpha", "--json", kb=write_kb(data)).stdout
    assert "\U000e0041" not in out and "\\udb40\\udc41" in out
    assert json.loads(out)["therapy"]["name"] == "tag\U000e0041 hidden"


def test_a_dash_like_character_in_a_name_is_a_hyphen(write_kb) -> None:
    data = mini_data()
    data["therapies"][1]["aliases"].append("alpha\u2013cells")  # an en dash: 'alpha cells' is alpha's
    with pytest.raises(KnowledgeBaseError, match="already the id or an alias of 'alpha'"):
        load_knowledge_base(write_kb(data))


@pytest.mark.parametrize("args", [["explain"], ["glossary"], ["search"]])
def test_a_long_name_is_not_echoed_whole(args: list[str]) -> None:
    result = run(*args, "--", "q" * 150 if args == ["search"] else "z" * 100_000)
    assert "characters)" in result.stderr and len(result.stderr) < 600
