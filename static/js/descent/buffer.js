// Received runs as growable typed-array columns. Pure: no DOM, no socket.

import { Columns, num, RunTable } from "../shared/columns.js";

const COLUMNS = ["t", "x", "y", "loss", "gx", "gy", "gnorm", "lr", "vx", "vy"];

/** One run's step records, column by column (non-finite values, sent as null, are NaN here). */
export class RunBuffer extends Columns {
  constructor(id, capacity = 256) {
    super(COLUMNS, capacity);
    this.id = id;
    this.hasVelocity = false;
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
export class RunStore extends RunTable {
  newRun(id, index) {
    return { id, index, meta: null, buf: new RunBuffer(id), done: null, label: "" };
  }

  /** Largest step number received, over all runs (-1 when none). */
  get lastT() {
    let k = -1;
    for (const r of this.runs.values()) if (r.buf.length) k = Math.max(k, r.buf.t[r.buf.length - 1]);
    return k;
  }
}
