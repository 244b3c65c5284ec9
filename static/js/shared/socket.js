// RunSocket: the /ws/run connection as an EventTarget. Each server message is dispatched as an event of its
// `type` (meta, steps, done, error) with the message as `detail`; "close" carries {code, reason}.

import { timed } from "./spans.js";

export class RunSocket extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.ws = null;
    this.opening = null;
    this.stats = { messages: 0, maxMessageMs: 0 }; // handling time of the slowest message (parse + store)
  }

  get isOpen() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  /** Open the connection if it is not open; resolves once it is. */
  connect() {
    if (this.isOpen) return Promise.resolve();
    if (this.opening) return this.opening;
    this.opening = new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url);
      let opened = false;
      ws.addEventListener("open", () => {
        opened = true;
        this.ws = ws;
        this.opening = null;
        resolve();
      });
      ws.addEventListener("message", (ev) => this.receive(ev.data));
      ws.addEventListener("close", (ev) => {
        if (this.ws === ws) this.ws = null;
        if (!opened) {
          this.opening = null;
          reject(new Error(`connection failed (${ev.code})`));
          return;
        }
        this.dispatchEvent(new CustomEvent("close", { detail: { code: ev.code, reason: ev.reason } }));
      });
    });
    return this.opening;
  }

  receive(text) {
    timed("messages", () => this.handle(text)); // parse and file
  }

  handle(text) {
    const t0 = performance.now();
    let msg;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (msg && typeof msg.type === "string") this.dispatchEvent(new CustomEvent(msg.type, { detail: msg }));
    const ms = performance.now() - t0;
    if (ms > this.stats.maxMessageMs) this.stats.maxMessageMs = ms;
    this.stats.messages++;
  }

  /** Send one control message, connecting first when needed. */
  async send(msg) {
    await this.connect();
    this.ws.send(JSON.stringify(msg));
  }

  start(run, speed, paused = false) {
    return this.send({ type: "start", run, speed, paused });
  }

  pause() {
    return this.send({ type: "pause" });
  }

  resume() {
    return this.send({ type: "resume" });
  }

  step(n = 1) {
    return this.send({ type: "step", n });
  }

  stop() {
    return this.send({ type: "stop" });
  }

  speed(stepsPerSecond) {
    return this.send({ type: "speed", steps_per_second: stepsPerSecond });
  }
}
