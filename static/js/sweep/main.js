// Entry point of /sweep: the settings form, the map streamed coarse to fine, a clicked cell's run played live,
// the trainability map with zoom, and a lesson's runs marked on its map.

import { initI18n, onLangChange, setLang, t } from "../shared/i18n.js";
import { findLesson } from "../shared/lessons.js";
import { createControls } from "./controls.js";
import { createLessonBox, lessonMarkers, lessonOutcomes } from "./lesson.js";
import { createMap } from "./map.js";
import { createDrawing } from "./drawing.js";
import { lessonState, normalise, SWEEP } from "./request.js";
import { applyMode } from "./status.js";

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

const drawing = createDrawing({ byId, map, hooks, state: () => state, writeURL });
const draw = () => drawing.draw();

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
