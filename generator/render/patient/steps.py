"""What happens in the study: groups, chance, blinding, placebo, and the steps of taking part."""

from __future__ import annotations

import re

from ...model import Record
from ..labels import N_
from . import choose
from .about import things
from .choose import typed
from .sentences import Paragraphs, Section, Sentence
from .words import Words

# "Abexinostat tablets" (NCT03934567): tablets and capsules are swallowed (medical review 6).
_BY_MOUTH = re.compile(r"\b(?:tablets?|capsules?|by mouth|orally|oral solution)\b", re.I)


def what_happens(w: Words, r: Record) -> Section:
    """Return what happens: for a trial its groups and steps, else what is collected or given."""
    kind, state = choose.kind(r), choose.state(r)
    p = Paragraphs()
    if kind == "observational":
        _observed(w, r, p)
    elif kind == "expanded":
        p.add(w._("Only a doctor can ask for this treatment for a patient.", typed(r)),
              w._("Your doctor can tell you how it would be given.", []))  # fmt: skip
    else:
        _groups(w, r, p)
        _design(w, r, p)
        p.items("steps", _steps(w, r, state))
    if kind == "expanded":
        heading = w.gettext("How would I get it?")
    elif state in choose.OPEN_STATES or state == "invitation":
        heading = w.gettext("What happens if I take part?")
    else:
        heading = w.gettext("What happens in this study?")
    return p.section("what_happens", heading)


def _observed(w: Words, r: Record, p: Paragraphs) -> None:
    p.add(w._("You are not given a treatment as part of this study.", typed(r)))
    exposures = [w.named(f"interventions.{index}.name", item.name)
                 for index, item in enumerate(r.interventions[:3])]  # fmt: skip
    if exposures:
        p.add(w._("What it looks at: %(things)s.", ["interventions.0.name"],
                  things=w.join(exposures)))  # fmt: skip
    outcomes = r.outcomes.primary if r.outcomes else []
    if outcomes:
        p.add(w._("The team measures this: %(measure)s.", ["outcomes.primary.0.measure"],
                  measure=w.passage("outcomes.primary.0.measure",
                                    outcomes[0].measure)))  # fmt: skip
        if outcomes[0].time_frame:
            p.add(w._("For how long: %(time)s.", ["outcomes.primary.0.time_frame"],
                      time=w.passage("outcomes.primary.0.time_frame",
                                     outcomes[0].time_frame)))  # fmt: skip
    else:
        p.add(w._("Ask the study team what they would collect about you.", ["!outcomes"]))


def _groups(w: Words, r: Record, p: Paragraphs) -> None:
    tested = choose.tested(r)
    phrase, fields = things(w, r, tested)
    arms = len(r.arms)
    if arms > 1:
        p.add(w.ngettext("There is %(n)s group in this study.",
                         "There are %(n)s groups in this study.", arms, ["arms"],
                         n=w.f.number(arms)))  # fmt: skip
        for arm_type, count in choose.arm_types(r).items():
            p.add(_arm_sentence(w, arm_type, count))
    elif arms == 1:
        p.add(w._("Everyone in this study is in the same group.", ["arms"]))
    if not phrase and r.arms:
        url = w.links.audience(r.nct_id, "investigators") + "#arms"
        p.add(w._("The %(link)s says what each group gets.", ["arms"],
                  link=w.link(w.gettext("page for doctors"), url)))  # fmt: skip
    _routes(w, tested, p)
    if tested.named:
        url = w.links.audience(r.nct_id, "investigators") + "#interventions"
        p.add(w._("The %(link)s gives the doses and how often they are given.",
                  ["interventions"], link=w.link(w.gettext("page for doctors"), url)))  # fmt: skip


def _routes(w: Words, tested: choose.Tested, p: Paragraphs) -> None:
    """Say how each named part is given, when the record says: one sentence per route."""
    veins, mouths = [], []
    for index, item in tested.named:
        route = (item.route or "").lower()
        if "intravenous" in route:
            veins.append((index, item, "route"))
        elif "oral" in route or _BY_MOUTH.search(item.description or ""):
            mouths.append((index, item, "route" if "oral" in route else "description"))
    for found, message in ((veins, N_("%(names)s: into a vein, through a drip.")),
                           (mouths, N_("%(names)s: taken by mouth."))):  # fmt: skip
        if found:
            fields = [f"interventions.{index}.{source}" for index, _, source in found]
            names = w.join([w.named(f"interventions.{index}.name", item.name)
                            for index, item, _ in found])  # fmt: skip
            p.add(w._(message, fields, names=names))


def _design(w: Words, r: Record, p: Paragraphs) -> None:
    """Say how groups are formed and who knows them: to "you" while one may still join."""
    design = r.design
    if design is None or len(r.arms) < 2:
        return
    p.end()
    you = choose.state(r) in (*choose.OPEN_STATES, "invitation", "unknown")
    allocation, masking = ["design.allocation"], ["design.masking"]
    if design.allocation == "RANDOMIZED":
        p.add(w._("A computer decides by chance which group you are in. This is called "
                  "randomisation.", allocation) if you else
              w._("A computer decides by chance which group each person is in. This is called "
                  "randomisation.", allocation),
              w._("Neither you nor your doctor can choose.", allocation) if you else
              w._("Nobody can choose their group.", allocation))  # fmt: skip
    elif design.allocation == "NON_RANDOMIZED":
        p.add(w._("The groups are not decided by chance.", allocation))
    if choose.has_placebo(r):
        p.add(w._("A placebo looks like the real thing but has no medicine in it.", ["arms.type"]))
    masked = set(design.who_masked)
    if design.masking in ("DOUBLE", "TRIPLE", "QUADRUPLE") or "PARTICIPANT" in masked:
        p.add(w._("You will not know which group you are in. This is called blinding.", masking)
              if you else w._("People do not know which group they are in. This is called "
                              "blinding.", masking))  # fmt: skip
        if masked & {"INVESTIGATOR", "CARE_PROVIDER"} or design.masking != "SINGLE":
            p.add(w._("The study doctors do not know either.", masking))
    elif design.masking == "NONE":
        p.add(
            w._("You and your doctors will know which group you are in.", masking)
            if you
            else w._("People and their doctors know which group they are in.", masking)
        )


def _steps(w: Words, r: Record, state: choose.State) -> list[Sentence]:
    steps: list[Sentence] = []
    if state in choose.OPEN_STATES or state in ("invitation", "unknown"):
        steps += [
            w._("The study team explains the study and answers your questions.", []),
            w._(
                "If you want to take part, you sign a form. You can change your mind at any time.",
                [],
            ),  # fmt: skip
            w._("The study doctor checks that the study is right for you.", []),
        ]
    else:
        steps.append(w._("People who took part signed a form to say they agreed.", []))
    for index, item in enumerate(r.interventions):
        given = item.administration
        if given and given.count:
            fields = [f"interventions.{index}.administration.count"]
            name = w.named(f"interventions.{index}.name", item.name)
            steps.append(w.ngettext("People get %(name)s once.",
                                    "People get %(name)s %(n)s times.", given.count, fields,
                                    name=name, n=w.f.number(given.count)))  # fmt: skip
            steps += _duration(w, index, given.count, given.minutes_min, given.minutes_max)
    steps.append(w._("The study team checks on people afterwards. Ask how often they come back.",
                     []))  # fmt: skip
    return steps


def _duration(
    w: Words, index: int, count: int, low: int | None, high: int | None
) -> list[Sentence]:
    fields = [f"interventions.{index}.administration.minutes_max"]
    if low and high and low != high:
        return [w.ngettext("It takes %(low)s to %(high)s minutes.",
                           "Each time takes %(low)s to %(high)s minutes.", count, fields,
                           low=w.f.number(low), high=w.f.number(high))]  # fmt: skip
    minutes = high or low
    if minutes:
        return [w.ngettext("It takes %(n)s minutes.", "Each time takes %(n)s minutes.", count,
                           fields, n=w.f.number(minutes))]  # fmt: skip
    return []


def _arm_sentence(w: Words, arm_type: str, count: int) -> Sentence | None:
    """Return what the groups of one arm type get (plural forms need literal ngettext calls)."""
    f, n = ["arms.type"], w.f.number(count)
    if arm_type == "EXPERIMENTAL":
        return w.ngettext(
            "%(n)s group gets what is being tested.",
            "%(n)s groups get what is being tested.",
            count,
            f,
            n=n,
        )
    if arm_type == "ACTIVE_COMPARATOR":
        return w.ngettext(
            "%(n)s group gets something else that is active, to compare.",
            "%(n)s groups get something else that is active, to compare.",
            count,
            f,
            n=n,
        )
    if arm_type == "PLACEBO_COMPARATOR":
        return w.ngettext(
            "%(n)s group gets a placebo.", "%(n)s groups get a placebo.", count, f, n=n
        )
    if arm_type == "SHAM_COMPARATOR":
        return w.ngettext(
            "%(n)s group gets a sham, which looks real but does nothing.",
            "%(n)s groups get a sham, which looks real but does nothing.",
            count,
            f,
            n=n,
        )
    if arm_type == "NO_INTERVENTION":
        return w.ngettext(
            "%(n)s group gets nothing extra from the study.",
            "%(n)s groups get nothing extra from the study.",
            count,
            f,
            n=n,
        )
    if arm_type == "OTHER":
        return w.ngettext(
            "%(n)s group gets something else.", "%(n)s groups get something else.", count, f, n=n
        )
    return None
