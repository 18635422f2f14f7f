"""What did the study find? Posted results in plain words, in the order of an EU 536/2014 Annex V
lay summary (issue 17): who took part and finished, the main questions with each group's
numbers, health problems (every serious one, the most frequent others), what one study cannot
tell, and the doctor. Registered numbers only: never "worked", "safe", "effective" or "better".
"""

from __future__ import annotations

from markupsafe import Markup

from ...model import Record
from .. import safe
from ..pagetypes import N_
from ..results_plain import (
    EventLine,
    GroupLine,
    MainQuestion,
    Named,
    PlainResults,
    Share,
    plain_results,
)
from .sentences import Paragraphs, Section, Sentence
from .words import Words

FLOW = "results.flow.periods"
EVENTS = "results.adverse_events"


def results(w: Words, r: Record) -> Section | None:
    """Return the "What did the study find?" section, or None when no results are posted."""
    found = plain_results(r)
    if found is None:
        return None
    p = Paragraphs()
    _flow(w, p, found)
    _questions(w, p, found)
    _events(w, p, found, r.study_type == "OBSERVATIONAL")
    p.add(w._("These results come from one study. Other studies may find other results.", []))
    if r.study_type == "OBSERVATIONAL":
        p.add(w._("This study only followed people and gave no treatment. So it was not "
                  "designed to prove what caused these results.", ["study_type"]))  # fmt: skip
    elif not found.randomised:
        p.add(w._("People were not put in groups by chance in this study. So it was not "
                  "designed to prove that the treatment caused these results.",
                  ["!design.allocation" if not r.design or not r.design.allocation
                   else "design.allocation"]))  # fmt: skip
    if found.limitations:
        p.add(w._("The study team wrote about the limits of the study: %(text)s",
                  ["results.limitations"],
                  text=w.passage("results.limitations", found.limitations)))  # fmt: skip
    p.end()
    url = w.links.audience(r.nct_id, "investigators") + "#results"
    p.add(w._("Talk to your doctor before you change any treatment.", []),
          Sentence(w.link(w.gettext("All the results, for doctors"), url)))  # fmt: skip
    return p.section("results", w.gettext("What did the study find?"))


def share(w: Words, s: Share) -> Markup:
    """Return "22 of 23 people (96%)": the pair in `<data value="22/23">`, then the percentage."""
    pair = w.t.ngettext("%(affected)s of %(total)s people", "%(affected)s of %(total)s people",
                        w.f.count(s.affected))  # fmt: skip
    text = w.gettext("(%(p)s%%)", p=w.f.number(s.percent)) if s.percent is not None else ""
    words = Markup(pair.replace("%(affected)s", "{a}").replace("%(total)s", "{t}"))
    shown = words.format(a=w.f.number(s.affected), t=w.f.number(s.total))
    data = Markup('<data value="{}/{}">{}</data>').format(s.affected, s.total, shown)
    return data + (Markup(" ") + text if text else Markup(""))


def headline(w: Words, found: PlainResults) -> Sentence | None:
    """Return "In all, 16 people started the study and 8 finished it." (as the overview)."""
    started, finished = found.started, found.finished
    if started is not None and finished is not None:
        return w.ngettext("In all, %(started)s person started the study and %(finished)s "
                          "finished it.", "In all, %(started)s people started the study and "
                          "%(finished)s finished it.", started, [FLOW],
                          started=w.f.number(started), finished=w.f.number(finished))  # fmt: skip
    if started is not None:
        return w.ngettext("In all, %(started)s person started the study.",
                          "In all, %(started)s people started the study.", started, [FLOW],
                          started=w.f.number(started))  # fmt: skip
    if finished is not None:
        return w.ngettext("In all, %(finished)s person finished the study.",
                          "In all, %(finished)s people finished the study.", finished, [FLOW],
                          finished=w.f.number(finished))  # fmt: skip
    return None


def _flow(w: Words, p: Paragraphs, found: PlainResults) -> None:
    if not found.flow:
        return
    p.add(headline(w, found))
    p.end()
    p.add(w._("Who took part, in each group:", []))
    items = []
    for group, started, finished in found.flow:
        parts = []
        if started is not None:
            said = w.t.ngettext("%(n)s person started", "%(n)s people started", w.f.count(started))
            parts.append(said % {"n": w.f.number(started)})
        if finished is not None:
            said = w.t.ngettext("%(n)s finished", "%(n)s finished", w.f.count(finished))
            parts.append(said % {"n": w.f.number(finished)})
        text = Markup(w.gettext("%(group)s: %(numbers)s.", group=_named(w, group),
                                numbers=Markup(w.gettext(", ")).join(parts)))  # fmt: skip
        items.append(Sentence(text, (FLOW,)))
    p.items("bullets", items)


def _questions(w: Words, p: Paragraphs, found: PlainResults) -> None:
    if not found.questions:
        return
    total = len(found.questions) + found.more_questions
    p.add(w.ngettext("The main question of the study:", "The %(n)s main questions of the study:",
                     total, ["results.outcomes.type"], n=w.f.number(total)))  # fmt: skip
    for q in found.questions:
        field = f"results.outcomes.{q.index}"
        title = w.short(f"{field}.title", q.outcome.title)
        p.end()
        p.add(w._("The study measured: %(title)s.", [f"{field}.title"], title=title))
        if not q.posted:
            p.add(w._("The numbers for this question are not posted yet.", [field]))
        elif q.too_long:
            p.add(w._("The numbers for this question fill a long table. You can find it on the "
                      "page for doctors.", [f"{field}.classes"]))  # fmt: skip
        else:
            p.items("bullets", [_line(w, line, field) for line in q.lines])
    if found.more_questions:
        p.end()
        p.add(w.ngettext("The study had %(n)s more main question. Its numbers are on the page "
                         "for doctors.", "The study had %(n)s more main questions. Their "
                         "numbers are on the page for doctors.", found.more_questions,
                         ["results.outcomes"], n=w.f.number(found.more_questions)))  # fmt: skip


def _line(w: Words, line: GroupLine, field: str) -> Sentence:
    who = _named(w, line.group)
    if line.category:
        who = Markup("{}, {}").format(who, _named(w, line.category))
    if line.share is not None:
        numbers = share(w, line.share)
    else:
        registered = safe.text(line.value or "")  # registry text: inert in Markdown too
        shown = w.f.exact(line.value or "") if line.percent else registered
        value = Markup('<data class="trialsite-result" value="{}">{}</data>').format(
            registered, shown
        )
        if line.percent:  # "83.7% of people", the number written as the language writes it
            value = w.gettext("%(percent)s%% of people", percent=value)
        elif line.unit:
            value = Markup("{} {}").format(value, _named(w, line.unit))
        if line.kind == "mean":
            value = w.gettext("on average %(value)s", value=value)
        elif line.kind == "median":
            value = w.gettext("middle value %(value)s", value=value)
        if line.measured is not None:
            measured = w.t.ngettext("(%(n)s person measured)", "(%(n)s people measured)",
                                    w.f.count(line.measured))  # fmt: skip
            value = Markup("{} {}").format(value, measured % {"n": w.f.number(line.measured)})
        numbers = value
    text = w.gettext("%(group)s: %(numbers)s.", group=who, numbers=numbers)
    return Sentence(text, (f"{field}.classes", f"{field}.groups"))


def _events(w: Words, p: Paragraphs, found: PlainResults, observational: bool) -> None:
    if not found.has_events:
        return
    p.end()
    if observational:
        p.add(w._("Doctors wrote down every health problem people had during the study. A "
                  "problem is listed even when nobody knows what caused it.",
                  [EVENTS]))  # fmt: skip
    else:
        p.add(w._("Doctors wrote down every health problem people had during the study. A "
                  "problem is listed even when nobody knows if the study treatment caused it.",
                  [EVENTS]))  # fmt: skip
    p.end()
    for totals, message, field in (
        # N_: Babel extracts only marked strings; unmarked, these stayed English on French
        # pages (found by the rare-word gate, issue 16).
        (found.deaths, N_("People who died during the study:"), "groups.deaths_affected"),
        (found.serious_totals, N_("People who had at least one serious health problem:"),
         "groups.serious_affected"),
    ):  # fmt: skip
        if totals:
            p.add(w._(message, [f"{EVENTS}.{field}"]))
            p.items("bullets", [Sentence(w.gettext("%(group)s: %(numbers)s.", group=_named(w, g),
                                                   numbers=share(w, s)), (f"{EVENTS}.{field}",))
                                for g, s in totals])  # fmt: skip
    if found.serious:
        n = len(found.serious)
        p.add(w.ngettext("The serious health problem that was written down:",
                         "All %(n)s serious health problems that were written down:", n,
                         [f"{EVENTS}.serious"], n=w.f.number(n)))  # fmt: skip
        p.items("bullets", [_event(w, line, f"{EVENTS}.serious.{line.index}")
                            for line in found.serious])  # fmt: skip
    else:
        p.add(w._("No serious health problem is listed.", [f"!{EVENTS}.serious"]))
    if found.common:
        n = len(found.common)
        p.add(w.ngettext("The most common other health problem:",
                         "The %(n)s most common other health problems:", n,
                         [f"{EVENTS}.other"], n=w.f.number(n)))  # fmt: skip
        p.items("bullets", [_event(w, line, f"{EVENTS}.other.{line.index}")
                            for line in found.common])  # fmt: skip
    threshold = found.frequency_threshold
    if threshold and threshold.strip() not in ("0", "0.0"):
        p.add(w._("Other health problems are listed only when more than %(t)s%% of a group had "
                  "them.", [f"{EVENTS}.frequency_threshold"], t=threshold))  # fmt: skip
    p.end()


def _event(w: Words, line: EventLine, field: str) -> Sentence:
    """Return "Anaemia: 0 of 79 people in Placebo; 5 of 160 people in Lenalidomide."."""
    parts = [w.gettext("%(numbers)s in %(group)s", numbers=share(w, s), group=_named(w, group))
             for group, s in line.shares]  # fmt: skip
    if not parts:  # the registry gave no count for any group
        return Sentence(Markup("{}.").format(_named(w, line.term)), (field,))
    # Past two groups, one sentence per group keeps each sentence short (readability).
    joined = Markup(". " if len(parts) > 2 else w.gettext("; ")).join(parts)
    return Sentence(w.gettext("%(term)s: %(numbers)s.", term=_named(w, line.term),
                              numbers=joined), (field,))  # fmt: skip


def _named(w: Words, named: Named) -> Markup:
    """Return registered words in the page's language (the trial's catalog), else marked EN."""
    return w.short(named.context, named.text)


__all__ = ["MainQuestion", "headline", "results", "share"]
