"""What the exploring commands show: search, glossary, trials and sources."""

from __future__ import annotations

from msstem.kb.model import KnowledgeBase, Reference, Term, Therapy, Trial
from msstem.kb.search import Hit
from msstem.kb.vocabulary import trial_status
from msstem.views.citations import human_date, reference_line
from msstem.views.document import Block, Bullets, Document, Grid, Heading, Marked, Paragraph
from msstem.views.therapies import footer


def search_document(kb: KnowledgeBase, query: str, hits: list[Hit], total: int) -> Document:
    exact = [h for h in hits if not h.approximate]
    close = [h for h in hits if h.approximate]
    blocks: list[Block] = []
    if not hits:
        blocks.append(Paragraph(f"No matches for '{query}'."))
    if exact:
        blocks.append(Bullets(tuple(_hit(h) for h in exact), numbered=True))
    if close:
        lead = "Few exact matches, so" if exact else "No exact matches for the words you typed, so"
        blocks.append(Paragraph(f"{lead} here are close matches: words that begin with them or are spelt like them."))
        blocks.append(Bullets(tuple(_hit(h) for h in close), numbered=True))
    if hits:
        blocks.append(Paragraph("Read more: msstem explain ID, msstem glossary TERM."))
    if total > len(hits):
        blocks.append(Paragraph(f"Showing the best {len(hits)}; see more with --limit {total}."))
    shown = f"{len(hits)} of {total} matches" if total > len(hits) else f"{total} match{'es' if total != 1 else ''}"
    return Document(f"Search: {query} ({shown})", tuple(blocks), footer(kb))


# Fields that only repeat what kind of place a hit is in ("Trial: MIST, Trial"): not shown.
_SAID_BY_PLACE = frozenset({"Term", "Trial", "Reference"})


def _hit(hit: Hit) -> Marked:
    close = " (close match)" if hit.approximate else ""
    if hit.field == "Term" and hit.where == f"Glossary: {hit.snippet}":  # the term itself: the label says it
        shift = len("Glossary: ")
        return Marked(hit.where + close, tuple((s + shift, e + shift) for s, e in hit.marks))
    place = hit.where if hit.field in _SAID_BY_PLACE else f"{hit.where}, {hit.field}"
    label = f"{place}{close}: "
    return Marked(label + hit.snippet, tuple((s + len(label), e + len(label)) for s, e in hit.marks))


def term_lines(kb: KnowledgeBase, term: Term) -> list[str]:
    lines = [term.definition]
    if term.say:
        lines.append(f"How to say it: {term.say}")
    if term.therapies:
        names = ", ".join(t.short_name for t in kb.therapies if t.id in term.therapies)
        lines.append(f"Used for: {names}")
    lines.append("Source: " + "; ".join(kb.reference(r).citation() for r in term.refs))
    return lines


def glossary_document(kb: KnowledgeBase, terms: list[Term]) -> Document:
    if len(terms) == 1:
        [term] = terms
        return Document(term.term, (Bullets(tuple(term_lines(kb, term))),), footer(kb))
    rows = tuple(((t.term,), (t.definition,)) for t in terms)
    blocks = (Grid(("Term", "Meaning"), rows), Paragraph("One term with its sources: msstem glossary TERM."))
    return Document(f"Glossary: {len(terms)} terms", blocks, footer(kb))


def trial_lines(trial: Trial, kb: KnowledgeBase) -> list[str]:
    from msstem.kb.model import registry_url

    registry = "; ".join(f"{r} {registry_url(r)}" for r in trial.registry_ids) or "no registry id confirmed"
    therapies = ", ".join(t.short_name for t in kb.therapies if t.id in trial.therapies)
    refs = "; ".join(kb.reference(r).citation() for r in trial.refs)
    return [
        f"Registry: {registry}",
        f"For: {therapies}",
        f"Design: {trial.design}",
        f"People: {trial.participants}",
        f"Who was included: {trial.population}",
        f"Compared with: {trial.comparator}",
        f"Main outcome: {trial.primary_outcome}",
        f"Result: {trial.result}",
        f"Status: {trial.status} (as of {human_date(trial.status_as_of)})",
        f"Source: {refs}",
    ]


def trials_document(
    kb: KnowledgeBase, trials: list[Trial], therapy: Therapy | None, status: str | None, warnings: list[Block]
) -> Document:
    """The trials shown, of one therapy or all, with one status (in msstem's word or a registry's)."""
    msstem_status = trial_status(status) if status else None
    title = "Key trials" + (f" of {therapy.short_name}" if therapy else "")
    title += f" ({msstem_status})" if msstem_status else ""
    blocks: list[Block] = list(warnings)
    if status and msstem_status != status.strip().casefold():
        blocks.append(
            Paragraph(
                f"msstem records a trial as completed, ongoing or terminated, so '{status}' shows the "
                f"{msstem_status} ones. Check a trial's registry page for what it is doing now"
                + (", such as whether it still takes people." if msstem_status == "ongoing" else ".")
            )
        )
    for trial in trials:
        blocks += [Heading(trial.name), Bullets(tuple(trial_lines(trial, kb)))]
    if not trials:
        blocks.append(Paragraph("No trials match."))
    return Document(f"{title}: {len(trials)}", tuple(blocks), footer(kb))


def sources_document(kb: KnowledgeBase, refs: list[Reference], title: str) -> Document:
    places = kb.cited_by()
    items = tuple(f"{reference_line(ref)} Cited for: {'; '.join(places[ref.id])}." for ref in refs)
    return Document(title, (Bullets(items, numbered=True),), footer(kb))
