"""The content model: a trial record, its people-written texts and the site settings."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from .languages import LANGUAGES
from .registry import ID_RE
from .results import Results
from .terms import Terms

# ASCII digits only: Python's and pydantic's \d also match full-width and other digits (issue 16).
_PARTIAL_DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_AGE_RE = re.compile(r"^[0-9]+ (Years|Months|Weeks|Days|Hours|Minutes)$")


def _check_partial_date(value: str) -> str:
    """Accept `yyyy`, `yyyy-MM` or `yyyy-MM-dd` naming a day that exists."""
    match = _PARTIAL_DATE_RE.match(value)
    if not match:
        raise ValueError(f'expected a date "yyyy", "yyyy-mm" or "yyyy-mm-dd", got "{value}"')
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValueError(f'"{value}" is not a real date') from None
    return value


_SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,78}[a-z0-9])?$")


def _check_slug(value: str) -> str:
    # The slug becomes an element id (`{ #slug }`) and a link anchor: a space or `=` in it
    # would add attributes to the heading (issue 14).
    if not _SLUG_RE.match(value):
        raise ValueError(
            f'a term\'s key is its link anchor: use lowercase letters, digits, "-" and "_", '
            f'got "{value}"'
        )
    return value


# HTML's valid e-mail address (WHATWG): what a mailto: link may carry (issue 14).
EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_SITE_URL_RE = re.compile(
    r"^(?P<scheme>https?)://(?P<host>[A-Za-z0-9.-]+|\[::1\])(?::\d{1,5})?(?:/[A-Za-z0-9._~%/-]*)?$"
)
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def check_site_url(value: str) -> str:
    """Refuse a URL that is not absolute https (http only for this machine), or has a query.

    Settings reach every page's `<head>` and links (issue 14): `"><script>` in a base URL
    broke out of the canonical link.
    """
    match = _SITE_URL_RE.match(value)
    if not match:
        raise ValueError(
            f'expected an absolute https:// URL such as "https://org.github.io/repo/" '
            f'(letters, digits and ". _ ~ % / -" in its path), got "{value}"'
        )
    if match["scheme"] == "http" and match["host"] not in LOCAL_HOSTS:
        raise ValueError(
            f'http:// is for this machine only (localhost); use https://, got "{value}"'
        )
    return value


def _check_contact(value: str) -> str:
    if EMAIL_RE.match(value):
        return value
    if value.startswith("https://"):
        return check_site_url(value)
    raise ValueError(f'expected an https:// URL or an e-mail address, got "{value}"')


def _check_plain(value: str) -> str:
    # Material writes the site title into the page as it is (`<title>`, the header).
    bad = sorted({char for char in value if char in '<>"' or ord(char) < 32 or ord(char) == 127})
    if bad:
        shown = ", ".join(repr(char) for char in bad)
        raise ValueError(f"plain text only: {shown} not allowed")
    return value


def _check_age(value: str) -> str:
    if not _AGE_RE.match(value):
        raise ValueError(f'expected "<n> Years" (or Months, Weeks, Days), got "{value}"')
    return value


def _check_language(value: str) -> str:
    if value not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise ValueError(f'"{value}" is not a language trialsite knows ({known}): add a row to '
                         "generator/languages.py")  # fmt: skip
    return value


PartialDate = Annotated[str, AfterValidator(_check_partial_date)]
Age = Annotated[str, AfterValidator(_check_age)]
LanguageCode = Annotated[str, AfterValidator(_check_language)]
# Counts are whole numbers as written: pydantic's lax mode would take `true` as 1 and 48.0 as 48.
Count = Annotated[int, Field(strict=True, ge=0)]
_AGE_DAYS = {"Years": 365.25, "Months": 30.4375, "Weeks": 7, "Days": 1, "Hours": 1 / 24,
             "Minutes": 1 / 1440}  # fmt: skip


def age_in_days(age: str) -> float:
    """Return an age such as "18 Years" in days, to compare ages given in different units."""
    number, unit = age.split()
    return int(number) * _AGE_DAYS[unit]


def _check_range(low: Any, high: Any, low_field: str, ages: bool = False) -> None:
    """Refuse a maximum below its minimum ("Aged 70 to 65 years", issue 16)."""
    if low is None or high is None:
        return
    if (age_in_days(high) < age_in_days(low)) if ages else high < low:
        raise ValueError(f"{high} is below {low_field} {low}")


Slug = Annotated[str, AfterValidator(_check_slug)]
SiteUrl = Annotated[str, AfterValidator(check_site_url)]
PlainText = Annotated[str, Field(min_length=1), AfterValidator(_check_plain)]
NctId = Annotated[str, Field(pattern=ID_RE.pattern)]
Text = Annotated[str, Field(min_length=1)]

# A study's recruitment status, and each site's (API v2 uses one list for both).
OverallStatus = Literal[
    "ACTIVE_NOT_RECRUITING", "COMPLETED", "ENROLLING_BY_INVITATION", "NOT_YET_RECRUITING",
    "RECRUITING", "SUSPENDED", "TERMINATED", "WITHDRAWN", "AVAILABLE", "NO_LONGER_AVAILABLE",
    "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING", "WITHHELD", "UNKNOWN",
]  # fmt: skip
Phase = Literal["NA", "EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4"]
StudyType = Literal["INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS"]
DateType = Literal["ACTUAL", "ESTIMATED"]
Allocation = Literal["RANDOMIZED", "NON_RANDOMIZED", "NA"]
InterventionModel = Literal["SINGLE_GROUP", "PARALLEL", "CROSSOVER", "FACTORIAL", "SEQUENTIAL"]
ObservationalModel = Literal[
    "COHORT", "CASE_CONTROL", "CASE_ONLY", "CASE_CROSSOVER", "ECOLOGIC_OR_COMMUNITY",
    "FAMILY_BASED", "DEFINED_POPULATION", "NATURAL_HISTORY", "OTHER",
]  # fmt: skip
PrimaryPurpose = Literal[
    "TREATMENT", "PREVENTION", "DIAGNOSTIC", "ECT", "SUPPORTIVE_CARE", "SCREENING",
    "HEALTH_SERVICES_RESEARCH", "BASIC_SCIENCE", "DEVICE_FEASIBILITY", "OTHER",
]  # fmt: skip
Masking = Literal["NONE", "SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE"]
ArmType = Literal[
    "EXPERIMENTAL", "ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR", "SHAM_COMPARATOR",
    "NO_INTERVENTION", "OTHER",
]  # fmt: skip
InterventionType = Literal[
    "BEHAVIORAL", "BIOLOGICAL", "COMBINATION_PRODUCT", "DEVICE", "DIAGNOSTIC_TEST",
    "DIETARY_SUPPLEMENT", "DRUG", "GENETIC", "PROCEDURE", "RADIATION", "OTHER",
]  # fmt: skip
Sex = Literal["ALL", "FEMALE", "MALE"]
AgencyClass = Literal[
    "NIH", "FED", "OTHER_GOV", "INDIV", "INDUSTRY", "NETWORK", "AMBIG", "OTHER", "UNKNOWN"
]
ReferenceType = Literal["BACKGROUND", "RESULT", "DERIVED"]
SourceFormat = Literal["registry-text", "ctgov-json", "ctgov-xml"]
TimePerspective = Literal["PROSPECTIVE", "RETROSPECTIVE", "CROSS_SECTIONAL", "OTHER"]
BiospecRetention = Literal["NONE_RETAINED", "SAMPLES_WITH_DNA", "SAMPLES_WITHOUT_DNA"]
SamplingMethod = Literal["PROBABILITY_SAMPLE", "NON_PROBABILITY_SAMPLE"]
IpdSharing = Literal["YES", "NO", "UNDECIDED"]
IpdInfoType = Literal["STUDY_PROTOCOL", "SAP", "ICF", "CSR", "ANALYTIC_CODE"]


class Strict(BaseModel):
    """Base of every content model: frozen, unknown keys rejected, docstrings kept."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Title(Strict):
    brief: Text
    """The short title as registered."""
    official: str | None = None
    """The full scientific title."""
    acronym: str | None = None
    """The study's acronym, when it has one."""


class Status(Strict):
    overall: OverallStatus | None = None
    """Overall recruitment status (API v2 `overallStatus`); absent in a few abridged records."""
    last_known: OverallStatus | None = None
    """Last status the sponsor reported, when `overall` is UNKNOWN."""
    why_stopped: str | None = None
    """Why a terminated, suspended or withdrawn study stopped."""
    last_update: PartialDate | None = None
    """Date the registry record was last updated."""
    start: PartialDate | None = None
    """Study start date."""
    start_type: DateType | None = None
    """Whether the start date is actual or estimated."""
    primary_completion: PartialDate | None = None
    """Date the last participant was examined for the primary outcome."""
    primary_completion_type: DateType | None = None
    """Whether the primary completion date is actual or estimated."""
    completion: PartialDate | None = None
    """Study completion date."""
    completion_type: DateType | None = None
    """Whether the completion date is actual or estimated."""


class SecondaryId(Strict):
    id: Text
    """The identifier."""
    type: str | None = None
    """Its kind (API v2 `secondaryIdInfos[].type`)."""
    domain: str | None = None
    """Who issued it."""


class Enrollment(Strict):
    count: Count
    """Number of participants."""
    type: DateType | None = None
    """ACTUAL once recruitment ended, else ESTIMATED."""


class Design(Strict):
    allocation: Allocation | None = None
    """How participants are assigned to arms."""
    model: InterventionModel | ObservationalModel | None = None
    """Intervention model, or observational model for observational studies."""
    purpose: PrimaryPurpose | None = None
    """Primary purpose."""
    masking: Masking | None = None
    """Who is blinded to the assignment."""
    who_masked: list[str] = []
    """Roles kept unaware of the assignment."""
    model_description: str | None = None
    """Free-text companion of the model."""
    time_perspective: TimePerspective | None = None
    """Observational studies: when the data are collected relative to enrolment."""
    biospec_retention: BiospecRetention | None = None
    """Observational studies: which biospecimens are kept (API v2 `bioSpec.retention`)."""
    biospec_description: str | None = None
    """Observational studies: the biospecimens kept, as registered."""


class Dose(Strict):
    amount: float = Field(gt=0, strict=True)
    """The dose as a number, in `unit` (1 million cells per kg is 1000000)."""
    unit: Text
    """The unit, such as `cells/kg` or `mg/kg`."""


class Administration(Strict):
    count: Annotated[int, Field(strict=True, ge=1)] | None = None
    """How many times it is given."""
    minutes_min: Count | None = None
    """Shortest duration of one administration, in minutes."""
    minutes_max: Count | None = None
    """Longest duration of one administration, in minutes."""

    @field_validator("minutes_max")
    @classmethod
    def _longest_not_below_shortest(cls, value: int | None, info: ValidationInfo) -> int | None:
        _check_range(info.data.get("minutes_min"), value, "minutes_min")
        return value


class Intervention(Strict):
    name: Text
    """Name as registered."""
    type: InterventionType | None = None
    """Kind of intervention."""
    description: str | None = None
    """Registered description (Markdown)."""
    other_names: list[str] = []
    """Other names of the same product."""
    doses: list[Dose] = []
    """Doses stated unambiguously in the registered text; empty when not stated."""
    route: str | None = None
    """Route of administration when stated, such as `intravenous`."""
    administration: Administration | None = None
    """How often and for how long it is given, when stated."""


class Arm(Strict):
    label: Text
    """Arm or cohort label."""
    type: ArmType | None = None
    """Arm type; absent for observational cohorts."""
    description: str | None = None
    """Registered description (Markdown)."""
    interventions: list[str] = []
    """Names of the interventions this arm receives."""


class Criterion(Strict):
    text: str
    """The criterion, verbatim, without its list marker."""
    label: str | None = Field(default=None, pattern=r"^[A-Za-z0-9]{1,6}[.)-]?$")
    """Its marker as registered ("a.", "i-", "1."), shown and in its anchor; None for bullets."""
    heading: bool | None = None
    """True for a sub-heading inside the criteria ("For the 'Within EPI' cohort:")."""
    items: list[Criterion] = []
    """Sub-criteria ("a.", "i-", "1." lists) as structure."""


class Eligibility(Strict):
    min_age: Age | None = None
    """Minimum age, such as "18 Years"."""
    max_age: Age | None = None
    """Maximum age."""

    @field_validator("max_age")
    @classmethod
    def _max_not_below_min(cls, value: str | None, info: ValidationInfo) -> str | None:
        _check_range(info.data.get("min_age"), value, "min_age", ages=True)
        return value

    sex: Sex | None = None
    """Sexes eligible."""
    healthy_volunteers: bool | None = None
    """Whether healthy volunteers may take part."""
    population: str | None = None
    """Study population of an observational study."""
    sampling_method: SamplingMethod | None = None
    """How an observational study samples its population."""
    gender_based: bool | None = None
    """Whether eligibility is based on gender identity (API v2 `genderBased`)."""
    gender_description: str | None = None
    """The registered words on sex or gender eligibility (API v2 `genderDescription`)."""
    inclusion: list[Criterion] = []
    """Inclusion criteria."""
    exclusion: list[Criterion] = []
    """Exclusion criteria."""


class Outcome(Strict):
    measure: Text
    """What is measured."""
    description: str | None = None
    """How it is measured."""
    time_frame: str | None = None
    """When it is measured."""


class Outcomes(Strict):
    primary: list[Outcome] = []
    """Primary outcomes."""
    secondary: list[Outcome] = []
    """Secondary outcomes."""
    other: list[Outcome] = []
    """Other pre-specified outcomes."""


class Agency(Strict):
    name: Text
    """Organisation name."""
    class_: AgencyClass | None = Field(default=None, alias="class")
    """Kind of organisation (API v2 `class`)."""

    model_config = ConfigDict(populate_by_name=True)


class Contact(Strict):
    name: str | None = None
    """Person or office."""
    role: str | None = None
    """CONTACT, PRINCIPAL_INVESTIGATOR, STUDY_CHAIR, STUDY_DIRECTOR, ..."""
    affiliation: str | None = None
    """Institution."""
    phone: str | None = None
    """Telephone number."""
    email: str | None = None
    """E-mail address."""


def _check_latitude(value: float) -> float:
    if not -90 <= value <= 90:  # NaN fails too
        raise ValueError(f"a latitude is between -90 and 90 degrees, got {value}")
    return value


def _check_longitude(value: float) -> float:
    if not -180 <= value <= 180:
        raise ValueError(f"a longitude is between -180 and 180 degrees, got {value}")
    return value


# Strict: `true` or "45.7" is not a coordinate (YAML would hand over a bool or a text).
Latitude = Annotated[float, Field(strict=True), AfterValidator(_check_latitude)]
Longitude = Annotated[float, Field(strict=True), AfterValidator(_check_longitude)]


class GeoPoint(Strict):
    """Where a site is, in decimal degrees (WGS 84), as the registry geocodes its city."""

    lat: Latitude
    """Latitude, -90 (south) to 90 (north)."""
    lon: Longitude
    """Longitude, -180 (west) to 180 (east)."""


class Location(Strict):
    facility: str | None = None
    """Hospital or site name."""
    city: str | None = None
    """City."""
    state: str | None = None
    """State or region."""
    zip: str | None = None
    """Postal code."""
    country: str | None = None
    """Country, in English."""
    geo: GeoPoint | None = None
    """The site's coordinates (API v2 `geoPoint`; XML and text records have none): the
    registry's "nearest to me" sort reads them in the reader's browser."""
    status: OverallStatus | None = None
    """Recruitment status of this site."""
    contacts: list[Contact] = []
    """The site's own contacts and investigators."""


class Link(Strict):
    url: Text
    """The address, as registered (API v2 `seeAlsoLinks[].url`)."""
    label: str | None = None
    """What it links to."""


class Document(Strict):
    label: Text
    """What the document is, such as "Study Protocol and Statistical Analysis Plan"."""
    type: str | None = None
    """The registry's short type (`Prot`, `SAP`, `ICF`, `Prot_SAP`, ...)."""
    has_protocol: bool | None = None
    """Whether it holds the protocol."""
    has_sap: bool | None = None
    """Whether it holds the statistical analysis plan."""
    has_icf: bool | None = None
    """Whether it holds the informed consent form."""
    date: PartialDate | None = None
    """The document's own date."""
    url: str | None = None
    """Where the registry serves it."""


class DataSharing(Strict):
    plan: IpdSharing | None = None
    """Whether individual participant data will be shared (API v2 `ipdSharing`)."""
    description: str | None = None
    """The plan, as registered."""
    info_types: list[IpdInfoType] = []
    """Supporting documents shared with the data."""
    time_frame: str | None = None
    """When the data become available, and for how long."""
    access_criteria: str | None = None
    """Who may have the data, and how."""
    url: str | None = None
    """Where to ask for them."""


class Oversight(Strict):
    has_dmc: bool | None = None
    """Whether a data monitoring committee oversees the study."""
    fda_regulated_drug: bool | None = None
    """Whether it studies a drug regulated by the US FDA."""
    fda_regulated_device: bool | None = None
    """Whether it studies a device regulated by the US FDA."""


class MeshTerm(Strict):
    term: Text
    """The MeSH heading the registry derived from the record."""
    id: str | None = Field(default=None, pattern=r"^[A-Z]\d{6,12}$")
    """Its MeSH unique id (`D000012509`), when the registry gives it."""


class Reference(Strict):
    citation: Text
    """Citation as registered."""
    doi: str | None = None
    """DOI, when the citation states one."""
    pmid: str | None = Field(default=None, pattern=r"^\d+$")
    """PubMed id."""
    type: ReferenceType | None = None
    """Why the reference is listed."""


class Related(Strict):
    nct_id: NctId
    """Id of the related trial."""
    title: str | None = None
    """Its title as shown by the registry."""


class Source(Strict):
    registry: Text
    """Registry name, such as ClinicalTrials.gov."""
    url: str | None = None
    """The record's page in the registry."""
    retrieved: PartialDate | None = None
    """When the registry produced the copy imported, if the copy says."""
    format: SourceFormat | None = None
    """Which importer read it."""


class Record(Strict):
    """One trial as registered: `content/trials/<NCT id>/record.yaml`."""

    nct_id: NctId
    """ClinicalTrials.gov identifier."""
    org_study_id: str | None = None
    """The sponsor's own identifier."""
    secondary_ids: list[SecondaryId] = []
    """Other identifiers."""
    title: Title
    """Titles."""
    status: Status = Field(default_factory=Status)
    """Recruitment status and key dates."""
    phase: list[Phase] = []
    """Phases; a phase 1/2 trial is [PHASE1, PHASE2]."""
    study_type: StudyType | None = None
    """Interventional, observational or expanded access."""
    enrollment: Enrollment | None = None
    """Planned or actual number of participants."""
    conditions: list[Text] = []
    """Conditions studied."""
    keywords: list[Text] = []
    """Keywords."""
    summary: str | None = None
    """Brief summary (Markdown)."""
    description: str | None = None
    """Detailed description (Markdown)."""
    design: Design | None = None
    """Study design."""
    arms: list[Arm] = []
    """Arms or cohorts."""
    interventions: list[Intervention] = []
    """Interventions tested."""
    eligibility: Eligibility | None = None
    """Who can take part."""
    outcomes: Outcomes | None = None
    """Outcome measures."""
    sponsor: Agency | None = None
    """Lead sponsor."""
    collaborators: list[Agency] = []
    """Collaborating organisations."""
    locations: list[Location] = []
    """Study sites."""
    contacts: list[Contact] = []
    """Central contacts and study officials."""
    references: list[Reference] = []
    """Publications."""
    related: list[Related] = []
    """Related trials listed by the registry."""
    see_also: list[Link] = []
    """Web pages the record links to."""
    documents: list[Document] = []
    """Protocol, statistical analysis plan and consent form the registry holds."""
    data_sharing: DataSharing | None = None
    """The plan to share individual participant data."""
    oversight: Oversight | None = None
    """Data monitoring committee and US FDA regulation."""
    condition_mesh: list[MeshTerm] = []
    """MeSH terms the registry derived from the conditions."""
    intervention_mesh: list[MeshTerm] = []
    """MeSH terms the registry derived from the interventions."""
    has_results: bool | None = None
    """Whether results are posted on the registry."""
    results: Results | None = None
    """Posted results; kept in `results.yaml` beside `record.yaml` (issue 17)."""
    source: Source
    """Where and when the record was imported from."""


class PlainLanguage(Strict):
    """Plain-language patient text for one trial in one language (`patients.<lang>.yaml`)."""

    reviewed_against: PartialDate
    """`status.last_update` of the record this text was checked against."""
    reviewed_by: str | None = None
    """Who reviewed it."""
    title: str | None = None
    """A plain title for the top of the patient page (else one is composed from the record)."""
    why: str | None = None
    """Why this study is done."""
    who_can: str | None = None
    """Who can take part."""
    who_cannot: str | None = None
    """Who cannot take part."""
    what_happens: str | None = None
    """What happens, step by step."""
    doses: str | None = None
    """The dose groups in words."""
    known: str | None = None
    """What is already known."""
    not_known: str | None = None
    """What is not known."""
    risks: str | None = None
    """Possible risks."""
    where: str | None = None
    """Where the study takes place (else composed from the sites: countries, cities)."""
    questions: str | None = None
    """Questions to ask your doctor."""
    contact: str | None = None
    """How to ask about the study."""
    results: str | None = None
    """What the study found, in plain words; replaces the text generated from the results."""


class GlossaryEntry(Strict):
    term: dict[str, Text]
    """The term in each language, such as {en: lupus, fr: lupus}."""
    definition: dict[str, Text]
    """A plain definition in each language."""
    forms: dict[str, list[Text]] = {}
    """Other spellings or inflections that also count as the term, per language."""


class Glossary(Strict):
    """Medical words and their plain definitions: `content/glossary.yaml`."""

    terms: dict[Slug, GlossaryEntry]
    """Entries keyed by a stable slug used in links (`glossary/#<slug>`)."""
    undefined_ok: dict[str, list[str]] = {}
    """Per language, everyday words a reviewer decided need no definition."""
    medical_words: dict[str, list[str]] = {}
    """Per language, medical words that must be defined whenever a patient page uses them."""


class Site(Strict):
    """Site-wide settings: `content/site.yaml`."""

    title: dict[str, PlainText]
    """Site title per language, plain text."""
    languages: list[LanguageCode] = ["en", "fr"]
    """Languages built, each a row of `languages.LANGUAGES`; the first is served at the root."""
    base_url: SiteUrl
    """Public URL of the site, https (http for localhost), such as https://org.github.io/repo/."""
    publisher: dict[str, PlainText]
    """Who publishes the site, per language, plain text."""
    contact: Annotated[str, AfterValidator(_check_contact)] | None = None
    """Contact for the site: an https:// URL or an e-mail address."""
    disclaimer: dict[str, PlainText] = {}
    """Disclaimer shown on every page, per language."""
    allow_untranslated: bool = False
    """Publish record text still untranslated (shown in English, marked) without a warning;
    every page of another language then says that some passages are still in English."""


class TranslatedText(Strict):
    """One translatable passage of a record in one language."""

    source: str
    """The English text it translates."""
    text: str | None = None
    """The translation; None when missing."""
    fuzzy: bool = False
    """True when the English changed since it was translated (stale)."""
    line: int | None = None
    """Line of the entry in its PO file, for reports."""


class Trial(Strict):
    """Everything known about one trial: its record and what people wrote for it."""

    record: Record
    """The record as registered."""
    folder: str
    """Its folder, `content/trials/<NCT id>`."""
    plain: dict[str, PlainLanguage] = {}
    """Hand-written patient text per language."""
    translations: dict[str, dict[str, TranslatedText]] = {}
    """Per language, translations keyed by field path (the PO msgctxt)."""


class Content(Strict):
    """The whole `content/` folder, validated."""

    site: Site
    """Site settings."""
    glossary: Glossary
    """Glossary."""
    trials: list[Trial]
    """Every trial, sorted by NCT id."""
    terms: Terms = Terms()
    """Condition names and registry phrases in each language: `content/terms.yaml`."""
