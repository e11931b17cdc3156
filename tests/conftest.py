from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
TODAY = "2024-06-01"


@pytest.fixture(autouse=True)
def pinned_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test sees the same terminal: no colour, 100 columns, no msstem settings."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERMINAL_WIDTH", "100")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    for name in ("FORCE_COLOR", "GITHUB_ACTIONS", "TERM", "ACCESSIBLE", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    for name in [n for n in __import__("os").environ if n.startswith("MSSTEM_")]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MSSTEM_TODAY", TODAY)
    monkeypatch.setenv(
        "MSSTEM_CACHE_DIR", str(tmp_path_factory.mktemp("cache"))
    )  # never the user's cache  # before the fixture's review dates; tests that need another day set it


def mini_data() -> dict[str, Any]:
    """The fixture knowledge base as plain data, to mutate in a test."""
    return yaml.safe_load(MINI.read_text(encoding="utf-8"))


@pytest.fixture
def write_kb(tmp_path: Path):
    """Write data (a mapping, dumped as YAML) or raw text to a file and return its path."""

    def write(content: Any, name: str = "kb.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return write
