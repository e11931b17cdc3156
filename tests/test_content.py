"""The shipped knowledge base: complete, cited, well-formed and in plain language."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from msstem import load_knowledge_base
from msstem.kb.lint import DOI, PMID, REGISTRY
from msstem.kb.model import Therapy

KB = load_knowledge_base()
THERAPIES = {t.id: t for t in KB.therapies}

URL = re.compile(r"^https?://[^\s/]+\.[a-z]{2,}(/\S*)?$")
MIRRORS = ("scribd", "vdocuments", "wordpress", "blogspot", "forum", "wilddata", "reviewer.ly", "weglot",
           "distantreader", "crick.ai", "meddatax", "trials.co", "centerwatch", "msviewsandnews", "docslib",
           "physiciansweekly", "diagnosticdetectives", "hsctwarriors", "studylib", "acemap", "docksci")  # fmt: skip

SUMMARY_GRADE = 8.0
ENTRY_GRADE = 10.0


def entry_text(therapy: Therapy) -> str:
    return " ".join([*(c.text for c in therapy.claims()), *(q.text for q in therapy.questions)])


def test_the_four_stem_cell_families_and_the_comparator_are_there() -> None:
    assert {"ahsct", "msc", "ipsc", "nsc", "dmt"} <= set(THERAPIES)
    assert {t.id for t in KB.therapies if t.is_stem_cell} >= {"ahsct", "msc", "ipsc", "nsc"}
    assert THERAPIES["dmt"].kind == "comparator"


def test_every_non_stem_cell_entry_says_so_in_its_summary() -> None:
    for therapy in KB.therapies:
        if not therapy.is_stem_cell:
            assert "not a stem cell therapy" in therapy.summary.text.lower(), therapy.id


def test_every_non_stem_cell_entry_says_so_first_at_a_glance() -> None:
    """`compare` shows no separate note for these: the first row of its grid must say it."""
    for therapy in KB.therapies:
        if not therapy.is_stem_cell:
            assert therapy.at_a_glance.what_it_is.text.startswith("Not stem cells."), therapy.id


def test_who_and_when_of_each_key_number_fits_a_grid_cell() -> None:
    """`who_when` stands beside the number in an option grid: a few words, not a sentence."""
    for therapy in KB.therapies:
        for number in therapy.key_numbers:
            assert len(number.who_when) <= 45 and not number.who_when.endswith("."), number.id


def test_the_shipped_knowledge_base_lints_clean() -> None:
    """Every rule of `msstem lint`: references for every fact, denominators for risk numbers,
    well-formed identifiers, used references, readable summaries, review dates to come."""
    from msstem.kb.lint import lint

    today = dt.date.fromisoformat(KB.version.replace(".", "-")) if KB.version.count(".") == 2 else dt.date.today()
    assert [f"{f.code} {f.path}: {f.message}" for f in lint(KB, today)] == []


@pytest.mark.parametrize("therapy", KB.therapies, ids=lambda t: t.id)
def test_review_is_due_after_the_last_review(therapy: Therapy) -> None:
    assert therapy.review_due > therapy.last_reviewed


@pytest.mark.parametrize("ref", KB.references, ids=lambda r: r.id)
def test_identifiers_are_well_formed_and_canonical(ref) -> None:
    assert ref.pmid is None or PMID.match(ref.pmid)
    assert ref.doi is None or DOI.match(ref.doi)
    assert ref.registry is None or REGISTRY.match(ref.registry)
    assert ref.url is None or URL.match(ref.url)
    assert not any(m in (ref.url or "") for m in MIRRORS), "cite the canonical page, not a mirror"
    assert ref.year <= dt.date.today().year + 1, "a reference cannot come from the future"


def test_trial_registry_ids_are_well_formed() -> None:
    for trial in KB.trials:
        for rid in trial.registry_ids:
            assert REGISTRY.match(rid), (trial.id, rid)


def test_glossary_has_at_least_30_distinct_terms() -> None:
    assert len(KB.glossary) >= 30
    assert len({t.term.casefold() for t in KB.glossary}) == len(KB.glossary)


@pytest.mark.parametrize("therapy", KB.therapies, ids=lambda t: t.id)
def test_readability(therapy: Therapy) -> None:
    textstat = pytest.importorskip("textstat")
    summary = textstat.flesch_kincaid_grade(therapy.summary.text)
    whole = textstat.flesch_kincaid_grade(entry_text(therapy))
    assert summary <= SUMMARY_GRADE, f"summary reads at grade {summary}"
    assert whole <= ENTRY_GRADE, f"the whole entry reads at grade {whole}"


GLANCE_WORDS, GLANCE_GRADE = 25, 6.0


@pytest.mark.parametrize("therapy", KB.therapies, ids=lambda t: t.id)
def test_answers_at_a_glance_are_short_plain_and_cited(therapy: Therapy) -> None:
    """At most 25 words and US grade 6 an answer (textstat 0.7.3); every answer cites its sources,
    or says honestly that nothing is known (study: none)."""
    textstat = pytest.importorskip("textstat")
    for question, claim in therapy.glance():
        words = textstat.lexicon_count(claim.text)
        grade = textstat.flesch_kincaid_grade(claim.text)
        assert words <= GLANCE_WORDS, f"{question}: {words} words"
        assert grade <= GLANCE_GRADE, f"{question}: grade {grade}"
        assert claim.refs or claim.study == "none", question


def test_key_numbers_of_the_comparator_quantify_its_harms() -> None:
    """A comparison never quantifies one side's harms only (issue #13)."""
    assert any(n.kind == "harm" for n in KB.therapy("dmt").key_numbers)
    assert any(n.kind == "harm" for n in KB.therapy("ahsct").key_numbers)
    assert {n.counts for n in KB.therapy("dmt").key_numbers} & {n.counts for n in KB.therapy("ahsct").key_numbers}
