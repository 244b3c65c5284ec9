// Input feature checkboxes (x1, x2, x1², x2², x1·x2, sin x1, sin x2) for 2D data, as in TensorFlow Playground:
// none ticked means the plain inputs x1, x2.

import { t } from "../../shared/i18n.js";
import { effective } from "../config.js";

/** opts: {root, catalog, onChange(patch, info)}; returns {render(state), relabel()} */
export function createFeatures({ root, catalog, onChange }) {
  const keys = catalog.custom_dataset.feature_keys;
  const box = root.querySelector("[data-features-list]");
  const inputs = keys.map((key) => {
    const label = document.createElement("label");
    label.className = "feature";
    const input = document.createElement("input");
    input.type = "checkbox";
    input.name = "feature";
    input.value = key;
    const text = document.createElement("span");
    text.dataset.key = key;
    label.append(input, text);
    box.append(label);
    input.addEventListener("change", () => {
      const feat = inputs.filter((i) => i.checked).map((i) => i.value);
      onChange({ feat: feat.length === 2 && feat[0] === "x1" && feat[1] === "x2" ? [] : feat }, { final: true });
    });
    return input;
  });

  function relabel() {
    for (const span of box.querySelectorAll("span[data-key]")) span.textContent = t(`train.ui.feature.${span.dataset.key}`);
  }
  relabel();

  return {
    render(state) {
      const d = effective(state, catalog).dataset;
      root.hidden = d.kind !== "points2d";
      const chosen = state.feat.length ? state.feat : ["x1", "x2"];
      for (const input of inputs) input.checked = chosen.includes(input.value);
    },
    relabel,
  };
}
