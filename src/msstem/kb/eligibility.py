"""Line up a person's facts against published eligibility criteria: no verdicts, no scores.

Each criterion is met, not met, or cannot be judged from what was given. Nothing here says
whether a treatment is right for someone: only their MS team can judge eligibility.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import Enum

from msstem.kb.model import MS_TYPES, CriteriaSet, Criterion, Rule

MS_TEAM = "Only your MS team can judge whether you are eligible, or whether a treatment is right for you."


class Outcome(str, Enum):
    meets = "met"
    does_not_meet = "not met"
    cannot_judge = "cannot be judged from what you gave"


@dataclass(frozen=True)
class Facts:
    """What a person chose to say about themselves (the fields are vocabulary.FACTS); None means
    not given, or "not sure"."""

    ms_type: str | None = None
    age: int | None = None
    edss: float | None = None
    relapses_last_year: int | None = None
    new_mri_activity: bool | None = None
    high_efficacy_failed: bool | None = None
    years_since_first_symptoms: float | None = None
    years_since_diagnosis: float | None = None
    previous_treatments: int | None = None

    def given(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


class FactError(ValueError):
    """A fact out of range: age 300, EDSS 11, EDSS 3.7."""


LIMITS = {"age": (0, 120), "edss": (0.0, 10.0), "relapses_last_year": (0, 50), "years_since_diagnosis": (0, 90),
          "years_since_first_symptoms": (0, 90), "previous_treatments": (0, 30)}  # fmt: skip


def check_facts(facts: Facts) -> None:
    """Raise FactError naming the first fact that cannot be right."""
    for name, (low, high) in LIMITS.items():
        value = getattr(facts, name)
        if value is not None and not low <= value <= high:
            raise FactError(f"{name.replace('_', ' ')} must be between {low} and {high}, not {value}")
    if facts.edss is not None and (facts.edss * 2) != int(facts.edss * 2):
        raise FactError(f"EDSS moves in steps of 0.5 (for example 3.5 or 4.0), not {facts.edss}")
    if facts.ms_type is not None and facts.ms_type not in MS_TYPES:
        raise FactError(f"MS type must be one of {', '.join(MS_TYPES)}, not {facts.ms_type}")


# Years with MS, when the source does not say from when: judged on both counts a person gave.
DURATIONS = {"first symptoms": "years_since_first_symptoms", "diagnosis": "years_since_diagnosis"}


def evaluate(criterion: Criterion, facts: Facts) -> tuple[Outcome, str | None]:
    """Met, not met or cannot be judged, and why when that is not plain."""
    rule = criterion.rule
    if rule is None:
        return Outcome.cannot_judge, None
    if criterion.fact == "disease_duration":
        judged = {since: holds(rule, getattr(facts, name)) for since, name in DURATIONS.items()
                  if getattr(facts, name) is not None}  # fmt: skip
        if not judged:
            return Outcome.cannot_judge, None
        if len(set(judged.values())) == 2:
            met = next(since for since, ok in judged.items() if ok)
            return Outcome.cannot_judge, (f"met counting from {met}, not from the other; the source does not say "
                                          "which it counts from")  # fmt: skip
        outcome = Outcome.meets if next(iter(judged.values())) else Outcome.does_not_meet
        if len(judged) == 2:
            return outcome, "judged on both the years since the first symptoms and since diagnosis"
        [since] = judged
        return outcome, f"judged on the years since {since}; the source does not say which it counts from"
    value = getattr(facts, criterion.fact, None)
    if value is None:
        return Outcome.cannot_judge, None
    if rule.unclear and value in rule.unclear:
        return Outcome.cannot_judge, f"the source leaves {MS_TYPES[str(value)]} open"
    return (Outcome.meets if holds(rule, value) else Outcome.does_not_meet), None


def holds(rule: Rule, value: object) -> bool:
    if rule.any_of is not None:
        return value in rule.any_of
    if rule.equals is not None:
        return value is rule.equals
    assert isinstance(value, (int, float))
    return (
        (rule.min is None or value >= rule.min)
        and (rule.max is None or value <= rule.max)
        and (rule.below is None or value < rule.below)
        and (rule.above is None or value > rule.above)
    )


@dataclass(frozen=True)
class Result:
    criterion: Criterion
    outcome: Outcome
    why: str | None = None


@dataclass(frozen=True)
class Line:
    """One source's criteria against a person's facts; its notes are about the source, not criteria."""

    criteria_set: CriteriaSet
    results: tuple[Result, ...]
    notes: tuple[str, ...]

    def by_outcome(self, outcome: Outcome) -> list[Result]:
        return [r for r in self.results if r.outcome is outcome]

    def counts(self) -> str:
        """'Met 3, not met 1, cannot be judged 2.'"""
        n = {o: len(self.by_outcome(o)) for o in Outcome}
        return (f"Met {n[Outcome.meets]}, not met {n[Outcome.does_not_meet]}, "
                f"cannot be judged {n[Outcome.cannot_judge]}.")  # fmt: skip


def line_up(sets: tuple[CriteriaSet, ...], facts: Facts) -> list[Line]:
    lines = []
    for s in sets:
        results = tuple(Result(c, *evaluate(c, facts)) for c in s.criteria if c.fact != "note")
        lines.append(Line(s, results, tuple(c.text for c in s.criteria if c.fact == "note")))
    return lines
