// The numerical-gradient lesson: time backprop against a numerical gradient on the server, next to the
// time the lessons measured.

import { measureGradients } from "../../shared/lessons.js";
import { fmt, grouped } from "../../shared/format.js";
import { t } from "../../shared/i18n.js";
import { el } from "../../shared/dom.js";

const LESSONS_SECONDS = 58; // one numerical gradient of 784-100-10 at batch 100, as the lessons measured it


function seconds(s) {
  if (s < 1) return t("ui.lessons.timing.ms", { ms: fmt(s * 1000, 3) });
  return t("ui.lessons.timing.seconds", { s: fmt(s, 3) });
}

/** The seconds the lessons quote for one numerical gradient. */
export function quotedSeconds(lesson) {
  const q = lesson && lesson.quoted;
  const v = q && (q.numerical_seconds ?? (q.timing && q.timing.numerical_seconds));
  return Number.isFinite(v) ? v : LESSONS_SECONDS;
}

/** A box with the Measure button; results stay until the lesson changes. */
export function createTiming(lesson) {
  const box = el("div", "timing");
  box.dataset.state = "idle";
  const button = el("button", "btn btn-small btn-primary");
  button.type = "button";
  button.id = "btn-timing";
  const out = el("div", "timing-out");
  out.setAttribute("aria-live", "polite");
  box.append(button, out);
  let result = null;
  let failure = null;

  function row(labelKey, value, note) {
    const wrap = el("div", "timing-row");
    wrap.append(el("dt", "", t(labelKey)));
    const dd = el("dd", "", value);
    if (note) dd.append(el("span", "timing-note", note));
    wrap.append(dd);
    return wrap;
  }

  function render() {
    button.textContent = t(box.dataset.state === "busy" ? "ui.lessons.timing.measuring" : "ui.lessons.timing.measure");
    button.disabled = box.dataset.state === "busy";
    if (failure) {
      out.replaceChildren(el("p", "timing-error", t("ui.lessons.timing.failed", { detail: failure })));
      return;
    }
    if (!result) {
      out.replaceChildren();
      return;
    }
    const r = result;
    const dl = el("dl", "timing-table");
    const agree = r.max_relative_difference < 1e-3;
    dl.append(
      row("ui.lessons.timing.network", t("ui.lessons.timing.network_value",
        { sizes: r.sizes.join("-"), params: grouped(r.parameters), batch: r.batch })),
      row("ui.lessons.timing.backprop", seconds(r.backprop_seconds)),
      row("ui.lessons.timing.numerical", seconds(r.numerical_seconds_estimated),
        t("ui.lessons.timing.estimate_note", { n: r.coordinates })),
      row("ui.lessons.timing.quoted", t("ui.lessons.timing.seconds", { s: fmt(quotedSeconds(lesson), 3) })),
      row("ui.lessons.timing.ratio", t("ui.lessons.timing.ratio_value", { ratio: grouped(Math.round(r.ratio)) })),
      row("ui.lessons.timing.agreement", t("ui.lessons.timing.agreement_value",
        { max: fmt(r.max_relative_difference, 2), median: fmt(r.median_relative_difference, 2) })),
    );
    const ratio = dl.children[4].querySelector("dd");
    ratio.id = "timing-ratio";
    ratio.dataset.ratio = String(r.ratio);
    const verdict = el("p", `timing-verdict ${agree ? "ok" : "bad"}`, t(agree ? "ui.lessons.timing.agree" : "ui.lessons.timing.disagree"));
    out.replaceChildren(dl, verdict);
  }

  button.addEventListener("click", async () => {
    box.dataset.state = "busy";
    failure = null;
    render();
    const answer = await measureGradients(lesson.timing || {});
    if (answer.ok) {
      result = answer.body;
      box.dataset.state = "done";
    } else {
      failure = answer.status === 429 ? t("ui.error.busy") : answer.detail;
      box.dataset.state = "failed";
    }
    render();
  });

  render();
  return { el: box, relabel: render };
}
