"""The run stream, `/ws/run` (protocol version 1, see app.web.protocol)."""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

from ..runner import Capacity
from ..sessions import RunSession

router = APIRouter()


@router.websocket("/ws/run")
async def ws_run(websocket: WebSocket) -> None:
    """Accept, then serve `start`/`pause`/`resume`/`step`/`stop`/`speed` until the client leaves."""
    state = websocket.app.state
    if state.sockets >= state.settings.max_sockets:
        await websocket.close(1013, "too many connections; try again later")
        return
    await websocket.accept()
    state.sockets += 1
    try:
        capacity = Capacity(state.limiter, state.train_limiter, state.heavy_lane)
        await RunSession(websocket, state.settings, capacity).serve()
    finally:
        state.sockets -= 1
