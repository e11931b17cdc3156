"""The loader: every validation rule, each with a small broken knowledge base."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import MINI, mini_data
from msstem import KnowledgeBaseError, load_knowledge_base
from msstem.kb.paths import default_path


def problems(path: Path) -> list[str]:
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(path)
    return [str(p) for p in info.value.problems]


def test_fixture_loads_into_a_frozen_model() -> None:
    kb = load_knowledge_base(MINI)
    assert kb.version == "test-1"
    assert kb.ids == ("alpha", "beta")
    alpha = kb.therapy("alpha")
    assert alpha is not None
    assert alpha.last_reviewed == dt.date(2024, 1, 1)
    assert alpha.procedure[0].label == "1. Collect"
    assert alpha.risks[0].how_often == "about 1 in 10"
    with pytest.raises(AttributeError):
        alpha.name = "changed"  # type: ignore[misc]


def test_default_path_is_the_shipped_knowledge_base() -> None:
    assert default_path().name == "therapies.yaml"
    assert default_path().is_file()


@pytest.mark.parametrize("name", ["alpha", "ALPHA", "Alpha", "first", "Alpha Cells", "alpha-cells"])
def test_ids_and_aliases_are_forgiving(name: str) -> None:
    kb = load_knowledge_base(MINI)
    therapy = kb.therapy(name)
    assert therapy is not None and therapy.id == "alpha"


def test_unknown_name_gives_suggestions() -> None:
    kb = load_knowledge_base(MINI)
    assert kb.therapy("alpah") is None
    assert kb.suggestions("alpah") == ["alpha"]


def test_missing_required_field_is_reported_with_line_and_path(write_kb) -> None:
    data = mini_data()
    del data["therapies"][1]["risks"]
    found = problems(write_kb(data))
    assert len(found) == 1
    assert found[0].startswith("kb.yaml:")
    assert "therapies[1].risks: missing (required)" in found[0]


def test_every_problem_is_listed_not_just_the_first(write_kb) -> None:
    data = mini_data()
    del data["therapies"][0]["name"]
    data["therapies"][1]["aim"] = "cure"
    data["references"][0]["year"] = "twenty"
    found = problems(write_kb(data))
    assert any("therapies[0].name: missing" in p for p in found)
    assert any("therapies[1].aim: 'cure' is not one of" in p for p in found)
    assert any("references[0].year: expected a year" in p for p in found)


def test_unknown_reference_names_file_line_and_path(write_kb) -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        "risks: [{text: Some people got a fever., how_often: about 1 in 10, refs: [ref-a]",
        "risks: [{text: Some people got a fever., how_often: about 1 in 10, refs: [burt2019x]",
    )
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "burt2019x" in row)
    found = problems(write_kb(text))
    assert found == [f"kb.yaml:{line}: therapies[0].risks[0].refs[0]: unknown reference 'burt2019x'"]


def test_wrong_type_is_explained(write_kb) -> None:
    data = mini_data()
    data["therapies"][0]["name"] = False  # what YAML makes of an unquoted `no`
    found = problems(write_kb(data))
    assert "therapies[0].name: expected text, got true/false (false; put text in quotes)" in found[0]


def test_unknown_field_is_an_error_to_catch_typos(write_kb) -> None:
    data = mini_data()
    data["therapies"][0]["sumary"] = "typo"
    assert any("therapies[0].sumary: unknown field" in p for p in problems(write_kb(data)))


def test_duplicate_therapy_ids(write_kb) -> None:
    data = mini_data()
    data["therapies"][1]["id"] = "alpha"
    assert any("duplicate id 'alpha'" in p for p in problems(write_kb(data)))


def test_alias_may_not_shadow_another_id(write_kb) -> None:
    data = mini_data()
    data["therapies"][1]["aliases"] = ["ALPHA"]
    assert any("'ALPHA' is already the id or an alias of 'alpha'" in p for p in problems(write_kb(data)))


def test_alias_shared_by_two_therapies(write_kb) -> None:
    data = mini_data()
    data["therapies"][1]["aliases"] = ["first"]
    assert any("'first' is already the id or an alias of 'alpha'" in p for p in problems(write_kb(data)))


@pytest.mark.parametrize("section", ["therapies", "trials", "references", "criteria_sets", "clinic_checks"])
def test_a_record_without_its_id_is_reported_not_built(section: str, write_kb) -> None:
    data = mini_data()
    del data[section][0]["id"]  # found by the property test: the record was built with id None
    assert any(f"{section}[0].id: missing (required)" in p for p in problems(write_kb(data)))


def test_duplicate_reference_ids(write_kb) -> None:
    data = mini_data()
    data["references"][1]["id"] = "ref-a"
    found = problems(write_kb(data))
    assert any("references[1].id: duplicate id 'ref-a'" in p for p in found)


def test_unknown_evidence_stage_and_trial_therapy(write_kb) -> None:
    data = mini_data()
    data["therapies"][0]["evidence_stage"] = "proven"
    data["trials"][0]["therapies"] = ["gamma"]
    found = problems(write_kb(data))
    assert any("unknown evidence stage 'proven'" in p for p in found)
    assert any("trials[0].therapies[0]: unknown therapy 'gamma'" in p for p in found)


@pytest.mark.parametrize("value", ["2024-02-30", "next year", "2024/01/01"])
def test_dates_must_be_real(write_kb, value: str) -> None:
    text = MINI.read_text(encoding="utf-8").replace("review_due: 2025-01-01", f"review_due: {value}", 1)
    found = problems(write_kb(text))
    assert len(found) == 1 and "therapies[0].review_due" in found[0]


def test_quoted_iso_date_is_accepted(write_kb) -> None:
    text = MINI.read_text(encoding="utf-8").replace("review_due: 2025-01-01", 'review_due: "2025-01-01"', 1)
    assert load_knowledge_base(write_kb(text)).therapies[0].review_due == dt.date(2025, 1, 1)


def test_claim_needs_a_reference_unless_nothing_is_known(write_kb) -> None:
    data = mini_data()
    data["therapies"][0]["benefits"][0]["refs"] = []
    found = problems(write_kb(data))
    assert any("benefits[0].refs: a claim needs at least one reference" in p for p in found)


def test_empty_section_must_say_so_explicitly(write_kb) -> None:
    data = mini_data()
    data["therapies"][0]["fertility"] = []
    assert any("therapies[0].fertility: is empty" in p for p in problems(write_kb(data)))


def test_reference_needs_an_identifier(write_kb) -> None:
    data = mini_data()
    del data["references"][1]["url"]
    assert any("needs at least one of pmid, doi, registry or url" in p for p in problems(write_kb(data)))


def test_duplicate_keys_are_an_error_not_silently_dropped(write_kb) -> None:
    text = MINI.read_text(encoding="utf-8").replace('version: "test-1"', 'version: "test-1"\nversion: "test-2"')
    found = problems(write_kb(text))
    assert found == ["kb.yaml:4: version: duplicate key (the earlier value would be lost)"]


def test_python_tags_are_rejected_and_nothing_runs(write_kb, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"version: !!python/object/apply:os.system ['touch {marker}']\n"
    found = problems(write_kb(text))
    assert "unsupported YAML tag" in found[0]
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(write_kb) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]")
    found = problems(write_kb("\n".join(lines) + "\n"))
    assert any("anchors and aliases" in p for p in found)


def test_yaml_syntax_error_has_line_and_column(write_kb) -> None:
    found = problems(write_kb("version: 'x'\ntherapies: [unclosed\n"))
    assert len(found) == 1
    assert found[0].startswith("kb.yaml:") and "YAML syntax error" in found[0] and "column" in found[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "the file is empty"), ("- a\n- b\n", "expected a mapping, got a list"), ("just text\n", "got text")],
)
def test_not_a_mapping(write_kb, content: str, message: str) -> None:
    assert message in problems(write_kb(content))[0]


def test_not_utf8(write_kb) -> None:
    assert "not UTF-8" in problems(write_kb(b"version: '\xff'\n"))[0]


def test_bom_and_crlf_load_fine(write_kb) -> None:
    text = MINI.read_text(encoding="utf-8").replace("\n", "\r\n")
    kb = load_knowledge_base(write_kb(b"\xef\xbb\xbf" + text.encode("utf-8")))
    assert kb.version == "test-1"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "no such file" in problems(tmp_path / "nope.yaml")[0]
    assert "this is a folder" in problems(tmp_path)[0]


def test_records_index_slice_and_find_by_id() -> None:
    from msstem.kb.model import Records

    built: list[int] = []

    def build(i: int) -> str:
        built.append(i)
        return "abc"[i]

    records = Records(["a", "b", "c"], [(), (), ()], build)
    assert records[-1] == "c" and records[0] == "a" and records.get("b") == "b" and records.get("z") is None
    assert records[1:] == ("b", "c")
    assert built == [2, 0, 1]  # each built once, when first used
    for bad in (3, -4):
        with pytest.raises(IndexError):
            records[bad]
    assert list(records) == ["a", "b", "c"] and len(records) == 3
