"""Where the knowledge base shipped with msstem lives, and how msstem reads its on/off settings."""

from __future__ import annotations

import os
from pathlib import Path

FALSE_WORDS = ("", "0", "false", "no", "off", "n", "f")


def flag(name: str) -> bool:
    """An on/off environment variable (MSSTEM_DEBUG, MSSTEM_NO_CACHE): on unless unset, empty,
    0, false, no or off."""
    return os.environ.get(name, "").strip().lower() not in FALSE_WORDS


def default_path() -> Path:
    """The knowledge base shipped with msstem: inside the wheel, or the checkout's data/."""
    packaged = Path(__file__).parents[1] / "data" / "therapies.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / "therapies.yaml"
