// The embedded view's frame: which parts show (`hide=`), the theme, the settings drawer, and a map sized to
// the room the iframe leaves it (the map takes its height from its width, so the width is chosen here).

import { setTheme as setPageTheme } from "../shared/theme.js";

/** Parts `hide=` removes; the settings groups (compare, surface, ...) are handled by the settings form. */
export const PARTS = ["header", "toolbar", "controls", "counter", "legend", "diagnosis", "charts"];

// the map view's margins around its plot (css px): left + right, top + bottom
const MAP_MARGIN_X = 58;
const MAP_MARGIN_Y = 50;
const MIN_WIDTH = 150;

/** The map width that makes a plot of this view box fit in (width × height). */
export function mapWidthFor(view, width, height) {
  const [[x0, x1], [y0, y1]] = view;
  const aspect = (y1 - y0) / (x1 - x0);
  const byHeight = (height - MAP_MARGIN_Y) / aspect + MAP_MARGIN_X;
  return Math.max(MIN_WIDTH, Math.floor(Math.min(width, byHeight)));
}

/** opts: {root, area, fit, side, settings, settingsButton, settingsClose, getView()} */
export function createLayout(opts) {
  const { root, area, fit, side, settings } = opts;

  function fitMap() {
    const view = opts.getView();
    if (!view) return;
    const w = mapWidthFor(view, area.clientWidth, area.clientHeight);
    const px = `${w}px`;
    if (fit.style.width !== px) fit.style.width = px;
  }

  function sideShown() {
    const parts = [...side.querySelectorAll("[data-part]")];
    const shown = parts.some((p) => getComputedStyle(p).display !== "none");
    root.dataset.side = shown ? "1" : "0";
  }

  const observer = new ResizeObserver(() => fitMap());
  observer.observe(area);

  function openSettings(open) {
    settings.hidden = !open;
    opts.settingsButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      const first = settings.querySelector("select, input, button");
      if (first) first.focus();
    } else if (settings.contains(document.activeElement)) {
      opts.settingsButton.focus();
    }
  }
  opts.settingsButton.addEventListener("click", () => openSettings(settings.hidden));
  opts.settingsClose.addEventListener("click", () => openSettings(false));
  settings.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      ev.preventDefault();
      openSettings(false);
    }
  });

  return {
    fitMap,
    /** Show every part but the hidden ones; `hide` is the state's list. */
    setHidden(hide) {
      const parts = PARTS.filter((p) => hide.includes(p));
      root.dataset.hide = parts.join(" ");
      if (parts.includes("controls")) openSettings(false);
      sideShown();
      fitMap();
    },
    setTheme(theme) {
      setPageTheme(theme); // light | dark as told; anything else follows the reader's system
    },
    openSettings,
  };
}
