"""Pipelines load once per process, and a parallel run can fork its workers
right after the first load."""

from __future__ import annotations

import pytest

from prose_lint import nlp


@pytest.fixture
def loads(monkeypatch) -> list[tuple[str, bool]]:
    """The loads asked of a process with no pipeline yet; each gives a marker object."""
    asked: list[tuple[str, bool]] = []
    monkeypatch.setattr(nlp, "_pipelines", {})
    monkeypatch.setattr(nlp, "_load", lambda model, coreference: asked.append((model, coreference)) or object())
    return asked


def test_a_pipeline_loads_once_per_model_and_coreference(loads):
    first = nlp.load_pipeline("some_model", True)
    assert nlp.load_pipeline("some_model", True) is first
    assert nlp.load_pipeline("some_model", False) is not first
    assert loads == [("some_model", True), ("some_model", False)]


def test_the_callback_runs_once_after_the_first_load_in_its_block(loads):
    calls = []
    with nlp.after_first_load(lambda: calls.append(list(nlp._pipelines))):
        assert calls == []
        nlp.load_pipeline("some_model", True)
        nlp.load_pipeline("some_model", False)
    # Once, and with the pipeline already kept: a process forked there has it.
    assert calls == [[("some_model", True)]]


def test_no_callback_when_the_block_loads_nothing(loads):
    nlp.load_pipeline("some_model", True)
    calls = []
    with nlp.after_first_load(lambda: calls.append("called")):
        nlp.load_pipeline("some_model", True)
    nlp.load_pipeline("other_model", True)
    assert calls == []
