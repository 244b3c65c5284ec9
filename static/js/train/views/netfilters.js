// The network view's weight images (image data): each drawn hidden unit's first-layer weights as an image in
// diverging colours, so the filters can be seen forming; a click shows one large.

import { fmt } from "../../shared/format.js";
import { getLang, t } from "../../shared/i18n.js";
import { heatCanvas } from "./netdraw.js";

/** The weight image of the idx-th drawn unit of the first hidden layer (into `canvas`, else a new one). */
export function filterImage(snap, N, idx, canvas) {
  const [h, w] = N.image_shape;
  return heatCanvas(snap.images.q, idx * h * w, w, (q) => q / 127.5 - 1, (s) => s, false, canvas);
}

/** box: the figure list; onChoose(unit) (a weight image clicked) → {render(run), reset(), clear()} */
export function createFilters(box, onChoose) {
  let drawnKey = "";

  function clear() {
    box.replaceChildren();
    box.dataset.count = "0";
    drawnKey = "";
  }

  function render(run) {
    const N = run.meta.plan.network;
    const snap = run.net;
    if (!N.image_shape) {
      clear();
      return;
    }
    if (!snap.images || !snap.heatUnits) return; // no weight images in this snapshot: keep the last ones
    const key = `${run.id}|${snap.heatT}|${getLang()}`;
    if (key === drawnKey) return;
    drawnKey = key;
    const units = snap.heatUnits[1];
    while (box.children.length > units.length) box.lastChild.remove();
    while (box.children.length < units.length) {
      const fig = document.createElement("figure");
      fig.className = "filter";
      const c = document.createElement("canvas");
      c.className = "filter-img";
      fig.append(c, document.createElement("figcaption"));
      fig.addEventListener("click", () => onChoose(Number(c.dataset.unit)));
      box.append(fig);
    }
    units.forEach((unit, idx) => {
      const fig = box.children[idx];
      const [c, cap] = fig.children;
      filterImage(snap, N, idx, c);
      c.dataset.unit = String(unit);
      const label = t("train.ui.net.unit", { unit });
      if (cap.textContent !== label) cap.textContent = label;
      fig.title = t("train.ui.net.filter_title", { unit, scale: fmt(snap.images.scale[idx], 3) });
    });
    box.dataset.count = String(units.length);
    box.dataset.t = String(snap.heatT);
  }

  return { render, clear, reset: () => (drawnKey = "") };
}
