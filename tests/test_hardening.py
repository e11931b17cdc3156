"""Hostile knowledge bases, hostile text, hostile environments: a clear error or correct output,
never a traceback, a hang, a changed file or text that takes over the terminal."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import MINI, mini_data
from msstem import KnowledgeBaseError, load_knowledge_base
from msstem.cli.app import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
HOSTILE = [
    "[bold]bold[/bold] [link=http://evil.example]link[/link] [/] :x:",
    "\x1b[31mred\x1b[0m \x1b[2J\x1b[H \x1b]8;;http://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\ \x1b]0;title\x07",
    "bell\x07 backspace\x08 nul-free C1\x9b31m",
    "right-to-left \u202eoverride\u202c and \u2066isolate\u2069",
    "emoji 🧬 and combining e\u0301 and zero\u200bwidth",
    "w" * 10_000,
]
CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0), 0x202E, 0x2066)]
FORMATS = ["table", "plain", "markdown", "json"]
COMMANDS = [["list"], ["compare", "--all"], ["explain", "alpha"], ["search", "test"], ["glossary"], ["trials"],
            ["sources"], ["criteria"], ["lineup", "--age", "30"], ["clinic-check"], ["questions"],
            ["handout", "alpha", "beta"]]  # fmt: skip


def run(kb: Path, *args: str, **env: str):
    return runner.invoke(app, ["--kb", str(kb), *args], env=env or None)


def every_string(data: Any, value: str) -> Any:
    """The same structure with every free-text value replaced (ids, enums and dates kept)."""
    keep = {"id", "kind", "aim", "evidence_stage", "study", "group", "status", "fact", "therapy", "refs",
            "therapies", "pmid", "doi", "registry", "url", "red_flag_answer", "in", "version", "registry_ids",
            "aliases"}  # fmt: skip

    def is_plain(v: Any) -> bool:
        return not isinstance(v, (dict, list)) or (isinstance(v, list) and all(isinstance(x, str) for x in v))

    if isinstance(data, dict):
        return {k: (v if k in keep and is_plain(v) else every_string(v, value)) for k, v in data.items()}
    if isinstance(data, list):
        return [every_string(v, value) for v in data]
    return value if isinstance(data, str) else data


# 1. Hostile YAML ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("version: 'x'\ntherapies: [\n", "YAML syntax error"),
        ("version: 'x'\n\ttherapies: []\n", "YAML syntax error"),
        ("", "the file is empty"),
        ("- a\n- b\n", "expected a mapping, got a list"),
        ("just a string\n", "expected a mapping, got text"),
        ("a: 1\na: 2\n", "duplicate key"),
        ("a: !!python/object/apply:os.system ['true']\n", "unsupported YAML tag"),
        ("a: " + "[" * 3000 + "]" * 3000 + "\n", "nesting depth"),
        ("a:\n" + "".join("  " * (i + 1) + "b:\n" for i in range(200)), "nested more than 64 levels"),
        # Found by a differential test of the event reader: PyYAML's own constructors fail with
        # KeyError, IndexError or AttributeError on these; anchors are refused even when unused.
        ("a: !!bool maybe\n", "cannot be read as true/false"),
        ("a: !!int\n", "cannot be read as a whole number"),
        ("a: !!float ''\n", "cannot be read as a decimal number"),
        ("a: !!timestamp foo\n", "is not a real date"),
        ("a: &x 1\nb: &x 2\n", "anchors and aliases"),
        ("&k x: 1\n", "anchors and aliases"),
        ("a: &k x\n*k : 2\n", "anchors and aliases"),
    ],
)  # fmt: skip
def test_hostile_yaml_is_a_clear_error(write_kb, content: str, message: str) -> None:
    result = run(write_kb(content), "list")
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("msstem: error: cannot use the knowledge base")


def test_without_libyaml_a_control_character_is_a_clear_error(write_kb, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from msstem import KnowledgeBaseError, load_knowledge_base

    monkeypatch.delattr(yaml, "CSafeLoader")  # the pure-Python reader checks the text as it starts
    with pytest.raises(KnowledgeBaseError, match="YAML error"):
        load_knowledge_base(write_kb("a: \x01\n"))


def test_alias_bomb_is_refused_in_bounded_time(write_kb) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    start = time.perf_counter()
    result = run(write_kb("\n".join(lines) + "\n"), "list")
    assert time.perf_counter() - start < 5
    assert result.exit_code == 1 and "anchors and aliases" in result.stderr


def test_non_utf8_bom_and_crlf(write_kb) -> None:
    assert "not UTF-8" in run(write_kb(b"version: '\xff\xfe'\n"), "list").stderr
    text = MINI.read_text(encoding="utf-8").replace("\n", "\r\n")
    assert run(write_kb(b"\xef\xbb\xbf" + text.encode()), "list", "-f", "plain").exit_code == 0


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # 50 MB, made at test time
        handle.truncate(50 * 1024 * 1024)
    result = run(big, "list")
    assert result.exit_code == 1 and "the limit is 33,554,432" in result.stderr


@pytest.mark.parametrize("kind", ["folder", "missing", "unreadable"])
def test_paths_that_are_not_readable_files(tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kb.yaml"
    if kind == "folder":
        path.mkdir()
    elif kind == "unreadable":
        path.write_text("version: x\n", encoding="utf-8")

        def denied(self: Path, *args: object) -> bytes:  # root can read anything, so the denial is simulated
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(Path, "open", denied)
    result = run(path, "list")
    assert result.exit_code == 1
    expected = {"folder": "this is a folder", "missing": "no such file", "unreadable": "permission denied"}[kind]
    assert expected in result.stderr


# 2. Hostile text inside a valid knowledge base, in every field and every format ----------------------------


@pytest.mark.parametrize("hostile", HOSTILE, ids=["markup", "ansi-osc", "controls", "bidi", "unicode", "long-word"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_is_shown_safely_everywhere(write_kb, hostile: str, fmt: str) -> None:
    path = write_kb(every_string(mini_data(), hostile))
    for args in (["list"], ["compare", "alpha", "beta"], ["explain", "alpha"], ["glossary"], ["sources"]):
        result = run(path, *args, "-f", fmt, "--color", "always", COLUMNS="80")
        assert result.exit_code == 0, (args, result.output[-500:])
        out = result.stdout
        for char in ("\x07", "\x08", "\x9b", "\u202e", "\u2066"):
            assert char not in out, (args, repr(char))
        # msstem's own clickable links (OSC 8, https only) are the only OSC sequences; none comes from data
        links = re.findall(r"\x1b]8;id=\d+;([^\x1b]*)\x1b\\", out)
        assert all(url.startswith("https://") and "evil" not in url for url in links)
        out = re.sub(r"\x1b]8;(id=\d+;[^\x1b]*)?;?\x1b\\", "", out)
        assert "\x1b]" not in out and "\x1b[2J" not in out and "\x1b[31mred" not in out
        if fmt == "json":
            json.loads(out)
        if fmt in ("table", "plain") and hostile.startswith("[bold]"):
            assert "[link=http://evil.example]link[/link]" in out.replace("\n", "")
    assert "…" not in run(path, "explain", "alpha", "-f", "table", COLUMNS="60").stdout


def test_json_round_trips_hostile_text(write_kb) -> None:
    hostile = "ctrl\x1b[31m bidi\u202e c1\x9b"
    data = json.loads(run(write_kb(every_string(mini_data(), hostile)), "explain", "alpha", "--json").stdout)
    assert data["therapy"]["name"] == hostile  # escaped in the output, the same text once parsed


def test_zero_width_in_an_id_is_a_clear_error(write_kb) -> None:
    data = mini_data()
    data["therapies"][0]["id"] = "al\u200bpha"
    result = run(write_kb(data), "list")
    assert result.exit_code == 1 and "is not a valid id" in result.stderr


def test_an_id_that_looks_like_an_option(write_kb) -> None:
    data = mini_data()
    data["therapies"][0]["aliases"].append("--all")
    path = write_kb(data)
    assert run(path, "explain", "-f", "plain", "--", "--all").stdout.startswith("Alpha cell therapy")


# 3. Hostile environments ----------------------------------------------------------------------------------------


def cli(*args: str, stdin: Any = subprocess.DEVNULL, **env: str) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MSSTEM_", "PYTHON"))}
    return subprocess.run(
        [sys.executable, "-m", "msstem", "--kb", str(MINI), *args],
        env={**base, "MSSTEM_NO_CACHE": "1", **env}, stdin=stdin, capture_output=True, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize(
    "env",
    [{"LANG": "C", "LC_ALL": "C"}, {"PYTHONIOENCODING": "ascii"}, {"TERM": "dumb"}, {"COLUMNS": "1"},
     {"COLUMNS": "1000"}],
)  # fmt: skip
def test_hostile_environments(env: dict[str, str]) -> None:
    for args in (["explain", "alpha"], ["compare", "alpha", "beta", "-f", "table"]):
        result = cli(*args, **env)
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr and result.stdout


def test_non_ascii_on_an_ascii_terminal_is_replaced_not_fatal() -> None:
    result = cli("explain", "alpha", "--full", "-f", "plain", PYTHONIOENCODING="ascii", MSSTEM_TODAY="2024-06-01")
    assert result.returncode == 0 and b"?" in result.stdout  # the em dash and friends


def test_full_disk_and_closed_stdout() -> None:
    full = subprocess.run(f"'{sys.executable}' -m msstem --kb '{MINI}' list -f plain > /dev/full", shell=True,
                          capture_output=True, env={**os.environ, "MSSTEM_NO_CACHE": "1"})  # fmt: skip
    assert full.returncode == 1 and b"cannot write the output: No space left on device" in full.stderr
    closed = subprocess.run(f"'{sys.executable}' -m msstem --kb '{MINI}' list -f plain >&-", shell=True,
                            capture_output=True, env={**os.environ, "MSSTEM_NO_CACHE": "1"})  # fmt: skip
    assert closed.returncode == 1 and b"standard output is closed" in closed.stderr
    assert b"Traceback" not in full.stderr + closed.stderr


@pytest.mark.parametrize("args", [["lineup", "-f", "plain"], ["clinic-check", "-f", "plain"]])
def test_interactive_commands_do_not_wait_without_a_terminal(args: list[str]) -> None:
    result = cli(*args)  # stdin is /dev/null, not a terminal
    assert result.returncode == 0 and result.stdout


def test_missing_home_and_cache_folder() -> None:
    env = {"HOME": "/nonexistent/home", "XDG_CACHE_HOME": "/nonexistent/cache"}
    base = {k: v for k, v in os.environ.items() if not k.startswith("MSSTEM_")}
    result = subprocess.run([sys.executable, "-m", "msstem", "list", "-f", "plain"], env={**base, **env},
                            capture_output=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr


# 5. Nothing is lost or changed ----------------------------------------------------------------------------------


def test_no_command_writes_to_the_knowledge_base(write_kb) -> None:
    path = write_kb(MINI.read_text(encoding="utf-8"))
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    for args in COMMANDS:
        for fmt in ("plain", "json"):
            assert run(path, *args, "-f", fmt).exit_code == 0, args
    assert run(path, "lint").exit_code == 0
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


# 6. Exit codes, one test per error class -------------------------------------------------------------------------


def test_exit_codes(write_kb) -> None:
    assert run(MINI, "list").exit_code == 0
    assert run(write_kb("version: [\n"), "list").exit_code == 1  # invalid knowledge base
    assert run(MINI, "explain", "zeta").exit_code == 2  # unknown therapy id
    assert run(MINI, "list", "--format", "pdf").exit_code == 2  # usage


def test_ctrl_c_exits_130() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "msstem", "--kb", str(MINI), "lineup", "--interactive", "-f", "plain"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "MSSTEM_NO_CACHE": "1"},
    )  # fmt: skip
    assert proc.stderr is not None
    proc.stderr.read1(1)  # the first prompt has appeared: it is waiting for an answer
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err


# 4. Property-based tests ---------------------------------------------------------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(lambda s: s.strip())
# Few examples per run keep the suite fast; hypothesis keeps the failing ones it finds in .hypothesis/.
PROPERTY = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def mutate(data: Any, draw: Any) -> Any:
    """Remove a field, swap a type, or put hostile text somewhere in a copy of the data."""
    data = copy.deepcopy(data)
    paths: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append((node, k))
                walk(v)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                paths.append((node, i))
                walk(v)

    walk(data)
    container, key = draw(st.sampled_from(paths))
    action = draw(st.sampled_from(["remove", "swap", "hostile"]))
    if action == "remove" and isinstance(container, dict):
        del container[key]
    elif action == "swap":
        container[key] = draw(st.sampled_from([None, 3, 2.5, True, [], {}, "text", [1, 2]]))
    else:
        container[key] = draw(st.sampled_from(HOSTILE[:5] + CONTROL))
    return data


@PROPERTY
@given(st.data())
def test_loader_returns_a_model_or_its_own_error(write_kb, data: st.DataObject) -> None:
    mutated = mutate(mini_data(), data.draw)
    path = write_kb(mutated)
    try:
        kb = load_knowledge_base(path)
    except KnowledgeBaseError as exc:
        assert exc.problems and all(p.file == "kb.yaml" for p in exc.problems)
    else:
        assert kb.therapies


def as_yaml_reads(value: str) -> str:
    return str(yaml.safe_load(yaml.safe_dump({"v": value}, allow_unicode=True))["v"]).strip()


@settings(PROPERTY, max_examples=6)
@given(name=text, summary=text, definition=text)
def test_any_valid_generated_knowledge_base_works_in_every_format(write_kb, name: str, summary: str,
                                                                  definition: str) -> None:  # fmt: skip
    data = mini_data()
    data["therapies"][0]["name"] = name
    data["therapies"][1]["summary"]["text"] = summary
    data["glossary"][0]["definition"] = definition
    data["references"][0]["title"] = name
    path = write_kb(data)
    for args in (["compare", "--all"], ["glossary"]):  # between them, every field that was changed
        for fmt in FORMATS:
            result = run(path, *args, "-f", fmt)
            assert result.exit_code == 0, (args, fmt, result.output[-300:])
    parsed = json.loads(run(path, "compare", "--all", "--json").stdout)
    # (as YAML reads the text back: it turns U+0085 and U+2028 into line breaks, which fold to spaces)
    assert parsed["therapies"][0]["name"] == as_yaml_reads(name)
    assert parsed["therapies"][1]["summary"]["text"] == as_yaml_reads(summary)
