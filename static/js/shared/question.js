// Predict, then run: a lesson's question is asked before its runs. Choosing an answer locks it and starts the runs
// (or "just run" starts them without one); once the runs are the lesson's, the answer they bear out (measured on
// the server, result.question.answer) is revealed beside the learner's with the claim that settles it. The answer
// stays in this page (nothing is sent or stored).

import { pick, t } from "./i18n.js";
import { el } from "./dom.js";

const answers = new Map(); // lesson key → chosen choice id, for this page only

/**
 * The question box of a lesson (null when it has none).
 * phase: "ask" (nothing run yet: choices open), "running" (the runs are under way: the choice is locked) or
 * "settled" (the runs are the lesson's: reveal). `result` is the checked lesson (claims, question) or null.
 * handlers: {onAnswer(id) — start the runs, onJustRun() — a button in the box to run without predicting (omit it
 * when the page has its own)}.
 */
export function questionBox(lesson, { result, phase }, handlers = {}) {
  const q = lesson.question;
  const words = lesson.question_text;
  if (!q || !words) return null;
  const box = el("fieldset", "lesson-question");
  box.dataset.lesson = lesson.key;
  box.dataset.phase = phase;
  const compact = phase === "ask" && Boolean(handlers.onJustRun); // /train: the question in the legend, one row
  const legend = el("legend", "", t("ui.question.title"));
  if (compact) legend.append(el("span", "question-legend-hint", ` · ${t("ui.question.ask_here")}`));
  box.append(legend, el("p", "question-text", pick(words).text));
  box.classList.toggle("question-compact", compact);
  const chosen = answers.get(lesson.key) || "";
  const list = el("div", "question-choices");
  for (const id of q.choices) {
    const label = el("label", "question-choice");
    const input = el("input");
    input.type = "radio";
    input.name = `question-${lesson.key}`;
    input.value = id;
    input.checked = chosen === id;
    input.disabled = phase !== "ask";
    input.addEventListener("change", () => {
      answers.set(lesson.key, id);
      if (handlers.onAnswer) handlers.onAnswer(id);
    });
    label.append(input, el("span", "", pick(words).choices[id]));
    list.append(label);
  }
  box.append(list);
  const said = result && result.question;
  const claim = result && result.claims.find((c) => c.id === q.claim);
  if (compact) { // answering runs the lesson (said beside the choices), "just run" runs it without a prediction
    const run = el("button", "btn btn-small question-just-run", t("ui.question.just_run"));
    run.type = "button";
    run.addEventListener("click", () => handlers.onJustRun());
    list.append(run);
  } else if (phase === "ask") {
    box.append(el("p", "hint question-hint", t("ui.question.ask")));
  } else if (phase === "running" || !said) {
    const mine = chosen ? pick(words).choices[chosen] : "";
    box.append(el("p", "hint question-hint", mine ? t("ui.question.waiting", { answer: mine }) : t("ui.question.waiting_none")));
  } else {
    const settled = el("p", "question-settled");
    const borne = said.answer;
    settled.dataset.answer = borne || "";
    settled.dataset.correct = !chosen || !borne ? "" : chosen === borne ? "1" : "0";
    const right = borne ? pick(words).choices[borne] : "";
    let head;
    if (!borne) head = el("strong", "lesson-bad", t("ui.question.unsettled"));
    else if (!chosen) head = el("strong", "", t("ui.question.unpredicted", { answer: right }));
    else if (chosen === borne) head = el("strong", "lesson-ok", t("ui.question.right"));
    else head = el("strong", "lesson-bad", t("ui.question.wrong", { answer: right }));
    settled.append(head);
    if (claim) settled.append(el("span", "question-claim", ` ${t("ui.question.because")} ${pick(claim.text)} ${claim.ok ? "✓" : "✗"}`));
    box.append(settled);
  }
  return box;
}

/** The answer chosen for a lesson on this page, or "". */
export function answerOf(key) {
  return answers.get(key) || "";
}
