"""Full-text search over the knowledge base: therapies (every field), trials, glossary, references.

Forgiving by design: case, British/American spelling (haematopoietic/hematopoietic,
mobilisation/mobilization), word endings (myelin/myelination) and small typos all match.
Ranking: where a word is found matters more than how often, so an exact therapy name beats a
mention in a reference title.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from .document import MARK_END, MARK_START
from .model import SECTIONS, KnowledgeBase
from .output import unmark

# Weights by place: names first, then glossary terms, summaries, other text, references last.
WEIGHTS = {"name": 100.0, "term": 60.0, "summary": 12.0, "definition": 8.0, "text": 5.0, "trial": 5.0,
           "reference": 1.0}  # fmt: skip

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_SUFFIXES = ("isations", "izations", "isation", "ization", "ations", "ation", "ising", "izing", "ised", "ized",
             "ises", "izes", "ise", "ize", "ing", "ed", "es", "s")  # fmt: skip


_OUR, _TRE = re.compile(r"our\b"), re.compile(r"tre\b")


@functools.lru_cache(maxsize=65536)  # the same few thousand words come back again and again
def fold(word: str) -> str:
    """One spelling for British and American variants, and no word endings: a search key."""
    w = word.casefold().replace("’", "'").replace("-", "")
    w = w.replace("ae", "e").replace("oe", "e")  # haematopoietic -> hematopoietic, oedema -> edema
    w = _OUR.sub("or", w)  # tumour -> tumor
    w = _TRE.sub("ter", w)  # centre -> center
    for suffix in _SUFFIXES:
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass(frozen=True)
class Searchable:
    """One searchable piece of text and where it lives."""

    where: str  # "aHSCT", "Trial: MIST", "Glossary: Myelin", "Reference: burt2019"
    field: str  # "Risks", "Summary", "Definition", ...
    text: str
    weight: float
    therapy_id: str | None = None


@dataclass(frozen=True)
class Hit:
    where: str
    field: str
    snippet: str  # with MARK_START/MARK_END around matching words
    score: float
    therapy_id: str | None


def documents(kb: KnowledgeBase) -> list[Searchable]:
    out: list[Searchable] = []
    for t in kb.therapies:
        names = f"{t.name} ({t.short_name}, id {t.id}). Also called: {', '.join(t.aliases)}."
        out.append(Searchable(t.short_name, "Name", names, WEIGHTS["name"], t.id))
        out.append(Searchable(t.short_name, "Summary", t.summary.text, WEIGHTS["summary"], t.id))
        for name, heading in SECTIONS.items():
            for claim in t.section(name):
                text = f"{claim.label}: {claim.text}" if claim.label else claim.text
                extras = [f"How often: {claim.how_often}"] if claim.how_often else []
                extras += [f"How long: {claim.duration}"] if claim.duration else []
                text += f" ({'; '.join(extras)})" if extras else ""
                out.append(Searchable(t.short_name, heading, text, WEIGHTS["text"], t.id))
        for q in t.questions:
            out.append(Searchable(t.short_name, "Questions to ask", q.text, WEIGHTS["text"], t.id))
    for trial in kb.trials:
        fields = (trial.name, *trial.registry_ids, trial.design, trial.population, trial.comparator,
                  trial.primary_outcome, trial.result)  # fmt: skip
        out.append(Searchable(f"Trial: {trial.name}", "Trial", " ".join(fields), WEIGHTS["trial"]))
    for term in kb.glossary:
        out.append(Searchable(f"Glossary: {term.term}", "Term", term.term, WEIGHTS["term"]))
        out.append(Searchable(f"Glossary: {term.term}", "Definition", term.definition, WEIGHTS["definition"]))
    for ref in kb.references:
        text = " ".join((ref.authors, ref.title, ref.source, *ref.identifiers()))
        out.append(Searchable(f"Reference: {ref.id}", "Reference", text, WEIGHTS["reference"]))
    return out


def index_data(kb: KnowledgeBase) -> dict[str, Any]:
    """The search documents as columns, and for each search key the numbers of the documents that
    have it, as text ("0 4 17") that is split only for the keys a query uses: plain data that the
    cache keeps with the knowledge base (stored.py), small to read and to hold."""
    docs = documents(kb)
    postings: dict[str, list[str]] = {}
    for i, doc in enumerate(docs):
        for key in {fold(w) for w in words(doc.text)}:
            postings.setdefault(key, []).append(str(i))
    return {
        "where": [d.where for d in docs],
        "field": [d.field for d in docs],
        "text": [d.text for d in docs],
        "weight": [d.weight for d in docs],
        "therapy": [d.therapy_id for d in docs],
        "postings": {key: " ".join(postings[key]) for key in sorted(postings)},
    }


class Index:
    """Search over a knowledge base: from the index kept in the cache, else built from the model."""

    def __init__(self, kb: KnowledgeBase) -> None:
        data = kb.search_index() if kb.search_index is not None else None
        if data is None:
            data = index_data(kb)
        self.data = data
        self.postings: dict[str, str] = data["postings"]
        self.vocabulary = list(self.postings)  # sorted

    def having(self, keys: set[str]) -> set[int]:
        """The documents with any of these keys."""
        return {int(i) for key in keys if key in self.postings for i in self.postings[key].split()}

    def expand(self, key: str) -> set[str]:
        """The query key; else the words it begins ("chemo" for chemotherapy); else the closest
        known keys (typos)."""
        if key in self.postings or len(key) < 4:
            return {key}
        import bisect

        start = bisect.bisect_left(self.vocabulary, key)
        prefixed = set()
        for known in self.vocabulary[start:]:
            if not known.startswith(key):
                break
            prefixed.add(known)
        if prefixed:
            return prefixed
        import difflib

        return set(difflib.get_close_matches(key, self.vocabulary, n=3, cutoff=0.8)) or {key}

    def search(self, query: str, limit: int | None = None) -> tuple[list[Hit], int]:
        """The best matches (at most `limit`), and how many there are in all."""
        query_keys = [self.expand(fold(w)) for w in words(query)]
        if not query_keys:
            return [], 0
        found: set[int] | None = None
        for alternatives in query_keys:  # every word of the query, in any of its forms
            found = self.having(alternatives) if found is None else found & self.having(alternatives)
        phrase = query.casefold().strip()
        texts, weights = self.data["text"], self.data["weight"]
        scored = []
        for i in sorted(found or ()):
            score = weights[i] * len(query_keys) * (2 if phrase in texts[i].casefold() else 1)  # the phrase as typed
            scored.append((score, i))
        scored.sort(key=lambda hit: -hit[0])  # stable: equal scores stay in reading order
        wanted = set().union(*query_keys)
        d = self.data
        hits = [
            Hit(d["where"][i], d["field"][i], snippet(texts[i], wanted), score, d["therapy"][i])
            for score, i in (scored[:limit] if limit is not None else scored)
        ]
        return hits, len(scored)

    def closest_terms(self, query: str, n: int = 5) -> list[str]:
        """Known words nearest to what was typed, to offer when nothing matched."""
        import difflib

        keys = []
        for w in words(query):
            for match in difflib.get_close_matches(fold(w), self.vocabulary, n=n, cutoff=0.6):
                if match not in keys:
                    keys.append(match)
        spelled = dict.fromkeys(keys, "")  # one real word for each key: "remyelination", not "remyelin"
        missing = len(keys)
        for text in self.data["text"] if missing else ():
            for w in words(text):
                if spelled.get(fold(w)) == "":
                    spelled[fold(w)] = w.lower()
                    missing -= 1
            if not missing:
                break
        return list(dict.fromkeys(spelled[k] or k for k in keys))[:n]


def snippet(text: str, keys: set[str], width: int = 160) -> str:
    """A short piece of text around the first match, with matching words marked."""
    text = unmark(text)
    spans = [m.span() for m in _WORD.finditer(text) if fold(m.group()) in keys]
    if not spans:
        return text[:width]
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > spans[0][1] else end
    out, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out += [text[pos:s], MARK_START, text[s:e], MARK_END]
        pos = e
    out.append(text[pos:end])
    clean = "".join(out)
    return ("…" if start else "") + clean + ("…" if end < len(text) else "")
