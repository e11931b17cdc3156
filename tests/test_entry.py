"""The entry point's answers without Typer (completion of ids, --help) are exactly Typer's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from conftest import MINI
from msstem import entry
from msstem.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def typer_answer(capsys: pytest.CaptureFixture[str]) -> str:
    """What the Typer app prints for the completion request in the environment."""
    with pytest.raises(SystemExit):
        app(prog_name="msstem", args=[])
    return capsys.readouterr().out


def fast_answer(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setattr(sys, "argv", ["msstem"])
    entry.main()
    return capsys.readouterr().out


BASH_CASES = [
    ("msstem explain ", 2),
    ("msstem explain a", 2),
    ("msstem explain B", 2),
    ("msstem explain zz", 2),
    ("msstem compare alpha ", 3),
    ("msstem handout ", 2),
    ("msstem trials ", 2),
    ("msstem sources ", 2),
    ("msstem criteria ", 2),
    ("msstem questions ", 2),
    ("msstem --debug explain ", 3),
    (f"msstem --kb {MINI} explain ", 4),
]


@pytest.mark.parametrize(("words", "current"), BASH_CASES)
def test_bash_completion_of_ids_answers_as_typer_does(
    words: str, current: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MSSTEM_KB", str(MINI))
    monkeypatch.setenv("_MSSTEM_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(current))
    assert entry.completion("complete_bash") is not None  # answered without Typer
    fast = fast_answer(monkeypatch, capsys)
    assert fast == typer_answer(capsys)


@pytest.mark.parametrize("shell", ["zsh", "fish"])
@pytest.mark.parametrize("typed", ["msstem explain ", "msstem explain a", "msstem explain zz", "msstem compare alpha "])
def test_zsh_and_fish_completion_of_ids_answers_as_typer_does(
    shell: str, typed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MSSTEM_KB", str(MINI))
    monkeypatch.setenv("_MSSTEM_COMPLETE", f"complete_{shell}")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", typed)
    monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    assert entry.completion(f"complete_{shell}") is not None
    assert fast_answer(monkeypatch, capsys) == typer_answer(capsys)


@pytest.mark.parametrize(
    ("words", "current"),
    [
        ("msstem ", 1),  # command names
        ("msstem explain -", 2),  # options
        ("msstem explain alpha ", 3),  # explain takes one id
        ("msstem explain -f ", 3),  # an option's value
        ("msstem lineup --therapy ", 3),
        ("msstem 'explain' ", 2),  # quoting
    ],
)
def test_other_completions_are_left_to_typer(words: str, current: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(current))
    assert entry.completion("complete_bash") is None


def test_id_commands_are_the_commands_whose_arguments_complete_ids() -> None:
    from msstem.cli import complete_therapy

    group = typer.main.get_command(app)
    found: dict[str, int | None] = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            if param.param_type_name == "argument" and getattr(param, "_custom_shell_complete", None):
                found[name] = None if param.nargs == -1 else param.nargs
    assert found == entry.ID_ARGUMENTS
    assert complete_therapy  # the function those arguments use


@pytest.mark.parametrize("args", [["--help"], ["-h"], *([name, "--help"] for name in COMMANDS)])
def test_help_is_typers_and_kept_for_the_next_run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from msstem.cli import main as typer_main

    monkeypatch.setattr(sys, "argv", ["msstem", *args])
    with pytest.raises(SystemExit):
        typer_main()  # Typer itself
    expected = capsys.readouterr().out
    assert expected.startswith("Usage: msstem")
    entry.main()  # first run: from Typer, then kept
    assert capsys.readouterr().out == expected
    entry.main()  # second run: from the cache
    assert capsys.readouterr().out == expected
    assert list(Path(os.environ["MSSTEM_CACHE_DIR"]).glob("help-*.json"))


def test_help_follows_the_terminal_width(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["msstem", "--help"])
    entry.main()
    wide = capsys.readouterr().out
    monkeypatch.setenv("COLUMNS", "52")
    entry.main()
    narrow = capsys.readouterr().out
    assert narrow != wide
    assert max(len(line) for line in narrow.splitlines()) <= 52


def test_unknown_command_help_is_typers_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["msstem", "nosuch", "--help"])
    with pytest.raises(SystemExit) as exc:
        entry.main()
    assert exc.value.code == 2


def run_fresh(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """msstem in a new interpreter, reporting on stderr whether Typer was imported."""
    code = (
        "import sys; from msstem.entry import main; sys.argv = ['msstem', *sys.argv[1:]]\n"
        "try:\n    main()\nfinally:\n    print('typer imported:', 'typer' in sys.modules, file=sys.stderr)"
    )
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False)


def test_help_and_completion_do_not_import_typer_once_cached() -> None:
    env = dict(os.environ)
    assert "typer imported: True" in run_fresh(["--help"], env).stderr  # the first time
    second = run_fresh(["--help"], env)
    assert second.returncode == 0
    assert "Usage: msstem" in second.stdout
    assert "typer imported: False" in second.stderr
    completing = {**env, "MSSTEM_KB": str(MINI), "_MSSTEM_COMPLETE": "complete_bash"}
    completing.update(COMP_WORDS="msstem explain ", COMP_CWORD="2")
    run_fresh([], completing)  # fills the knowledge-base cache
    result = run_fresh([], completing)
    assert result.stdout == "alpha\nbeta\n"
    assert "typer imported: False" in result.stderr


def test_completion_never_prints_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("therapies: [", encoding="utf-8")
    monkeypatch.setenv("MSSTEM_KB", str(broken))
    monkeypatch.setenv("COMP_WORDS", "msstem explain ")
    monkeypatch.setenv("COMP_CWORD", "2")
    assert entry.completion("complete_bash") == "\n"


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["explain", "alpha"], ["explain"]),
        (["--kb", str(MINI), "--debug", "clinic-check"], ["clinic-check"]),
        ([f"--kb={MINI}", "lint"], ["lint"]),
        (["explian"], None),  # a typo: the whole app, for "Did you mean 'explain'?"
        (["--version"], None),
        ([], None),
    ],
)
def test_only_the_command_being_run_is_built(args: list[str], built: list[str] | None) -> None:
    from msstem.cli import app_for

    commands = sorted(typer.main.get_command(app_for(args)).commands)  # type: ignore[attr-defined]
    assert commands == (built or COMMANDS)


def test_a_mistyped_command_still_gets_suggestions(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from msstem.cli import main as cli_main

    monkeypatch.setattr(sys, "argv", ["msstem", "explian"])
    with pytest.raises(SystemExit):
        cli_main()
    assert "Did you mean 'explain'?" in capsys.readouterr().err


def test_zsh_answers_are_escaped_as_typer_escapes() -> None:
    assert entry._zsh("a'$(id)`:\"") == "a''\\$(id)\\`\\\\:\"\""


@pytest.mark.parametrize("args", [["--help"], ["explain", "--help"]])
def test_help_with_stdout_closed_or_full_is_no_traceback(args: list[str]) -> None:
    code = f"import sys; sys.argv = ['msstem', *{args!r}]; from msstem.entry import main; main()"
    for _ in range(2):  # from Typer, then from the cache
        closed = subprocess.run(
            ["sh", "-c", f'"{sys.executable}" -c "{code}" >&-'], capture_output=True, text=True, check=False
        )
        assert "Traceback" not in closed.stderr
    if Path("/dev/full").exists():
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                [sys.executable, "-c", code], stdout=full, stderr=subprocess.PIPE, text=True, check=False
            )
        assert result.returncode == 1
        assert "msstem: error: cannot write the output" in result.stderr
        assert "Traceback" not in result.stderr
