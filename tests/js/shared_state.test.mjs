import { test } from "node:test";
import assert from "node:assert/strict";
import { statePatch } from "../../static/js/embed/patch.js";
import { parseBatch, parseValue, SCHEDULE_ENTRIES, stateTable } from "../../static/js/shared/state.js";

const table = stateTable([
  { key: "name", type: "string", default: "a" },
  { key: "n", type: "int", default: 3 },
  { key: "at", type: "point", default: null },
  { key: "tags", type: "list", default: [] },
  { key: "bs", type: "batch", default: null },
  { key: "on", type: "bool", default: false },
]);

test("a table's defaults are fresh copies and serialise to nothing", () => {
  const a = table.defaults();
  a.tags.push("x");
  assert.deepEqual(table.defaults().tags, []);
  assert.equal(table.serialize(table.defaults()), "");
  assert.equal(table.entry("n").type, "int");
  assert.equal(table.entry("nope"), undefined);
});

test("parse and serialize round-trip in table order, skipping unknown keys and unreadable values", () => {
  const s = table.parse("?on=1&tags=b,c&at=-3,4&n=5&bs=full&zzz=1");
  assert.deepEqual(s, { name: "a", n: 5, at: [-3, 4], tags: ["b", "c"], bs: "full", on: true });
  assert.equal(table.serialize(s), "n=5&at=-3,4&tags=b,c&bs=full&on=1");
  assert.deepEqual(table.parse("n=2.5&at=1&bs=-2"), table.defaults());
});

test("values of every type parse or are refused", () => {
  assert.equal(parseValue("speed", "max"), "max");
  assert.equal(parseValue("number", "1e400"), undefined);
  assert.equal(parseValue("number", " "), undefined);
  assert.equal(parseBatch(" 32 "), 32);
  assert.equal(parseBatch("FULL"), "full");
  assert.equal(parseBatch("3.5"), undefined);
  assert.ok(SCHEDULE_ENTRIES.some((e) => e.key === "lr_max"));
});

test("a patch takes URL text or JSON values, restores defaults for null, and names what it refuses", () => {
  const { patch, unknown, invalid } = table.patch({ n: 7, at: [-1, 2], tags: ["x", 3], name: null, on: "1", bs: 0,
    bogus: 1 });
  assert.deepEqual(patch, { n: 7, at: [-1, 2], tags: ["x", "3"], name: "a", on: true });
  assert.deepEqual(unknown, ["bogus"]);
  assert.deepEqual(invalid, ["bs"]);
  assert.deepEqual(table.patch([1, 2]), { patch: {}, unknown: [], invalid: [] });
});

test("the embed's host patch reads the simulator's keys", () => {
  const { patch, unknown, invalid } = statePatch({ lr: "0.5", start: [-3, 4], sched: "range_test", lr_max: 3,
    steps: 2.5, colour: "red" });
  assert.deepEqual(patch, { lr: 0.5, start: [-3, 4], sched: "range_test", lr_max: 3 });
  assert.deepEqual(unknown, ["colour"]);
  assert.deepEqual(invalid, ["steps"]);
});
