"""Read a knowledge base file safely, validate all of it, and build the model.

Every problem found is collected, with file, line and field path, and raised together as one
KnowledgeBaseError. YAML is read event by event and converted here, so no YAML tag can construct
an object, duplicate keys are caught, and anchors/aliases (which can expand exponentially) are
refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from .errors import KnowledgeBaseError, Problem
from .model import (
    AIMS,
    CRITERIA_KINDS,
    FACTS,
    KINDS,
    MS_TYPES,
    QUESTION_GROUPS,
    SECTIONS,
    STUDY_KINDS,
    TRIAL_STATUSES,
    Claim,
    ClinicCheck,
    CriteriaSet,
    Criterion,
    EvidenceStage,
    KnowledgeBase,
    Question,
    Reference,
    Rule,
    Term,
    Therapy,
    Trial,
    normalise_name,
)
from .paths import default_path

Path_ = tuple[str | int, ...]
T = TypeVar("T")

MAX_BYTES = 32 * 1024 * 1024  # room for 10,000 therapies (about 23 MB); a 50 MB file is refused
MAX_DEPTH = 64
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

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

    A knowledge base that validated is kept in the cache (see stored.py): the next load reads it
    from there, without YAML and without validating again, building records as they are used."""
    from . import stored
    from .cache import Entry

    file = Path(path) if path is not None else default_path()
    entry = Entry(file)
    kb = stored.load(entry, file, lambda: load_uncached(file))
    if kb is None:
        kb = load_uncached(file)
        stored.store(entry, kb)
    return kb


def load_uncached(file: Path) -> KnowledgeBase:
    """Parse and validate the file itself."""
    import gc

    # Millions of small objects for a large file: the cyclic garbage collector would walk them all
    # again and again while they are built (measured: 55 s instead of 17 s for 10,000 therapies).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        data, lines = parse_file(file)
        return _Builder(file.name, lines).knowledge_base(data)
    finally:
        if gc_was_enabled:
            gc.enable()


def parse_file(file: Path) -> tuple[Any, dict[Path_, int]]:
    """Read and parse a knowledge base file into plain data and line numbers (not yet validated)."""
    return _parse_yaml(_read_text(file), file.name)


# Reading and parsing ------------------------------------------------------------------------


def _fail(file: str, message: str, line: int | None = None) -> KnowledgeBaseError:
    return KnowledgeBaseError([Problem(file, line, "", message)])


def _read_text(file: Path) -> str:
    name = str(file)
    try:
        if file.is_dir():
            raise _fail(name, "this is a folder, not a knowledge base file")
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise _fail(name, f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}")
        raw = file.read_bytes()
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except PermissionError:
        raise _fail(name, "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise _fail(name, f"cannot be read ({exc.strerror or exc})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(file.name, f"not UTF-8 text (byte {exc.start} cannot be decoded)", line) from None


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
        self.problems: list[Problem] = []

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
            raise KnowledgeBaseError(self.problems)
        return value, self.lines

    def _problem(self, event: Any, path: Path_, message: str) -> None:
        self.problems.append(Problem(self.file, event.start_mark.line + 1, format_path(path), message))

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
            return event.value  # most of a file
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


# Validation and building --------------------------------------------------------------------


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()}; put text in quotes)"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date (put text in quotes)"
    if isinstance(value, (int, float)):
        return f"a number ({value}; put text in quotes)"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class _Builder:
    """Walks the parsed data once, checking every rule and building model objects."""

    def __init__(self, file: str, lines: Mapping[Path_, int]) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []
        self.ref_uses: list[tuple[str, Path_]] = []
        self.therapy_uses: list[tuple[str, Path_]] = []
        self.stage_uses: list[tuple[str, Path_]] = []
        # Ids declared, even by entries that have problems, so one mistake is reported once.
        self.declared: dict[str, set[str]] = {"therapies": set(), "references": set(), "evidence_stages": set()}

    # Reporting

    def problem(self, path: Path_, message: str) -> None:
        line = None
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                break
        self.problems.append(Problem(self.file, line, format_path(path), message))

    # Typed fields

    def mapping(
        self, value: Any, path: Path_, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping, got {_describe(value)}")
            return None
        for key in required:
            if key not in value:
                self.problem((*path, key), "missing (required)")
        for key in value:
            if key not in required and key not in optional:
                allowed = ", ".join((*required, *optional))
                self.problem((*path, key), f"unknown field (allowed: {allowed})")
        return value

    def text(self, m: dict[str, Any], key: str, path: Path_, required: bool = True) -> str | None:
        if key not in m:
            return None
        value = m[key]
        if value is None and not required:
            return None
        if not isinstance(value, str):
            self.problem((*path, key), f"expected text, got {_describe(value)}")
            return None
        if not value.strip():
            self.problem((*path, key), "is empty")
            return None
        return value.strip()

    def texts(self, m: dict[str, Any], key: str, path: Path_, allow_empty: bool = True) -> tuple[str, ...]:
        value = m.get(key)
        if key not in m:
            return ()
        if not isinstance(value, list):
            self.problem((*path, key), f"expected a list, got {_describe(value)}")
            return ()
        if not value and not allow_empty:
            self.problem((*path, key), "is empty: give at least one")
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.problem((*path, key, i), f"expected text, got {_describe(item)}")
        return tuple(out)

    def date(self, m: dict[str, Any], key: str, path: Path_, required: bool = True) -> dt.date | None:
        if key not in m or (m[key] is None and not required):
            return None
        value = m[key]
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem((*path, key), f"expected a real date as YYYY-MM-DD, got {_describe(value)}")
        return None

    def choice(self, m: dict[str, Any], key: str, path: Path_, allowed: tuple[str, ...] | dict[str, str]) -> str | None:
        value = self.text(m, key, path)
        if value is not None and value not in allowed:
            self.problem((*path, key), f"'{value}' is not one of: {', '.join(allowed)}")
            return None
        return value

    def ident(self, m: dict[str, Any], key: str, path: Path_) -> str | None:
        value = self.text(m, key, path)
        if value is not None and not ID_RE.match(value):
            self.problem(
                (*path, key), f"'{value}' is not a valid id (lowercase letters, digits, hyphens and underscores)"
            )
            return None
        if value is not None and key == "id" and len(path) == 2 and path[0] in self.declared:
            self.declared[path[0]].add(value)
        return value

    def items(
        self, data: dict[str, Any], key: str, path: Path_, build: Callable[[Any, Path_], T | None]
    ) -> tuple[T, ...]:
        value = data.get(key)
        if key not in data:
            return ()
        if not isinstance(value, list):
            self.problem((*path, key), f"expected a list, got {_describe(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            built = build(item, (*path, key, i))
            if built is not None:
                out.append(built)
        return tuple(out)

    def refs(self, m: dict[str, Any], key: str, path: Path_, needed_by: str | None = None) -> tuple[str, ...]:
        """Reference ids, remembered to check that each is defined; `needed_by` ("a trial") makes
        an empty list an error."""
        refs = self.texts(m, key, path)
        for i, ref in enumerate(refs):
            self.ref_uses.append((ref, (*path, key, i)))
        if needed_by and key in m and not refs:
            self.problem((*path, key), f"{needed_by} needs at least one reference")
        return refs

    # The knowledge base

    def knowledge_base(self, data: Any) -> KnowledgeBase:
        top = ("version", "evidence_stages", "therapies", "trials", "references", "glossary")
        m = self.mapping(data, (), top, ("criteria_sets", "clinic_checks", "general_questions"))
        if m is None:
            raise KnowledgeBaseError(self.problems)
        version = self.text(m, "version", ())
        stages = self.items(m, "evidence_stages", (), self.stage)
        therapies = self.items(m, "therapies", (), self.therapy)
        trials = self.items(m, "trials", (), self.trial)
        references = self.items(m, "references", (), self.reference)
        glossary = self.items(m, "glossary", (), self.term)
        criteria_sets = self.items(m, "criteria_sets", (), self.criteria_set)
        clinic_checks = self.items(m, "clinic_checks", (), self.clinic_check)
        general_questions = self.items(m, "general_questions", (), self.question)
        if "therapies" in m and not therapies and not self.problems:
            self.problem(("therapies",), "is empty: give at least one therapy")
        self.check_unique([s.id for s in stages], "evidence_stages")
        self.check_unique([t.id for t in trials], "trials")
        self.check_unique([r.id for r in references], "references")
        self.check_unique([c.id for c in criteria_sets], "criteria_sets")
        self.check_unique([c.id for c in clinic_checks], "clinic_checks")
        self.check_names(therapies)
        self.check_uses(self.ref_uses, self.declared["references"], "reference")
        self.check_uses(self.therapy_uses, self.declared["therapies"], "therapy")
        self.check_uses(self.stage_uses, self.declared["evidence_stages"], "evidence stage")
        if self.problems:
            raise KnowledgeBaseError(self.problems)
        assert version is not None
        return KnowledgeBase(
            version=version,
            source=self.file,
            evidence_stages=stages,
            therapies=therapies,
            trials=trials,
            references=references,
            glossary=glossary,
            criteria_sets=criteria_sets,
            clinic_checks=clinic_checks,
            general_questions=general_questions,
            lines=self.lines,
        )

    def check_unique(self, ids: list[str], key: str) -> None:
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if ident in seen:
                self.problem((key, i, "id"), f"duplicate id '{ident}'")
            seen.add(ident)

    def check_names(self, therapies: tuple[Therapy, ...]) -> None:
        owner: dict[str, str] = {}
        for i, therapy in enumerate(therapies):
            for j, name in enumerate((therapy.id, *therapy.aliases)):
                key = normalise_name(name)
                path: Path_ = ("therapies", i, "id") if j == 0 else ("therapies", i, "aliases", j - 1)
                if key in owner and owner[key] != therapy.id:
                    self.problem(path, f"'{name}' is already the id or an alias of '{owner[key]}'")
                elif key in owner and j > 0:
                    self.problem(path, f"duplicate alias '{name}'")
                elif key in owner:
                    self.problem(path, f"duplicate id '{name}'")
                owner.setdefault(key, therapy.id)

    def check_uses(self, uses: list[tuple[str, Path_]], defined: set[str], what: str) -> None:
        for ident, path in uses:
            if ident not in defined:
                self.problem(path, f"unknown {what} '{ident}'")

    def stage(self, value: Any, path: Path_) -> EvidenceStage | None:
        m = self.mapping(value, path, ("id", "label", "definition"))
        if m is None:
            return None
        ident, label, definition = (
            self.ident(m, "id", path),
            self.text(m, "label", path),
            self.text(m, "definition", path),
        )
        if ident is None or label is None or definition is None:
            return None
        return EvidenceStage(ident, label, definition, rank=int(path[-1]) + 1)

    def claim(self, value: Any, path: Path_) -> Claim | None:
        m = self.mapping(value, path, ("text", "refs", "study"), ("label", "how_often", "duration", "as_of"))
        if m is None:
            return None
        text = self.text(m, "text", path)
        refs = self.refs(m, "refs", path)
        study = self.choice(m, "study", path, STUDY_KINDS)
        if "refs" in m and not refs and study not in (None, "none"):
            self.problem((*path, "refs"), "a claim needs at least one reference (or study: none)")
        if text is None or study is None:
            return None
        return Claim(
            text=text,
            refs=refs,
            study=study,
            label=self.text(m, "label", path, required=False),
            how_often=self.text(m, "how_often", path, required=False),
            duration=self.text(m, "duration", path, required=False),
            as_of=self.date(m, "as_of", path, required=False),
        )

    def claims(self, m: dict[str, Any], key: str, path: Path_) -> tuple[Claim, ...]:
        claims = self.items(m, key, path, self.claim)
        if isinstance(m.get(key), list) and not m[key]:
            self.problem((*path, key), "is empty: give at least one claim (study: none if nothing is known)")
        return claims

    def question(self, value: Any, path: Path_) -> Question | None:
        m = self.mapping(value, path, ("group", "text"))
        if m is None:
            return None
        group, text = self.choice(m, "group", path, QUESTION_GROUPS), self.text(m, "text", path)
        return Question(group, text) if group and text else None

    def therapy(self, value: Any, path: Path_) -> Therapy | None:
        required = (
            "id", "name", "short_name", "aliases", "kind", "aim", "evidence_stage", "summary",
            "one_line", *SECTIONS, "questions", "last_reviewed", "review_due",
        )  # fmt: skip
        n_problems = len(self.problems)  # a missing required field counts too
        m = self.mapping(value, path, required)
        if m is None:
            return None
        stage = self.ident(m, "evidence_stage", path)
        if stage:
            self.stage_uses.append((stage, (*path, "evidence_stage")))
        fields: dict[str, Any] = {
            "id": self.ident(m, "id", path),
            "name": self.text(m, "name", path),
            "short_name": self.text(m, "short_name", path),
            "aliases": self.texts(m, "aliases", path),
            "kind": self.choice(m, "kind", path, KINDS),
            "aim": self.choice(m, "aim", path, AIMS),
            "evidence_stage": stage,
            "summary": self.claim(m["summary"], (*path, "summary")) if "summary" in m else None,
            "one_line": self.text(m, "one_line", path),
            **{name: self.claims(m, name, path) for name in SECTIONS},
            "questions": self.items(m, "questions", path, self.question),
            "last_reviewed": self.date(m, "last_reviewed", path),
            "review_due": self.date(m, "review_due", path),
        }
        if isinstance(m.get("questions"), list) and not m["questions"]:
            self.problem((*path, "questions"), "is empty: give at least one question")
        if len(self.problems) > n_problems:
            return None
        return Therapy(**fields)

    def trial(self, value: Any, path: Path_) -> Trial | None:
        required = (
            "id", "name", "therapies", "registry_ids", "design", "participants", "population",
            "comparator", "primary_outcome", "result", "status", "status_as_of", "refs",
        )  # fmt: skip
        n_problems = len(self.problems)  # a missing required field counts too
        m = self.mapping(value, path, required)
        if m is None:
            return None
        therapies = self.texts(m, "therapies", path, allow_empty=False)
        for i, therapy_id in enumerate(therapies):
            self.therapy_uses.append((therapy_id, (*path, "therapies", i)))
        fields: dict[str, Any] = {
            "id": self.ident(m, "id", path),
            "therapies": therapies,
            "registry_ids": self.texts(m, "registry_ids", path),
            **{
                k: self.text(m, k, path)
                for k in ("name", "design", "participants", "population", "comparator", "primary_outcome", "result")
            },
            "status": self.choice(m, "status", path, TRIAL_STATUSES),
            "status_as_of": self.date(m, "status_as_of", path),
            "refs": self.refs(m, "refs", path),
        }
        if len(self.problems) > n_problems:
            return None
        return Trial(**fields)

    def reference(self, value: Any, path: Path_) -> Reference | None:
        ids = ("pmid", "doi", "registry", "url")
        n_problems = len(self.problems)  # a missing required field counts too
        m = self.mapping(value, path, ("id", "authors", "title", "source", "year"), ids)
        if m is None:
            return None
        year = m.get("year")
        if "year" in m and (not isinstance(year, int) or isinstance(year, bool) or not 1800 < year < 2200):
            self.problem((*path, "year"), f"expected a year such as 2019, got {_describe(year)}")
        found = {k: self.text(m, k, path, required=False) for k in ids}
        if not any(found.values()):
            self.problem(path, "a reference needs at least one of pmid, doi, registry or url")
        fields = {k: self.text(m, k, path) for k in ("authors", "title", "source")}
        ident = self.ident(m, "id", path)
        if len(self.problems) > n_problems:
            return None
        return Reference(id=ident, year=year, **fields, **found)  # type: ignore[arg-type]

    def rule(self, value: Any, path: Path_, fact: str | None) -> Rule | None:
        numeric = ("min", "max", "below", "above")
        n_problems = len(self.problems)  # a missing required field counts too
        m = self.mapping(value, path, (), (*numeric, "in", "equals"))
        if m is None:
            return None
        bounds: dict[str, float] = {}
        for key in numeric:
            if key in m:
                v = m[key]
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    self.problem((*path, key), f"expected a number, got {_describe(v)}")
                else:
                    bounds[key] = float(v)
        any_of = self.texts(m, "in", path, allow_empty=False) if "in" in m else None
        for i, ms_type in enumerate(any_of or ()):
            if ms_type not in MS_TYPES:
                self.problem((*path, "in", i), f"'{ms_type}' is not one of: {', '.join(MS_TYPES)}")
        equals = m.get("equals")
        if "equals" in m and not isinstance(equals, bool):
            self.problem((*path, "equals"), f"expected true or false, got {_describe(equals)}")
        kinds = {"numeric": bool(bounds), "in": any_of is not None, "equals": "equals" in m}
        expected = {"ms_type": "in", "new_mri_activity": "equals"}.get(fact or "", "numeric")
        if fact == "other" or sum(kinds.values()) != 1 or not kinds[expected]:
            self.problem(path, f"a rule for '{fact}' takes " + {"in": "in: [...]", "equals": "equals: true/false",
                         "numeric": "min, max, below or above"}[expected])  # fmt: skip
        if len(self.problems) > n_problems:
            return None
        return Rule(**bounds, any_of=any_of, equals=equals if isinstance(equals, bool) else None)  # type: ignore[arg-type]

    def criterion(self, value: Any, path: Path_) -> Criterion | None:
        m = self.mapping(value, path, ("fact", "text"), ("rule",))
        if m is None:
            return None
        fact, text = self.choice(m, "fact", path, FACTS), self.text(m, "text", path)
        rule = self.rule(m["rule"], (*path, "rule"), fact) if m.get("rule") is not None else None
        if fact is None or text is None or (m.get("rule") is not None and rule is None):
            return None
        return Criterion(fact, text, rule)

    def criteria_set(self, value: Any, path: Path_) -> CriteriaSet | None:
        required = ("id", "therapy", "body", "source_title", "as_of", "kind", "refs", "criteria")
        n_problems = len(self.problems)  # a missing required field counts too
        m = self.mapping(value, path, required)
        if m is None:
            return None
        therapy = self.text(m, "therapy", path)
        if therapy:
            self.therapy_uses.append((therapy, (*path, "therapy")))
        fields: dict[str, Any] = {
            "id": self.ident(m, "id", path),
            "therapy": therapy,
            "body": self.text(m, "body", path),
            "source_title": self.text(m, "source_title", path),
            "as_of": self.date(m, "as_of", path),
            "kind": self.choice(m, "kind", path, CRITERIA_KINDS),
            "refs": self.refs(m, "refs", path, needed_by="a criteria set"),
            "criteria": self.items(m, "criteria", path, self.criterion),
        }
        if len(self.problems) > n_problems:
            return None
        return CriteriaSet(**fields)

    def clinic_check(self, value: Any, path: Path_) -> ClinicCheck | None:
        n_problems = len(self.problems)  # a missing required field counts too
        m = self.mapping(value, path, ("id", "question", "red_flag_answer", "why", "refs"))
        if m is None:
            return None
        fields: dict[str, Any] = {
            "id": self.ident(m, "id", path),
            "question": self.text(m, "question", path),
            "red_flag_answer": self.choice(m, "red_flag_answer", path, ("yes", "no")),
            "why": self.text(m, "why", path),
            "refs": self.refs(m, "refs", path, needed_by="a checklist item"),
        }
        if len(self.problems) > n_problems:
            return None
        return ClinicCheck(**fields)

    def term(self, value: Any, path: Path_) -> Term | None:
        n_problems = len(self.problems)  # a missing required field counts too
        m = self.mapping(value, path, ("term", "definition", "refs", "therapies"), ("say",))
        if m is None:
            return None
        therapies = self.texts(m, "therapies", path)
        for i, therapy_id in enumerate(therapies):
            self.therapy_uses.append((therapy_id, (*path, "therapies", i)))
        fields = {
            "term": self.text(m, "term", path),
            "definition": self.text(m, "definition", path),
            "refs": self.refs(m, "refs", path),
            "therapies": therapies,
            "say": self.text(m, "say", path, required=False),
        }
        if len(self.problems) > n_problems:
            return None
        return Term(**fields)  # type: ignore[arg-type]
