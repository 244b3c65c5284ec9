// What Start runs on /train: an open lesson's own runs when it has them, else the runs of the page's settings;
// and whether the runs on show are still those of the settings (the frame then shows the runs' own plan and
// progress instead of the server's preview).

import { buildRuns } from "./config.js";

/** opts: {shell, held() → true when a box holds a value the server would refuse (said and focused)}. */
export function createStarts({ shell, held }) {
  let startedKey = "";
  let lesson = null; // {key, runs}: the open lesson's runs, started as given
  const runs = () => (lesson && lesson.key === shell.state.lesson && lesson.runs)
    || buildRuns(shell.state, shell.catalog);
  const keyOf = () => JSON.stringify(runs().map((r) => r.config));
  return {
    runs,
    current: () => keyOf() === startedKey,
    /** The lesson `key` opened with these runs (null: it runs the page's settings). */
    useLesson(key, list) {
      lesson = list ? { key, runs: list } : null;
    },
    start(opts) {
      if (held()) return undefined;
      startedKey = keyOf();
      return shell.start(runs(), opts);
    },
  };
}
