// Entry point of /embed: the simulator in an iframe, configured by the query string (the permalink's keys,
// `hide`, `autoplay`, `theme`, `lesson`) and driven by the host page over postMessage (./host.js).

import { getLang } from "../shared/i18n.js";
import { findLesson } from "../shared/lessons.js";
import { lessonRuns, lessonState } from "../descent/lessons/runs.js";
import { serializeState } from "../descent/state.js";
import { createSimulator } from "../descent/simulator.js";
import { connectHost } from "./host.js";
import { createLayout } from "./layout.js";
import { bindToolbar } from "./toolbar.js";

let lesson = null; // {key, runs} while the runs are a lesson's
const runId = (run) => (run.label && run.label.run) || run.name || run.id;
const forgetLesson = () => {
  lesson = null;
  shell.state.lesson = null;
};
const sim = createSimulator({
  hooks: { embed: null, ready: false }, runId, forgetLesson, beforeSurface: () => layout.fitMap(),
  lessonRuns: () => (lesson && lesson.key === shell.state.lesson && lesson.runs) || null,
});
const { shell, controls, showSurface, startRuns } = sim;
const { boot, byId, session } = shell;

const layout = createLayout({
  root: byId("embed"), area: byId("map-area"), fit: byId("map-fit"), side: byId("e-side"), settings: byId("settings"),
  settingsButton: byId("btn-settings"), settingsClose: byId("btn-settings-close"),
  getView: () => (sim.surfaceOf(shell.state.surface) || {}).view,
});
const toolbar = bindToolbar({
  session, start: () => startRuns(), stepFromIdle: () => startRuns({ paused: true, stepN: 2 }),
});
shell.relabels(toolbar).on("phase", (p) => toolbar.setPhase(p)).on("url", () => {
  const full = serializeState({ ...shell.state, hide: [], autoplay: false, theme: "auto" });
  byId("open-full").href = `/${full ? `?${full}` : ""}`;
});

/** Load the state's lesson (a descent lesson's runs and settings); forget it when there is none. */
async function loadLesson() {
  if (!shell.state.lesson) return void (lesson = null);
  const found = await findLesson(shell.state.lesson);
  const runs = lessonRuns(found);
  if (!runs) return forgetLesson();
  shell.state = shell.normalise(lessonState(found, shell.state));
  lesson = { key: found.key, runs };
}

/** Everything that follows from the state: parts, theme, form, surface, URL. */
function applyState() {
  layout.setHidden(shell.state.hide);
  layout.setTheme(shell.state.theme);
  controls.render(shell.state);
  showSurface();
  shell.writeURL();
}

const allowed = Array.isArray(boot.embed_origins) && boot.embed_origins.length ? boot.embed_origins : ["*"];
const bridge = connectHost({ sim, allowed, runId, forgetLesson, loadLesson, applyState });

shell.go(() => loadLesson().then(() => {
  applyState();
  shell.hooks.ready = true;
  bridge.post("ready", { version: boot.version, protocol: 1, lang: getLang(), state: serializeState(shell.state) });
  if (shell.state.autoplay) startRuns();
}));
