// Small panels: the compare legend, the network's shape line, the run picker and the evaluation card.

import { fmt, grouped } from "../../shared/format.js";
import { getLang, pick, t } from "../../shared/i18n.js";
import { renderConfusion, renderMistakes } from "./images.js";
import { verdictText } from "./results.js";
import { el, swatch } from "../../shared/dom.js";

/** A compare run's label: "Batch size = 32", "Learning rate = 0.1", …; null for a single run. */
export function runLabel(run) {
  const label = run.label;
  if (!label) return t("train.ui.run.label", { n: run.index + 1 });
  if (label.lessonRun) {
    const c = label.config;
    const sched = c.schedule && c.schedule.name !== "constant" ? ` · ${t(`ui.schedule.${c.schedule.name}`)}` : "";
    return `${t("train.ui.vary.lr")} = ${fmt(c.optimizer.lr)}${sched}`;
  }
  const { vary, value } = label;
  const name = t(`train.ui.vary.${vary}`);
  if (vary === "bs" && value === "full") {
    const n = run.meta ? run.meta.plan.n_train : "N";
    return `${name} = ${t("train.ui.batch.full_chip", { n })}`;
  }
  if (vary === "opt") return `${name} = ${t(`ui.optimizer.${value}`)}`;
  if (vary === "act") return `${name} = ${t(`train.ui.act.${value}`)}`;
  if (vary === "init") return `${name} = ${t(`train.ui.init.${value}`)}`;
  return `${name} = ${typeof value === "number" ? fmt(value) : value}`;
}

/** The legend of compared runs (hidden for one run). */
export function createLegend(list) {
  let sig = "";
  return {
    render(runs) {
      const next = [getLang(), ...runs.map((r) => `${r.id}:${r.meta ? 1 : 0}:${r.done ? r.done.diagnosis.verdict : ""}`)]
        .join("|");
      if (next === sig) return;
      sig = next;
      list.hidden = runs.length < 2;
      list.replaceChildren(...runs.map((r) => {
        const li = el("li");
        li.dataset.run = r.id;
        li.append(swatch(r.index), el("span", "legend-label", runLabel(r)));
        if (r.meta) {
          const p = r.meta.plan;
          li.append(el("span", "legend-note-plain", t("train.ui.legend.plan", {
            ipe: p.iterations_per_epoch, T: p.total_iterations })));
        }
        if (r.done) li.append(el("span", "legend-verdict", verdictText(r.done.diagnosis.verdict)));
        return li;
      }));
    },
    relabel() {
      sig = "";
    },
  };
}

/** "2 → 16 → 16 → 2 · ReLU · 354 parameters" */
export function netLine(sizes, activation, parameters) {
  const act = activation ? ` · ${t(`train.ui.act.${activation}`)}` : "";
  const p = parameters !== null && parameters !== undefined
    ? ` · ${t("train.ui.net.params", { p: grouped(parameters) })}` : "";
  return `${sizes.join(" → ")}${act}${p}`;
}

/** The run picker (shown when several runs are compared). */
export function createRunPicker(select, onPick) {
  let sig = "";
  select.addEventListener("change", () => onPick(select.value));
  return {
    render(runs, current, labelOf) {
      const wrap = select.closest(".field");
      wrap.hidden = runs.length < 2;
      const next = [getLang(), ...runs.map((r) => `${r.id}:${r.meta ? 1 : 0}`)].join("|");
      if (next !== sig) {
        sig = next;
        select.replaceChildren(...runs.map((r) => {
          const o = el("option", "", labelOf(r));
          o.value = r.id;
          return o;
        }));
      }
      if (current) select.value = current;
    },
    relabel() {
      sig = "";
    },
  };
}

/** The evaluation card: confusion matrix and misclassified images of the shown run. */
export function createEvalPanel({ card, table, mistakes, note }) {
  let sig = "";
  return {
    render(run) {
      const ev = run && run.done ? run.done.evaluation : null;
      const image = run && run.meta && run.meta.dataset.kind === "image";
      const next = `${getLang()}|${run ? run.id : ""}|${ev ? 1 : 0}`;
      if (next === sig) return;
      sig = next;
      card.hidden = !(ev && image);
      if (!ev || !image) {
        table.replaceChildren();
        table.dataset.total = "0";
        mistakes.replaceChildren();
        mistakes.dataset.count = "0";
        return;
      }
      renderConfusion(table, ev);
      renderMistakes(mistakes, ev, run.meta.dataset.image_shape);
      note.textContent = ev.misclassified && ev.misclassified.pixels.length
        ? t("train.ui.mistakes.hint") : t("train.ui.mistakes.none");
    },
    relabel() {
      sig = "";
    },
  };
}

/** The lesson box: a lesson's title, notice and text (hidden without one). */
export function createLessonBox({ box, title, notice, text }) {
  let lesson = null;
  function render() {
    box.hidden = !lesson;
    if (!lesson) return;
    title.textContent = t("train.ui.lesson.title", { title: pick(lesson.title) });
    notice.textContent = pick(lesson.notice);
    text.textContent = pick(lesson.text);
  }
  return {
    show(next) {
      lesson = next;
      render();
    },
    relabel: render,
  };
}
