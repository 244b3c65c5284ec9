// Received training runs: per run its meta, iteration columns (growable typed arrays), epoch summaries and done.
// Same interface as the simulator's RunStore (reset, run, onMeta, onSteps, onDone, list, allDone), so the shared
// session can file messages into it. Pure: no DOM, no socket.

import { Columns, num, RunTable } from "../shared/columns.js";
import { LayerSeries, mergeSnapshot } from "./netdata.js";

const COLUMNS = ["t", "epoch", "iteration", "loss", "gnorm", "lr", "w", "b"];

/** One run's iterations, column by column (nulls become NaN). */
export class IterationBuffer extends Columns {
  constructor(capacity = 256) {
    super(COLUMNS, capacity);
    this.hasXY = false;
  }

  /** Append a `steps` message's columns {t, epoch, iteration, loss, grad_norm, lr, xy?}; returns the count. */
  append(cols) {
    const n = cols.t.length;
    const at = this.length;
    this.reserve(at + n);
    const xy = cols.xy;
    if (xy) this.hasXY = true;
    for (let i = 0; i < n; i++) {
      const j = at + i;
      this.t[j] = num(cols.t[i]);
      this.epoch[j] = num(cols.epoch[i]);
      this.iteration[j] = num(cols.iteration[i]);
      this.loss[j] = num(cols.loss[i]);
      this.gnorm[j] = num(cols.grad_norm ? cols.grad_norm[i] : null);
      this.lr[j] = num(cols.lr ? cols.lr[i] : null);
      const p = xy ? xy[i] || [] : [];
      this.w[j] = num(p[0]);
      this.b[j] = num(p[1]);
    }
    this.length = at + n;
    return n;
  }

  /** The last record as a plain object, or null. */
  last() {
    if (!this.length) return null;
    const i = this.length - 1;
    return { t: this.t[i], epoch: this.epoch[i], iteration: this.iteration[i], loss: this.loss[i] };
  }
}

export class TrainStore extends RunTable {
  newRun(id, index) {
    return { id, index, meta: null, buf: new IterationBuffer(), epochs: [], done: null, label: null,
      layers: new LayerSeries(), net: null };
  }

  /** A `steps` message: the iterations, their per-layer facts and the frame's network snapshot, if any. */
  onSteps(msg) {
    const n = super.onSteps(msg);
    const r = this.run(msg.run_id);
    r.layers.append(msg.cols);
    if (msg.network) r.net = mergeSnapshot(r.net, msg.network);
    return n;
  }

  /** `done`, with the network at the weights the run returns. */
  onDone(msg) {
    super.onDone(msg);
    const r = this.run(msg.run_id);
    if (msg.network) r.net = mergeSnapshot(r.net, msg.network);
  }

  /** An `epoch` message; only for runs of the current start (their meta came first). Its snapshot is kept as the
   * run's latest, not in the epoch list. */
  onEpoch(msg) {
    if (!this.runs.has(msg.run_id)) return false;
    const r = this.runs.get(msg.run_id);
    const { network, ...summary } = msg;
    r.epochs.push(summary);
    if (network) r.net = mergeSnapshot(r.net, network);
    this.version++;
    return true;
  }

  /** The run whose plan has the most iterations (the one the progress line follows). */
  get longest() {
    let best = null;
    for (const r of this.runs.values()) {
      const total = r.meta ? r.meta.plan.total_iterations : 0;
      if (!best || total > (best.meta ? best.meta.plan.total_iterations : 0)) best = r;
    }
    return best;
  }
}

/** The epoch marked best by early stopping, else the one with the lowest validation loss; null without one. */
export function bestEpoch(run) {
  if (run.done && run.done.best_epoch !== null && run.done.best_epoch !== undefined) {
    return { epoch: run.done.best_epoch, early: true };
  }
  let flagged = null;
  for (const e of run.epochs) if (e.best) flagged = e.epoch;
  if (flagged !== null) return { epoch: flagged, early: true };
  let lo = Infinity;
  let at = null;
  for (const e of run.epochs) {
    if (e.validation_loss !== null && e.validation_loss < lo) {
      lo = e.validation_loss;
      at = e.epoch;
    }
  }
  return at === null ? null : { epoch: at, early: false };
}
