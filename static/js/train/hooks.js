// Test hooks: what the page has received and drawn, as plain data on window.__train.

/** opts: {store, labelOf(run)} → {hooks, update(phase)}; the shell adds phase, error, version and frames. */
export function createHooks({ store, labelOf }) {
  const hooks = { iterations: 0, total: 0, epochs: 0, done: false, verdict: null, reason: null, runs: [] };

  /** settled: whether the views show everything received (else `done` stays false until they do). */
  function update(phase, settled = true) {
    const runs = store.list;
    hooks.runs = runs.map((r) => ({
      id: r.id, label: r.label ? labelOf(r) : null, iterations: r.buf.length,
      total: r.meta ? r.meta.plan.total_iterations : 0, epochs: r.epochs.length, done: Boolean(r.done),
      reason: r.done ? r.done.reason : null, verdict: r.done ? r.done.diagnosis.verdict : null,
      plan: r.meta ? { nTrain: r.meta.plan.n_train, nValidation: r.meta.plan.n_validation, nTest: r.meta.plan.n_test,
        batch: r.meta.plan.batch_size, ipe: r.meta.plan.iterations_per_epoch, epochs: r.meta.plan.epochs,
        total: r.meta.plan.total_iterations, parameters: r.meta.plan.parameters } : null,
    }));
    const f = store.longest;
    hooks.iterations = f ? f.buf.length : 0;
    hooks.total = f && f.meta ? f.meta.plan.total_iterations : 0;
    hooks.epochs = f ? f.epochs.length : 0;
    hooks.verdict = runs[0] && runs[0].done ? runs[0].done.diagnosis.verdict : null;
    hooks.reason = runs[0] && runs[0].done ? runs[0].done.reason : null;
    hooks.phase = phase;
    hooks.done = settled && store.allDone; // everything received has been drawn
    hooks.drawnVersion = store.version;
  }

  return { hooks, update };
}
