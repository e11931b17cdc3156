"""Make a knowledge base of N full-size therapies by cloning the shipped entries with new ids and
names (their trials and criteria sets too), so every command does the same work per entry as on
the real knowledge base. References are shared, as real entries share them.

    python benchmarks/generate.py 1000 > /tmp/kb-1000.yaml
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import yaml

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "therapies.yaml"


def generate(n: int) -> str:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    originals, trials, sets = data["therapies"], data["trials"], data.get("criteria_sets", [])
    therapies, new_trials, new_sets = [], [], []
    for i in range(n):
        source = originals[i % len(originals)]
        clone = copy.deepcopy(source)
        clone["id"] = f"{source['id']}-{i}"
        clone["name"] = f"{source['name']} (copy {i})"
        clone["short_name"] = f"{source['short_name']} {i}"
        clone["aliases"] = [f"{alias} {i}" for alias in source["aliases"]]
        therapies.append(clone)
        for trial in trials:
            if source["id"] in trial["therapies"]:
                new_trials.append({**copy.deepcopy(trial), "id": f"{trial['id']}-{i}", "therapies": [clone["id"]]})
        for criteria_set in sets:
            if criteria_set["therapy"] == source["id"]:
                new_id = f"{criteria_set['id']}-{i}"
                new_sets.append({**copy.deepcopy(criteria_set), "id": new_id, "therapy": clone["id"]})
    for term in data["glossary"]:
        term["therapies"] = []
    data.update(therapies=therapies, trials=new_trials, criteria_sets=new_sets, version=f"clones-{n}")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1])))
