// Entry point of /embed: the simulator in an iframe, configured by the query string (the permalink's keys,
// `hide`, `autoplay`, `theme`, `lesson`) and driven by the host page over postMessage. Wiring only.

import { RunStore } from "./buffer.js";
import { buildRuns, normaliseState } from "./config.js";
import { applyI18n, getLang, initI18n, onLangChange, pick, setLang, t } from "./i18n.js";
import { prettyFormula, runLabel } from "./labels.js";
import { createLoop } from "./loop.js";
import { createSession } from "./session.js";
import { RunSocket } from "./socket.js";
import { parseState, serializeState } from "./state.js";
import { createBridge } from "./embed/bridge.js";
import { createLayout } from "./embed/layout.js";
import { statePatch } from "./embed/patch.js";
import { bindToolbar } from "./embed/toolbar.js";
import { fetchLessons } from "./lessons/api.js";
import { lessonLabel } from "./lessons/labels.js";
import { lessonRuns, lessonState } from "./lessons/runs.js";
import { createCharts } from "./views/charts.js";
import { createControls } from "./views/controls.js";
import { createErrorBox } from "./views/errors.js";
import { createMapView } from "./views/map.js";
import { createStatus } from "./views/status.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
initI18n(boot);
const catalog = boot.catalog;
const allowed = Array.isArray(boot.embed_origins) && boot.embed_origins.length ? boot.embed_origins : ["*"];
const byId = (id) => document.getElementById(id);
const PROGRESS_MS = 200;

function normalise(s) {
  normaliseState(s, catalog);
  s.lang = getLang();
  return s;
}

let state = normalise(parseState(location.search));
let lesson = null; // {key, runs} while the runs are a lesson's
const store = new RunStore();
const loop = createLoop();
const surfaceOf = (key) => catalog.surfaces.find((s) => s.key === key);
const labelOf = (run) => lessonLabel(run.label) ?? runLabel(run.label);
const runId = (run) => (run.label && run.label.run) || run.name || run.id;

// ---- test hooks (the same shape as the main page's)
const hooks = {
  phase: "idle", received: 0, drawn: 0, done: false, runs: [], error: null, startAt: NaN, firstDrawAt: NaN,
  frames: loop.stats, version: boot.version, embed: null, ready: false,
};
window.__descent = hooks;

function updateHooks(drawnById) {
  const runs = store.list;
  if (drawnById) for (const r of runs) r.drawn = drawnById[r.id] ?? 0;
  hooks.runs = runs.map((r) => ({
    id: runId(r), label: labelOf(r), received: r.buf.length, drawn: r.drawn || 0,
    done: Boolean(r.done), reason: r.done ? r.done.reason : null,
    verdict: r.done ? r.done.diagnosis.verdict : null, lastT: r.buf.length ? r.buf.t[r.buf.length - 1] : -1,
  }));
  hooks.received = store.received;
  hooks.drawn = hooks.runs.reduce((a, r) => a + r.drawn, 0);
  hooks.done = store.allDone && hooks.runs.every((r) => r.drawn === r.received);
  hooks.phase = session ? session.phase : "idle";
  byId("map").dataset.received = String(hooks.received);
  byId("map").dataset.done = hooks.done ? "1" : "0";
}

// ---- views
const layout = createLayout({
  root: byId("embed"), area: byId("map-area"), fit: byId("map-fit"), side: byId("e-side"), settings: byId("settings"),
  settingsButton: byId("btn-settings"), settingsClose: byId("btn-settings-close"),
  getView: () => (surfaceOf(state.surface) || {}).view,
});
const errors = createErrorBox(byId("error-box"));
const map = createMapView({
  root: byId("map"), loop, store, getStart: () => state.start || surfaceOf(state.surface).start,
  runLabel: labelOf, onDrawn: updateHooks,
  onPick: (point, final) => {
    state.start = point;
    lesson = null;
    state.lesson = null;
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

// ---- host messages
const bridge = createBridge({ allowed, onCommand: (name, msg) => command(name, msg) });
hooks.embed = bridge.stats;

const posted = new Map(); // run id -> last t posted
let progressTimer = 0;
function postProgress() {
  progressTimer = 0;
  for (const r of store.list) {
    if (!r.buf.length || !r.meta) continue;
    const tNow = r.buf.t[r.buf.length - 1];
    if (posted.get(r.id) === tNow) continue;
    posted.set(r.id, tNow);
    bridge.post("progress", { run: runId(r), t: tNow, n: r.meta.steps });
  }
}
function postDone() {
  if (progressTimer) {
    clearTimeout(progressTimer);
    postProgress();
  }
  bridge.post("done", {
    lang: getLang(),
    runs: store.list.map((r) => ({
      id: runId(r), label: labelOf(r), reason: r.done ? r.done.reason : "closed",
      verdict: r.done ? r.done.diagnosis.verdict : null, message: r.done ? pick(r.done.diagnosis.message) : "",
      t: r.done ? r.done.t : (r.buf.length ? r.buf.t[r.buf.length - 1] : null),
      final: r.done && r.done.summary ? r.done.summary.final || null : null,
    })),
  });
}

// ---- session
const socket = new RunSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/run`);
hooks.socket = socket.stats;
const session = createSession({
  socket, store,
  onPhase: (p) => {
    status.setPhase(p);
    toolbar.setPhase(p);
    hooks.phase = p;
    bridge.post("phase", { phase: p });
    if (p === "done") postDone();
  },
  onData: () => {
    loop.mark("path", "charts", "status");
    if (!progressTimer) progressTimer = setTimeout(postProgress, PROGRESS_MS);
  },
  onError: (err) => {
    errors.show(err);
    hooks.error = err ? err.code : null;
    if (err) bridge.post("error", { code: err.code, message: err.message || "" });
  },
  onReset: () => {
    charts.reset();
    posted.clear();
    hooks.firstDrawAt = NaN;
    loop.mark("path", "status");
  },
});

function startRuns(opts) {
  const runs = (lesson && lesson.key === state.lesson && lesson.runs) || buildRuns(state, catalog);
  return session.start(runs, state.speed, opts);
}

const toolbar = bindToolbar({
  session, start: () => startRuns(), stepFromIdle: () => startRuns({ paused: true, stepN: 2 }),
});

// ---- state <-> controls <-> URL
function writeURL() {
  history.replaceState(null, "", `${location.pathname}?${serializeState(state)}`);
  const full = serializeState({ ...state, hide: [], autoplay: false, theme: "light" });
  byId("open-full").href = `/${full ? `?${full}` : ""}`;
}

function showSurface() {
  const s = surfaceOf(state.surface);
  byId("surface-title").textContent = pick(s.title);
  byId("surface-formula").textContent = `f = ${prettyFormula(s.formula)}`;
  layout.fitMap();
  map.setSurface(s).catch(() => errors.show({ code: "grid" }));
}

const controls = createControls({
  form: byId("controls"), catalog,
  onChange: (patch, { final }) => {
    const before = state;
    state = { ...state, ...patch };
    if (Object.keys(patch).some((k) => k !== "speed")) {
      lesson = null;
      state.lesson = null;
    }
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

/** Load the state's lesson (a descent lesson's runs and settings); forget it when there is none. */
async function loadLesson() {
  if (!state.lesson) {
    lesson = null;
    return;
  }
  let found = null;
  try {
    found = (await fetchLessons()).find((l) => l.key === state.lesson) || null;
  } catch {
    found = null;
  }
  const runs = lessonRuns(found);
  if (!runs) {
    lesson = null;
    state.lesson = null;
    return;
  }
  state = normalise(lessonState(found, state));
  lesson = { key: found.key, runs };
}

/** Everything that follows from the state: parts, theme, form, surface, URL. */
function applyState() {
  layout.setHidden(state.hide);
  layout.setTheme(state.theme);
  controls.render(state);
  showSurface();
  writeURL();
}

async function command(name, msg) {
  switch (name) {
    case "set": {
      const { patch, unknown, invalid } = statePatch(msg.state);
      if (unknown.length || invalid.length) bridge.post("error", { code: "invalid_state", unknown, invalid });
      if (patch.lang && patch.lang !== getLang()) setLang(patch.lang);
      const lessonChanged = "lesson" in patch && patch.lesson !== state.lesson;
      state = normalise({ ...state, ...patch });
      if (!("lesson" in patch) && Object.keys(patch).some((k) => !["speed", "lang", "hide", "theme", "autoplay"].includes(k))) {
        lesson = null;
        state.lesson = null;
      }
      if (lessonChanged) await loadLesson();
      if (store.runs.size && Object.keys(patch).some((k) => !["speed", "lang", "hide", "theme"].includes(k))) {
        session.reset();
      }
      applyState();
      if (patch.speed !== undefined) session.speed(state.speed);
      break;
    }
    case "start":
      startRuns();
      break;
    case "pause":
      session.pause();
      break;
    case "resume":
      session.resume();
      break;
    case "step":
      if (!session.step()) startRuns({ paused: true, stepN: 2 });
      break;
    case "stop":
      session.stop();
      break;
    case "reset":
      session.reset();
      break;
    default:
      break;
  }
}

onLangChange((lang) => {
  state.lang = lang;
  writeURL();
  document.title = t("ui.page.title");
  controls.relabel();
  charts.relabel();
  status.relabel();
  errors.relabel();
  toolbar.relabel();
  showSurface();
  loop.mark("tip");
});

// ---- go
applyI18n();
status.setPhase("idle");
toolbar.setPhase("idle");
loop.mark("charts");
loadLesson().then(() => {
  applyState();
  socket.connect().catch(() => {});
  hooks.ready = true;
  bridge.post("ready", { version: boot.version, protocol: 1, lang: getLang(), state: serializeState(state) });
  if (state.autoplay) startRuns();
});
