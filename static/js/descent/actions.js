// Buttons and keys: run controls (Start, Pause/Resume, Step, Stop, Reset), the lesson preset, the language
// switch, export and the permalink.

import { canvasPNG, download, fileStem, runsCSV, runsJSON } from "./export.js";
import { bindRunBar } from "../shared/runbar.js";

const KEYS = {
  start: "ui.btn.start", restart: "ui.btn.restart", pause: "ui.btn.pause", resume: "ui.btn.resume",
};

/**
 * opts: {session, start(), stepFromIdle(), preset(), exported() -> {store, labelOf, surface, picture()},
 *        onLang(lang), showError(err)}
 */
export function bindActions(opts) {
  const byId = (id) => document.getElementById(id);
  byId("btn-preset").addEventListener("click", () => {
    opts.preset();
    const stage = byId("stage");
    if (stage.getBoundingClientRect().top < 0) stage.scrollIntoView({ block: "start" });
  });

  function exportAs(kind) {
    const { store, labelOf, surface, picture } = opts.exported();
    const stem = fileStem(surface);
    if (kind === "png") {
      canvasPNG(picture()).then((blob) => download(blob, `${stem}.png`));
      return;
    }
    if (!store.runs.size) {
      opts.showError({ code: "export" });
      return;
    }
    if (kind === "json") {
      download(new Blob([JSON.stringify(runsJSON(store, labelOf), null, 1)], { type: "application/json" }),
        `${stem}.json`);
    } else {
      download(new Blob([runsCSV(store)], { type: "text/csv" }), `${stem}.csv`);
    }
  }
  byId("btn-json").addEventListener("click", () => exportAs("json"));
  byId("btn-csv").addEventListener("click", () => exportAs("csv"));
  byId("btn-png").addEventListener("click", () => exportAs("png"));

  return bindRunBar({
    session: opts.session, keys: KEYS, start: () => opts.start(), stepFromIdle: () => opts.stepFromIdle(),
    onLang: (lang) => opts.onLang(lang), navLinks: true,
  });
}
