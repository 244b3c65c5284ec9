// The descent simulator that / and /embed share, on top of the page shell: the map, the two charts, the status
// line, the error box and the settings form, wired to the state, the URL and the session.
// A page adds its own parts (lessons, sharing, an embed bridge) around it.

import { holdStart } from "../shared/bounds.js";
import { descentPatch } from "../shared/evidence.js";
import { fmt } from "../shared/format.js";
import { pick, t } from "../shared/i18n.js";
import { createShell } from "../shared/shell.js";
import { fetchTune } from "./api.js";
import { RunStore } from "./buffer.js";
import { baseConfig, buildRuns, normaliseState } from "./config.js";
import { prettyFormula, runLabel } from "./labels.js";
import { lessonLabel } from "./lessons/labels.js";
import { withCatalog } from "./state.js";
import { createCharts } from "./views/charts.js";
import { createControls } from "./views/controls.js";
import { createErrorBox } from "./views/errors.js";
import { createFormulaPanel, customEntry } from "./views/formula.js";
import { createMapView } from "./views/map.js";
import { createMultiples } from "./views/multiples.js";
import { createScrubber } from "./views/scrubber.js";
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
  const custom = customEntry(catalog, shell.state); // your own f(x, y): filled in once the server has read it
  catalog.surfaces.push(custom);
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

  /** The runs of a start; with `tune` (vary=opt) each optimizer's learning rate comes from a search first. */
  function startRuns(o) {
    if (holdStart(controls.problems(), (e) => errors.show(e))) return undefined; // a box the server would refuse
    const lesson = opts.lessonRuns();
    const s = shell.state;
    if (lesson || !(s.tune && s.vary === "opt" && s.values.length)) {
      tuneNote(null);
      return shell.start(lesson || buildRuns(s, catalog), o);
    }
    return fetchTune(baseConfig(s, catalog), s.values).then((found) => {
      const lrs = s.values.map((v) => (found.optimizers.find((x) => x.optimizer === v) || {}).lr);
      tuneNote(found);
      return shell.start(buildRuns({ ...s, lrs }, catalog), o);
    }, (err) => errors.show(err));
  }

  /** Says how the compared optimizers got their learning rates (a search), or nothing. */
  function tuneNote(found) {
    const note = byId("f-tune-note");
    if (!note) return;
    note.hidden = !found;
    if (!found) return;
    const list = found.optimizers.map((x) => `${t(`ui.optimizer.${x.optimizer}`)} ${fmt(x.lr, 3)}`).join(", ");
    note.textContent = t("ui.tune.note", { n: found.grid.length, lo: fmt(found.grid[0]),
      hi: fmt(found.grid[found.grid.length - 1]), steps: found.steps, list });
  }

  const errors = createErrorBox(byId("error-box"));
  const map = createMapView({
    root: byId("map"), loop, store, getStart: () => shell.state.start || surfaceOf(shell.state.surface).start,
    runLabel: labelOf, onDrawn: (drawn) => {
      updateHooks(drawn);
      loop.mark("multiples"); // a new window (zoom, pan, fit) or new points: the small maps follow the big one
    },
    onSurface: () => loop.mark("multiples"), // and its window's own contours, once traced
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
  const scrub = byId("scrub") && createScrubber({ root: byId("scrub"), input: byId("f-scrub"),
    output: byId("scrub-out"), store, loop, runLabel: labelOf, onScrub: (k) => {
      map.setUpTo(k);
      charts.setUpTo(k); // the loss and gradient charts replay the same step
      if (multiples) multiples.setUpTo(k); // and so do the small maps of a comparison
    } });
  if (scrub) loop.add("scrub", () => scrub.sync());
  const multiples = byId("multiples") && createMultiples({ root: byId("multiples"), toggle: byId("btn-multiples"),
    store, loop, picture: () => map.picture, runLabel: labelOf });
  const charts = createCharts({ lossEl: byId("chart-loss"), gradEl: byId("chart-grad"), loop, store });
  const status = createStatus({
    counter: byId("counter"), progress: byId("progress"), phase: byId("phase"), legend: byId("legend"),
    diagnosis: byId("diagnosis"), store, loop, runLabel: labelOf,
    openGhost: (cf) => { // the run the diagnosis tried, as the page's settings: shown, in the URL, and run
      opts.forgetLesson();
      shell.state = normaliseState({ ...shell.state, ...descentPatch(cf.change) }, catalog);
      controls.render(shell.state);
      shell.writeURL();
      startRuns();
    },
  });

  function showSurface() {
    const s = surfaceOf(shell.state.surface);
    formula.render(shell.state);
    byId("surface-title").textContent = pick(s.title);
    byId("surface-formula").textContent = `f = ${prettyFormula(s.formula)}`;
    const notes = byId("surface-notes");
    if (notes) {
      notes.textContent = s === custom ? formula.notesText() : "";
      notes.hidden = !notes.textContent;
    }
    if (s === custom && !custom.grid) {
      formula.check(); // the map follows once the server has read the formula
      return;
    }
    if (opts.beforeSurface) opts.beforeSurface();
    map.setSurface(s).catch(() => errors.show({ code: "grid" }));
  }

  const controls = createControls({
    form: byId("controls"), catalog,
    onChange: (patch, { final }) => {
      const before = shell.state;
      if (Object.keys(patch).some((k) => k !== "speed")) opts.forgetLesson();
      shell.state = { ...shell.state, ...patch, autoplay: false }; // a changed link no longer starts by itself
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

  const formula = createFormulaPanel({
    form: byId("controls"), entry: custom, getState: () => shell.state,
    onAccept: (f, view) => {
      const box = view || custom.view;
      const start = shell.state.start;
      const inside = start && start[0] >= box[0][0] && start[0] <= box[0][1] && start[1] >= box[1][0]
        && start[1] <= box[1][1];
      opts.forgetLesson();
      if (store.runs.size) session.reset();
      const own = view && JSON.stringify(view) !== JSON.stringify(catalog.custom_surface.view);
      shell.state = { ...shell.state, surface: "custom", f, view: own ? view.flat().map(String) : [],
        start: inside ? start : null };
      controls.render(shell.state);
      shell.writeURL();
      showSurface();
    },
  });

  shell.relabels(controls, charts, status, errors, formula, ...[scrub, multiples].filter(Boolean))
    .on("phase", (p) => {
      status.setPhase(p);
      if (scrub) scrub.setPhase(p);
    })
    .on("data", () => loop.mark("path", "charts", "status", "scrub", "multiples"))
    .on("error", (err) => errors.show(err))
    .on("reset", () => {
      charts.reset();
      hooks.firstDrawAt = NaN;
      loop.mark("path", "status", "scrub", "multiples");
    })
    .on("lang", () => {
      showSurface();
      loop.mark("tip");
    })
    .on("phase", (p) => p === "idle" && loop.mark("charts"));
  return { shell, store, map, charts, status, errors, controls, labelOf, surfaceOf, startRuns, showSurface };
}
