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


def test_procedure_steps_read_in_order_from_assessment_to_home(kb: dict[str, Any]) -> None:
    steps = therapy(kb, "ahsct")["procedure"]
    labels = [step["label"] for step in steps]
    assert labels[0] == "1. Assessment and tests"
    assert labels[-1] == "8. After you go home"
    numbers = [(int(label.split(".")[0].rstrip("abc")), label.split(".")[0][-1:].isalpha()) for label in labels]
    assert [n for n, _ in numbers] == sorted(n for n, _ in numbers)
    assert {n for n, sub in numbers if not sub} == set(range(1, 9))
    durations = " ".join(step.get("duration", "") for step in steps)
    assert "steps 2 to 4 take 5 to 15 days" in durations
    assert "steps 5 to 7 take about 3 weeks in hospital" in durations
    assert "first three steps" not in " ".join(texts(therapy(kb, "ahsct"), "procedure"))


def test_nhs_referral_route_is_described(kb: dict[str, Any]) -> None:
    cost_access = therapy(kb, "ahsct")["cost_access"]
    claim = next(c for c in cost_access if "referral" in c["text"])
    assert claim["label"] == "UK"
    assert "Sheffield and London" in claim["text"]
    assert set(claim["refs"]) == {"mssociety-hsct", "mssociety-hsct-blog"}
    assert str(claim["as_of"]) == "2026-12-02"


def test_revaccination_after_transplant(kb: dict[str, Any]) -> None:
    recovery = therapy(kb, "ahsct")["recovery"]
    claim = next(c for c in recovery if c.get("label") == "Vaccines again")
    assert "6 months" in claim["text"] and "MMR at 2 years" in claim["text"]
    assert claim["refs"] == ["immunize-hct", "fredhutch-vaccines"]
    assert reference(kb, "immunize-hct")["url"].startswith("https://www.immunize.org/ask-experts/")


def test_netherlands_insurance_coverage_and_criteria(kb: dict[str, Any]) -> None:
    entry = therapy(kb, "ahsct")
    coverage = next(c for c in entry["cost_access"] if c["label"] == "Netherlands" and "13 December 2022" in c["text"])
    assert coverage["refs"] == ["zin-2022"]
    assert str(coverage["as_of"]) == "2022-12-13"
    criteria = next(c for c in entry["eligibility"] if c["label"].startswith("Netherlands"))
    assert "18 to 55" in criteria["text"] and "6 months" in criteria["text"]
    assert str(criteria["as_of"]) == "2022-12-13"
    url = reference(kb, "zin-2022")["url"]
    assert url.endswith("/2022/12/13/standpunt-stamceltransplantatie-bij-zeer-actieve-rrms")


def test_fatigue_studies_and_return_to_work(kb: dict[str, Any]) -> None:
    recovery = therapy(kb, "ahsct")["recovery"]
    fatigue = [c for c in recovery if c.get("label") == "Fatigue in MS studies"]
    assert [c["refs"] for c in fatigue] == [["bose2019"], ["giedraitiene2022"]]
    assert "from 36 to 23" in fatigue[0]["text"]
    assert reference(kb, "bose2019")["pmid"] == "30251913"
    assert reference(kb, "giedraitiene2022")["pmid"] == "36100664"
    work = next(c for c in recovery if c.get("label") == "Going back to work")
    assert work["study"] == "none" and work["refs"] == []
    assert "return to work" in work["text"]


def test_going_abroad_advice_is_cited(kb: dict[str, Any]) -> None:
    abroad = [c for c in therapy(kb, "ahsct")["cost_access"] if c["label"] == "Private treatment abroad"]
    cited = {ref for c in abroad for ref in c["refs"]}
    assert {"mssociety-outside-nhs", "nhs-abroad-checklist", "sbuhb-abroad"} <= cited
    assert any("JACIE" in c["text"] for c in abroad)


def test_no_reference_is_listed_twice(kb: dict[str, Any]) -> None:
    for key in ("url", "pmid", "doi"):
        values = [str(r[key]).lower().rstrip("/") for r in kb["references"] if key in r]
        assert len(values) == len(set(values)), key
