"""A validated knowledge base as kept in the cache, and read back without validating it again.

The cache file (cache.py) holds a header and one segment a therapy, trial and reference. The
header has the small parts whole (stages, glossary, criteria, checklist, questions) and, for each
record, its id, what it is known by (aliases; a trial's therapies) and where its segment is. So
`explain` reads the header and the few segments it shows, and `list` builds each therapy once.

Only knowledge bases that validated are stored, under a key that changes with the file and with
this code, so reading back needs no checks beyond the checksum of each segment. If a segment
cannot be read anyway, the knowledge base is loaded again from its file and the cache dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .cache import Entry, Reader
from .errors import KnowledgeBaseError, Problem
from .model import (
    SECTIONS,
    Claim,
    ClinicCheck,
    CriteriaSet,
    Criterion,
    EvidenceStage,
    KnowledgeBase,
    Question,
    Records,
    Reference,
    Rule,
    Term,
    Therapy,
    Trial,
    plain_data,
)

# What reading a damaged or unexpected cache can raise: the caller then reads the file instead.
DAMAGED = (OSError, KeyError, TypeError, ValueError, IndexError)


def store(entry: Entry, kb: KnowledgeBase) -> None:
    """Keep a knowledge base that validated, with its search index; failures to write are ignored."""
    from .search import index_data

    small = ("version", "source", "evidence_stages", "glossary", "criteria_sets", "clinic_checks", "general_questions")
    header: dict[str, Any] = {"kb": {name: plain_data(getattr(kb, name)) for name in small}}
    segments: list[Any] = []

    def index(records: Sequence[Any], tags: Callable[[Any], Sequence[str]]) -> list[list[Any]]:
        rows = []
        for record in records:
            rows.append([record.id, list(tags(record)), len(segments)])
            segments.append(plain_data(record))
        return rows

    header["therapies"] = index(kb.therapies, lambda t: t.aliases)
    header["trials"] = index(kb.trials, lambda t: t.therapies)
    header["references"] = index(kb.references, lambda r: ())
    header["names"] = kb.names
    header["search"] = len(segments)
    segments.append(index_data(kb))
    entry.store(header, segments)


def load(entry: Entry, file: Path, reload: Callable[[], KnowledgeBase]) -> KnowledgeBase | None:
    """The knowledge base from the cache, built as it is used; None if there is no fresh cache.
    `reload` loads it from its file, for the rare segment that turns out unreadable."""
    reader = entry.open()
    if reader is None:
        return None
    try:
        return _knowledge_base(reader, file, reload)
    except DAMAGED:
        entry.discard()
        return None


def _knowledge_base(reader: Reader, file: Path, reload: Callable[[], KnowledgeBase]) -> KnowledgeBase:
    header, spans = reader.header, reader.spans
    fallback: list[KnowledgeBase] = []

    def from_file(name: str, ident: str) -> Any:
        """A record read from the knowledge base file, which must still be the one cached."""
        if not fallback and reader.entry.unchanged():
            fallback.append(reload())
        record = getattr(fallback[0], name).get(ident) if fallback else None
        if record is None:
            problem = "the file changed while msstem was reading it: run the command again"
            raise KnowledgeBaseError([Problem(file.name, None, "", problem)])
        return record

    def records(name: str, restore: Callable[[Any], Any]) -> Records[Any]:
        rows = header[name]

        def build(i: int) -> Any:
            try:
                return restore(reader.segment(spans[rows[i][2]]))
            except DAMAGED:
                reader.discard()
                return from_file(name, rows[i][0])

        return Records([r[0] for r in rows], [r[1] for r in rows], build)

    small = header["kb"]
    return KnowledgeBase(
        version=small["version"],
        source=small["source"],
        evidence_stages=tuple(EvidenceStage(**s) for s in small["evidence_stages"]),
        therapies=records("therapies", therapy),
        trials=records("trials", trial),
        references=records("references", reference),
        glossary=tuple(map(term, small["glossary"])),
        criteria_sets=tuple(map(criteria_set, small["criteria_sets"])),
        clinic_checks=tuple(ClinicCheck(**{**c, "refs": tuple(c["refs"])}) for c in small["clinic_checks"]),
        general_questions=tuple(Question(**q) for q in small["general_questions"]),
        lines=LazyLines(file),
        names=header["names"],
        search_index=lambda: _search_index(reader),
    )


def _search_index(reader: Reader) -> Any:
    try:
        return reader.segment(reader.spans[reader.header["search"]])
    except DAMAGED:
        reader.discard()  # written again by the next load
        return None  # search builds it from the model instead


class LazyLines(Mapping[tuple[str | int, ...], int]):
    """Line numbers, which only the linter and error messages need: read from the file again when
    something asks, rather than kept in the cache (where they would take twice the room of the data)."""

    def __init__(self, file: Path) -> None:
        self._file = file
        self._lines: Mapping[tuple[str | int, ...], int] | None = None

    def _load(self) -> Mapping[tuple[str | int, ...], int]:
        if self._lines is None:
            from .loading import parse_file

            try:
                self._lines = parse_file(self._file)[1]
            except KnowledgeBaseError:  # the file changed since; line numbers are a help, not a need
                self._lines = {}
        return self._lines

    def __getitem__(self, path: tuple[str | int, ...]) -> int:
        return self._load()[path]

    def __iter__(self) -> Iterator[tuple[str | int, ...]]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


# From stored data to model objects: the fields as validated, with tuples and dates restored.


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def claim(d: dict[str, Any]) -> Claim:
    return Claim(**{**d, "refs": tuple(d["refs"]), "as_of": _date(d["as_of"])})


def therapy(d: dict[str, Any]) -> Therapy:
    fields = {**d, **{name: tuple(map(claim, d[name])) for name in SECTIONS}}
    fields["aliases"] = tuple(d["aliases"])
    fields["summary"] = claim(d["summary"])
    fields["questions"] = tuple(Question(**q) for q in d["questions"])
    fields["last_reviewed"] = _date(d["last_reviewed"])
    fields["review_due"] = _date(d["review_due"])
    return Therapy(**fields)


def trial(d: dict[str, Any]) -> Trial:
    fields = {**d, "therapies": tuple(d["therapies"]), "registry_ids": tuple(d["registry_ids"])}
    return Trial(**{**fields, "refs": tuple(d["refs"]), "status_as_of": _date(d["status_as_of"])})


def reference(d: dict[str, Any]) -> Reference:
    return Reference(**d)


def term(d: dict[str, Any]) -> Term:
    return Term(**{**d, "refs": tuple(d["refs"]), "therapies": tuple(d["therapies"])})


def criteria_set(d: dict[str, Any]) -> CriteriaSet:
    criteria = []
    for c in d["criteria"]:
        rule = c["rule"]
        if rule is not None:
            rule = Rule(**{**rule, "any_of": None if rule["any_of"] is None else tuple(rule["any_of"])})
        criteria.append(Criterion(c["fact"], c["text"], rule))
    fields = {**d, "refs": tuple(d["refs"]), "as_of": _date(d["as_of"]), "criteria": tuple(criteria)}
    return CriteriaSet(**fields)
