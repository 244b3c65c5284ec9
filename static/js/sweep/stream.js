// Reading a map's NDJSON answer as it arrives (POST /api/v1/sweeps or /trainability): meta, level, tile, done.

import { request } from "../shared/request.js";

const DTYPES = { reason: Uint8Array, k: Uint16Array, minimum: Int8Array, loss: Float32Array };

/** Base64 of little-endian values to a typed array (every browser this page supports is little-endian). */
export function decode(b64, Type) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
  return new Type(bytes.buffer);
}

/** A tile line's arrays, decoded. */
export function tileArrays(msg) {
  const out = {};
  for (const [key, Type] of Object.entries(DTYPES)) if (msg[key]) out[key] = decode(msg[key], Type);
  return out;
}

/**
 * POST body to `url` and call on(msg) for every line; resolves when the answer ends. Rejects with
 * {status, detail} for a refused request (422 names fields, 429 busy) or a broken connection.
 */
export async function streamMap(url, body, on, signal) {
  const r = await request(url, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body), signal });
  if (!r.ok) {
    let detail = null;
    try {
      detail = (await r.json()).detail;
    } catch {
      detail = null;
    }
    throw { status: r.status, detail };
  }
  const reader = r.body.getReader();
  const text = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buf += text.decode(value, { stream: true });
    let nl = buf.indexOf("\n");
    while (nl >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) on(JSON.parse(line));
      nl = buf.indexOf("\n");
    }
    if (done) break;
  }
}
