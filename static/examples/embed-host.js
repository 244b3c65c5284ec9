// A host page for the embedded simulator: send commands, listen to what it reports.

const frame = document.getElementById("lab");
const lab = frame.contentWindow;
const LAB_ORIGIN = new URL(frame.src, location.href).origin; // where the simulator is served from
const PREFIX = "descent-lab:";

const statusEl = document.getElementById("host-status");
const progressEl = document.getElementById("host-progress");
const logEl = document.getElementById("host-log");
let ready = false;
const bars = new Map(); // run id -> <progress>

const PRESETS = {
  lr: { surface: "bowl", start: [-3, 4], opt: "sgd", grad: "central", steps: 100, vary: "lr", values: [0.1, 10, 1e-10], lesson: null },
  adam: { surface: "rosenbrock", start: null, opt: "adam", lr: 0.05, steps: 300, vary: null, values: null, lesson: null },
  lesson: { lesson: "saddle" },
  dark: { theme: "dark", lang: "ko" },
  refused: { lr: 0, steps: 2.5 }, // answered by an error naming both fields and their limits
  t_batch: { lr: 0.05, bs: 10, epochs: 20 },
  t_digits: { ds: "digits", hidden: "32", opt: "adam", lr: 0.01 },
  t_lesson: { lesson: "batch_size" },
  t_refused: { lr: 0, bs: 2.5 },
};
const PAGES = { descent: "/embed?lang=en&hide=header,controls&speed=60", train: "/embed/train?lang=en&hide=header&speed=max" };

/** Send one message to the simulator, only to its origin. */
function send(type, fields = {}) {
  lab.postMessage({ type: PREFIX + type, ...fields }, LAB_ORIGIN);
}

function log(msg) {
  const li = document.createElement("li");
  li.textContent = JSON.stringify(msg);
  logEl.prepend(li);
  while (logEl.children.length > 40) logEl.lastChild.remove();
}

function showProgress({ run, t, n }) {
  let bar = bars.get(run);
  if (!bar) {
    const label = document.createElement("label");
    label.textContent = `${run} `;
    bar = document.createElement("progress");
    label.append(bar);
    progressEl.append(label);
    bars.set(run, bar);
  }
  bar.max = Math.max(1, n);
  bar.value = t;
}

window.addEventListener("message", (ev) => {
  // only the simulator in our iframe, from its own origin
  if (ev.origin !== LAB_ORIGIN || ev.source !== lab) return;
  const msg = ev.data;
  if (!msg || typeof msg.type !== "string" || !msg.type.startsWith(PREFIX)) return;
  const type = msg.type.slice(PREFIX.length);
  if (type !== "progress") log(msg);
  if (type === "ready") {
    ready = true;
    statusEl.textContent = "ready";
  } else if (type === "phase") {
    statusEl.textContent = msg.phase;
    if (msg.phase === "running" && !bars.size) progressEl.replaceChildren();
  } else if (type === "progress") {
    showProgress(msg);
  } else if (type === "error") {
    statusEl.textContent = msg.message || msg.code; // a refused set: each field and its limit, in the embed's language
  } else if (type === "done") {
    statusEl.textContent = msg.runs.map((r) => `${r.label || r.id}: ${r.verdict}`).join(" · ");
    bars.clear();
  }
});

for (const b of document.querySelectorAll("[data-send]")) {
  b.addEventListener("click", () => {
    if (b.dataset.send === "start" || b.dataset.send === "reset") {
      bars.clear();
      progressEl.replaceChildren();
    }
    send(b.dataset.send);
  });
}
for (const b of document.querySelectorAll("[data-page]")) {
  b.addEventListener("click", () => {
    ready = false;
    statusEl.textContent = "loading…";
    bars.clear();
    progressEl.replaceChildren();
    frame.src = new URL(PAGES[b.dataset.page], frame.src).href;
    for (const other of document.querySelectorAll("[data-page]")) {
      other.setAttribute("aria-pressed", other === b ? "true" : "false");
    }
    for (const group of document.querySelectorAll("[data-for]")) group.hidden = group.dataset.for !== b.dataset.page;
  });
}
for (const b of document.querySelectorAll("[data-preset]")) {
  b.addEventListener("click", () => send("set", { state: PRESETS[b.dataset.preset] }));
}
setTimeout(() => {
  if (!ready) statusEl.textContent = "no ready message yet (is this origin allowed to embed?)";
}, 5000);
