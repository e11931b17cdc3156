"""The cache of validated knowledge bases (one SQLite database for each file's bytes): the same
knowledge base as the file gives, read record by record; rebuilt when stale, damaged or not to be
trusted; bounded; never required."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MINI
from msstem import load_knowledge_base
from msstem.cli.app import app
from msstem.kb import cache
from msstem.kb.cache import cache_dir
from msstem.kb.model import Records
from msstem.kb.search import Index


@pytest.fixture
def kb_file(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def cache_files() -> list[Path]:
    folder = cache_dir()
    assert folder is not None
    return sorted(folder.glob("kb-*.sqlite")) if folder.exists() else []


def from_cache(kb_file: Path) -> bool:
    """True when loading kb_file comes from the cache (its search index is the cache's database)."""
    return load_knowledge_base(kb_file).search_index is not None


def test_second_load_comes_from_the_cache_and_is_identical(kb_file: Path) -> None:
    first = load_knowledge_base(kb_file)
    assert first.search_index is None and len(cache_files()) == 1
    second = load_knowledge_base(kb_file)
    assert second.search_index is not None
    assert second == first  # every field of every record, in order
    assert second.therapies[0].last_reviewed == first.therapies[0].last_reviewed  # dates survive JSON
    assert second.trials_for("alpha") == first.trials_for("alpha")
    assert second.references_for("beta") == first.references_for("beta")
    assert second.criteria_sets == first.criteria_sets and second.names == first.names
    assert second.line("therapies[0].risks") == first.line("therapies[0].risks") > 1
    assert dict(second.lines) == dict(first.lines)


def test_the_database_is_private_and_holds_json_rows(kb_file: Path) -> None:
    load_knowledge_base(kb_file)
    [file] = cache_files()
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700
    with sqlite3.connect(file) as db:
        rows = db.execute("SELECT kind, id, data FROM records ORDER BY kind, position").fetchall()
    assert ("therapies", "alpha") in {(k, i) for k, i, _ in rows}
    assert json.loads(rows[0][2])  # JSON, never pickle


def test_records_are_built_one_at_a_time(kb_file: Path) -> None:
    load_knowledge_base(kb_file)
    kb = load_knowledge_base(kb_file)
    assert isinstance(kb.therapies, Records)
    assert kb.therapy("alpha") is not None
    assert kb.therapies._built[kb.therapies.ids.index("beta")] is None  # never asked for, never built


def damage_record(therapy_id: str, data: str) -> None:
    [file] = cache_files()
    with sqlite3.connect(file) as db:
        db.execute("UPDATE records SET data = ? WHERE kind = 'therapies' AND id = ?", (data, therapy_id))


@pytest.mark.parametrize("data", ["{not json", '{"id": 5}', "[" * 5000 + "]" * 5000, '"text"'])
def test_a_damaged_record_is_read_from_the_file_and_the_cache_dropped(kb_file: Path, data: str) -> None:
    expected = load_knowledge_base(kb_file)
    damage_record("beta", data)
    kb = load_knowledge_base(kb_file)
    assert kb.therapy("beta") == expected.therapy("beta")
    assert cache_files() == []  # dropped, and written again by the next load
    load_knowledge_base(kb_file)
    assert len(cache_files()) == 1


COMMANDS = [
    ["list"], ["list", "-f", "json"], ["list", "-f", "table"], ["compare", "--all"],
    ["explain", "beta", "-f", "markdown"], ["explain", "alpha", "--json"], ["search", "fever"], ["glossary"],
    ["trials"], ["sources"], ["criteria"], ["questions"], ["clinic-check"], ["handout", "alpha", "beta"], ["lint"],
]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_shows_the_same_from_the_cache(args: list[str], kb_file: Path) -> None:
    runner = CliRunner()
    uncached = runner.invoke(app, ["--kb", str(kb_file), *args], env={"MSSTEM_NO_CACHE": "1"})
    runner.invoke(app, ["--kb", str(kb_file), "list"])  # fills the cache
    assert from_cache(kb_file)
    cached = runner.invoke(app, ["--kb", str(kb_file), *args])
    assert cached.exit_code == uncached.exit_code
    assert cached.stdout == uncached.stdout
    assert cached.stderr == uncached.stderr


def test_a_same_size_edit_that_keeps_the_time_stamps_shows_the_new_text(kb_file: Path) -> None:
    load_knowledge_base(kb_file)
    before = os.stat(kb_file)
    text = kb_file.read_text(encoding="utf-8")
    assert "about 1 in 10" in text
    kb_file.write_text(text.replace("about 1 in 10", "about 9 in 10"), encoding="utf-8")
    os.utime(kb_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(kb_file).st_size == before.st_size
    assert any(r.how_often == "about 9 in 10" for r in load_knowledge_base(kb_file).therapy("alpha").risks)


@pytest.mark.parametrize("content", [b"", b"{not a database", b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_corrupt_cache_is_rebuilt_silently(kb_file: Path, content: bytes) -> None:
    load_knowledge_base(kb_file)
    [file] = cache_files()
    file.write_bytes(content)
    assert load_knowledge_base(kb_file).version == "test-1"
    assert from_cache(kb_file)  # written again
    assert len(cache_files()) == 1


def test_a_cache_that_is_not_a_regular_file_is_ignored(kb_file: Path, tmp_path: Path) -> None:
    load_knowledge_base(kb_file)
    [file] = cache_files()
    file.unlink()
    os.mkfifo(file)  # reading a FIFO would hang every run
    assert load_knowledge_base(kb_file).version == "test-1"
    file.unlink()
    other = tmp_path / "elsewhere.sqlite"
    load_knowledge_base(kb_file)
    [file] = cache_files()
    file.rename(other)
    file.symlink_to(other)  # a link could point anywhere: /dev/zero, another user's file
    assert not cache._trusted(file)
    assert load_knowledge_base(kb_file).version == "test-1"


def test_a_cache_of_another_user_is_not_trusted(kb_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_knowledge_base(kb_file)
    [file] = cache_files()
    assert cache._trusted(file)
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(file).st_uid + 1)
    assert not cache._trusted(file)
    assert load_knowledge_base(kb_file).search_index is None  # read from the file, not the planted cache


def test_an_invalid_knowledge_base_is_never_cached(kb_file: Path) -> None:
    kb_file.write_text(kb_file.read_text(encoding="utf-8").replace('version: "test-1"', "version: 1.0"), "utf-8")
    from msstem import KnowledgeBaseError

    for _ in range(2):  # parsed each time, with line numbers each time
        with pytest.raises(KnowledgeBaseError, match=r"kb.yaml:3: version: expected text"):
            load_knowledge_base(kb_file)
    assert cache_files() == []


def test_old_caches_are_pruned_and_stale_temporary_files_removed(kb_file: Path) -> None:
    text = kb_file.read_text(encoding="utf-8")
    folder = cache_dir()
    assert folder is not None
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / ".kb-left-by-a-killed-run.tmp"
    stale.write_bytes(b"x" * 100)
    os.utime(stale, (1, 1))
    fresh = folder / ".kb-being-written.tmp"
    fresh.write_bytes(b"x")
    for i in range(cache.MAX_FILES + 4):
        kb_file.write_text(text.replace('version: "test-1"', f'version: "test-{i}"'), encoding="utf-8")
        load_knowledge_base(kb_file)
    assert len(cache_files()) == cache.MAX_FILES
    assert not stale.exists() and fresh.exists()


def test_unwritable_cache_folder_still_works(kb_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("MSSTEM_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert load_knowledge_base(kb_file).version == "test-1"


def test_read_only_home_still_works(kb_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.write_text("a file where the home folder should be: nothing can be created in it", encoding="utf-8")
    monkeypatch.delenv("MSSTEM_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))  # (a chmod would not stop root, who runs CI here)
    assert load_knowledge_base(kb_file).version == "test-1"
    assert not (tmp_path / "home").is_dir()


def test_no_home_and_no_passwd_entry_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MSSTEM_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert cache_dir() is None


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MSSTEM_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir() == tmp_path / ".cache" / "msstem"


@pytest.mark.parametrize(("value", "off"), [("1", True), ("yes", True), ("0", False), ("no", False), ("off", False)])
def test_no_cache_when_turned_off(kb_file: Path, monkeypatch: pytest.MonkeyPatch, value: str, off: bool) -> None:
    monkeypatch.setenv("MSSTEM_NO_CACHE", value)
    assert (cache_dir() is None) is off
    assert load_knowledge_base(kb_file).version == "test-1"


def test_concurrent_writers_leave_a_whole_file(kb_file: Path) -> None:
    errors: list[BaseException] = []

    def load() -> None:
        try:
            for _ in range(5):
                assert load_knowledge_base(kb_file).version == "test-1"
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(cache_files()) == 1
    assert from_cache(kb_file)
    assert not list(cache_files()[0].parent.glob("*.tmp"))


def test_search_uses_the_cached_full_text_table(kb_file: Path) -> None:
    uncached = Index(load_knowledge_base(kb_file))
    index = Index(load_knowledge_base(kb_file))
    assert index.db is not None and uncached.db is None
    for query in ("cells", "fever", "haematopoietic", "relapes", "chemo", "zebra"):
        fts, memory = index.search(query, limit=1000), uncached.search(query, limit=1000)
        # The same hits, places in the same order; within a place FTS5 ranks by bm25.
        assert sorted((h.where, h.field, h.snippet, h.marks) for h in fts[0]) == sorted(
            (h.where, h.field, h.snippet, h.marks) for h in memory[0]
        ), query
        assert [h.score for h in fts[0]] == sorted((h.score for h in memory[0]), reverse=True)
        assert fts[1] == memory[1]


def test_search_works_without_fts5(kb_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_execute = sqlite3.Connection.execute

    def no_fts5(db: sqlite3.Connection, sql: str, *args: object) -> sqlite3.Cursor:
        if "fts5" in sql:
            raise sqlite3.OperationalError("no such module: fts5")
        return real_execute(db, sql, *args)

    monkeypatch.setattr(sqlite3, "connect", _wrapped_connect(no_fts5))
    load_knowledge_base(kb_file)  # stored without a full-text table
    kb = load_knowledge_base(kb_file)
    assert kb.search_index is not None
    index = Index(kb)
    assert index.db is None  # built in memory instead
    hits, total = index.search("fever")
    assert total == 1 and hits[0].where == "Alpha"


def _wrapped_connect(execute):  # type: ignore[no-untyped-def]
    real_connect = sqlite3.connect

    class Connection(sqlite3.Connection):
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            return execute(super(), sql, *args) if False else _call(execute, self, sql, *args)

    def _call(fn, db, sql, *args):  # type: ignore[no-untyped-def]
        return fn(db, sql, *args)

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        return real_connect(*args, factory=Connection, **kwargs)  # type: ignore[misc]

    return connect
