// The settings drawer of small screens: on a phone the page shows the map and the run controls, and the settings
// card slides up over them from a button that stays on screen (one tap away). On wide screens nothing changes.

import { t } from "./i18n.js";
import { el } from "./dom.js";

const SMALL = "(max-width: 760px)";

/**
 * opts: {panel (the settings card; default .settings), openKey, closeKey (i18n keys of the two buttons)}.
 * Returns {open(), close(), relabel(), get isOpen}. A "reveal" event from inside the panel opens it (Start
 * uses it to show a field that needs fixing).
 */
export function createDrawer({ panel = document.querySelector(".settings"), openKey = "ui.drawer.open",
  closeKey = "ui.drawer.close" } = {}) {
  if (!panel.id) panel.id = "settings-panel";
  const small = window.matchMedia(SMALL);
  const opener = el("button", "btn btn-primary drawer-open-btn");
  opener.type = "button";
  opener.setAttribute("aria-controls", panel.id);
  opener.setAttribute("aria-expanded", "false");
  const closer = el("button", "btn btn-small drawer-close");
  closer.type = "button";
  closer.setAttribute("aria-controls", panel.id);
  panel.prepend(closer);
  document.body.append(opener);

  function setOpen(open, { focus = true } = {}) {
    if (!small.matches) {
      panel.removeAttribute("data-drawer");
      opener.setAttribute("aria-expanded", "false");
      return;
    }
    panel.dataset.drawer = open ? "open" : "closed";
    opener.setAttribute("aria-expanded", String(open));
    opener.hidden = open;
    if (!focus) return;
    if (open) closer.focus();
    else opener.focus();
  }

  opener.addEventListener("click", () => setOpen(true));
  closer.addEventListener("click", () => setOpen(false));
  panel.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && panel.dataset.drawer === "open") setOpen(false);
  });
  panel.addEventListener("reveal", () => setOpen(true, { focus: false }));
  small.addEventListener("change", () => setOpen(false, { focus: false }));

  function relabel() {
    opener.textContent = `⚙ ${t(openKey)}`;
    closer.textContent = t(closeKey);
  }
  relabel();
  setOpen(false, { focus: false });
  return {
    open: () => setOpen(true),
    close: () => setOpen(false),
    relabel,
    get isOpen() { return panel.dataset.drawer === "open"; },
  };
}

/** Bring the stage (map and run controls) to the top of a small screen, e.g. after a lesson was chosen. */
export function revealStage(stage) {
  if (!stage) return;
  const r = stage.getBoundingClientRect();
  if (r.top < 0 || r.top > window.innerHeight * 0.25) stage.scrollIntoView({ block: "start" });
}
