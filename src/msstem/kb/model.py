"""The knowledge base as plain, frozen data: no Typer, no Rich, and no I/O of its own.

Each record type is declared once, here. Its fields say what the YAML file holds: a field without
a default is required; `field(metadata=...)` adds what a type cannot say (a vocabulary, an id,
which records an id points to, a list that must not be empty). Reading and validating the file
(load.py), the cache (cache.py) and JSON output are all derived from these declarations
(fields.py walks them)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar, overload

from msstem.kb.chars import IGNORED
from msstem.kb.vocabulary import (
    AIMS,
    CRITERIA_KINDS,
    CRITERION_FACTS,
    GLANCE,
    KINDS,
    MS_TYPES,
    NUMBER_KINDS,
    QUESTION_GROUPS,
    RED_FLAG_ANSWERS,
    SECTIONS,
    STUDY_KINDS,
    TRIAL_STATUSES,
)


def choice(vocabulary: Mapping[str, str] | Sequence[str], **kw: Any) -> Any:
    """A text field that must be one of a vocabulary."""
    return field(metadata={"choices": tuple(vocabulary)}, **kw)


def ident(**kw: Any) -> Any:
    """A record's id: lowercase letters, digits, hyphens and underscores."""
    return field(metadata={"id": True}, **kw)


def lookup_names(**kw: Any) -> Any:
    """Names people type to find a record, compared as normalise_name folds them: each must keep
    something once folded, and none may hold an invisible or control character."""
    return field(metadata={"name": True}, **kw)


def points_to(collection: str, *, needed: str | None = None, **kw: Any) -> Any:
    """Ids of records in another list of the knowledge base ("references", "therapies" ...), checked
    to exist. `needed` names the record when the list must not be empty ("a criteria set")."""
    return field(metadata={"points_to": collection, "needed": needed}, **kw)


def nonempty(hint: str, **kw: Any) -> Any:
    """A list that must have at least one item; `hint` says what to give."""
    return field(metadata={"nonempty": hint}, **kw)


@dataclass(frozen=True)
class Claim:
    """One cited statement of fact, in plain language."""

    text: str
    refs: tuple[str, ...] = points_to("references")
    study: str = choice(STUDY_KINDS)
    label: str | None = None
    how_often: str | None = None
    duration: str | None = None
    as_of: dt.date | None = None


@dataclass(frozen=True)
class Question:
    group: str = choice(QUESTION_GROUPS)
    text: str


@dataclass(frozen=True)
class EvidenceStage:
    id: str = ident()
    label: str
    definition: str
    rank: int = field(default=0, metadata={"position": True})  # 1 for the weakest stage: its place in the list


CLAIMS_HINT = "give at least one claim (study: none if nothing is known)"


@dataclass(frozen=True)
class Glance:
    """Short cited answers to the questions people ask first, the same for every entry so that a
    comparison lines up (Option Grid): at most 25 words and US grade 6 each (tests/test_content.py)."""

    what_it_is: Claim
    studied_in: Claim
    may_do: Claim
    main_risks: Claim
    how_given: Claim
    recovery: Claim
    access: Claim
    cost: Claim
    evidence: Claim


@dataclass(frozen=True)
class KeyNumber:
    """A number as data: how many of how many people had an outcome, in which group and study.
    Shown as a natural frequency on one denominator (X in 100) and as an icon array."""

    id: str = ident()
    counts: str  # what is counted: "Disability got worse"
    group: str  # in whom: "People with relapsing MS given aHSCT in the MIST trial"
    who_when: str  # in whom and when, in a few words, for a grid cell: "MIST, joined 2005 to 2016"
    events: float = field(metadata={"range": (0, 1e9)})  # how many had it (a rate when the source gives only a rate)
    total: int = field(metadata={"range": (1, 1e9)})  # out of how many
    study: str = choice(STUDY_KINDS)
    years: str  # when, as the source says
    refs: tuple[str, ...] = points_to("references")
    kind: str = choice(NUMBER_KINDS)
    events_high: float | None = field(default=None, metadata={"range": (0, 1e9)})  # the top of a range
    note: str | None = None

    def per_100(self) -> tuple[float, float | None]:
        """The natural frequency on a denominator of 100: low, and high for a range."""
        high = None if self.events_high is None else 100 * self.events_high / self.total
        return 100 * self.events / self.total, high


@dataclass(frozen=True)
class Therapy:
    id: str = ident()
    name: str
    short_name: str
    aliases: tuple[str, ...] = lookup_names()
    kind: str = choice(KINDS)
    aim: str = choice(AIMS)
    evidence_stage: str = points_to("evidence_stages")
    summary: Claim
    one_line: str
    at_a_glance: Glance
    how_it_works: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    cell_source: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    how_given: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    procedure: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    benefits: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    risks: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    studied_in: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    eligibility: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    progressive_ms: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    recovery: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    fertility: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    cost_access: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    status: tuple[Claim, ...] = nonempty(CLAIMS_HINT)
    questions: tuple[Question, ...] = nonempty("give at least one question")
    last_reviewed: dt.date
    review_due: dt.date
    key_numbers: tuple[KeyNumber, ...] = ()  # the main ones first

    @property
    def aim_label(self) -> str:
        return AIMS[self.aim]

    @property
    def is_stem_cell(self) -> bool:
        return self.kind == "stem_cell"

    def overdue(self, today: dt.date) -> bool:
        """True when today is past the entry's review date."""
        return today > self.review_due

    def section(self, name: str) -> tuple[Claim, ...]:
        """The claims of one section named in SECTIONS."""
        claims: tuple[Claim, ...] = getattr(self, name)
        return claims

    def title(self) -> str:
        """The name with the short name, said once: 'Mesenchymal stem cells (MSC)', 'High-efficacy
        disease-modifying drugs (High-efficacy DMTs, for comparison)', 'CAR-T cell therapy (not a
        stem cell therapy)'."""
        if not (self.name.endswith(")") and "(" in self.name):
            return f"{self.name} ({self.short_name})"
        if self.short_name.casefold() in self.name.casefold():
            return self.name
        i = self.name.index("(")
        return f"{self.name[: i + 1]}{self.short_name}, {self.name[i + 1 :]}"

    def glance(self) -> tuple[tuple[str, Claim], ...]:
        """The at-a-glance answers with their questions, in reading order."""
        return tuple((question, getattr(self.at_a_glance, name)) for name, question in GLANCE.items())

    def claims(self) -> tuple[Claim, ...]:
        """Every claim of the entry: summary, answers at a glance, then the sections."""
        out = [self.summary, *(claim for _, claim in self.glance())]
        for name in SECTIONS:
            out.extend(self.section(name))
        return tuple(out)


@dataclass(frozen=True)
class Trial:
    id: str = ident()
    name: str
    therapies: tuple[str, ...] = points_to("therapies", needed="a trial")
    registry_ids: tuple[str, ...]
    design: str
    participants: str
    population: str
    comparator: str
    primary_outcome: str
    result: str
    status: str = choice(TRIAL_STATUSES)
    status_as_of: dt.date
    refs: tuple[str, ...] = points_to("references")


@dataclass(frozen=True)
class Reference:
    id: str = ident()
    authors: str
    title: str
    source: str
    year: int = field(metadata={"range": (1800, 2200), "example": "a year such as 2019"})
    pmid: str | None = None
    doi: str | None = None
    registry: str | None = None
    url: str | None = None

    def links(self) -> tuple[str, ...]:
        """Canonical links: PubMed, DOI, trial registry, the organisation's page."""
        out = []
        if self.pmid:
            out.append(f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/")
        if self.doi:
            out.append(f"https://doi.org/{self.doi}")
        if self.registry:
            out.append(registry_url(self.registry))
        if self.url:
            out.append(self.url)
        return tuple(dict.fromkeys(out))  # a registry record's own page is often its url too

    def identifiers(self) -> tuple[str, ...]:
        """Identifiers as a reader would quote them: 'PMID:30644983' (no space, so that a narrow
        screen never parts it from its number), 'doi:10.…'."""
        out = []
        if self.pmid:
            out.append(f"PMID:{self.pmid}")
        if self.doi:
            out.append(f"doi:{self.doi}")
        if self.registry:
            out.append(self.registry)
        return tuple(out)

    def first_author(self) -> str:
        """'Burt RK', 'Bruce Cree': the first name in `authors`, without what follows a comma or a bracket."""
        return re.split(r",| \(", self.authors)[0].strip()

    def citation(self) -> str:
        """Authors. Title. Source, year. Identifiers."""
        ids = "; ".join(self.identifiers())
        source = self.source if str(self.year) in self.source else f"{self.source}, {self.year}"
        text = " ".join(_sentence(part) for part in (self.authors, self.title, source))
        return f"{text} {ids}." if ids else text


def _sentence(text: str) -> str:
    """Text ending in exactly one full stop, or in its own question or exclamation mark."""
    text = text.strip().rstrip(".")
    return text if text.endswith(("?", "!")) else text + "."


# A trial registry id as registries write it: ClinicalTrials.gov, ISRCTN, EudraCT, the EU register.
REGISTRY_ID = r"NCT[0-9]{8}|ISRCTN[0-9]{8}|EudraCT [0-9]{4}-[0-9]{6}-[0-9]{2}|EUCTR[0-9]{4}-[0-9]{6}-[0-9]{2}-[A-Z]{2}"


def registry_url(registry_id: str) -> str:
    """The public page of a trial registry id (NCT, ISRCTN or EudraCT)."""
    rid = registry_id.strip()
    if rid.upper().startswith("NCT"):
        return f"https://clinicaltrials.gov/study/{rid.upper()}"
    if rid.upper().startswith("ISRCTN"):
        return f"https://www.isrctn.com/{rid.upper()}"
    number = re.search(r"[0-9]{4}-[0-9]{6}-[0-9]{2}", rid)  # EudraCT 2012-000111-22, EUCTR2012-000111-22-GB
    return f"https://www.clinicaltrialsregister.eu/ctr-search/search?query={number.group() if number else rid}"


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    refs: tuple[str, ...] = points_to("references")
    therapies: tuple[str, ...] = points_to("therapies")
    say: str | None = None


@dataclass(frozen=True)
class Rule:
    """A bound that a person's fact can be checked against; all given parts must hold."""

    min: float | None = None
    max: float | None = None
    below: float | None = None
    above: float | None = None
    any_of: tuple[str, ...] | None = field(
        default=None, metadata={"key": "in", "choices": tuple(MS_TYPES), "nonempty": "give at least one"}
    )  # ms_type
    # MS types the source leaves open ("early progressive MS may be considered"): cannot be judged.
    unclear: tuple[str, ...] | None = field(default=None, metadata={"choices": tuple(MS_TYPES)})
    equals: bool | None = None  # for yes/no facts


@dataclass(frozen=True)
class Criterion:
    fact: str = choice(CRITERION_FACTS)
    text: str
    rule: Rule | None = None


@dataclass(frozen=True)
class CriteriaSet:
    id: str = ident()
    therapy: str = points_to("therapies")
    body: str
    source_title: str
    as_of: dt.date
    kind: str = choice(CRITERIA_KINDS)
    refs: tuple[str, ...] = points_to("references", needed="a criteria set")
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class ClinicCheck:
    id: str = ident()
    question: str
    red_flag_answer: str = choice(RED_FLAG_ANSWERS)
    why: str
    refs: tuple[str, ...] = points_to("references", needed="a checklist item")


@dataclass(frozen=True)
class Organisation:
    """Who to ask for help and support: a patient organisation, as its own page gives it."""

    name: str
    region: str
    contact: str  # "Helpline 0808 800 8000", or "Website" where no number was confirmed
    url: str
    refs: tuple[str, ...] = points_to("references", needed="a support organisation")

    def label(self) -> str:
        """'MS Trust (UK)'; a name that already says where ('MS Society (UK)') as it is."""
        return self.name if "(" in self.name else f"{self.name} ({self.region})"


R = TypeVar("R")


class Records(Sequence[R], Generic[R]):
    """Model records in file order, found by id. Each record is built on first use, so a command
    that shows one entry of a large knowledge base builds only that one (see stored.py); records
    given already built (as the loader gives them) are simply held.

    `tags` are what a record is known by besides its id, read without building it: a therapy's
    aliases, the therapies a trial belongs to.
    """

    def __init__(self, ids: Sequence[str], tags: Sequence[Sequence[str]], build: Callable[[int], R]) -> None:
        self.ids = tuple(ids)
        self.tags = tags
        self._build = build
        self._built: list[R | None] = [None] * len(self.ids)
        self._positions: dict[str, int] | None = None

    @classmethod
    def of(cls, items: Sequence[R], ids: Sequence[str], tags: Sequence[Sequence[str]] = ()) -> Records[R]:
        records = cls(ids, tags or [()] * len(ids), items.__getitem__)
        records._built = list(items)
        return records

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[R]: ...
    def __getitem__(self, index: int | slice) -> R | Sequence[R]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if not -len(self) <= index < len(self):
            raise IndexError("record index out of range")
        if index < 0:
            index += len(self)
        built = self._built[index]
        if built is None:
            built = self._built[index] = self._build(index)
        return built

    def __iter__(self) -> Iterator[R]:
        return (self[i] for i in range(len(self)))

    def get(self, ident: str) -> R | None:
        """The record with this id, or None."""
        if self._positions is None:
            self._positions = {record_id: i for i, record_id in enumerate(self.ids)}
        index = self._positions.get(ident)
        return None if index is None else self[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Records):
            return self.ids == other.ids and tuple(self) == tuple(other)
        return tuple(self) == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Records({len(self)} records)"


NOT_IN_FILE = MappingProxyType({"in_file": False})

# The lists held as Records, and what each record is known by besides its id (Records.tags).
TAGS: Mapping[str, Callable[[Any], Sequence[str]]] = MappingProxyType({
    "therapies": lambda t: t.aliases,
    "trials": lambda t: t.therapies,
    "references": lambda r: (),
    "criteria_sets": lambda c: (c.therapy,),
})  # fmt: skip


@dataclass(frozen=True)
class KnowledgeBase:
    version: str
    evidence_stages: tuple[EvidenceStage, ...]
    therapies: Records[Therapy] = nonempty("give at least one therapy")  # a tuple is accepted, held as Records
    trials: Records[Trial]
    references: Records[Reference]
    glossary: tuple[Term, ...]
    criteria_sets: Records[CriteriaSet] = ()  # type: ignore[assignment]
    clinic_checks: tuple[ClinicCheck, ...] = ()
    general_questions: tuple[Question, ...] = ()
    support: tuple[Organisation, ...] = ()
    # Not in the file: its name, the line of each field path such as ("therapies", 0, "risks")
    # (read again from the file when asked, for a knowledge base from the cache), and the cache's
    # search index when there is one (search.py).
    source: str = field(default="", metadata=NOT_IN_FILE)
    lines: Mapping[tuple[str | int, ...], int] = field(
        default_factory=dict, repr=False, compare=False, metadata=NOT_IN_FILE
    )
    search_index: Any = field(default=None, repr=False, compare=False, metadata=NOT_IN_FILE)
    # Made from the records: every id and alias, normalised, to its therapy's id; trials and
    # criteria sets by therapy.
    names: Mapping[str, str] = field(init=False, repr=False, compare=False)
    _trials: Mapping[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    _criteria: Mapping[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        def held(name: str, tags: Callable[[R], Sequence[str]]) -> None:
            items = getattr(self, name)
            if not isinstance(items, Records):
                records = Records.of(items, [i.id for i in items], [tags(i) for i in items])
                object.__setattr__(self, name, records)

        for name, tags in TAGS.items():
            held(name, tags)
        names: dict[str, str] = {}
        for therapy_id, aliases in zip(self.therapies.ids, self.therapies.tags, strict=True):
            for name in (therapy_id, *aliases):
                names.setdefault(normalise_name(name), therapy_id)
        object.__setattr__(self, "names", MappingProxyType(names))
        object.__setattr__(self, "_trials", _positions(self.trials.tags))
        object.__setattr__(self, "_criteria", _positions(self.criteria_sets.tags))

    # Lookups -----------------------------------------------------------------------------

    def therapy(self, name: str) -> Therapy | None:
        """The therapy with this id or alias (case, spaces and hyphens do not matter)."""
        therapy_id = self.names.get(normalise_name(name))
        return None if therapy_id is None else self.therapies.get(therapy_id)

    def suggestions(self, name: str, n: int = 3) -> list[str]:
        """Therapy ids whose id or alias is closest to a name that matched nothing."""
        import difflib

        close = difflib.get_close_matches(normalise_name(name), list(self.names), n=8, cutoff=0.5)
        out: list[str] = []
        for match in close:
            therapy_id = self.names[match]
            if therapy_id not in out:
                out.append(therapy_id)
        return out[:n]

    def read_names(self, words: Sequence[str]) -> list[tuple[str, str | None]]:
        """Words as therapy names, each the longest id or alias that starts there: 'stem cell
        transplant msc' is ('stem cell transplant', 'ahsct') then ('msc', 'msc'). A run of words
        that starts no name is one phrase with None. Phrases keep the words as typed."""
        tokens = [token for word in words for token in word.split()]
        longest = max((len(name.split()) for name in self.names), default=1)  # a bound in typed words too
        out: list[tuple[str, str | None]] = []
        unknown: list[str] = []
        i = 0
        while i < len(tokens):
            for j in range(min(len(tokens), i + longest), i, -1):
                therapy_id = self.names.get(normalise_name(" ".join(tokens[i:j])))
                if therapy_id is not None:
                    break
            else:
                unknown.append(tokens[i])
                i += 1
                continue
            if unknown:
                out.append((" ".join(unknown), None))
                unknown = []
            out.append((" ".join(tokens[i:j]), therapy_id))
            i = j
        if unknown:
            out.append((" ".join(unknown), None))
        return out

    def term(self, name: str) -> Term | None:
        """A glossary term by its name or short form ('EDSS', 'edss', 'myelin'), or else the term
        that names the therapy called so ('hsct' finds 'aHSCT (autologous haematopoietic …)')."""
        key = normalise_name(name)
        if not key:  # '', '---': no term
            return None
        for term in self.glossary:
            if key in _forms(term.term):
                return term
        therapy = self.therapy(name)
        if therapy is None:
            return None
        names = set().union(*(_forms(n) for n in (therapy.id, therapy.short_name, therapy.name, *therapy.aliases)))
        return next((term for term in self.glossary if names & _forms(term.term)), None)

    def term_suggestions(self, name: str, n: int = 3) -> list[str]:
        import difflib

        names = {normalise_name(t.term).split(" (")[0]: t.term for t in self.glossary}
        return [names[m] for m in difflib.get_close_matches(normalise_name(name), list(names), n=n, cutoff=0.5)]

    def stage(self, stage_id: str) -> EvidenceStage:
        return next(s for s in self.evidence_stages if s.id == stage_id)

    def reference(self, ref_id: str) -> Reference:
        ref = self.references.get(ref_id)
        if ref is None:
            raise KeyError(ref_id)
        return ref

    def line(self, path: str) -> int | None:
        """The line in the source file where a field (such as 'therapies[0].risks[2]') starts."""
        parts: tuple[str | int, ...] = tuple(
            int(index) if index else name for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path)
        )
        for cut in range(len(parts), 0, -1):
            if parts[:cut] in self.lines:
                return self.lines[parts[:cut]]
        return None

    def cited_by(self) -> dict[str, list[str]]:
        """For each reference id, the places that cite it, in reading order, each once."""
        out: dict[str, list[str]] = {r.id: [] for r in self.references}

        def add(refs: tuple[str, ...], place: str) -> None:
            for ref in refs:
                if place not in out[ref]:
                    out[ref].append(place)

        for t in self.therapies:
            add(t.summary.refs, f"{t.short_name}: Summary")
            for _, claim in t.glance():
                add(claim.refs, f"{t.short_name}: At a glance")
            for number in t.key_numbers:
                add(number.refs, f"{t.short_name}: Key numbers")
            for name, heading in SECTIONS.items():
                for claim in t.section(name):
                    add(claim.refs, f"{t.short_name}: {heading}")
        for trial in self.trials:
            add(trial.refs, f"Trial: {trial.name}")
        for c in self.criteria_sets:
            add(c.refs, f"Eligibility criteria: {c.body}")
        for check in self.clinic_checks:
            add(check.refs, f"Clinic checklist: {check.question}")
        for term in self.glossary:
            add(term.refs, f"Glossary: {term.term}")
        for org in self.support:
            add(org.refs, f"Help and support: {org.name}")
        return out

    def references_for(self, therapy_id: str) -> list[Reference]:
        """The references behind one entry, in reading order: its claims, its trials, its criteria."""
        therapy = self.therapies.get(therapy_id)
        if therapy is None:
            raise KeyError(therapy_id)
        ids = dict.fromkeys(r for c in therapy.claims() for r in c.refs)
        ids.update(dict.fromkeys(r for n in therapy.key_numbers for r in n.refs))
        ids.update(dict.fromkeys(r for t in self.trials_for(therapy_id) for r in t.refs))
        ids.update(dict.fromkeys(r for c in self.criteria_for(therapy_id) for r in c.refs))
        return [self.reference(r) for r in ids]

    def criteria_for(self, therapy_id: str) -> tuple[CriteriaSet, ...]:
        return tuple(self.criteria_sets[i] for i in self._criteria.get(therapy_id, ()))

    def trials_for(self, therapy_id: str) -> tuple[Trial, ...]:
        return tuple(self.trials[i] for i in self._trials.get(therapy_id, ()))

    @property
    def ids(self) -> tuple[str, ...]:
        return self.therapies.ids

    def last_reviewed(self) -> dt.date:
        """When the most recently reviewed entry was reviewed."""
        return max(t.last_reviewed for t in self.therapies)


def _positions(tags: Sequence[Sequence[str]]) -> Mapping[str, tuple[int, ...]]:
    """For each therapy id, the positions of the records tagged with it (trials, criteria sets)."""
    out: dict[str, list[int]] = {}
    for position, therapies in enumerate(tags):
        for therapy_id in therapies:
            out.setdefault(therapy_id, []).append(position)
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


_AS_IS = frozenset({str, int, float, bool, type(None)})


def plain_data(value: Any) -> Any:
    """Model objects as JSON-ready data: fields in order (not private ones), tuples as lists, dates
    as YYYY-MM-DD. For JSON output (render_data.py) and for the cache (stored.py)."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is tuple or kind is list:
        return [plain_data(v) for v in value]
    if kind is dt.date:
        return value.isoformat()
    if hasattr(kind, "__dataclass_fields__"):  # fields in order; vars() is 3x faster than getattr for each
        return {name: plain_data(v) for name, v in vars(value).items() if not name.startswith("_")}
    return value


_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")  # hyphens, dashes and minus signs


def _forms(name: str) -> set[str]:
    """A name, its short form and what its brackets hold, normalised: 'EDSS (Expanded Disability
    Status Scale)' is also 'edss' and 'expanded disability status scale'."""
    full = normalise_name(name)
    forms = {full, full.split(" (")[0]}
    if "(" in full:
        forms.add(full[full.find("(") + 1 : full.rfind(")")])
    return forms


def normalise_name(name: str) -> str:
    """A name as it is compared: compatibility forms and case folded (full-width 'ＡＬＰＨＡ', 'Alpha' and
    'alpha' are one name, as are NFC and NFD 'café'), invisible characters left out, and spaces,
    hyphens, dashes and underscores alike: 'CAR T' == 'car-t'."""
    if not name.isascii():  # (most names are: nothing to fold but case)
        import unicodedata

        name = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
        name = _DASHES.sub("-", IGNORED.sub("", name))
    return " ".join(name.casefold().replace("-", " ").replace("_", " ").split())
