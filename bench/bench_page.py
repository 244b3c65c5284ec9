"""Benchmark the simulator page in headless Chromium (Playwright, system /usr/bin/chromium).

Prints figures, asserts nothing:
  1. Start -> first step drawn (ms), measured inside the page (click handler to end of the draw), median of N.
  2. A 10,000-step run at speed "max": time to stream and draw it completely, the longest animation frame
     (gap between requestAnimationFrame callbacks), long tasks (> 50 ms, PerformanceObserver) and the page's own
     longest draw; medians over N runs.
  3. Page weight: what a fresh load fetches, ours (HTML, JS modules, CSS) and vendored listed separately.
  4. /train with the network view: a 784-100-10 net on mnist5k (else 64-100-10 on digits) at speed "max": the
     longest animation frame, long tasks (> 50 ms) and the network view's longest draw during training, then the
     median of 40 whole redraws (weight images and test image repainted) after it; medians over N runs. Then the
     long tasks by source: each put on the timed piece of the page (static/js/shared/spans.js: a view's draw, the
     socket's messages), on the browser's style/layout/paint/commit or on "other", whichever took most of it; and,
     from a Chromium trace, how much CPU time the page's main thread got inside each long task (a 200 ms task with
     10 ms of CPU time was waiting for a core on a loaded machine, not drawing). The load average is printed.

    python bench/bench_page.py [--url http://127.0.0.1:8123] [--runs 5] [--only network]

Without --url it starts its own uvicorn on a free port of 127.0.0.1.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pathlib
import statistics
import sys
import time
from collections import Counter
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import app_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY = "() => document.getElementById('map').dataset.ready === '1'"

FRAME_PROBE = """() => {
  const probe = { gaps: [], long: [], tasks: [], render: [], last: 0, on: true };
  const tick = (ts) => { if (probe.last) probe.gaps.push(ts - probe.last); probe.last = ts;
                         if (probe.on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) {
      probe.long.push(e.duration);
      probe.tasks.push([e.startTime, e.duration]); } })
      .observe({ type: "longtask", buffered: false });
  } catch (e) { probe.long = null; }
  try { // the browser's part of each long animation frame (style, layout, paint, commit): [start, end]
    new PerformanceObserver((list) => { for (const e of list.getEntries()) {
      if (e.styleAndLayoutStart > 0) probe.render.push([e.styleAndLayoutStart, e.startTime + e.duration]); } })
      .observe({ type: "long-animation-frame", buffered: false });
  } catch (e) { /* no Long Animation Frames API: rendering time stays in "other" */ }
  window.__probe = probe;
}"""


@contextmanager
def server(url: str | None):
    if url:
        yield url.rstrip("/")
        return
    with app_server() as base:
        yield base


def first_step(page, base: str, runs: int) -> list[float]:
    page.goto(f"{base}/?lang=en&speed=20&steps=100")
    page.wait_for_function(READY)
    page.wait_for_timeout(300)  # let the socket open and the first frames settle
    out = []
    for _ in range(runs):
        page.click("#btn-start")
        page.wait_for_function("() => window.__descent.drawn > 0 && window.__descent.firstDrawAt > 0")
        h = page.evaluate("window.__descent")
        out.append(h["firstDrawAt"] - h["startAt"])
        page.click("#btn-reset")
        page.wait_for_function("() => window.__descent.phase === 'idle' && window.__descent.drawn === 0")
    return out


def long_run(page, base: str, steps: int) -> dict[str, float]:
    page.goto(f"{base}/?lang=en&speed=max&steps={steps}&surface=rosenbrock&lr=0.0005")
    page.wait_for_function(READY)
    page.wait_for_timeout(300)
    page.evaluate(FRAME_PROBE)
    page.evaluate("window.__descent.frames.maxFrameMs = 0; window.__descent.socket.maxMessageMs = 0")
    t0 = time.perf_counter()
    page.click("#btn-start")
    page.wait_for_function("() => window.__descent.done === true", timeout=60_000)
    wall = (time.perf_counter() - t0) * 1000
    r = page.evaluate("""() => { const p = window.__probe; p.on = false; const h = window.__descent;
        return { gaps: p.gaps, long: p.long, drawn: h.drawn, received: h.received, start: h.startAt,
                 maxDraw: h.frames.maxFrameMs, maxMsg: h.socket.maxMessageMs }; }""")
    gaps = sorted(r["gaps"]) or [0.0]
    return {
        "wall_ms": wall, "records": r["received"], "drawn": r["drawn"], "max_frame_ms": gaps[-1],
        "p95_frame_ms": gaps[int(0.95 * (len(gaps) - 1))], "frames": len(gaps),
        "long_tasks": len(r["long"]) if r["long"] is not None else float("nan"),
        "longest_task_ms": max(r["long"]) if r["long"] else 0.0, "max_draw_ms": r["maxDraw"],
        "max_message_ms": r["maxMsg"],
    }


RENDERING = "browser rendering"


def attribute(tasks: list[list[float]], spans: list[list], render: list[list[float]] = ()) -> dict[str, dict]:
    """Each long task [start, duration] put on the source that took most of it: a piece of page work (span
    [name, start, end] from static/js/shared/spans.js), the browser's rendering of a long animation frame ([start,
    end] from styleAndLayoutStart: style, layout, paint, commit) or "other" (garbage collection, code not timed)
    when those took under half of it. Per source: the long tasks it caused, the longest of them, and the longest
    time it took inside one (ms)."""
    out: dict[str, dict[str, float]] = {}
    marked = [[name, s0, s1] for name, s0, s1 in spans] + [[RENDERING, s0, s1] for s0, s1 in render]
    for start, duration in tasks:
        end = start + duration
        inside: dict[str, float] = {}
        for name, s0, s1 in marked:
            overlap = min(end, s1) - max(start, s0)
            if overlap > 0:
                inside[name] = inside.get(name, 0.0) + overlap
        name, most = max(inside.items(), key=lambda kv: kv[1], default=("other", 0.0))
        if most < duration / 2:
            name, most = "other", duration - sum(inside.values())
        row = out.setdefault(name, {"count": 0, "worst_task_ms": 0.0, "worst_inside_ms": 0.0})
        row["count"] += 1
        row["worst_task_ms"] = max(row["worst_task_ms"], duration)
        row["worst_inside_ms"] = max(row["worst_inside_ms"], most)
    return out


TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline"]


def task_cpu(trace: bytes) -> list[tuple[float, float]]:
    """(wall, CPU) ms of each task over 50 ms on the page's main thread (the renderer main thread that ran the most
    script), from a Chromium trace: a task whose CPU time is far below its wall time was waiting for a core."""
    events = json.loads(trace)
    events = events["traceEvents"] if isinstance(events, dict) else events
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    calls = Counter((e.get("pid"), e.get("tid")) for e in events if e.get("name") == "FunctionCall")
    main = max(mains, key=lambda k: calls.get(k, 0), default=None)
    return [(e["dur"] / 1000, e.get("tdur", 0) / 1000) for e in events
            if (e.get("pid"), e.get("tid")) == main and e.get("ph") == "X" and e.get("name") == "RunTask"
            and e.get("dur", 0) > 50_000]


def network_run(page, base: str) -> dict[str, float]:
    """Train 784-100-10 (mnist5k; digits 64-100-10 when MNIST is not available) with the network view drawn."""
    ds = page.evaluate(f"""fetch('{base}/api/v1/catalog').then((r) => r.json())
        .then((b) => (b.datasets.find((d) => d.key === 'mnist5k' && d.available) ? 'mnist5k' : 'digits'))""")
    page.goto(f"{base}/train?lang=en&speed=max&ds={ds}&hidden=100&bs=100&epochs=3")
    page.wait_for_function("() => window.__train && window.__train.phase === 'idle'")
    page.evaluate(FRAME_PROBE)
    browser = page.context.browser
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    t0 = time.perf_counter()
    page.click("#btn-start")
    page.wait_for_function("() => window.__train.done === true", timeout=120_000)
    wall = (time.perf_counter() - t0) * 1000
    cpu = task_cpu(browser.stop_tracing())
    r = page.evaluate("""() => { const p = window.__probe; p.on = false; const h = window.__train;
        const redraws = Array.from({ length: 40 }, () => h.network.redraw()).sort((a, b) => a - b);
        return { gaps: p.gaps, long: p.long, tasks: p.tasks, render: p.render, spans: h.spans || [],
                 net: h.network ? h.network.maxDrawMs : null,
                 lines: h.network ? h.network.lines : 0, redraw: redraws[20] }; }""")
    gaps = sorted(r["gaps"]) or [0.0]
    return {"dataset": ds, "wall_ms": wall, "max_frame_ms": gaps[-1], "p95_frame_ms": gaps[int(0.95 * (len(gaps) - 1))],
            "long_tasks": len(r["long"]) if r["long"] is not None else float("nan"),
            "longest_task_ms": max(r["long"]) if r["long"] else 0.0,
            "max_network_draw_ms": r["net"] if r["net"] is not None else float("nan"), "lines": r["lines"],
            "redraw_ms": r["redraw"], "sources": attribute(r["tasks"] or [], r["spans"], r["render"]),
            "traced_long_tasks": len(cpu), "cpu_over_50": sum(c > 50 for _, c in cpu),
            "longest_task_cpu_ms": max((c for _, c in cpu), default=0.0)}


def weight(browser, base: str) -> None:
    """What the page really loads: every response of a fresh load, split into ours and vendored."""
    page = browser.new_page()
    bodies: list[tuple[str, bytes]] = []
    page.on("response", lambda r: bodies.append((r.url, r.body())) if r.ok and r.request.method == "GET" else None)
    page.goto(f"{base}/?lang=ko", wait_until="networkidle")
    page.close()
    ours = [(u.replace(base, ""), b) for u, b in bodies if "/static/vendor/" not in u and "/api/" not in u]
    vendored = [(u.replace(base, ""), b) for u, b in bodies if "/static/vendor/" in u]
    data = [(u.replace(base, ""), b) for u, b in bodies if "/api/" in u]

    def kb(b: int) -> str:
        return f"{b / 1024:7.1f} KB"

    def total(items: list[tuple[str, bytes]]) -> str:
        raw = sum(len(b) for _, b in items)
        gz = sum(len(gzip.compress(b, 9)) for _, b in items)
        return f"raw {kb(raw)}   gzip {kb(gz)}"

    print(f"\npage weight, ours ({len(ours)} files: HTML + JS + CSS + icon)   {total(ours)}   (goal < 150 KB)")
    for name, b in sorted(ours, key=lambda x: -len(x[1]))[:5]:
        print(f"  {name.split('?')[0]:44s} {kb(len(b))}")
    print(f"vendored ({len(vendored)} files)   {total(vendored)}")
    for name, b in vendored:
        print(f"  {name.split('?')[0]:44s} {kb(len(b))}")
    print(f"data fetched at load (surface grid)   {total(data)}")


def med(xs: list[float]) -> str:
    return f"median {statistics.median(xs):7.1f}  min {min(xs):7.1f}  max {max(xs):7.1f}"


TASK_ROWS = [("long_tasks", "long tasks (> 50 ms), count"), ("longest_task_ms", "longest task (ms)")]


def print_rows(results: list[dict], keys: list[tuple[str, str]]) -> None:
    """One line per figure: its median, min and max over the runs."""
    for key, label in keys:
        print(f"  {label:32s} {med([r[key] for r in results])}")


def network_report(nets: list[dict]) -> None:
    """The network run's figures, then its long tasks by source (the timed piece of the page that took most of it)."""
    print(f"\n/train, network view, {nets[0]['dataset']} {'784' if nets[0]['dataset'] != 'digits' else '64'}-100-10 "
          f"at speed max ({nets[0]['lines']} weight lines drawn):")
    print_rows(nets, [("wall_ms", "train + draw, total (ms)"), ("max_frame_ms", "longest frame (ms)"),
                      ("p95_frame_ms", "95th percentile frame (ms)"),
                      ("max_network_draw_ms", "longest network view draw (ms)"),
                      ("redraw_ms", "one whole redraw, median of 40 (ms)"), *TASK_ROWS,
                      ("traced_long_tasks", "long tasks in the trace, count"),
                      ("cpu_over_50", "of those with > 50 ms CPU time"),
                      ("longest_task_cpu_ms", "most CPU time in one (ms)")])
    print("  (goal: no long task over 50 ms)")
    names = sorted({n for r in nets for n in r["sources"]})
    print("  long tasks by source: count in each run; longest such task; most time the source took inside one (ms)")
    for name in names or ["(none)"]:
        rows = [r["sources"].get(name, {"count": 0, "worst_task_ms": 0.0, "worst_inside_ms": 0.0}) for r in nets]
        counts = " ".join(str(int(x["count"])) for x in rows)
        print(f"    {name:16s} {counts:16s} longest task {max(x['worst_task_ms'] for x in rows):6.1f}   "
              f"inside {max(x['worst_inside_ms'] for x in rows):6.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="a running server; default: start one")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--steps", type=int, default=10_000)
    ap.add_argument("--only", choices=["first", "long", "network", "weight"], action="append",
                    help="run only these parts (repeatable); default: all")
    a = ap.parse_args()
    parts = set(a.only or ["first", "long", "network", "weight"])
    with server(a.url) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        print(f"server {base}; chromium {browser.version}; {a.runs} runs each; load average "
              f"{' '.join(f'{v:.1f}' for v in os.getloadavg())} (1, 5, 15 min) on {os.cpu_count()} cores")
        if "first" in parts:
            fs = first_step(page, base, a.runs)
            print(f"\nStart -> first step drawn (ms):        {med(fs)}   (goal < 150)")
        if "long" in parts:
            results = [long_run(page, base, a.steps) for _ in range(a.runs)]
            print(f"\n{a.steps}-step run at speed max ({results[0]['records']} records, "
                  f"drawn {results[0]['drawn']}):")
            print_rows(results, [("wall_ms", "stream + draw, total (ms)"), ("max_frame_ms", "longest frame (ms)"),
                                 ("p95_frame_ms", "95th percentile frame (ms)"),
                                 ("max_draw_ms", "longest draw work (ms)"),
                                 ("max_message_ms", "longest message handling (ms)"), *TASK_ROWS])
            print("  (goal: longest frame < 50 ms)")
        if "network" in parts:
            network_report([network_run(page, base) for _ in range(a.runs)])
        if "weight" in parts:
            weight(browser, base)
        print(f"\nload average at the end {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
        browser.close()


if __name__ == "__main__":
    main()
