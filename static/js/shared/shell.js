// The page shell that /, /embed and /train configure: boot data and strings, the frame loop, the one socket to
// /ws/run and its session, the page state and its URL, the test hooks, and the language switch.
// A page passes its state table and store, then subscribes to the session's events with on(...).

import "./theme.js"; // the page follows the reader's light or dark system theme
import { applyI18n, getLang, initI18n, onLangChange, t } from "./i18n.js";
import { createLoop } from "./loop.js";
import { createSession } from "./session.js";
import { RunSocket } from "./socket.js";

/** The run socket's address on this page's host (ws: or wss: as the page). */
export function socketURL(loc = location) {
  return `${loc.protocol === "https:" ? "wss" : "ws"}://${loc.host}/ws/run`;
}

/** The boot data the server put in <script id="boot">. */
export function readBoot(doc = document) {
  return JSON.parse(doc.getElementById("boot").textContent);
}

/**
 * cfg: {table: {parse(query), serialize(state)} or catalog → such a table, normalise(state, catalog), store, titleKey, hooksName,
 * hooks (the page's test hook object, filled in here)}.
 * Returns the shell: {boot, catalog, loop, socket, session, store, hooks, byId, state, on(event, fn),
 * relabels(...views), writeURL(), start(runs, opts), go(then)}.
 * Events: phase(p, initial) (initial: the page's first idle, before any session), data(), error(err|null), reset(), url(), lang(lang). Views given to relabels() have
 * relabel() called on a language switch.
 */
export function createShell(cfg) {
  const boot = readBoot();
  initI18n(boot);
  const catalog = boot.catalog;
  const table = typeof cfg.table === "function" ? cfg.table(catalog) : cfg.table;
  const loop = createLoop();
  const socket = new RunSocket(socketURL());
  const listeners = { phase: [], data: [], error: [], reset: [], url: [], lang: [] };
  const emit = (name, ...args) => listeners[name].forEach((fn) => fn(...args));
  const views = [];
  const hooks = Object.assign(cfg.hooks || {}, { version: boot.version, frames: loop.stats, socket: socket.stats });
  hooks.phase = "idle";
  hooks.error = null;
  window[cfg.hooksName] = hooks;

  const normalise = (s) => {
    cfg.normalise(s, catalog);
    s.lang = getLang();
    return s;
  };

  const session = createSession({
    socket, store: cfg.store,
    onPhase: (p) => {
      hooks.phase = p;
      emit("phase", p);
    },
    onData: () => emit("data"),
    onError: (err) => {
      hooks.error = err ? err.code : null;
      emit("error", err);
    },
    onReset: () => emit("reset"),
  });

  const shell = {
    boot, catalog, loop, socket, session, store: cfg.store, hooks, normalise,
    state: normalise(table.parse(location.search)),
    byId: (id) => document.getElementById(id),
    on(event, fn) {
      listeners[event].push(fn);
      return shell;
    },
    relabels(...v) {
      views.push(...v);
      return shell;
    },
    /** The address bar (and the permalink box, where the page has one) show the state. */
    writeURL() {
      history.replaceState(null, "", `${location.pathname}?${table.serialize(shell.state)}`);
      const box = shell.byId("permalink");
      if (box) box.value = location.href;
      emit("url");
    },
    /** Start runs [{config, label}] at the state's speed. */
    start(runs, opts) {
      return session.start(runs, shell.state.speed, opts);
    },
    /** Fill the strings, show the idle phase, open the socket, then run `then`. */
    go(then) {
      applyI18n();
      emit("phase", "idle", true);
      socket.connect().catch(() => {});
      if (then) then();
    },
  };

  onLangChange((lang) => {
    shell.state.lang = lang;
    shell.writeURL();
    document.title = t(cfg.titleKey);
    for (const v of views) v.relabel();
    emit("lang", lang);
  });
  return shell;
}
