"""The cache: validated knowledge bases kept so that most runs skip YAML and validation, and the
help text of entry.py.

A knowledge base is kept in one file: a header line of JSON, then one JSON segment a record, each
with its place and checksum in the header (stored.py says what goes where). JSON cannot execute
code when read. The key, checked inside the file, holds the file's path, size and modification
time, the msstem and Python versions and the modules that write and read it; a stale, damaged or
unreadable cache is rebuilt silently, and it is never required: a read-only or missing home
folder only means no cache. MSSTEM_CACHE_DIR moves it; MSSTEM_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO, Any

FORMAT = 4
Span = tuple[int, int, int]  # start and end in the body, CRC-32 of the bytes


def cache_dir() -> Path | None:
    if os.environ.get("MSSTEM_NO_CACHE", "") not in ("", "0"):
        return None
    if explicit := os.environ.get("MSSTEM_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache" if Path.home() != Path("/") else None)
    return Path(base) / "msstem" if base else None


def _key(file: Path) -> str | None:
    from . import __version__

    here = Path(__file__).parent
    try:
        stat = file.stat()
        # The code that shapes what is kept: a module that changes validation or what is stored
        # belongs here, so that a change to it (even without a new version) rebuilds the cache.
        writers = ("cache", "stored", "model", "loading", "search")
        code = [os.stat(here / f"{name}.py").st_mtime_ns for name in writers]
    except OSError:
        return None
    parts = (str(file.resolve()), stat.st_size, stat.st_mtime_ns, __version__, sys.version_info[:2], FORMAT, code)
    return repr(parts)


def _name(prefix: str, text: str) -> str:
    import zlib  # not hashlib, which costs 5 ms to import: the full key inside the file is what is checked

    return f"{prefix}-{zlib.crc32(text.encode()):08x}"


class Entry:
    """Where one knowledge base file's cache lives (one file for each knowledge base file, replaced
    when it changes), and the key that says whether it is fresh."""

    def __init__(self, file: Path) -> None:
        folder, self.key, self.file = cache_dir(), _key(file), file
        self.path = None
        if folder is not None and self.key is not None:
            self.path = folder / f"{_name('kb', str(file.resolve()))}.cache"

    def open(self) -> Reader | None:
        """The cache, when it is fresh and whole; else None."""
        if self.path is None or self.key is None:
            return None
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 (the reader keeps it open to read segments)
        except OSError:
            return None
        try:
            header = _checked_header(handle.readline())
            body = handle.tell()
            whole = os.fstat(handle.fileno()).st_size == body + header["size"]
            if header.get("key") == self.key and whole:
                return Reader(self, handle, header, body)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        handle.close()
        return None

    def store(self, header: dict[str, Any], segments: list[Any]) -> None:
        """Write header and segments as one file, atomically; failures to write are ignored."""
        if self.path is None:
            return
        import json
        import zlib

        parts, spans, size = [], [], 0
        for segment in segments:
            raw = json.dumps(segment, ensure_ascii=False, separators=(",", ":")).encode()
            parts.append(raw)
            spans.append((size, size + len(raw), zlib.crc32(raw)))
            size += len(raw)
        header = {"key": self.key, "format": FORMAT, "size": size, **header, "spans": spans}
        raw = json.dumps(header, ensure_ascii=False).encode()
        _write(self.path, [f"{zlib.crc32(raw):08x} ".encode(), raw, b"\n", *parts])
        for old in self.path.parent.glob("kb-*.json"):  # the files of msstem 0.1's first cache
            with contextlib.suppress(OSError):
                old.unlink()

    def unchanged(self) -> bool:
        """True while the knowledge base file is still what it was when this entry was made."""
        return self.key is not None and _key(self.file) == self.key

    def discard(self) -> None:
        if self.path is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()


def _checked_header(line: bytes) -> dict[str, Any]:
    """The header line: the CRC-32 of its JSON in hex, a space, the JSON. ValueError if damaged."""
    import json
    import zlib

    crc, raw = line[:8], line[9:].rstrip(b"\n")
    if line[8:9] != b" " or int(crc, 16) != zlib.crc32(raw):
        raise ValueError("damaged cache header")
    header = json.loads(raw)
    if not isinstance(header, dict):
        raise ValueError("damaged cache header")
    return header


class Reader:
    """An open, fresh cache file: its header, and its segments read one at a time."""

    def __init__(self, entry: Entry, handle: IO[bytes], header: dict[str, Any], body: int) -> None:
        self.entry, self.header, self._handle, self._body = entry, header, handle, body
        self.spans: list[Span] = header["spans"]

    def segment(self, span: Span) -> Any:
        """One segment's data; ValueError if it is damaged."""
        import json
        import zlib

        start, end, crc = span
        self._handle.seek(self._body + start)
        raw = self._handle.read(end - start)
        if zlib.crc32(raw) != crc:
            raise ValueError("damaged cache segment")
        return json.loads(raw)

    def discard(self) -> None:
        self.entry.discard()


def _write(target: Path, parts: list[bytes]) -> None:
    import tempfile

    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(parts)
        os.replace(tmp, target)  # atomic: concurrent writers each replace the file whole
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def help_text(slot: str, key: str) -> str | None:
    """Help text that Typer printed in an earlier run with this key (see entry.py). One file a
    slot (the command line and width), so an upgrade replaces files rather than adding them."""
    import json

    folder = cache_dir()
    if folder is None:
        return None
    try:
        stored = json.loads((folder / f"{_name('help', slot)}.json").read_bytes())
        return stored["text"] if stored["key"] == key and isinstance(stored["text"], str) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_help_text(slot: str, key: str, text: str) -> None:
    import json

    folder = cache_dir()
    if folder is not None:
        _write(folder / f"{_name('help', slot)}.json", [json.dumps({"key": key, "text": text}).encode()])


_ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


def therapy_ids(path: str | Path | None) -> list[str]:
    """The therapy ids of a knowledge base, for shell completion, which runs on every Tab press:
    from the cache's header when it is fresh (no YAML, no model), else from a full load."""
    from .paths import default_path

    file = Path(path) if path is not None else default_path()
    reader = Entry(file).open()
    if reader is None:
        from .loading import load_knowledge_base

        return list(load_knowledge_base(file).ids)  # and now it is cached
    ids = [row[0] for row in reader.header["therapies"]]
    # Only ids as the loader allows them reach a shell, whatever is in the cache file.
    return [i for i in ids if isinstance(i, str) and i[:1].isalnum() and _ID_CHARACTERS.issuperset(i)]
