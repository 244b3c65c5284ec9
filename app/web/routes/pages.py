"""HTML pages: the simulator (`/`) with its boot data inlined as JSON (no inline script)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from app import __version__
from app.i18n import LANGUAGES, strings

from ..protocol import dumps
from .api import catalog_body

ROOT = Path(__file__).resolve().parents[3]
templates = Jinja2Templates(directory=ROOT / "templates")
router = APIRouter(include_in_schema=False)


def pick_language(request: Request, lang: str | None) -> str:
    """`?lang=` first, then the browser's Accept-Language, then Korean (the course's language)."""
    if lang in LANGUAGES:
        return lang
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "ko"


SERVER_ONLY = ("diagnosis.", "training.diagnosis.", "training.held.", "datasets.unavailable.")


def page_strings(code: str) -> dict[str, str]:
    """The strings a page shows; the server's own sentences (diagnoses) arrive already translated."""
    return {k: v for k, v in strings(code).items() if not k.startswith(SERVER_ONLY)}


def boot_data(request: Request, lang: str) -> dict[str, Any]:
    return {"lang": lang, "languages": list(LANGUAGES), "catalog": catalog_body(request.app.state.settings),
            "strings": {code: page_strings(code) for code in LANGUAGES}, "version": __version__}


@router.get("/", response_class=HTMLResponse)
def index(request: Request, lang: Annotated[str | None, Query(max_length=8)] = None) -> HTMLResponse:
    chosen = pick_language(request, lang)
    return templates.TemplateResponse(request, "index.html", {
        "lang": chosen, "t": strings(chosen), "boot": dumps(boot_data(request, chosen)).decode(),
        "version": __version__})


@router.get("/embed", response_class=HTMLResponse)
def embed(request: Request, lang: Annotated[str | None, Query(max_length=8)] = None) -> HTMLResponse:
    """The simulator for an iframe: configured by the query (the permalink's keys), `hide=`, `autoplay`, `theme`."""
    chosen = pick_language(request, lang)
    boot = boot_data(request, chosen)
    boot["embed_origins"] = request.app.state.settings.embed_origins
    return templates.TemplateResponse(request, "embed.html", {
        "lang": chosen, "t": strings(chosen), "boot": dumps(boot).decode(), "version": __version__})


@router.get("/train", response_class=HTMLResponse)
def train_page(request: Request, lang: Annotated[str | None, Query(max_length=8)] = None) -> HTMLResponse:
    """The "Train a network" view: epochs, batch size, iterations and learning rate, live."""
    chosen = pick_language(request, lang)
    return templates.TemplateResponse(request, "train.html", {
        "lang": chosen, "t": strings(chosen), "boot": dumps(boot_data(request, chosen)).decode(),
        "version": __version__})


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(ROOT / "static" / "favicon.svg", media_type="image/svg+xml")
