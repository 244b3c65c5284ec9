// One requestAnimationFrame loop: views are marked dirty, and each dirty view redraws once in the next frame.

export function createLoop(now = () => performance.now()) {
  const views = new Map(); // name -> draw()
  const dirty = new Set();
  let scheduled = false;
  const stats = { frames: 0, maxFrameMs: 0, lastFrameMs: 0, views: {} }; // views: slowest draw per view (ms)

  function frame() {
    scheduled = false;
    const t0 = now();
    const names = [...dirty];
    dirty.clear();
    for (const name of names) {
      const v0 = now();
      views.get(name)();
      const ms = now() - v0;
      if (!(stats.views[name] >= ms)) stats.views[name] = ms;
    }
    // measured after the views' own queued microtasks (uPlot renders in one) have run
    queueMicrotask(() => {
      const ms = now() - t0;
      stats.frames++;
      stats.lastFrameMs = ms;
      if (ms > stats.maxFrameMs) stats.maxFrameMs = ms;
    });
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(frame);
    }
  }

  return {
    stats,
    /** Register a view's draw function under a name. */
    add(name, draw) {
      views.set(name, draw);
    },
    /** Mark views dirty (all when no name is given); they redraw in the next frame. */
    mark(...names) {
      for (const n of names.length ? names : views.keys()) if (views.has(n)) dirty.add(n);
      if (dirty.size) schedule();
    },
  };
}
