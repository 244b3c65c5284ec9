"""`descent-lab`: serve the app (default) with uvicorn."""

from __future__ import annotations

import argparse
import os


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="descent-lab", description="Descent Lab: watch gradient descent learn.")
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="serve the web app (the default)")
    for p in (parser, serve):
        p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
        p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    args = parser.parse_args(argv)
    # one BLAS thread per process: small matrix products get much slower when threads fight over 2 cores
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import uvicorn

    from app.config import get_settings

    uvicorn.run("app.main:app", host=args.host, port=args.port, workers=args.workers, log_level=args.log_level,
                ws_max_size=get_settings().max_message_bytes, ws_ping_interval=20.0, ws_ping_timeout=20.0)


if __name__ == "__main__":
    main()
