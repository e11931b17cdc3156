"""Make a synthetic knowledge base of N therapies that passes validation.

References and trials grow in proportion (2 references and 1 trial per therapy), and every
field is filled, so load, list, explain and search do the same work per entry as on the real
knowledge base. The text is filler, clearly not medical content.

    python benchmarks/generate.py 1000 > /tmp/kb-1000.yaml
"""

from __future__ import annotations

import sys

SECTIONS = ("how_it_works", "cell_source", "how_given", "procedure", "benefits", "risks", "studied_in",
            "eligibility", "progressive_ms", "recovery", "fertility", "cost_access", "status")  # fmt: skip
WORDS = ("cells", "myelin", "immune", "trial", "people", "relapse", "nerve", "repair", "blood", "marrow",
         "signal", "brain", "spinal", "fluid", "dose", "safety", "study", "months", "years", "group")  # fmt: skip


def sentence(i: int, n: int = 12) -> str:
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n)).capitalize() + "."


def generate(n: int) -> str:
    out = ['version: "synthetic"', "evidence_stages:"]
    for s in ("lab", "early", "trials"):
        out += [f"  - id: {s}", f"    label: Stage {s}", "    definition: Synthetic stage for benchmarks."]
    out.append("therapies:")
    for i in range(n):
        claim = f"{{text: {sentence(i, 3)}, refs: [ref-{i}-0], study: rct}}"
        out += [
            f"  - id: therapy-{i}",
            f"    name: Synthetic therapy number {i}",
            f"    short_name: T{i}",
            f"    aliases: [synthetic {i}, alias-{i}]",
            "    kind: stem_cell",
            f"    aim: {('reset', 'modulate', 'repair')[i % 3]}",
            f"    evidence_stage: {('lab', 'early', 'trials')[i % 3]}",
            f"    summary: {{text: {sentence(i + 1, 12)}, refs: [ref-{i}-2], study: review}}",
            f"    one_line: {sentence(i + 2, 8)}",
        ]
        for section in SECTIONS:
            out.append(f"    {section}: [{claim}]")
        out += [
            f"    questions: [{{group: risks, text: {sentence(i + 3, 6)}}}]",
            "    last_reviewed: 2026-01-01",
            "    review_due: 2027-01-01",
        ]
    out.append("trials:")
    for i in range(n):
        out += [
            f"  - id: trial-{i}", f"    name: TRIAL-{i}", f"    therapies: [therapy-{i}]",
            f"    registry_ids: [NCT{i:08d}]", "    design: Randomised", "    participants: 100 people",
            "    population: Adults", "    comparator: Placebo", "    primary_outcome: Relapses",
            f"    result: {sentence(i, 10)}", "    status: completed", "    status_as_of: 2025-01-01",
            f"    refs: [ref-{i}-0]",
        ]  # fmt: skip
    out.append("references:")
    for i in range(n):
        for k in (0, 2):
            out += [
                f"  - id: ref-{i}-{k}", f"    authors: Author {i} {k}", f"    title: {sentence(i + k, 6)}",
                "    source: Journal of Synthetic Data", "    year: 2020", f"    doi: 10.1000/synthetic.{i}.{k}",
            ]  # fmt: skip
    out += ["glossary:", "  - term: Synthetic", "    definition: Made for benchmarks.", "    refs: [ref-0-0]",
            "    therapies: []"]  # fmt: skip
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
