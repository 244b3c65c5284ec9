// The words of an exported picture (PNG): a title and a subtitle above, one legend row per run below, in the
// page's fonts (the formula in the math stack, as on the page).

import { PALETTE } from "./palette.js";

export const TEXT_FONT = '"Pretendard", "Noto Sans KR", "Noto Sans CJK KR", system-ui, sans-serif';
export const MATH_FONT = '"Cambria Math", "STIX Two Math", "Latin Modern Math", "DejaVu Math TeX Gyre", "DejaVu Serif", serif';
export const HEAD = 58; // css px above the picture
export const ROW = 22; // css px per legend row

/** Title (bold) and subtitle (`math`: in the formula font) at the top of a slide. */
export function drawHead(ctx, title, subtitle, { math = false } = {}) {
  ctx.fillStyle = PALETTE.ink;
  ctx.textBaseline = "alphabetic";
  ctx.font = `700 18px ${TEXT_FONT}`;
  ctx.fillText(title, 14, 26);
  ctx.font = math ? `italic 16px ${MATH_FONT}` : `14px ${TEXT_FONT}`;
  ctx.fillText(subtitle, 14, 48);
}

/** The legend from `top`: per item {color, text} a line in the run's colour and its words. */
export function drawLegend(ctx, items, top) {
  ctx.font = `14px ${TEXT_FONT}`;
  items.forEach((item, i) => {
    const y = top + 8 + ROW * i + ROW / 2;
    ctx.strokeStyle = item.color;
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(14, y);
    ctx.lineTo(38, y);
    ctx.stroke();
    ctx.fillStyle = PALETTE.ink;
    ctx.textBaseline = "middle";
    ctx.fillText(item.text, 46, y);
  });
}

/** The height a legend of n rows needs. */
export const legendHeight = (n) => 12 + ROW * Math.max(1, n);

/** A white canvas of css size w × h drawn at `scale` (the exported pictures are 2×): {canvas, ctx}. */
export function slideCanvas(w, h, scale = 2) {
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  return { canvas, ctx };
}

/**
 * A picture as a slide at 2×: the title and formula above, the picture's layers (each draws on a w × h canvas),
 * and a legend below. header: {title, formula, items: [{color, text}], math (the subtitle is a formula; default
 * true)}.
 */
export function slide(w, h, header, layers, scale = 2) {
  const { canvas: c, ctx } = slideCanvas(w, HEAD + h + legendHeight(header.items.length), scale);
  drawHead(ctx, header.title, header.formula, { math: header.math !== false });
  for (const draw of layers) {
    const { canvas, ctx: layer } = slideCanvas(w, h, scale);
    draw(layer);
    ctx.drawImage(canvas, 0, HEAD, w, h);
  }
  drawLegend(ctx, header.items, HEAD + h);
  c.dataset.scale = String(scale);
  return c;
}
