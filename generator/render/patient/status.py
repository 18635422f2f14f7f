"""The boxes at the top of a generated patient page: can I take part, and my rights."""

from __future__ import annotations

from ...model import Record
from . import choose
from .choose import typed
from .sentences import Paragraphs, Section, Sentence
from .words import Words

S = "status.overall"


def status_box(w: Words, r: Record) -> Section:
    """Return the box that says whether one can join, and why the study stopped."""
    state = choose.state(r)
    p = Paragraphs()
    heading, box = _heading(w, state)
    p.add(*_state_sentences(w, r, state))
    p.add(_why_stopped(w, r, state))
    return p.section("status", heading, box)


def _heading(w: Words, state: choose.State) -> tuple[str, str]:
    headings = {
        "open": w.gettext("Looking for people to take part"),
        "not_yet": w.gettext("Not looking for people yet"),
        "invitation": w.gettext("By invitation only"),
        "available": w.gettext("Available outside a study"),
        "unknown": w.gettext("Status not known"),
    }
    box = "info" if state in ("open", "not_yet", "available") else "warning"
    return headings.get(state, w.gettext("Not looking for people")), box


def _state_sentences(w: Words, r: Record, state: choose.State) -> list[Sentence]:
    start, end = r.status.start, r.status.completion
    said = {
        "open": [w._("This study is looking for people to take part.", [S])],
        "not_yet": [w._("This study has not started to look for people yet.", [S])],
        "invitation": [
            w._("Only people the study team invites can take part.", [S]),
            w._("You cannot ask to join.", [S]),
        ],  # fmt: skip
        "active": [
            w._("This study is no longer looking for people.", [S]),
            w._("You cannot join it.", [S]),
            w._("It goes on with the people already in it.", [S]),
        ],  # fmt: skip
        "ended": [w._("This study has ended.", [S]), w._("You cannot join it.", [S])],
        "stopped": [w._("This study stopped early.", [S]), w._("You cannot join it.", [S])],
        "paused": [
            w._("This study is on hold.", [S]),
            w._("You cannot join it for now.", [S]),
        ],  # fmt: skip
        "withdrawn": [
            w._("This study stopped before anyone took part.", [S]),
            w._("You cannot join it.", [S]),
        ],  # fmt: skip
        "available": [
            w._(
                "This treatment may be given outside a study, to people who cannot "
                "join one. This is called expanded access.",
                [S],
            )
        ],  # fmt: skip
        "unavailable": [w._("This treatment is no longer offered through this program.", [S])],
    }
    if state in said:
        found = said[state]
        if state == "not_yet" and start:
            found.append(w._("It plans to start %(when)s.", [S, "status.start"],
                             when=w.when(start)))  # fmt: skip
        if state in ("open", "invitation"):
            found += _still_open(w, r, end)
        return found
    return _unknown(w, r, end)


def _still_open(w: Words, r: Record, end: str | None) -> list[Sentence]:
    """Return when the record said so, and what a passed end date means: a record that still
    says "recruiting" after its planned end is out of date. Worded so that it stays true on
    any day the page is read, whatever day it was built."""
    found = _last_updated(w, r)
    if end:
        found.append(w._("It is planned to end %(when)s. If that date has passed, it may no "
                         "longer be looking for people.", ["status.completion"],
                         when=w.when(end)))  # fmt: skip
    found.append(w._("Ask the study team if it is still looking for people.", []))
    return found


def _last_updated(w: Words, r: Record) -> list[Sentence]:
    """Return "Its record was last updated on 10 September 2025." when the record says so."""
    if not r.status.last_update:
        return []
    return [w._("Its record was last updated %(when)s.", ["status.last_update"],
                when=w.when(r.status.last_update))]  # fmt: skip


def _unknown(w: Words, r: Record, end: str | None) -> list[Sentence]:
    found = [w._("We do not know if this study is still open.", ["!status.overall"]
                 if r.status.overall is None else [S])]  # fmt: skip
    found += _last_updated(w, r)
    if end:
        found.append(w._("It was planned to end %(when)s. If that date has passed, it is "
                         "probably no longer looking for people.", ["status.completion"],
                         when=w.when(end)))  # fmt: skip
    found.append(w._("Ask your doctor to check.", []))
    return found


def _why_stopped(w: Words, r: Record, state: choose.State) -> Sentence | None:
    if not r.status.why_stopped:
        return None
    # The record's words in the page's language when the catalog has them (issue 19).
    said = w.passages.text("status.why_stopped", r.status.why_stopped)
    reason = (w.local_name(said.strip().rstrip(".")) if said
              else w.name(r.status.why_stopped.strip().rstrip(".")))  # fmt: skip
    return w._("The reason given in the record: “%(reason)s”.", ["status.why_stopped"],
               reason=reason)  # fmt: skip


def rights_box(w: Words, r: Record) -> Section:
    """Return the box that states one's rights: a free choice, stop at any time, ask a doctor."""
    p = Paragraphs()
    if choose.kind(r) == "expanded":
        p.add(
            w._("Getting this treatment is your choice.", typed(r)),
            w._("You can stop at any time. Stopping does not change your usual care.", []),
        )
    elif choose.state(r) in ("active", "ended", "stopped", "withdrawn", "unavailable"):
        p.add(w._("Taking part in a study is always a choice.", []),
              w._("People who take part can stop at any time. Stopping does not change their "
                  "usual care.", []))  # fmt: skip
    else:
        p.add(w._("Taking part is your choice.", []),
              w._("If you take part, you can stop at any time. Stopping does not change your "
                  "usual care.", []))  # fmt: skip
    p.add(w._("Talk to your doctor before you decide anything.", []))
    return p.section("rights", w.gettext("Your choice"), "tip")
