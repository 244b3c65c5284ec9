// Image data sets: a grid of sample images with their labels, the confusion matrix (a shaded table) and the
// misclassified examples ("label → predicted").

import { fmt } from "../../shared/format.js";
import { t } from "../../shared/i18n.js";

/** A small canvas showing one image (pixels 0..255, row-major), ink dark on light paper. */
export function imageCanvas(pixels, shape) {
  const [h, w] = shape;
  const c = document.createElement("canvas");
  c.width = w;
  c.height = h;
  c.className = "digit";
  const ctx = c.getContext("2d");
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    const v = 255 - (pixels[i] ?? 0);
    img.data[4 * i] = v;
    img.data[4 * i + 1] = v;
    img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  c.setAttribute("aria-hidden", "true");
  return c;
}

function figure(pixels, shape, caption, cls) {
  const fig = document.createElement("figure");
  fig.className = cls;
  const cap = document.createElement("figcaption");
  cap.textContent = caption;
  fig.append(imageCanvas(pixels, shape), cap);
  return fig;
}

/** The sample grid from meta.dataset.images. */
export function renderSamples(box, data) {
  const imgs = data.images;
  const shape = data.image_shape || [8, 8];
  box.replaceChildren(...imgs.pixels.map((p, i) => figure(p, shape, String(imgs.labels[i]), "sample")));
  box.dataset.count = String(imgs.pixels.length);
  box.setAttribute("aria-label", t("train.ui.images.aria", { n: imgs.pixels.length }));
}

/** Misclassified examples from done.evaluation. */
export function renderMistakes(box, evaluation, shape) {
  const m = evaluation && evaluation.misclassified;
  if (!m || !m.pixels.length) {
    box.replaceChildren();
    box.dataset.count = "0";
    return;
  }
  box.replaceChildren(...m.pixels.map((p, i) => {
    const fig = figure(p, shape, `${m.labels[i]} → ${m.predicted[i]}`, "sample wrong");
    fig.title = t("train.ui.mistake.title", { label: m.labels[i], predicted: m.predicted[i] });
    return fig;
  }));
  box.dataset.count = String(m.pixels.length);
}

/** The confusion matrix as a table: rows = true label, columns = predicted; counts shaded by size. */
export function renderConfusion(table, evaluation) {
  const m = evaluation.confusion;
  const k = m.length;
  let total = 0;
  let max = 0;
  for (const row of m) for (const v of row) {
    total += v;
    max = Math.max(max, v);
  }
  const cap = document.createElement("caption");
  cap.textContent = t("train.ui.confusion.caption", {
    split: t(`train.ui.split.${evaluation.split}`), n: total, acc: fmt(100 * evaluation.accuracy, 3),
  });
  const head = document.createElement("thead");
  const hr = document.createElement("tr");
  const corner = document.createElement("th");
  corner.scope = "col";
  corner.className = "corner";
  corner.textContent = t("train.ui.confusion.corner");
  hr.append(corner);
  for (let j = 0; j < k; j++) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = String(j);
    hr.append(th);
  }
  head.append(hr);
  const body = document.createElement("tbody");
  m.forEach((row, i) => {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = String(i);
    tr.append(th);
    row.forEach((v, j) => {
      const td = document.createElement("td");
      td.textContent = String(v);
      const a = max ? v / max : 0;
      if (v > 0) {
        td.style.background = i === j ? `rgba(0,114,178,${0.12 + 0.75 * a})` : `rgba(213,94,0,${0.15 + 0.7 * a})`;
        if (a > 0.55) td.classList.add("dark");
      } else {
        td.classList.add("zero");
      }
      if (i === j) td.classList.add("diag");
      tr.append(td);
    });
    body.append(tr);
  });
  table.replaceChildren(cap, head, body);
  table.dataset.total = String(total);
  table.dataset.size = String(k);
}
