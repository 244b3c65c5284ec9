"""The run stream, `/ws/run` (protocol version 1, see app.web.protocol)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket

from app.config import Settings

from ..protocol import dumps, error_body, message
from ..sessions import RunSession

router = APIRouter()


def origin_allowed(origin: str | None, host: str | None, settings: Settings) -> bool:
    """A browser's `Origin` may open the socket when it is this site, a CORS origin or an embed origin.

    With CORS open to every origin ("*", the default) every page may; clients that send no Origin (scripts,
    the CLI) are not browsers acting for a visitor and may too."""
    if origin is None or "*" in settings.cors_origins:
        return True
    allowed = {o.rstrip("/") for o in (*settings.cors_origins, *settings.embed_origins) if o != "*"}
    return origin.rstrip("/") in allowed or (host is not None and urlsplit(origin).netloc == host)


@router.websocket("/ws/run")
async def ws_run(websocket: WebSocket) -> None:
    """Accept, then serve `start`/`pause`/`resume`/`step`/`stop`/`speed` until the client leaves."""
    settings: Settings = websocket.app.state.settings
    if not origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host"), settings):
        await websocket.close(1008, "origin not allowed")  # before accepting: the handshake gets 403
        return
    capacity = websocket.app.state.capacity
    client = websocket.client.host if websocket.client else "?"
    # with the operator's health details on, the handshake names the worker process: a load test sees the spread
    await websocket.accept(headers=[(b"x-descent-lab-worker", str(os.getpid()).encode())]
                           if settings.health_details else None)
    refused = capacity.sockets.refusal(client)
    if refused is not None:  # accepted first, so the page can tell "busy" from "down"
        await websocket.send_text(dumps(message("error", None, 1, **error_body(
            "busy", f"The server has too many open connections ({refused} = {getattr(settings, refused)}); "
                    "try again in a moment."))).decode())
        await websocket.close(1013, "too many connections; try again later")
        return
    capacity.sockets.add(client)
    try:
        await RunSession(websocket, settings, capacity).serve()
    finally:
        capacity.sockets.remove(client)
