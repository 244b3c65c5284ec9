// Entry point of /train: the page shell with the training state, its settings form, presets, lessons and the
// one frame of views (./frame.js).

import { setLang } from "../shared/i18n.js";
import { findLesson } from "../shared/lessons.js";
import { createShell } from "../shared/shell.js";
import { bindTrainActions } from "./actions.js";
import { buildRuns, PRESETS } from "./config.js";
import { createControls } from "./controls.js";
import { createFrame } from "./frame.js";
import { createHooks } from "./hooks.js";
import { lessonPatch } from "./lesson.js";
import { normaliseTrainState, PER_DATASET, scheduleEntries, trainTable } from "./state.js";
import { TrainStore } from "./store.js";
import { createLessonBox, runLabel } from "./views/panels.js";

const store = new TrainStore();
const { hooks, update } = createHooks({ store, labelOf: runLabel });
const shell = createShell({ table: (catalog) => trainTable(scheduleEntries(catalog)), normalise: normaliseTrainState,
  store, titleKey: "train.ui.page.title", hooksName: "__train", hooks });
const { byId, catalog, session } = shell;

let startedKey = "";
const runsKey = () => JSON.stringify(buildRuns(shell.state, catalog).map((r) => r.config));
const frame = createFrame({ shell, current: () => runsKey() === startedKey, update,
  onPlan: (body) => controls.showPlan(body.plan) });
function startRuns(opts) {
  startedKey = runsKey();
  return shell.start(buildRuns(shell.state, catalog), opts);
}
const CLEARED = Object.fromEntries(PER_DATASET.map((k) => [k, null])); // back to the data set's suggestions

const controls = createControls({
  form: byId("t-controls"), catalog,
  onChange: (patch, { final }) => {
    const newDs = patch.ds !== undefined && patch.ds !== shell.state.ds;
    const next = { ...shell.state, ...patch, lesson: null, ...(newDs ? CLEARED : {}) };
    if (shell.state.lesson) lessonBox.show(null);
    if (patch.vary !== undefined && patch.vary !== shell.state.vary) next.values = [];
    shell.state = next;
    if (final) controls.render(shell.state);
    shell.writeURL();
    if (patch.speed !== undefined) session.speed(shell.state.speed);
    frame.redraw();
  },
});
const actions = bindTrainActions({
  session, start: () => startRuns(), stepFromIdle: () => startRuns({ paused: true, stepN: 1 }),
  preset: (name) => {
    shell.state = { ...shell.state, ...CLEARED, ...PRESETS[name], values: [...PRESETS[name].values], lesson: null };
    lessonBox.show(null);
    controls.render(shell.state);
    shell.writeURL();
    startRuns();
  },
  onLang: (lang) => setLang(lang),
});
const lessonBox = createLessonBox({ box: byId("t-lesson"), title: byId("t-lesson-title"),
  notice: byId("t-lesson-notice"), text: byId("t-lesson-text") });

/** A lesson opened here (/train?lesson=key): its settings become the page's. */
async function openLesson(key) {
  const found = await findLesson(key);
  const patch = found && lessonPatch(found, catalog);
  if (patch && shell.state.lesson === key) {
    shell.state = shell.normalise({ ...shell.state, ...CLEARED, ...patch, lesson: key });
    controls.render(shell.state);
    lessonBox.show(found);
    frame.redraw();
  } else if (!patch) shell.state.lesson = null;
  shell.writeURL();
}

shell.relabels(controls, actions, lessonBox).on("phase", (ph) => actions.setPhase(ph));
shell.socket.addEventListener("epoch", (ev) => store.onEpoch(ev.detail) && frame.redraw());
controls.render(shell.state);
shell.writeURL();
shell.go(() => (shell.state.lesson ? openLesson(shell.state.lesson) : shell.state.autoplay && startRuns()));
