// Renders an engine report: verdict, findings with evidence, fixes, and the copy and download
// buttons. Text goes in through textContent only.

import { el } from "./dom.js";
import { splitFixes, withClock } from "./shared/fixes.js";

/**
 * Renders `report` into `container` (replacing what was there). `opts.source` is a locale key
 * naming where the report came from; `opts.engine` is the wasm module (for renderText);
 * `opts.name` names the downloaded file.
 */
export function renderReport(container, report, i18n, opts = {}) {
  container.replaceChildren(reportNode(report, i18n, opts));
}

function reportNode(report, i18n, opts) {
  const root = el("section", {
    class: "report",
    "aria-label": i18n.t("label_verdict"),
    "data-verdict": report.verdict,
  });
  if (opts.source) root.append(el("p", { class: "report-source", text: i18n.t(opts.source) }));
  const headingTag = opts.headingLevel || "h3";
  root.append(el(headingTag, { class: `verdict ${report.verdict}`, text: i18n.t(`verdict_${report.verdict}`) }));
  if (!report.findings.length) {
    root.append(el("p", { text: i18n.t("label_no_findings") }));
  } else {
    const list = el("ol", { class: "findings", "aria-label": i18n.t("label_findings") });
    for (const f of report.findings) list.append(findingNode(f, i18n, { ...opts, recorded: !!report.recorded }));
    root.append(list);
  }
  // What looked odd but broke nothing (a blocked tracker, a socket that dropped once).
  if (report.notes?.length) {
    root.append(el("h4", { class: "notes-heading", text: i18n.t("label_notes") }));
    const notes = el("ul", { class: "notes" });
    for (const n of report.notes) notes.append(el("li", { "data-note": n.note, text: n.text }));
    root.append(notes);
  }
  if (opts.actions !== false) root.append(actions(report, i18n, opts));
  return root;
}

function findingNode(f, i18n, opts) {
  const item = el("li", { class: "finding", "data-cause": f.cause });
  item.append(el("h4", { text: f.title }));
  if (f.explanation) item.append(el("p", { text: f.explanation }));
  const percent = i18n.t("format_percent", { percent: Math.round(f.confidence * 100) });
  item.append(el("p", { class: "confidence", text: `${i18n.t("label_confidence")}: ${percent}` }));
  if (f.evidence?.length && opts.evidence !== false) {
    const details = el("details");
    details.append(el("summary", { text: `${i18n.t("label_evidence")} (${f.evidence.length})` }));
    const list = el("ul", { class: "evidence" });
    for (const e of f.evidence) list.append(el("li", {}, el("code", { text: e.summary })));
    details.append(list);
    item.append(details);
  }
  if (f.fixes?.length) {
    item.append(el("h5", { class: "visually-hidden", text: i18n.t("label_fixes") }));
    // The best fixes first (the engine says how many); the rest behind "More ways to fix this".
    const { first, more } = splitFixes(f);
    const t = (key, params) => i18n.t(key, params);
    const clock = (fix) => withClock(fix, f, t, i18n.lang, { recorded: !!opts.recorded });
    item.append(fixList(first.map(clock), i18n));
    if (more.length) {
      const details = el("details", { class: "more-fixes" });
      details.append(el("summary", { text: i18n.t("label_more_fixes") }), fixList(more.map(clock), i18n));
      item.append(details);
    }
  }
  return item;
}

function fixList(list, i18n) {
  const fixes = el("ol", { class: "fixes", "aria-label": i18n.t("label_fixes") });
  for (const fix of list) {
    const li = el("li", { "data-fix": fix.fix });
    li.append(el("span", { class: "fix-title", text: fix.title }));
    const url = fix.action && fix.action.type === "openUrl" ? fix.action.url : null;
    if (url && /^https?:\/\//.test(url)) {
      li.append(
        " ",
        el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: i18n.t("web_status_open") }),
      );
    }
    if (fix.steps?.length) {
      const steps = el("ol", { class: "steps" });
      for (const s of fix.steps) steps.append(el("li", { text: s }));
      li.append(steps);
    }
    fixes.append(li);
  }
  return fixes;
}

function actions(report, i18n, opts) {
  const bar = el("div", { class: "report-actions" });
  const note = el("span", { class: "muted", role: "status" });
  const copy = el("button", {
    type: "button",
    class: "secondary",
    "data-action": "copy",
    text: i18n.t("web_report_copy"),
  });
  copy.addEventListener("click", async () => {
    const text = supportText(report, i18n, opts);
    try {
      await navigator.clipboard.writeText(text);
      note.textContent = i18n.t("web_report_copied");
    } catch {
      // No clipboard permission (an embedded frame, an old browser): show the text to copy.
      note.textContent = i18n.t("web_report_copy_failed");
      const area = el("textarea", {
        class: "copy-fallback",
        rows: 8,
        readonly: true,
        "aria-label": i18n.t("label_support_summary"),
      });
      area.value = text;
      bar.after(area);
      area.select();
    }
  });
  const download = el("button", {
    type: "button",
    class: "secondary",
    "data-action": "download",
    text: i18n.t("web_report_download"),
  });
  download.addEventListener("click", () => {
    const blob = new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: "application/json" });
    saveBlob(blob, `chatmedic-report-${opts.name || "page"}.json`);
  });
  bar.append(copy, download, note);
  return bar;
}

/** The support report as plain text: the engine's own rendering when it is loaded. */
export function supportText(report, i18n, opts = {}) {
  if (opts.engine) {
    try {
      return opts.engine.renderText(report, i18n.lang);
    } catch {
      // fall through to the summary the report carries
    }
  }
  return report.supportSummary || "";
}

/** Offers a Blob as a download named `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name });
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
