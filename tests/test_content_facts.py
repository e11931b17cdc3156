"""Facts added or corrected for issue #15 stay in the knowledge base.

These read data/therapies.yaml directly, so they do not depend on the code that loads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

KB_PATH = Path(__file__).resolve().parents[1] / "data" / "therapies.yaml"


@pytest.fixture(scope="module")
def kb() -> dict[str, Any]:
    with KB_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def therapy(kb: dict[str, Any], therapy_id: str) -> dict[str, Any]:
    return next(t for t in kb["therapies"] if t["id"] == therapy_id)


def trial(kb: dict[str, Any], trial_id: str) -> dict[str, Any]:
    return next(t for t in kb["trials"] if t["id"] == trial_id)


def reference(kb: dict[str, Any], ref_id: str) -> dict[str, Any]:
    return next(r for r in kb["references"] if r["id"] == ref_id)


def texts(entry: dict[str, Any], section: str) -> list[str]:
    return [claim["text"] for claim in entry[section]]


def test_version(kb: dict[str, Any]) -> None:
    assert kb["version"] == "2026.12.02"


def test_starms_recruitment_closed_with_94_people(kb: dict[str, Any]) -> None:
    starms = trial(kb, "starms")
    assert starms["participants"].startswith("94 people")
    assert "November 2024" in starms["participants"]
    assert "July 2027" in starms["result"]
    assert str(starms["status_as_of"]) == "2026-12-02"
    assert "mstrust-starms" in starms["refs"]
    assert reference(kb, "mstrust-starms")["url"] == "https://mstrust.org.uk/a-z/star-ms-trial-hsct-ms"


def test_starms_status_lines_no_longer_say_it_has_not_reported(kb: dict[str, Any]) -> None:
    for therapy_id in ("ahsct", "dmt"):
        status = therapy(kb, therapy_id)["status"]
        starms_claims = [c for c in status if "StarMS" in c["text"] and "94" in c["text"]]
        assert starms_claims, therapy_id
        assert all("mstrust-starms" in c["refs"] for c in starms_claims)
        assert not any("StarMS)" in c["text"] and "had not reported" in c["text"] for c in status)


def test_fertility_preservation_has_a_referenced_statement(kb: dict[str, Any]) -> None:
    fertility = therapy(kb, "ahsct")["fertility"]
    claim = next(c for c in fertility if "sperm" in c["text"])
    assert claim["refs"] == ["joshi2014"]
    assert claim["study"] == "guideline"
    assert reference(kb, "joshi2014")["doi"] == "10.1038/bmt.2013.211"


def test_astims_figure_says_what_the_source_does_not_give(kb: dict[str, Any]) -> None:
    benefits = " ".join(texts(therapy(kb, "ahsct"), "benefits"))
    assert "1 new MRI lesion for every 5" in benefits
    assert "does not give the number of lesions" in benefits
    assert "rate ratio 0.21" in trial(kb, "astims")["result"]


def test_death_and_shingles_figures_say_the_years_are_not_given(kb: dict[str, Any]) -> None:
    risks = therapy(kb, "ahsct")["risks"]
    death = next(c for c in risks if "1.3%" in c["text"])
    assert "does not say which years" in death["text"]
    shingles = next(c for c in risks if "Shingles" in c["text"])
    assert "does not say in which years" in shingles["text"]
    assert "15 in 100" in shingles["how_often"]


def test_leone_trial_registry_id_recorded(kb: dict[str, Any]) -> None:
    leone = trial(kb, "leone-icv-nsc")
    assert "NCT03282760" in leone["registry_ids"]
    assert "15" in leone["participants"] and "24" in leone["participants"]
    nsc = " ".join(c["text"] for section in ("how_given", "procedure", "risks", "eligibility", "recovery")
                   for c in therapy(kb, "nsc")[section])  # fmt: skip
    assert "appears to match" not in nsc


def test_car_t_names_and_novartis_trial(kb: dict[str, Any]) -> None:
    car_t = therapy(kb, "car-t")
    aliases = {a.lower() for a in car_t["aliases"]}
    assert {"mivocabtagene autoleucel", "miv-cel", "rapcabtagene autoleucel", "ytb323"} <= aliases
    assert "NCT06675864" in trial(kb, "ytb323-pms")["registry_ids"]
    progressive = " ".join(texts(car_t, "progressive_ms"))
    assert "No results had been published by 2024" not in progressive
    assert "meeting" in progressive


def test_citation_hygiene(kb: dict[str, Any]) -> None:
    urls = [r["url"] for r in kb["references"] if "url" in r]
    assert not [u for u in urls if u.startswith("http://")]
    assert not [u for u in urls if "stage." in u or "api.fda.gov" in u]
    for ref_id in ("fda-fingolimod", "fda-lemtrada", "fda-tysabri", "fda-yescarta"):
        assert reference(kb, ref_id)["url"].startswith("https://dailymed.nlm.nih.gov/dailymed/")
