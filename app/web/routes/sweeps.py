"""Maps of many runs, streamed coarse to fine as NDJSON: `POST /api/v1/sweeps`, `POST /api/v1/trainability`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response, StreamingResponse

from app.config import Settings
from app.core.surfaces import SURFACES
from app.core.sweep import OUTCOMES, SECOND_KNOB, run_rows
from app.core.trainability import CONVERGED, DIM, DIVERGED, HIDDEN, N_POINTS, TrainabilitySpec, train_rows

from ..capacity import Capacity, RunLimiter
from ..http_jobs import hold, through_lane
from ..protocol import dumps, field_errors
from ..sweep_schemas import SweepRequest, TrainabilityRequest, sweep_limit_errors, trainability_limit_errors
from ..sweep_stream import map_lines

router = APIRouter(prefix="/api/v1", tags=["maps"])
NDJSON = "application/x-ndjson"
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {NDJSON: {}}, "description": "NDJSON lines: meta, then level and tile lines, then done"},
    400: {"description": "The body could not be read (not UTF-8 JSON)"},
    413: {"description": "Request body too large"},
    422: {"description": "Invalid request or over a server limit; `detail` names each field and limit"},
    429: {"description": "This server is computing its maximum number of maps; try again shortly"},
}


class _Released:
    """The map's lines; what it holds is released exactly once: at the end, on close, or when dropped unstarted."""

    def __init__(self, make: Any, releases: list[Callable[[], None]]) -> None:
        self.releases, self.open = releases, True
        self.lines = make(self.release)

    def release(self) -> None:
        if self.open:
            self.open = False
            for release in self.releases:
                release()

    def __iter__(self) -> _Released:
        return self

    def __next__(self) -> bytes:
        line: bytes = next(self.lines)
        return line

    def close(self) -> None:
        self.lines.close()
        self.release()

    def __del__(self) -> None:
        self.release()


def _limiter(request: Request, settings: Settings) -> RunLimiter:
    state = request.app.state
    if getattr(state, "sweep_limiter", None) is None:
        state.sweep_limiter = RunLimiter(settings.max_concurrent_sweeps)
    limiter: RunLimiter = state.sweep_limiter
    return limiter


def _refuse(status: int, detail: list[dict[str, Any]], headers: dict[str, str] | None = None) -> Response:
    return Response(dumps({"detail": detail}), status_code=status, media_type="application/json", headers=headers)


def _busy(settings: Settings) -> Response:
    return _refuse(429, [{"loc": ["body"], "type": "busy", "name": "max_concurrent_sweeps",
                          "limit": settings.max_concurrent_sweeps,
                          "msg": f"this server computes at most {settings.max_concurrent_sweeps} map(s) at once "
                                 "(max_concurrent_sweeps); try again shortly"}], {"Retry-After": "2"})


def _stream(request: Request, settings: Settings, errors: list[dict[str, Any]], build: Any) -> Response:
    """422 for limits, 429 when the process is computing its maps already or is at its HTTP runs' cap, else the
    map's NDJSON lines, computed in the training lane; build(release) makes the line generator, which calls
    release when it ends."""
    if errors:
        return _refuse(422, field_errors(errors))
    limiter = _limiter(request, settings)
    if not limiter.try_acquire():
        return _busy(settings)
    capacity: Capacity = request.app.state.capacity
    try:
        release = hold(capacity, 1, 0)
    except HTTPException as e:
        limiter.release()
        return _refuse(429, [{"loc": ["body"], "type": "busy", "msg": e.detail}],
                       dict(e.headers) if e.headers else None)
    lines = _Released(build, [limiter.release, release])
    return StreamingResponse(through_lane(capacity, True, lines), media_type=NDJSON,
                             headers={"Cache-Control": "no-store"})


@router.post("/sweeps", summary="A sweep map: a grid of descent runs, each cell coloured by its outcome",
             responses=RESPONSES, response_class=StreamingResponse)
def sweep(req: SweepRequest, request: Request) -> Response:
    """Runs every cell of an n × n grid of settings at once and streams the map coarse to fine (32², 64², ...).

    Each cell is exactly the single run with that setting (same bound, tolerance and steps): `reason` 0 converged
    (‖∇f‖ < grad_tol) at step k, 1 diverged (left the box 10× the view) at step k, 2 completed the steps without
    converging; `minimum` is the index of the known minimum its end point lies within 1 % of the view of, or −1.
    """
    settings: Settings = request.app.state.settings
    spec = req.spec()
    s = SURFACES[req.surface]
    meta = {"kind": "sweep", "request": req.model_dump(mode="json"), "outcomes": OUTCOMES, "bound": spec.bound,
            "axes": {"x": "start_x" if req.axes == "start" else "lr",
                     "y": {"lr_momentum": SECOND_KNOB.get(req.optimizer.name), "lr_steps": "steps",
                           "start": "start_y"}[req.axes]},
            "x_log": req.axes != "start", "minima": s.minima, "view": s.view, "start": spec.start_point,
            "lr": spec.fixed_lr}
    on_cluster = settings.dask_scheduler if req.work() > settings.max_sweep_cell_steps else None
    return _stream(request, settings, sweep_limit_errors(req, settings),
                   lambda done: map_lines(meta, spec, req.levels(), run_rows, spec.axis_values, scheduler=on_cluster,
                                          wall_seconds=settings.run_wall_seconds, on_close=done))


TRAIN_TILE_CELLS = 4_096  # a tile's activations are cells × 8 × 8 floats


@router.post("/trainability", summary="The trainability boundary of a tiny network: η₁ × η₂, a training per cell",
             responses=RESPONSES, response_class=StreamingResponse)
def trainability(req: TrainabilityRequest, request: Request) -> Response:
    """Trains a tiny tanh network (8 points, 8 inputs, 8 hidden units, MSE, full batch) once per cell of an n × n
    grid of per-layer learning rates, all cells at once, and streams the map coarse to fine.

    `reason` 0: the loss fell below 10⁻³ of its start at step k; 1: it rose above 10⁴ times its start (or
    overflowed) at step k; 2: still training after the steps, `loss` is where it ended (as a fraction of the start).
    Zoom by asking again with a smaller window: the boundary keeps its structure at every scale.
    """
    settings: Settings = request.app.state.settings
    spec = TrainabilitySpec(lr1_range=req.lr1_range, lr2_range=req.lr2_range, n=req.n, steps=req.steps)
    meta = {"kind": "trainability", "request": req.model_dump(mode="json"), "outcomes": OUTCOMES,
            "axes": {"x": "lr1", "y": "lr2"}, "x_log": True,
            "net": {"points": N_POINTS, "inputs": DIM, "hidden": HIDDEN, "activation": "tanh", "loss": "mse"},
            "thresholds": {"converged": CONVERGED, "diverged": DIVERGED}}
    return _stream(request, settings, trainability_limit_errors(req, settings),
                   lambda done: map_lines(meta, spec, req.levels(), train_rows, spec.axis_values, scheduler=None,
                                          wall_seconds=settings.run_wall_seconds, tile_cells=TRAIN_TILE_CELLS,
                                          on_close=done))
