"""The learned second opinion on intent (issue 17): the shipped model is the one the development part
trains, its plain-Python scoring equals scikit-learn's, and it changes the parse only where it should."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.understanding.corpus import CALENDAR, FAMILIES, OSLO
from bot.understanding.learned import (
    MODEL_PATH,
    NOT_A_REPORT_AT,
    USAGE_AT,
    Block,
    IntentModel,
    char_wb_ngrams,
    intent_model,
    second_opinion,
    word_ngrams,
)
from bot.understanding.parse import understand
from bot.understanding.training import examples, fit

MONDAY = datetime(2027, 1, 11, 8, 0, tzinfo=OSLO)


@pytest.fixture(scope="module")
def trained() -> tuple[IntentModel, object, list[str]]:
    texts, intents = examples()
    model, pipeline = fit(texts, intents)
    return model, pipeline, texts


def test_the_shipped_model_is_what_the_development_part_trains(trained: tuple[IntentModel, object, list[str]]) -> None:
    """Fails when the corpus changed and `make model` was not run (the shipped file would be stale)."""
    fresh, _, texts = trained
    shipped = intent_model()
    assert shipped.classes == fresh.classes
    drift = max(abs(shipped.probabilities(t)[c] - fresh.probabilities(t)[c]) for t in texts[::7] for c in fresh.classes)
    assert drift < 1e-3, drift


def test_plain_python_scoring_equals_scikit_learn(trained: tuple[IntentModel, object, list[str]]) -> None:
    model, pipeline, texts = trained
    sample = texts[::5]
    expected = pipeline.predict_proba(sample)  # type: ignore[attr-defined]
    classes = list(pipeline.classes_)  # type: ignore[attr-defined]
    for text, row in zip(sample, expected, strict=True):
        got = model.probabilities(text)
        assert max(abs(got[c] - row[k]) for k, c in enumerate(classes)) < 2e-3, text


def test_ngrams_match_scikit_learns_analysers() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    text = "Ola  er SYK i dag, he's off!"
    for analyzer, grams in (("char_wb", char_wb_ngrams(text, 2, 5)), ("word", word_ngrams(text, 1, 2))):
        analyse = TfidfVectorizer(analyzer=analyzer, ngram_range=(2, 5) if analyzer == "char_wb" else (1, 2))
        assert grams == analyse.build_analyzer()(text)


def test_the_model_file_round_trips(tmp_path: Path) -> None:
    model = IntentModel(
        classes=("absence", "help"),
        intercept=(0.1, -0.1),
        blocks=(Block("word", (1, 2), {"hjelp": 1.5, "syk": 1.2}, {"hjelp": (-1.0, 2.0)}),),
    )
    path = tmp_path / "m.json.gz"
    model.save(path)
    again = IntentModel.load(path)
    assert again == model
    p = again.probabilities("hjelp meg")
    assert p["help"] > p["absence"] and abs(sum(p.values()) - 1.0) < 1e-9
    assert MODEL_PATH.exists()


class Fixed:
    """A stand-in model that always answers the same probabilities."""

    def __init__(self, probabilities: dict[str, float]) -> None:
        self.p = probabilities

    def probabilities(self, text: str) -> dict[str, float]:
        return dict(self.p)


@pytest.mark.parametrize(
    ("grammar", "model", "expected"),
    [
        ("unknown", {"help": 0.8, "unknown": 0.2}, "help"),  # a usage question the grammar missed
        ("unknown", {"help": USAGE_AT - 0.01, "unknown": 0.51}, "unknown"),  # not sure enough
        ("unknown", {"absence": 0.9, "unknown": 0.1}, "unknown"),  # never invents a report
        ("absence", {"unknown": 0.7, "absence": 0.3}, "unknown"),  # a complaint that names a day
        ("absence", {"unknown": NOT_A_REPORT_AT - 0.01, "absence": 0.41}, "absence"),  # a report needs more
        ("absence", {"stop": 0.6, "absence": 0.4}, "stop"),
        ("absence", {"leave_request": 0.9, "absence": 0.1}, "absence"),  # report kinds stay the grammar's
        ("weekplan", {"unknown": 0.99, "weekplan": 0.01}, "weekplan"),  # other intents are never touched
    ],
)
def test_the_second_opinion_changes_only_what_it_may(grammar: str, model: dict[str, float], expected: str) -> None:
    got = second_opinion("a message of words", grammar, Fixed(model))  # type: ignore[arg-type]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Kan noen forklare meg hvordan denne tjenesten virker?", "help"),
        ("I would like to stop receiving these text messages from the school, thank you", "stop"),
        ("Eg vil gjerne ha sms frå skulen igjen", "start"),
    ],
)
def test_usage_in_words_is_understood(text: str, intent: str) -> None:
    u = understand(text, children=FAMILIES["one"], now=MONDAY, calendar=CALENDAR)
    assert u.intent == intent
    assert (u.students, u.dates) == ((), ())


def test_a_real_report_is_still_a_report() -> None:
    u = understand("Ola er syk i dag", children=FAMILIES["one"], now=MONDAY, calendar=CALENDAR)
    assert (u.intent, u.students, u.reason) == ("absence", ("s-ola",), "illness")
