"""The FastAPI application: `create_app(settings)`, and `app` for uvicorn."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from app import __version__
from app.config import Settings, get_settings
from app.web.limits import BodySizeLimit
from app.web.protocol import dumps, field_errors
from app.web.routes import api, lessons, pages, plan, ws
from app.web.runlog import configure_run_log
from app.web.runner import RunLimiter, SendGauge
from app.web.security import SecurityHeaders

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
    for name in ("ModelConfig", "GradientTiming"):
        if name in comps:
            hidden = comps[name]["properties"]["hidden"]
            items = hidden["anyOf"][0]["items"] if "anyOf" in hidden else hidden["items"]
            items["maximum"] = settings.max_hidden_units
    if "TrainRun" in comps:
        comps["TrainRun"]["properties"]["epochs"]["anyOf"][0]["maximum"] = settings.max_epochs
    if "CompareRequest" in comps:
        comps["CompareRequest"]["properties"]["runs"]["maxItems"] = settings.max_compare_runs
    for path, item in schema.get("paths", {}).items():
        for param in item.get("get", {}).get("parameters", []):
            if path.endswith("/grid") and param["name"] == "n":
                param["schema"]["maximum"] = settings.max_grid
    return schema


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app with its settings, run limiter and routes."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Descent Lab", version=__version__, docs_url=None,
        description="Gradient descent on 2D loss surfaces and small networks, step by step. "
                    "The same run configuration drives `POST /api/v1/runs` and the WebSocket `/ws/run`.",
    )
    app.state.settings = settings
    configure_run_log(enabled=settings.log_runs)
    app.state.limiter = RunLimiter(settings.max_concurrent_runs)
    app.state.train_limiter = RunLimiter(settings.max_concurrent_trainings)
    app.state.heavy_lane = asyncio.Semaphore(1)  # see Capacity.lane
    app.state.sends = SendGauge()
    app.state.light_lane = asyncio.Semaphore(2)  # see Capacity.light_lane
    app.state.sockets = 0
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_message_bytes)
    app.add_middleware(SecurityHeaders, embed_origins=settings.embed_origins)
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=False,
                       allow_methods=["GET", "POST"], allow_headers=["*"])
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        """422 naming each bad field; the offending input is not echoed (it may be NaN or huge)."""
        return Response(dumps({"detail": field_errors(list(exc.errors()))}), status_code=422,
                        media_type="application/json")

    app.include_router(api.router)
    app.include_router(lessons.router)
    app.include_router(plan.router)
    app.include_router(ws.router)
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

    @app.get("/healthz", tags=["health"], summary="Liveness and load")
    async def healthz() -> dict[str, Any]:
        """Liveness, and what this process holds: runs, sockets, threads, asyncio tasks, resident memory."""
        return {"status": "ok", "version": __version__, "active_runs": app.state.limiter.active,
                "active_trainings": app.state.train_limiter.active,
                "sockets": app.state.sockets, "sends_in_flight": app.state.sends.in_flight,
                "send_timeouts": app.state.sends.timeouts,
                "threads": threading.active_count(),
                "tasks": len(asyncio.all_tasks()), "rss_kb": resident_kb()}

    return app


app = create_app()
