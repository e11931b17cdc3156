"""Number references in order of first use, as a reader meets them."""

from __future__ import annotations

import datetime as dt
import re

from msstem.kb.model import REGISTRY_ID, Claim, KnowledgeBase, Reference, registry_url


def human_date(day: dt.date) -> str:
    """25 November 2026: read as words by a screen reader, unlike 2026-11-25."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


class Citations:
    """Numbers for references: in order of first use, or in a given order (so that [n] is the
    same in every view of one entry); `used()` lists those marked, by number."""

    def __init__(self, kb: KnowledgeBase, order: list[str] | None = None) -> None:
        self.kb = kb
        self.numbers: dict[str, int] = {ref: i for i, ref in enumerate(order or (), 1)}
        self.marked: set[str] = set()

    def mark(self, refs: tuple[str, ...]) -> str:
        """'[1, 3]' for these reference ids, numbering new ones."""
        if not refs:
            return ""
        nums = sorted(self.numbers.setdefault(ref, len(self.numbers) + 1) for ref in refs)
        self.marked.update(refs)
        return "[" + ",".join(str(n) for n in nums) + "]"  # no space: a group is never split across lines

    def claim(self, claim: Claim, with_study: bool = True) -> str:
        """A claim as one line: label, text, how often, duration, date, kind of study, marks."""
        from msstem.kb.model import STUDY_KINDS

        parts = [f"{claim.label}: {claim.text}" if claim.label else claim.text]
        extras = []
        if claim.how_often:  # (its own brackets as commas: they would nest in the brackets below)
            extras.append("How often: " + re.sub(r" \(([^()]*)\)", r", \1", claim.how_often))
        if claim.duration:
            extras.append(f"How long: {claim.duration}")
        if claim.as_of:
            extras.append(f"As of {human_date(claim.as_of)}")
        if with_study and claim.study != "none":
            extras.append(f"Evidence: {STUDY_KINDS[claim.study]}")
        text = " ".join(parts)
        if extras:
            text += " (" + "; ".join(extras) + ")"
        mark = self.mark(claim.refs)
        return f"{text} {mark}" if mark else text

    def used(self) -> list[tuple[int, Reference]]:
        return sorted((n, self.kb.reference(ref)) for ref, n in self.numbers.items() if ref in self.marked)


def reference_line(ref: Reference) -> str:
    """A reference as a reader quotes it: authors, title, source and its identifiers (PMID, DOI,
    registry id), short enough not to be split on a narrow screen; a link only where it has none
    (an organisation's page). Renderers make the identifiers links (see `links_in`)."""
    return ref.citation() if ref.identifiers() else f"{ref.citation()} {' '.join(ref.links())}".rstrip()


# What in a line of text is a link, or stands for one: a web address, a PMID, a DOI, a registry id.
# An address or DOI runs to the next space; links_in then gives back what ends a sentence around it.
_LINKED = re.compile(
    r"(?P<url>https?://[^\s<>\"]+)"
    r"|PMID:? ?(?P<pmid>\d{1,9})\b"
    r"|doi:(?P<doi>10\.\d{4,9}/[^\s<>\"]+)"
    rf"|\b(?P<registry>{REGISTRY_ID})\b"
)


def links_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, address) of each link in `text`: addresses as they are, identifiers to their
    canonical pages ("PMID:30667505" to PubMed)."""
    out = []
    for match in _LINKED.finditer(text):
        start, end = match.span()
        if match["url"] or match["doi"]:
            end = _sentence_end(text, start, end)
        if match["url"]:
            address = text[start:end]
        elif match["pmid"]:
            address = f"https://pubmed.ncbi.nlm.nih.gov/{match['pmid']}/"
        elif match["doi"]:
            address = f"https://doi.org/{text[start + 4 : end]}"
        else:
            address = registry_url(match["registry"])
        out.append((start, end, address))
    return out


def _sentence_end(text: str, start: int, end: int) -> int:
    """Where an address or DOI ends without what belongs to the sentence around it: a full stop,
    comma, colon, semicolon or quote after it, or a closing bracket it did not open ('(doi:10.1/x).')."""
    while text[end - 1] in ".,;:!?'" or (
        text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end)
    ):
        end -= 1
    return end
