"""The content model of posted results: `content/trials/<NCT id>/results.yaml` (issue 17).

Every value is kept as the registry wrote it: measurements, dispersions, p-values and
estimates are the registry's strings ("0.031", "<0.001", "NA"), units and time frames
verbatim. Only counts of people are whole numbers, because pages compute "X of Y" from them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Text = Annotated[str, Field(min_length=1)]
Count = Annotated[int, Field(strict=True, ge=0)]
CountText = Annotated[str, Field(pattern=r"^[0-9]+$")]
"""A count of people as the registry wrote it: digits only."""
OutcomeType = Literal["PRIMARY", "SECONDARY", "OTHER_PRE_SPECIFIED", "POST_HOC"]


class _Strict(BaseModel):
    """Frozen, unknown keys rejected, docstrings kept (as `model.Strict`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Group(_Strict):
    id: Text
    """The registry's group id (`FG000`, `OG001`, `E1`)."""
    title: str | None = None
    """The group's title as registered (a few legacy records have none)."""
    description: str | None = None
    """Its description as registered."""


class FlowCount(_Strict):
    group: Text
    """Id of the participant-flow group."""
    subjects: CountText
    """Number of participants."""
    units: str | None = None
    """Number of units, when the units analysed are not participants."""
    comment: str | None = None
    """The registry's comment on this count."""


class Milestone(_Strict):
    type: Text
    """STARTED, COMPLETED, NOT COMPLETED or a milestone the sponsor named."""
    counts: list[FlowCount] = []
    """Participants per group."""


class Period(_Strict):
    title: Text
    """Period title, such as "Overall Study"."""
    milestones: list[Milestone] = []
    """Milestones in registry order."""
    reasons: list[Milestone] = []
    """Reasons for not completing ("Withdrawal by Subject"), each with counts per group."""


class Flow(_Strict):
    recruitment_details: str | None = None
    """Recruitment details."""
    pre_assignment_details: str | None = None
    """What happened before groups were assigned."""
    units_analyzed: str | None = None
    """The unit counted when it is not participants."""
    groups: list[Group] = []
    """Participant-flow groups."""
    periods: list[Period] = []
    """Periods of the study."""


class Value(_Strict):
    group: Text
    """Group id."""
    value: str
    """The value as registered."""


class Denom(_Strict):
    units: Text
    """What is counted, such as Participants."""
    counts: list[Value] = []
    """The number analysed per group."""


class Measurement(_Strict):
    group: Text
    """Group id."""
    value: str | None = None
    """The value as registered ("19.63", "NA")."""
    spread: str | None = None
    """Standard deviation or error, as registered."""
    lower: str | None = None
    """Lower limit (of a range, interquartile range or confidence interval)."""
    upper: str | None = None
    """Upper limit."""
    comment: str | None = None
    """Why a value is missing, as registered."""


class Category(_Strict):
    title: str | None = None
    """Category title, such as Female; none when the class has one category."""
    measurements: list[Measurement] = []
    """One measurement per group."""


class MeasureClass(_Strict):
    title: str | None = None
    """Class title, such as a country or a time point."""
    denoms: list[Denom] = []
    """Numbers analysed in this class, when they differ from the measure's."""
    categories: list[Category] = []
    """Categories of the class."""


class Measure(_Strict):
    title: Text
    """What was measured, as registered."""
    description: str | None = None
    """How it was measured."""
    population: str | None = None
    """Who was analysed."""
    param_type: str | None = None
    """Kind of value: MEAN, MEDIAN, COUNT_OF_PARTICIPANTS, NUMBER... as registered."""
    dispersion_type: str | None = None
    """Kind of dispersion: STANDARD_DEVIATION, FULL_RANGE, 95% Confidence Interval..."""
    unit: str | None = None
    """Unit of measure."""
    calculate_pct: bool | None = None
    """Whether the registry shows percentages of the analysed number."""
    denoms: list[Denom] = []
    """Numbers analysed per group."""
    classes: list[MeasureClass] = []
    """The values."""


class Baseline(_Strict):
    population: str | None = None
    """Who the baseline describes."""
    groups: list[Group] = []
    """Baseline groups (the last is often Total)."""
    denoms: list[Denom] = []
    """Numbers analysed per group."""
    measures: list[Measure] = []
    """Age, sex and the other characteristics."""

    @model_validator(mode="after")
    def _known_groups(self) -> Baseline:
        _check_groups(self.groups, [m.denoms for m in self.measures] + [self.denoms],
                      [c for m in self.measures for c in m.classes])  # fmt: skip
        return self


class Analysis(_Strict):
    groups: list[str] = []
    """Ids of the groups compared."""
    group_description: str | None = None
    """Which comparison, as registered."""
    non_inferiority_type: str | None = None
    """SUPERIORITY, NON_INFERIORITY... as registered."""
    non_inferiority_comment: str | None = None
    """Details of the non-inferiority or equivalence test."""
    p_value: str | None = None
    """The p-value as registered ("0.031", "<0.001")."""
    p_value_comment: str | None = None
    """Comment on the p-value."""
    method: str | None = None
    """Statistical method."""
    method_comment: str | None = None
    """Comment on the method."""
    param_type: str | None = None
    """Kind of estimate (Mean Difference, Odds Ratio...)."""
    param_value: str | None = None
    """The estimate as registered."""
    dispersion_type: str | None = None
    """Kind of dispersion of the estimate."""
    dispersion_value: str | None = None
    """Its value."""
    ci_pct: str | None = None
    """Confidence level, such as 95."""
    ci_sides: str | None = None
    """ONE_SIDED or TWO_SIDED, as registered."""
    ci_lower: str | None = None
    """Lower limit of the confidence interval."""
    ci_upper: str | None = None
    """Upper limit."""
    ci_comment: str | None = None
    """Why a limit is not given."""
    estimate_comment: str | None = None
    """Comment on the estimate."""
    other_description: str | None = None
    """Other analysis, described in words."""


class OutcomeResult(Measure):
    type: OutcomeType | None = None
    """Primary, secondary, other pre-specified or post hoc."""
    reporting_status: str | None = None
    """POSTED or NOT_POSTED."""
    time_frame: str | None = None
    """When it was measured, as registered."""
    groups: list[Group] = []
    """Groups of this outcome, in column order."""
    analyses: list[Analysis] = []
    """Statistical analyses as registered."""

    @model_validator(mode="after")
    def _known_groups(self) -> OutcomeResult:
        _check_groups(self.groups, [self.denoms], self.classes)
        for analysis in self.analyses:
            _check_ids(self.groups, analysis.groups)
        return self


class EventGroup(Group):
    deaths_affected: Count | None = None
    """Deaths from any cause."""
    deaths_at_risk: Count | None = None
    """Participants followed for deaths."""
    serious_affected: Count | None = None
    """Participants with at least one serious adverse event."""
    serious_at_risk: Count | None = None
    """Participants at risk of serious adverse events."""
    other_affected: Count | None = None
    """Participants with at least one other (not serious) adverse event."""
    other_at_risk: Count | None = None
    """Participants at risk of other adverse events."""


class EventCount(_Strict):
    group: Text
    """Group id."""
    affected: Count | None = None
    """Participants affected."""
    at_risk: Count | None = None
    """Participants at risk."""
    events: Count | None = None
    """Number of events."""

    @model_validator(mode="after")
    def _affected_within_at_risk(self) -> EventCount:
        if self.affected is not None and self.at_risk is not None and self.affected > self.at_risk:
            raise ValueError(f"{self.affected} people affected of {self.at_risk} at risk")
        return self


class Event(_Strict):
    term: Text
    """The adverse event, as registered."""
    organ_system: str | None = None
    """Organ system."""
    assessment: str | None = None
    """SYSTEMATIC_ASSESSMENT or NON_SYSTEMATIC_ASSESSMENT, as registered."""
    vocabulary: str | None = None
    """Vocabulary of the term, such as MedDRA 16.0."""
    notes: str | None = None
    """Notes as registered."""
    counts: list[EventCount] = []
    """Per group."""


class AdverseEvents(_Strict):
    frequency_threshold: str | None = None
    """Other adverse events are listed when more frequent than this percentage."""
    time_frame: str | None = None
    """When adverse events were collected."""
    description: str | None = None
    """How they were collected, or how the definition differs."""
    groups: list[EventGroup] = []
    """Groups with their totals."""
    serious: list[Event] = []
    """Serious adverse events."""
    other: list[Event] = []
    """Other adverse events above the frequency threshold."""

    @model_validator(mode="after")
    def _known_groups(self) -> AdverseEvents:
        for event in self.serious + self.other:
            _check_ids(self.groups, [count.group for count in event.counts])
        return self


class PointOfContact(_Strict):
    title: str | None = None
    """Name or title."""
    organization: str | None = None
    """Organisation."""
    email: str | None = None
    """E-mail address."""
    phone: str | None = None
    """Telephone number."""
    phone_ext: str | None = None
    """Telephone extension."""


class Results(_Strict):
    """Results posted on the registry for one trial, every value as registered."""

    flow: Flow | None = None
    """Participant flow."""
    baseline: Baseline | None = None
    """Baseline characteristics."""
    outcomes: list[OutcomeResult] = []
    """Outcome measures with their values and analyses."""
    adverse_events: AdverseEvents | None = None
    """Serious and other adverse events."""
    limitations: str | None = None
    """Limitations and caveats."""
    point_of_contact: PointOfContact | None = None
    """Who to ask about the results."""

    @model_validator(mode="after")
    def _flow_groups(self) -> Results:
        if self.flow:
            for period in self.flow.periods:
                for milestone in period.milestones + period.reasons:
                    _check_ids(self.flow.groups, [count.group for count in milestone.counts])
        return self


def _check_groups(
    groups: list[Group], denoms: list[list[Denom]], classes: list[MeasureClass]
) -> None:
    ids = [count.group for denom_list in denoms for denom in denom_list for count in denom.counts]
    for item in classes:
        ids += [count.group for denom in item.denoms for count in denom.counts]
        ids += [m.group for category in item.categories for m in category.measurements]
    _check_ids(groups, ids)


def _check_ids(groups: list[Group], ids: list[str]) -> None:
    known = {group.id for group in groups}
    unknown = sorted({group for group in ids if group not in known})
    if unknown:
        raise ValueError(f"group {', '.join(unknown)} is not among the groups listed")
