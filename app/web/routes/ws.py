"""The run stream, `/ws/run` (protocol version 1, see app.web.protocol)."""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

from ..protocol import dumps, error_body, message
from ..runner import Capacity
from ..sessions import RunSession

router = APIRouter()


@router.websocket("/ws/run")
async def ws_run(websocket: WebSocket) -> None:
    """Accept, then serve `start`/`pause`/`resume`/`step`/`stop`/`speed` until the client leaves."""
    state = websocket.app.state
    await websocket.accept()
    if state.sockets >= state.settings.max_sockets:  # accepted first, so the page can tell "busy" from "down"
        await websocket.send_text(dumps(message("error", None, 1, **error_body(
            "busy", "The server has too many open connections; try again in a moment."))).decode())
        await websocket.close(1013, "too many connections; try again later")
        return
    state.sockets += 1
    try:
        capacity = Capacity(state.limiter, state.train_limiter, state.heavy_lane, state.sends, state.light_lane)
        await RunSession(websocket, state.settings, capacity).serve()
    finally:
        state.sockets -= 1
