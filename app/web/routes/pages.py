"""HTML pages: the simulator (`/`) with its boot data inlined as JSON (no inline script)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from app import __version__
from app.i18n import LANGUAGES, strings

from ..catalog import catalog_body
from ..protocol import dumps

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


# the strings each page shows (the server's own sentences, like diagnoses, arrive already translated)
SIMULATOR_STRINGS = ("ui.", "verdict.", "train.ui.nav.")
TRAIN_STRINGS = ("ui.", "verdict.", "train.ui.")


def page_strings(code: str, prefixes: tuple[str, ...]) -> dict[str, str]:
    return {k: v for k, v in strings(code).items() if k.startswith(prefixes)}


def boot_data(request: Request, lang: str, prefixes: tuple[str, ...] = SIMULATOR_STRINGS) -> dict[str, Any]:
    return {"lang": lang, "languages": list(LANGUAGES), "catalog": catalog_body(request.app.state.settings),
            "strings": {code: page_strings(code, prefixes) for code in LANGUAGES}, "version": __version__}


Lang = Annotated[str | None, Query(max_length=8, description="ko or en (default: the browser's language)")]


def render(request: Request, template: str, lang: str | None, prefixes: tuple[str, ...] = SIMULATOR_STRINGS,
           **boot_extra: Any) -> HTMLResponse:
    """A page in the chosen language, its boot data (catalog, strings, extras) inlined as JSON."""
    chosen = pick_language(request, lang)
    boot = {**boot_data(request, chosen, prefixes), **boot_extra}
    return templates.TemplateResponse(request, template, {
        "lang": chosen, "t": strings(chosen), "boot": dumps(boot).decode(), "version": __version__})


@router.get("/", response_class=HTMLResponse)
def index(request: Request, lang: Lang = None) -> HTMLResponse:
    """The simulator: gradient descent on 2D loss surfaces, live."""
    return render(request, "index.html", lang)


@router.get("/embed", response_class=HTMLResponse)
def embed(request: Request, lang: Lang = None) -> HTMLResponse:
    """The simulator for an iframe: configured by the query (the permalink's keys), `hide=`, `autoplay`, `theme`."""
    return render(request, "embed.html", lang, embed_origins=request.app.state.settings.embed_origins)


@router.get("/train", response_class=HTMLResponse)
def train_page(request: Request, lang: Lang = None) -> HTMLResponse:
    """The "Train a network" view: epochs, batch size, iterations and learning rate, live."""
    return render(request, "train.html", lang, TRAIN_STRINGS)


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(ROOT / "static" / "favicon.svg", media_type="image/svg+xml")
