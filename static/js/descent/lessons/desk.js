// The lessons on /: choosing one opens it (its settings, and its runs when it gives them, become the page's; they
// start at once unless the lesson asks a question first), changing a setting detaches its runs (the text stays
// on show), choosing none closes it.

import { revealStage } from "../../shared/drawer.js";
import { createLessonsPanel } from "./panel.js";
import { lessonRuns, lessonState } from "./runs.js";

/** sim: the simulator (./simulator.js). Returns {panel, runs(), detach(), boot()}. */
export function createLessonDesk(sim) {
  const { shell, store, map, controls, showSurface, startRuns } = sim;
  const { byId, loop, session } = shell;

  function open(lesson, { start }) {
    const runs = lessonRuns(lesson);
    if (runs && store.runs.size && !start) session.reset();
    shell.state = shell.normalise(lessonState(lesson, shell.state));
    panel.show(lesson);
    controls.render(shell.state);
    shell.writeURL();
    showSurface();
    if (runs && start) startRuns();
  }

  function close() {
    shell.state.lesson = null;
    panel.show(null);
    shell.writeURL();
  }

  /** The settings changed: the runs are no longer a descent lesson's (its text stays on show). */
  function detach() {
    if (!shell.state.lesson || !panel.runsFor(shell.state.lesson)) return;
    shell.state.lesson = null;
    panel.detach();
  }

  const panel = createLessonsPanel({
    root: byId("lessons"), loop, store,
    onChoose: (lesson) => {
      if (!lesson) return close();
      const asks = panel.asks(lesson); // a question is asked before the runs start
      open(lesson, { start: !asks });
      if (!asks) revealStage(byId("stage")); // on a phone the map and Start come back into view
    },
    onRun: (lesson) => {
      open(lesson, { start: true });
      revealStage(byId("stage"));
    },
    onArrows: (arrows) => map.setOverlay(arrows),
  });

  return {
    panel,
    /** The open lesson's own runs, or null (the page's settings run). */
    runs: () => (shell.state.lesson && panel.runsFor(shell.state.lesson)) || null,
    detach,
    /** The lesson of the link opens (and with autoplay, runs at once, without its question). */
    boot: () => panel.load().then(() => {
      const lesson = shell.state.lesson ? panel.find(shell.state.lesson) : null;
      if (lesson) return open(lesson, { start: shell.state.autoplay });
      if (shell.state.lesson) close();
      if (shell.state.autoplay) startRuns();
      return undefined;
    }),
  };
}
