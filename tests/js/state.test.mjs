import { test } from "node:test";
import assert from "node:assert/strict";
import { STATE, defaultState, parseState, serializeState, withCatalog }
  from "../../static/js/descent/state.js";
import { formatValue, parseValue } from "../../static/js/shared/state.js";

// the page extends its table with the catalog's parameters (GET /api/v1/catalog) before reading the URL
const names = (...n) => n.map((name) => ({ name }));
withCatalog({ optimizers: [{ key: "sgd", params: names("lr", "weight_decay") },
  { key: "adam", params: names("lr", "momentum", "alpha", "beta1", "beta2", "eps", "weight_decay") }],
schedules: [{ key: "step", params: [{ name: "step_size", integer: true }] }] });

test("every optimizer parameter the catalog lists gets a URL key, after lr, once", () => {
  const keys = STATE.entries.map((e) => e.key);
  assert.deepEqual(keys.slice(keys.indexOf("lr"), keys.indexOf("conv")),
    ["lr", "weight_decay", "momentum", "alpha", "beta1", "beta2", "eps"]);
  withCatalog({ optimizers: [{ key: "lion", params: names("lr", "rho", "momentum") }], schedules: [] });
  assert.equal(parseState("opt=lion&rho=0.5").rho, 0.5);
  assert.equal(serializeState({ ...defaultState(), opt: "lion", rho: 0.5 }), "opt=lion&rho=0.5");
  assert.equal(STATE.entries.filter((e) => e.key === "momentum").length, 1);
});

test("every table entry has a key, a type and a default", () => {
  const keys = new Set();
  for (const e of STATE.entries) {
    assert.equal(typeof e.key, "string");
    assert.ok(["string", "number", "int", "bool", "point", "list", "speed"].includes(e.type), e.key);
    assert.ok("default" in e, e.key);
    assert.ok(!keys.has(e.key), `duplicate ${e.key}`);
    keys.add(e.key);
  }
});

test("the default state serialises to an empty query", () => {
  assert.equal(serializeState(defaultState()), "");
  assert.deepEqual(parseState(""), defaultState());
});

test("a full state round-trips through the URL", () => {
  const s = {
    ...defaultState(),
    lang: "en", surface: "rosenbrock", start: [-1.5, 2.25], opt: "adam", lr: 0.003, beta1: 0.8, beta2: 0.99,
    eps: 1e-10, weight_decay: 0.01, conv: "book", sched: "cosine", t_max: 250, lr_min: 1e-5, grad: "central",
    h: 1e-6, steps: 2500, speed: "max", vary: "lr", values: ["0.1", "10", "1e-10"], autoplay: true,
    hide: ["schedule"],
  };
  const q = serializeState(s);
  assert.deepEqual(parseState(q), s);
  assert.deepEqual(parseState(`?${q}`), s);
  assert.match(q, /start=-1\.5,2\.25/);
  assert.match(q, /values=0\.1,10,1e-10/);
});

test("numbers keep full precision, including tiny and huge ones", () => {
  for (const v of [1e-10, 0.1, 1 / 3, 123456789.123, -2.6e13, 5e-324]) {
    const s = { ...defaultState(), lr: v };
    assert.equal(parseState(serializeState(s)).lr, v);
  }
});

test("values equal to their default are left out; unknown keys are ignored", () => {
  const s = { ...defaultState(), surface: "bowl", steps: 100, opt: "momentum" };
  assert.equal(serializeState(s), "opt=momentum");
  assert.deepEqual(parseState("opt=momentum&bogus=1"), s);
});

test("unreadable values fall back to the default", () => {
  const s = parseState("steps=abc&lr=NaN&start=1&speed=fast&h=1e400");
  assert.equal(s.steps, 100);
  assert.equal(s.lr, null);
  assert.equal(s.start, null);
  assert.equal(s.speed, 20);
  assert.equal(s.h, 1e-4);
});

test("integers must be integers, but may exceed server limits (the server reports those)", () => {
  assert.equal(parseState("steps=2.5").steps, 100);
  assert.equal(parseState("steps=1000000").steps, 1000000);
});

test("typed values parse and format symmetrically", () => {
  const cases = [
    ["bool", true, "1"], ["bool", false, "0"], ["point", [-3, 4], "-3,4"], ["list", ["a", "b"], "a,b"],
    ["speed", "max", "max"], ["speed", 60, "60"], ["int", 7, "7"], ["number", 0.5, "0.5"], ["string", "adam", "adam"],
  ];
  for (const [type, value, text] of cases) {
    assert.equal(formatValue(type, value), text);
    assert.deepEqual(parseValue(type, text), value);
  }
});
