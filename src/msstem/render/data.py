"""Machine formats: JSON with every field, and TSV for list-like commands.

JSON output is one object: the msstem and knowledge-base versions and the disclaimer as fields,
then the content. Its shape is documented in docs/output.schema.json.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from msstem.kb.chars import ESCAPED
from msstem.kb.model import (
    AIMS,
    KINDS,
    STUDY_KINDS,
    Claim,
    KeyNumber,
    KnowledgeBase,
    Reference,
    Term,
    Therapy,
    Trial,
    plain_data,
    registry_url,
)
from msstem.render.output import clean
from msstem.version import __version__

if TYPE_CHECKING:
    from msstem.kb.search import Hit


def claim_data(claim: Claim) -> dict[str, Any]:
    out = dict(vars(claim))  # a claim's fields are text, a tuple of ids and an optional date
    out["refs"] = list(claim.refs)
    if claim.as_of is not None:
        out["as_of"] = claim.as_of.isoformat()
    out["study_label"] = STUDY_KINDS[claim.study]
    return out


def _data(value: Any) -> Any:
    """Model objects as JSON-ready data, claims and key numbers with what output adds to them."""
    kind = type(value)
    if kind is Claim:
        return claim_data(value)
    if kind is KeyNumber:
        low, high = value.per_100()
        return {**plain_data(value), "per_100": low, "per_100_high": high}
    if kind is tuple:
        return [_data(v) for v in value]
    if hasattr(kind, "__dataclass_fields__"):
        return {name: _data(v) for name, v in vars(value).items() if not name.startswith("_")}
    return plain_data(value)


def reference_data(ref: Reference) -> dict[str, Any]:
    out = plain_data(ref)
    out["citation"] = ref.citation()
    out["links"] = list(ref.links())
    return out


def trial_data(trial: Trial) -> dict[str, Any]:
    out = plain_data(trial)
    out["registry_links"] = [registry_url(r) for r in trial.registry_ids]
    return out


def therapy_data(kb: KnowledgeBase, therapy: Therapy, today: dt.date) -> dict[str, Any]:
    """Every field of a therapy, plus its labels, trials and the references it cites."""
    from msstem.views.notices import review_warning

    out: dict[str, Any] = _data(therapy)  # every field, in order
    stage = kb.stage(therapy.evidence_stage)
    out["kind_label"] = KINDS[therapy.kind]
    out["aim_label"] = AIMS[therapy.aim]
    out["evidence_stage_label"] = stage.label
    out["evidence_stage_definition"] = stage.definition
    out["evidence_stage_rank"] = stage.rank
    out["review_overdue"] = therapy.overdue(today)
    out["review_warning"] = review_warning(therapy, today)
    out["trials"] = [trial_data(t) for t in kb.trials_for(therapy.id)]
    out["references"] = [reference_data(r) for r in kb.references_for(therapy.id)]
    return out


def envelope(kb: KnowledgeBase, **content: Any) -> dict[str, Any]:
    from msstem.disclaimer import DISCLAIMER

    return {
        "msstem_version": __version__,
        "knowledge_base_version": kb.version,
        "disclaimer": DISCLAIMER,
        "evidence_stages": [plain_data(s) for s in kb.evidence_stages],
        **content,
    }


def to_json(data: Any, pretty: bool = True) -> str:
    """Indented on a terminal; compact when piped, like the GitHub CLI (and 10x faster for a large
    knowledge base: Python's C encoder only runs without indentation)."""
    return "".join(json_chunks(data, pretty))


def json_chunks(data: dict[str, Any], pretty: bool = True) -> Iterator[str]:
    """The JSON text of one object in pieces, the same text as json.dumps gives. A top-level value
    that is an iterator (such as the therapies of `list`) is written item by item, so the text of a
    long list is never whole in memory."""
    import json

    indent = 2 if pretty else None

    def dumps(value: Any, depth: int) -> str:
        text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)  # (no bare NaN or Infinity)
        return text.replace("\n", "\n" + "  " * depth) if pretty else text

    key_sep, item_sep = (": ", ",") if pretty else (": ", ", ")
    if not data:
        yield "{}\n"
        return
    yield "{"
    for n, (key, value) in enumerate(data.items()):
        yield (
            ("," if n else "")
            + ("\n  " if pretty else (" " if n else ""))
            + _escape(json.dumps(key, ensure_ascii=False))
            + key_sep
        )
        if not isinstance(value, Iterator):
            yield _escape(dumps(value, 1))
            continue
        first = True
        for item in value:
            yield (("[" if first else item_sep) + ("\n    " if pretty else "") + _escape(dumps(item, 2)))
            first = False
        yield "[]" if first else ("\n  ]" if pretty else "]")
    yield ("\n}" if pretty else "}") + "\n"


def _escape(text: str) -> str:
    # json escapes C0 controls itself; C1 controls, DEL, the line separators and every invisible
    # character (direction controls, zero-width, tags: kb/chars.py) are escaped here too, so no
    # terminal or viewer can be steered by them (they can only occur inside JSON strings).
    return ESCAPED.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # as a surrogate pair, as JSON spells characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def tsv(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """Tab-separated: a header row, one record a line; tabs and newlines in values become spaces."""

    def field(value: str) -> str:
        return clean(" ".join(value.replace("\t", " ").split()))

    lines = ["\t".join(columns), *("\t".join(field(v) for v in row) for row in rows)]
    return "\n".join(lines) + "\n"


def therapies_tsv(kb: KnowledgeBase) -> str:
    columns = ("id", "name", "kind", "aim", "cell_source", "evidence_stage", "one_line", "last_reviewed")
    rows = [
        (
            t.id,
            t.name,
            t.kind,
            AIMS[t.aim],
            t.cell_source[0].text,
            kb.stage(t.evidence_stage).label,
            t.one_line,
            t.last_reviewed.isoformat(),
        )
        for t in kb.therapies
    ]
    return tsv(columns, rows)


def search_data(hits: list[Hit]) -> list[dict[str, Any]]:
    return [
        {
            "where": h.where,
            "field": h.field,
            "therapy_id": h.therapy_id,
            "snippet": h.snippet,
            "approximate": h.approximate,
            "score": h.score,
        }
        for h in hits
    ]


def search_tsv(hits: list[Hit]) -> str:
    data = search_data(hits)
    rows = [
        (str(i), d["where"], d["field"], d["snippet"], "close" if d["approximate"] else "exact")
        for i, d in enumerate(data, 1)
    ]
    return tsv(("rank", "where", "field", "snippet", "match"), rows)


def glossary_tsv(terms: list[Term]) -> str:
    return tsv(
        ("term", "definition", "say", "therapies"),
        [(t.term, t.definition, t.say or "", ",".join(t.therapies)) for t in terms],
    )


def trials_tsv(trials: list[Trial]) -> str:
    columns = ("id", "name", "registry_ids", "therapies", "design", "participants", "comparator", "result",
               "status", "status_as_of")  # fmt: skip
    rows = [
        (
            t.id,
            t.name,
            " ".join(t.registry_ids),
            ",".join(t.therapies),
            t.design,
            t.participants,
            t.comparator,
            t.result,
            t.status,
            t.status_as_of.isoformat(),
        )
        for t in trials
    ]
    return tsv(columns, rows)


def sources_tsv(refs: list[Reference], places: dict[str, list[str]]) -> str:
    columns = ("id", "authors", "title", "source", "year", "pmid", "doi", "registry", "url", "cited_for")
    rows = [
        (
            r.id,
            r.authors,
            r.title,
            r.source,
            str(r.year),
            r.pmid or "",
            r.doi or "",
            r.registry or "",
            r.url or "",
            "; ".join(places[r.id]),
        )
        for r in refs
    ]
    return tsv(columns, rows)
