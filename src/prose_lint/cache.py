"""The analysis cache: a file's parse, coreference chains and evidence of
names, kept between runs so that an unchanged chapter costs a lookup
instead of a parse, and a story's findings, so that an unchanged story
costs a lookup and no pipeline.

An entry is one file named by the SHA-256 of everything its content depends
on: the text, prose-lint's version (and the source of its analysis modules),
spaCy's, the pipeline's name and version, the coreference model's files and
the settings that shape the analysis. A
change to any of them is a different key, so an entry is never stale; old
ones age out under the size bound, least recently used first.

A story's findings are keyed on every file's bytes, the rules, the cast,
the pipeline's name and version and the source of all of prose-lint, since
any of its code can change a finding.

Entries are plain data (msgpack: a parse as spaCy's own ``Doc.to_bytes``,
chains as lists of token indexes, findings as lists of values), never pickle, so a file planted in the
cache cannot run code. Each is written to a temporary file and renamed into
place, so two runs writing at once leave one whole entry or the other. An
entry that cannot be read, or that was written for another key, is treated
as missing and rewritten.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .findings import Finding, Fix, Severity

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Bumped whenever the layout of an entry changes.
FORMAT = 1
DEFAULT_MAX_BYTES = 2 * 1024**3
_SUFFIX = ".msgpack"
# Trimming leaves this share of the bound, so that it runs seldom.
_TRIM_TO = 0.8


def default_directory() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("prose-lint", appauthor=False))


@dataclass
class AnalysisCache:
    directory: Path
    max_bytes: int = DEFAULT_MAX_BYTES
    _size: int | None = field(default=None, repr=False)  # bytes in the directory, once counted

    def key(self, *parts: str | bytes) -> str:
        digest = hashlib.sha256()
        for part in (str(FORMAT), _package_version("prose-lint"), _code_digest(), *parts):
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            # Length-prefixed, so that no two lists of parts hash alike.
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.hexdigest()

    def load(self, key: str) -> dict | None:
        """The entry stored under ``key``, or None when there is none or it is
        not a whole entry written for this key."""
        import msgpack

        path = self._path(key)
        try:
            entry = msgpack.unpackb(path.read_bytes(), unicode_errors="surrogatepass")
        except Exception:  # noqa: BLE001 - a truncated or foreign file is a miss
            return None
        if not isinstance(entry, dict) or entry.get("key") != key or not isinstance(entry.get("data"), dict):
            return None
        try:
            os.utime(path)  # the size bound evicts the least recently used
        except OSError:
            pass
        return entry["data"]

    def store(self, key: str, data: dict) -> None:
        """Write an entry atomically; a cache that cannot be written is no cache."""
        import msgpack

        # Text read from bad bytes holds lone surrogates; they are kept as they are.
        payload = msgpack.packb({"key": key, "data": data}, unicode_errors="surrogatepass")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=_SUFFIX)
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(payload)
                os.replace(temporary, self._path(key))
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self._grow(len(payload))

    def clear(self) -> int:
        """Remove every entry; the number removed."""
        removed = 0
        for path in self._entries():
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass
        self._size = 0
        return removed

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}{_SUFFIX}"

    def _entries(self) -> list[Path]:
        try:
            return [path for path in self.directory.iterdir() if path.suffix == _SUFFIX]
        except OSError:
            return []

    def _grow(self, added: int) -> None:
        if self._size is None:
            self._size = sum(_size_of(path) for path in self._entries())
        else:
            self._size += added
        if self._size <= self.max_bytes:
            return
        by_age = sorted(self._entries(), key=_mtime)
        total = sum(_size_of(path) for path in by_age)
        for path in by_age:
            if total <= _TRIM_TO * self.max_bytes:
                break
            size = _size_of(path)
            try:
                path.unlink()
                total -= size
            except OSError:
                pass
        self._size = total


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


# The modules whose code shapes a cached analysis. Their source is part of
# every key, so that a change to them between releases is never masked by an
# entry an older checkout wrote under the same version number.
_ANALYSIS_MODULES = ("document.py", "parse.py", "coref.py", "coref_scoring.py", "nlp.py")


@cache
def _code_digest() -> str:
    from importlib.resources import files

    package = files("prose_lint")
    return file_digest([package / name for name in _ANALYSIS_MODULES])


@cache
def package_digest() -> str:
    """A digest of every file of the installed package: code, rules, word
    lists and the coreference model."""
    from importlib.resources import files

    root = Path(str(files("prose_lint")))
    paths = sorted(
        path for path in root.rglob("*") if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
    digest.update(file_digest(paths).encode("ascii"))
    return digest.hexdigest()


@cache
def pipeline_version(model: str) -> str:
    """What names one version of the spaCy pipeline ``model`` without loading
    it: its package's version, or the digest of a pipeline folder's files."""
    version = _package_version(model)
    folder = Path(model)
    if version == "unknown" and folder.is_dir():
        return file_digest(sorted(path for path in folder.rglob("*") if path.is_file()))
    return version


@cache
def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def library_versions() -> str:
    """The versions of the libraries the analysis runs on."""
    return ",".join(f"{name}={_package_version(name)}" for name in ("spacy", "thinc", "coreferee", "numpy"))


# The parse


def chunks_key(cache_: AnalysisCache, text: str, nlp: "Language", settings: str) -> str:
    """The key of a text's parse by ``nlp``; ``settings`` names how the text
    is cut into pieces and prepared for the parser."""
    meta = nlp.meta
    return cache_.key(
        "chunks",
        _package_version("spacy"),
        f"{meta.get('lang')}_{meta.get('name')}",
        str(meta.get("version")),
        ",".join(nlp.pipe_names),
        settings,
        text,
    )


def cached_parse(
    cache_: AnalysisCache | None, nlp: "Language", text: str, settings: str, parse: Callable[[], list[tuple[int, "Doc"]]]
) -> list[tuple[int, "Doc"]]:
    """``parse()``, or what it gave before for the same text and pipeline. A
    parse from the cache goes through the coreference component, which finds
    its chains in the cache in turn. With no cache, just ``parse()``."""
    from .nlp import COREFERENCE_COMPONENT

    coreference = nlp.get_pipe(COREFERENCE_COMPONENT) if COREFERENCE_COMPONENT in nlp.pipe_names else None
    if coreference is not None:
        coreference.cache = cache_
    if cache_ is None:
        return parse()
    key = chunks_key(cache_, text, nlp, settings)
    chunks = load_chunks(cache_, key, nlp)
    if chunks is None:
        chunks = parse()
        store_chunks(cache_, key, chunks)
    elif coreference is not None:
        chunks = [(offset, coreference(doc)) for offset, doc in chunks]
    return chunks


def load_chunks(cache_: AnalysisCache, key: str, nlp: "Language") -> list[tuple[int, "Doc"]] | None:
    """The parsed pieces stored under ``key`` as (offset, Doc), or None."""
    from spacy.tokens import Doc

    data = cache_.load(key)
    if data is None:
        return None
    try:
        return [(int(offset), Doc(nlp.vocab).from_bytes(doc_bytes)) for offset, doc_bytes in data["chunks"]]
    except Exception:  # noqa: BLE001 - an entry that does not decode is a miss
        return None


def store_chunks(cache_: AnalysisCache, key: str, chunks: list[tuple[int, "Doc"]]) -> None:
    """Store parsed pieces: each Doc as spaCy serialises it (words, tags,
    parse, entities, the tensor coreference reads), without extension data."""
    cache_.store(key, {"chunks": [[offset, doc.to_bytes(exclude=["user_data"])] for offset, doc in chunks]})


# Coreference


def chains_key(cache_: AnalysisCache, doc: "Doc", model_digest: str, settings: str) -> str:
    """The key of the chains coreference gives ``doc``: its words and every
    annotation the coreference model reads."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, SPACY, TAG

    # Strings are stored as their hashes, the same in every process.
    annotations = doc.to_array([ORTH, SPACY, TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE])
    tensor = doc.tensor.tobytes() if doc.tensor is not None and doc.tensor.size else b""
    return cache_.key("chains", _package_version("coreferee"), model_digest, settings, annotations.tobytes(), tensor)


def load_chains(cache_: AnalysisCache, key: str) -> tuple[list, list[str], list] | None:
    """(chains as ``coref.chain_data`` gives them, notices, candidate scores
    as [anaphor index, [[candidate index, score], ...]]), or None."""
    data = cache_.load(key)
    if data is None or not isinstance(data.get("chains"), list):
        return None
    return data["chains"], list(data.get("notices", [])), list(data.get("scores", []))


def store_chains(cache_: AnalysisCache, key: str, chains: list, notices: list[str], scores: list) -> None:
    cache_.store(key, {"chains": chains, "notices": notices, "scores": scores})


def file_digest(paths: list[Any]) -> str:
    """A digest of files' contents (``Traversable`` or ``Path``), in order."""
    digest = hashlib.sha256()
    for path in paths:
        data = path.read_bytes()
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


# Findings


def load_findings(cache_: AnalysisCache, key: str) -> tuple[dict[str, list[Finding]], dict[str, list[str]]] | None:
    """(findings per file, notices per file) stored under ``key``, or None."""
    data = cache_.load(key)
    if data is None:
        return None
    try:
        findings = {path: [_finding(record) for record in records] for path, records in data["findings"].items()}
        notices = {path: [str(notice) for notice in items] for path, items in data["notices"].items()}
    except Exception:  # noqa: BLE001 - an entry that does not decode is a miss
        return None
    return findings, notices


def store_findings(
    cache_: AnalysisCache, key: str, findings: dict[str, list[Finding]], notices: dict[str, list[str]]
) -> None:
    cache_.store(
        key,
        {"findings": {path: [_record(finding) for finding in items] for path, items in findings.items()}, "notices": notices},
    )


def _record(finding: Finding) -> list:
    fix = None if finding.fix is None else [finding.fix.start, finding.fix.end, finding.fix.replacement]
    return [
        finding.path, finding.line, finding.column, finding.end_line, finding.end_column, finding.rule,
        int(finding.severity), finding.message, finding.character, fix, finding.fingerprint,
    ]


def _finding(record: list) -> Finding:
    path, line, column, end_line, end_column, rule, severity, message, character, fix, fingerprint = record
    return Finding(
        path=path, line=line, column=column, end_line=end_line, end_column=end_column, rule=rule,
        severity=Severity(severity), message=message, character=character,
        fix=None if fix is None else Fix(*fix), fingerprint=fingerprint,
    )
