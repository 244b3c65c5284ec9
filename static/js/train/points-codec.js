// The compact code of a small 2D data set for the /train permalink (pts=), the same as app/core/points_codec.py:
// a kind letter ("c" classification, "r" regression), a dot, then base64url (no padding) of little-endian bytes
//   c: float32 s, N × (int16 x1, int16 x2), N × uint8 label      r: float32 sx, float32 sy, N × (int16 x, int16 y)
// with each coordinate stored as round-half-even(v / s), s = max|v| / 32767 (rounded to float32, never below).

const Q = 32767;

function nextUp32(s) {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, s, true);
  view.setUint32(0, view.getUint32(0, true) + 1, true);
  return view.getFloat32(0, true);
}

function scaleOf(values) {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  if (m === 0) return 1;
  let s = Math.fround(m / Q);
  while (m / s > Q) s = nextUp32(s);
  return s;
}

function roundHalfEven(v) {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function quantise(v, s) {
  return Math.max(-Q, Math.min(Q, roundHalfEven(v / s)));
}

function toBase64Url(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  const b64 = typeof btoa === "function" ? btoa(bin) : Buffer.from(bin, "binary").toString("base64");
  return b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  const bin = typeof atob === "function" ? atob(b64) : Buffer.from(b64, "base64").toString("binary");
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** rows [x1, x2, label] or [x, y] → the code. */
export function encodePoints(rows) {
  const n = rows.length;
  if (n && rows[0].length === 3) {
    const s = scaleOf(rows.flatMap((r) => [r[0], r[1]]));
    const view = new DataView(new ArrayBuffer(4 + 5 * n));
    view.setFloat32(0, s, true);
    rows.forEach((r, i) => {
      view.setInt16(4 + 4 * i, quantise(r[0], s), true);
      view.setInt16(6 + 4 * i, quantise(r[1], s), true);
      view.setUint8(4 + 4 * n + i, r[2]);
    });
    return "c." + toBase64Url(new Uint8Array(view.buffer));
  }
  const sx = scaleOf(rows.map((r) => r[0]));
  const sy = scaleOf(rows.map((r) => r[1]));
  const view = new DataView(new ArrayBuffer(8 + 4 * n));
  view.setFloat32(0, sx, true);
  view.setFloat32(4, sy, true);
  rows.forEach((r, i) => {
    view.setInt16(8 + 4 * i, quantise(r[0], sx), true);
    view.setInt16(10 + 4 * i, quantise(r[1], sy), true);
  });
  return "r." + toBase64Url(new Uint8Array(view.buffer));
}

/** The rows back from a code, or null when the text is not one. */
export function decodePoints(code, maxRows = 5000) {
  if (typeof code !== "string" || code.length < 2 || code[1] !== "." || !"cr".includes(code[0])) return null;
  if (!/^[A-Za-z0-9_-]*$/.test(code.slice(2))) return null;
  let bytes;
  try {
    bytes = fromBase64Url(code.slice(2));
  } catch {
    return null;
  }
  const view = new DataView(bytes.buffer);
  const rows = [];
  if (code[0] === "c") {
    const n = (bytes.length - 4) / 5;
    if (bytes.length < 4 || !Number.isInteger(n) || n > maxRows) return null;
    const s = view.getFloat32(0, true);
    if (!(s > 0) || !Number.isFinite(s)) return null;
    for (let i = 0; i < n; i++) {
      const label = view.getUint8(4 + 4 * n + i);
      if (label >= 10) return null;
      rows.push([view.getInt16(4 + 4 * i, true) * s, view.getInt16(6 + 4 * i, true) * s, label]);
    }
    return rows;
  }
  const n = (bytes.length - 8) / 4;
  if (bytes.length < 8 || !Number.isInteger(n) || n > maxRows) return null;
  const sx = view.getFloat32(0, true);
  const sy = view.getFloat32(4, true);
  if (!(sx > 0 && sy > 0) || !Number.isFinite(sx) || !Number.isFinite(sy)) return null;
  for (let i = 0; i < n; i++) {
    rows.push([view.getInt16(8 + 4 * i, true) * sx, view.getInt16(10 + 4 * i, true) * sy]);
  }
  return rows;
}
