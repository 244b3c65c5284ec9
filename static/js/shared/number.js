// The one number grammar of the permalink, the same as the server's (app/web/permalink.py NUMBER):
// ASCII digits with an optional sign, fraction and exponent. No spaces, "_", other scripts' digits, hex,
// "Infinity" or "NaN" (Number() would take some of them, Python's float() others).

export const NUMBER_PATTERN = "[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?";
const NUMBER = new RegExp(`^${NUMBER_PATTERN}$`);

/** The finite number `text` spells in the grammar, or undefined. */
export function parseStrictNumber(text) {
  if (typeof text !== "string" || !NUMBER.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}
