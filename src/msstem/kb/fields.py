"""Records built from plain data by walking the model's declarations (dataclass fields, their types
and metadata): the Walker for the YAML file (every check, each problem collected with its field
path), and from_cache for the cache's JSON rows (type checks only, made once per type).

A field's type says what it takes: `str` (text, not empty), `int`, `float`, `bool`, `dt.date`,
`X | None` (optional), `tuple[X, ...]` or `Records[X]` (a list), or another record type (a mapping).
Its metadata adds the rest (see model.choice, ident, points_to, nonempty).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from msstem.kb import model
from msstem.kb.chars import IGNORED, INVISIBLE
from msstem.kb.vocabulary import YES_NO_FACTS

Path_ = tuple[str | int, ...]
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
INVALID: Any = object()  # a value with a problem (already reported)


@dataclass(frozen=True)
class Spec:
    """One field as the walker sees it."""

    name: str
    key: str  # the key in the file (usually the name)
    type: Any
    required: bool
    meta: Any


@functools.cache
def specs(cls: type) -> tuple[Spec, ...]:
    hints = typing.get_type_hints(cls, vars(model))
    out = []
    for f in dataclasses.fields(cls):
        if not f.init or not f.metadata.get("in_file", True):
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        out.append(Spec(f.name, f.metadata.get("key", f.name), hints[f.name], required, f.metadata))
    return tuple(out)


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()}; put text in quotes)"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date (put text in quotes)"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{'not a number' if math.isnan(value) else 'infinity'} ({value})"
    if isinstance(value, int) and abs(value) > 10**15:
        return f"a number with {len(str(abs(value)))} digits"
    if isinstance(value, (int, float)):
        return f"a number ({value}; put text in quotes)"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class Walker:
    """Builds records from plain data. `problem(path, message)` is called for each problem; from
    the file, ids that point to other records are collected in `uses` to check at the end, and ids
    each list declares in `declared`."""

    def __init__(self, problem: Callable[[Path_, str], None]) -> None:
        self.problem = problem
        self.uses: list[tuple[str, str, Path_]] = []  # (collection, id, path)

    def record(self, cls: type, value: Any, path: Path_, position: int = 0, **extra: Any) -> Any:
        """A record of type `cls` (with `extra` fields that are not in the file), or INVALID."""
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping, got {describe(value)}")
            return INVALID
        fields = specs(cls)
        keys = {s.key: s for s in fields}
        ok = True
        for key in value:
            if key not in keys:
                self.problem((*path, key), f"unknown field (allowed: {', '.join(keys)})")
                ok = False
        built: dict[str, Any] = {}
        for key, spec in keys.items():
            if spec.meta.get("position"):
                built[spec.name] = position + 1
                continue
            if key not in value:
                if spec.required:
                    self.problem((*path, key), "missing (required)")
                    ok = False
                continue
            item = self.value(spec.type, value[key], (*path, key), spec.meta)
            if item is INVALID:
                ok = False
            else:
                built[spec.name] = item
        if not ok:
            return INVALID
        check = CHECKS.get(cls)
        if check is not None and not check(self, built, path):
            return INVALID
        return cls(**built, **extra)

    def value(self, kind: Any, raw: Any, path: Path_, meta: Any) -> Any:
        origin = typing.get_origin(kind)
        if origin in (typing.Union, types.UnionType):  # X | None
            if raw is None:
                return None
            [kind] = [k for k in typing.get_args(kind) if k is not type(None)]
            return self.value(kind, raw, path, meta)
        if origin is tuple or origin is model.Records:
            return self.items(typing.get_args(kind)[0], raw, path, meta)
        if dataclasses.is_dataclass(kind):
            return self.record(kind, raw, path)
        if kind is str:
            return self.text(raw, path, meta)
        if kind is dt.date:
            return self.date(raw, path)
        if kind is bool:
            if isinstance(raw, bool):
                return raw
            self.problem(path, f"expected true or false, got {describe(raw)}")
            return INVALID
        if kind in (int, float):
            return self.number(kind, raw, path, meta)
        raise TypeError(f"the walker does not know the type {kind!r}")  # a new kind of field: teach it here

    def items(self, kind: Any, raw: Any, path: Path_, meta: Any) -> Any:
        if not isinstance(raw, list):
            self.problem(path, f"expected a list, got {describe(raw)}")
            return INVALID
        if not raw and (meta.get("nonempty") or meta.get("needed")):
            hint = meta.get("nonempty")
            self.problem(path, f"is empty: {hint}" if hint else f"{meta['needed']} needs at least one reference")
            return INVALID
        out, ok = [], True
        for i, item in enumerate(raw):
            if dataclasses.is_dataclass(kind):
                built = self.record(kind, item, (*path, i), position=i)
            else:
                built = self.value(kind, item, (*path, i), meta)
            if built is INVALID:
                ok = False
            else:
                out.append(built)
        if dataclasses.is_dataclass(kind) and any(s.name == "id" for s in specs(kind)):
            seen: set[str] = set()
            for i, record in enumerate(out):
                if record.id in seen:
                    self.problem((*path, i, "id"), f"duplicate id '{record.id}'")
                    ok = False
                seen.add(record.id)
        return tuple(out) if ok else INVALID

    def text(self, raw: Any, path: Path_, meta: Any) -> Any:
        if not isinstance(raw, str):
            self.problem(path, f"expected text, got {describe(raw)}")
            return INVALID
        value = raw.strip()
        if not value or not (value.isascii() or IGNORED.sub("", value).strip()):  # (or only zero-width characters)
            self.problem(path, "is empty")
            return INVALID
        if meta.get("name"):
            hidden = INVISIBLE.search(value)
            if hidden:
                self.problem(path, f"'{value}' has an invisible or control character (U+{ord(hidden.group()):04X})")
                return INVALID
            if not model.normalise_name(value):
                self.problem(path, f"'{value}' is no name once case, spaces, hyphens and underscores are ignored")
                return INVALID
        if meta.get("id") and not ID_RE.match(value):
            self.problem(path, f"'{value}' is not a valid id (lowercase letters, digits, hyphens and underscores)")
            return INVALID
        choices = meta.get("choices")
        if choices is not None and value not in choices:
            self.problem(path, f"'{value}' is not one of: {', '.join(choices)}")
            return INVALID
        if meta.get("points_to"):
            self.uses.append((meta["points_to"], value, path))
        return value

    def date(self, raw: Any, path: Path_) -> Any:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, str):
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                pass
        self.problem(path, f"expected a real date as YYYY-MM-DD, got {describe(raw)}")
        return INVALID

    def number(self, kind: type, raw: Any, path: Path_, meta: Any) -> Any:
        low, high = meta.get("range", (-1e9, 1e9))
        good = isinstance(raw, (int, float)) and not isinstance(raw, bool)
        if good and kind is int and not isinstance(raw, int):
            good = False
        if good and not low <= raw <= high:  # (exact for any int, and false for nan: no float conversion)
            good = False
        if not good:
            expected = meta.get("example", "a whole number" if kind is int else "a number")
            self.problem(path, f"expected {expected}, got {describe(raw)}")
            return INVALID
        return kind(raw)


# Checks that involve more than one field of a record (the cache holds records that passed them).
# Each reports its problems and says whether the record is sound.


def _claim(w: Walker, f: dict[str, Any], path: Path_) -> bool:
    if not f["refs"] and f["study"] != "none":
        w.problem((*path, "refs"), "a claim needs at least one reference (or study: none)")
        return False
    return True


def _reference(w: Walker, f: dict[str, Any], path: Path_) -> bool:
    if not any(f.get(k) for k in ("pmid", "doi", "registry", "url")):
        w.problem(path, "a reference needs at least one of pmid, doi, registry or url")
        return False
    return True


RULE_KINDS = {"ms_type": "in", **dict.fromkeys(YES_NO_FACTS, "equals")}  # every other fact takes numbers
RULE_TAKES = {"in": "in: [...]", "equals": "equals: true/false", "numeric": "min, max, below or above"}


def _criterion(w: Walker, f: dict[str, Any], path: Path_) -> bool:
    rule = f.get("rule")
    if rule is None:
        return True
    numeric = any(getattr(rule, k) is not None for k in ("min", "max", "below", "above"))
    kinds = {"numeric": numeric, "in": rule.any_of is not None, "equals": rule.equals is not None}
    expected = RULE_KINDS.get(f["fact"], "numeric")
    if rule.unclear is not None and expected != "in":
        w.problem((*path, "rule", "unclear"), "only a rule for ms_type takes unclear: [...]")
        return False
    if f["fact"] in ("other", "note") or sum(kinds.values()) != 1 or not kinds[expected]:
        w.problem((*path, "rule"), f"a rule for '{f['fact']}' takes {RULE_TAKES[expected]}")
        return False
    low = rule.min if rule.min is not None else rule.above
    high = rule.max if rule.max is not None else rule.below
    if low is not None and high is not None and low > high:
        w.problem((*path, "rule"), f"the lower bound ({low:g}) is above the upper bound ({high:g})")
        return False
    return True


CHECKS: dict[type, Callable[[Walker, dict[str, Any], Path_], bool]] = {
    model.Claim: _claim,
    model.Reference: _reference,
    model.Criterion: _criterion,
}


def spec_of(cls: type, name: str) -> Spec:
    return next(s for s in specs(cls) if s.name == name)


def from_cache(kind: Any, data: Any) -> Any:
    """A value of a field's type from the cache's plain data (keyed by field name); ValueError or
    TypeError if it is not what the type says."""
    return _converter(kind)(data)


@functools.cache
def _converter(kind: Any) -> Callable[[Any], Any]:
    """A function that makes a value of this type from the cache's plain data, checking types as
    the walker does but made once per type: the cache holds only what the walker accepted, so this
    guards against a damaged or planted cache, not against mistakes in a file."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        [inner] = [k for k in typing.get_args(kind) if k is not type(None)]
        convert = _converter(inner)
        return lambda v: None if v is None else convert(v)
    if origin is tuple or origin is model.Records:
        [item_kind] = typing.get_args(kind)[:1]
        if item_kind is str:  # most lists (references, aliases): checked in one pass
            return _texts
        item = _converter(item_kind)
        return lambda v: tuple(map(item, _checked(v, list)))
    if dataclasses.is_dataclass(kind):
        fields = [(s.name, _converter(s.type)) for s in specs(kind)]
        names = {name for name, _ in fields}

        def record(v: Any) -> Any:
            if type(v) is not dict or not v.keys() <= names:
                raise ValueError(f"not a {kind.__name__}")
            return kind(**{name: convert(v[name]) for name, convert in fields if name in v})

        return record
    if kind is dt.date:
        return lambda v: dt.date.fromisoformat(_checked(v, str))
    if kind is float:
        return lambda v: _finite(float(_checked(v, (int, float))))
    if kind is str:  # most values: the quickest check
        return _text
    return lambda v: _checked(v, kind)


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError(f"expected text, got {type(value).__name__}")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list or not all(type(item) is str for item in value):
        raise ValueError("expected a list of texts")
    return tuple(value)


def _finite(value: float) -> float:
    if not math.isfinite(value):  # JSON in the cache can say Infinity or NaN; no file can
        raise ValueError(f"expected a finite number, got {value}")
    return value


def _checked(value: Any, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ValueError(f"expected {kind}, got {type(value).__name__}")
    return value
