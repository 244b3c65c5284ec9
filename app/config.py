"""Server settings from the environment (prefix DESCENT_LAB_), with the limits every run is checked against."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Limits and knobs for one server process. Every limit is reported in the catalog."""

    model_config = SettingsConfigDict(env_prefix="DESCENT_LAB_", extra="ignore")

    # per run
    max_steps: int = Field(100_000, ge=1, description="most updates in one 2D descent run")
    max_grid: int = Field(200, ge=8, description="largest n for an n×n surface grid")
    max_compare_runs: int = Field(6, ge=1, description="most runs in one compare call or one socket")
    max_epochs: int = Field(500, ge=1, description="most epochs in one training run")
    max_train_iterations: int = Field(200_000, ge=1, description="most epochs × iterations in one training run")
    max_hidden_layers: int = Field(4, ge=0)
    max_hidden_units: int = Field(512, ge=1, description="widest hidden layer")
    max_numeric_params: int = Field(5_000, ge=0, description="most parameters for a numerical-gradient training")
    max_samples: int = Field(20_000, ge=10, description="most samples in a generated data set")
    run_wall_seconds: float = Field(120.0, gt=0, description="longest wall time of one run before it stops as limit")
    # a learner's own formula and data
    max_formula_chars: int = Field(200, ge=1, le=2000, description="longest formula f(x, y)")
    max_formula_depth: int = Field(24, ge=1, le=100, description="deepest nesting of a formula")
    max_formula_nodes: int = Field(120, ge=1, le=1000, description="most operations and numbers in a formula")
    max_custom_points: int = Field(5_000, ge=4, description="most rows of a learner's own data set")
    max_upload_bytes: int = Field(1_048_576, ge=1024, description="largest CSV upload of a learner's own data")
    # per process
    max_concurrent_runs: int = Field(256, ge=1, description="runs (descent or training) open at once in this process")
    max_concurrent_trainings: int = Field(16, ge=1, description="training runs open at once in this process")
    max_sockets: int = Field(400, ge=1, description="open WebSocket connections in this process")
    max_message_bytes: int = Field(262_144, ge=1024, description="largest incoming WebSocket message or JSON body "
                                   "(a run with 5,000 points of your own data is about 100 KB)")
    idle_seconds: float = Field(600.0, gt=0, description="an idle socket is closed after this long")
    send_timeout_seconds: float = Field(20.0, gt=0, description="a client that reads nothing this long is dropped")
    log_runs: bool = Field(True, description="log one JSON line per finished run (no personal data)")
    frames_per_second: int = Field(30, ge=1, le=120, description="most `steps` messages per second per socket")
    # embedding and data
    embed_origins: list[str] = Field(default_factory=lambda: ["*"], description="origins that may frame /embed")
    cors_origins: list[str] = Field(default_factory=lambda: ["*"], description="origins allowed by CORS on /api")
    mnist_dir: Path | None = Field(None, description="folder with MNIST IDX or .npz files (operator only)")

    def limits(self) -> dict[str, int | float]:
        """The per-run and per-process limits, as the catalog reports them."""
        keys = ("max_steps", "max_grid", "max_compare_runs", "max_epochs", "max_train_iterations",
                "max_hidden_layers", "max_hidden_units", "max_numeric_params", "max_samples", "run_wall_seconds",
                "max_formula_chars", "max_formula_depth", "max_formula_nodes", "max_custom_points", "max_upload_bytes",
                "max_concurrent_runs", "max_concurrent_trainings", "max_message_bytes", "frames_per_second")
        return {k: getattr(self, k) for k in keys}


@lru_cache
def get_settings() -> Settings:
    return Settings()
