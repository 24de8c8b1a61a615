"""Accuracy on the hand-labelled corpus, the held-out set and the blind sets (written after the parser)."""

from __future__ import annotations

import pytest
from conftest import HERE

from bot.understanding.corpus import baseline_score, score


def _lines(name: str) -> list[str]:
    return [line for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_corpus_is_big_and_covers_every_intent() -> None:
    import json

    lines = _lines("corpus.jsonl")
    assert len(lines) >= 170
    intents = {json.loads(line)["expected"]["intent"] for line in lines}
    assert intents == {
        "absence",
        "leave_request",
        "weekplan",
        "booking",
        "broadcast",
        "help",
        "stop",
        "start",
        "unknown",
    }


def test_corpus_accuracy() -> None:
    result = score(_lines("corpus.jsonl"))
    print(f"corpus: {result.exact}/{result.total} = {result.accuracy:.1%}")
    assert result.accuracy >= 0.95, [f.text for f in result.failures]


def test_heldout_accuracy() -> None:
    result = score(_lines("heldout.jsonl"))
    print(f"held-out: {result.exact}/{result.total} = {result.accuracy:.1%}")
    assert result.total >= 35
    assert result.accuracy >= 0.85, [f.text for f in result.failures]


@pytest.mark.parametrize(
    ("name", "threshold"),
    [
        # Written before the generalisation fixes; its first, untuned score was 163/170 (95.9%).
        ("blind.jsonl", 0.95),
        # Written after those fixes and scored once, never tuned on.
        ("blind2.jsonl", 0.90),
    ],
)
def test_blind_accuracy(name: str, threshold: float) -> None:
    result = score(_lines(name))
    print(f"{name}: {result.exact}/{result.total} = {result.accuracy:.1%}")
    assert result.total >= 50
    assert result.accuracy >= threshold, [f.text for f in result.failures]


def test_beats_the_baseline() -> None:
    lines = _lines("corpus.jsonl")
    ours, base = score(lines), baseline_score(lines)
    print(f"baseline: {base.exact}/{base.total} = {base.accuracy:.1%}")
    assert ours.accuracy > base.accuracy
