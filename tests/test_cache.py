"""The cache of validated knowledge bases: the same knowledge base as the file gives, read entry by
entry; rebuilt when stale or damaged; never required."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MINI
from msstem import load_knowledge_base
from msstem.cache import Entry, cache_dir, therapy_ids
from msstem.cli import app
from msstem.model import Records


@pytest.fixture
def kb_file(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def cache_files() -> list[Path]:
    folder = cache_dir()
    assert folder is not None
    return sorted(folder.glob("kb-*.cache")) if folder.exists() else []


def test_second_load_comes_from_the_cache_and_is_identical(kb_file: Path) -> None:
    first = load_knowledge_base(kb_file)
    assert len(cache_files()) == 1
    assert Entry(kb_file).open() is not None
    second = load_knowledge_base(kb_file)
    assert second == first  # every field of every record, in order
    assert second.therapies[0].last_reviewed == first.therapies[0].last_reviewed  # dates survive JSON
    assert second.trials_for("alpha") == first.trials_for("alpha")
    assert second.references_for("beta") == first.references_for("beta")
    assert second.line("therapies[0].risks") == first.line("therapies[0].risks") > 1
    assert dict(second.lines) == dict(first.lines)
    assert second.search_index is not None and second.search_index() is not None  # search reads it, too


def damage(segment_of: str) -> None:
    """Change one byte inside the stored record of a therapy, keeping the file's size."""
    [file] = cache_files()
    raw = bytearray(file.read_bytes())
    at = raw.index(f'{{"id":"{segment_of}"'.encode(), raw.index(b"\n")) + 8
    raw[at] = ord("X")
    file.write_bytes(bytes(raw))


def test_one_entry_is_read_without_reading_the_others(kb_file: Path) -> None:
    load_knowledge_base(kb_file)
    damage("beta")
    kb = load_knowledge_base(kb_file)
    assert isinstance(kb.therapies, Records)
    assert kb.therapy("alpha") is not None and kb.therapy("alpha").name == "Alpha cell therapy"
    assert cache_files(), "beta's damaged record was never read, so the cache was kept"


def test_a_damaged_record_is_read_from_the_file_and_the_cache_dropped(kb_file: Path) -> None:
    expected = load_knowledge_base(kb_file)
    damage("beta")
    kb = load_knowledge_base(kb_file)
    assert kb.therapy("beta") == expected.therapy("beta")
    assert cache_files() == []  # dropped, and written again by the next load
    load_knowledge_base(kb_file)
    assert len(cache_files()) == 1


COMMANDS = [
    ["list"], ["list", "-f", "json"], ["list", "-f", "table"], ["compare", "--all"],
    ["explain", "beta", "-f", "markdown"], ["explain", "alpha", "--json"], ["search", "cells"], ["glossary"],
    ["trials"], ["sources"], ["criteria"], ["questions"], ["clinic-check"], ["handout", "alpha", "beta"], ["lint"],
]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_shows_the_same_from_the_cache(args: list[str], kb_file: Path) -> None:
    runner = CliRunner()
    uncached = runner.invoke(app, ["--kb", str(kb_file), *args], env={"MSSTEM_NO_CACHE": "1"})
    runner.invoke(app, ["--kb", str(kb_file), "list"])  # fills the cache
    assert Entry(kb_file).open() is not None
    cached = runner.invoke(app, ["--kb", str(kb_file), *args])
    assert cached.exit_code == uncached.exit_code
    assert cached.stdout == uncached.stdout
    assert cached.stderr == uncached.stderr


def test_a_truncated_cache_is_not_used(kb_file: Path) -> None:
    load_knowledge_base(kb_file)
    [file] = cache_files()
    file.write_bytes(file.read_bytes()[:-10])
    assert Entry(kb_file).open() is None
    assert load_knowledge_base(kb_file).version == "test-1"
    assert Entry(kb_file).open() is not None  # written again


def test_a_changed_file_is_parsed_again(kb_file: Path) -> None:
    load_knowledge_base(kb_file)
    kb_file.write_text(kb_file.read_text(encoding="utf-8").replace("Alpha cell therapy", "Alpha changed"), "utf-8")
    os.utime(kb_file, ns=(1, 1))  # a different mtime even on coarse clocks
    assert load_knowledge_base(kb_file).therapies[0].name == "Alpha changed"


def test_a_corrupt_cache_is_rebuilt_silently(kb_file: Path) -> None:
    load_knowledge_base(kb_file)
    for f in cache_files():
        f.write_text("{not json", encoding="utf-8")
    assert load_knowledge_base(kb_file).version == "test-1"
    assert Entry(kb_file).open() is not None  # written again
    assert len(cache_files()) == 1  # the same file, replaced


def test_an_invalid_knowledge_base_is_never_cached(kb_file: Path) -> None:
    kb_file.write_text(kb_file.read_text(encoding="utf-8").replace('version: "test-1"', "version: 1.0"), "utf-8")
    from msstem import KnowledgeBaseError

    for _ in range(2):  # parsed each time, with line numbers each time
        with pytest.raises(KnowledgeBaseError, match=r"kb.yaml:3: version: expected text"):
            load_knowledge_base(kb_file)
    assert cache_files() == []


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


def test_no_cache_when_turned_off(kb_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSSTEM_NO_CACHE", "1")
    assert cache_dir() is None
    assert load_knowledge_base(kb_file).version == "test-1"


def test_concurrent_writers_leave_a_whole_file(kb_file: Path) -> None:
    errors: list[BaseException] = []

    def load() -> None:
        try:
            for _ in range(5):
                assert load_knowledge_base(kb_file).version == "test-1"
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    for f in cache_files():
        f.unlink()
    threads = [threading.Thread(target=load) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(cache_files()) == 1
    assert Entry(kb_file).open() is not None
    assert not list(cache_files()[0].parent.glob("*.tmp"))


def test_completion_ids_from_the_cache(kb_file: Path) -> None:
    assert therapy_ids(kb_file) == ["alpha", "beta"]  # first: parsed, and cached
    assert therapy_ids(kb_file) == ["alpha", "beta"]  # then: from the cache


def test_search_reads_the_index_kept_in_the_cache(kb_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from msstem import search

    expected = search.Index(load_knowledge_base(kb_file)).search("cells")  # built, then kept
    monkeypatch.setattr(search, "index_data", lambda kb: pytest.fail("the index was built again"))
    assert search.Index(load_knowledge_base(kb_file)).search("cells") == expected


def test_a_damaged_search_index_is_built_again_from_the_model(kb_file: Path) -> None:
    from msstem.search import Index

    expected = Index(load_knowledge_base(kb_file)).search("cells")
    [file] = cache_files()
    raw = bytearray(file.read_bytes())
    at = raw.index(b'"postings"', raw.index(b"\n"))
    raw[at + 1] = ord("X")
    file.write_bytes(bytes(raw))
    assert Index(load_knowledge_base(kb_file)).search("cells") == expected
    assert cache_files() == []  # dropped, to be written whole by the next load


def test_a_damaged_header_is_not_used(kb_file: Path) -> None:
    load_knowledge_base(kb_file)
    [file] = cache_files()
    raw = bytearray(file.read_bytes())
    at = raw.index(b'"version"')  # in the header
    raw[at + 12] = ord("X")  # same size, so only the checksum can tell
    file.write_bytes(bytes(raw))
    assert Entry(kb_file).open() is None
    assert load_knowledge_base(kb_file).version == "test-1"


def test_a_record_damaged_after_the_file_changed_is_a_clear_error(kb_file: Path) -> None:
    from msstem import KnowledgeBaseError

    load_knowledge_base(kb_file)
    kb = load_knowledge_base(kb_file)  # from the cache, records not built yet
    damage("beta")
    kb_file.write_text(kb_file.read_text(encoding="utf-8").replace("Alpha cell therapy", "Alpha changed"), "utf-8")
    os.utime(kb_file, ns=(1, 1))
    with pytest.raises(KnowledgeBaseError, match="changed while msstem was reading it"):
        kb.therapy("beta")


def test_completion_gives_only_well_formed_ids_whatever_the_cache_holds(kb_file: Path) -> None:
    Entry(kb_file).store({"therapies": [["alpha", [], 0], ["a'$(id)'", [], 0], ["b\nc", [], 0]]}, [{}])
    assert therapy_ids(kb_file) == ["alpha"]
