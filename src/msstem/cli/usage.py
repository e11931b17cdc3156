"""How msstem's command line talks to its users, as git and gh do: `msstem help [COMMAND]`, one
error line with at most one hint, the nearest command for an unknown one, and each command's
output options under their own heading in its help.

Typer's help panels (`rich_help_panel`) are drawn only in its Rich help mode, which costs about
75 ms on every `--help`; here the same declarations are honoured by Click's plain help.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from msstem.cli.common import UsageProblem, click_errors

# Words people try for a command, as the command msstem has (typos are found by spelling).
OTHER_WORDS = {
    "ls": "list", "all": "list", "therapies": "list",
    "show": "explain", "info": "explain", "describe": "explain", "details": "explain", "about": "explain",
    "vs": "compare", "diff": "compare", "versus": "compare",
    "find": "search", "grep": "search", "lookup": "search",
    "dictionary": "glossary", "terms": "glossary", "words": "glossary", "meaning": "glossary",
    "references": "sources", "refs": "sources", "bibliography": "sources", "citations": "sources",
    "papers": "sources", "studies": "trials", "eligibility": "criteria", "eligible": "criteria",
    "checklist": "clinic-check", "clinic": "clinic-check", "ask": "questions", "print": "handout",
    "man": "help", "usage": "help",
}  # fmt: skip


def unknown_command(name: str, commands: list[str], ctx: typer.Context) -> UsageProblem:
    """No command of that name: the nearest one, by meaning or by spelling, or the command for a
    therapy or a term of that name ('msstem ahsct'), in one hint."""
    word = name.casefold()
    if word in ("version", "-v", "-version"):
        return UsageProblem(f"no command called '{name}'.", "For msstem's version: msstem --version", ctx)
    nearest = OTHER_WORDS.get(word) or next(iter(difflib.get_close_matches(word, commands, n=1, cutoff=0.7)), None)
    hint = f"Did you mean 'msstem {nearest}'?" if nearest in commands else _named(name, ctx)
    return UsageProblem(f"no command called '{name}'.", hint or "See the commands: msstem help", ctx)


def _named(name: str, ctx: typer.Context) -> str | None:
    """'msstem ahsct': the command for the therapy or term of that name, if the knowledge base has one."""
    from msstem.kb.load import load_knowledge_base

    try:
        kb = load_knowledge_base(ctx.find_root().params.get("kb"))
    except Exception:  # a hint is not worth a second error
        return None
    if kb.therapy(name) is not None:
        return f"To read about it: msstem explain {name}"
    return f"To look it up: msstem glossary {name}" if kb.term(name) is not None else None


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Click's usage errors (Usage, Try and Error lines) become msstem's: one line and a hint."""
    try:
        yield
    except click_errors.UsageError as exc:
        if isinstance(exc, (UsageProblem, click_errors.NoArgsIsHelpError)):  # ours, or the help itself
            raise
        raise UsageProblem.from_click(exc) from None


class Group(TyperGroup):
    """The msstem app: errors in one line and a hint; an unknown command gets the nearest one."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        with one_line_errors():
            return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: typer.Context) -> Any:
        with one_line_errors():
            return super().invoke(ctx)

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if self.get_command(ctx, name) is None and not ctx.resilient_parsing and not name.startswith("-"):
            raise unknown_command(name, list(self.commands), ctx)
        return super().resolve_command(ctx, args)


class Command(TyperCommand):
    """A command whose help lists options under the heading their declaration names
    (`rich_help_panel`, such as "Output options"), after its own options."""

    def format_options(self, ctx: typer.Context, formatter: Any) -> None:
        sections: dict[str, list[tuple[str, str]]] = {"Arguments": [], "Options": []}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            panel = getattr(param, "rich_help_panel", None)
            name = "Arguments" if param.param_type_name == "argument" else panel or "Options"
            sections.setdefault(name, []).append(record)
        for name, records in sections.items():
            if records:
                with formatter.section(name):
                    formatter.write_dl(records)


def help_cmd(
    ctx: typer.Context,
    command: Annotated[
        Optional[list[str]],
        typer.Argument(metavar="[COMMAND]", help="A command, e.g. explain.", show_default=False),
    ] = None,
) -> None:
    """Show help for msstem, or for one command (the same as msstem COMMAND --help).

    Example: msstem help explain
    """
    root = ctx.find_root()
    group = root.command
    assert isinstance(group, TyperGroup)
    if not command:
        typer.echo(root.get_help())
        return
    if len(command) > 1:
        raise UsageProblem(f"help takes one command, not {len(command)}.", "For example: msstem help explain")
    [name] = command
    found = group.get_command(root, name)
    if found is None:
        raise unknown_command(name, list(group.commands), root)
    typer.echo(found.get_help(typer.Context(found, info_name=name, parent=root)))
