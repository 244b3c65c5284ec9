// The colours of every picture: the pages, the PNG export and GET /api/v1/figure.svg. The server reads this file
// too (app/web/palette.py): keep it one `export const PALETTE = ` followed by plain JSON and a semicolon.
// runs: Okabe–Ito (distinguishable with every common colour-vision deficiency), in the order runs get them.
// ramp: the contour bands from low (pale) to high (deep slate blue), light enough for coloured paths to stand out.
// outcomes: a map cell's colour by how its run ended, [fast, slow] ends: converged blue, diverged red, still
// going grey, shaded by the step it ended at (deep = early).

export const PALETTE = {
  "runs": ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#000000"],
  "classes": ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"],
  "splits": { "train": "#0072B2", "validation": "#D55E00", "test": "#009E73" },
  "ramp": [[255, 251, 240], [238, 243, 228], [208, 228, 222], [170, 203, 216], [132, 167, 201], [104, 128, 178],
    [84, 94, 148]],
  "ink": "#1b2333",
  "muted": "#3d465a",
  "frame": "#55607a",
  "grid": "#e7eaf0",
  "isoline": "rgba(27,35,51,0.22)",
  "isoline_major": "rgba(27,35,51,0.45)",
  "outcomes": { "converged": [[8, 69, 148], [189, 215, 238]], "diverged": [[153, 0, 13], [252, 187, 161]],
    "completed": [[120, 120, 120], [226, 226, 226]] }
};

/** Run i's colour (the colours repeat after six runs). */
export const runColor = (i) => PALETTE.runs[i % PALETTE.runs.length];
