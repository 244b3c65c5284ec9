// The settings side of /train: the form, the input features and the drawing pad, and what a change does to the
// state (the lesson is left, a new data set brings back its own suggestions, the URL is written, the frame redrawn).

import { createControls } from "./controls.js";
import { PER_DATASET } from "./state.js";
import { createDrawPanel } from "./views/draw.js";
import { createFeatures } from "./views/features.js";

/** The per-data-set settings set back to the data set's suggestions. */
export const CLEARED = Object.fromEntries(PER_DATASET.map((k) => [k, null]));

/**
 * opts: {shell, leaveLesson() (the open lesson's settings are no longer the page's), redraw()}.
 * The learner's own data set joins the catalog's data sets; its kind and size follow the points drawn.
 * Returns {controls, features, draw, render(), views}.
 */
export function createEditing({ shell, leaveLesson, redraw }) {
  const { byId, catalog, session } = shell;
  const custom = { ...catalog.custom_dataset };
  catalog.datasets.push(custom);
  function onChange(patch, { final }) {
    const newDs = patch.ds !== undefined && patch.ds !== shell.state.ds;
    const next = { ...shell.state, ...patch, lesson: null, autoplay: false, ...(newDs ? CLEARED : {}) };
    if (shell.state.lesson) leaveLesson();
    if (patch.vary !== undefined && patch.vary !== shell.state.vary) next.values = [];
    shell.state = next;
    if (final) render();
    shell.writeURL();
    if (patch.speed !== undefined) session.speed(shell.state.speed);
    redraw();
  }
  const controls = createControls({ form: byId("t-controls"), catalog, onChange });
  const features = createFeatures({ root: byId("t-features"), catalog, onChange });
  const draw = createDrawPanel({
    root: byId("t-draw"), maxPoints: catalog.limits.max_custom_points,
    onChange: ({ code, rows, kind, inLink, byLearner }) => {
      Object.assign(custom, { n: rows.length, kind, ...(kind === "regression" ? custom.regression
        : { features: 2, classes: 2, suggested: catalog.custom_dataset.suggested }) });
      shell.state = { ...shell.state, pts: inLink ? code : "", ptsMemory: code };
      if (byLearner && shell.state.lesson) {
        shell.state.lesson = null;
        leaveLesson();
      }
      render();
      shell.writeURL();
      redraw();
    },
  });
  function render() {
    controls.render(shell.state);
    features.render(shell.state);
    draw.render(shell.state);
  }
  return { controls, features, draw, render, views: [controls, features, draw] };
}
