// Watches the chat page for the error messages it shows (toasts, alerts, inline errors) and
// sends their text, only their text, for the engine to explain. Runs in the ISOLATED world; the
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
})();
