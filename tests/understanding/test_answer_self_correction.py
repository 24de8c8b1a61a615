"""Self-corrections answering a child question, arrival times in follow-up answers, one child's days split."""

from __future__ import annotations

from bot.understanding.answers import Option, is_whole_answer, match_answer
from bot.understanding.clock import arrival_time
from bot.understanding.types import Child

OLA = Child("1", "Ola", "Nordli", "5B", 5)
EMMA = Child("2", "Emma", "Nordli", "2A", 2)


def test_oi_mente_names_the_only_child() -> None:
    opts = [Option(label="Ja", yes=True, child=OLA), Option(label="Nei", yes=False)]
    assert match_answer("oi, mente Ola", opts) == 0 and is_whole_answer("oi, mente Ola", opts)


def test_nei_jeg_mente_picks_the_child_not_none_of_them() -> None:
    opts = [Option(label="Ola", child=OLA), Option(label="Emma", child=EMMA), Option(label="Ingen", yes=False)]
    assert match_answer("nei, jeg mente Emma", opts) == 1 and is_whole_answer("nei, jeg mente Emma", opts)
    assert match_answer("ikke Emma", opts) != 1


def test_arrival_time_only_when_the_child_comes() -> None:
    assert str(arrival_time("beklager, han er hos tannlegen, kommer kl 11")) == "11:00:00"
    assert arrival_time("tannlege kl 9") is None
    assert arrival_time("syk") is None
