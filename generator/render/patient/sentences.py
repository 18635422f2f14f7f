"""Sentences of a generated patient page, each with the record fields it was made from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup

BlockKind = Literal["paragraph", "bullets", "steps"]


@dataclass(frozen=True)
class Sentence:
    """One generated sentence (or list item) and the record fields it states.

    A field written `!path` means the sentence says the record lacks it ("The record does not
    list the sites" comes from `!locations`): `trialsite explain` shows both, and the tests check
    that every field named is present, and every `!field` absent, in the record.
    """

    text: Markup
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """A paragraph, a bulleted list or a numbered list of sentences."""

    kind: BlockKind
    sentences: tuple[Sentence, ...]

    def markdown(self) -> str:
        """Return the block as Markdown."""
        if self.kind == "paragraph":
            return " ".join(sentence.text for sentence in self.sentences)
        if self.kind == "bullets":
            return "\n".join(f"- {sentence.text}" for sentence in self.sentences)
        return "\n".join(
            f"{number}. {sentence.text}" for number, sentence in enumerate(self.sentences, 1)
        )


@dataclass(frozen=True)
class Section:
    """One section of the page: a `##` heading, or a box (admonition) at the top."""

    key: str
    heading: str
    blocks: tuple[Block, ...]
    box: str | None = None
    """Admonition type (`info`, `warning`, `tip`) for the boxes above the first heading."""

    def markdown(self) -> Markup:
        """Return the section's body as Markdown (blocks separated by a blank line)."""
        return Markup("\n\n".join(block.markdown() for block in self.blocks if block.sentences))

    def sentences(self) -> list[Sentence]:
        """Return every sentence of the section in reading order."""
        return [sentence for block in self.blocks for sentence in block.sentences]


@dataclass(frozen=True)
class PatientPage:
    """A patient page composed from one record in one language."""

    title: Sentence
    """The plain title (H1), composed or hand-written."""
    sections: tuple[Section, ...]
    hand_written: frozenset[str] = field(default_factory=frozenset)
    """Keys of the sections people wrote in `patients.<lang>.yaml` (shown instead)."""

    def section(self, key: str) -> Section | None:
        """Return the section with this key, if the page has it."""
        return next((section for section in self.sections if section.key == key), None)


class Paragraphs:
    """Collects the blocks of one section as sentences are added."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._current: list[Sentence] = []

    def add(self, *sentences: Sentence | None) -> None:
        """Add sentences to the current paragraph (None is skipped)."""
        self._current += [sentence for sentence in sentences if sentence is not None]

    def end(self) -> None:
        """Close the current paragraph."""
        if self._current:
            self.blocks.append(Block("paragraph", tuple(self._current)))
        self._current = []

    def items(self, kind: BlockKind, sentences: list[Sentence]) -> None:
        """Add a list after the current paragraph."""
        self.end()
        if sentences:
            self.blocks.append(Block(kind, tuple(sentences)))

    def section(self, key: str, heading: str, box: str | None = None) -> Section:
        """Return the collected blocks as a section."""
        self.end()
        return Section(key, heading, tuple(self.blocks), box)
