import { test } from "node:test";
import assert from "node:assert/strict";
import { encodePoints, decodePoints } from "../../static/js/train/points-codec.js";

// the same fixtures as tests/core/test_custom_data.py::test_codec_fixture_shared_with_the_page
test("the page encodes exactly as the server", () => {
  assert.equal(encodePoints([[1, 2, 0], [3, 4, 1], [5, 6, 0], [7, 8, 1]]), "c.AQGAOQAQACAAMP8__0__X_9v_38AAQAB");
  assert.equal(encodePoints([[1, 2], [3, -4.5]]), "r.gQHAOCEBEDmqKuM4_38BgA");
});

test("a few hundred drawn points round-trip within the quantisation step", () => {
  let seed = 1;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const rows = Array.from({ length: 300 }, () => [12 * rand() - 6, 12 * rand() - 6, rand() < 0.5 ? 0 : 1]);
  const code = encodePoints(rows);
  assert.ok(code.length < 2100, `${code.length} characters`);
  const back = decodePoints(code);
  assert.equal(back.length, 300);
  back.forEach((r, i) => {
    assert.equal(r[2], rows[i][2]);
    assert.ok(Math.abs(r[0] - rows[i][0]) <= 6 / 32767 && Math.abs(r[1] - rows[i][1]) <= 6 / 32767);
  });
  assert.equal(encodePoints(back), code);
});

test("what is not a code decodes to null", () => {
  for (const bad of ["", "c", "x.AAAA", "c.!!", "c.AAAAAAAA", "r.AAAA", null]) assert.equal(decodePoints(bad), null);
});
