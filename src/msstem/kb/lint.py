"""Checks for contributors, beyond what the loader validates: numbered rules, like a linter.

Each rule has a code, a one-line description, and a test with a file that breaks it
(tests/fixtures/lint/MS00N.yaml).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from msstem.kb.chars import UNSAFE
from msstem.kb.model import REGISTRY_ID, SECTIONS, KnowledgeBase, plain_data
from msstem.kb.vocabulary import GLANCE

RULES: dict[str, str] = {
    "MS001": "a claim, trial or glossary term states something without a reference",
    "MS002": "a malformed PMID, DOI or trial registry id",
    "MS003": "a summary above the reading-grade bound (US grade 8, Flesch-Kincaid)",
    "MS004": "a review date in the past",
    "MS005": "a reference that nothing cites",
    "MS006": "a risk number without its denominator ('2 in 100', '6 of 12')",
    "MS007": "markup or hidden characters in text (an HTML tag, a markdown link, a control or invisible"
    " character), or a link that is not http(s)",
    "MS008": "a reference url on a staging or test host (stage., staging., test.): cite the live page",
    "MS009": "a reference url that is a raw data query (an API such as api.fda.gov): cite the readable page",
    "MS010": "a reference url with http://: use https:// (every site cited here offers it)",
    "MS011": "an answer at a glance over 25 words",
    "MS012": "a key number's who_when over 45 characters (it stands beside the number in a grid cell)",
}
GLANCE_WORDS = 25
WHO_WHEN = 45
SUMMARY_GRADE = 8.0

PMID = re.compile(r"^[1-9][0-9]{0,8}$")
DOI = re.compile(r"^10\.[0-9]{4,9}/\S+$")
REGISTRY = re.compile(f"^({REGISTRY_ID})$")
_DENOMINATOR = re.compile(r"\b(in|of|in every|out of)\s+[0-9][0-9,]*\b")
_NUMBER = re.compile(r"[0-9]")
# An HTML tag or comment, a markdown link or image: shown as text in every format, never run, but
# in a knowledge base it is a mistake or an attempt to inject something.
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|<!--|!?\[[^\]]*\]\(", re.IGNORECASE)
_WEB_LINK = re.compile(r"https?://", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    code: str
    path: str
    line: int | None
    message: str


def lint(kb: KnowledgeBase, today: dt.date) -> list[Finding]:
    """Every finding, in file order."""
    findings = [
        *_uncited(kb),
        *_identifiers(kb),
        *_readability(kb),
        *_review_dates(kb, today),
        *_unused(kb),
        *_risk_numbers(kb),
        *_markup(kb),
        *_urls(kb),
        *_glance_length(kb),
    ]
    return sorted(findings, key=lambda f: (f.line or 0, f.code))


def _finding(kb: KnowledgeBase, code: str, path: str, message: str) -> Finding:
    return Finding(code, path, kb.line(path), message)


def _uncited(kb: KnowledgeBase) -> Iterator[Finding]:
    for i, t in enumerate(kb.therapies):
        for name in ("summary", *SECTIONS):
            claims = (t.summary,) if name == "summary" else t.section(name)
            for j, claim in enumerate(claims):
                path = f"therapies[{i}].{name}" + ("" if name == "summary" else f"[{j}]")
                if not claim.refs and _NUMBER.search(claim.text):
                    yield _finding(kb, "MS001", path, "states a number but cites no reference")
    for i, trial in enumerate(kb.trials):
        if not trial.refs:
            yield _finding(kb, "MS001", f"trials[{i}].refs", f"trial '{trial.id}' cites no reference")
    for i, term in enumerate(kb.glossary):
        if not term.refs:
            yield _finding(kb, "MS001", f"glossary[{i}].refs", f"glossary term '{term.term}' cites no reference")


def _identifiers(kb: KnowledgeBase) -> Iterator[Finding]:
    for i, ref in enumerate(kb.references):
        if ref.pmid is not None and not PMID.match(ref.pmid):
            yield _finding(kb, "MS002", f"references[{i}].pmid", f"'{ref.pmid}' is not a PMID (digits only)")
        if ref.doi is not None and not DOI.match(ref.doi):
            yield _finding(kb, "MS002", f"references[{i}].doi", f"'{ref.doi}' is not a DOI (10.NNNN/...)")
        if ref.registry is not None and not REGISTRY.match(ref.registry):
            yield _finding(kb, "MS002", f"references[{i}].registry", f"'{ref.registry}' is not a registry id")
    for i, trial in enumerate(kb.trials):
        for j, rid in enumerate(trial.registry_ids):
            if not REGISTRY.match(rid):
                yield _finding(
                    kb, "MS002", f"trials[{i}].registry_ids[{j}]",
                    f"'{rid}' is not a registry id (NCT########, ISRCTN########, EudraCT YYYY-NNNNNN-NN)",
                )  # fmt: skip


def _readability(kb: KnowledgeBase) -> Iterator[Finding]:
    try:
        import textstat
    except ImportError:  # an optional check: textstat is in the test extra
        return
    for i, t in enumerate(kb.therapies):
        grade = textstat.flesch_kincaid_grade(t.summary.text)
        if grade > SUMMARY_GRADE:
            yield _finding(
                kb, "MS003", f"therapies[{i}].summary",
                f"reads at US grade {grade:.1f}; keep it at {SUMMARY_GRADE:.0f} or below (shorter sentences)",
            )  # fmt: skip


def _review_dates(kb: KnowledgeBase, today: dt.date) -> Iterator[Finding]:
    for i, t in enumerate(kb.therapies):
        if t.overdue(today):
            yield _finding(kb, "MS004", f"therapies[{i}].review_due", f"'{t.id}' was due for review on {t.review_due}")


def _unused(kb: KnowledgeBase) -> Iterator[Finding]:
    places = kb.cited_by()
    for i, ref in enumerate(kb.references):
        if not places[ref.id]:
            yield _finding(kb, "MS005", f"references[{i}]", f"reference '{ref.id}' is not cited anywhere")


def _risk_numbers(kb: KnowledgeBase) -> Iterator[Finding]:
    for i, t in enumerate(kb.therapies):
        for j, claim in enumerate(t.risks):
            path = f"therapies[{i}].risks[{j}]"
            if claim.how_often and _NUMBER.search(claim.how_often) and not _DENOMINATOR.search(claim.how_often):
                yield _finding(kb, "MS006", f"{path}.how_often", f"'{claim.how_often}' needs a denominator")
            if "%" in claim.text and not _DENOMINATOR.search(claim.text):
                yield _finding(kb, "MS006", f"{path}.text", "a percentage without 'X in 100': use natural frequencies")


# Every list of records, for the rules that read all text.
COLLECTIONS = ("evidence_stages", "therapies", "trials", "references", "glossary", "criteria_sets", "clinic_checks",
               "general_questions")  # fmt: skip


def _markup(kb: KnowledgeBase) -> Iterator[Finding]:
    for collection in COLLECTIONS:
        for i, record in enumerate(getattr(kb, collection)):
            yield from _markup_in(kb, plain_data(record), f"{collection}[{i}]")
    for i, ref in enumerate(kb.references):
        if ref.url is not None and not _WEB_LINK.match(ref.url):
            yield _finding(kb, "MS007", f"references[{i}].url", f"'{ref.url}' is not an http(s) link")


def _markup_in(kb: KnowledgeBase, value: object, path: str) -> Iterator[Finding]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _markup_in(kb, item, f"{path}.{key}")
    elif isinstance(value, list):
        for j, item in enumerate(value):
            yield from _markup_in(kb, item, f"{path}[{j}]")
    elif isinstance(value, str):
        hidden, markup = UNSAFE.search(value), _MARKUP.search(value)
        if hidden:
            code = f"U+{ord(hidden.group()):04X}"
            yield _finding(kb, "MS007", path, f"has a control or invisible character ({code}), shown as \ufffd")
        if markup:
            yield _finding(kb, "MS007", path, f"has markup ('{markup.group()}'): it is shown as text; say it in words")


_STAGING = re.compile(r"^https?://(stage|staging|test|dev)[.-]", re.IGNORECASE)
_API_QUERY = re.compile(r"^https?://api\.|[?&](search|query)=.*[:&]", re.IGNORECASE)


def _urls(kb: KnowledgeBase) -> Iterator[Finding]:
    """Citation hygiene: the live, readable, secure page of an organisation."""
    for i, ref in enumerate(kb.references):
        url = ref.url or ""
        path = f"references[{i}].url"
        if _STAGING.match(url):
            yield _finding(kb, "MS008", path, f"'{url}' is a staging host: cite the live page")
        if _API_QUERY.search(url):
            yield _finding(kb, "MS009", path, f"'{url}' is a data query: cite the readable page")
        if url.lower().startswith("http://"):
            yield _finding(kb, "MS010", path, f"'{url}' uses http: use https")


def _glance_length(kb: KnowledgeBase) -> Iterator[Finding]:
    for i, t in enumerate(kb.therapies):
        for name, (_, claim) in zip(GLANCE, t.glance(), strict=True):
            words = len(claim.text.split())
            if words > GLANCE_WORDS:
                path = f"therapies[{i}].at_a_glance.{name}"
                yield _finding(kb, "MS011", path, f"{words} words: at most {GLANCE_WORDS}, so a grid stays one screen")
        for j, number in enumerate(t.key_numbers):
            if len(number.who_when) > WHO_WHEN:
                path = f"therapies[{i}].key_numbers[{j}].who_when"
                yield _finding(kb, "MS012", path, f"{len(number.who_when)} characters: at most {WHO_WHEN}, a few words")
