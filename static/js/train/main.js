// Entry point of /train: the page shell with the training state, its settings form, presets, lessons and the
// one frame of views (./frame.js).

import { holdStart } from "../shared/bounds.js";
import { createDrawer } from "../shared/drawer.js";
import { trainPatch } from "../shared/evidence.js";
import { setLang } from "../shared/i18n.js";
import { bindTrainExport } from "./export.js";
import { connectTrainEmbed } from "./embed.js";
import { findLesson } from "../shared/lessons.js";
import { createShell } from "../shared/shell.js";
import { bindTrainActions } from "./actions.js";
import { PRESETS } from "./config.js";
import { CLEARED, createEditing } from "./editing.js";
import { createFrame } from "./frame.js";
import { createHooks } from "./hooks.js";
import { lessonPatch, lessonRunList } from "./lesson.js";
import { normaliseTrainState, scheduleEntries, trainTable } from "./state.js";
import { TrainStore } from "./store.js";
import { createTrainLesson } from "./lessonview.js";
import { createStarts } from "./starts.js";
import { runLabel } from "./views/panels.js";

const store = new TrainStore();
const { hooks, update } = createHooks({ store, labelOf: runLabel });
const shell = createShell({ table: (catalog) => trainTable(scheduleEntries(catalog)), normalise: normaliseTrainState,
  store, titleKey: "train.ui.page.title", hooksName: "__train", hooks });
const { byId, catalog, session } = shell;

const starts = createStarts({ shell, held: () => holdStart(controls.problems(), (e) => frame.showError(e)) });
const startRuns = (opts) => starts.start(opts);
function runWith(next) { // settings from a preset or a tried counterfactual: shown, put in the URL, run
  shell.state = next;
  lesson.show(null);
  render();
  shell.writeURL();
  startRuns();
}
const frame = createFrame({ shell, current: starts.current, update, onPlan: (body) => controls.showPlan(body.plan),
  openGhost: (cf) => runWith(shell.normalise({ ...shell.state, ...trainPatch(cf.change), lesson: null })) });
const editing = createEditing({ shell, leaveLesson: () => lesson.show(null), redraw: () => frame.redraw() });
const { controls, render } = editing;
const actions = bindTrainActions({
  session, start: () => startRuns(), stepFromIdle: () => startRuns({ paused: true, stepN: 1 }),
  preset: (name) => runWith({ ...shell.state, ...CLEARED, ...PRESETS[name], values: [...PRESETS[name].values],
    lesson: null }),
  onLang: (lang) => setLang(lang),
});
const lesson = createTrainLesson({ byId, store, runs: starts.runs, start: () => startRuns() });
shell.on("data", () => lesson.update(Boolean(shell.state.lesson) && starts.current()));

async function openLesson(key) { // /train?lesson=key: its settings (and runs, if it gives them) become the page's
  const found = await findLesson(key);
  const patch = found && lessonPatch(found, catalog);
  if (patch && shell.state.lesson === key) {
    shell.state = shell.normalise({ ...shell.state, ...CLEARED, ...patch, lesson: key });
    starts.useLesson(key, lessonRunList(found, catalog));
    render();
    lesson.show(found);
    frame.redraw();
    if (shell.state.autoplay) startRuns(); // an instructor's figure runs at once, without the question
  } else if (!patch) shell.state.lesson = null;
  shell.writeURL();
}

bindTrainExport({ store, labelOf: runLabel, showError: (err) => frame.showError(err) });
const embed = shell.boot.embedded ? connectTrainEmbed({ shell, start: (o) => startRuns(o), labelOf: runLabel,
  allowed: shell.boot.embed_origins || ["*"], apply: () => (render(), shell.writeURL(), frame.redraw()), openLesson,
  forgetLesson: () => lesson.show(null) }) : null;
shell.relabels(...editing.views, actions, createDrawer(), ...lesson.views).on("phase", (ph) => actions.setPhase(ph));
shell.socket.addEventListener("epoch", (ev) => store.onEpoch(ev.detail) && frame.redraw());
render();
shell.writeURL();
shell.go(async () => {
  const key = shell.state.lesson;
  if (key) await openLesson(key);
  if (embed) embed.ready();
  if (!key && shell.state.autoplay) startRuns();
});
