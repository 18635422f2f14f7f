"""What is known, what is not, the risks, questions for the doctor and whom to ask."""

from __future__ import annotations

from markupsafe import Markup

from ...model import Record
from ...registry import results_url
from .. import safe
from . import choose
from .choose import typed
from .sentences import Paragraphs, Section, Sentence
from .words import NAME, Words

ENDED = ("ended", "stopped", "withdrawn", "unavailable")


def known(w: Words, r: Record) -> Section:
    """Return results posted (and where) or when results are due, then the publications."""
    p = Paragraphs()
    state = choose.state(r)
    if r.has_results:
        url = results_url(r)
        p.add(w._("The results of this study are posted on %(link)s.", ["has_results"],
                  link=Markup("[ClinicalTrials.gov]({})").format(url)),
              w._("Ask your doctor to go through them with you.", []))  # fmt: skip
    elif state in ENDED or state == "active":
        p.add(w._("No results are posted on the registry yet.", ["!has_results"]))
    elif r.status.completion and choose.kind(r) != "expanded":
        p.add(w._("The results are not known yet. The study plans to end %(when)s.",
                  ["status.completion"], when=w.when(r.status.completion)))  # fmt: skip
    if r.references:
        p.add(w.ngettext("The record lists %(n)s publication. Your doctor can help you read it:",
                         "The record lists %(n)s publications. Your doctor can help you read "
                         "them:", len(r.references), ["references"],
                         n=w.f.number(len(r.references))))  # fmt: skip
        p.items("bullets", [_reference(w, index, ref.citation, ref.doi)
                            for index, ref in enumerate(r.references)])  # fmt: skip
    elif not r.has_results:
        p.add(w._("The record does not list any publication yet.", ["!references"]))
    # With posted results, "What did the study find?" is their own section (issue 17).
    heading = (
        w.gettext("What did the study find?")
        if r.has_results and r.results is None
        else w.gettext("What is known already?")
    )
    return p.section("known", heading)


def _reference(w: Words, index: int, citation: str, doi: str | None) -> Sentence:
    text = w.f.verbatim(citation)
    fields = [f"references.{index}.citation"]
    if doi and safe.safe_url(f"doi:{doi}"):
        text += Markup(" ") + safe.link(f"doi:{doi}", f"doi:{doi}")
        fields.append(f"references.{index}.doi")
    return Sentence(Markup(NAME).format(text), tuple(fields))


def not_known(w: Words, r: Record) -> Section:
    """Return what nobody knows yet, without promising any benefit."""
    p = Paragraphs()
    kind = choose.kind(r)
    if kind == "observational":
        p.add(w._("This study does not test a treatment.", typed(r)),
              w._("Taking part may not help you.", []))  # fmt: skip
    elif kind == "expanded":
        p.add(w._("Nobody can promise that this treatment will help you.", []),
              w._("Ask your doctor what is known about it.", []))  # fmt: skip
    elif choose.state(r) in ENDED or choose.state(r) == "active":
        p.add(w._("When the study started, nobody knew if what it tests worked or how safe it was.",
                  typed(r)),
              w._("That is why the study was done.", []))  # fmt: skip
    else:
        p.add(w._("Nobody knows yet if what it tests works or how safe it is.", typed(r)),
              w._("That is why the study is done. Taking part may not help you.", []))  # fmt: skip
    return p.section("not_known", w.gettext("What is not known yet?"))


def risks(w: Words, r: Record) -> Section:
    """Return the risks of a treatment, or for a study giving none, what taking part involves."""
    p = Paragraphs()
    if choose.kind(r) == "observational":
        p.add(w._("This study does not give you anything new to take.", typed(r)),
              w._("Ask the study team which tests they would do and how they keep your "
                  "information private.", []))  # fmt: skip
        return p.section("risks", w.gettext("What does taking part involve?"))
    p.add(w._("Anything tested on people can have side effects. Some may not be known yet.",
              typed(r)))  # fmt: skip
    if choose.state(r) in choose.OPEN_STATES or choose.kind(r) == "expanded":
        p.add(w._("Before you decide, the team must tell you about the possible risks.", []),
              w._("Tell them at once if you feel unwell.", []))  # fmt: skip
    else:
        p.add(w._("Ask your doctor what is known about the risks now.", []))
    return p.section("risks", w.gettext("What are the possible risks?"))


def questions(w: Words, r: Record) -> Section:
    """Return questions to ask one's doctor that fit the study's kind and state."""
    kind, state = choose.kind(r), choose.state(r)
    asked: list[Sentence] = []
    if kind == "expanded":
        asked += [w._("Could this treatment be right for me?", []),
                  w._("What are the possible risks and side effects?", [])]  # fmt: skip
    elif state in choose.OPEN_STATES:
        asked.append(w._("Why could this study be right for me?", [S]))
        if kind == "observational":
            asked += [w._("What information would you collect about me?", typed(r)),
                      w._("How would my information be kept private?", [])]  # fmt: skip
        else:
            asked += [w._("What are the possible risks and side effects?", []),
                      w._("Can I keep taking my other medicines?", [])]  # fmt: skip
        asked += [w._("How often would I need to come to the hospital?", []),
                  w._("What happens if I want to stop?", [])]  # fmt: skip
    else:
        asked.append(w._("Are there other studies I could join?", []))
        if r.has_results:
            asked.append(w._("What do the results of this study mean for me?", ["has_results"]))
    if kind != "observational":
        asked.append(w._("What other treatments could I have?", []))
    p = Paragraphs()
    p.items("bullets", asked)
    return p.section("questions", w.gettext("Questions to ask your doctor"))


S = "status.overall"


def contact(w: Words, r: Record) -> Section:
    """Return whom to ask: the study team's contacts only while one can still join."""
    p = Paragraphs()
    state = choose.state(r)
    url = w.links.audience(r.nct_id, "investigators")
    if state in choose.OPEN_STATES or state in ("unknown", "available"):
        p.add(w._("Talk to your doctor first. Your doctor can contact the study team.", []))
        p.items("bullets", _contacts(w, r))
        heading = w.gettext("How to ask about this study")
    else:
        p.add(w._("This study is not looking for people, so there is nobody to ask about "
                  "joining.", [S]),
              w._("Your doctor can help you find studies that are open.", []))  # fmt: skip
        heading = w.gettext("Where to find out more")
    p.add(
        w._("Every detail is on the %(link)s.", [], link=w.link(w.gettext("page for doctors"), url))
    )
    return p.section("contact", heading)


def _contacts(w: Words, r: Record) -> list[Sentence]:
    found = []
    for index, person in enumerate(r.contacts):
        if not (person.phone or person.email):
            continue
        parts = [w.name(person.name)] if person.name else []
        fields = [f"contacts.{index}.name"] if person.name else []
        if person.phone:
            parts.append(w.gettext("phone %(phone)s", phone=person.phone))
            fields.append(f"contacts.{index}.phone")
        if person.email:
            parts.append(safe.link(f"mailto:{person.email}", person.email))
            fields.append(f"contacts.{index}.email")
        found.append(Sentence(Markup(NAME).format(Markup(", ").join(parts)), tuple(fields)))
    return found
