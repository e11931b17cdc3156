"""The console entry point. Two answers that run often come without importing Typer (about 45 ms
of every run): shell completion of therapy ids, which runs on every Tab press, and `--help`, which
is Typer's own text kept in the cache. Everything else, and any case these do not cover exactly,
goes to the Typer app in cli.py. tests/test_entry.py checks that both give what Typer gives.
"""

from __future__ import annotations

import os
import sys

# Commands whose positional arguments are therapy ids: how many they take (None: any number).
ID_ARGUMENTS: dict[str, int | None] = {
    "explain": 1,
    "compare": None,
    "handout": None,
    "trials": 1,
    "sources": 1,
    "criteria": 1,
    "questions": 1,
}
COMPLETE_VAR = "_MSSTEM_COMPLETE"


def main() -> None:
    import gc

    # One short run: reference counting frees what msstem makes, and the cyclic collector would
    # only walk the model again and again (list -f json of 10,000 therapies: 7.2 s with it, 4.3 s without).
    gc.disable()
    if sys.stdout is not None:  # (closed: the app says so)
        if os.environ.get(COMPLETE_VAR):
            answer = completion(os.environ[COMPLETE_VAR])
            if answer is not None:
                _write(answer)
                return
        elif help_request(sys.argv[1:]):
            text = help_text(sys.argv[1:])
            if text is not None:
                _write(text)
                return
    from .cli import main as run

    run()


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        import errno

        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (so the exit flush cannot fail again)
        if exc.errno != errno.EPIPE:  # the reader went away (| head): nothing to say
            sys.stderr.write(f"msstem: error: cannot write the output: {exc.strerror or exc}\n")
            sys.exit(1)


# Shell completion ---------------------------------------------------------------------------


def completion(instruction: str) -> str | None:
    """What Typer would print for completing therapy ids, or None to let Typer answer."""
    shell = instruction.removeprefix("complete_")
    if shell == "bash":
        words, current = _bash_words()
        if words is None:
            return None
        args, incomplete = words[1:current], (words[current] if current < len(words) else "")
    elif shell in ("zsh", "fish"):
        typed = os.environ.get("_TYPER_COMPLETE_ARGS", "")
        words = _split(typed)
        if words is None:
            return None
        args = words[1:]
        incomplete = ""
        if args and not typed.endswith(" "):
            args, incomplete = args[:-1], args[-1]
        if shell == "fish" and os.environ.get("_TYPER_COMPLETE_FISH_ACTION") != "get-args":
            return None
    else:
        return None
    ids = _ids_for(args, incomplete)
    if ids is None:
        return None
    if shell == "zsh":
        return "_arguments '*: :((" + "\n".join(f'"{_zsh(i)}"' for i in ids) + "))'\n" if ids else "_files\n"
    return "\n".join(ids) + "\n"


def _zsh(value: str) -> str:
    """Escaped as Typer escapes for zsh (ids are letters, digits, - and _ anyway)."""
    return value.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`").replace(":", r"\\:")


def _bash_words() -> tuple[list[str] | None, int]:
    try:
        return _split(os.environ["COMP_WORDS"]), int(os.environ["COMP_CWORD"])
    except (KeyError, ValueError):
        return None, 0


def _split(text: str) -> list[str] | None:
    """Words as the shell gave them; None when quoting is involved (Typer handles that)."""
    if any(c in text for c in "'\"\\"):
        return None
    return text.split()


def global_options(args: list[str]) -> tuple[str | None, list[str]] | None:
    """`msstem [--kb PATH] [--debug] REST...`: the --kb given (or None) and the rest; None if the
    command line starts with any other option (or --kb without its value). Also cli.app_for's."""
    kb, rest = None, list(args)
    while rest and rest[0].startswith("-"):
        option = rest.pop(0)
        if option == "--kb" and rest:
            kb = rest.pop(0)
        elif option.startswith("--kb="):
            kb = option.removeprefix("--kb=")
        elif option != "--debug":
            return None
    return kb, rest


def _ids_for(args: list[str], incomplete: str) -> list[str] | None:
    """Therapy ids for `msstem [--kb PATH] [--debug] COMMAND [ID ...] <incomplete>`, else None."""
    parsed = global_options(args)
    if parsed is None:
        return None
    kb, rest = parsed
    kb = kb or os.environ.get("MSSTEM_KB") or None
    if not rest or rest[0] not in ID_ARGUMENTS or incomplete.startswith("-"):
        return None
    command, given = rest[0], rest[1:]
    limit = ID_ARGUMENTS[command]
    if any(a.startswith("-") for a in given) or (limit is not None and len(given) >= limit):
        return None  # options or a full set of ids: Typer knows what comes next
    try:
        from .cache import therapy_ids

        known = therapy_ids(kb)
    except Exception:  # completion must never print an error into the shell
        return []
    return [t for t in known if t.startswith(incomplete)]  # as Typer filters: ids are lower case


# --help -------------------------------------------------------------------------------------


def help_request(args: list[str]) -> bool:
    """`msstem --help` or `msstem COMMAND --help` (or -h): text that only changes with msstem."""
    if len(args) == 1:
        return args[0] in ("--help", "-h")
    return len(args) == 2 and args[1] in ("--help", "-h") and args[0].replace("-", "").isalpha()


def _columns() -> int:
    """The terminal width as shutil.get_terminal_size() finds it (which Click uses), without
    importing shutil (3 ms: it imports the compression modules)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def help_text(args: list[str]) -> str | None:
    """The help text: kept from an earlier run, else Typer's, kept for the next run. None if
    there is no such command (Typer then says so, with its suggestions)."""
    import importlib.util

    from . import __version__
    from .cache import help_text as kept
    from .cache import store_help_text

    # Everything the text depends on: the command line, the width Click wraps to, and the code that
    # makes it (msstem's command modules, Typer, Python). One file a command line and width.
    width = max(min(_columns(), 80) - 2, 50)
    here = os.path.dirname(__file__)
    spec = importlib.util.find_spec("typer")
    sources = [os.path.join(here, f"{name}.py") for name in ("cli", "cli_explore", "cli_prepare")]
    sources += [spec.origin] if spec and spec.origin else []
    try:
        stamps = [(os.stat(f).st_size, os.stat(f).st_mtime_ns) for f in sources]
    except OSError:
        stamps = None
    slot = repr((args, width))
    key = repr((args, width, __version__, sys.version_info[:2], stamps))
    text = kept(slot, key) if stamps is not None else None
    if text is None:
        from .cli import help_text as typer_help

        text = typer_help(args[0] if len(args) == 2 else None)
        if text is not None and stamps is not None:
            store_help_text(slot, key, text)
    return text
