"""The diagnoses of finished descents, remembered for runs of the same configuration.

A descent on a built-in surface is deterministic: the same specification gives the same records bit for bit, so
the same records up to the same `Done` give the same diagnosis, counterfactual runs included. When a class presses
Start on the same settings, the first run is judged (a few ms: its counterfactuals are whole runs) and the others
reuse that diagnosis. Runs on a learner's own formula are always judged afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from app.core.columns import Columns
from app.core.descent import Done
from app.core.runs import DescentSpec, judge
from app.core.verdicts import Diagnosis

SIZE = 256  # configurations remembered (a diagnosis is a few kB)

_cache: OrderedDict[tuple[str, Done], Diagnosis] = OrderedDict()
_lock = threading.Lock()


def judged(spec: DescentSpec, cols: Columns, done: Done) -> Diagnosis:
    """`judge(spec, cols, done)`, from the cache when this configuration already ended with this `done`."""
    if spec.custom is not None:
        return judge(spec, cols, done)
    key = (repr(spec), done)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    d = judge(spec, cols, done)
    with _lock:
        _cache[key] = d
        while len(_cache) > SIZE:
            _cache.popitem(last=False)
    return d
