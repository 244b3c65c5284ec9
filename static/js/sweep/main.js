// Entry point of /sweep: the settings form, the map streamed coarse to fine, a clicked cell's run played live,
// the trainability map with zoom, and a lesson's runs marked on its map.

import { applyI18n, initI18n, onLangChange, setLang, t } from "../shared/i18n.js";
import { findLesson } from "../shared/lessons.js";
import { createControls } from "./controls.js";
import { createLessonBox, lessonMarkers, lessonOutcomes } from "./lesson.js";
import { createMap } from "./map.js";
import { cellQuery, lessonState, normalise, OUTCOMES, requestBody, SWEEP, zoomWindow } from "./request.js";
import { applyMode, drawError, drawStatus, playCell } from "./status.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
initI18n(boot);
const byId = (id) => document.getElementById(id);
const catalog = boot.catalog;
let state = normalise(SWEEP.parse(location.search), catalog);
const hooks = { ready: false, done: false, level: 0, tiles: 0, live: null, lesson: null };
window.__sweep = hooks;

const map = createMap({ canvas: byId("sw-map"), hover: byId("sw-hover"), legend: byId("sw-legend") });
const lessonBox = createLessonBox({ box: byId("sw-lesson"), title: byId("sw-lesson-title"),
  text: byId("sw-lesson-text"), notice: byId("sw-lesson-notice"), table: byId("sw-lesson-runs"),
  claims: byId("sw-lesson-claims") });
const writeURL = () => history.replaceState(null, "", `${location.pathname}?${SWEEP.serialize(state)}`);
const controls = createControls({ form: byId("sw-form"), catalog,
  onChange: (patch) => {
    state = normalise({ ...state, ...patch, lesson: null, x: null, y: null }, catalog);
    lessonBox.show(null);
    map.setMarkers([]);
    controls.render(state);
    applyMode(state.map, state.axes);
    writeURL();
  },
  onSubmit: () => draw() });

let abort = null;
async function draw() {
  if (abort) abort.abort();
  abort = new AbortController();
  Object.assign(hooks, { done: false, level: 0, tiles: 0 });
  byId("btn-zoom-reset").hidden = !(state.map === "trainability" && state.x);
  drawError(byId("error-box"), null);
  const url = state.map === "trainability" ? "/api/v1/trainability" : "/api/v1/sweeps";
  try {
    await drawStatus(url, requestBody(state), map, byId("sw-status"), hooks, abort.signal);
    hooks.done = true; // the whole answer read
  } catch (err) {
    if (err && err.name === "AbortError") return;
    drawError(byId("error-box"), err);
  }
}

byId("sw-map").addEventListener("click", (ev) => {
  const cell = map.cellOf(ev);
  if (!cell || !map.current.known[cell.c]) return;
  const { meta, current } = map;
  if (meta.kind === "trainability") {
    [state.x, state.y] = zoomWindow(current.xs[cell.i], current.ys[cell.j], meta.request.lr1_range,
      meta.request.lr2_range);
    writeURL();
    draw();
    return;
  }
  hooks.live = playCell(cellQuery(meta, current, cell.i, cell.j), map.describe(cell), state.lang);
});
byId("btn-zoom-reset").addEventListener("click", () => {
  state = { ...state, x: null, y: null };
  writeURL();
  draw();
});
for (const b of document.querySelectorAll("[data-lang]")) b.addEventListener("click", () => setLang(b.dataset.lang));
onLangChange((lang) => {
  state.lang = lang;
  writeURL();
  document.title = t("sweep.ui.page.title");
  controls.render(state);
  lessonBox.relabel();
  map.relabel();
});
window.addEventListener("resize", () => map.redraw());
hooks.cellPoint = (i, j) => map.cellPoint(i, j);
hooks.cell = (i, j) => {
  const l = map.current;
  return { reason: OUTCOMES[l.reason[j * l.n + i]], k: l.k[j * l.n + i], n: l.n, xs: l.xs, ys: l.ys };
};

async function openLesson(key) {
  const lesson = await findLesson(key);
  if (!lesson || !lesson.sweep) return;
  state = normalise(lessonState(lesson, state), catalog);
  controls.render(state);
  writeURL();
  const outcomes = await lessonOutcomes(lesson);
  lessonBox.show(lesson, outcomes);
  map.setMarkers(lessonMarkers(lesson, "momentum"));
  hooks.lesson = outcomes.map((d) => d && d.reason);
}

controls.render(state);
applyMode(state.map, state.axes);
writeURL();
(state.lesson ? openLesson(state.lesson) : Promise.resolve()).then(() => {
  hooks.ready = true;
  return draw();
});
