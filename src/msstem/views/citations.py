"""Number references in order of first use, as a reader meets them."""

from __future__ import annotations

import datetime as dt

from msstem.kb.model import Claim, KnowledgeBase, Reference


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
        if claim.how_often:
            extras.append(f"How often: {claim.how_often}")
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
