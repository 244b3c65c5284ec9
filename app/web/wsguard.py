"""WebSocket limits the app enforces itself, whatever command started the server (`descent-lab` or `uvicorn
app.main:app`): the largest incoming message, set on the connection before its first frame is read, and a way to
abort the connection of a client that stopped reading (its close frame could never be flushed).

ASGI does not expose the connection; uvicorn's protocols are the `send` callable's owner, so the guard reaches
them there, and does nothing under a server it does not recognise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

ABORT_KEY = "descent_lab.abort"


def _limit_size(proto: Any, max_bytes: int) -> None:
    conn = getattr(proto, "conn", None)
    if conn is not None and hasattr(conn, "max_message_size"):  # websockets' sans-I/O protocol (uvicorn default)
        conn.max_message_size = max_bytes
    if isinstance(getattr(proto, "max_size", None), int):  # websockets' legacy protocol
        proto.max_size = max_bytes
    config = getattr(proto, "config", None)
    if config is not None and hasattr(config, "ws_max_size"):  # wsproto reads it per frame; and new connections
        config.ws_max_size = min(config.ws_max_size, max_bytes)


def _aborter(proto: Any) -> Callable[[], None]:
    def abort() -> None:
        transport = getattr(proto, "transport", None)
        if transport is not None:
            transport.abort()
    return abort


def abort_of(scope: Scope) -> Callable[[], None]:
    """The connection's abort (drop it without a closing handshake); a no-op when unknown."""
    return scope.get(ABORT_KEY) or (lambda: None)


class WebSocketGuard:
    """Outermost middleware: caps incoming WebSocket messages at `max_bytes` and records the abort."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            proto = getattr(send, "__self__", None)
            if proto is not None:
                _limit_size(proto, self.max_bytes)
                scope[ABORT_KEY] = _aborter(proto)
        await self.app(scope, receive, send)
