"""A cache of parsed knowledge bases, so that most runs skip importing and running the YAML parser.

What is cached is the parsed plain data of a knowledge base that validated, and its line numbers,
never the model: validation still runs on every load. The cache is JSON (it cannot execute code
when read), keyed by the file's path, size and modification time and by the msstem and Python
versions. It is rebuilt silently when stale or unreadable, and never required: a read-only or
missing home folder only means no cache. MSSTEM_CACHE_DIR moves it; MSSTEM_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

Lines = Mapping[tuple[str | int, ...], int]
Parsed = tuple[Any, Lines]
FORMAT = 3


class LazyLines(Mapping[tuple[str | int, ...], int]):
    """Line numbers read from the cache only when something asks (an error message, the linter)."""

    def __init__(self, target: Path, key: str) -> None:
        self._target, self._key = target, key
        self._lines: dict[tuple[str | int, ...], int] | None = None

    def _load(self) -> dict[tuple[str | int, ...], int]:
        if self._lines is None:
            import json

            try:
                stored = json.loads(self._target.read_text(encoding="utf-8"))
                ok = isinstance(stored, dict) and stored.get("key") == self._key
                self._lines = {tuple(p): int(n) for p, n in stored["lines"]} if ok else {}
            except (OSError, ValueError, KeyError, TypeError):
                self._lines = {}  # line numbers are a help, not a need
        return self._lines

    def __getitem__(self, path: tuple[str | int, ...]) -> int:
        return self._load()[path]

    def __iter__(self) -> Iterator[tuple[str | int, ...]]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def cache_dir() -> Path | None:
    if os.environ.get("MSSTEM_NO_CACHE", "") not in ("", "0"):
        return None
    if explicit := os.environ.get("MSSTEM_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache" if Path.home() != Path("/") else None)
    return Path(base) / "msstem" if base else None


def _key(file: Path) -> str | None:
    from . import __version__

    try:
        stat = file.stat()
    except OSError:
        return None
    parts = (str(file.resolve()), stat.st_size, stat.st_mtime_ns, __version__, sys.version_info[:2], FORMAT)
    return repr(parts)


class Entry:
    """Where one knowledge base file's cache lives, keyed by what the file is now."""

    def __init__(self, file: Path) -> None:
        import zlib  # not hashlib, which costs 5 ms to import: the full key inside the file is what is checked

        folder, key = cache_dir(), _key(file)
        self.key = key
        self.data_file = self.lines_file = None
        if folder is not None and key is not None:
            stem = f"kb-{zlib.crc32(key.encode()):08x}"
            self.data_file, self.lines_file = folder / f"{stem}.json", folder / f"{stem}.lines.json"

    def lookup(self) -> Parsed | None:
        """The cached parse, when it is fresh and readable."""
        if self.data_file is None or self.lines_file is None or self.key is None:
            return None
        data = _read(self.data_file, self.key)
        return None if data is None else (data, LazyLines(self.lines_file, self.key))

    def store(self, data: Any, lines: Lines) -> None:
        """Keep the parse of a knowledge base that validated; failures to write are ignored."""
        if self.data_file is None or self.lines_file is None:
            return
        _write(self.lines_file, {"key": self.key, "lines": [[list(path), line] for path, line in lines.items()]})
        _write(self.data_file, {"key": self.key, "data": data})  # last: a data file means its lines exist


def _read(target: Path, key: str) -> Any | None:
    import json

    try:
        stored = json.loads(target.read_text(encoding="utf-8"), object_hook=_decode_date)
        if not isinstance(stored, dict) or stored.get("key") != key:
            return None
        return stored["data"]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, stale, corrupt or unreadable: parse again


def _write(target: Path, payload: dict[str, Any]) -> None:
    import json
    import tempfile

    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, default=_encode_date)
        os.replace(tmp, target)  # atomic: concurrent writers each replace the file whole
    except (OSError, ValueError, TypeError):
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


# YAML gives dates, which JSON lacks: a date is stored as {"$date": "2024-01-01"}. Only
# knowledge bases that validated are stored, and their mappings never have such a key, and
# whatever is read back is validated again anyway.


def _encode_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot cache {type(value).__name__}")


def _decode_date(value: dict[str, Any]) -> Any:
    if len(value) == 1:
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
    return value


def help_text(key: str) -> str | None:
    """Help text that Typer printed in an earlier run with this key (see entry.py)."""
    folder = cache_dir()
    if folder is None:
        return None
    text = _read(_help_file(folder, key), key)
    return text if isinstance(text, str) else None


def store_help_text(key: str, text: str) -> None:
    folder = cache_dir()
    if folder is not None:
        _write(_help_file(folder, key), {"key": key, "data": text})


def _help_file(folder: Path, key: str) -> Path:
    import zlib

    return folder / f"help-{zlib.crc32(key.encode()):08x}.json"


def therapy_ids(path: str | Path | None) -> list[str]:
    """The therapy ids of a knowledge base, for shell completion, which runs on every Tab press:
    from the cache when it is fresh (no YAML, no model), else from a full load."""
    from .paths import default_path

    file = Path(path) if path is not None else default_path()
    hit = Entry(file).lookup()
    if hit is None:
        from .loading import load_knowledge_base

        return list(load_knowledge_base(file).ids)  # and now it is cached
    data, _ = hit  # only a knowledge base that validated is cached, so its ids are sound
    return [t["id"] for t in data["therapies"]]
