// The page's theme: dark when the reader's system prefers it (prefers-color-scheme), light otherwise, unless the
// page was told (an embed's theme=light|dark). static/css/theme.css holds the colours of :root[data-theme=dark].

const query = window.matchMedia("(prefers-color-scheme: dark)");
let chosen = null; // "light" | "dark" when told; null follows the system

function apply() {
  const dark = chosen ? chosen === "dark" : query.matches;
  document.documentElement.dataset.theme = dark ? "dark" : "light";
  const meta = document.querySelector("meta[name=color-scheme]");
  if (meta) meta.content = dark ? "dark" : "light";
}

/** Follow the system (theme "auto", empty or unknown) or keep to "light" / "dark". */
export function setTheme(theme) {
  chosen = theme === "light" || theme === "dark" ? theme : null;
  apply();
}

query.addEventListener("change", apply);
apply();
