// A lesson opened on this page (/train?lesson=key): its training runs as page settings — the first run's
// settings, and when the runs differ in one setting the page can vary (batch size, learning rate, optimizer,
// activation, initialisation), a compare over its values. Pure: no DOM.

import { datasetOf } from "./config.js";

/** One training config as page state keys (only what it sets). */
export function configToState(c, catalog) {
  const s = {};
  const put = (key, v) => {
    if (v !== undefined && v !== null) s[key] = v;
  };
  const d = c.dataset || {};
  put("ds", d.name);
  put("n", d.n);
  put("noise", d.noise);
  put("vf", d.validation_fraction);
  put("tf", d.test_fraction);
  const m = c.model || {};
  if (Array.isArray(m.hidden)) s.hidden = m.hidden.join(",");
  put("act", m.activation);
  put("loss", m.loss);
  put("init", m.init);
  put("wd", m.weight_decay);
  if (c.optimizer) {
    put("opt", c.optimizer.name);
    put("lr", c.optimizer.lr);
  }
  if (c.schedule) {
    put("sched", c.schedule.name);
    const sched = catalog.schedules.find((x) => x.key === c.schedule.name);
    for (const p of sched ? sched.params : []) put(p.name, c.schedule[p.name]);
  }
  if (c.batch_size !== undefined && c.batch_size !== null) {
    const nTrain = trainSize(c, catalog);
    s.bs = nTrain !== null && c.batch_size >= nTrain ? "full" : c.batch_size;
  }
  put("epochs", c.epochs);
  put("sampling", c.sampling);
  if (c.early_stopping) put("patience", c.early_stopping.patience);
  if (c.gradient) put("grad", c.gradient.mode);
  put("seed", c.seed);
  return s;
}

function trainSize(c, catalog) {
  const d = datasetOf(catalog, (c.dataset || {}).name);
  const defaults = d.defaults || {};
  const n = (c.dataset || {}).n ?? defaults.n ?? d.n;
  if (!n) return null;
  const vf = (c.dataset || {}).validation_fraction ?? defaults.validation_fraction ?? 0;
  const tf = (c.dataset || {}).test_fraction ?? defaults.test_fraction ?? 0;
  return n - Math.floor(n * vf + 0.5) - Math.floor(n * tf + 0.5);
}

const VARIED = ["bs", "lr", "opt", "act", "init"];

/** The state patch a lesson opens with (null when it has no training run). */
export function lessonPatch(lesson, catalog) {
  const configs = (lesson.runs || []).filter((c) => c.kind === "train");
  if (!configs.length) return null;
  const states = configs.map((c) => configToState(c, catalog));
  const patch = { ...states[0], vary: "", values: [] };
  if (states.length > 1) {
    const keys = new Set(states.flatMap((s) => Object.keys(s)));
    const differ = [...keys].filter((k) => new Set(states.map((s) => JSON.stringify(s[k]))).size > 1);
    if (differ.length === 1 && VARIED.includes(differ[0])) {
      patch.vary = differ[0];
      patch.values = states.map((s) => String(s[differ[0]]));
    }
  }
  return patch;
}

/**
 * The runs of a lesson whose runs differ in more than one setting the page can vary (e.g. a range test and three
 * learning rates): its configs as given, labelled by the lesson's run ids. null when lessonPatch says it all.
 */
export function lessonRunList(lesson, catalog) {
  const configs = (lesson.runs || []).filter((c) => c.kind === "train");
  const patch = lessonPatch(lesson, catalog);
  // the page's settings cannot say everything (e.g. init_std): then too the runs start as given
  const unsaid = configs.some((c) => c.model && c.model.init_std !== undefined);
  if (!patch || (!unsaid && (configs.length < 2 || patch.vary))) return null;
  return configs.map((c) => {
    const config = { ...c };
    delete config.id;
    return { config, label: { lessonRun: c.id, config: c } };
  });
}
