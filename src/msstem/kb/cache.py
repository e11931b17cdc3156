"""The cache: each knowledge base that validated, kept in one SQLite database, so that most runs
skip YAML and validation, and `explain` reads only the records it shows.

The database is named by the SHA-256 of the file's bytes and of the code that reads them (CODE),
and msstem's version: other bytes are another name, so a stale cache can never be served, whatever
the file's size or time stamps.
Records are JSON rows read one at a time by position or id (JSON cannot run code when read; no
pickle). A database is written in one transaction to a temporary file that is then renamed
(removed if the run is ended first: tempfiles.py); it is created 0600 in a 0700 folder, and a
folder that others can write to is not used at all. A database that is not a regular file, not the
user's own, that fails to open or to check, or whose record is not the one its row names is
ignored and rebuilt; the oldest are pruned beyond MAX_FILES. The cache is never required: no home
folder, a read-only one, MSSTEM_NO_CACHE=1 or a failed write only mean no cache.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from msstem.kb.model import TAGS, KnowledgeBase, Records, plain_data

# The modules that decide what is stored and what validation accepts: a change to any of them is
# another cache, even without a new version (as while developing, or with a patched install).
CODE = ("model.py", "vocabulary.py", "fields.py", "load.py", "cache.py", "search.py", "chars.py")
MAX_FILES = 8  # databases kept; the least recently used go first

# What reading a damaged or unexpected cache can raise: the file is then read instead.
DAMAGED = (OSError, KeyError, TypeError, ValueError, IndexError, RecursionError, AttributeError)


def cache_dir() -> Path | None:
    """$MSSTEM_CACHE_DIR, else $XDG_CACHE_HOME/msstem (if absolute, as the XDG spec says), else
    ~/.cache/msstem; None when turned off or when there is no home folder (or only a relative one)."""
    from msstem.kb.paths import flag

    if flag("MSSTEM_NO_CACHE"):
        return None
    if explicit := os.environ.get("MSSTEM_CACHE_DIR"):
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "msstem"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry
        return None
    return home / ".cache" / "msstem" if home.is_absolute() and home != Path("/") else None


def _database(raw: bytes) -> Path | None:
    import hashlib

    from msstem.version import __version__

    folder = cache_dir()
    if folder is None or not _private(folder):
        return None
    digest = hashlib.sha256(raw)
    here = Path(__file__).parent
    try:
        for name in CODE:
            digest.update((here / name).read_bytes())
    except OSError:  # (an install without its source files: no cache)
        return None
    return folder / f"kb-{digest.hexdigest()[:40]}-{__version__}.sqlite"


def _private(folder: Path) -> bool:
    """A folder that only this user can change, or none yet (it is made 0700): in a folder others
    can write to, a file could be swapped between the check of it and the read."""
    if not hasattr(os, "geteuid"):  # (no owners or modes to check on Windows)
        return True
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o022


def _trusted(path: Path) -> bool:
    """A regular file of this user's, not a link, a device or a pipe (which could hang a run)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    owner_ok = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    return stat.S_ISREG(info.st_mode) and owner_ok


def load(raw: bytes, name: str, reload: Callable[[], KnowledgeBase]) -> KnowledgeBase | None:
    """The knowledge base kept for these bytes, built as it is used; None if there is none usable.
    `reload` reads the bytes instead: for line numbers, and for a record found damaged later."""
    path = _database(raw)
    if path is None or not _trusted(path):
        return None
    import sqlite3

    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        kb = _read(db, path, name, reload)
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        return kb
    except (sqlite3.Error, *DAMAGED):
        db.close()
        _discard(path)
        return None


def _read(db: Any, path: Path, name: str, reload: Callable[[], KnowledgeBase]) -> KnowledgeBase:
    import json
    import sqlite3

    from msstem.kb.fields import from_cache, spec_of

    meta = dict(db.execute("SELECT key, value FROM meta"))
    small = json.loads(meta["small"])

    def records(kind: str) -> Records[Any]:
        rows = db.execute("SELECT id, tags FROM records WHERE kind = ? ORDER BY position", (kind,)).fetchall()
        [record_type] = spec_of(KnowledgeBase, kind).type.__args__

        def build(position: int) -> Any:
            try:
                [(data,)] = db.execute(
                    "SELECT data FROM records WHERE kind = ? AND position = ?", (kind, position)
                ).fetchall()
                record = from_cache(record_type, json.loads(data))
                if record.id != rows[position][0] or list(TAGS[kind](record)) != json.loads(rows[position][1]):
                    raise ValueError("a record that is not the one its row names")  # (would redirect an id)
                return record
            except (sqlite3.Error, *DAMAGED):
                _discard(path)  # and read this one record from the file's bytes instead
                return getattr(reload(), kind)[position]

        return Records([r[0] for r in rows], [tuple(json.loads(r[1])) for r in rows], build)

    whole = {key: from_cache(spec_of(KnowledgeBase, key).type, small[key]) for key in SMALL}
    return KnowledgeBase(
        **whole,
        **{kind: records(kind) for kind in RECORDS},
        source=name,
        lines=_LazyLines(lambda: reload().lines),
        search_index=_SearchIndex(db),
    )


# The parts of a knowledge base kept whole (the records are kept one a row).
SMALL = ("version", "evidence_stages", "glossary", "clinic_checks", "general_questions", "support")
RECORDS = tuple(TAGS)  # therapies, trials, references, criteria sets


class _LazyLines(Mapping[Any, int]):
    """Line numbers, which only the linter and error messages need: read from the file's bytes
    again when something asks, not kept in the cache."""

    def __init__(self, read: Callable[[], Mapping[Any, int]]) -> None:
        self._read = read
        self._lines: Mapping[Any, int] | None = None

    def _all(self) -> Mapping[Any, int]:
        if self._lines is None:
            self._lines = self._read()
        return self._lines

    def __getitem__(self, path: Any) -> int:
        return self._all()[path]

    def __iter__(self) -> Any:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class _SearchIndex:
    """The cache's open database, for search.py to query its full-text table."""

    def __init__(self, db: Any) -> None:
        self.db = db


def store(raw: bytes, kb: KnowledgeBase) -> None:
    """Keep a knowledge base that validated, with its search index; a failure to write is ignored."""
    path = _database(raw)
    if path is None:
        return
    import json
    import sqlite3

    from msstem.kb.search import fill_index
    from msstem.kb.tempfiles import temporary

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with temporary(str(path.parent), ".kb-") as (fd, tmp):  # 0600; removed if the run ends first
            os.close(fd)
            db = sqlite3.connect(tmp)
            try:
                with db:  # one transaction
                    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                    db.execute(
                        "CREATE TABLE records (kind TEXT, position INTEGER, id TEXT, tags TEXT, data TEXT,"
                        " PRIMARY KEY (kind, position))"
                    )
                    small = {key: plain_data(getattr(kb, key)) for key in SMALL}
                    db.execute("INSERT INTO meta VALUES ('small', ?)", (json.dumps(small, ensure_ascii=False),))
                    for kind in RECORDS:
                        db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?)", _rows(kind, getattr(kb, kind)))
                    fill_index(db, kb)
            finally:
                db.close()
            os.replace(tmp, path)  # atomic: concurrent writers each replace the file whole
        prune(path.parent)
    except (OSError, sqlite3.Error, UnicodeEncodeError):  # (a lone surrogate cannot be stored: no cache)
        pass


def _rows(kind: str, records: Records[Any]) -> Any:
    import json

    for i, record in enumerate(records):
        tags = json.dumps(list(records.tags[i]))
        yield kind, i, record.id, tags, json.dumps(plain_data(record), ensure_ascii=False)


def prune(folder: Path) -> None:
    """Keep the MAX_FILES most recently used databases; remove temporary files left by a process
    that was killed."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    from msstem.kb.tempfiles import stale

    kept = []
    for entry in entries:
        with contextlib.suppress(OSError):
            if entry.name.startswith(".kb-") and entry.name.endswith(".tmp"):
                if stale(entry.path):
                    os.unlink(entry.path)
            elif entry.name.startswith("kb-") and entry.name.endswith(".sqlite"):
                kept.append((entry.stat(follow_symlinks=False).st_mtime, entry.path))
    for _, old in sorted(kept, reverse=True)[MAX_FILES:]:
        with contextlib.suppress(OSError):
            os.unlink(old)


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
