// The embedded view's run buttons: one main button (Start → Pause → Resume, and Start again when done), Step
// and Reset; space and → work as on the main page while the frame has the focus.

import { t } from "../shared/i18n.js";
import { bindRunKeys } from "../shared/runbar.js";

const MAIN_LABEL = { idle: "ui.btn.start", running: "ui.btn.pause", paused: "ui.btn.resume", done: "ui.btn.restart" };

/** opts: {session, start(), stepFromIdle()} */
export function bindToolbar(opts) {
  const { session } = opts;
  const byId = (id) => document.getElementById(id);
  const main = byId("btn-start");
  const step = byId("btn-step");
  const reset = byId("btn-reset");
  let phase = "idle";

  function setPhase(p) {
    phase = p;
    main.dataset.i18n = MAIN_LABEL[p] || MAIN_LABEL.idle;
    main.textContent = t(main.dataset.i18n);
    main.setAttribute("aria-pressed", p === "paused" ? "true" : "false");
    main.dataset.phase = p;
    reset.disabled = p === "idle";
  }

  const toggle = () => {
    if (phase === "running") session.pause();
    else if (phase === "paused") session.resume();
    else opts.start();
  };
  const stepOnce = () => {
    if (!session.step()) opts.stepFromIdle();
  };

  main.addEventListener("click", toggle);
  step.addEventListener("click", stepOnce);
  reset.addEventListener("click", () => session.reset());
  bindRunKeys(toggle, stepOnce);

  return {
    setPhase,
    relabel() {
      setPhase(phase);
    },
  };
}
