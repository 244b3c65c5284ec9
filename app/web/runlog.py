"""Structured logs of runs: one JSON line per finished run, with no personal data (no address, no agent)."""

from __future__ import annotations

import logging
from typing import Any

from .protocol import dumps

logger = logging.getLogger("descent_lab.runs")


def log_stream(transport: str, stream: Any, reason: str, seconds: float) -> None:
    """Log the end of a run stream; a training run names the optimizer and lr it used (its own or the data
    set's suggestion)."""
    if not logger.isEnabledFor(logging.INFO):
        return
    config = stream.config.model_dump(mode="json")
    cfg = getattr(getattr(stream, "setup", None), "cfg", None)
    if cfg is not None:
        config["optimizer"] = {"name": cfg.optimizer, "lr": cfg.lr}
    log_run(transport, "train" if stream.heavy else "descent", config, reason, stream.records, seconds)


def log_run(transport: str, kind: str, config: dict[str, Any], reason: str, records: int, seconds: float) -> None:
    """Log the end of a run: where it ran, what it was, why it stopped, how long it took."""
    if not logger.isEnabledFor(logging.INFO):
        return
    opt = config.get("optimizer") or {}
    logger.info(dumps({
        "event": "run_end", "transport": transport, "kind": kind, "surface": config.get("surface"),
        "dataset": (config.get("dataset") or {}).get("name"), "optimizer": opt.get("name"), "lr": opt.get("lr"),
        "reason": reason, "records": records, "duration_ms": round(seconds * 1000.0, 1),
    }).decode())


def configure_run_log(enabled: bool = True, level: int = logging.INFO) -> None:
    """Send run logs to stderr once per process (uvicorn configures only its own loggers), or silence them."""
    if not enabled:
        logger.setLevel(logging.WARNING)
        return
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
