// The training page's views and the one frame that draws them all from the store and the state: plan and
// progress, the network line, the data preview (boundary, digits or regression fit), the charts, the results,
// the evaluation, the loss landscape and the gradient numbers.

import { t } from "../shared/i18n.js";
import { compareValues, effective, inputCount, trainConfig } from "./config.js";
import { createSlices } from "../shared/slices.js";
import { spans } from "../shared/spans.js";
import { createTrainErrors } from "./errors.js";
import { createPlanFeed } from "./planfeed.js";
import { createTrainCharts } from "./views/charts.js";
import { renderSamples } from "./views/images.js";
import { createLandscapeView } from "./views/landscape.js";
import { widthOf } from "./views/canvas.js";
import { createLayerCharts } from "./views/layers.js";
import { createLinregView } from "./views/linreg.js";
import { createNetworkView } from "./views/network.js";
import { createNumerics } from "./views/numerics.js";
import { createEvalPanel, createLegend, createRunPicker, netLine, runLabel } from "./views/panels.js";
import { createPlanView, planFromMeta } from "./views/plan.js";
import { createPointsView } from "./views/points.js";
import { createResults } from "./views/results.js";

const BUSY_FRAME_MS = 120; // while training, the page redraws at most this often

/**
 * opts: {shell, current() (whether the settings have not changed since the start), update(phase, settled) (test hooks),
 * onPlan(body) (the server's plan of the settings arrived), openGhost(counterfactual) (run the counterfactual the
 * diagnosis tried)}.
 * Registers the loop view "frame" and its shell events; returns {redraw()}.
 */
export function createFrame({ shell, current, update, onPlan = () => {}, openGhost }) {
  const { byId, catalog, loop, store } = shell;
  let viewRun = null; // id of the run the boundary, images and landscape show
  let samplesOf = null;
  let lastFull = 0;
  let wakeTimer = 0;
  const wake = () => {
    wakeTimer = 0;
    loop.mark("frame");
  };
  let gen = 0; // bumps when anything but new data changed (settings, phase, language, size): every view redraws
  let view = null; // what the light frame found: {runs, run, followed, phase, e, kind, parameters}
  const slices = createSlices();
  const redraw = () => {
    gen++;
    loop.mark("frame");
  };
  const setData = (node, name, value) => node.dataset[name] !== value && (node.dataset[name] = value);
  const setText = (node, text) => node.textContent !== text && (node.textContent = text);
  const feed = createPlanFeed({ onPlan: (body) => {
    onPlan(body);
    redraw();
  } });

  const errors = createTrainErrors(byId("error-box"));
  const plan = createPlanView({ stats: byId("t-plan"), note: byId("t-plan-note"), table: byId("t-batch-table"),
    line: byId("t-progress-line"), bar: byId("t-progress"), limits: shell.catalog.limits });
  const points = createPointsView(byId("t-boundary"));
  const linreg = createLinregView(byId("t-fit"), byId("t-wb"));
  const charts = createTrainCharts({ iterEl: byId("chart-iter"), accEl: byId("chart-acc"), lossEl: byId("chart-eloss"),
    keys: { iter: byId("keys-iter"), acc: byId("keys-acc"), loss: byId("keys-eloss") } });
  const results = createResults({ box: byId("diagnosis"), store, labelOf: runLabel, onGhost: openGhost });
  const landscape = createLandscapeView({ canvas: byId("t-landscape"), note: byId("t-landscape-note") });
  const numerics = createNumerics({ box: byId("t-numerics"), limit: catalog.limits.max_numeric_params });
  const legend = createLegend(byId("t-legend"));
  const evalPanel = createEvalPanel({ card: byId("t-eval"), table: byId("t-confusion"), mistakes: byId("t-mistakes"),
    note: byId("t-mistakes-note") });
  const network = createNetworkView({ canvas: byId("t-net-canvas"), tip: byId("t-net-tip"), notes: byId("t-net-notes"),
    focus: byId("t-net-focus"), focusCanvas: byId("t-net-focus-canvas"), focusCaption: byId("t-net-focus-caption"),
    filters: byId("t-net-filters"), example: byId("t-net-example"), examples: byId("t-net-examples"),
    onExample: () => {
      netDrawn = null;
      slices.force("network view");
    } });
  const layerCharts = createLayerCharts({ grad: byId("chart-layer-grad"), ratio: byId("chart-layer-ratio"),
    inactive: byId("chart-layer-inactive"), inactiveTitle: byId("t-layers-inactive-title"), keys: byId("keys-layers") });
  const netHooks = { t: null, heatmaps: 0, output_range: null, last_neuron: null, maxDrawMs: 0, lines: 0 };
  shell.hooks.network = netHooks;
  shell.hooks.spans = spans; // for bench/bench_page.py: which piece of the page each long task came from
  let netDrawn = null; // [run id, snapshot version, width, language] last drawn
  const picker = createRunPicker(byId("t-view-run"), (id) => {
    viewRun = id;
    redraw();
  });

  function netText(meta, fresh, e, parameters) {
    if (meta && fresh) {
      return netLine(meta.plan.sizes, meta.resolved.hidden.length ? meta.resolved.activation : null,
        meta.plan.parameters);
    }
    if (!e.hidden) return "";
    const out = e.dataset.kind === "regression" ? 1 : e.dataset.classes;
    return netLine([inputCount(shell.state, e.dataset), ...e.hidden, out], e.hidden.length ? e.activation : null,
      parameters);
  }

  /** The plan, the progress and the small panels, then the heavy views whose data changed (drawn in slices,
   * below); while training at most every BUSY_FRAME_MS, so the page repaints a few times a second, not per message. */
  function draw() {
    const phase = shell.session.phase;
    const now = performance.now();
    if (phase === "running" && now - lastFull < BUSY_FRAME_MS) {
      if (!wakeTimer) wakeTimer = setTimeout(wake, BUSY_FRAME_MS - (now - lastFull));
      return;
    }
    lastFull = now;
    const { state } = shell;
    const runs = store.list;
    const run = runs.find((r) => r.id === viewRun) || runs[0] || null;
    const followed = store.longest;
    const e = effective(state, catalog);
    // plan and progress: the run's own plan (meta) while the settings are the run's, else the server's preview
    const also = state.vary === "bs" ? compareValues("bs", state.values, catalog).filter((v) => v !== "full") : [];
    const answer = feed.want(trainConfig(state, catalog), also) || feed.latest();
    const preview = answer && answer.plan ? answer : null; // own points that cannot be read yet have no plan
    const runPlan = followed && followed.meta ? planFromMeta(followed.meta.plan) : null;
    const fresh = Boolean(runPlan) && current();
    const p = fresh ? runPlan : preview && planFromMeta(preview.plan);
    if (p) plan.render(p, { fromServer: fresh, sampling: state.sampling, table: preview ? preview.batch_table : [] });
    if (runPlan || p) {
      plan.progress(runPlan || p, followed ? followed.buf.last() : null, phase, Boolean(followed && followed.done));
    }
    const parameters = preview ? preview.plan.parameters : null;
    const meta = run && run.meta;
    const kind = meta ? meta.dataset.kind : e.dataset.kind;
    setData(byId("t-preview"), "kind", kind);
    setData(byId("t-preview"), "empty", meta ? "0" : "1");
    setData(byId("train-page"), "kind", kind);
    setText(byId("t-net"), netText(meta, fresh, e, parameters));
    picker.render(runs, run ? run.id : null, runLabel);
    legend.render(runs);
    setData(byId("t-network"), "empty", run && run.net ? "0" : "1");
    setData(byId("t-layers"), "empty", run && run.layers.length ? "0" : "1");
    setData(byId("t-charts"), "empty", runs.some((r) => r.meta) ? "0" : "1");
    view = { runs, run, followed, phase, e, kind, parameters };
    slices.check();
  }

  // The heavy views, each redrawn when its data changed (or anything else did: gen), a few per frame, in this order:
  // the network and the data preview (the decision boundary) first, the charts after them.
  const ids = (runs, f) => runs.map((r) => `${r.id}:${r.meta ? 1 : 0}:${f(r)}`).join(",");
  slices
    .add("network view", () => (view.run && view.run.net ? `${gen}|${view.run.id}|${view.run.net.version}` : `${gen}`),
      () => drawNetwork(view.run))
    .add("preview", () => `${gen}|${view.kind}|${ids(view.runs, (r) => `${r.buf.length}:${r.epochs.length}`)}`,
      () => drawPreview(view))
    .add("loss charts", () => `${gen}|${ids(view.runs, (r) => r.buf.length)}`,
      () => charts.drawIterations(view.runs))
    .add("epoch charts", () => `${gen}|${ids(view.runs, (r) => `${r.epochs.length}:${r.done ? 1 : 0}`)}`, () => {
      charts.drawEpochs(view.runs);
      setText(byId("t-chart-summary"), store.allDone ? charts.summary(view.followed) : "");
    })
    .add("layer charts", () => `${gen}|${view.run ? `${view.run.id}:${view.run.layers.length}` : ""}`,
      () => layerCharts.draw(view.run))
    .add("results", () => `${gen}|${view.phase}|${ids(view.runs, (r) => (r.done ? 1 : 0))}`, () => {
      results.render(view.phase);
      evalPanel.render(view.run);
    })
    .add("landscape contours", () => `${gen}|${view.run ? `${view.run.id}:${view.run.done ? 1 : 0}` : ""}`,
      () => landscape.prepare(view.run))
    .add("landscape", () => `${gen}|${view.run ? `${view.run.id}:${view.run.done ? 1 : 0}` : ""}`, () => {
      if (view.run && view.run.done) landscape.draw(view.run);
      else landscape.clear();
    })
    .add("numerics", () => `${gen}|${view.followed ? `${view.followed.id}:${view.followed.done ? 1 : 0}` : ""}`,
      () => numerics.render({ parameters: view.parameters, mode: shell.state.grad, run: view.followed,
        speed: shell.state.speed }))
    .onIdle(() => { // the test hooks: `done` only once every view shows the data received
      const settled = slices.settled();
      update(shell.session.phase, settled);
      if (!settled) loop.mark("frame");
    });

  /** The data preview of the shown run: the decision boundary, the digits or the regression fit. */
  function drawPreview({ runs, run, kind }) {
    const meta = run && run.meta;
    if (meta && kind === "points2d") points.draw(run);
    if (meta && kind === "image" && samplesOf !== meta) {
      renderSamples(byId("t-samples"), meta.dataset);
      samplesOf = meta;
    }
    if (kind === "regression" && runs.some((r) => r.meta)) {
      linreg.draw(runs);
      const two = runs[0].meta && runs[0].meta.plan.parameters === 2;
      setText(byId("t-linreg-note"), t(two ? "train.ui.linreg.hint" : "train.ui.linreg.no_path"));
    }
  }

  /** The network view and the per-layer charts of the shown run; the view redraws when its snapshot changes. */
  function drawNetwork(run) {
    const snap = run && run.net;
    const key = snap ? [run.id, snap.version, widthOf(byId("t-network")), shell.state.lang].join("|") : "";
    if (key === netDrawn) return undefined;
    netDrawn = key;
    return timedPiece(() => network.draw(run), () => drawnHooks(run, run && run.net))(); // the snapshot drawn last
  }

  /** The test hooks of the network view, once its whole drawing of `snap` is done (its last piece). */
  function drawnHooks(run, snap) {
    netHooks.t = snap ? snap.t : null;
    netHooks.lines = Number(byId("t-net-canvas").dataset.lines);
    netHooks.heatmaps = snap && snap.heatmaps ? snap.heatmaps.length : 0;
    netHooks.last_neuron = network.lastNeuron();
    netHooks.example = network.example();
    netHooks.redraw = () => { // for bench/bench_page.py: the time of one whole draw of the view as it is now
      const t1 = performance.now();
      network.drawAll(run, true);
      return performance.now() - t1;
    };
    const out = snap && snap.heatmaps ? snap.heatmaps[snap.heatmaps.length - 1] : null;
    if (out) {
      const n = out.q.length / out.lo.length;
      const last = out.q.subarray(out.q.length - n);
      netHooks.output_range = [Math.min(...last) / 255, Math.max(...last) / 255];
    }
  }

  /** A piece of the network view's drawing that records its time (the longest piece: hooks.network.maxDrawMs),
   * and so does every piece it returns; `after()` runs when the last piece has. */
  function timedPiece(piece, after) {
    return () => {
      const t0 = performance.now();
      const next = piece();
      netHooks.maxDrawMs = Math.max(netHooks.maxDrawMs, performance.now() - t0);
      if (typeof next === "function") return timedPiece(next, after);
      after();
      return undefined;
    };
  }

  loop.add("frame", draw);
  let stageWidth = -1; // a taller page (a view grew) redraws nothing; a new width redraws everything
  new ResizeObserver(([entry]) => {
    if (entry.contentRect.width !== stageWidth) redraw();
    stageWidth = entry.contentRect.width;
  }).observe(byId("stage"));
  shell.relabels(charts, results, numerics, legend, picker, evalPanel, errors, { relabel: () => (samplesOf = null) },
    { relabel: () => (netDrawn = null) })
    .on("phase", redraw).on("data", () => loop.mark("frame")).on("lang", redraw)
    .on("reset", () => {
      charts.reset();
      network.clear();
      layerCharts.clear();
      netDrawn = null;
      samplesOf = null;
      viewRun = null;
      redraw();
    })
    .on("error", (err) => {
      errors.show(err);
      if (err && err.code === "unavailable" && !store.runs.size) { // nothing to show: back to idle, keep the note
        shell.session.reset();
        errors.show(err);
        shell.hooks.error = err.code;
      }
    });
  return { redraw, showError: (err) => errors.show(err) };
}
