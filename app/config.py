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
    max_numeric_work: int = Field(200_000, ge=1, description="most parameters × batch size for a numerical-gradient "
                                                             "training (one iteration costs 2 × parameters loss "
                                                             "evaluations of one batch)")
    max_timing_work: int = Field(2_000_000_000, ge=1, description="most parameters × batch × coordinates of one "
                                                                   "gradient timing")
    max_http_steps: int = Field(100_000, ge=1, description="most steps over all runs of one HTTP call")
    max_samples: int = Field(20_000, ge=10, description="most samples in a generated data set")
    run_wall_seconds: float = Field(120.0, gt=0, description="longest wall time of one HTTP run or timing (limit)")
    advice_seconds: float = Field(3.0, ge=0, description="time a training diagnosis may spend running its "
                                  "counterfactual probes (0: training advice is untested)")
    # a learner's own formula and data
    max_formula_chars: int = Field(200, ge=1, le=2000, description="longest formula f(x, y)")
    max_formula_depth: int = Field(24, ge=1, le=100, description="deepest nesting of a formula")
    max_formula_nodes: int = Field(120, ge=1, le=1000, description="most operations and numbers in a formula")
    max_custom_points: int = Field(5_000, ge=4, description="most rows of a learner's own data set")
    max_upload_bytes: int = Field(1_048_576, ge=1024, description="largest CSV upload of a learner's own data")
    # per process
    max_concurrent_runs: int = Field(256, ge=1, description="runs (descent or training) open at once in this process")
    max_concurrent_trainings: int = Field(16, ge=1, description="training runs open at once in this process")
    max_concurrent_http_runs: int = Field(8, ge=1, description="runs computing for HTTP calls at once (429 beyond)")
    max_sockets: int = Field(400, ge=1, description="open WebSocket connections in this process")
    max_sockets_per_client: int = Field(100, ge=1, description="open WebSocket connections from one address")
    max_message_bytes: int = Field(262_144, ge=1024, description="largest incoming WebSocket message or JSON body "
                                   "(a run with 5,000 points of your own data is about 100 KB)")
    idle_seconds: float = Field(600.0, gt=0, description="an idle socket is closed after this long")
    send_timeout_seconds: float = Field(20.0, gt=0, description="a client that reads nothing this long is dropped")
    health_details: bool = Field(False, description="/healthz also reports runs, sockets, threads and memory")
    shutdown_seconds: float = Field(3.0, gt=0, description="on SIGTERM, running work is cancelled after this long")
    ws_compression: bool = Field(False, description="per-message deflate on WebSocket frames (`descent-lab` only): "
                                                    "less traffic, more CPU on the event loop")
    switch_interval_ms: float = Field(1.0, gt=0, le=100, description="how often a worker thread computing in "
                                      "Python hands the interpreter to the event loop (sys.setswitchinterval)")
    loop_chunks_per_turn: int = Field(4, ge=1, le=1_000, description="most descent chunks (about 1 ms each) "
                                      "computed on the event loop between two reads of its sockets")
    worker_nice: int = Field(5, ge=0, le=19, description="nice value of the threads computing runs (Linux): "
                             "the event loop gets the core first when they share one; 0 leaves them as they are")
    warm_up: bool = Field(True, description="load the digits data set at startup, before the first class starts")
    log_runs: bool = Field(True, description="log one JSON line per finished run (no personal data)")
    frames_per_second: int = Field(30, ge=1, le=120, description="most `steps` messages per second per socket")
    network_heavy_per_second: float = Field(10.0, gt=0, le=120, description="most network-view heatmap or "
                                            "weight-image snapshots per second per training run")
    # sweep maps and trainability maps (per request; a sweep computes its levels 32², 64², ... up to n²)
    max_sweep_side: int = Field(512, ge=8, le=4096, description="largest n for an n×n sweep map")
    max_sweep_steps: int = Field(5_000, ge=1, le=65_535, description="most updates per run in a sweep")
    max_sweep_cell_steps: int = Field(
        270_000_000, ge=1, description="most cells × steps of one sweep computed in this process (512² × 1,000 fits)")
    max_cluster_cell_steps: int = Field(
        10_000_000_000, ge=1, description="most cells × steps of one sweep when a Dask scheduler takes the tiles")
    max_concurrent_sweeps: int = Field(1, ge=1, description="sweeps computed at once in this process")
    max_trainability_side: int = Field(256, ge=8, le=1024, description="largest n for a trainability map")
    max_trainability_steps: int = Field(2_000, ge=1, le=65_535, description="most training steps per cell")
    max_trainability_cell_steps: int = Field(
        50_000_000, ge=1, description="most cells × training steps of one trainability map")
    dask_scheduler: str | None = Field(
        None, description="address of a Dask scheduler (tcp://host:8786): sweeps above this process's budget "
                          "run there, tile by tile; unset: every sweep runs in-process")
    # embedding and data
    embed_origins: list[str] = Field(default_factory=lambda: ["*"], description="origins that may frame /embed")
    cors_origins: list[str] = Field(default_factory=lambda: ["*"], description="origins allowed by CORS on /api")
    mnist_dir: Path | None = Field(None, description="folder with MNIST IDX or .npz files (operator only)")

    def limits(self) -> dict[str, int | float]:
        """The per-run and per-process limits, as the catalog reports them."""
        keys = ("max_steps", "max_grid", "max_compare_runs", "max_epochs", "max_train_iterations",
                "max_hidden_layers", "max_hidden_units", "max_numeric_params", "max_numeric_work", "max_timing_work",
                "max_samples", "run_wall_seconds",
                "max_formula_chars", "max_formula_depth", "max_formula_nodes", "max_custom_points", "max_upload_bytes",
                "max_http_steps", "max_concurrent_runs", "max_concurrent_trainings",
                "max_concurrent_http_runs", "max_message_bytes", "frames_per_second",
                "advice_seconds",
                "max_sweep_side", "max_sweep_steps", "max_sweep_cell_steps", "max_concurrent_sweeps",
                "max_trainability_side", "max_trainability_steps", "max_trainability_cell_steps")
        return {k: getattr(self, k) for k in keys}


@lru_cache
def get_settings() -> Settings:
    return Settings()
