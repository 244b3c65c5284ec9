// The Share / Embed dialog: the permalink, and an <iframe> snippet for /embed with what to hide, a size,
// autoplay and a theme, with a live preview. Reads the page state through getState(); changes nothing in it.

import { serializeState } from "../state.js";
import { applyI18n, t } from "../../shared/i18n.js";

/** Parts of the embedded view that `hide=` can remove (the settings groups can be listed too). */
export const EMBED_PARTS = ["header", "toolbar", "controls", "counter", "legend", "diagnosis", "charts"];
export const CLASSROOM = ["header", "controls", "legend", "diagnosis", "charts"];
export const SIZES = [
  { key: "320x240", w: 320, h: 240 },
  { key: "480x360", w: 480, h: 360 },
  { key: "640x480", w: 640, h: 480 },
  { key: "800x600", w: 800, h: 600 },
  { key: "responsive", w: "100%", h: 520 },
];
const EMBED_ONLY = { hide: [], autoplay: false, theme: "light" };

/** Copy an input's text to the clipboard and flash a "copied" note. */
export async function copyText(input, note) {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select();
    document.execCommand("copy");
  }
  if (note) {
    note.hidden = false;
    clearTimeout(note.timer);
    note.timer = setTimeout(() => {
      note.hidden = true;
    }, 2000);
  }
}

/** The embed URL for a page state and the embed options {hide, autoplay, theme}. */
export function embedURL(origin, state, options) {
  const s = { ...state, ...EMBED_ONLY, ...options };
  const q = serializeState(s);
  return `${origin}/embed${q ? `?${q}` : ""}`;
}

const escapeAttr = (s) => String(s).replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

/** The <iframe> snippet for an embed URL and a size. */
export function iframeSnippet(url, size) {
  const dims = size.w === "100%"
    ? `width="100%" height="${size.h}"`
    : `width="${size.w}" height="${size.h}"`;
  return `<iframe src="${escapeAttr(url)}" ${dims} title="Descent Lab" loading="lazy" style="border:0;max-width:100%"></iframe>`;
}

function el(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "i18n") e.dataset.i18n = v;
    else if (k === "text") e.textContent = v;
    else if (v === true) e.setAttribute(k, "");
    else if (v !== false && v !== null && v !== undefined) e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

/** opts: {dialog, opener, getState()} */
export function createShare({ dialog, opener, getState }) {
  const origin = location.origin;
  const opts = { hide: [], autoplay: false, theme: "light", size: "640x480" };
  let previewTimer = 0;

  const link = el("input", { id: "share-link", type: "text", readonly: true });
  const linkNote = el("span", { class: "copied", role: "status", hidden: true, i18n: "ui.share.copied" });
  const linkCopy = el("button", { type: "button", class: "btn btn-small", id: "share-copy-link", i18n: "ui.share.copy" });
  const checks = EMBED_PARTS.map((part) => el("input", { type: "checkbox", name: "hide", value: part }));
  const size = el("select", { id: "share-size" },
    SIZES.map((s) => el("option", { value: s.key, text: s.w === "100%" ? "" : `${s.w} × ${s.h}` })));
  const autoplay = el("input", { type: "checkbox", id: "share-autoplay" });
  const theme = el("select", { id: "share-theme" }, ["light", "dark"].map((v) => el("option", { value: v, i18n: `ui.share.theme.${v}` })));
  const code = el("textarea", { id: "share-code", readonly: true, rows: "4", spellcheck: "false" });
  const codeNote = el("span", { class: "copied", role: "status", hidden: true, i18n: "ui.share.copied" });
  const codeCopy = el("button", { type: "button", class: "btn btn-small", id: "share-copy-code", i18n: "ui.share.copy" });
  const classroom = el("button", { type: "button", class: "btn btn-small", id: "share-classroom", i18n: "ui.share.classroom" });
  const frame = el("iframe", { id: "share-preview", title: "Descent Lab", tabindex: "-1" });
  const stage = el("div", { class: "share-stage" }, [frame]);
  const closeBtn = el("button", { type: "button", class: "share-close btn btn-quiet", "data-i18n-aria-label": "ui.share.close", text: "×" });

  const head = el("div", { class: "share-head" }, [el("h2", { id: "share-title", i18n: "ui.share.title" }), closeBtn]);
  const linkBox = el("section", { class: "share-section" }, [
    el("label", { for: "share-link", class: "share-label", i18n: "ui.share.link" }),
    el("div", { class: "link-row" }, [link, linkCopy]), linkNote,
  ]);
  const hideBox = el("fieldset", { class: "share-hide" }, [
    el("legend", { i18n: "ui.share.hide" }),
    ...checks.map((c) => el("label", { class: "check" }, [c, el("span", { i18n: `ui.share.part.${c.value}` })])),
    classroom,
  ]);
  const options = el("div", { class: "share-options" }, [
    hideBox,
    el("div", { class: "field" }, [el("label", { for: "share-size", i18n: "ui.share.size" }), size]),
    el("div", { class: "field" }, [el("label", { for: "share-theme", i18n: "ui.share.theme" }), theme]),
    el("label", { class: "check" }, [autoplay, el("span", { i18n: "ui.share.autoplay" })]),
  ]);
  const codeBox = el("section", { class: "share-section" }, [
    el("label", { for: "share-code", class: "share-label", i18n: "ui.share.code" }), code,
    el("div", { class: "row-buttons" }, [codeCopy, codeNote]),
    el("p", { class: "hint" }, [el("a", { href: "/static/examples/embed-host.html", target: "_blank", rel: "noopener", i18n: "ui.share.api" })]),
  ]);
  const embedBox = el("section", { class: "share-embed" }, [
    el("h3", { i18n: "ui.share.embed" }),
    el("div", { class: "share-grid" }, [
      el("div", { class: "share-left" }, [options, codeBox]),
      el("div", { class: "share-right" }, [el("p", { class: "share-label", i18n: "ui.share.preview" }), stage]),
    ]),
  ]);
  dialog.replaceChildren(head, linkBox, embedBox);
  applyI18n(dialog);

  function sizeInfo() {
    return SIZES.find((s) => s.key === opts.size) || SIZES[2];
  }

  function relabelSizes() {
    for (const o of size.options) {
      const s = SIZES.find((x) => x.key === o.value);
      if (s.w === "100%") o.textContent = t("ui.share.size.responsive", { h: s.h });
    }
  }

  function currentURL() {
    return embedURL(origin, getState(), { hide: opts.hide, autoplay: opts.autoplay, theme: opts.theme });
  }

  /** Scale the preview iframe to the space the dialog gives it. */
  function fitPreview() {
    const s = sizeInfo();
    const room = Math.max(200, stage.parentElement.clientWidth);
    const w = s.w === "100%" ? room : s.w;
    const k = Math.min(1, room / w);
    frame.style.width = `${w}px`;
    frame.style.height = `${s.h}px`;
    frame.style.transform = k < 1 ? `scale(${k})` : "";
    stage.style.width = `${Math.round(w * k)}px`;
    stage.style.height = `${Math.round(s.h * k)}px`;
  }

  function update({ preview = true } = {}) {
    const url = currentURL();
    link.value = location.href;
    code.value = iframeSnippet(url, sizeInfo());
    dialog.dataset.embed = url;
    fitPreview();
    if (preview) {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(() => {
        if (dialog.open && frame.getAttribute("src") !== url) frame.setAttribute("src", url);
      }, 250);
    }
  }

  function read() {
    opts.hide = checks.filter((c) => c.checked).map((c) => c.value);
    opts.autoplay = autoplay.checked;
    opts.theme = theme.value;
    opts.size = size.value;
    update();
  }

  function render() {
    for (const c of checks) c.checked = opts.hide.includes(c.value);
    autoplay.checked = opts.autoplay;
    theme.value = opts.theme;
    size.value = opts.size;
  }

  for (const c of [...checks, autoplay, theme, size]) c.addEventListener("change", read);
  classroom.addEventListener("click", () => {
    opts.hide = [...CLASSROOM];
    render();
    update();
  });
  linkCopy.addEventListener("click", () => copyText(link, linkNote));
  codeCopy.addEventListener("click", () => copyText(code, codeNote));
  closeBtn.addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (ev) => {
    if (ev.target === dialog) dialog.close(); // a click on the backdrop
  });
  dialog.addEventListener("close", () => {
    clearTimeout(previewTimer);
    frame.setAttribute("src", "about:blank");
    opener.focus();
  });
  new ResizeObserver(() => {
    if (dialog.open) fitPreview();
  }).observe(stage.parentElement);
  opener.addEventListener("click", () => {
    render();
    relabelSizes();
    dialog.showModal();
    update();
  });
  relabelSizes();
  render();

  return {
    relabel() {
      relabelSizes();
      if (dialog.open) update();
    },
  };
}
