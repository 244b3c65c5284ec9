"""A finishing training's counterfactual probes take lane turns like any other chunk: another training's chunks are
served between them, and the verdict is the same as when the probes run at once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from app.config import Settings
from app.web import runner
from app.web.capacity import Capacity
from app.web.streams import TrainStream, make_stream
from app.web.train_schemas import TrainRun
from tests.web.test_lanes import run

TOO_SLOW = {"kind": "train", "dataset": {"name": "moons"}, "optimizer": {"name": "sgd", "lr": 0.0001}, "epochs": 5}
LONG = {"kind": "train", "dataset": {"name": "moons"}, "epochs": 200}
SETTINGS = Settings(advice_seconds=60.0)  # generous: the probes complete, so the verdict cannot depend on speed


def test_another_trainings_chunks_go_between_one_trainings_probes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "TRAIN_BUDGET", 0.0)  # one probe record per lane turn: the probes take many turns
    events: list[tuple[str, str, bool]] = []
    settle, pull = TrainStream.settle, TrainStream.pull

    def logged_settle(self: TrainStream, budget: float) -> None:
        settle(self, budget)
        events.append((self.run_id, "settle", self.settled))

    def logged_pull(self: TrainStream, n: int, budget: float) -> Any:
        out = pull(self, n, budget)
        events.append((self.run_id, "pull", out[1]))
        return out

    monkeypatch.setattr(TrainStream, "settle", logged_settle)
    monkeypatch.setattr(TrainStream, "pull", logged_pull)

    async def scenario() -> dict[str, Any]:
        cap = Capacity(SETTINGS)
        other = await cap.compute(True, lambda: make_stream(TrainRun.model_validate(LONG), "other", SETTINGS))
        judged = asyncio.Event()

        async def other_trains() -> None:  # a bystander in the same class: one chunk per lane turn, as a socket does
            while not judged.is_set():
                await cap.compute(True, lambda: other.pull(1, 0.0))
            other.request_stop()

        async def gone() -> bool:
            return False

        bystander = asyncio.create_task(other_trains())
        try:
            return await runner.gather(TrainRun.model_validate(TOO_SLOW), "slow", SETTINGS, cap, gone)
        finally:
            judged.set()
            await bystander

    result = run(scenario())
    slow = [i for i, (rid, kind, _) in enumerate(events) if rid == "slow" and kind == "settle"]
    assert len(slow) >= 2, "the probes took more than one lane turn"
    assert events[slow[-1]][2] and not any(events[i][2] for i in slow[:-1])
    between = [e for e in events[slow[0]:slow[-1]] if e[0] == "other"]
    assert between and all(kind == "pull" for _, kind, _ in between), "the bystander was served during the probes"
    diagnosis = result["done"]["diagnosis"]
    assert diagnosis["facts"]["probes"], "the probes ran"
    assert diagnosis == runner.run_result(TrainRun.model_validate(TOO_SLOW), "slow", SETTINGS)["done"]["diagnosis"]
