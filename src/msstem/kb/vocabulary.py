"""The knowledge base's vocabularies, declared once: the model validates against them and the
command line makes its choices from them. Plain data, so importing it costs nothing."""

from __future__ import annotations

AIMS: dict[str, str] = {
    "reset": "Reset the immune system",
    "modulate": "Calm or modulate the immune system",
    "repair": "Repair myelin and nerves",
}


KINDS: dict[str, str] = {
    "stem_cell": "Stem cell therapy",
    "comparator": "Not a stem cell therapy: shown for comparison",
    "other_cell": "Not a stem cell therapy: a related cell therapy",
}


STUDY_KINDS: dict[str, str] = {
    "rct": "randomised trial",
    "single_arm": "single-arm or early-phase trial",
    "observational": "cohort or registry study",
    "meta_analysis": "meta-analysis",
    "guideline": "guideline or expert consensus",
    "organisation": "patient organisation, regulator or health body",
    "review": "review or background source",
    "lab": "laboratory or animal study",
    "none": "nothing known yet",
}


TRIAL_STATUSES = ("completed", "ongoing", "terminated")


# The words trial registries use for a trial's status (ClinicalTrials.gov, the EU registers,
# ISRCTN), as msstem's three. msstem does not record whether an ongoing trial still recruits.
TRIAL_STATUS_WORDS: dict[str, str] = {
    **{status: status for status in TRIAL_STATUSES},
    "recruiting": "ongoing",
    "not yet recruiting": "ongoing",
    "enrolling by invitation": "ongoing",
    "active": "ongoing",
    "active not recruiting": "ongoing",
    "no longer recruiting": "ongoing",
    "suspended": "ongoing",
    "temporarily halted": "ongoing",
    "withdrawn": "terminated",
    "stopped": "terminated",
    "prematurely ended": "terminated",
}


def trial_status(word: str) -> str | None:
    """msstem's status for a registry's word, in any case, with spaces, hyphens, underscores or a
    comma between its words ('Active, not recruiting'); None for a word it does not know."""
    key = " ".join(word.casefold().replace(",", " ").replace("-", " ").replace("_", " ").split())
    return TRIAL_STATUS_WORDS.get(key)


CRITERIA_KINDS = ("guideline", "health_system", "trial")


RED_FLAG_ANSWERS = ("yes", "no")


QUESTION_GROUPS = ("eligibility", "risks", "recovery", "fertility", "cost", "follow-up")


# The sections of a therapy that are lists of claims, in reading order, with their headings.
SECTIONS: dict[str, str] = {
    "how_it_works": "How it works",
    "cell_source": "Where the cells come from",
    "how_given": "How it is given",
    "procedure": "Step by step",
    "benefits": "Benefits",
    "risks": "Risks",
    "studied_in": "Who it has been studied in",
    "eligibility": "Published eligibility criteria",
    "progressive_ms": "Progressive MS",
    "recovery": "Recovery and aftercare",
    "fertility": "Fertility and pregnancy",
    "cost_access": "Cost and access",
    "status": "Status and availability",
}


FACTS: dict[str, str] = {
    "ms_type": "Type of MS",
    "age": "Age",
    "edss": "Disability score (EDSS)",
    "relapses_last_year": "Relapses in the last year",
    "new_mri_activity": "New MRI activity",
    "previous_treatments": "Previous treatments",
    "years_since_diagnosis": "Years since diagnosis",
    "other": "Other",
}


MS_TYPES: dict[str, str] = {
    "rrms": "relapsing-remitting MS",
    "spms": "secondary progressive MS",
    "ppms": "primary progressive MS",
    "cis": "clinically isolated syndrome",
}
