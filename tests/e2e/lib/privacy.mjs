// The privacy check of the e2e suite: secrets planted in every fake-chat scenario (cookies,
// Authorization headers, API keys and emails in prompts, tokens in query strings, an email in an
// error body and in the app's error toast, the reply text), and a collector that records what
// chatmedic wrote while a browser ran: console messages of its pages, content scripts and
// service worker, every value written to chrome.storage.session and .local (watched as it is
// written, since closing a tab removes what was stored for it), a dump of both at the end, the
// text the popup copied, and downloads. `assertNoLeaks()` fails when any of it holds a secret.
//
// launchChromium (lib/chromium.mjs) attaches a collector to every browser it starts (the storage
// watcher is a tab showing one of chatmedic's icons: a trusted page that runs no script of its
// own). A test file ends with a test that calls assertNoLeaks() once its other browsers are
// closed (chromium.test.mjs: "privacy: nothing chatmedic wrote holds a planted secret"); any
// other file that uses launchChromium can do the same.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The planted secrets, by where they are planted (fake-chat.mjs and pages/app.js use them). */
export const PLANTED = Object.freeze({
  // Cookies the fake service sets on every chat page (HttpOnly, as real sessions are).
  sessionCookie: "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..UGxhbnRlZFNlc3Npb24.pLaNtEdCoOkIeSiGnAtUrE42",
  claudeSessionKey: "sk-ant-sid01-PlantedSessionKey0123456789abcdefGHIJ-testonly",
  clearanceCookie: "PlantedClearance_9f8e7d6c5b4a-1763474000-1.2.1.1-cGxhbnRlZA",
  // The Authorization header the fake app sends with each turn.
  bearer: "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwbGFudGVkLXVzZXIifQ.UGxhbnRlZFNpZ25hdHVyZQ",
  // In the prompt the fake app sends (users paste keys and addresses into prompts).
  apiKey: "sk-proj-PlantedKeyInPrompt0123456789abcdefABCDEF",
  email: "dana.planted@example.org",
  prompt: "Summarise the planted Nightingale merger memo",
  // In query strings: the chat request, the WebSocket, the page's own URL.
  queryToken: "qtok-Planted7f3a9b2c1d0e5f4a",
  wsToken: "wstok-Planted4c5d6e7f8a9b0c1d",
  pageToken: "ptok-Planted0a1b2c3d4e5f6a7b",
  // In the reply the fake service streams back.
  reply: "the planted Nightingale memo says",
  // In an error body the service sends and in the error toast the app shows.
  errorEmail: "kim.planted@example.net",
});

/** Forms a secret can take in an output: as is and URL-encoded. */
function forms(value) {
  const out = new Set([value, encodeURIComponent(value)]);
  return [...out];
}

// Vendor addresses the reports may name on purpose (support@openai.com, …).
const VENDOR = /(^|\.)(openai\.com|anthropic\.com|google\.com|microsoft\.com|perplexity\.ai)$/i;

/** Substrings shaped like a key, JWT, bearer token or email address (short, printable forms). */
export function secretShapes(text) {
  const found = [];
  for (const m of text.matchAll(/(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}/g)) found.push(m[0].slice(0, 12));
  for (const m of text.matchAll(/eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{10,}/g)) found.push(m[0].slice(0, 12));
  for (const m of text.matchAll(/bearer [A-Za-z0-9_.-]{16,}/gi)) found.push(m[0].slice(0, 15));
  for (const m of text.matchAll(/[A-Za-z0-9.+_-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g)) {
    if (!VENDOR.test(m[1])) found.push(`…@${m[1]}`);
  }
  return found;
}

const collectors = [];

/** The console marker under which an extension page's clipboard writes are echoed. */
const CLIPBOARD = "[privacy:clipboard]";

/**
 * A collector for one browser context. `record(kind, where, text)` keeps what chatmedic wrote;
 * `finish()` (called before the browser closes) dumps storage and the cookies in the jar.
 */
export function collect(context, { label = "chromium" } = {}) {
  const c = {
    label,
    records: [],
    // Cookie values found in the browser: secrets too, whatever the test planted.
    cookies: new Set(),
    extensionId: null,
    notes: [],
    finished: false,
  };
  const record = (kind, where, text) => {
    if (typeof text === "string" && text.length) c.records.push({ kind, where, text });
  };
  c.record = record;

  // Console: chatmedic's own pages (popup, options), its content scripts and MAIN-world hook
  // (their messages carry the script's chrome-extension:// URL), its service worker. A web
  // page's own messages and the browser's about the page's requests are not chatmedic's output;
  // they are counted, not scanned.
  c.pageConsole = 0;
  const onConsole = (msg, from) => {
    let pageUrl = "";
    try {
      pageUrl = msg.page()?.url() ?? "";
    } catch {
      // a closed page
    }
    const where = msg.location()?.url ?? "";
    const ours =
      from === "worker" ||
      msg.worker?.() ||
      /^chrome-extension:|^moz-extension:/.test(pageUrl) ||
      /^chrome-extension:|^moz-extension:/.test(where);
    const text = msg.text();
    if (text.startsWith(CLIPBOARD)) record("clipboard", pageUrl, text.slice(CLIPBOARD.length + 1));
    else if (ours) record("console", `${from} ${pageUrl || where}`, text);
    else c.pageConsole++;
  };
  context.on("console", (msg) => onConsole(msg, "context"));
  const watchWorker = (w) => {
    if (!w.url().startsWith("chrome-extension://")) return;
    w.on("console", (msg) => onConsole(msg, "worker"));
  };
  context.serviceWorkers().forEach(watchWorker);
  context.on("serviceworker", watchWorker);
  context.on("weberror", (e) => {
    let url = "";
    try {
      url = e.page()?.url() ?? "";
    } catch {
      // a closed page
    }
    if (/^chrome-extension:/.test(url)) record("uncaught error", url, String(e.error()?.stack ?? e.error()));
  });

  // What an extension page copies: its clipboard writes are echoed to the console under a
  // marker (a web page is left as it is: nothing is added to its globals).
  const script = (marker) => {
    if (location.protocol !== "chrome-extension:" || !navigator.clipboard) return;
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text) => {
      console.debug(marker, String(text));
      return write(text);
    };
    const exec = document.execCommand.bind(document);
    document.execCommand = (command, ...rest) => {
      if (String(command).toLowerCase() === "copy") console.debug(marker, String(getSelection() ?? ""));
      return exec(command, ...rest);
    };
  };
  context.addInitScript(script, CLIPBOARD).catch((e) => c.notes.push(`no clipboard watch: ${e.message}`));
  const watchPage = (page) => {
    page.on("download", async (d) => {
      try {
        record("download", d.suggestedFilename(), readFileSync(await d.path(), "utf8"));
      } catch (e) {
        c.notes.push(`download not read: ${e.message}`);
      }
    });
  };
  context.pages().forEach(watchPage);
  context.on("page", watchPage);

  c.finish = () => finish(c, context);
  c.start = (extensions) => start(c, context, extensions);
  collectors.push(c);
  return c;
}

/** Whether an unpacked extension directory is a build of chatmedic (dist/chrome or a copy). */
function isChatmedic(dir) {
  try {
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    return m.background?.service_worker === "background.js" && m.action?.default_popup === "popup/popup.html";
  } catch {
    return false;
  }
}

/** Watches chatmedic's storage when one of `extensions` is chatmedic. */
async function start(c, context, extensions) {
  if (!extensions.some(isChatmedic)) return;
  const w = await ourWorker(context, 15000);
  if (!w) {
    c.notes.push("chatmedic's service worker was not found at launch");
    return;
  }
  await watchStorage(c, context, new URL(w.url()).host);
}

/** chatmedic's service worker in `context`, or null (other extensions have workers too). */
async function ourWorker(context, timeout = 5000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    for (const w of context.serviceWorkers()) {
      if (!w.url().startsWith("chrome-extension://")) continue;
      const ours = await bounded(
        w.evaluate(() => typeof globalThis.chatmedicDebug === "object"),
        2000,
      ).catch(() => false);
      if (ours) return w;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

function bounded(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timed out")), ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Starts watching chatmedic's storage in `context`: a page of the extension (trusted, so it sees
 * storage.session) reports every value written, as it is written. Closing a tab removes what was
 * stored for it, so a dump at the end alone would miss most of it.
 */
export async function watchStorage(c, context, extensionId) {
  c.extensionId = extensionId;
  const page = await context.newPage();
  c.storagePage = page;
  await page.exposeFunction("__privacyStorage", (area, json) => c.record(`storage.${area}`, "onChanged", json));
  // Any document of the extension's origin is trusted; an icon runs no script and loads no
  // engine, so the watcher weighs next to nothing in the extension's process.
  await page.goto(`chrome-extension://${extensionId}/icons/icon-16.png`);
  await page.evaluate(() => {
    const ext = globalThis.chrome;
    ext.storage.onChanged.addListener((changes, area) => {
      const values = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.newValue]));
      globalThis.__privacyStorage(area, JSON.stringify(values));
    });
  });
}

async function finish(c, context) {
  if (c.finished) return;
  c.finished = true;
  try {
    for (const k of await bounded(context.cookies(), 5000)) {
      if (k.value.length >= 8) c.cookies.add(k.value);
    }
  } catch (e) {
    c.notes.push(`cookies not read: ${e.message}`);
  }
  const w = await ourWorker(context).catch(() => null);
  if (!w) {
    if (c.extensionId) c.notes.push("chatmedic's service worker did not answer: storage not dumped");
    return;
  }
  try {
    const dump = await bounded(
      w.evaluate(async () => ({
        session: await chrome.storage.session.get(null),
        local: await chrome.storage.local.get(null),
      })),
      5000,
    );
    c.record("storage.session", "dump at close", JSON.stringify(dump.session));
    c.record("storage.local", "dump at close", JSON.stringify(dump.local));
  } catch (e) {
    c.notes.push(`storage not dumped: ${e.message}`);
  }
}

/** The secrets to look for: the planted ones and every cookie value the browsers held. */
function secrets() {
  const out = new Map();
  for (const [name, value] of Object.entries(PLANTED)) for (const f of forms(value)) out.set(f, name);
  for (const c of collectors) for (const v of c.cookies) if (!out.has(v)) out.set(v, "a cookie in the browser");
  return out;
}

/** What the collectors saw, in numbers (for the test output). */
export function summary() {
  const kinds = {};
  for (const c of collectors) for (const r of c.records) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  return {
    browsers: collectors.length,
    records: kinds,
    pageConsole: collectors.reduce((n, c) => n + c.pageConsole, 0),
  };
}

/**
 * Throws when anything chatmedic wrote holds a planted secret or something shaped like one.
 * `minStorage` guards against a collector that saw nothing (then the check proves nothing).
 */
export function assertNoLeaks({ minStorage = 1 } = {}) {
  const all = secrets();
  const leaks = [];
  let storage = 0;
  for (const c of collectors) {
    for (const r of c.records) {
      if (r.kind.startsWith("storage.")) storage++;
      for (const [secret, name] of all) {
        if (r.text.includes(secret)) leaks.push(`${r.kind} (${r.where}) holds the planted ${name}`);
      }
      for (const shape of secretShapes(r.text))
        leaks.push(`${r.kind} (${r.where}) holds something shaped like a secret: ${shape}`);
    }
  }
  const s = summary();
  const notes = collectors.flatMap((c) => c.notes);
  if (leaks.length) throw new Error(`privacy: ${leaks.length} leaks:\n${[...new Set(leaks)].join("\n")}`);
  if (storage < minStorage) {
    throw new Error(
      `privacy: only ${storage} storage records were seen; the check proves nothing (${JSON.stringify(s)}; ${notes.join("; ")})`,
    );
  }
  return s;
}
