// From page state to run configurations (the protocol's `start.run`). Pure: no DOM.

export const VARY_KEYS = ["lr", "opt", "grad", "momentum"];

function paramsOf(list, key) {
  const item = (list || []).find((o) => o.key === key);
  return item ? item.params : [];
}

/** Catalog default of an optimizer or schedule parameter (undefined when the catalog has none). */
export function paramDefault(catalog, group, key, name) {
  const p = paramsOf(catalog[group], key).find((q) => q.name === name);
  return p ? p.default : undefined;
}

/** Parameter names the chosen optimizer / schedule takes (lr excluded: it has its own control). */
export function optimizerParams(catalog, opt) {
  return paramsOf(catalog.optimizers, opt).filter((p) => p.name !== "lr");
}

export function scheduleParams(catalog, sched) {
  return paramsOf(catalog.schedules, sched);
}

/** A parsed state with every key the catalog does not know replaced by its default (mutates and returns s). */
export function normaliseState(s, catalog) {
  const keys = (list) => list.map((x) => x.key);
  const one = (v, allowed, fallback) => (allowed.includes(v) ? v : fallback);
  s.surface = s.surface === "custom" && s.f ? "custom" : one(s.surface, keys(catalog.surfaces), "bowl");
  if (s.surface !== "custom") s.view = [];
  s.view = viewOf(s) ? s.view : [];
  s.opt = one(s.opt, keys(catalog.optimizers), "sgd");
  s.sched = one(s.sched, keys(catalog.schedules), "constant");
  s.grad = one(s.grad, catalog.gradient_modes, "analytic");
  s.conv = one(s.conv, catalog.conventions, "pytorch");
  if (s.speed !== "max" && !(s.speed > 0)) s.speed = 20;
  if (s.theme !== "dark" && s.theme !== "light") s.theme = "auto"; // auto: the reader's system
  return s;
}

/** The view box [[x0, x1], [y0, y1]] of a custom surface from the state's four numbers, or null (the default). */
export function viewOf(state) {
  const v = (state.view || []).map(Number);
  if (v.length !== 4 || !v.every(Number.isFinite) || !(v[1] > v[0] && v[3] > v[2])) return null;
  return [[v[0], v[1]], [v[2], v[3]]];
}

/** The learning rate in effect: the state's, or the surface's own. */
export function effectiveLr(state, catalog) {
  if (state.lr !== null && state.lr !== undefined) return state.lr;
  const surface = (catalog.surfaces || []).find((s) => s.key === state.surface);
  return surface ? surface.lr : 0.1;
}

/** One descent configuration from the state. */
export function baseConfig(state, catalog) {
  const optimizer = { name: state.opt, lr: effectiveLr(state, catalog) };
  const pairs = catalog.pairs || {}; // parameters the API takes as one list (Adam's betas)
  const paired = new Set(Object.values(pairs).flat());
  for (const p of optimizerParams(catalog, state.opt)) {
    const v = state[p.name];
    if (v !== null && v !== undefined && !paired.has(p.name)) optimizer[p.name] = v;
  }
  for (const [group, names] of Object.entries(pairs)) {
    if (!names.some((n) => state[n] !== null && state[n] !== undefined)) continue;
    optimizer[group] = names.map((n) => state[n] ?? paramDefault(catalog, "optimizers", state.opt, n));
  }
  if (state.conv && state.conv !== "pytorch") optimizer.convention = state.conv;
  const schedule = { name: state.sched };
  for (const p of scheduleParams(catalog, state.sched)) {
    const v = state[p.name];
    if (v !== null && v !== undefined) schedule[p.name] = v;
  }
  const gradient = { mode: state.grad };
  if (state.grad !== "analytic") gradient.h = state.h;
  const config = { kind: "descent", surface: state.surface, steps: state.steps, optimizer, schedule, gradient };
  if (state.surface === "custom") {
    config.f = state.f;
    const view = viewOf(state);
    if (view) config.view = view;
  }
  if (state.start) config.start = [...state.start];
  const stop = {};
  if (state.tol !== null && state.tol !== undefined) stop.grad_tol = state.tol;
  if (state.bound !== null && state.bound !== undefined) stop.bound = state.bound;
  if (Object.keys(stop).length) config.stop = stop;
  return config;
}

/** The values of a compare list, typed for the setting they vary. */
export function varyValues(vary, values) {
  if (vary === "lr" || vary === "momentum") return values.map(Number);
  return [...values];
}

/** Whether the state asks for several runs. */
export function isCompare(state) {
  return VARY_KEYS.includes(state.vary) && state.values.length > 0;
}

/**
 * The runs to start: one configuration, or one per compare value (each with a label {vary, value}).
 * Returns [{config, label}].
 */
export function buildRuns(state, catalog) {
  if (!isCompare(state)) return [{ config: baseConfig(state, catalog), label: null }];
  const lrs = ownRates(state);
  return varyValues(state.vary, state.values).map((value, i) => {
    const s = { ...state };
    if (lrs) s.lr = lrs[i];
    if (state.vary === "opt") {
      s.opt = value;
    } else if (state.vary === "grad") {
      s.grad = value;
    } else {
      s[state.vary] = value;
    }
    const config = baseConfig(s, catalog);
    if (state.vary === "momentum" && !("momentum" in config.optimizer)) config.optimizer.momentum = value;
    return { config, label: lrs ? { vary: state.vary, value, lr: lrs[i] } : { vary: state.vary, value } };
  });
}

/** Each compared run's own learning rate (`lrs`, one per value, not when the rate itself varies), or null. */
export function ownRates(state) {
  if (state.vary === "lr" || !state.lrs || state.lrs.length !== state.values.length) return null;
  const lrs = state.lrs.map(Number);
  return lrs.every((v) => v > 0 && Number.isFinite(v)) ? lrs : null;
}

/** The lessons' comparison: lr 0.1, 10 and 1e-10 from (-3, 4) on the bowl, 100 steps, central difference. */
export const LESSON_PRESET = {
  surface: "bowl", start: [-3, 4], opt: "sgd", lr: 0.1, sched: "constant", grad: "central", h: 1e-4,
  steps: 100, vary: "lr", values: ["0.1", "10", "1e-10"], conv: "pytorch",
};

/** The preset as a state: LESSON_PRESET with every optimizer and schedule parameter of the catalog at its default. */
export function lessonPreset(catalog) {
  const params = [...(catalog.optimizers || []), ...(catalog.schedules || [])].flatMap((o) => o.params || []);
  const cleared = Object.fromEntries(params.filter((p) => p.name !== "lr").map((p) => [p.name, null]));
  return { ...cleared, ...LESSON_PRESET, values: [...LESSON_PRESET.values], start: [...LESSON_PRESET.start] };
}
