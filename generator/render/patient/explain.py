"""`trialsite explain`: each sentence of a patient page with the record fields it came from."""

from __future__ import annotations

import html
import re

from .sentences import PatientPage, Sentence

_TAG = re.compile(r"<[^<>]+>")
_TERM = re.compile(r'data-term="([^"<>]+)"')
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")


def sentence_text(sentence: Sentence) -> str:
    """Return what a reader sees of a sentence: no tags, link text kept."""
    return html.unescape(_TAG.sub("", _LINK.sub(r"\1", str(sentence.text))))


def explain_page(
    nct_id: str, lang: str, page: PatientPage, written_in: str, terms_in: str = "terms.yaml"
) -> str:
    """Return the page as text: per section, each sentence, then `<- fields` under it.

    `!field` reads "made from the record lacking this field"; a section people wrote is named
    with the file it comes from instead of its generated sentences; a record name shown in the
    words of the terms file (`terms_in`) is named by its term's key.
    """
    lines = [f"{nct_id} patient page ({lang})", "", "title", *_sentence(page.title, "title"
             in page.hand_written, written_in, terms_in)]  # fmt: skip
    for section in page.sections:
        lines += ["", f"{section.key}: {_plain(section.heading)}"]
        if section.key in page.hand_written:
            lines.append(f"  written by people: {written_in} `{section.key}`")
            continue
        for sentence in section.sentences():
            lines += _sentence(sentence, False, written_in, terms_in)
    return "\n".join(lines) + "\n"


def _sentence(sentence: Sentence, written: bool, written_in: str, terms_in: str) -> list[str]:
    if written:
        return [f"  written by people: {written_in} `title`"]
    fields = ", ".join(sentence.fields) if sentence.fields else "(no record field: fixed text)"
    lines = [f"  {sentence_text(sentence)}", f"      <- {fields}"]
    terms = list(dict.fromkeys(_TERM.findall(str(sentence.text))))
    if terms:  # issue 19: the record's name, in the words of the terms file
        lines.append(f"      <- words of {terms_in}: {', '.join(terms)}")
    return lines


def _plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))
