"""Readable labels for the registry's enumerations, marked for the UI catalog with N_."""

from __future__ import annotations

from typing import NamedTuple

from .pagetypes import N_, TRIAL_PAGES


class InContext(NamedTuple):
    """A label whose English is also another label's, translated in a context of its own."""

    context: str
    message: str


def pgettext(context: str, message: str) -> InContext:
    """Mark a label for extraction with its context (Babel reads `pgettext` calls); the page
    translates it in that context: a study is « Terminée », participants « Ont terminé »."""
    return InContext(context, message)


STATUS = {
    "ACTIVE_NOT_RECRUITING": N_("Active, not recruiting"),
    "COMPLETED": N_("Completed"),
    "ENROLLING_BY_INVITATION": N_("Enrolling by invitation"),
    "NOT_YET_RECRUITING": N_("Not yet recruiting"),
    "RECRUITING": N_("Recruiting"),
    "SUSPENDED": N_("Suspended"),
    "TERMINATED": N_("Terminated"),
    "WITHDRAWN": N_("Withdrawn"),
    "AVAILABLE": N_("Available"),
    "NO_LONGER_AVAILABLE": N_("No longer available"),
    "TEMPORARILY_NOT_AVAILABLE": N_("Temporarily not available"),
    "APPROVED_FOR_MARKETING": N_("Approved for marketing"),
    "WITHHELD": N_("Withheld"),
    "UNKNOWN": N_("Unknown status"),
}
PHASE = {
    "NA": N_("Not applicable"),
    "EARLY_PHASE1": N_("Early phase 1"),
    "PHASE1": N_("Phase 1"),
    "PHASE2": N_("Phase 2"),
    "PHASE3": N_("Phase 3"),
    "PHASE4": N_("Phase 4"),
}
STUDY_TYPE = {
    "INTERVENTIONAL": N_("Interventional (clinical trial)"),
    "OBSERVATIONAL": N_("Observational"),
    "EXPANDED_ACCESS": N_("Expanded access"),
}
ALLOCATION = {
    "RANDOMIZED": N_("Randomised"),
    "NON_RANDOMIZED": N_("Non-randomised"),
    "NA": N_("Not applicable"),
}
MODEL = {
    "SINGLE_GROUP": N_("Single group"),
    "PARALLEL": N_("Parallel groups"),
    "CROSSOVER": N_("Crossover"),
    "FACTORIAL": N_("Factorial"),
    "SEQUENTIAL": N_("Sequential"),
    "COHORT": N_("Cohort"),
    "CASE_CONTROL": N_("Case-control"),
    "CASE_ONLY": N_("Case-only"),
    "CASE_CROSSOVER": N_("Case-crossover"),
    "ECOLOGIC_OR_COMMUNITY": N_("Ecologic or community"),
    "FAMILY_BASED": N_("Family-based"),
    "DEFINED_POPULATION": N_("Defined population"),
    "NATURAL_HISTORY": N_("Natural history"),
    "OTHER": N_("Other"),
}
PURPOSE = {
    "TREATMENT": N_("Treatment"),
    "PREVENTION": N_("Prevention"),
    "DIAGNOSTIC": N_("Diagnosis"),
    "ECT": N_("Early clinical testing"),
    "SUPPORTIVE_CARE": N_("Supportive care"),
    "SCREENING": N_("Screening"),
    "HEALTH_SERVICES_RESEARCH": N_("Health services research"),
    "BASIC_SCIENCE": N_("Basic science"),
    "DEVICE_FEASIBILITY": N_("Device feasibility"),
    "OTHER": N_("Other"),
}
MASKING = {
    "NONE": N_("None (open label)"),
    "SINGLE": N_("Single blind"),
    "DOUBLE": N_("Double blind"),
    "TRIPLE": N_("Triple blind"),
    "QUADRUPLE": N_("Quadruple blind"),
}
ARM_TYPE = {
    "EXPERIMENTAL": N_("Experimental"),
    "ACTIVE_COMPARATOR": N_("Active comparator"),
    "PLACEBO_COMPARATOR": N_("Placebo comparator"),
    "SHAM_COMPARATOR": N_("Sham comparator"),
    "NO_INTERVENTION": N_("No intervention"),
    "OTHER": N_("Other"),
}
INTERVENTION_TYPE = {
    "BEHAVIORAL": N_("Behavioural"),
    "BIOLOGICAL": N_("Biological"),
    "COMBINATION_PRODUCT": N_("Combination product"),
    "DEVICE": N_("Device"),
    "DIAGNOSTIC_TEST": N_("Diagnostic test"),
    "DIETARY_SUPPLEMENT": N_("Dietary supplement"),
    "DRUG": N_("Drug"),
    "GENETIC": N_("Genetic"),
    "PROCEDURE": N_("Procedure"),
    "RADIATION": N_("Radiation"),
    "OTHER": N_("Other"),
}
SEX = {"ALL": N_("All sexes"), "FEMALE": N_("Female"), "MALE": N_("Male")}
AGENCY_CLASS = {
    "NIH": N_("US National Institutes of Health"),
    "FED": N_("US federal agency"),
    "OTHER_GOV": N_("Other government body"),
    "INDIV": N_("Individual"),
    "INDUSTRY": N_("Industry"),
    "NETWORK": N_("Network"),
    "AMBIG": N_("Ambiguous"),
    "OTHER": N_("Other (hospital, university, foundation)"),
    "UNKNOWN": N_("Unknown"),
}
REFERENCE_TYPE = {
    "BACKGROUND": N_("Background"),
    "RESULT": N_("Results"),
    "DERIVED": N_("Derived from this study"),
}
DATE_TYPE = {"ACTUAL": N_("actual"), "ESTIMATED": N_("estimated")}
ENROLLMENT_TYPE = {"ACTUAL": N_("actual"), "ESTIMATED": N_("planned")}
CONTACT_ROLE = {
    "CONTACT": N_("Contact"),
    "PRINCIPAL_INVESTIGATOR": N_("Principal investigator"),
    "SUB_INVESTIGATOR": N_("Sub-investigator"),
    "STUDY_CHAIR": N_("Study chair"),
    "STUDY_DIRECTOR": N_("Study director"),
}
MASKED_ROLE = {
    "PARTICIPANT": N_("participant"),
    "CARE_PROVIDER": N_("care provider"),
    "INVESTIGATOR": N_("investigator"),
    "OUTCOMES_ASSESSOR": N_("outcomes assessor"),
}
TIME_PERSPECTIVE = {
    "PROSPECTIVE": N_("Prospective"),
    "RETROSPECTIVE": N_("Retrospective"),
    "CROSS_SECTIONAL": N_("Cross-sectional"),
    "OTHER": N_("Other"),
}
BIOSPEC_RETENTION = {
    "NONE_RETAINED": N_("None retained"),
    "SAMPLES_WITH_DNA": N_("Samples with DNA"),
    "SAMPLES_WITHOUT_DNA": N_("Samples without DNA"),
}
SAMPLING_METHOD = {
    "PROBABILITY_SAMPLE": N_("Probability sample"),
    "NON_PROBABILITY_SAMPLE": N_("Non-probability sample"),
}
IPD_SHARING = {"YES": N_("Yes"), "NO": N_("No"), "UNDECIDED": N_("Undecided")}
IPD_INFO_TYPE = {
    "STUDY_PROTOCOL": N_("Study protocol"),
    "SAP": N_("Statistical analysis plan"),
    "ICF": N_("Informed consent form"),
    "CSR": N_("Clinical study report"),
    "ANALYTIC_CODE": N_("Analytic code"),
}
AUDIENCE = {page.key: page.label for page in TRIAL_PAGES if page.label}
# Results (issue 17): API v2 values; legacy XML writes them in words ("Standard Deviation"),
# which `label_message` normalises to the same keys.
OUTCOME_TYPE = {
    "PRIMARY": N_("Primary"),
    "SECONDARY": N_("Secondary"),
    "OTHER_PRE_SPECIFIED": N_("Other pre-specified"),
    "POST_HOC": N_("Post hoc"),
}
PARAM_TYPE = {
    "MEAN": N_("Mean"),
    "MEDIAN": N_("Median"),
    "GEOMETRIC_MEAN": N_("Geometric mean"),
    "GEOMETRIC_LEAST_SQUARES_MEAN": N_("Geometric least squares mean"),
    "LEAST_SQUARES_MEAN": N_("Least squares mean"),
    "LOG_MEAN": N_("Log mean"),
    "NUMBER": N_("Number"),
    "COUNT_OF_PARTICIPANTS": N_("Count of participants"),
    "COUNT_OF_UNITS": N_("Count of units"),
}
DISPERSION_TYPE = {
    "NA": N_("Not applicable"),
    "STANDARD_DEVIATION": N_("Standard deviation"),
    "STANDARD_ERROR": N_("Standard error"),
    "INTER_QUARTILE_RANGE": N_("Interquartile range"),
    "FULL_RANGE": N_("Full range"),
    "CONFIDENCE_80": N_("80% confidence interval"),
    "CONFIDENCE_90": N_("90% confidence interval"),
    "CONFIDENCE_95": N_("95% confidence interval"),
    "95%_CONFIDENCE_INTERVAL": N_("95% confidence interval"),
    "CONFIDENCE_975": N_("97.5% confidence interval"),
    "CONFIDENCE_99": N_("99% confidence interval"),
    "CONFIDENCE_OTHER": N_("Other confidence interval"),
    "GEOMETRIC_COEFFICIENT": N_("Geometric coefficient of variation"),
    "STANDARD_ERROR_OF_MEAN": N_("Standard error of the mean"),
}
MILESTONE = {
    "STARTED": N_("Started"),
    "COMPLETED": pgettext("participant flow", "Completed"),
    "NOT_COMPLETED": pgettext("participant flow", "Not completed"),
}
NON_INFERIORITY_TYPE = {
    "SUPERIORITY": N_("Superiority"),
    "NON_INFERIORITY": N_("Non-inferiority"),
    "EQUIVALENCE": N_("Equivalence"),
    "NON_INFERIORITY_OR_EQUIVALENCE": N_("Non-inferiority or equivalence"),
    "NON_INFERIORITY_OR_EQUIVALENCE_LEGACY": N_("Non-inferiority or equivalence"),
    "SUPERIORITY_OR_OTHER": N_("Superiority or other"),
    "SUPERIORITY_OR_OTHER_LEGACY": N_("Superiority or other"),
    "OTHER": N_("Other"),
}
CI_SIDES = {"ONE_SIDED": N_("one-sided"), "TWO_SIDED": N_("two-sided")}
REPORTING_STATUS = {"POSTED": N_("Posted"), "NOT_POSTED": N_("Not posted")}
# Routes the importer reads from registered text (importer/doses.py `_ROUTES`): our own fixed
# list, so a French page says « intraveineuse », not "intravenous" (issue 19).
ROUTE = {
    "INTRAVENOUS": N_("intravenous"),
    "ORAL": N_("oral"),
    "SUBCUTANEOUS": N_("subcutaneous"),
    "INTRAMUSCULAR": N_("intramuscular"),
    "INTRATHECAL": N_("intrathecal"),
    "TOPICAL": N_("topical"),
    "INHALED": N_("inhaled"),
}
_WORDED = {"outcome_type", "param_type", "dispersion_type", "milestone", "non_inferiority_type",
           "ci_sides", "reporting_status", "route"}  # fmt: skip

KINDS: dict[str, dict[str, str]] = {
    "status": STATUS,
    "phase": PHASE,
    "study_type": STUDY_TYPE,
    "allocation": ALLOCATION,
    "model": MODEL,
    "purpose": PURPOSE,
    "masking": MASKING,
    "arm_type": ARM_TYPE,
    "intervention_type": INTERVENTION_TYPE,
    "sex": SEX,
    "agency_class": AGENCY_CLASS,
    "reference_type": REFERENCE_TYPE,
    "date_type": DATE_TYPE,
    "enrollment_type": ENROLLMENT_TYPE,
    "contact_role": CONTACT_ROLE,
    "audience": AUDIENCE,
    "masked_role": MASKED_ROLE,
    "time_perspective": TIME_PERSPECTIVE,
    "biospec_retention": BIOSPEC_RETENTION,
    "sampling_method": SAMPLING_METHOD,
    "ipd_sharing": IPD_SHARING,
    "ipd_info_type": IPD_INFO_TYPE,
    "outcome_type": OUTCOME_TYPE,
    "param_type": PARAM_TYPE,
    "dispersion_type": DISPERSION_TYPE,
    "milestone": MILESTONE,
    "non_inferiority_type": NON_INFERIORITY_TYPE,
    "ci_sides": CI_SIDES,
    "reporting_status": REPORTING_STATUS,
    "route": ROUTE,
}


def label_message(kind: str, value: str) -> str | InContext | None:
    """Return the untranslated label of an enumeration value, or None when unknown."""
    if kind in _WORDED:
        value = value.strip().upper().replace(" ", "_").replace("-", "_")
    return KINDS[kind].get(value)
