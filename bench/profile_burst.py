"""Where the server's time goes during the lecture-hall burst: py-spy samples the server (pinned to core 1) while
bench/ws_load.py runs the burst from core 0, then the samples are summed per function.

    python bench/profile_burst.py [--clients 200] [--steps 500] [--trainings 10] [--top 25]

Needs `py-spy` on PATH or in the virtual environment (pip install py-spy; it is not a dependency of the app).
Prints the burst's JSON line, then the functions with the most samples on the event loop's thread and in the
worker threads (inclusive: a function's samples include its callees), as shares of that thread group's samples.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ws_load import SERVER_ENV  # noqa: E402
from tests.servers import app_process  # noqa: E402


def summarise(raw: Path, top: int) -> None:
    groups: dict[str, Counter[str]] = {"event loop": Counter(), "workers": Counter()}
    totals: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        if not line.strip():
            continue
        stack, n = line.rsplit(" ", 1)
        frames = stack.split(";")
        if any(f.startswith(("Condition.wait", "Queue.get", "select ", "EpollSelector.select")) for f in frames[-3:]):
            continue  # idle: a worker waiting for work, the loop waiting for I/O
        group = "workers" if any(f.startswith("Thread._bootstrap") for f in frames[:2]) else "event loop"
        frames = [f for f in frames if not f.startswith("thread (")]  # py-spy --threads: the thread's id first
        totals[group] += int(n)
        for f in dict.fromkeys(fr.split(" (")[0] + " (" + fr.split(" (")[-1].split(":")[0].split("/")[-1] + ")"
                               for fr in frames):
            groups[group][f] += int(n)
    for group, counter in groups.items():
        print(f"--- {group}: {totals[group]} busy samples")
        for f, n in counter.most_common(top):
            print(f"{100 * n / max(totals[group], 1):5.1f} %  {f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--trainings", type=int, default=10)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--raw", type=Path, help="also keep py-spy's raw samples in this file")
    a = ap.parse_args()
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        raise SystemExit("py-spy is needed: pip install py-spy")
    cores = sorted(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp, app_process(SERVER_ENV, cpus=str(cores[-1])) as (base, proc):
        raw = Path(tmp) / "burst.txt"
        sampler = subprocess.Popen([spy, "record", "-p", str(proc.pid), "-o", str(raw), "-f", "raw", "-r", "250",
                                    "--nonblocking", "--threads"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = base.replace("http://", "ws://") + "/ws/run"
        subprocess.run(["taskset", "-c", str(cores[0]), sys.executable, str(ROOT / "bench" / "ws_load.py"), "--url",
                        url, "--placement", "shared", "--clients", str(a.clients), "--steps", str(a.steps),
                        "--trainings", str(a.trainings)], check=False)
        sampler.send_signal(2)  # SIGINT: py-spy writes what it has
        sampler.wait(30)
        summarise(raw, a.top)
        if a.raw:
            shutil.copy(raw, a.raw)
    return 0


if __name__ == "__main__":
    sys.exit(main())
