// postMessage between a host page and the embedded simulator. Messages are {type: "descent-lab:<name>", ...}.
// Incoming ones count only from an allowed origin (the server's embed origins; "*" allows any) and from the
// window that frames this one; outgoing ones go only to the host's origin.

export const PREFIX = "descent-lab:";
export const COMMANDS = ["set", "start", "pause", "resume", "step", "stop", "reset"];

/** Whether an origin may talk to the embed. */
export function originAllowed(origin, allowed) {
  return allowed.includes("*") || (typeof origin === "string" && allowed.includes(origin));
}

/** The origin of a URL ("" when it has none). */
export function originOf(url) {
  try {
    const o = new URL(url).origin;
    return o === "null" ? "" : o;
  } catch {
    return "";
  }
}

/**
 * Where replies go before any message arrives: the framing page's origin (ancestorOrigins, then the referrer)
 * when it is allowed; with a single listed origin, that one. null: wait for the host's first message.
 */
export function initialHostOrigin(allowed, { ancestor = "", referrer = "" } = {}) {
  for (const o of [ancestor, originOf(referrer)]) if (o && o !== "null" && originAllowed(o, allowed)) return o;
  const listed = allowed.filter((o) => o !== "*");
  if (!allowed.includes("*") && listed.length === 1) return listed[0];
  return null;
}

/**
 * opts: {allowed: string[], onCommand(name, message)}
 * Returns {post(type, fields), stats}. Nothing is posted when the page is not framed.
 */
export function createBridge({ allowed, onCommand, win = window }) {
  const framed = win.parent && win.parent !== win;
  const stats = { received: 0, accepted: 0, refused: 0, refusedBy: null, sent: 0, queued: 0, hostOrigin: null };
  const ancestor = win.location.ancestorOrigins && win.location.ancestorOrigins.length
    ? win.location.ancestorOrigins[0] : "";
  let hostOrigin = framed ? initialHostOrigin(allowed, { ancestor, referrer: win.document.referrer }) : null;
  stats.hostOrigin = hostOrigin;
  const queue = [];

  function send(msg) {
    win.parent.postMessage(msg, hostOrigin);
    stats.sent++;
  }

  function post(type, fields = {}) {
    if (!framed) return;
    const msg = { type: PREFIX + type, ...fields };
    if (!hostOrigin) {
      queue.push(msg);
      if (queue.length > 50) queue.shift();
      stats.queued = queue.length;
      return;
    }
    send(msg);
  }

  win.addEventListener("message", (ev) => {
    const data = ev.data;
    if (!data || typeof data !== "object" || typeof data.type !== "string" || !data.type.startsWith(PREFIX)) return;
    stats.received++;
    let why = null;
    if (!originAllowed(ev.origin, allowed)) why = "origin";
    else if (!framed || ev.source !== win.parent) why = "source";
    if (why) {
      stats.refused++;
      stats.refusedBy = why;
      return;
    }
    stats.accepted++;
    if (!hostOrigin) {
      // an opaque host (a sandboxed frame or a file) has the origin "null" and can only be reached with "*"
      hostOrigin = ev.origin === "null" ? "*" : ev.origin;
      stats.hostOrigin = hostOrigin;
      for (const msg of queue.splice(0)) send(msg);
      stats.queued = 0;
    }
    const name = data.type.slice(PREFIX.length);
    if (COMMANDS.includes(name)) onCommand(name, data);
  });

  return { post, stats, framed };
}
