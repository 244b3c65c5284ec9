// Buttons and keys of the training page: Start, Pause/Resume, Step (one iteration), Stop, Reset, the compare
// presets, the language switch and the permalink. The wiring itself is shared with the main page (../runbar.js).

import { bindRunBar } from "../runbar.js";

const KEYS = {
  start: "train.ui.btn.start", restart: "train.ui.btn.restart",
  pause: "train.ui.btn.pause", resume: "train.ui.btn.resume",
};

/** opts: {session, start(), stepFromIdle(), preset(name), onLang(lang)} */
export function bindTrainActions(opts) {
  for (const b of document.querySelectorAll("[data-preset]")) {
    b.addEventListener("click", () => opts.preset(b.dataset.preset));
  }
  return bindRunBar({
    session: opts.session, keys: KEYS, start: () => opts.start(), stepFromIdle: () => opts.stepFromIdle(),
    stepDoneLock: true, onLang: (lang) => opts.onLang(lang),
  });
}
