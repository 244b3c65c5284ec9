// Shared by the simulator's RunStore (buffer.js) and the training page's TrainStore (train/store.js): growable
// typed-array columns and the per-run bookkeeping of received messages. Pure: no DOM, no socket.

/** A protocol value as a number (null and undefined become NaN). */
export const num = (v) => (v === null || v === undefined ? NaN : v);

/** Named Float64Array columns of equal length that double their capacity as records arrive. */
export class Columns {
  #names;

  constructor(names, capacity = 256) {
    this.#names = names;
    this.length = 0;
    this.capacity = capacity;
    for (const c of names) this[c] = new Float64Array(capacity);
  }

  reserve(n) {
    if (n <= this.capacity) return;
    let cap = this.capacity;
    while (cap < n) cap *= 2;
    for (const c of this.#names) {
      const next = new Float64Array(cap);
      next.set(this[c].subarray(0, this.length));
      this[c] = next;
    }
    this.capacity = cap;
  }

  /** The column as a view of its filled part. */
  column(name) {
    return this[name].subarray(0, this.length);
  }
}

/**
 * All runs of the current start by run id, in arrival order, filled from meta/steps/done messages (the
 * session's store interface). Subclasses give newRun(id, index), the record a run id starts with.
 */
export class RunTable {
  constructor() {
    this.reset();
  }

  reset() {
    this.runs = new Map();
    this.version = 0; // bumps on every change, so views can tell they are stale
  }

  get list() {
    return [...this.runs.values()];
  }

  run(id) {
    let r = this.runs.get(id);
    if (!r) {
      r = this.newRun(id, this.runs.size);
      this.runs.set(id, r);
    }
    return r;
  }

  onMeta(msg) {
    this.run(msg.run_id).meta = msg;
    this.version++;
  }

  onSteps(msg) {
    const n = this.run(msg.run_id).buf.append(msg.cols);
    this.version++;
    return n;
  }

  onDone(msg) {
    this.run(msg.run_id).done = msg;
    this.version++;
  }

  /** Records received over all runs. */
  get received() {
    let n = 0;
    for (const r of this.runs.values()) n += r.buf.length;
    return n;
  }

  /** True once every run that announced itself has finished. */
  get allDone() {
    return this.runs.size > 0 && this.list.every((r) => r.done !== null);
  }
}
