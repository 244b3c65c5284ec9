import { test } from "node:test";
import assert from "node:assert/strict";

import { fmt } from "../../static/js/shared/format.js";
import { tickLabels } from "../../static/js/shared/uchart.js";

test("tick labels get the digits that tell neighbouring ticks apart, and no more", () => {
  assert.deepEqual(tickLabels([0, 100, 200, 300], fmt), ["0", "100", "200", "300"]);
  const close = [3.97e-4, 3.98e-4, 3.99e-4, 4.0e-4, 4.01e-4];
  assert.equal(new Set(close.map((v) => fmt(v, 2))).size, 1, "two digits say 4e-4 five times");
  const labels = tickLabels(close, fmt);
  assert.equal(new Set(labels).size, close.length, labels.join(" "));
  assert.deepEqual(tickLabels([10, 10.5, 11, 11.5], fmt), [10, 10.5, 11, 11.5].map((v) => fmt(v, 3)));
  assert.deepEqual(tickLabels([null, 1, 2], fmt), ["", "1", "2"]);
});
