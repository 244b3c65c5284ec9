// Status: the "step k / n" counter and progress, the run phase, the compare legend and the diagnosis panel.

import { fmt } from "../../shared/format.js";
import { getLang, pick, t } from "../../shared/i18n.js";
import { el, swatch } from "../../shared/dom.js";
import { factsBox, ghostButton } from "../../shared/evidence.js";

/** Whether the run's latest finite position lies outside its surface's view box. */
export function offMap(run) {
  const { buf, meta } = run;
  if (!meta || !buf.length) return false;
  const [[x0, x1], [y0, y1]] = meta.surface.view;
  for (let i = buf.length - 1; i >= 0; i--) {
    const x = buf.x[i];
    const y = buf.y[i];
    if (Number.isFinite(x) && Number.isFinite(y)) return x < x0 || x > x1 || y < y0 || y > y1;
  }
  return false;
}

/** How many of the run's finite records lie outside its surface's view box. */
export function offMapCount(run) {
  const { buf, meta } = run;
  if (!meta) return 0;
  const [[x0, x1], [y0, y1]] = meta.surface.view;
  let n = 0;
  for (let i = 0; i < buf.length; i++) {
    const x = buf.x[i];
    const y = buf.y[i];
    if (Number.isFinite(x) && Number.isFinite(y) && (x < x0 || x > x1 || y < y0 || y > y1)) n += 1;
  }
  return n;
}

/** opts: {counter, progress, phase, legend, diagnosis, store, loop, runLabel(run), openGhost(counterfactual)} */
export function createStatus(opts) {
  const { store, loop } = opts;
  let phase = "idle";
  let legendSig = "";
  let diagSig = "";

  function drawCounter() {
    const k = Math.max(0, store.lastT);
    // a finished run counts to its own end (a run that converged at step 119 of 1000 is complete at 119)
    const end = (r) => {
      if (!r.done) return r.meta ? r.meta.steps : 0;
      if (r.buf.length) return r.buf.t[r.buf.length - 1]; // its last recorded step
      return Number.isFinite(r.done.t) ? r.done.t : 0;
    };
    const n = store.list.reduce((m, r) => Math.max(m, end(r)), 0);
    opts.counter.textContent = store.runs.size ? t("ui.counter", { k, n }) : t("ui.counter", { k: 0, n: "—" });
    opts.counter.dataset.k = String(store.lastT);
    opts.counter.dataset.n = String(n);
    opts.progress.max = Math.max(1, n);
    opts.progress.value = Math.min(k, n);
    opts.phase.textContent = t(`ui.status.${phase}`);
    opts.phase.dataset.phase = phase;
  }

  function drawLegend() {
    const runs = store.list;
    const sig = [getLang(), ...runs.map((r) => `${r.id}:${opts.runLabel(r)}:${offMap(r)}:${r.done ? 1 : 0}:${r.hidden ? 1 : 0}:${r.buf.length}`)]
      .join("|");
    if (sig === legendSig) return;
    legendSig = sig;
    opts.legend.hidden = runs.length < 2;
    opts.legend.replaceChildren(
      ...runs.map((r) => {
        const li = el("li");
        li.dataset.run = r.name || r.id;
        li.dataset.hidden = r.hidden ? "1" : "0";
        // a click hides the run on the map (or shows it again)
        const toggle = el("button", "legend-toggle");
        toggle.type = "button";
        toggle.setAttribute("aria-pressed", r.hidden ? "false" : "true");
        toggle.title = t(r.hidden ? "ui.legend.show" : "ui.legend.hide");
        toggle.append(swatch(r.index), el("span", "legend-label", opts.runLabel(r)));
        toggle.addEventListener("click", () => {
          r.hidden = !r.hidden;
          loop.mark("path", "status");
        });
        li.append(toggle);
        if (offMap(r)) {
          const n = offMapCount(r);
          li.dataset.offMap = String(n);
          li.append(el("span", "legend-note", `↗ ${t("ui.map.offmap")} (${t("ui.map.off_steps_n", { n })})`));
        }
        if (r.done) li.append(el("span", "legend-verdict", t(`ui.verdict.${r.done.diagnosis.verdict}`)));
        return li;
      }),
    );
  }

  function diagnosisItem(r, many) {
    const d = r.done;
    const box = el("article", "diag");
    box.dataset.verdict = d.diagnosis.verdict;
    box.dataset.run = r.name || r.id;
    const head = el("h3", "diag-head");
    if (many) head.append(swatch(r.index), el("span", "diag-run", opts.runLabel(r)));
    head.append(el("span", `verdict verdict-${d.diagnosis.verdict}`, t(`ui.verdict.${d.diagnosis.verdict}`)));
    box.append(head, el("p", "diag-msg", pick(d.diagnosis.message)));
    const ghost = opts.openGhost ? ghostButton(d.diagnosis, opts.openGhost) : null;
    if (ghost) box.append(ghost);
    const facts = factsBox(d.diagnosis.facts);
    if (facts) box.append(facts);
    const reason = el("p", "diag-reason");
    reason.append(el("span", "diag-label", `${t("ui.reason.label")}: `), t(`ui.reason.${d.reason}`, { t: d.t }));
    box.append(reason);
    const fin = d.summary && d.summary.final;
    if (fin) {
      box.append(el("p", "diag-final", t("ui.final", { loss: fmt(fin.loss), x: fmt(fin.xy[0]), y: fmt(fin.xy[1]) })));
    }
    return box;
  }

  function drawDiagnosis() {
    const runs = store.list;
    const done = runs.filter((r) => r.done);
    const sig = [getLang(), runs.length, ...done.map((r) => r.id)].join("|");
    if (sig === diagSig) return;
    diagSig = sig;
    if (!done.length) {
      const waiting = runs.length ? "ui.diag.waiting" : "ui.diag.empty";
      opts.diagnosis.replaceChildren(el("p", "diag-empty", t(waiting)));
      opts.diagnosis.dataset.done = "0";
      return;
    }
    opts.diagnosis.replaceChildren(...done.map((r) => diagnosisItem(r, runs.length > 1)));
    opts.diagnosis.dataset.done = done.length === runs.length ? "1" : "0";
  }

  loop.add("status", () => {
    drawCounter();
    drawLegend();
    drawDiagnosis();
  });

  return {
    setPhase(p) {
      phase = p;
      document.body.dataset.phase = p;
      opts.phase.textContent = t(`ui.status.${p}`); // at once: the buttons change at once too
      opts.phase.dataset.phase = p;
      loop.mark("status");
    },
    get phase() {
      return phase;
    },
    relabel() {
      legendSig = "";
      diagSig = "";
      loop.mark("status");
    },
  };
}
