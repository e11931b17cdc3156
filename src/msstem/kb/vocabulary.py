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


# The facts a person can give `msstem lineup`, in the order it asks for them.
FACTS: dict[str, str] = {
    "ms_type": "Type of MS",
    "age": "Age",
    "edss": "Disability score (EDSS)",
    "relapses_last_year": "Relapses in the last 12 months",
    "new_mri_activity": "New MRI activity in the last 12 months",
    "high_efficacy_failed": "A high-efficacy drug did not control MS, or cannot be taken",
    "years_since_first_symptoms": "Years since the first symptoms",
    "years_since_diagnosis": "Years since diagnosis",
    "previous_treatments": "Disease-modifying drugs taken",
}
# What a published criterion can be about: one of the facts; years with MS when the source does
# not say whether it counts from the first symptoms or from diagnosis (judged on both); something
# that no single fact settles (other); or a note about the source, which is not a criterion.
CRITERION_FACTS: dict[str, str] = {
    **FACTS,
    "disease_duration": "Years with MS (from the first symptoms or from diagnosis)",
    "other": "Other",
    "note": "Note",
}
YES_NO_FACTS = ("new_mri_activity", "high_efficacy_failed")  # answered yes, no or not sure


MS_TYPES: dict[str, str] = {
    "rrms": "relapsing-remitting MS",
    "spms": "secondary progressive MS",
    "ppms": "primary progressive MS",
    "cis": "clinically isolated syndrome",
}


# What a key number measures: a harm, or an outcome that shows whether it works.
NUMBER_KINDS: dict[str, str] = {"outcome": "what it may do", "harm": "harm"}

# The questions answered at a glance for every entry, in reading order (model.Glance's fields).
GLANCE: dict[str, str] = {
    "what_it_is": "What is it?",
    "studied_in": "Who has it been studied in?",
    "may_do": "What may it do for MS?",
    "main_risks": "Main risks",
    "how_given": "How is it given?",
    "recovery": "Recovery time",
    "access": "Where and how people get it",
    "cost": "Cost",
    "evidence": "Stage of evidence",
}
GLANCE_SHORT: dict[str, str] = {
    "what_it_is": "What it is",
    "studied_in": "Studied in",
    "may_do": "May do",
    "main_risks": "Main risks",
    "how_given": "How given",
    "recovery": "Recovery",
    "access": "Where",
    "cost": "Cost",
    "evidence": "Evidence",
}
