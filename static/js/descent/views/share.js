// The Share / Embed dialog: the permalink, and an <iframe> snippet for /embed with what to hide, a size,
// autoplay and a theme, with a live preview. Reads the page state through getState(); changes nothing in it.

import { serializeState } from "../state.js";
import { applyI18n, t } from "../../shared/i18n.js";
import { node } from "../../shared/dom.js";

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
const EMBED_ONLY = { hide: [], autoplay: false, theme: "auto" };

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

/** opts: {dialog, opener, getState()} */
export function createShare({ dialog, opener, getState }) {
  const origin = location.origin;
  const opts = { hide: [], autoplay: false, theme: "auto", size: "640x480" };
  let previewTimer = 0;

  const link = node("input", { id: "share-link", type: "text", readonly: true });
  const linkNote = node("span", { class: "copied", role: "status", hidden: true, i18n: "ui.share.copied" });
  const linkCopy = node("button", { type: "button", class: "btn btn-small", id: "share-copy-link", i18n: "ui.share.copy" });
  const checks = EMBED_PARTS.map((part) => node("input", { type: "checkbox", name: "hide", value: part }));
  const size = node("select", { id: "share-size" },
    SIZES.map((s) => node("option", { value: s.key, text: s.w === "100%" ? "" : `${s.w} × ${s.h}` })));
  const autoplay = node("input", { type: "checkbox", id: "share-autoplay" });
  const theme = node("select", { id: "share-theme" }, ["auto", "light", "dark"].map((v) => node("option", { value: v, i18n: `ui.share.theme.${v}` })));
  const code = node("textarea", { id: "share-code", readonly: true, rows: "4", spellcheck: "false" });
  const codeNote = node("span", { class: "copied", role: "status", hidden: true, i18n: "ui.share.copied" });
  const codeCopy = node("button", { type: "button", class: "btn btn-small", id: "share-copy-code", i18n: "ui.share.copy" });
  const classroom = node("button", { type: "button", class: "btn btn-small", id: "share-classroom", i18n: "ui.share.classroom" });
  const frame = node("iframe", { id: "share-preview", title: "Descent Lab", tabindex: "-1" });
  const stage = node("div", { class: "share-stage" }, [frame]);
  const closeBtn = node("button", { type: "button", class: "share-close btn btn-quiet", "data-i18n-aria-label": "ui.share.close", text: "×" });

  const head = node("div", { class: "share-head" }, [node("h2", { id: "share-title", i18n: "ui.share.title" }), closeBtn]);
  const linkBox = node("section", { class: "share-section" }, [
    node("label", { for: "share-link", class: "share-label", i18n: "ui.share.link" }),
    node("div", { class: "link-row" }, [link, linkCopy]), linkNote,
  ]);
  const hideBox = node("fieldset", { class: "share-hide" }, [
    node("legend", { i18n: "ui.share.hide" }),
    ...checks.map((c) => node("label", { class: "check" }, [c, node("span", { i18n: `ui.share.part.${c.value}` })])),
    classroom,
  ]);
  const options = node("div", { class: "share-options" }, [
    hideBox,
    node("div", { class: "field" }, [node("label", { for: "share-size", i18n: "ui.share.size" }), size]),
    node("div", { class: "field" }, [node("label", { for: "share-theme", i18n: "ui.share.theme" }), theme]),
    node("label", { class: "check" }, [autoplay, node("span", { i18n: "ui.share.autoplay" })]),
  ]);
  const codeBox = node("section", { class: "share-section" }, [
    node("label", { for: "share-code", class: "share-label", i18n: "ui.share.code" }), code,
    node("div", { class: "row-buttons" }, [codeCopy, codeNote]),
    node("p", { class: "hint" }, [node("a", { href: "/static/examples/embed-host.html", target: "_blank", rel: "noopener", i18n: "ui.share.api" })]),
  ]);
  const embedBox = node("section", { class: "share-embed" }, [
    node("h3", { i18n: "ui.share.embed" }),
    node("div", { class: "share-grid" }, [
      node("div", { class: "share-left" }, [options, codeBox]),
      node("div", { class: "share-right" }, [node("p", { class: "share-label", i18n: "ui.share.preview" }), stage]),
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
