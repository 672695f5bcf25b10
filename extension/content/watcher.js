// Watches the chat page for the error messages it shows (toasts, alerts, inline errors), and
// reads the page itself when it is an error page; sends their text, only their text, for the
// engine to explain. Runs in the ISOLATED world; the
// DOM is shared, the page's JavaScript is not. Cheap by design: only added nodes are looked at,
// in batches, and only short texts that read like an error are sent, each once a minute.
(() => {
  "use strict";
  const content = globalThis.chatmedicContent;
  if (!content) return;
  const SELECTOR = [
    '[role="alert"]',
    '[role="alertdialog"]',
    '[aria-live="assertive"]',
    "[data-sonner-toast]",
    '[class*="toast" i]',
    '[class*="error" i]',
    '[data-testid*="error" i]',
    '[data-testid*="toast" i]',
  ].join(",");
  // Words errors are made of, in the languages the engine explains.
  const ERROR_WORDS =
    /error|fail|wrong|unable|couldn.t|could not|try again|limit|network|capacity|overloaded|unavailable|too many|timed? ?out|blocked|expired|denied|fehler|fehlgeschlagen|versuche|nicht verfügbar|überlastet|エラー|失敗|上限|制限|ネットワーク|接続|混雑/i;
  const MAX_TEXT = 600;
  const seen = new Map();
  let pending = [];
  let timer = 0;

  function consider(el, addedAt) {
    if (!el.isConnected || el === content.noticeHost) return;
    const raw = el.textContent || "";
    // A container that merely has "error" in its class (an error boundary around the whole app)
    // is not a message: its text is not even scanned.
    if (raw.length > MAX_TEXT * 8) return;
    const text = raw.replace(/\s+/g, " ").trim();
    if (text.length < 8 || text.length > MAX_TEXT || !ERROR_WORDS.test(text)) return;
    const t = addedAt;
    if (t - (seen.get(text) ?? 0) < 60_000) return;
    seen.set(text, t);
    if (seen.size > 100) seen.delete(seen.keys().next().value);
    content.lastErrorElement = el;
    content.forward({ kind: "pageMessage", text, url: location.href, time: t });
  }

  function flush() {
    timer = 0;
    const batch = pending;
    pending = [];
    // The time a message appeared is when its node was added, not when this batch runs.
    for (const [node, addedAt] of batch) {
      if (node.matches(SELECTOR)) consider(node, addedAt);
      const inner = node.querySelectorAll(SELECTOR);
      for (let i = 0; i < inner.length && i < 5; i++) consider(inner[i], addedAt);
    }
  }

  const observer = new MutationObserver((mutations) => {
    const now = Date.now();
    for (const m of mutations) {
      for (const node of m.addedNodes) {
        if (node.nodeType === 1 && pending.length < 200) pending.push([node, now]);
      }
    }
    // Texts are often filled in just after the node is added.
    if (pending.length && !timer) timer = setTimeout(flush, 250);
  });
  observer.observe(document, { childList: true, subtree: true });

  // The page itself may be the error: a 4xx/5xx document from the service or its CDN (nginx's
  // "400 Request Header Or Cookie Too Large"), a Cloudflare block or challenge page. Its visible
  // text is sent once, when it has loaded. The navigation's status says so where the browser
  // exposes it (Chrome 109+); elsewhere, a small document whose title or heading reads like an
  // HTTP error or a Cloudflare page.
  const ERROR_TITLE =
    /^\s*(?:[45]\d\d\b|error\s+[45]\d\d\b|bad request|forbidden|access denied|not found|internal server error|bad gateway|service unavailable|gateway time-?out|just a moment|attention required|request header or cookie too large|request header fields too large)/i;
  const MAX_ERROR_PAGE = 4000;

  function isErrorDocument() {
    // An error page is small and has no composer: an app that answers a stale link with a 404
    // but renders the chat is the chat, and its text (conversations, names) is never sent.
    const body = document.body;
    if (!body || (body.textContent ?? "").length > MAX_ERROR_PAGE) return false;
    if (body.querySelector('textarea, [contenteditable="true"], [contenteditable=""], [role="textbox"]')) return false;
    const nav = performance.getEntriesByType?.("navigation")?.[0];
    if (nav && typeof nav.responseStatus === "number" && nav.responseStatus > 0) return nav.responseStatus >= 400;
    const heading = document.querySelector("h1")?.textContent ?? "";
    return ERROR_TITLE.test(document.title) || ERROR_TITLE.test(heading);
  }

  function readErrorDocument() {
    if (!isErrorDocument()) return;
    const visible = (document.body?.innerText ?? "").replace(/\s+/g, " ").trim();
    const title = document.title.replace(/\s+/g, " ").trim();
    // The title often says more than the body (nginx puts the reason there): both, once each.
    let text = title && !visible.includes(title) ? `${title} — ${visible}` : visible;
    if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT);
    if (text.length < 3) return;
    seen.set(text, Date.now());
    content.forward({ kind: "pageMessage", text, url: location.href, time: Date.now() });
  }

  if (document.readyState === "complete") readErrorDocument();
  else addEventListener("load", readErrorDocument, { once: true });
})();
