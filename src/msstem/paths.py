"""Where the knowledge base shipped with msstem lives."""

from __future__ import annotations

from pathlib import Path


def default_path() -> Path:
    """The knowledge base shipped with msstem: inside the wheel, or the checkout's data/."""
    packaged = Path(__file__).parent / "data" / "therapies.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "therapies.yaml"
