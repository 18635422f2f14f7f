"""Record text in the page's language, falling back visibly to English when untranslated.

A passage is the trial's reviewed catalog translation (`<lang>.po`) when there is one; else,
when the whole passage is a name of `content/terms.yaml` (a condition, a registry phrase), the
term in the page's language, marked `data-term="<key>"` so that `trialsite explain` can name it;
else the English, marked `lang="en"`.
"""

from __future__ import annotations

from collections.abc import Callable
from gettext import NullTranslations

from markupsafe import Markup

from ..languages import SOURCE
from ..model import Trial
from ..terms import Term, Terms
from ..texts import paragraphs
from .text import html_block, html_inline
from .typography import spaced


class Passages:
    """Look up a trial's record text by msgctxt in one language and render it safely."""

    def __init__(
        self, trial: Trial, lang: str, t: NullTranslations, nct_link: Callable[[str], str],
        note_lang: str | None = None, terms: Terms | None = None,
    ) -> None:  # fmt: skip
        """`note_lang`: the language of the UI words (`t`), when not yet `lang`'s own."""
        self.lang = lang
        self.terms = terms
        self.note_lang = note_lang or lang
        self.catalog = trial.translations.get(lang, {})
        self.interventions = trial.record.interventions
        self.t = t
        self.nct_link = nct_link

    def text(self, context: str, english: str) -> str | None:
        """Return the translation of one passage (the catalog's, else the terms file's), or
        None when neither has one (a catalog entry fuzzy or stale is none)."""
        if self.lang == SOURCE:
            return english
        translated = self._reviewed(context, english)
        if translated is None and (term := self.term(context, english)) is not None:
            translated = term.name(self.lang)
        return spaced(translated, self.lang) if translated else None

    def term(self, context: str, english: str) -> Term | None:
        """Return the term of the terms file a passage shows, when its catalog lacks it."""
        if self.lang == SOURCE or self.terms is None or self._reviewed(context, english):
            return None
        term = self.terms.entry_for(english)
        return term if term is not None and term.name(self.lang) else None

    def _reviewed(self, context: str, english: str) -> str | None:
        entry = self.catalog.get(context)
        if entry is None or entry.fuzzy or not entry.text:
            return None
        # An entry translated from older English is stale even if nobody marked it fuzzy.
        if entry.source.strip() != english.strip():
            return None
        return entry.text

    def plain(self, context: str, english: str | None) -> str:
        """Return one passage as plain text (for front matter): the translation or the English."""
        if not english:
            return ""
        return self.text(context, english) or english

    def is_pending(self, context: str, english: str | None) -> bool:
        """Return True when a French (or other) page must show this passage in English."""
        return bool(english) and self.text(context, english or "") is None

    def inline(self, context: str, english: str | None) -> Markup:
        """Return one short passage as inline HTML, marked `lang="en"` when untranslated."""
        if not english:
            return Markup("")
        translated = self.text(context, english)
        term = self.term(context, english) if translated is not None else None
        if term is not None:  # `trialsite explain` names the term it comes from
            return Markup('<span data-term="{}">{}</span>').format(
                term.key, html_inline(translated or "", self.nct_link)
            )
        if translated is not None:
            return html_inline(translated, self.nct_link)
        note = self.t.gettext("(translation pending)")
        return Markup(
            '<span class="translation-pending"><span lang="en">{}</span> '
            '<span class="translation-note" lang="{}">{}</span></span>'
        ).format(html_inline(english, self.nct_link), self.note_lang, note)

    def name(self, context: str, english: str | None) -> Markup:
        """Return a registered name (an arm label, an intervention name) as inline HTML: the
        catalog's reviewed translation, else the English marked as a name (`.verbatim`).

        Only the catalog translates a name: a terms-file entry is a condition's name, and a
        name the team has not reviewed stays as registered rather than half-translated.
        """
        if not english:
            return Markup("")
        if self.lang == SOURCE:
            return html_inline(english, self.nct_link)
        translated = self._reviewed(context, english)
        if translated is None:
            return Markup('<span class="verbatim" lang="en">{}</span>').format(
                html_inline(english, self.nct_link)
            )
        return Markup('<span class="trialsite-name">{}</span>').format(
            html_inline(spaced(translated, self.lang), self.nct_link)
        )

    def intervention(self, english: str | None) -> Markup:
        """Return an intervention named by an arm (`arms.N.interventions`) as `name` does,
        translated as the record's intervention of that name is."""
        names = [item.name.strip() for item in self.interventions]
        index = names.index(english.strip()) if english and english.strip() in names else None
        context = f"interventions.{index}.name" if index is not None else "-"
        return self.name(context, english)

    def short(self, context: str | None, english: str | None) -> Markup:
        """Return a short passage of a table or list (a unit, a group, an adverse event).

        Untranslated, it is marked `lang="en"` with the stylesheet's small "EN" rather than a
        note: a table of 4,000 adverse events would otherwise repeat the note 4,000 times.
        Without a context (a group the registry left untitled) the text is shown as it is.
        """
        if not english:
            return Markup("")
        translated = self.text(context, english) if context else english
        if translated is not None:
            return html_inline(translated, self.nct_link)
        return Markup('<span class="trialsite-untranslated" lang="en">{}</span>').format(
            html_inline(english, self.nct_link)
        )

    def block(self, context: str, english: str | None) -> Markup:
        """Return a whole field (arm or intervention description) as an HTML block."""
        if not english:
            return Markup("")
        translated = self.text(context, english)
        if translated is not None:
            return html_block(translated, self.nct_link)
        return self._pending_block(html_block(english, self.nct_link))

    def paragraphs(self, prefix: str, english: str | None) -> Markup:
        """Return a summary or description, translated paragraph by paragraph (`summary.0`)."""
        parts = [self.block(f"{prefix}.{i}", part) for i, part in enumerate(paragraphs(english))]
        return Markup("\n").join(parts)

    def _pending_block(self, rendered: Markup) -> Markup:
        note = self.t.gettext("Translation pending: shown in English.")
        return Markup(
            '<div class="translation-pending">\n<p class="translation-note" lang="{}">{}</p>\n'
            '<div lang="en">\n{}\n</div>\n</div>'
        ).format(self.note_lang, note, rendered)
