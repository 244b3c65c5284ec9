// A lesson's claims as the server checked them on its runs (GET /api/v1/lessons/{key}/result): a table with each
// claim in words, the measured values and ✓/✗. For a descent lesson the page's own runs are compared with the
// server's before the marks are trusted: a ✓ is only shown for the runs the learner sees.

import { fmt } from "./format.js";
import { pick, t } from "./i18n.js";
import { el, headedTable } from "./dom.js";
import { request } from "./request.js";

const results = new Map();

/** The checked claims of a lesson (fetched once per page). Resolves to the body or rejects. */
export function fetchResult(key) {
  if (!results.has(key)) {
    const p = request(`/api/v1/lessons/${encodeURIComponent(key)}/result`).then((r) => {
      if (!r.ok) throw new Error(`lesson result: HTTP ${r.status}`);
      return r.json();
    });
    p.catch(() => results.delete(key));
    results.set(key, p);
  }
  return results.get(key);
}

const OPS = { "<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", approx: "≈", between: "∈" };

/** One measured side: a number in 4 significant digits, yes/no, or "never" for +∞. */
export function valueText(v, never) {
  if (never) return t("ui.claims.never");
  if (v === true) return t("ui.claims.yes");
  if (v === false) return t("ui.claims.no");
  return fmt(v, 4);
}

/** "0.000266 < 0.02", "34 ∈ [26.67, 53.33]" */
export function comparisonText(c) {
  const never = new Set(c.never || []);
  const lhs = valueText(c.lhs, never.has("lhs"));
  if (c.op === "between") {
    const [lo, hi] = c.rhs;
    return `${lhs} ∈ [${valueText(lo, never.has("rhs.0"))}, ${valueText(hi, never.has("rhs.1"))}]`;
  }
  return `${lhs} ${OPS[c.op] || c.op} ${valueText(c.rhs, never.has("rhs"))}`;
}

/**
 * The claims table. `verified` is null while the page's runs are still running, true when they are the lesson's
 * own runs (or the lesson has none on this page), false when they differ from the server's.
 */
export function claimsTable(result, verified) {
  const { table, tbody } = headedTable("lesson-claims", t("ui.claims.title"),
    ["claim", "measured", "holds"].map((k) => t(`ui.claims.col.${k}`)));
  for (const c of result.claims) {
    const tr = el("tr");
    tr.dataset.claimId = c.id;
    tr.dataset.ok = verified === true ? (c.ok ? "1" : "0") : "";
    const claim = el("th", "claim-text", pick(c.text));
    claim.scope = "row";
    const measured = el("td", "claim-measured");
    measured.append(el("code", "", comparisonText(c)));
    const holds = el("td", "claim-holds");
    if (verified === true) {
      const mark = el("span", c.ok ? "lesson-ok" : "lesson-bad", c.ok ? "✓" : "✗");
      mark.title = t(c.ok ? "ui.claims.holds" : "ui.claims.fails");
      holds.append(mark);
    } else {
      holds.append(el("span", "hint", verified === false ? t("ui.claims.other_runs") : "…"));
    }
    tr.append(claim, measured, holds);
    tbody.append(tr);
  }
  table.append(tbody);
  return table;
}

/** Whether the page's finished runs end where the server's did: {run_id: [x, y]} against result.results. */
export function sameRuns(result, ends, close) {
  for (const [id, xy] of Object.entries(ends)) {
    const theirs = result.results[id];
    const fin = theirs && theirs.final && theirs.final.xy;
    if (!fin || !xy || !close(fin[0], xy[0], 1e-9) || !close(fin[1], xy[1], 1e-9)) return false;
  }
  return true;
}
