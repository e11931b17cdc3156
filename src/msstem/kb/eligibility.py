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
    """What a person chose to say about themselves; None means not given."""

    ms_type: str | None = None
    age: int | None = None
    edss: float | None = None
    relapses_last_year: int | None = None
    years_since_diagnosis: float | None = None
    new_mri_activity: bool | None = None
    previous_treatments: int | None = None

    def given(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


class FactError(ValueError):
    """A fact out of range: age 300, EDSS 11, EDSS 3.7."""


LIMITS = {"age": (0, 120), "edss": (0.0, 10.0), "relapses_last_year": (0, 50), "years_since_diagnosis": (0, 90),
          "previous_treatments": (0, 30)}  # fmt: skip


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


def evaluate(criterion: Criterion, facts: Facts) -> Outcome:
    rule = criterion.rule
    value = getattr(facts, criterion.fact, None) if criterion.fact != "other" else None
    if rule is None or value is None:
        return Outcome.cannot_judge
    return Outcome.meets if holds(rule, value) else Outcome.does_not_meet


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
class Line:
    criteria_set: CriteriaSet
    results: tuple[tuple[Criterion, Outcome], ...]

    def by_outcome(self, outcome: Outcome) -> list[Criterion]:
        return [c for c, o in self.results if o is outcome]


def line_up(sets: tuple[CriteriaSet, ...], facts: Facts) -> list[Line]:
    return [Line(s, tuple((c, evaluate(c, facts)) for c in s.criteria)) for s in sets]
