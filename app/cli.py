"""`descent-lab`: serve the app (default, or `serve`), or `run` one configuration and write JSON, CSV or SVG."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


def run_options() -> dict[str, str]:
    """The permalink's keys as `run` options, with their help from the registries (keys and English names):
    --surface bowl --start=-3,4 --lr 0.1 --vary lr --values 0.1,10,1e-10; --f 'x^2/20 + y^2' is your own surface."""
    from app.core.registry import CONVENTIONS, DESCENT_GRADIENTS, OPTIMIZERS, SCHEDULES, SURFACE_REGISTRY
    from app.web.permalink import OPTIMIZER_PARAMS, SCHEDULE_PARAMS, VARY_KEYS
    from app.web.registry_fields import doc

    def keys(registry: Any) -> str:
        return ", ".join(registry)

    return {
        "surface": f"surface key ({keys(SURFACE_REGISTRY)})",
        "f": "your own surface f(x, y), e.g. 'x^2/20 + y^2' (sets --surface custom)",
        "view": "view box of --f: x_min,x_max,y_min,y_max (write --view=-5,5,-5,5)",
        "start": "start point x,y (write --start=-3,4 for negative numbers)",
        "opt": f"optimizer key ({keys(OPTIMIZERS)})", "lr": "learning rate η",
        **{k: doc(k) for k in OPTIMIZER_PARAMS},
        "conv": " or ".join(CONVENTIONS), "sched": f"learning-rate schedule ({keys(SCHEDULES)})",
        **{k: doc(k) for k in SCHEDULE_PARAMS},
        "grad": f"gradient ({keys(DESCENT_GRADIENTS)})", "h": "difference step",
        "steps": "number of updates", "vary": f"compare: {', '.join(VARY_KEYS)}", "values": "compare: v1,v2,...",
    }


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Cap glibc's malloc arenas (as MALLOC_ARENA_MAX does): with one arena per worker thread, freed run buffers
    stay mapped and resident memory only grows across rounds of large runs. Also exported for worker processes."""
    os.environ.setdefault("MALLOC_ARENA_MAX", str(arenas))
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-8, int(os.environ["MALLOC_ARENA_MAX"]))  # M_ARENA_MAX = -8
    except (OSError, AttributeError, ValueError):  # not glibc: its allocator has its own policy
        pass


def serve(args: argparse.Namespace) -> None:
    # one BLAS thread per process: small matrix products get much slower when threads fight over 2 cores
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    limit_malloc_arenas()
    import uvicorn

    from app.config import get_settings

    settings = get_settings()
    # on SIGTERM, requests still running after shutdown_seconds are cancelled (their runs stop at once);
    # no per-message deflate: compressing every steps frame on the event loop cost a fifth of its time in a burst
    uvicorn.run("app.main:app", host=args.host, port=args.port, workers=args.workers, log_level=args.log_level,
                ws_max_size=settings.max_message_bytes, ws_ping_interval=20.0, ws_ping_timeout=20.0,
                ws_per_message_deflate=settings.ws_compression,
                timeout_graceful_shutdown=settings.shutdown_seconds)  # type: ignore[arg-type]  # a float works


def run(args: argparse.Namespace) -> int:
    """Run the configuration the options (or --config FILE) describe; exit 2 with the field named if invalid."""
    from pydantic import ValidationError

    from app.config import get_settings
    from app.web.export import result_csv
    from app.web.figure import render_svg
    from app.web.formula_fields import surface_of
    from app.web.permalink import QueryError, configs_from_query
    from app.web.protocol import describe, dumps, field_errors
    from app.web.runner import run_result
    from app.web.schemas import DescentRun, limit_errors

    settings = get_settings()
    try:
        if args.config:
            raw: Any = json.loads(Path(args.config).read_text(encoding="utf-8"))
            configs = raw.get("runs", [raw]) if isinstance(raw, dict) else raw
        else:
            query = {k: str(getattr(args, k)) for k in run_options() if getattr(args, k) is not None}
            configs = configs_from_query(query)
        runs = [DescentRun.model_validate(c) for c in configs]
    except ValidationError as e:
        print(f"descent-lab run: {describe(field_errors(e.errors()), paths=True)}", file=sys.stderr)
        return 2
    except (QueryError, ValueError, OSError) as e:
        print(f"descent-lab run: {e}", file=sys.stderr)
        return 2
    errors = [e for r in runs for e in limit_errors(r, settings)]
    if errors:
        print(f"descent-lab run: {describe(errors, paths=True)}", file=sys.stderr)
        return 2
    results = [run_result(r, r.id or f"r{i + 1}", settings) for i, r in enumerate(runs)]
    if args.format == "csv":
        text = result_csv(results)
    elif args.format == "svg":
        values = (args.values or "").split(",")
        labels = ([f"{args.vary} = {v}" for v in values] if args.vary and len(values) == len(results)
                  else [r["run_id"] for r in results])
        text = render_svg(surface_of(runs[0]), results, labels, args.lang)
    else:
        text = dumps(results[0] if len(results) == 1 else {"runs": results}).decode() + "\n"
    if args.output and args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="descent-lab", description="Descent Lab: watch gradient descent learn.")
    sub = parser.add_subparsers(dest="command")
    serve_p = sub.add_parser("serve", help="serve the web app (the default)")
    for p in (parser, serve_p):
        p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
        p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    run_p = sub.add_parser("run", help="run a configuration and write JSON, CSV or SVG")
    for key, doc in run_options().items():
        run_p.add_argument(f"--{key.replace('_', '-')}", dest=key, help=doc)
    run_p.add_argument("--config", help="a JSON file: one run configuration, a list, or {\"runs\": [...]}")
    run_p.add_argument("--format", choices=["json", "csv", "svg"], default="json")
    run_p.add_argument("--lang", choices=["ko", "en"], default="en", help="language of the SVG's text")
    run_p.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    if args.command == "run":
        sys.exit(run(args))
    serve(args)


if __name__ == "__main__":
    main()
