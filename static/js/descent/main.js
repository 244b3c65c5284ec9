// Entry point of /: the simulator shell with the lessons panel, the lesson preset, export and sharing.

import { createDrawer } from "../shared/drawer.js";
import { setLang } from "../shared/i18n.js";
import { bindActions } from "./actions.js";
import { slideHeader } from "./export.js";
import { lessonPreset } from "./config.js";
import { createLessonDesk } from "./lessons/desk.js";
import { createSimulator } from "./simulator.js";
import { createShare } from "./views/share.js";

const sim = createSimulator({ lessonRuns: () => desk.runs(), forgetLesson: () => desk.detach() });
const { shell, store, map, controls, showSurface, startRuns, labelOf } = sim;
const { byId, loop, session } = shell;
const desk = createLessonDesk(sim);

const actions = bindActions({
  session,
  start: () => startRuns(),
  stepFromIdle: () => startRuns({ paused: true, stepN: 2 }),
  preset: () => {
    desk.detach();
    shell.state = { ...shell.state, ...lessonPreset(shell.catalog) };
    controls.render(shell.state);
    shell.writeURL();
    showSurface();
    startRuns();
  },
  exported: () => ({ store, labelOf, surface: shell.state.surface,
    picture: () => map.slide(slideHeader(sim.surfaceOf(shell.state.surface), store.list, labelOf, shell.state.lr)) }),
  onLang: (lang) => setLang(lang),
  showError: (err) => sim.errors.show(err),
});
const share = createShare({ dialog: byId("share-dialog"), opener: byId("btn-share"), getState: () => shell.state });

shell.relabels(actions, desk.panel, share, createDrawer())
  .on("phase", (p) => actions.setPhase(p))
  .on("data", () => loop.mark("lesson")).on("reset", () => loop.mark("lesson"));

controls.render(shell.state);
showSurface();
shell.writeURL();
shell.go(() => desk.boot());
