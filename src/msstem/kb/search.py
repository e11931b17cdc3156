"""Full-text search over the knowledge base: therapies (every field), trials, glossary, references.

Forgiving by design: case, British/American spelling (haematopoietic/hematopoietic,
mobilisation/mobilization) and word endings (myelin/myelination) fold to one search key; a hit on
the key is exact, a whole-word match. Only when there are few exact hits (fewer than FEW) does
search add approximate ones, marked `approximate`: each query word also matches the keys it
begins ("chemo" for chemotherapy) or, for a word no text holds, the closest keys (typos).
Ranking: exact hits first, then where a word is found (a therapy's name beats a glossary term,
then summaries, text, and references last), then bm25 within a place.

With a knowledge base from the cache, search runs on its SQLite FTS5 table; without FTS5 (some
Python builds lack it) or without a cache, on an index built in memory: the same keys, the same
hits (within a place, FTS5 orders them by bm25 and the memory index in reading order). Hits
carry the character spans of matching words; each renderer shows them its own way.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from msstem.kb.model import SECTIONS, KnowledgeBase

# Weights by place: names first, then glossary terms, summaries, other text, references last.
WEIGHTS = {"name": 100.0, "term": 60.0, "summary": 12.0, "definition": 8.0, "text": 5.0, "trial": 5.0,
           "reference": 1.0}  # fmt: skip
MAX_QUERY = 200  # characters: a longer query is refused (each word costs a pass over the index)
FEW = 3  # fewer exact hits than this, and approximate ones are added after them

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_SUFFIXES = ("isations", "izations", "isation", "ization", "ations", "ation", "ising", "izing", "ised", "ized",
             "ises", "izes", "ise", "ize", "ing", "ed", "es", "s")  # fmt: skip
_OUR, _TRE, _NOT_KEY = re.compile(r"our\b"), re.compile(r"tre\b"), re.compile(r"[\W_]")


@functools.lru_cache(maxsize=65536)  # the same few thousand words come back again and again
def fold(word: str) -> str:
    """One spelling for British and American variants, and no word endings: a search key."""
    w = _NOT_KEY.sub("", word.casefold())
    w = w.replace("ae", "e").replace("oe", "e")  # haematopoietic -> hematopoietic, oedema -> edema
    w = _OUR.sub("or", w)  # tumour -> tumor
    w = _TRE.sub("ter", w)  # centre -> center
    for suffix in _SUFFIXES:
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def keys_of(text: str) -> str:
    """The search keys of a text, space-separated, as the full-text table holds them."""
    return " ".join(fold(w) for w in words(text))


@dataclass(frozen=True)
class Searchable:
    """One searchable piece of text and where it lives."""

    where: str  # "aHSCT", "Trial: MIST", "Glossary: Myelin", "Reference: Burt RK 2019"
    field: str  # "Risks", "Summary", "Definition", ...
    text: str
    weight: float
    therapy_id: str | None = None


@dataclass(frozen=True)
class Hit:
    where: str
    field: str
    snippet: str  # a piece of the text around the first match
    marks: tuple[tuple[int, int], ...]  # where the matching words are in the snippet
    score: float
    therapy_id: str | None
    approximate: bool = False  # matched by a word's beginning or a close spelling, not the word


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
    for org in kb.support:
        text = f"{org.label()}: {org.contact}. {org.url}"
        out.append(Searchable(f"Help and support: {org.name}", "Contact", text, WEIGHTS["text"]))
    for ref in kb.references:
        text = ref.citation()  # as a reader quotes it, punctuation and identifiers too
        out.append(Searchable(f"Reference: {ref.first_author()} {ref.year}", "Reference", text, WEIGHTS["reference"]))
    return out


def fill_index(db: Any, kb: KnowledgeBase) -> None:
    """Write the search documents into the cache's database (cache.py), with a full-text table of
    their keys when this SQLite has FTS5."""
    import sqlite3

    db.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, place TEXT, field TEXT, text TEXT,"
               " weight REAL, therapy TEXT)")  # fmt: skip
    docs = documents(kb)
    db.executemany(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
        ((i, d.where, d.field, d.text, d.weight, d.therapy_id) for i, d in enumerate(docs)),
    )
    try:
        db.execute("CREATE VIRTUAL TABLE hits USING fts5(keys, tokenize='unicode61 remove_diacritics 0')")
        db.execute("CREATE VIRTUAL TABLE vocabulary USING fts5vocab(hits, 'row')")
    except sqlite3.OperationalError:  # no FTS5 in this build: search builds its index in memory
        return
    db.executemany("INSERT INTO hits (rowid, keys) VALUES (?, ?)", ((i, keys_of(d.text)) for i, d in enumerate(docs)))


class Index:
    """Search over a knowledge base: its cached full-text table, else an index built in memory."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.db = _fts_database(kb)
        if self.db is not None:
            self.vocabulary = [row[0] for row in self.db.execute("SELECT term FROM vocabulary ORDER BY term")]
            return
        self.docs = documents(kb)
        self.postings: dict[str, set[int]] = {}
        for i, doc in enumerate(self.docs):
            for key in keys_of(doc.text).split():
                self.postings.setdefault(key, set()).add(i)
        self.vocabulary = sorted(self.postings)

    def expand(self, key: str) -> set[str]:
        """The other keys a query word may approximately match: the words it begins ("chemo" for
        chemotherapy); else, for a word the index does not hold, the closest keys (typos). None
        for words under 4 letters."""
        if len(key) < 4:
            return set()
        import bisect

        start = bisect.bisect_left(self.vocabulary, key)
        known = start < len(self.vocabulary) and self.vocabulary[start] == key
        prefixed = set()
        for other in self.vocabulary[start + known :]:
            if not other.startswith(key):
                break
            prefixed.add(other)
        if prefixed or known:  # a word the index holds is no typo
            return prefixed
        import difflib

        return set(difflib.get_close_matches(key, self.vocabulary, n=4, cutoff=0.8))

    def search(self, query: str, limit: int | None = None) -> tuple[list[Hit], int]:
        """The best matches (at most `limit`), and how many there are in all: exact ones, then,
        when those are few, approximate ones."""
        query_words = [fold(w) for w in words(query[:MAX_QUERY])]
        query_words = [k for k in query_words if k]
        if not query_words:
            return [], 0
        ranked = [(r, False) for r in self._ranked([{k} for k in query_words])]  # (weight, bm25, id): best first
        wanted = {False: set(query_words), True: set(query_words)}  # the keys to mark, in exact and other hits
        if len(ranked) < FEW:
            alternatives = [{k} | self.expand(k) for k in query_words]
            exact = {i for (_, _, i), _ in ranked}
            ranked += [(r, True) for r in self._ranked(alternatives) if r[2] not in exact]
            wanted[True] = set().union(*alternatives)
        hits = []
        for (weight, _, i), approximate in ranked[:limit] if limit is not None else ranked:
            where, field, text, therapy = self._document(i)
            piece, marks = snippet(text, wanted[approximate])
            hits.append(Hit(where, field, piece, marks, weight * len(query_words), therapy, approximate))
        return hits, len(ranked)

    def _ranked(self, alternatives: list[set[str]]) -> list[tuple[float, float, int]]:
        """Documents with every query word (in any of its forms): by weight, then bm25."""
        if self.db is not None:
            match = " AND ".join("(" + " OR ".join(_quoted(k) for k in sorted(keys)) + ")" for keys in alternatives)
            rows = self.db.execute(
                "SELECT d.weight, bm25(hits), d.id FROM hits JOIN documents d ON d.id = hits.rowid"
                " WHERE hits MATCH ? ORDER BY d.weight DESC, bm25(hits), d.id",
                (match,),
            ).fetchall()
            return [tuple(r) for r in rows]
        found: set[int] | None = None
        for keys in alternatives:
            having = set().union(*(self.postings.get(k, set()) for k in keys))
            found = having if found is None else found & having
        return sorted(((self.docs[i].weight, 0.0, i) for i in found or ()), key=lambda r: (-r[0], r[2]))

    def _document(self, i: int) -> tuple[str, str, str, str | None]:
        if self.db is not None:
            return self.db.execute("SELECT place, field, text, therapy FROM documents WHERE id = ?", (i,)).fetchone()
        d = self.docs[i]
        return d.where, d.field, d.text, d.therapy_id

    def closest_terms(self, query: str, n: int = 5) -> list[str]:
        """Known words nearest to what was typed, to offer when nothing matched."""
        import difflib

        keys = []
        for w in words(query[:MAX_QUERY]):
            for match in difflib.get_close_matches(fold(w), self.vocabulary, n=n, cutoff=0.6):
                if match not in keys:
                    keys.append(match)
        return keys[:n]


def _fts_database(kb: KnowledgeBase) -> Any:
    import sqlite3

    db = getattr(kb.search_index, "db", None)
    if db is None:
        return None
    try:
        db.execute("SELECT 1 FROM vocabulary LIMIT 1").fetchall()
    except sqlite3.Error:  # no FTS5 table: this SQLite lacks it
        return None
    return db


def _quoted(key: str) -> str:
    return '"' + key.replace('"', '""') + '"'


def snippet(text: str, keys: set[str], width: int = 160) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A piece of text around the first match, starting and ending at word boundaries, and the
    spans of the matching words in it."""
    matches = [m.span() for m in _WORD.finditer(text) if fold(m.group()) in keys]
    start, end = 0, len(text)
    if len(text) > width:
        first = matches[0][0] if matches else 0
        start = max(0, first - width // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else text.rfind(" ", 0, first) + 1
        end = min(len(text), start + width)
        if end < len(text):  # at the end of a sentence where one ends late enough, else of a word
            after = matches[0][1] if matches else start
            sentence = text.rfind(". ", max(after, start + width // 2), end) + 1
            space = text.rfind(" ", start, end)
            end = sentence if sentence else space if space > after else end
    lead = "…" if start else ""
    piece = lead + text[start:end] + ("…" if end < len(text) else "")
    shift = len(lead) - start
    marks = tuple((s + shift, e + shift) for s, e in matches if s >= start and e <= end)
    return piece, marks
