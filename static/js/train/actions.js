// Buttons and keys of the training page: Start, Pause/Resume, Step (one iteration), Stop, Reset, the compare
// presets, the phase pill, the language switch and the permalink. The wiring itself is shared with the main page (../runbar.js).

import { t } from "../shared/i18n.js";
import { bindRunBar } from "../shared/runbar.js";

const KEYS = {
  start: "train.ui.btn.start", restart: "train.ui.btn.restart",
  pause: "train.ui.btn.pause", resume: "train.ui.btn.resume",
};

/** opts: {session, start(), stepFromIdle(), preset(name), onLang(lang)} → {setPhase(p), relabel()} */
export function bindTrainActions(opts) {
  const stage = document.getElementById("stage");
  const pill = document.getElementById("phase");
  for (const b of document.querySelectorAll("[data-preset]")) {
    b.addEventListener("click", () => {
      opts.preset(b.dataset.preset);
      if (stage.getBoundingClientRect().top < 0) stage.scrollIntoView({ block: "start" });
    });
  }
  const bar = bindRunBar({
    session: opts.session, keys: KEYS, start: () => opts.start(), stepFromIdle: () => opts.stepFromIdle(),
    stepDoneLock: true, onLang: (lang) => opts.onLang(lang), navLinks: true,
  });
  return {
    relabel: bar.relabel,
    /** The run buttons, the phase pill and body[data-phase]. */
    setPhase(ph) {
      pill.dataset.i18n = `ui.status.${ph}`;
      pill.textContent = t(pill.dataset.i18n);
      pill.dataset.phase = ph;
      document.body.dataset.phase = ph;
      bar.setPhase(ph);
    },
  };
}
