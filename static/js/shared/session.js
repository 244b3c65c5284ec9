// The simulation session: sends controls over the RunSocket and files what comes back into the RunStore.
// Each start gets a new generation of run ids, so late messages of an earlier run are dropped.

/**
 * opts: {socket, store, onPhase(phase), onData(), onError(err|null), onReset()}
 * Phases: idle, running, paused, done.
 */
export function createSession(opts) {
  const { socket, store } = opts;
  let gen = 0;
  let phase = "idle";
  let labels = [];
  let busyShown = false;
  const timing = { startAt: NaN, firstDataAt: NaN };

  const prefix = () => `g${gen}.`;
  const mine = (msg) => typeof msg.run_id === "string" && msg.run_id.startsWith(prefix());

  function setPhase(p) {
    phase = p;
    opts.onPhase(p);
  }

  socket.addEventListener("meta", (ev) => {
    if (!mine(ev.detail)) return;
    store.onMeta(ev.detail);
    const run = store.run(ev.detail.run_id);
    run.name = `r${run.index + 1}`;
    run.label = labels[run.index] || null;
    opts.onData();
  });
  socket.addEventListener("steps", (ev) => {
    if (!mine(ev.detail)) return;
    if (Number.isNaN(timing.firstDataAt)) timing.firstDataAt = performance.now();
    store.onSteps(ev.detail);
    opts.onData();
  });
  socket.addEventListener("done", (ev) => {
    if (!mine(ev.detail)) return;
    store.onDone(ev.detail);
    if (store.allDone) setPhase("done");
    opts.onData();
  });
  socket.addEventListener("error", (ev) => {
    const msg = ev.detail;
    if (msg.code === "busy") busyShown = true;
    opts.onError({ code: msg.code, message: msg.message, fields: msg.fields || [] });
    if (["invalid_run", "over_limit", "busy", "invalid_speed", "invalid_step", "unavailable"].includes(msg.code) && !store.runs.size) {
      setPhase("idle");
    }
  });
  socket.addEventListener("close", (ev) => {
    const { code } = ev.detail;
    const active = phase === "running" || phase === "paused";
    if (code === 1013) {
      if (!busyShown) opts.onError({ code: "busy" });
    } else if (active) {
      opts.onError({ code: "closed" });
    }
    busyShown = false;
    if (active) setPhase(store.runs.size ? "done" : "idle");
  });

  async function send(fn) {
    try {
      await fn();
      return true;
    } catch {
      opts.onError({ code: "connect" });
      setPhase(store.runs.size ? "done" : "idle");
      return false;
    }
  }

  /** Start runs [{config, label}] at a speed; paused with `stepN` steps taken when asked. */
  async function start(runs, speed, { paused = false, stepN = 0 } = {}) {
    const active = phase === "running" || phase === "paused";
    gen++;
    labels = runs.map((r) => r.label);
    store.reset();
    opts.onError(null);
    opts.onReset();
    timing.startAt = performance.now();
    timing.firstDataAt = NaN;
    const configs = runs.map((r, i) => ({ ...r.config, id: `${prefix()}r${i + 1}` }));
    setPhase(paused ? "paused" : "running");
    await send(async () => {
      if (active) await socket.stop();
      await socket.start(configs.length === 1 ? configs[0] : configs, speed, paused);
      if (stepN > 0) await socket.step(stepN);
    });
  }

  return {
    timing,
    get phase() {
      return phase;
    },
    start,
    pause() {
      if (phase !== "running") return;
      setPhase("paused");
      send(() => socket.pause());
    },
    resume() {
      if (phase !== "paused") return;
      setPhase("running");
      send(() => socket.resume());
    },
    /** One step while paused (a running run pauses first). */
    step() {
      if (phase !== "running" && phase !== "paused") return false;
      setPhase("paused");
      send(() => socket.step(1));
      return true;
    },
    stop() {
      if (phase !== "running" && phase !== "paused") return;
      send(() => socket.stop());
    },
    speed(v) {
      if (phase === "running" || phase === "paused") send(() => socket.speed(v));
    },
    /** Forget the runs (stopping the current one). */
    reset() {
      if (phase === "running" || phase === "paused") send(() => socket.stop());
      gen++;
      store.reset();
      opts.onError(null);
      opts.onReset();
      setPhase("idle");
    },
  };
}
