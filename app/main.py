"""The FastAPI application: `create_app(settings)`, and `app` for uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import __version__
from app.config import Settings, get_settings
from app.core.datasets import load
from app.core.runs import descent_run, judge, take
from app.web.capacity import Capacity
from app.web.limits import BodySizeLimit
from app.web.messages import localize
from app.web.protocol import dumps, field_errors, to_spec
from app.web.routes import api, data, lesson_tools, lessons, pages, plan, sweeps, ws
from app.web.runlog import configure_run_log
from app.web.schemas import DescentRun
from app.web.security import SecurityHeaders
from app.web.sentences import diagnosis_body
from app.web.wsguard import WebSocketGuard

ROOT = Path(__file__).resolve().parents[1]


def resident_kb() -> int | None:
    """Resident memory of this process in KiB (Linux), for leak checks; None elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    except (OSError, StopIteration, ValueError):
        return None


def document_limits(schema: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Write the server's limits into the schema, so a schema-valid request is never refused for a limit."""
    comps = schema.get("components", {}).get("schemas", {})
    if "DescentRun" in comps:
        comps["DescentRun"]["properties"]["steps"]["maximum"] = settings.max_steps
        comps["DescentRun"]["properties"]["f"]["anyOf"][0]["maxLength"] = settings.max_formula_chars
    for name in ("ModelConfig", "GradientTiming"):
        if name in comps:
            hidden = comps[name]["properties"]["hidden"]
            items = hidden["anyOf"][0]["items"] if "anyOf" in hidden else hidden["items"]
            items["maximum"] = settings.max_hidden_units
    if "TrainRun" in comps:
        comps["TrainRun"]["properties"]["epochs"]["anyOf"][0]["maximum"] = settings.max_epochs
    for name, side, steps in (("SweepRequest", settings.max_sweep_side, settings.max_sweep_steps),
                              ("TrainabilityRequest", settings.max_trainability_side, settings.max_trainability_steps)):
        if name in comps:
            comps[name]["properties"]["n"]["maximum"] = side
            comps[name]["properties"]["steps"]["maximum"] = steps
    if "CompareRequest" in comps:
        comps["CompareRequest"]["properties"]["runs"]["maxItems"] = settings.max_compare_runs
    for path, item in schema.get("paths", {}).items():
        for param in item.get("get", {}).get("parameters", []):
            if path.endswith("/grid") and param["name"] == "n":
                param["schema"]["maximum"] = settings.max_grid
            if path.endswith("/grid") and param["name"] == "f":
                param["schema"].get("anyOf", [param["schema"]])[0]["maxLength"] = settings.max_formula_chars
    return schema


def warm_up(done: threading.Event) -> None:
    """Load what the first class's first trainings need (the digits and their library, ~2 s of imports) as soon
    as the server starts, and judge one short descent (the diagnosis's modules and numpy's first calls): otherwise
    the first `start` pays it while 200 others wait."""
    with contextlib.suppress(Exception):
        load("digits", seed=0)
    with contextlib.suppress(Exception):
        spec = to_spec(DescentRun(steps=20))
        cols, finished = take(descent_run(spec), 100)
        if finished is not None:
            diagnosis_body(judge(spec, cols, finished))
    tune_gc()  # what warming up loaded moves out of the collector's reach too
    done.set()


GC_THRESHOLDS = (700, 10, 1_000)  # a full collection after 1,000 middle ones (CPython's default: 10)


def tune_gc() -> None:
    """Keep the garbage collector's full collections rare and short: in one, no thread runs, not even the event
    loop.

    Every object alive now (modules, classes, the loaded data: about 200,000) moves out of the collector's reach
    (gc.freeze): a full collection walked them all, 0.2–0.7 s on this machine under load. The runs' records are
    long lists (of untracked tuples and floats), and a full collection visits every item of every list: with the
    default thresholds one came every ~35,000 descent steps of all runs together, 13 of them (0.7 s at most) in
    six 100,000-step runs; with a full collection only after 1,000 middle ones there were none (bench figures in
    the README). Cycles still die in the young collections, which stay as they were."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    tune_gc()
    if app.state.settings.warm_up:  # in the background: the server answers at once
        threading.Thread(target=warm_up, args=(app.state.warm,), name="warm-up", daemon=True).start()
        await run_in_threadpool(lambda: None)  # the worker-thread backend is imported and started before a burst
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app with its settings, run limiter and routes."""
    settings = settings or get_settings()
    app = FastAPI(lifespan=lifespan,
        title="Descent Lab", version=__version__, docs_url=None, redoc_url=None, redirect_slashes=False,
        description="Gradient descent on 2D loss surfaces and small networks, step by step. "
                    "The same run configuration drives `POST /api/v1/runs` and the WebSocket `/ws/run`.",
    )
    app.state.settings = settings
    # a worker thread computing a chunk holds the interpreter for up to this long each time the event loop wants it
    # back (after every socket read or write): shorter turns answer sockets and /healthz sooner in a burst
    sys.setswitchinterval(settings.switch_interval_ms / 1000)
    configure_run_log(enabled=settings.log_runs)
    app.state.capacity = Capacity(settings)
    app.state.warm = threading.Event()
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_message_bytes,
                       per_path={data.CSV_PATH: settings.max_upload_bytes})
    app.add_middleware(SecurityHeaders, embed_origins=settings.embed_origins)
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=False,
                       allow_methods=["GET", "POST"], allow_headers=["*"])
    app.add_middleware(WebSocketGuard, max_bytes=settings.max_message_bytes)  # outermost: sees the connection
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        """422 naming each bad field; the offending input is not echoed (it may be NaN or huge)."""
        return Response(dumps({"detail": localize(field_errors(list(exc.errors())))}), status_code=422,
                        media_type="application/json")

    @app.exception_handler(StarletteHTTPException)
    async def refused(request: Request, exc: StarletteHTTPException) -> Response:
        """A refusal with field errors gets them in people's words; any other keeps FastAPI's answer."""
        if isinstance(exc.detail, list):
            return Response(dumps({"detail": localize(exc.detail)}), status_code=exc.status_code,
                            headers=exc.headers, media_type="application/json")
        return await http_exception_handler(request, exc)

    # /healthz and the WebSocket first: routes are matched in order, and each included router costs a scan of its
    # routes per request (a tenth of the event loop's time in a burst went to matching /ws/run behind five routers)
    @app.get("/healthz", tags=["health"], summary="Liveness (and load, when the operator turns it on)")
    async def healthz() -> dict[str, Any]:
        """Liveness. With `DESCENT_LAB_HEALTH_DETAILS=true` also what this process holds: runs, sockets, threads,
        asyncio tasks, resident memory, the version and the worker's process id."""
        if not settings.health_details:
            return {"status": "ok"}
        return {"status": "ok", "version": __version__, "pid": os.getpid(), **app.state.capacity.health(),
                "threads": threading.active_count(), "tasks": len(asyncio.all_tasks()), "rss_kb": resident_kb(),
                "warmed_up": app.state.warm.is_set()}

    app.include_router(ws.router)
    app.include_router(api.router)
    app.include_router(data.router)
    app.include_router(lessons.router)
    app.include_router(plan.router)
    app.include_router(sweeps.router)
    app.include_router(lesson_tools.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=ROOT / "static"), name="static")

    def openapi() -> dict[str, Any]:
        """The OpenAPI schema with this server's limits as the documented maxima."""
        if app.openapi_schema is None:
            app.openapi_schema = document_limits(get_openapi(title=app.title, version=app.version,
                                                             description=app.description, routes=app.routes),
                                                 settings)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """The API explorer, from vendored files: it works offline too."""
        return get_swagger_ui_html(openapi_url="/openapi.json", title="Descent Lab — API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    return app


app = create_app()
