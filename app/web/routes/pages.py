"""HTML pages: the simulator (`/`) with its boot data inlined as JSON (no inline script)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from app import __version__
from app.i18n import LANGUAGES, strings
from app.lessons import lessons

from ..catalog import catalog_body
from ..protocol import dumps

ROOT = Path(__file__).resolve().parents[3]
templates = Jinja2Templates(directory=ROOT / "templates")
router = APIRouter(include_in_schema=False)


QVALUE = re.compile(r"0(\.[0-9]{0,3})?|1(\.0{0,3})?")


def accepted_languages(header: str) -> list[str]:
    """The primary language codes of an Accept-Language header, most preferred first (by q, then by order);
    q = 0 means "not this one"."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")[:20]):
        tag, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                q = float(value) if QVALUE.fullmatch(value.strip()) else 0.0  # RFC 9110 qvalue
        if tag and 0.0 < q <= 1.0:
            ranked.append((-q, i, tag.lower().split("-")[0]))
    return [code for _, _, code in sorted(ranked)]


def pick_language(request: Request, lang: str | None) -> str:
    """`?lang=` first, then the browser's Accept-Language (by q-value), then Korean (the course's language)."""
    if lang in LANGUAGES:
        return lang
    for code in accepted_languages(request.headers.get("accept-language", "")):
        if code in LANGUAGES:
            return code
    return "ko"


# the strings each page shows (the server's own sentences, like diagnoses, arrive already translated)
SIMULATOR_STRINGS = ("ui.", "verdict.", "train.ui.nav.", "error.")
TRAIN_STRINGS = ("ui.", "verdict.", "train.ui.", "error.")
SWEEP_STRINGS = ("ui.", "sweep.ui.", "train.ui.nav.", "error.")


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
        "lang": chosen, "t": strings(chosen), "boot": dumps(boot).decode(), "version": __version__,
        "embedded": bool(boot_extra.get("embedded"))})


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def index(request: Request, lang: Lang = None) -> HTMLResponse:
    """The simulator: gradient descent on 2D loss surfaces, live."""
    return render(request, "index.html", lang)


def train_lesson(key: str | None) -> bool:
    """Whether `key` names a lesson that opens the training view."""
    return any(entry["key"] == key and entry["view"] == "train" for entry in lessons())


@router.api_route("/embed", methods=["GET", "HEAD"], response_class=HTMLResponse)
def embed(request: Request, lang: Lang = None, page: Annotated[str | None, Query(max_length=8)] = None,
          lesson: Annotated[str | None, Query(max_length=40)] = None) -> HTMLResponse:
    """The simulator for an iframe: configured by the query (the permalink's keys), `hide=`, `autoplay`, `theme`.
    `page=train`, or a training lesson, gives the training view for an iframe (as /embed/train)."""
    if page == "train" or train_lesson(lesson):
        return embed_train(request, lang)
    return render(request, "embed.html", lang, embed_origins=request.app.state.settings.embed_origins)


@router.api_route("/embed/train", methods=["GET", "HEAD"], response_class=HTMLResponse)
def embed_train(request: Request, lang: Lang = None) -> HTMLResponse:
    """/train for an iframe: the same query keys, plus the embed's `hide=` parts, `theme` and postMessage API."""
    return render(request, "train.html", lang, TRAIN_STRINGS, embedded=True,
                  embed_origins=request.app.state.settings.embed_origins)


@router.api_route("/train", methods=["GET", "HEAD"], response_class=HTMLResponse)
def train_page(request: Request, lang: Lang = None) -> HTMLResponse:
    """The "Train a network" view: epochs, batch size, iterations and learning rate, live."""
    return render(request, "train.html", lang, TRAIN_STRINGS)


@router.get("/sweep", response_class=HTMLResponse)
def sweep_page(request: Request, lang: Lang = None) -> HTMLResponse:
    """Sweep maps: a grid of runs coloured by how each ended, streamed coarse to fine; the trainability map."""
    return render(request, "sweep.html", lang, SWEEP_STRINGS)


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(ROOT / "static" / "favicon.svg", media_type="image/svg+xml")
