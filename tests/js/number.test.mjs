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
  const { execFileSync } = await import("node:child_process");
  const py = execFileSync("python3", ["-c",
    "import ast,sys;src=open('app/web/permalink.py').read();t=ast.parse(src);" +
    "v={n.targets[0].id:n.value for n in t.body if isinstance(n,ast.Assign) and hasattr(n.targets[0],'id')};" +
    "flat=lambda e:[x for el in e.elts for x in (flat(v[el.value.id]) if isinstance(el,ast.Starred) else [el.value])];" +
    "print(' '.join(flat(v['RUN_KEYS'])+flat(v['VIEW_KEYS'])))"], { cwd: new URL("../..", import.meta.url) });
  const known = new Set(py.toString().trim().split(" "));
  for (const e of STATE_TABLE) assert.ok(known.has(e.key), e.key);
  assert.equal(known.size, STATE_TABLE.length);
});
