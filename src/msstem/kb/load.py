"""Read a knowledge base file safely, validate all of it, and build the model.

Every problem found is collected, with file, line and field path, and raised together as one
KnowledgeBaseError. YAML is read event by event and converted here, so no YAML tag can construct
an object, duplicate keys are caught, and anchors/aliases (which can expand exponentially) are
refused.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from msstem.kb.errors import KnowledgeBaseError, Problem, Problems
from msstem.kb.model import KnowledgeBase, normalise_name
from msstem.kb.paths import default_path

Path_ = tuple[str | int, ...]

MAX_BYTES = 32 * 1024 * 1024  # room for 10,000 therapies (about 23 MB); a 50 MB file is refused
MAX_DEPTH = 64
_SURROGATE = re.compile("[\ud800-\udfff]")

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a decimal number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "empty",
    "tag:yaml.org,2002:timestamp": "a date",
}


def load_knowledge_base(path: str | Path | None = None) -> KnowledgeBase:
    """Load and validate a knowledge base; raise KnowledgeBaseError listing every problem.

    A knowledge base that validated is kept in the cache (cache.py), under the SHA-256 of the
    file's bytes: the next load of the same bytes reads it from there, without YAML and without
    validating again, building records as they are used."""
    from msstem.kb import cache

    file = Path(path) if path is not None else default_path()
    raw = read_bytes(file)
    kb = cache.load(raw, file.name, functools.cache(lambda: load_bytes(raw, file.name)))
    if kb is None:
        kb = load_bytes(raw, file.name)
        cache.store(raw, kb)
    return kb


def load_bytes(raw: bytes, name: str) -> KnowledgeBase:
    """Parse and validate a knowledge base file's bytes (`name` is for messages)."""
    import gc

    # Many small objects for a large file: the cyclic garbage collector would walk them all again
    # and again while they are built, for nothing (none of them form cycles).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        data, lines = _parse_yaml(_decode(raw, name), name)
        return build(data, name, lines)
    finally:
        if gc_was_enabled:
            gc.enable()


# Reading and parsing ------------------------------------------------------------------------


def _fail(file: str, message: str, line: int | None = None) -> KnowledgeBaseError:
    return KnowledgeBaseError([Problem(file, line, "", message)])


def read_bytes(file: Path) -> bytes:
    """The file's bytes, read through a bound, so a device or a pipe cannot fill the memory."""
    name = str(file)
    try:
        if file.is_dir():
            raise _fail(name, "this is a folder, not a knowledge base file")
        with file.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except PermissionError:
        raise _fail(name, "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise _fail(name, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise _fail(name, f"the file is too large: the limit is {MAX_BYTES:,} bytes")
    return raw


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(name, f"not UTF-8 text (byte {exc.start} cannot be decoded)", line) from None


def _parse_yaml(text: str, file: str) -> tuple[Any, dict[Path_, int]]:
    """Read YAML event by event into plain values with their line numbers. No node tree is built
    (for 10,000 therapies one takes 860 MB), so the file is gone through once, in order."""
    import yaml

    loader = None
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # (the Python one reads as it starts)
        return _Converter(file, loader).convert()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (column {mark.column + 1})" if mark else ""
        reason = exc.problem or exc.context or "invalid YAML"
        raise _fail(file, f"YAML syntax error: {reason}{where}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise _fail(file, f"YAML error: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()


class _Converter:
    """Plain values from YAML events, checking as it goes: no tags but the standard ones (so no
    YAML can construct an object), no duplicate keys, no aliases (which can expand exponentially),
    nesting at most MAX_DEPTH deep."""

    def __init__(self, file: str, loader: Any) -> None:
        import yaml

        self.yaml = yaml
        self.file = file
        self.loader = loader  # a SafeLoader: parser, resolver and the standard scalar constructors
        self.lines: dict[Path_, int] = {}
        self.problems = Problems()

    def convert(self) -> tuple[Any, dict[Path_, int]]:
        yaml, loader = self.yaml, self.loader
        loader.get_event()  # the start of the stream
        if loader.check_event(yaml.StreamEndEvent):
            raise _fail(self.file, "the file is empty")
        loader.get_event()  # the start of the document
        value = self._value((), 0)
        loader.get_event()  # its end
        if not loader.check_event(yaml.StreamEndEvent):
            line = loader.peek_event().start_mark.line + 1
            raise _fail(self.file, "YAML syntax error: expected a single document in the stream", line)
        if self.problems:
            raise self.problems.error()
        return value, self.lines

    def _problem(self, event: Any, path: Path_, message: str) -> None:
        if not self.problems.counted():
            self.problems.add(Problem(self.file, event.start_mark.line + 1, format_path(path), message))

    def _value(self, path: Path_, depth: int) -> Any:
        yaml = self.yaml
        event = self.loader.get_event()
        self.lines[path] = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            self._problem(event, path, "YAML anchors and aliases (&name, *name) are not allowed")
            self._skip(event)
            return None
        if depth > MAX_DEPTH:
            self._problem(event, path, f"nested more than {MAX_DEPTH} levels deep")
            self._skip(event)
            return None
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, path)
        kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
        if event.tag not in (None, "!", f"tag:yaml.org,2002:{kind}"):
            self._problem(event, path, f"unsupported YAML tag {event.tag}")
            self._skip(event)
            return None
        if kind == "seq":
            items = []
            while not self.loader.check_event(yaml.SequenceEndEvent):
                items.append(self._value((*path, len(items)), depth + 1))
            self.loader.get_event()
            return items
        out: dict[str, Any] = {}
        while not self.loader.check_event(yaml.MappingEndEvent):
            key = self.loader.get_event()
            if isinstance(key, yaml.AliasEvent) or getattr(key, "anchor", None) is not None:
                self._problem(key, path, "YAML anchors and aliases (&name, *name) are not allowed")
                self._skip(key)
                self._skip(self.loader.get_event())  # and its value
            elif not isinstance(key, yaml.ScalarEvent) or self._tag(key) != "tag:yaml.org,2002:str":
                self._problem(key, path, "keys must be plain text")
                self._skip(key)
                self._skip(self.loader.get_event())  # and its value
            elif self._not_text(key, path):
                self._skip(self.loader.get_event())
            elif key.value in out:
                self._problem(key, (*path, key.value), "duplicate key (the earlier value would be lost)")
                self._skip(self.loader.get_event())
            else:
                out[key.value] = self._value((*path, key.value), depth + 1)
        self.loader.get_event()
        return out

    def _tag(self, event: Any) -> str:
        if event.tag is None or event.tag == "!":
            return str(self.loader.resolve(self.yaml.ScalarNode, event.value, event.implicit))
        return str(event.tag)

    def _scalar(self, event: Any, path: Path_) -> Any:
        tag = self._tag(event)
        if tag == "tag:yaml.org,2002:str":
            return None if self._not_text(event, path) else event.value  # most of a file
        if tag not in _SCALAR_TAGS:
            self._problem(event, path, f"unsupported YAML tag {tag}")
            return None
        node = self.yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.yaml_constructors[tag](self.loader, node)
        except Exception:  # PyYAML's constructors fail in many ways on odd input ('!!bool maybe': KeyError)
            if tag == "tag:yaml.org,2002:timestamp":
                self._problem(event, path, f"'{event.value}' is not a real date")
            else:
                self._problem(event, path, f"'{event.value}' cannot be read as {_SCALAR_TAGS[tag]}")
            return None

    def _not_text(self, event: Any, path: Path_) -> bool:
        """A lone surrogate ("\\ud800"): libyaml refuses the escape, but PyYAML's own reader lets it
        through, and no UTF-8 file, cache or output can hold it."""
        if event.value.isascii() or not _SURROGATE.search(event.value):
            return False
        self._problem(event, path, "a lone surrogate escape (such as \\ud800) is not a character")
        return True

    def _skip(self, event: Any) -> None:
        """Pass over the rest of a value whose first event was `event`."""
        yaml = self.yaml
        depth = 1 if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)) else 0
        while depth:
            event = self.loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# Validation and building ----------------------------------------------------------------------

# What an id in one list of the knowledge base is called in a message about it.
WHAT = {"references": "reference", "therapies": "therapy", "evidence_stages": "evidence stage"}


def build(data: Any, name: str, lines: Mapping[Path_, int]) -> KnowledgeBase:
    """The model from parsed data, every field checked as the model declares it (fields.py), then
    the checks across records: ids that point to other records, and names that clash."""
    from msstem.kb.fields import INVALID, Walker, describe

    problems = Problems()

    def problem(path: Path_, message: str) -> None:
        if problems.counted():
            return
        line = None
        for cut in range(len(path), -1, -1):
            line = lines.get(path[:cut])
            if line is not None:
                break
        problems.add(Problem(name, line, format_path(path), message))

    if not isinstance(data, dict):
        problem((), f"expected a mapping, got {describe(data)}")
        raise problems.error()
    walker = Walker(problem)
    kb = walker.record(KnowledgeBase, data, (), source=name, lines=lines)
    # Ids declared, even by records with problems, so that one mistake is reported once.
    declared = {
        key: {item["id"] for item in _list(data.get(key)) if isinstance(item, dict) and isinstance(item.get("id"), str)}
        for key in WHAT
    }
    for collection, ident, path in walker.uses:
        if ident not in declared[collection]:
            problem(path, f"unknown {WHAT[collection]} '{ident}'")
    _check_names(data.get("therapies"), problem)
    if problems or kb is INVALID:
        raise problems.error()
    return kb


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _check_names(therapies: Any, problem: Any) -> None:
    """No id or alias may name two therapies."""
    owner: dict[str, str] = {}
    for i, therapy in enumerate(therapies if isinstance(therapies, list) else ()):
        if not isinstance(therapy, dict) or not isinstance(therapy.get("id"), str):
            continue
        aliases = therapy.get("aliases") if isinstance(therapy.get("aliases"), list) else []
        for j, name in enumerate((therapy["id"], *aliases)):
            if not isinstance(name, str):
                continue
            key = normalise_name(name)
            path: Path_ = ("therapies", i, "id") if j == 0 else ("therapies", i, "aliases", j - 1)
            if key in owner and owner[key] != therapy["id"]:
                problem(path, f"'{name}' is already the id or an alias of '{owner[key]}'")
            elif key in owner and j > 0:
                problem(path, f"duplicate alias '{name}'")
            elif key in owner:
                problem(path, f"duplicate id '{name}'")
            owner.setdefault(key, therapy["id"])
