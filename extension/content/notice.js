// The in-page notice: one line of diagnosis next to the chat's own error, with "details" and a
// dismiss button. It lives in a closed Shadow DOM so the page's styles cannot reach it and the
// page's scripts cannot read it; its text is set through textContent only.
(() => {
  "use strict";
  const content = globalThis.chatmedicContent;
  const ext = globalThis.browser ?? globalThis.chrome;
  const { MSG } = globalThis.chatmedicProtocol;
  if (!content) return;

  const CSS = `
    :host { all: initial; }
    .box { position: fixed; z-index: 2147483647; right: 16px; bottom: 16px;
      max-width: min(420px, calc(100vw - 32px)); box-sizing: border-box;
      display: flex; gap: 8px; align-items: flex-start; padding: 10px 12px; border-radius: 8px;
      font: 14px/1.4 system-ui, sans-serif; color: #1f1f1f; background: #fff;
      border: 1px solid #c7c7c7; border-left: 4px solid var(--accent, #b3261e);
      box-shadow: 0 2px 10px rgba(0,0,0,.2); }
    .text { flex: 1; margin: 0; }
    .label { display: block; font-weight: 600; }
    button { font: inherit; cursor: pointer; border-radius: 4px; }
    .details { border: 1px solid currentColor; background: transparent; color: inherit; padding: 2px 8px; }
    .close { border: 0; background: transparent; color: inherit; font-size: 18px; line-height: 1; padding: 0 4px; }
    button:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
    @media (prefers-color-scheme: dark) {
      .box { color: #e3e3e3; background: #1f1f1f; border-color: #444; }
      button:focus-visible { outline-color: #a8c7fa; }
    }`;
  const ACCENT = {
    not_you: "#b3261e",
    your_browser: "#7b1fa2",
    your_network: "#0b57d0",
    your_account: "#b06000",
    unclear: "#5f6368",
  };

  let host = null;
  let shadow = null;
  let dismissed = "";

  // The chat's error toast often comes after the notice (the request fails, then the app shows
  // its message): when the watcher finds one, a notice on screen moves next to it.
  let lastError = content.lastErrorElement ?? null;
  Object.defineProperty(content, "lastErrorElement", {
    configurable: true,
    get: () => lastError,
    set(el) {
      lastError = el;
      if (host?.isConnected) place(shadow.querySelector(".box"));
    },
  });
  addEventListener("resize", () => {
    if (host?.isConnected) place(shadow.querySelector(".box"));
  });

  // A host element (`data-chatmedic=name`) with a closed shadow root holding `css` and one
  // live-region box of class `className`: the notice and the task line are both built so, in
  // the page but out of its scripts' and styles' reach.
  function shadowBox(name, css, className, live) {
    const el = document.createElement("div");
    el.setAttribute("data-chatmedic", name);
    const root = el.attachShadow({ mode: "closed" });
    const style = document.createElement("style");
    style.textContent = css;
    const box = document.createElement("div");
    box.className = className;
    box.setAttribute("role", "status");
    box.setAttribute("aria-live", live);
    root.append(style, box);
    return { el, root, box };
  }

  function build() {
    const built = shadowBox("notice", CSS, "box", "polite");
    host = built.el;
    shadow = built.root;
    content.noticeHost = host;
    const box = built.box;
    const text = document.createElement("p");
    text.className = "text";
    const label = document.createElement("span");
    label.className = "label";
    const title = document.createElement("span");
    title.className = "title";
    text.append(label, title);
    const details = document.createElement("button");
    details.className = "details";
    details.type = "button";
    details.addEventListener("click", () => {
      ext.runtime.sendMessage({ type: MSG.CS_BG_OPEN_DETAILS }).catch(() => {});
    });
    const close = document.createElement("button");
    close.className = "close";
    close.type = "button";
    close.textContent = "×";
    close.addEventListener("click", dismiss);
    // Escape dismisses too, while the keyboard is in the notice.
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") dismiss();
    });
    box.append(text, details, close);
  }

  // The chat's composer: the text field a user types into (the lowest visible one, which is
  // where every chat app keeps it) and its send button. The notice must never cover them.
  const COMPOSER =
    'textarea, [contenteditable="true"], [contenteditable=""], [contenteditable="plaintext-only"], [role="textbox"]';
  const SEND =
    'button[type="submit"], [aria-label*="send" i], [data-testid*="send" i], [aria-label*="senden" i], [aria-label*="送信"]';
  const MARGIN = 12;

  function visibleRect(el) {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth
      ? r
      : null;
  }

  // The composer's field as last found (watched for size changes while the notice shows).
  let field = null;

  /** The rectangles of the composer and its send button (inflated by MARGIN), or none. */
  function composerRects() {
    field = null;
    let fieldRect = null;
    for (const el of document.querySelectorAll(COMPOSER)) {
      const r = visibleRect(el);
      if (!r || r.width < 40) continue;
      if (
        !fieldRect ||
        r.bottom > fieldRect.bottom + 1 ||
        (Math.abs(r.bottom - fieldRect.bottom) <= 1 && r.width * r.height > fieldRect.width * fieldRect.height)
      ) {
        field = el;
        fieldRect = r;
      }
    }
    if (!field) return [];
    const rects = [fieldRect];
    // The send button sits in the composer's own container: look a few levels up for a button
    // that says it sends, else take the button closest to the field.
    let send = null;
    let nearest = null;
    let nearestDistance = 160;
    let scope = field.parentElement;
    for (let depth = 0; scope && depth < 5 && !send; depth++, scope = scope.parentElement) {
      for (const b of scope.querySelectorAll('button, [role="button"], input[type="submit"]')) {
        const r = visibleRect(b);
        if (!r) continue;
        if (b.matches(SEND)) {
          send = r;
          break;
        }
        const dx = Math.max(0, fieldRect.left - r.right, r.left - fieldRect.right);
        const dy = Math.max(0, fieldRect.top - r.bottom, r.top - fieldRect.bottom);
        if (Math.hypot(dx, dy) < nearestDistance) {
          nearestDistance = Math.hypot(dx, dy);
          nearest = r;
        }
      }
    }
    const best = send ?? nearest;
    if (best) rects.push(best);
    return rects.map((r) => ({
      left: r.left - MARGIN,
      top: r.top - MARGIN,
      right: r.right + MARGIN,
      bottom: r.bottom + MARGIN,
    }));
  }

  const overlap = (a, b) =>
    Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
    Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

  function place(box) {
    // Where to put the notice, best first: next to the chat's own error (when the watcher saw
    // one still on screen), the bottom-right corner, just above the composer, the top-right
    // corner, then the other corners. The first that covers neither the chat's input nor its
    // send button (nor, if it can, the chat's error message) wins; if all cover the composer (a
    // tiny window), the one covering least. Only the position is touched: the accent colour is
    // a property of the same style.
    const avoid = composerRects();
    const auto = { top: "auto", left: "auto", right: "auto", bottom: "auto" };
    const candidates = [];
    const el = content.lastErrorElement;
    const err = el?.isConnected ? visibleRect(el) : null;
    if (err && err.bottom + 80 < innerHeight) {
      candidates.push([
        "error",
        {
          ...auto,
          top: `${Math.max(8, err.bottom + 8)}px`,
          left: `${Math.max(8, Math.min(err.left, innerWidth - 440))}px`,
        },
      ]);
    }
    candidates.push(["corner", { ...auto, right: "16px", bottom: "16px" }]);
    if (avoid.length) {
      const top = Math.min(...avoid.map((r) => r.top));
      const right = Math.max(...avoid.map((r) => r.right));
      candidates.push([
        "composer",
        { ...auto, bottom: `${Math.max(8, innerHeight - top)}px`, right: `${Math.max(8, innerWidth - right)}px` },
      ]);
    }
    candidates.push(["top", { ...auto, top: "16px", right: "16px" }]);
    candidates.push(["top", { ...auto, top: "16px", left: "16px" }]);
    candidates.push(["corner", { ...auto, bottom: "16px", left: "16px" }]);

    let chosen = null;
    let least = Infinity;
    for (const [where, style] of candidates) {
      for (const [name, value] of Object.entries(style)) box.style.setProperty(name, value);
      const r = box.getBoundingClientRect();
      // Off screen counts as covering: a notice nobody can see helps nobody.
      const outside = r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth ? 1 : 0;
      const covered = avoid.reduce((sum, a) => sum + overlap(r, a), 0) + outside;
      // Any overlap with the composer outweighs covering the whole error message.
      const score = covered * 1e6 + (err ? overlap(r, err) : 0);
      if (score < least) {
        least = score;
        chosen = [where, style];
      }
      if (score === 0) break;
    }
    for (const [name, value] of Object.entries(chosen[1])) box.style.setProperty(name, value);
    host.setAttribute("data-placed", chosen[0]);
  }

  // The composer grows as the user types and moves when the layout changes: the notice moves
  // with it while shown.
  let watched = null;
  const resized = new ResizeObserver(() => {
    if (host?.isConnected) place(shadow.querySelector(".box"));
  });
  function watchComposer() {
    if (field === watched) return;
    if (watched) resized.unobserve(watched);
    watched = field;
    if (field) resized.observe(field);
  }

  function show(message) {
    if (message.title === dismissed) return;
    if (!host) build();
    const box = shadow.querySelector(".box");
    box.style.setProperty("--accent", ACCENT[message.verdict] ?? ACCENT.unclear);
    shadow.querySelector(".label").textContent = message.label;
    shadow.querySelector(".title").textContent = message.title;
    shadow.querySelector(".details").textContent = message.details;
    shadow.querySelector(".close").setAttribute("aria-label", message.dismiss);
    host.setAttribute("data-verdict", message.verdict);
    // Placed once in the page: the box must be laid out to be measured.
    if (!host.isConnected) (document.body ?? document.documentElement).append(host);
    place(box);
    watchComposer();
  }

  // Dismissed stays dismissed for this failure: the same diagnosis shown again (the background
  // restarted, the page asked again) is ignored until chat works or another failure comes.
  function dismiss() {
    dismissed = shadow.querySelector(".title").textContent;
    hide();
  }

  function hide() {
    if (host) host.remove();
    if (watched) resized.unobserve(watched);
    watched = null;
  }

  // The task line: what chatmedic is doing in this tab right now and what it needs from the
  // user (the extension bisect's "send your message again now"). The toolbar popup closes as
  // soon as the user clicks into the page, so the request has to be on the page too. Its own
  // closed shadow root, at the top, apart from the diagnosis notice.
  const TASK_CSS = `
    :host { all: initial; }
    .task { position: fixed; z-index: 2147483647; top: 12px; left: 50%; transform: translateX(-50%);
      max-width: min(560px, calc(100vw - 24px)); box-sizing: border-box; padding: 8px 12px; border-radius: 8px;
      font: 14px/1.4 system-ui, sans-serif; color: #1f1f1f; background: #fff; border: 1px solid #c7c7c7;
      border-left: 4px solid #7b1fa2; box-shadow: 0 2px 10px rgba(0,0,0,.2); }
    .task p { margin: 0; }
    .label { font-weight: 600; margin-right: 6px; }
    .task[data-wait="user"] .text { font-weight: 600; }
    @media (prefers-color-scheme: dark) { .task { color: #e3e3e3; background: #1f1f1f; border-color: #444; border-left-color: #e1bee7; } }`;
  let taskHost = null;
  let taskRoot = null;
  function showTask(message) {
    if (!taskHost) {
      const built = shadowBox("task", TASK_CSS, "task", "assertive");
      taskHost = built.el;
      taskRoot = built.root;
      const box = built.box;
      const p = document.createElement("p");
      const label = document.createElement("span");
      label.className = "label";
      const text = document.createElement("span");
      text.className = "text";
      p.append(label, text);
      box.append(p);
    }
    const box = taskRoot.querySelector(".task");
    box.dataset.wait = String(message.wait ?? "");
    taskRoot.querySelector(".label").textContent = String(message.label ?? "");
    taskRoot.querySelector(".text").textContent = String(message.text ?? "");
    taskHost.setAttribute("data-wait", String(message.wait ?? ""));
    if (!taskHost.isConnected) (document.body ?? document.documentElement).append(taskHost);
  }

  ext.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== ext.runtime.id || !message || typeof message !== "object") return;
    if (message.type === MSG.BG_CS_SHOW_NOTICE) show(message);
    else if (message.type === MSG.BG_CS_HIDE_NOTICE) {
      dismissed = "";
      hide();
    } else if (message.type === MSG.BG_CS_SHOW_TASK) showTask(message);
    else if (message.type === MSG.BG_CS_HIDE_TASK) taskHost?.remove();
  });
})();
