"""The analyses a run needs, built once per story by the engine: the parse of
every file, the characters, and who each pronoun refers to. Rule kinds read
them and never build them, so every rule of a run sees the same answers."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cache import AnalysisCache
    from .characters import CharacterRegistry, FileEvidence
    from .document import Document
    from .parse import Chunk
    from .references import References
    from .story import Story


class Analysis(IntEnum):
    """How much analysis a kind needs; each level implies the ones below."""

    TEXT = 0
    PARSE = 1  # the parse and the characters
    COREFERENCE = 2  # who each pronoun refers to


class MissingAnalysis(LookupError):
    """A kind read an analysis its declared ``needs`` does not include."""


@dataclass(eq=False)
class StoryAnalysis:
    """Everything known about one story (a file, or a manuscript's chapters)."""

    story: "Story"
    level: Analysis
    model: str
    parses: dict[str, list["Chunk"]] = field(default_factory=dict)
    registry: "CharacterRegistry | None" = None
    pronouns: dict[str, "References"] = field(default_factory=dict)

    @property
    def characters(self) -> "CharacterRegistry":
        return _required(self.registry, self.level, Analysis.PARSE)

    @cached_property
    def pronoun_genders(self) -> dict[str, Counter]:
        """Pronoun genders per character, over every file of the story."""
        totals: dict[str, Counter] = defaultdict(Counter)
        for genders in self._pronoun_genders_in(self.story.documents):
            for character, counts in genders.items():
                totals[character].update(counts)
        return totals

    def pronoun_genders_before(self, document: "Document") -> list[dict[str, Counter]]:
        """Pronoun genders per character in each file before ``document``:
        what a reader of a manuscript knows of them on reaching it."""
        documents = self.story.documents
        return self._pronoun_genders_in(documents[: documents.index(document)])

    def _pronoun_genders_in(self, documents: list["Document"]) -> list[dict[str, Counter]]:
        _required(self.pronouns or None, self.level, Analysis.COREFERENCE)
        return [self.pronouns[document.path].genders() for document in documents]

    def file(self, document: "Document") -> "FileAnalysis":
        return FileAnalysis(document, self)

    def summary(self) -> dict:
        """The characters as plain data, for ``--characters``: who is who,
        under which names, how often, and the evidence about their gender."""
        from .gender import role_gender
        from .pronouns import PRONOUN_SETS

        pronouns = self.pronoun_genders
        story = self.story
        by_mentions = lambda character: (-len(character.mentions), character.name)  # noqa: E731
        characters = sorted(self.characters, key=by_mentions) + sorted(self.characters.unnamed, key=by_mentions)
        return {
            "files": [document.path for document in story.documents],
            "cast": str(story.cast.path) if story.cast else None,
            "characters": [
                {
                    "name": character.name,
                    # Known only by a role noun ("the waitress"), whose sex the noun says.
                    "unnamed": character.is_unnamed,
                    "role_gender": role_gender(character.role) if character.is_unnamed else None,
                    "aliases": sorted(character.aliases - {character.name}),
                    "mentions": dict(Counter(mention.path for mention in character.mentions)),
                    "pronouns": {
                        PRONOUN_SETS[gender]: count for gender, count in sorted(pronouns.get(character.name, {}).items())
                    },
                    "declared_pronouns": character.declared.pronouns if character.declared else None,
                    "evidence": {
                        "titles": dict(character.titles),
                        "title_gender": character.title_gender,
                        "given_name_gender": character.name_gender,
                        "person": dict(character.evidence),
                    },
                    "note": character.declared.note if character.declared else None,
                }
                for character in characters
            ],
        }


@dataclass(eq=False)
class FileAnalysis:
    """The analyses of one file of a story, as a rule kind sees them."""

    document: "Document"
    story: StoryAnalysis

    @property
    def chunks(self) -> list["Chunk"]:
        return _required(self.story.parses.get(self.document.path), self.story.level, Analysis.PARSE)

    @cached_property
    def characters(self) -> "CharacterRegistry":
        """The story's characters, with the mentions in this file."""
        return self.story.characters.view(self.document.path)

    @property
    def references(self) -> "References":
        return _required(self.story.pronouns.get(self.document.path), self.story.level, Analysis.COREFERENCE)


def analyse(story: "Story", level: Analysis, model: str, cache: "AnalysisCache | None" = None) -> StoryAnalysis:
    """Build the analyses of ``story`` up to ``level``, each once; parses and
    chains from ``cache`` where it has them."""
    analysis = StoryAnalysis(story, level, model)
    if level >= Analysis.PARSE:
        from .characters import CharacterRegistry
        from .parse import parse

        coreference = level >= Analysis.COREFERENCE
        for document in story.documents:
            analysis.parses[document.path] = parse(document, model, coreference, cache)
        analysis.registry = CharacterRegistry.from_parses(
            [(document, analysis.parses[document.path]) for document in story.documents],
            [_file_evidence(document, analysis.parses[document.path], model, cache) for document in story.documents],
            story.cast,
        )
        if level < Analysis.COREFERENCE:
            # Without pronouns, only a role noun the story comes back to is someone.
            analysis.registry.keep_unnamed(set())
    if level >= Analysis.COREFERENCE:
        from .references import resolve
        from . import scenes

        for document in story.documents:
            analysis.pronouns[document.path] = resolve(
                document, analysis.parses[document.path], analysis.registry.view(document.path), model
            )
        analysis.registry.keep_unnamed(scenes.judge([
            (document, analysis.parses[document.path], analysis.registry.view(document.path), analysis.pronouns[document.path])
            for document in story.documents
        ]))
    return analysis


def _required(value, level: Analysis, needed: Analysis):
    if value is None and level < needed:
        raise MissingAnalysis(f"{needed.name.lower()} analysis was not built (built: {level.name.lower()})")
    return value


def _file_evidence(document: "Document", chunks: list["Chunk"], model: str, cache: "AnalysisCache | None") -> "FileEvidence":
    """What a file's parse says of names, from ``cache`` when the same text
    was read by the same pipeline and the same prose-lint before."""
    from .cache import package_digest, pipeline_version
    from .characters import FileEvidence

    if cache is None:
        return FileEvidence.of(chunks)
    key = cache.key("names", package_digest(), model, pipeline_version(model), document.text)
    data = cache.load(key)
    if data is not None:
        try:
            return FileEvidence.from_data(data)
        except (KeyError, TypeError, ValueError):
            pass  # an entry of another shape is a miss
    evidence = FileEvidence.of(chunks)
    cache.store(key, evidence.to_data())
    return evidence
