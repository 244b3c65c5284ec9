// One mini-batch taken apart (POST /api/v1/anatomy/train): at iteration t of the first run, the batch loss, and per
// layer the gradient norm ‖g_l‖ and the relative update ‖Δθ_l‖ / ‖θ_l‖ — the run replayed exactly on the server.

import { el } from "../../shared/dom.js";
import { fmt } from "../../shared/format.js";
import { t } from "../../shared/i18n.js";
import { postJSON } from "../../shared/request.js";

/** opts: {box, runs() → [{config}]}; the card fills itself when asked. */
export function createBatchAnatomy({ box, runs }) {
  const input = el("input");
  input.type = "number";
  input.min = "0";
  input.step = "1";
  input.value = "0";
  input.id = "t-batch-t";
  const label = el("label", "", "");
  label.htmlFor = input.id;
  const go = el("button", "btn btn-small", "");
  go.type = "button";
  go.id = "btn-batch-anatomy";
  const out = el("div", "batch-anatomy-out");
  const row = el("div", "field-row");
  row.append(label, input, go);
  box.append(row, out);
  let body = null;

  function render() {
    if (!body) return out.replaceChildren();
    const table = el("table", "anatomy-table");
    const head = el("tr");
    for (const k of ["layer", "grad", "relative"]) head.append(el("th", "", t(`train.ui.batch_anatomy.col.${k}`)));
    table.append(head);
    for (const l of body.layers) {
      const tr = el("tr");
      tr.dataset.layer = String(l.layer);
      tr.append(el("td", "", `${l.layer} (${l.shape.join(" → ")})`), el("td", "", fmt(l.grad_norm)),
        el("td", "", fmt(l.relative_update)));
      table.append(tr);
    }
    out.replaceChildren(el("p", "", t("train.ui.batch_anatomy.head", { t: body.t, epoch: body.epoch, batch: body.batch,
      loss: fmt(body.loss), lr: fmt(body.lr) })), table);
    box.dataset.t = String(body.t);
  }

  go.addEventListener("click", async () => {
    const first = runs()[0];
    if (!first) return;
    const iteration = Math.max(0, Math.floor(Number(input.value) || 0));
    try {
      body = await postJSON("/api/v1/anatomy/train", { run: first.config, iteration });
    } catch (err) { // the refusal in the page's language
      body = null;
      out.replaceChildren(el("p", "lesson-bad", err.message));
      return;
    }
    render();
  });

  function relabel() {
    label.textContent = t("train.ui.batch_anatomy.iteration");
    go.textContent = t("train.ui.batch_anatomy.go");
    render();
  }
  relabel();
  return { relabel };
}
