// Received runs as growable typed-array columns. Pure: no DOM, no socket.

const COLUMNS = ["t", "x", "y", "loss", "gx", "gy", "gnorm", "lr", "vx", "vy"];

const num = (v) => (v === null || v === undefined ? NaN : v);

/** One run's step records, column by column (non-finite values, sent as null, are NaN here). */
export class RunBuffer {
  constructor(id, capacity = 256) {
    this.id = id;
    this.length = 0;
    this.capacity = capacity;
    this.hasVelocity = false;
    for (const c of COLUMNS) this[c] = new Float64Array(capacity);
  }

  reserve(n) {
    if (n <= this.capacity) return;
    let cap = this.capacity;
    while (cap < n) cap *= 2;
    for (const c of COLUMNS) {
      const next = new Float64Array(cap);
      next.set(this[c].subarray(0, this.length));
      this[c] = next;
    }
    this.capacity = cap;
  }

  /** Append a `steps` message's columns: {t, xy, loss, grad, grad_norm, lr, velocity?}. Returns the count. */
  append(cols) {
    const n = cols.t.length;
    const at = this.length;
    this.reserve(at + n);
    const { t, x, y, loss, gx, gy, gnorm, lr, vx, vy } = this;
    const v = cols.velocity;
    if (v) this.hasVelocity = true;
    for (let i = 0; i < n; i++) {
      const j = at + i;
      const p = cols.xy[i] || [];
      const g = cols.grad[i] || [];
      t[j] = num(cols.t[i]);
      x[j] = num(p[0]);
      y[j] = num(p[1]);
      loss[j] = num(cols.loss[i]);
      gx[j] = num(g[0]);
      gy[j] = num(g[1]);
      gnorm[j] = num(cols.grad_norm[i]);
      lr[j] = num(cols.lr[i]);
      const q = v ? v[i] || [] : [];
      vx[j] = num(q[0]);
      vy[j] = num(q[1]);
    }
    this.length = at + n;
    return n;
  }

  /** The column as a view of its filled part. */
  column(name) {
    return this[name].subarray(0, this.length);
  }

  /** Record i as a plain object (NaN kept). */
  record(i) {
    return {
      t: this.t[i], x: this.x[i], y: this.y[i], loss: this.loss[i], gx: this.gx[i], gy: this.gy[i],
      gnorm: this.gnorm[i], lr: this.lr[i], vx: this.vx[i], vy: this.vy[i],
    };
  }

  /** Back to the protocol's column shape (NaN → null), for export. */
  toColumns() {
    const out = { t: [], xy: [], loss: [], grad: [], grad_norm: [], lr: [] };
    if (this.hasVelocity) out.velocity = [];
    const f = (v) => (Number.isFinite(v) ? v : null);
    for (let i = 0; i < this.length; i++) {
      out.t.push(this.t[i]);
      out.xy.push([f(this.x[i]), f(this.y[i])]);
      out.loss.push(f(this.loss[i]));
      out.grad.push([f(this.gx[i]), f(this.gy[i])]);
      out.grad_norm.push(f(this.gnorm[i]));
      out.lr.push(f(this.lr[i]));
      if (out.velocity) out.velocity.push([f(this.vx[i]), f(this.vy[i])]);
    }
    return out;
  }
}

/** All runs of the current start: meta, buffer and done per run id, in arrival order. */
export class RunStore {
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
      r = { id, index: this.runs.size, meta: null, buf: new RunBuffer(id), done: null, label: "" };
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

  /** Largest step number received, over all runs (-1 when none). */
  get lastT() {
    let k = -1;
    for (const r of this.runs.values()) if (r.buf.length) k = Math.max(k, r.buf.t[r.buf.length - 1]);
    return k;
  }
}
