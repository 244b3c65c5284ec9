import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { NUMBER_PATTERN, parseStrictNumber } from "../../static/js/shared/number.js";

test("the page reads the numbers the server reads, and refuses the same texts", () => {
  const good = { "0.1": 0.1, "1e-3": 0.001, ".5": 0.5, "5.": 5, "-3": -3, "+2": 2, "1E2": 100 };
  for (const [text, v] of Object.entries(good)) assert.equal(parseStrictNumber(text), v, text);
  for (const text of ["1_0", "١٢", " 1", "0x10", "Infinity", "NaN", "1e400", "", "1,5", "--1"]) {
    assert.equal(parseStrictNumber(text), undefined, text);
  }
});

test("the pattern is the server's, character for character", () => {
  const py = readFileSync(new URL("../../app/web/permalink.py", import.meta.url), "utf8");
  const m = py.match(/NUMBER = re\.compile\(r"(.*)"\)/);
  assert.ok(m, "permalink.py defines NUMBER");
  assert.equal(m[1], NUMBER_PATTERN.replaceAll("\\\\", "\\"));
});

test("figure.svg knows every key the simulator's URL writes", async () => {
  const { STATE_TABLE } = await import("../../static/js/descent/state.js");
  const { catalogParamEntries } = await import("../../static/js/shared/state.js");
  const { execFileSync } = await import("node:child_process");
  const { existsSync } = await import("node:fs");
  const root = new URL("../..", import.meta.url);
  const venv = new URL(".venv/bin/python", root);
  const python = existsSync(venv) ? venv.pathname : "python3"; // the keys are derived from the registries
  const out = JSON.parse(execFileSync(python, ["-c",
    "import json; from app.config import Settings; from app.web.catalog import catalog_body; " +
    "from app.web.permalink import RUN_KEYS, VIEW_KEYS; c = catalog_body(Settings()); " +
    "print(json.dumps({'keys': [*RUN_KEYS, *VIEW_KEYS], 'optimizers': c['optimizers'], " +
    "'schedules': c['schedules'], 'common': [p['name'] for p in c['schedule_common']]}))"], { cwd: root }).toString());
  const known = new Set(out.keys);
  // the page's table once it has the catalog: its own keys and every optimizer and schedule parameter
  const page = [...STATE_TABLE, ...catalogParamEntries(out, "optimizers"), ...catalogParamEntries(out, "schedules")];
  const keys = new Set(page.map((e) => e.key));
  for (const k of keys) assert.ok(known.has(k), k);
  // beyond them only the parameters every schedule takes (warm-up), which scripts may write
  assert.deepEqual([...known].filter((k) => !keys.has(k)).sort(), [...out.common].sort());
});
