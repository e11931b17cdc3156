"""The project's exceptions and the exit codes the CLI turns them into."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_ERROR = 1  # a knowledge base that cannot be read or is invalid, or another runtime error
EXIT_USAGE = 2  # a usage error, including an unknown therapy id
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a knowledge base file."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


MAX_REPORTED = 50  # problems kept and listed; the rest are counted


class KnowledgeBaseError(Exception):
    """A knowledge base that cannot be read or is invalid: carries the problems found, the first
    MAX_REPORTED of them (`problems`) and how many there are in all (`total`)."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = tuple(problems[:MAX_REPORTED])
        self.total = max(total or 0, len(problems))
        super().__init__(self.summary())

    def summary(self) -> str:
        n = self.total
        head = f"the knowledge base has {n:,} problem{'s' if n != 1 else ''}"
        more = n - len(self.problems)
        tail = [f"  … and {more:,} more (fix these, then check again)"] if more else []
        return "\n".join([head, *(f"  {p}" for p in self.problems), *tail])


class Problems:
    """Problems as they are found: the first MAX_REPORTED kept, the others only counted, so that a
    file with a million mistakes needs no more memory to say so than a file with fifty."""

    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.total = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self.kept) < MAX_REPORTED:
            self.kept.append(problem)

    def counted(self) -> bool:
        """Once MAX_REPORTED are kept: count one more and say so, so that the caller need not make it."""
        if len(self.kept) < MAX_REPORTED:
            return False
        self.total += 1
        return True

    def __bool__(self) -> bool:
        return self.total > 0

    def error(self) -> KnowledgeBaseError:
        return KnowledgeBaseError(self.kept, self.total)
