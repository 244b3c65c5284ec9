// The descent simulator that / and /embed share, on top of the page shell: the map, the two charts, the status
// line, the error box and the settings form, wired to the state, the URL and the session.
// A page adds its own parts (lessons, sharing, an embed bridge) around it.

import { pick } from "../shared/i18n.js";
import { createShell } from "../shared/shell.js";
import { RunStore } from "./buffer.js";
import { buildRuns, normaliseState } from "./config.js";
import { prettyFormula, runLabel } from "./labels.js";
import { lessonLabel } from "./lessons/labels.js";
import { withCatalog } from "./state.js";
import { createCharts } from "./views/charts.js";
import { createControls } from "./views/controls.js";
import { createErrorBox } from "./views/errors.js";
import { createMapView } from "./views/map.js";
import { createStatus } from "./views/status.js";

const labelOf = (run) => lessonLabel(run.label) ?? runLabel(run.label);

/**
 * opts: {hooks (extra test hook fields), runId(run) (the id the hooks name a run by), lessonRuns() (the open
 * lesson's runs, or null), forgetLesson() (the settings changed: the runs are no longer a lesson's),
 * beforeSurface() (layout work before the map draws a surface)}.
 * Returns {shell, map, charts, status, errors, controls, labelOf, surfaceOf, startRuns(opts), showSurface()}.
 */
export function createSimulator(opts) {
  const store = new RunStore();
  const shell = createShell({
    table: withCatalog, normalise: normaliseState, store, titleKey: "ui.page.title", hooksName: "__descent",
    hooks: { received: 0, drawn: 0, done: false, runs: [], startAt: NaN, firstDrawAt: NaN, ...opts.hooks },
  });
  const { byId, catalog, hooks, loop, session } = shell;
  const runId = opts.runId || ((r) => r.name || r.id);
  const surfaceOf = (key) => catalog.surfaces.find((s) => s.key === key);

  function updateHooks(drawnById) {
    const runs = store.list;
    if (drawnById) for (const r of runs) r.drawn = drawnById[r.id] ?? 0;
    hooks.runs = runs.map((r) => ({
      id: runId(r), label: labelOf(r), received: r.buf.length, drawn: r.drawn || 0,
      done: Boolean(r.done), reason: r.done ? r.done.reason : null,
      verdict: r.done ? r.done.diagnosis.verdict : null, lastT: r.buf.length ? r.buf.t[r.buf.length - 1] : -1,
      start: r.buf.length ? [r.buf.x[0], r.buf.y[0]] : null, // where the run started (its first record)
    }));
    hooks.received = store.received;
    hooks.drawn = hooks.runs.reduce((a, r) => a + r.drawn, 0);
    hooks.done = store.allDone && hooks.runs.every((r) => r.drawn === r.received);
    hooks.phase = session.phase;
    if (hooks.drawn > 0 && Number.isNaN(hooks.firstDrawAt)) {
      hooks.firstDrawAt = performance.now();
      hooks.startAt = session.timing.startAt;
    }
    byId("map").dataset.received = String(hooks.received);
    byId("map").dataset.done = hooks.done ? "1" : "0";
  }

  const startRuns = (o) => shell.start(opts.lessonRuns() || buildRuns(shell.state, catalog), o);

  const errors = createErrorBox(byId("error-box"));
  const map = createMapView({
    root: byId("map"), loop, store, getStart: () => shell.state.start || surfaceOf(shell.state.surface).start,
    runLabel: labelOf, onDrawn: updateHooks,
    onPick: (point, final) => {
      opts.forgetLesson();
      shell.state.start = point;
      controls.setStart(point);
      map.redrawPath();
      if (final) {
        controls.render(shell.state);
        shell.writeURL();
        if (store.runs.size) startRuns();
      }
    },
  });
  const charts = createCharts({ lossEl: byId("chart-loss"), gradEl: byId("chart-grad"), loop, store });
  const status = createStatus({
    counter: byId("counter"), progress: byId("progress"), phase: byId("phase"), legend: byId("legend"),
    diagnosis: byId("diagnosis"), store, loop, runLabel: labelOf,
  });

  function showSurface() {
    const s = surfaceOf(shell.state.surface);
    byId("surface-title").textContent = pick(s.title);
    byId("surface-formula").textContent = `f = ${prettyFormula(s.formula)}`;
    if (opts.beforeSurface) opts.beforeSurface();
    map.setSurface(s).catch(() => errors.show({ code: "grid" }));
  }

  const controls = createControls({
    form: byId("controls"), catalog,
    onChange: (patch, { final }) => {
      const before = shell.state;
      if (Object.keys(patch).some((k) => k !== "speed")) opts.forgetLesson();
      shell.state = { ...shell.state, ...patch };
      if (final) controls.render(shell.state);
      shell.writeURL();
      if (patch.surface !== undefined && patch.surface !== before.surface) {
        if (store.runs.size) session.reset();
        showSurface();
      }
      if ("start" in patch) map.redrawPath();
      if (patch.speed !== undefined) session.speed(shell.state.speed);
    },
  });

  shell.relabels(controls, charts, status, errors)
    .on("phase", (p) => status.setPhase(p))
    .on("data", () => loop.mark("path", "charts", "status"))
    .on("error", (err) => errors.show(err))
    .on("reset", () => {
      charts.reset();
      hooks.firstDrawAt = NaN;
      loop.mark("path", "status");
    })
    .on("lang", () => {
      showSurface();
      loop.mark("tip");
    })
    .on("phase", (p) => p === "idle" && loop.mark("charts"));
  return { shell, store, map, charts, status, errors, controls, labelOf, surfaceOf, startRuns, showSurface };
}
