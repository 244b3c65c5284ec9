// Entry point of the training page: wiring only. socket → session → store → one frame of views;
// controls → state → URL and session.

import { applyI18n, getLang, initI18n, onLangChange, setLang, t } from "../i18n.js";
import { fetchLessons } from "../lessons/api.js";
import { createLoop } from "../loop.js";
import { createSession } from "../session.js";
import { RunSocket } from "../socket.js";
import { bindTrainActions } from "./actions.js";
import { buildRuns, compareValues, effective, previewPlan, PRESETS } from "./config.js";
import { createControls } from "./controls.js";
import { lessonPatch } from "./lesson.js";
import { createTrainErrors } from "./errors.js";
import { normaliseTrainState, parseTrainState, PER_DATASET, scheduleEntries, serializeTrainState } from "./state.js";
import { createHooks } from "./hooks.js";
import { TrainStore } from "./store.js";
import { createTrainCharts } from "./views/charts.js";
import { renderSamples } from "./views/images.js";
import { createLandscapeView } from "./views/landscape.js";
import { createLinregView } from "./views/linreg.js";
import { createNumerics } from "./views/numerics.js";
import { createEvalPanel, createLegend, createLessonBox, createRunPicker, netLine, runLabel } from "./views/panels.js";
import { createPlanView, planFromMeta } from "./views/plan.js";
import { createPointsView } from "./views/points.js";
import { createResults } from "./views/results.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
initI18n(boot);
const catalog = boot.catalog;
const byId = (id) => document.getElementById(id);

const EXTRA = scheduleEntries(catalog);
let state = normaliseTrainState(parseTrainState(location.search, EXTRA), catalog);
state.lang = getLang();
const store = new TrainStore();
const loop = createLoop();
let viewRun = null; // id of the run the boundary, images and landscape show
let samplesOf = null;
let lastFull = 0;

const { hooks, update: updateHooks } = createHooks({ store, labelOf: runLabel, version: boot.version,
  frames: loop.stats });
window.__train = hooks;

// ---- views
const errors = createTrainErrors(byId("error-box"));
const plan = createPlanView({ stats: byId("t-plan"), note: byId("t-plan-note"), table: byId("t-batch-table"),
  line: byId("t-progress-line"), bar: byId("t-progress") });
const points = createPointsView(byId("t-boundary"));
const linreg = createLinregView(byId("t-fit"), byId("t-wb"));
const charts = createTrainCharts({ iterEl: byId("chart-iter"), accEl: byId("chart-acc"), lossEl: byId("chart-eloss"),
  keys: { iter: byId("keys-iter"), acc: byId("keys-acc"), loss: byId("keys-eloss") } });
const results = createResults({ box: byId("diagnosis"), store, labelOf: runLabel });
const landscape = createLandscapeView({ canvas: byId("t-landscape"), note: byId("t-landscape-note") });
const numerics = createNumerics({ box: byId("t-numerics"), limit: catalog.limits.max_numeric_params });
const legend = createLegend(byId("t-legend"));
const evalPanel = createEvalPanel({ card: byId("t-eval"), table: byId("t-confusion"), mistakes: byId("t-mistakes"),
  note: byId("t-mistakes-note") });
const picker = createRunPicker(byId("t-view-run"), (id) => {
  viewRun = id;
  loop.mark("frame");
});

function shownRun() {
  const runs = store.list;
  return runs.find((r) => r.id === viewRun) || runs[0] || null;
}

const BUSY_FRAME_MS = 120; // while training, the heavier views redraw at most this often

function drawFrame() {
  const runs = store.list;
  const run = shownRun();
  const followed = store.longest;
  const phase = session.phase;
  const e = effective(state, catalog);
  // plan and progress: the server's plan once it is known, else the page's own arithmetic
  const extra = state.vary === "bs" ? compareValues("bs", state.values, catalog).map((v) => (v === "full" ? e.nTrain : v)) : [];
  const runPlan = followed && followed.meta ? planFromMeta(followed.meta.plan) : null;
  const current = runPlan && runsKey() === startedKey; // the settings have not changed since the start
  const p = current ? runPlan : previewPlan(state, catalog);
  plan.render(p, { fromServer: Boolean(current), sampling: state.sampling, extra });
  plan.progress(runPlan || p, followed ? followed.buf.last() : null, phase);
  const now = performance.now();
  if (phase === "running" && now - lastFull < BUSY_FRAME_MS) {
    loop.mark("frame");
    return;
  }
  lastFull = now;
  const meta = run && run.meta;
  const kind = meta ? meta.dataset.kind : e.dataset.kind;
  byId("t-preview").dataset.kind = kind;
  byId("t-preview").dataset.empty = meta ? "0" : "1";
  byId("train-page").dataset.kind = kind;
  byId("t-net").textContent = meta && current
    ? netLine(meta.plan.sizes, meta.resolved.hidden.length ? meta.resolved.activation : null, meta.plan.parameters)
    : e.hidden ? netLine([e.dataset.features, ...e.hidden, e.dataset.kind === "regression" ? 1 : e.dataset.classes],
      e.hidden.length ? e.activation : null, e.parameters) : "";
  picker.render(runs, run ? run.id : null, runLabel);
  legend.render(runs);
  if (meta && kind === "points2d") points.draw(run);
  if (meta && kind === "image" && samplesOf !== meta) {
    renderSamples(byId("t-samples"), meta.dataset);
    samplesOf = meta;
  }
  if (kind === "regression" && runs.some((r) => r.meta)) {
    linreg.draw(runs);
    const two = runs[0].meta && runs[0].meta.plan.parameters === 2;
    byId("t-linreg-note").textContent = t(two ? "train.ui.linreg.hint" : "train.ui.linreg.no_path");
  }
  byId("t-charts").dataset.empty = runs.some((r) => r.meta) ? "0" : "1";
  charts.draw(runs);
  byId("t-chart-summary").textContent = store.allDone ? charts.summary(followed) : "";
  results.render(phase);
  evalPanel.render(run);
  if (run && run.done) landscape.draw(run);
  else landscape.clear();
  numerics.render({ parameters: e.parameters, mode: state.grad, run: followed, speed: state.speed });
  updateHooks(phase);
}

loop.add("frame", drawFrame);
const redraw = () => loop.mark("frame");
new ResizeObserver(redraw).observe(byId("stage"));

// ---- session
const socket = new RunSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/run`);
const session = createSession({
  socket, store,
  onPhase: (ph) => {
    const pill = byId("phase");
    pill.textContent = t(`ui.status.${ph}`);
    pill.dataset.phase = ph;
    pill.dataset.i18n = `ui.status.${ph}`;
    document.body.dataset.phase = ph;
    actions.setPhase(ph);
    hooks.phase = ph;
    redraw();
  },
  onData: redraw,
  onError: (err) => {
    errors.show(err);
    hooks.error = err ? err.code : null;
    if (err && err.code === "unavailable" && !store.runs.size) {
      session.reset();
      errors.show(err);
      hooks.error = err.code;
    }
  },
  onReset: () => {
    charts.reset();
    samplesOf = null;
    viewRun = null;
    redraw();
  },
});
socket.addEventListener("epoch", (ev) => {
  if (store.onEpoch(ev.detail)) redraw();
});

let startedKey = "";
const runsKey = () => JSON.stringify(buildRuns(state, catalog).map((r) => r.config));

function startRuns(opts) {
  startedKey = runsKey();
  return session.start(buildRuns(state, catalog), state.speed, opts);
}

// ---- state <-> controls <-> URL
function writeURL() {
  history.replaceState(null, "", `${location.pathname}?${serializeTrainState(state, EXTRA)}`);
  byId("permalink").value = location.href;
  for (const a of document.querySelectorAll("nav.pages a")) a.href = `${a.dataset.page}?lang=${getLang()}`;
}

const controls = createControls({
  form: byId("t-controls"), catalog,
  onChange: (patch, { final }) => {
    const next = { ...state, ...patch, lesson: null };
    if (state.lesson) showLesson(null);
    if (patch.ds !== undefined && patch.ds !== state.ds) for (const k of PER_DATASET) next[k] = null;
    if (patch.vary !== undefined && patch.vary !== state.vary) next.values = [];
    state = next;
    if (final) controls.render(state);
    writeURL();
    if (patch.speed !== undefined) session.speed(state.speed);
    redraw();
  },
});

const actions = bindTrainActions({
  session,
  start: () => startRuns(),
  stepFromIdle: () => startRuns({ paused: true, stepN: 1 }),
  preset: (name) => {
    const base = { ...state };
    for (const k of PER_DATASET) base[k] = null;
    state = { ...base, ...PRESETS[name], values: [...PRESETS[name].values], lesson: null };
    showLesson(null);
    controls.render(state);
    writeURL();
    startRuns();
    const stage = byId("stage");
    if (stage.getBoundingClientRect().top < 0) stage.scrollIntoView({ block: "start" });
  },
  onLang: (lang) => setLang(lang),
});

onLangChange(() => {
  state.lang = getLang();
  document.title = t("train.ui.page.title");
  writeURL();
  controls.relabel();
  charts.relabel();
  results.relabel();
  numerics.relabel();
  legend.relabel();
  picker.relabel();
  evalPanel.relabel();
  errors.relabel();
  actions.relabel();
  samplesOf = null;
  lessonBox.relabel();
  redraw();
});

// ---- a lesson opened here (/train?lesson=key)
const lessonBox = createLessonBox({ box: byId("t-lesson"), title: byId("t-lesson-title"),
  notice: byId("t-lesson-notice"), text: byId("t-lesson-text") });
const showLesson = (found) => lessonBox.show(found);

function openLesson(key) {
  fetchLessons().then((list) => {
    const found = (list || []).find((l) => l.key === key);
    const patch = found && lessonPatch(found, catalog);
    if (!patch || state.lesson !== key) {
      if (!patch) state.lesson = null;
      writeURL();
      return;
    }
    const base = { ...state };
    for (const k of PER_DATASET) base[k] = null;
    state = normaliseTrainState({ ...base, ...patch, lesson: key }, catalog);
    state.lang = getLang();
    controls.render(state);
    showLesson(found);
    writeURL();
    redraw();
  }).catch(() => {
    state.lesson = null;
    writeURL();
  });
}

// ---- go
applyI18n();
controls.render(state);
writeURL();
actions.setPhase("idle");
redraw();
socket.connect().catch(() => {});
if (state.lesson) openLesson(state.lesson);
else if (state.autoplay) startRuns();
