// Entry point of /: the simulator shell with the lessons panel, the lesson preset, export and sharing.

import { createDrawer, revealStage } from "../shared/drawer.js";
import { setLang } from "../shared/i18n.js";
import { bindActions } from "./actions.js";
import { slideHeader } from "./export.js";
import { lessonPreset } from "./config.js";
import { createLessonsPanel } from "./lessons/panel.js";
import { lessonRuns, lessonState } from "./lessons/runs.js";
import { createSimulator } from "./simulator.js";
import { createShare } from "./views/share.js";

const sim = createSimulator({
  lessonRuns: () => (shell.state.lesson && lessons.runsFor(shell.state.lesson)) || null,
  forgetLesson: () => detachLesson(),
});
const { shell, store, map, controls, showSurface, startRuns, labelOf } = sim;
const { byId, loop, session } = shell;

/** Open a lesson: a descent lesson's settings and runs become the page's (started when asked). */
function openLesson(lesson, { start }) {
  const runs = lessonRuns(lesson);
  if (runs && store.runs.size && !start) session.reset();
  shell.state = shell.normalise(lessonState(lesson, shell.state));
  lessons.show(lesson);
  controls.render(shell.state);
  shell.writeURL();
  showSurface();
  if (runs && start) startRuns();
}

const closeLesson = () => {
  shell.state.lesson = null;
  lessons.show(null);
  shell.writeURL();
};

/** The settings changed: the runs are no longer a descent lesson's (its text stays on show). */
function detachLesson() {
  if (!shell.state.lesson || !lessons.runsFor(shell.state.lesson)) return;
  shell.state.lesson = null;
  lessons.detach();
}

const lessons = createLessonsPanel({
  root: byId("lessons"), loop, store,
  onChoose: (lesson) => {
    if (!lesson) return closeLesson();
    const asks = lessons.asks(lesson); // a question is asked before the runs start
    openLesson(lesson, { start: !asks });
    if (!asks) revealStage(byId("stage")); // on a phone the map and Start come back into view
  },
  onRun: (lesson) => {
    openLesson(lesson, { start: true });
    revealStage(byId("stage"));
  },
  onArrows: (arrows) => map.setOverlay(arrows),
});

const actions = bindActions({
  session,
  start: () => startRuns(),
  stepFromIdle: () => startRuns({ paused: true, stepN: 2 }),
  preset: () => {
    detachLesson();
    shell.state = { ...shell.state, ...lessonPreset(shell.catalog) };
    controls.render(shell.state);
    shell.writeURL();
    showSurface();
    startRuns();
  },
  exported: () => ({ store, labelOf, surface: shell.state.surface, picture: () => map.slide(slideHeader(sim.surfaceOf(shell.state.surface), store.list, labelOf, shell.state.lr)) }),
  onLang: (lang) => setLang(lang),
  showError: (err) => sim.errors.show(err),
});
const share = createShare({ dialog: byId("share-dialog"), opener: byId("btn-share"), getState: () => shell.state });

const drawer = createDrawer();

shell.relabels(actions, lessons, share, drawer)
  .on("phase", (p) => actions.setPhase(p))
  .on("data", () => loop.mark("lesson")).on("reset", () => loop.mark("lesson"));

controls.render(shell.state);
showSurface();
shell.writeURL();
shell.go(() => lessons.load().then(() => {
  const lesson = shell.state.lesson ? lessons.find(shell.state.lesson) : null;
  if (lesson) return openLesson(lesson, { start: shell.state.autoplay });
  if (shell.state.lesson) closeLesson();
  if (shell.state.autoplay) startRuns();
}));
