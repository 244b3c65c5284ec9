// The plan up front — N, batch size, iterations per epoch = ⌈N / B⌉, total iterations, and the table
// "batch 1 → N updates per epoch … full batch → 1" for this N (both computed by the server) — and the progress
// line while training.

import { t } from "../../shared/i18n.js";
import { el } from "../../shared/dom.js";
import { grouped } from "../../shared/format.js";

function stat(id, label, value, sub) {
  const box = el("div", "plan-stat");
  box.dataset.stat = id;
  const dd = el("dd", "plan-value", value);
  box.append(el("dt", "", label), dd);
  if (sub) box.append(el("dd", "plan-sub", sub));
  return box;
}

/** Plan from the server's meta.plan, in the shape the page uses. */
export function planFromMeta(p) {
  return { n: p.n, nTrain: p.n_train, nVal: p.n_validation, nTest: p.n_test, batch: p.batch_size,
    ipe: p.iterations_per_epoch, epochs: p.epochs, total: p.total_iterations, parameters: p.parameters };
}

/** opts: {stats, note, table, line, bar} elements. */
export function createPlanView(opts) {
  let sig = "";
  /** table: the server's rows [{batch, iterations_per_epoch, full}]. */
  function render(plan, { fromServer = false, sampling = "shuffle", table = [] } = {}) {
    const { nTrain, batch, ipe, epochs, total } = plan;
    const next = [t("train.ui.plan.n"), nTrain, plan.nVal, plan.nTest, batch, ipe, epochs, total, fromServer, sampling,
      ...table.map((r) => `${r.batch}:${r.iterations_per_epoch}`)].join("|");
    if (next === sig) return;
    sig = next;
    const held = []; // each part on one line: a number stays with the word it counts ("시험 100")
    if (plan.nVal) held.push(t("train.ui.plan.held_val", { n: plan.nVal }).replaceAll(" ", "\u00a0"));
    if (plan.nTest) held.push(t("train.ui.plan.held_test", { n: plan.nTest }).replaceAll(" ", "\u00a0"));
    opts.stats.replaceChildren(
      stat("n", t("train.ui.plan.n"), String(nTrain), held.length ? held.join(" · ") : t("train.ui.plan.held_none")),
      stat("batch", t("train.ui.plan.batch"), String(batch), batch >= nTrain ? t("train.ui.plan.full") : ""),
      stat("ipe", t("train.ui.plan.ipe"), String(ipe), `⌈${nTrain} / ${batch}⌉ = ${ipe}`),
      stat("total", t("train.ui.plan.total"), String(total), t("train.ui.plan.total_sub", { ipe, epochs })),
    );
    opts.stats.dataset.ipe = String(ipe);
    opts.stats.dataset.total = String(total);
    opts.stats.dataset.source = fromServer ? "server" : "preview";
    const lastBatch = nTrain - (ipe - 1) * batch;
    let note = t("train.ui.plan.note", { n: nTrain, b: batch, ipe });
    if (sampling === "with_replacement") note += ` ${t("train.ui.plan.note_replace", { b: batch })}`;
    else if (lastBatch !== batch && ipe > 1) note += ` ${t("train.ui.plan.note_last", { rest: lastBatch, n: nTrain, b: batch })}`;
    opts.note.textContent = note;
    warn(epochs, ipe, total);
    renderTable(nTrain, batch, table);
  }

  /** Over the server's limits: the plan says so before Start (the server would refuse the run). */
  function warn(epochs, ipe, total) {
    const limits = opts.limits || {};
    const lines = [];
    if (epochs > limits.max_epochs) {
      lines.push(t("train.ui.plan.warn_epochs", { epochs: grouped(epochs), limit: grouped(limits.max_epochs) }));
    }
    if (total > limits.max_train_iterations) {
      lines.push(t("train.ui.plan.warn_total", { total: grouped(total), epochs: grouped(epochs), ipe: grouped(ipe),
        limit: grouped(limits.max_train_iterations) }));
    }
    let box = opts.note.parentElement.querySelector(".plan-warning");
    if (!lines.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = el("p", "plan-warning");
      box.id = "t-plan-warning";
      box.setAttribute("role", "status");
      opts.note.after(box);
    }
    box.textContent = lines.join(" ");
  }

  function renderTable(nTrain, batch, rows) {
    const table = opts.table;
    const cap = el("caption", "", t("train.ui.plan.table_caption", { n: nTrain }));
    const head = el("thead");
    const hr = el("tr");
    for (const key of ["train.ui.plan.col_batch", "train.ui.plan.col_ipe", "train.ui.plan.col_kind"]) {
      const th = el("th", "", t(key));
      th.scope = "col";
      hr.append(th);
    }
    head.append(hr);
    const body = el("tbody");
    for (const r of rows) {
      const tr = el("tr");
      tr.dataset.batch = String(r.batch);
      tr.dataset.ipe = String(r.iterations_per_epoch);
      if (r.batch === batch) {
        tr.className = "current";
        tr.setAttribute("aria-current", "true");
      }
      let name = String(r.batch);
      if (r.full) name = t("train.ui.plan.row_full", { n: r.batch });
      else if (r.batch === 1) name = t("train.ui.plan.row_one");
      const th = el("th", "", name);
      th.scope = "row";
      const kind = r.full ? "train.ui.plan.kind_full" : r.batch === 1 ? "train.ui.plan.kind_one" : "train.ui.plan.kind_mini";
      tr.append(th, el("td", "", t("train.ui.plan.row_ipe", { ipe: r.iterations_per_epoch })), el("td", "kind", t(kind)));
      body.append(tr);
    }
    table.replaceChildren(cap, head, body);
  }

  /** The progress line from the last record of the run the page follows; a run that ended early (early
   * stopping, divergence, Stop) is complete at its own end. */
  function progress(plan, last, phase, finished = false) {
    let E = plan.epochs;
    const I = plan.ipe;
    let T = plan.total;
    let e = 0;
    let i = 0;
    let done = 0;
    if (last) {
      e = last.epoch;
      i = last.iteration + 1;
      done = last.t + 1;
    }
    if (finished && last) {
      T = done;
      E = e;
    }
    const text = t("train.ui.progress.line", { e, E, i, I, t: done, T });
    const { line, bar } = opts;
    if (line.textContent === text && line.dataset.phase === phase && line.dataset.total === String(T)) return;
    line.textContent = text; // only when it changed: a write is a layout and a paint
    line.dataset.t = String(done);
    line.dataset.total = String(T);
    line.dataset.epoch = String(e);
    bar.max = Math.max(1, T);
    bar.value = Math.min(done, T);
    line.dataset.phase = phase;
  }

  return { render, progress };
}
