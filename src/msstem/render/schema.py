"""docs/output.schema.json, made from the model: each record's fields (kb/model.py) and what JSON
output adds to them (render/data.py). Regenerate with `python -m msstem.render.schema`; a test
checks that the file is current.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import typing
from typing import Any

from msstem.kb import model
from msstem.kb.fields import specs

# Record types, by the name of their definition in the schema.
RECORDS: dict[str, type] = {
    "stage": model.EvidenceStage,
    "claim": model.Claim,
    "question": model.Question,
    "glance": model.Glance,
    "key_number": model.KeyNumber,
    "therapy": model.Therapy,
    "trial": model.Trial,
    "reference": model.Reference,
    "term": model.Term,
    "rule": model.Rule,
    "criterion": model.Criterion,
    "criteria_set": model.CriteriaSet,
    "clinic_check": model.ClinicCheck,
    "organisation": model.Organisation,
}
NAMES = {cls: name for name, cls in RECORDS.items()}

STRING, NULLABLE_STRING = {"type": "string"}, {"type": ["string", "null"]}
# What JSON output adds to a record's own fields (render/data.py), by record.
EXTRAS: dict[str, dict[str, Any]] = {
    "claim": {"study_label": STRING},
    "reference": {"citation": STRING, "links": {"type": "array", "items": STRING}},
    "trial": {"registry_links": {"type": "array", "items": STRING}},
    "key_number": {"per_100": {"type": "number"}, "per_100_high": {"type": ["number", "null"]}},
    "therapy": {
        "kind_label": STRING,
        "aim_label": STRING,
        "evidence_stage_label": STRING,
        "evidence_stage_definition": STRING,
        "evidence_stage_rank": {"type": "integer"},
        "review_overdue": {"type": "boolean"},
        "review_warning": NULLABLE_STRING,
        "trials": {"type": "array", "items": {"$ref": "#/$defs/trial"}},
        "references": {"type": "array", "items": {"$ref": "#/$defs/reference"}},
    },
}


def _type(kind: Any, meta: Any) -> dict[str, Any]:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if args and type(None) in args:
        [inner] = [a for a in args if a is not type(None)]
        out = _type(inner, meta)
        if "$ref" in out:
            return {"anyOf": [out, {"type": "null"}]}
        if "enum" in out:
            return {"enum": [*out["enum"], None]}
        return {**out, "type": [out["type"], "null"]}
    if origin is tuple or origin is model.Records:
        return {"type": "array", "items": _type(args[0], meta)}
    if dataclasses.is_dataclass(kind):
        return {"$ref": f"#/$defs/{NAMES[kind]}"}
    if kind is dt.date:
        return {"type": "string", "format": "date"}
    if kind is str:
        return {"enum": list(meta["choices"])} if meta.get("choices") else {"type": "string"}
    return {"type": {int: "integer", float: "number", bool: "boolean"}[kind]}


def record(name: str) -> dict[str, Any]:
    cls = RECORDS[name]
    hints = typing.get_type_hints(cls, vars(model))
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.name.startswith("_")}
    props = {n: _type(hints[n], fields[n].metadata) for n in fields if n in {s.name for s in specs(cls)} or n == "rank"}
    props.update(EXTRAS.get(name, {}))
    return {"type": "object", "additionalProperties": False, "required": list(props), "properties": props}


def output_schema() -> dict[str, Any]:
    def items(ref: str) -> dict[str, Any]:
        return {"type": "array", "items": {"$ref": f"#/$defs/{ref}"}}

    outcome = {"enum": ["meets", "does_not_meet", "cannot_judge"]}
    lineup_result = {"type": "object", "required": ["fact", "text", "outcome"], "properties": {"outcome": outcome}}
    properties: dict[str, Any] = {
        "msstem_version": STRING,
        "knowledge_base_version": STRING,
        "disclaimer": {"type": "string", "pattern": "[Nn]ot medical advice"},
        "evidence_stages": items("stage"),
        "therapies": items("therapy"),
        "therapy": {"$ref": "#/$defs/therapy"},
        "query": STRING,
        "results": items("result"),
        "glossary": items("term"),
        "trials": items("trial"),
        "references": {
            "type": "array",
            "items": {"allOf": [{"$ref": "#/$defs/reference"}], "required": ["cited_for"]},
        },
        "criteria_sets": items("criteria_set"),
        "facts": {"type": "object"},
        "note": STRING,
        "lineup": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["therapy", "criteria_set", "body", "results"],
                "properties": {"results": {"type": "array", "items": lineup_result}},
            },
        },
        "clinic_checks": items("clinic_check"),
        "answers": {"type": ["object", "null"]},
        "red_flags": {"type": "array", "items": STRING},
        "therapy_id": NULLABLE_STRING,
        "questions": items("question"),
    }
    defs = {name: record(name) for name in RECORDS}
    # sources adds what each reference supports.
    defs["reference"]["properties"]["cited_for"] = {"type": "array", "items": STRING}
    defs["reference"]["required"] = [r for r in defs["reference"]["required"] if r != "cited_for"]
    defs["result"] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["where", "field", "therapy_id", "snippet", "approximate", "score"],
        "properties": {
            "where": STRING,
            "field": STRING,
            "therapy_id": NULLABLE_STRING,
            "snippet": STRING,
            "approximate": {"type": "boolean"},
            "score": {"type": "number"},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/msstem/msstem/docs/output.schema.json",
        "title": "msstem JSON output",
        "description": (
            "What every msstem command prints with --json (except lint, which has its own small shape). "
            "Made from the model by `python -m msstem.render.schema`. list and compare carry `therapies` "
            "(in the order shown); explain carries `therapy`; search carries `query` and `results`; glossary "
            "carries `glossary`; trials carries `trials`; sources carries `references`; criteria carries "
            "`criteria_sets`; lineup carries `facts`, `note` and `lineup`; clinic-check carries `clinic_checks`, "
            "`answers` and `red_flags`; questions carries `therapy_id` and `questions`; handout carries "
            "`therapies`. Dates are ISO 8601 strings."
        ),
        "type": "object",
        "required": ["msstem_version", "knowledge_base_version", "disclaimer", "evidence_stages"],
        "additionalProperties": False,
        "properties": properties,
        "$defs": defs,
    }


def schema_text() -> str:
    return json.dumps(output_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(schema_text())
