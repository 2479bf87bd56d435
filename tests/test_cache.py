"""The analysis cache: never a different result, safe against bad entries,
and the manuscript path pre-commit takes (one staged chapter, the others
read for context)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_python, write
from prose_lint.cache import AnalysisCache
from test_story import CHAPTER_ONE, CHAPTER_TWO, SHE_IN_CHAPTER_TWO, drift_positions

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.msgpack"))


# The store itself (no NLP)


def test_an_entry_round_trips_as_plain_data(tmp_path):
    cache = AnalysisCache(tmp_path)
    key = cache.key("a text")
    cache.store(key, {"chunks": [[0, b"bytes"]], "notices": ["n"]})
    assert cache.load(key) == {"chunks": [[0, b"bytes"]], "notices": ["n"]}
    assert [path.name for path in entries(tmp_path)] == [f"{key}.msgpack"]


def test_keys_differ_by_every_part(tmp_path):
    cache = AnalysisCache(tmp_path)
    assert len({cache.key("a", "b"), cache.key("ab"), cache.key("a", "c"), cache.key("b", "a")}) == 4


@pytest.mark.parametrize("content", [b"", b"\x93NUMPY garbage", b"\x80\x04\x95pickle?", b"\xc1"])
def test_a_corrupt_entry_is_a_miss_and_is_rewritten(tmp_path, content):
    cache = AnalysisCache(tmp_path)
    key = cache.key("text")
    (tmp_path / f"{key}.msgpack").write_bytes(content)
    assert cache.load(key) is None
    cache.store(key, {"chunks": []})
    assert cache.load(key) == {"chunks": []}


def test_an_entry_written_for_another_key_is_a_miss(tmp_path):
    cache = AnalysisCache(tmp_path)
    mine, theirs = cache.key("mine"), cache.key("theirs")
    cache.store(theirs, {"chunks": []})
    (tmp_path / f"{theirs}.msgpack").rename(tmp_path / f"{mine}.msgpack")
    assert cache.load(mine) is None


def test_the_size_bound_evicts_the_least_recently_used(tmp_path):
    import os

    cache = AnalysisCache(tmp_path, max_bytes=3000)
    keys = [cache.key(str(number)) for number in range(5)]
    for age, key in enumerate(keys):
        cache.store(key, {"data": b"x" * 900})
        os.utime(tmp_path / f"{key}.msgpack", (age, age))
    assert sum(path.stat().st_size for path in entries(tmp_path)) <= 3000
    assert cache.load(keys[-1]) is not None
    assert cache.load(keys[0]) is None


def test_cache_clear_empties_the_folder(run_cli, tmp_path):
    folder = tmp_path / "cache"
    cache = AnalysisCache(folder)
    cache.store(cache.key("x"), {"chunks": []})
    result = run_cli(["cache", "clear", "--cache-dir", folder])
    assert result.code == 0
    assert "removed 1 cache entry" in result.out
    assert entries(folder) == []


# Cached and uncached runs agree (spaCy and coreference)


def test_cached_findings_equal_uncached_on_the_seeds(run_cli, tmp_path):
    # SARIF holds every part of a finding: place, message, fix and fingerprint.
    folder = tmp_path / "cache"
    sarif = ["--format", "sarif", "--jobs", "1"]
    uncached = run_cli(["--no-cache", *sarif, SEEDS])
    cold = run_cli(["--cache-dir", folder, *sarif, SEEDS])
    stored = entries(folder)
    warm = run_cli(["--cache-dir", folder, *sarif, SEEDS])
    assert '"fixes"' in uncached.out and '"partialFingerprints"' in uncached.out and uncached.code == 1
    assert cold.out == uncached.out and warm.out == uncached.out
    assert (cold.code, warm.code) == (uncached.code, uncached.code)
    # One parse per seed, the coreference of each and each story's findings;
    # the warm run added nothing.
    assert len(stored) >= 9
    assert entries(folder) == stored


def test_no_cache_writes_nothing(run_cli, tmp_path):
    folder = tmp_path / "cache"
    run_cli(["--no-cache", "--cache-dir", folder, "--select", "name-repetition", SEEDS / "000_ce054c7ae344d266.txt"])
    assert not folder.exists() or entries(folder) == []


@pytest.fixture
def manuscript(tmp_path):
    folder = tmp_path / "novel"
    write(folder / "chapter1.txt", CHAPTER_ONE)
    write(folder / "chapter2.txt", CHAPTER_TWO)
    write(folder / "characters.yaml", "characters:\n  - name: Thomas Hale\n")
    return folder


def test_cached_findings_equal_uncached_on_a_manuscript(run_cli, manuscript, tmp_path):
    folder = tmp_path / "cache"
    uncached = run_cli(["--no-cache", "--select", "pronoun-gender-drift", manuscript])
    cold = run_cli(["--cache-dir", folder, "--select", "pronoun-gender-drift", manuscript])
    warm = run_cli(["--cache-dir", folder, "--select", "pronoun-gender-drift", manuscript])
    assert drift_positions(uncached.out) == [("chapter2.txt", *SHE_IN_CHAPTER_TWO)]
    assert cold.out == uncached.out == warm.out


def test_an_edited_chapter_is_the_only_one_parsed_again(run_cli, manuscript, tmp_path, monkeypatch):
    import prose_lint.cache as cache_module

    third = "Thomas came home late. He was tired, and she said nothing to him.\n"
    added = "\nThomas said nothing more that evening.\n"
    write(manuscript / "chapter3.txt", third)
    folder = tmp_path / "cache"
    args = ["--cache-dir", folder, "--jobs", "1", "--format", "sarif", manuscript]
    run_cli(args)
    parsed = []
    store_chunks = cache_module.store_chunks
    monkeypatch.setattr(
        cache_module, "store_chunks", lambda cache, key, chunks: (parsed.append(chunks), store_chunks(cache, key, chunks))
    )
    write(manuscript / "chapter3.txt", third + added)
    edited = run_cli(args)
    assert [[chunk.text for _, chunk in chunks] for chunks in parsed] == [[(third + added).rstrip("\n")]]
    # The other chapters' parses and chains came from the cache: the same
    # findings as a run that parsed everything.
    assert edited.code == 1 and "chapter2.txt" in edited.out
    assert edited.out == run_cli(["--no-cache", *args[2:]]).out


def test_an_unchanged_chapter_s_evidence_of_names_comes_from_the_cache(run_cli, manuscript, tmp_path, monkeypatch):
    from prose_lint.characters import FileEvidence

    folder = tmp_path / "cache"
    args = ["--cache-dir", folder, "--jobs", "1", "--select", "name-repetition,pronoun-gender-drift", manuscript]
    run_cli(args)
    read = []
    of = FileEvidence.of.__func__
    monkeypatch.setattr(FileEvidence, "of", classmethod(lambda cls, chunks: (read.append(chunks), of(cls, chunks))[1]))
    write(manuscript / "chapter2.txt", CHAPTER_TWO + "\nThomas said nothing more that evening.\n")
    edited = run_cli(args)
    assert len(read) == 1 and "said nothing more" in read[0][-1].doc.text
    assert edited.out == run_cli(["--no-cache", *args[2:]]).out


def test_a_staged_chapter_is_linted_with_the_others_as_context(run_cli, manuscript, tmp_path):
    # pre-commit passes only chapter 2; Thomas's pronouns come from chapter 1.
    cache = ["--cache-dir", tmp_path / "cache"]
    only_two = run_cli([*cache, "--select", "pronoun-gender-drift", manuscript / "chapter2.txt"])
    assert drift_positions(only_two.out) == [("chapter2.txt", *SHE_IN_CHAPTER_TWO)]
    only_one = run_cli([*cache, "--select", "pronoun-gender-drift", manuscript / "chapter1.txt"])
    assert (only_one.code, only_one.out) == (0, "")


# A story's findings (the run that loads no pipeline)


def test_an_unchanged_story_is_linted_without_spacy(manuscript, tmp_path):
    # A fresh interpreter: this test process has imported spaCy long ago.
    folder = tmp_path / "cache"
    code = (
        "import sys\n"
        "from prose_lint.cli import main\n"
        f"args = ['--cache-dir', {str(folder)!r}, '--jobs', '1', '--select', 'pronoun-gender-drift', {str(manuscript)!r}]\n"
        "first = main(args)\n"
        "print('spacy' in sys.modules)\n"
        "for name in [name for name in sys.modules if name.startswith(('spacy', 'thinc', 'coreferee'))]:\n"
        "    del sys.modules[name]\n"
        "second = main(args)\n"
        "print(first, second, 'spacy' in sys.modules)\n"
    )
    result = run_python(code, tmp_path)
    lines = [line for line in result.stdout.splitlines() if line in ("True", "1 1 False")]
    assert lines == ["True", "1 1 False"], result.stdout + result.stderr
    assert result.stdout.count("chapter2.txt:1:") == 2


def test_a_cached_story_still_obeys_suppressions_and_the_baseline(run_cli, manuscript, tmp_path):
    # Findings are cached before suppression, so a baseline written after the
    # cache filled, or a new config, still applies.
    cache = ["--cache-dir", tmp_path / "cache", "--select", "pronoun-gender-drift"]
    first = run_cli([*cache, manuscript])
    assert drift_positions(first.out) == [("chapter2.txt", *SHE_IN_CHAPTER_TWO)]
    assert run_cli([*cache, "--write-baseline", tmp_path / "baseline.json", manuscript]).code == 0
    later = run_cli([*cache, "--baseline", tmp_path / "baseline.json", manuscript])
    assert (later.code, later.out) == (0, "")
    write(tmp_path / ".prose-lint.yaml", "per-file-ignores:\n  '*chapter2.txt': [pronoun-gender-drift]\n")
    ignored = run_cli([*cache, manuscript])
    assert (ignored.code, ignored.out) == (0, "")


def test_a_changed_cast_or_rule_is_a_new_story_entry(run_cli, manuscript, tmp_path, write_rule):
    cache = ["--cache-dir", tmp_path / "cache"]
    assert drift_positions(run_cli([*cache, "--select", "pronoun-gender-drift", manuscript]).out)
    # Declared they/them: never drift, whatever the cache holds.
    write(manuscript / "characters.yaml", "characters:\n  - name: Thomas Hale\n    pronouns: they/them\n")
    assert run_cli([*cache, "--select", "pronoun-gender-drift", manuscript]).out == ""
    write(manuscript / "characters.yaml", "characters:\n  - name: Thomas Hale\n")
    write_rule(
        "id: quiet-drift\nkind: pronoun-gender-drift\nseverity: info\nmessage: 'drift: {character}'\n"
    )
    drift = run_cli([*cache, "--rules", tmp_path / "rules", "--select", "quiet-drift", manuscript])
    assert "drift: Thomas Hale" in drift.out and "quiet-drift" in drift.out


def test_a_corrupt_story_entry_is_linted_again(run_cli, manuscript, tmp_path):
    folder = tmp_path / "cache"
    args = ["--cache-dir", folder, "--select", "pronoun-gender-drift", manuscript]
    first = run_cli(args)
    story_entries = [path for path in entries(folder) if "findings" in AnalysisCache(folder).load(path.stem)]
    assert len(story_entries) == 1
    story_entries[0].write_bytes(story_entries[0].read_bytes()[:40])
    assert run_cli(args).out == first.out
    assert "findings" in AnalysisCache(folder).load(story_entries[0].stem)


def test_a_cached_story_still_gives_its_notices(run_cli, tmp_path):
    story = write(
        tmp_path / "pronouns.txt",
        "Anna came home. She was tired. Then " + " and ".join(["he", "she", "they"] * 15) + " left the room.\n",
    )
    args = ["--cache-dir", tmp_path / "cache", "--select", "pronoun-gender-drift", story]
    cold, warm = run_cli(args), run_cli(args)
    notices = [line for line in cold.err.splitlines() if "notice:" in line]
    assert len(notices) == 1 and "pronouns.txt: coreference skipped 1 sentence(s)" in notices[0]
    assert [line for line in warm.err.splitlines() if "notice:" in line] == notices


def test_candidate_scores_come_back_from_the_cache(tmp_path):
    from prose_lint.nlp import CANDIDATE_SCORES_KEY, COREFERENCE_COMPONENT, DEFAULT_MODEL, load_pipeline

    nlp = load_pipeline(DEFAULT_MODEL, True)
    component = nlp.get_pipe(COREFERENCE_COMPONENT)
    with nlp.select_pipes(disable=[COREFERENCE_COMPONENT]):
        cold, warm = (nlp("Anna met Tom at the gate. She gave him the key.") for _ in range(2))
    for doc in (cold, warm):
        doc.user_data[CANDIDATE_SCORES_KEY] = {}
    component.cache = AnalysisCache(tmp_path)
    try:
        component(cold)
        stored = entries(tmp_path)
        component(warm)
    finally:
        component.cache = None
    assert len(stored) == 1 and entries(tmp_path) == stored
    assert cold.user_data[CANDIDATE_SCORES_KEY] and warm.user_data[CANDIDATE_SCORES_KEY] == cold.user_data[CANDIDATE_SCORES_KEY]
