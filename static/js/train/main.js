// Entry point of /train: the page shell with the training state, its settings form, presets, lessons and the
// one frame of views (./frame.js).

import { createDrawer } from "../shared/drawer.js";
import { trainPatch } from "../shared/evidence.js";
import { setLang, t } from "../shared/i18n.js";
import { bindTrainExport } from "./export.js";
import { connectTrainEmbed } from "./embed.js";
import { findLesson } from "../shared/lessons.js";
import { createShell } from "../shared/shell.js";
import { bindTrainActions } from "./actions.js";
import { buildRuns, PRESETS } from "./config.js";
import { createControls } from "./controls.js";
import { createFrame } from "./frame.js";
import { createHooks } from "./hooks.js";
import { lessonPatch, lessonRunList } from "./lesson.js";
import { normaliseTrainState, PER_DATASET, scheduleEntries, trainTable } from "./state.js";
import { TrainStore } from "./store.js";
import { createTrainLesson } from "./lessonview.js";
import { createDrawPanel } from "./views/draw.js";
import { createFeatures } from "./views/features.js";
import { runLabel } from "./views/panels.js";

const store = new TrainStore();
const { hooks, update } = createHooks({ store, labelOf: runLabel });
const shell = createShell({ table: (catalog) => trainTable(scheduleEntries(catalog)), normalise: normaliseTrainState,
  store, titleKey: "train.ui.page.title", hooksName: "__train", hooks });
const { byId, catalog, session } = shell;
const custom = { ...catalog.custom_dataset }; // your own data: its kind and size follow the points drawn
catalog.datasets.push(custom);

let startedKey = "";
let lessonList = null; // {key, runs}: an open lesson whose runs are started as given
const pageRuns = () => (lessonList && shell.state.lesson === lessonList.key ? lessonList.runs
  : buildRuns(shell.state, catalog));
const runsKey = () => JSON.stringify(pageRuns().map((r) => r.config));
function runWith(next) { // settings from a preset or a tried counterfactual: shown, put in the URL, run
  shell.state = next;
  lesson.show(null);
  render();
  shell.writeURL();
  startRuns();
}
const frame = createFrame({ shell, current: () => runsKey() === startedKey, update,
  openGhost: (cf) => runWith(shell.normalise({ ...shell.state, ...trainPatch(cf.change), lesson: null })) });
function startRuns(opts) {
  const bad = controls.problems(); // a box the server would refuse: say which, beside it and in the error box
  if (bad.length) {
    frame.showError({ code: "fix_fields", fields: bad.map((b) => ({ message: b.message })) });
    bad[0].input.dispatchEvent(new CustomEvent("reveal", { bubbles: true }));
    bad[0].input.focus();
    return undefined;
  }
  startedKey = runsKey();
  return shell.start(pageRuns(), opts);
}
const CLEARED = Object.fromEntries(PER_DATASET.map((k) => [k, null])); // back to the data set's suggestions

function onChange(patch, { final }) {
  const newDs = patch.ds !== undefined && patch.ds !== shell.state.ds;
  const next = { ...shell.state, ...patch, lesson: null, autoplay: false, ...(newDs ? CLEARED : {}) };
  if (shell.state.lesson) lesson.show(null);
  if (patch.vary !== undefined && patch.vary !== shell.state.vary) next.values = [];
  shell.state = next;
  if (final) render();
  shell.writeURL();
  if (patch.speed !== undefined) session.speed(shell.state.speed);
  frame.redraw();
}
const controls = createControls({ form: byId("t-controls"), catalog, onChange });
const features = createFeatures({ root: byId("t-features"), catalog, onChange });
const draw = createDrawPanel({
  root: byId("t-draw"), maxPoints: catalog.limits.max_custom_points,
  onChange: ({ code, rows, kind, inLink, byLearner }) => {
    Object.assign(custom, { n: rows.length, kind, ...(kind === "regression" ? custom.regression
      : { features: 2, classes: 2, suggested: catalog.custom_dataset.suggested }) });
    shell.state = { ...shell.state, pts: inLink ? code : "", ptsMemory: code };
    if (byLearner && shell.state.lesson) {
      shell.state.lesson = null;
      lesson.show(null);
    }
    render();
    shell.writeURL();
    frame.redraw();
  },
});
function render() {
  controls.render(shell.state);
  features.render(shell.state);
  draw.render(shell.state);
}
const actions = bindTrainActions({
  session, start: () => startRuns(), stepFromIdle: () => startRuns({ paused: true, stepN: 1 }),
  preset: (name) => runWith({ ...shell.state, ...CLEARED, ...PRESETS[name], values: [...PRESETS[name].values],
    lesson: null }),
  onLang: (lang) => setLang(lang),
});
const lesson = createTrainLesson({ byId, store, runs: pageRuns });
shell.on("data", () => lesson.update(Boolean(shell.state.lesson) && runsKey() === startedKey));

/** A lesson opened here (/train?lesson=key): its settings become the page's. */
async function openLesson(key) {
  const found = await findLesson(key);
  const patch = found && lessonPatch(found, catalog);
  if (patch && shell.state.lesson === key) {
    shell.state = shell.normalise({ ...shell.state, ...CLEARED, ...patch, lesson: key });
    const list = lessonRunList(found, catalog);
    lessonList = list ? { key, runs: list } : null;
    render();
    lesson.show(found);
    frame.redraw();
  } else if (!patch) shell.state.lesson = null;
  shell.writeURL();
}

bindTrainExport({ store, labelOf: runLabel, title: () => t("train.ui.title"), subtitle: () => byId("t-net").textContent,
  canvases: () => [byId("t-boundary"), byId("t-fit"), byId("t-wb"), ...document.querySelectorAll("#t-charts canvas")],
  showError: (err) => frame.showError(err) });
const drawer = createDrawer({ panel: document.querySelector(".settings"), openKey: "ui.drawer.open",
  closeKey: "ui.drawer.close" });
const embed = shell.boot.embedded ? connectTrainEmbed({ shell, start: (o) => startRuns(o), labelOf: runLabel,
  allowed: shell.boot.embed_origins || ["*"], apply: () => (render(), shell.writeURL(), frame.redraw()), openLesson,
  forgetLesson: () => lesson.show(null) }) : null;
shell.relabels(controls, actions, features, draw, drawer, ...lesson.views).on("phase", (ph) => actions.setPhase(ph));
shell.socket.addEventListener("epoch", (ev) => store.onEpoch(ev.detail) && frame.redraw());
render();
shell.writeURL();
shell.go(async () => {
  const key = shell.state.lesson;
  if (key) await openLesson(key);
  if (embed) embed.ready();
  if (!key && shell.state.autoplay) startRuns();
});
