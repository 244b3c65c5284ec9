// Entry point: wiring only. socket -> session -> store -> loop -> views; controls -> state -> URL and session.

import { RunStore } from "./buffer.js";
import { buildRuns, LESSON_PRESET, normaliseState } from "./config.js";
import { applyI18n, getLang, initI18n, onLangChange, pick, setLang, t } from "./i18n.js";
import { prettyFormula, runLabel } from "./labels.js";
import { createLoop } from "./loop.js";
import { createSession } from "./session.js";
import { RunSocket } from "./socket.js";
import { parseState, serializeState } from "./state.js";
import { bindActions } from "./actions.js";
import { createCharts } from "./views/charts.js";
import { createControls } from "./views/controls.js";
import { createErrorBox } from "./views/errors.js";
import { createMapView } from "./views/map.js";
import { createStatus } from "./views/status.js";
import { createShare } from "./views/share.js";
import { lessonLabel } from "./lessons/labels.js";
import { createLessonsPanel } from "./lessons/panel.js";
import { lessonRuns, lessonState } from "./lessons/runs.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
initI18n(boot);
const catalog = boot.catalog;
const byId = (id) => document.getElementById(id);

function normalise(s) {
  normaliseState(s, catalog);
  s.lang = getLang();
  return s;
}

let state = normalise(parseState(location.search));
const store = new RunStore();
const loop = createLoop();
const surfaceOf = (key) => catalog.surfaces.find((s) => s.key === key);
const labelOf = (run) => lessonLabel(run.label) ?? runLabel(run.label);

// ---- views
const hooks = {
  phase: "idle", received: 0, drawn: 0, done: false, runs: [], error: null, startAt: NaN, firstDrawAt: NaN,
  frames: loop.stats, version: boot.version,
};
window.__descent = hooks;

function updateHooks(drawnById) {
  const runs = store.list;
  if (drawnById) for (const r of runs) r.drawn = drawnById[r.id] ?? 0;
  hooks.runs = runs.map((r) => ({
    id: r.name || r.id, label: labelOf(r), received: r.buf.length, drawn: r.drawn || 0,
    done: Boolean(r.done), reason: r.done ? r.done.reason : null,
    verdict: r.done ? r.done.diagnosis.verdict : null, lastT: r.buf.length ? r.buf.t[r.buf.length - 1] : -1,
  }));
  hooks.received = store.received;
  hooks.drawn = hooks.runs.reduce((a, r) => a + r.drawn, 0);
  hooks.done = store.allDone && hooks.runs.every((r) => r.drawn === r.received);
  hooks.phase = session ? session.phase : "idle";
  if (hooks.drawn > 0 && Number.isNaN(hooks.firstDrawAt) && session) {
    hooks.firstDrawAt = performance.now();
    hooks.startAt = session.timing.startAt;
  }
  const mapEl = byId("map");
  mapEl.dataset.received = String(hooks.received);
  mapEl.dataset.done = hooks.done ? "1" : "0";
}

const errors = createErrorBox(byId("error-box"));
const map = createMapView({
  root: byId("map"), loop, store, getStart: () => state.start || surfaceOf(state.surface).start,
  runLabel: labelOf, onDrawn: updateHooks,
  onPick: (point, final) => {
    detachLesson();
    state.start = point;
    controls.setStart(point);
    map.redrawPath();
    if (final) {
      controls.render(state);
      writeURL();
      if (store.runs.size) startRuns();
    }
  },
});
const charts = createCharts({ lossEl: byId("chart-loss"), gradEl: byId("chart-grad"), loop, store });
const status = createStatus({
  counter: byId("counter"), progress: byId("progress"), phase: byId("phase"), legend: byId("legend"),
  diagnosis: byId("diagnosis"), store, loop, runLabel: labelOf,
});

// ---- session
const socket = new RunSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/run`);
hooks.socket = socket.stats;
const session = createSession({
  socket, store,
  onPhase: (p) => {
    status.setPhase(p);
    actions.setPhase(p);
    hooks.phase = p;
  },
  onData: () => loop.mark("path", "charts", "status", "lesson"),
  onError: (err) => {
    errors.show(err);
    hooks.error = err ? err.code : null;
  },
  onReset: () => {
    charts.reset();
    hooks.firstDrawAt = NaN;
    loop.mark("path", "status", "lesson");
  },
});

function startRuns(opts) {
  const runs = (state.lesson && lessons.runsFor(state.lesson)) || buildRuns(state, catalog);
  return session.start(runs, state.speed, opts);
}

// ---- state <-> controls <-> URL
function writeURL() {
  history.replaceState(null, "", `${location.pathname}?${serializeState(state)}`);
  byId("permalink").value = location.href;
}

function showSurface() {
  const s = surfaceOf(state.surface);
  byId("surface-title").textContent = pick(s.title);
  byId("surface-formula").textContent = `f = ${prettyFormula(s.formula)}`;
  map.setSurface(s).catch(() => errors.show({ code: "grid" }));
}

const controls = createControls({
  form: byId("controls"), catalog,
  onChange: (patch, { final }) => {
    const before = state;
    if (Object.keys(patch).some((k) => k !== "speed")) detachLesson();
    state = { ...state, ...patch };
    if (final) controls.render(state);
    writeURL();
    if (patch.surface !== undefined && patch.surface !== before.surface) {
      if (store.runs.size) session.reset();
      showSurface();
    }
    if ("start" in patch) map.redrawPath();
    if (patch.speed !== undefined) session.speed(state.speed);
  },
});

const actions = bindActions({
  session,
  start: () => startRuns(),
  stepFromIdle: () => startRuns({ paused: true, stepN: 2 }),
  preset: () => {
    detachLesson();
    state = { ...state, ...LESSON_PRESET, values: [...LESSON_PRESET.values], start: [...LESSON_PRESET.start] };
    controls.render(state);
    writeURL();
    showSurface();
    startRuns();
    const stage = byId("stage");
    if (stage.getBoundingClientRect().top < 0) stage.scrollIntoView({ block: "start" });
  },
  exported: () => ({ store, labelOf, surface: state.surface, picture: () => map.composite() }),
  onLang: (lang) => setLang(lang),
  showError: (err) => errors.show(err),
});

// ---- lessons and sharing
const lessons = createLessonsPanel({
  root: byId("lessons"), loop, store,
  onChoose: (lesson) => (lesson ? openLesson(lesson, { start: true }) : closeLesson()),
  onRun: (lesson) => openLesson(lesson, { start: true }),
});

/** Open a lesson: a descent lesson's settings and runs become the page's (started when asked). */
function openLesson(lesson, { start }) {
  const runs = lessonRuns(lesson);
  if (runs && store.runs.size && !start) session.reset();
  state = normalise(lessonState(lesson, state));
  lessons.show(lesson);
  controls.render(state);
  writeURL();
  showSurface();
  if (runs && start) startRuns();
}

function closeLesson() {
  state.lesson = null;
  lessons.show(null);
  writeURL();
}

/** The settings changed: the runs are no longer a descent lesson's (its text stays on show). */
function detachLesson() {
  if (!state.lesson || !lessons.runsFor(state.lesson)) return;
  state.lesson = null;
  lessons.detach();
}

const share = createShare({ dialog: byId("share-dialog"), opener: byId("btn-share"), getState: () => state });

onLangChange((lang) => {
  state.lang = lang;
  writeURL();
  document.title = t("ui.page.title");
  controls.relabel();
  charts.relabel();
  status.relabel();
  errors.relabel();
  actions.relabel();
  lessons.relabel();
  share.relabel();
  showSurface();
  loop.mark("tip");
});

// ---- go
applyI18n();
controls.render(state);
showSurface();
writeURL();
status.setPhase("idle");
actions.setPhase("idle");
loop.mark("charts");
socket.connect().catch(() => {});
lessons.load().then(() => {
  const lesson = state.lesson ? lessons.find(state.lesson) : null;
  if (lesson) {
    openLesson(lesson, { start: state.autoplay });
  } else {
    if (state.lesson) closeLesson();
    if (state.autoplay) startRuns();
  }
});
