// Predict, then run: a lesson's question with its choices before the runs; afterwards the learner's answer beside
// the result and the claim that settles it. The answer stays in this page (nothing is sent or stored).

import { pick, t } from "./i18n.js";
import { el } from "./dom.js";

const answers = new Map(); // lesson key → chosen choice id, for this page only

/**
 * The question box of a lesson (null when it has none). `result` is the checked claims (or null before the runs
 * finish); `verified` as in claims.js.
 */
export function questionBox(lesson, result, verified, onAnswer) {
  const q = lesson.question;
  const words = lesson.question_text;
  if (!q || !words) return null;
  const box = el("fieldset", "lesson-question");
  box.dataset.lesson = lesson.key;
  box.append(el("legend", "", t("ui.question.title")), el("p", "question-text", pick(words).text));
  const chosen = answers.get(lesson.key) || "";
  const list = el("div", "question-choices");
  for (const id of q.choices) {
    const label = el("label", "question-choice");
    const input = el("input");
    input.type = "radio";
    input.name = `question-${lesson.key}`;
    input.value = id;
    input.checked = chosen === id;
    input.addEventListener("change", () => {
      answers.set(lesson.key, id);
      if (onAnswer) onAnswer(id);
    });
    label.append(input, el("span", "", pick(words).choices[id]));
    list.append(label);
  }
  box.append(list);
  const claim = result && result.claims.find((c) => c.id === q.claim);
  if (claim && verified === true && chosen) {
    const settled = el("p", "question-settled");
    settled.dataset.answer = q.answer;
    const right = pick(words).choices[q.answer];
    const ok = chosen === q.answer;
    settled.dataset.correct = ok ? "1" : "0";
    settled.append(el("strong", ok ? "lesson-ok" : "lesson-bad",
      ok ? t("ui.question.right") : t("ui.question.wrong", { answer: right })));
    settled.append(el("span", "question-claim", ` ${t("ui.question.because")} ${pick(claim.text)} ${claim.ok ? "✓" : "✗"}`));
    box.append(settled);
  } else if (!chosen) {
    box.append(el("p", "hint", t(verified === true ? "ui.question.hint_done" : "ui.question.hint")));
  }
  return box;
}

/** The answer chosen for a lesson on this page, or "". */
export function answerOf(key) {
  return answers.get(key) || "";
}
