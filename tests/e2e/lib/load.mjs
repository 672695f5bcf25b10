// The load run shared by `./build.sh load [MINUTES]` (tests/e2e/load.mjs, the table) and
// tests/e2e/load.test.mjs (a short run with assertions): a chat page on loopback
// (chatgpt.com/hostile-load) fails 10,000 times a minute, each failure a POST the fake server
// answers 500 (webRequest sees it, the MAIN-world hook reads its error body through the relay)
// followed by an error toast (the watcher reads it). Meanwhile the service worker's JS heap
// (CDP Runtime.getHeapUsage after a forced GC, on the worker's own target), the extension
// process's resident memory, storage.session's bytes in use and the tab's buffer are sampled,
// and the popup is opened now and then to time the diagnosis under load.
import { readFileSync } from "node:fs";
import { launchChromium, swEval, tabId } from "./chromium.mjs";
import { startFakeChat } from "./fake-chat.mjs";
import { sleep, until } from "./util.mjs";

/**
 * A CDP session on chatmedic's service worker: Playwright gives CDP sessions for pages only, so
 * this attaches through the browser's session (non-flattened: messages go through
 * Target.sendMessageToTarget) and attaches again if Chrome replaced the worker.
 */
export class WorkerCdp {
  constructor(browser) {
    this.browser = browser;
    this.session = null;
    this.sessionId = null;
    this.targetId = null;
    this.id = 0;
    this.pending = new Map();
  }

  async attach() {
    this.session ??= await this.browser.context.browser().newBrowserCDPSession();
    if (!this.listening) {
      this.listening = true;
      this.session.on("Target.receivedMessageFromTarget", (e) => {
        if (e.sessionId !== this.sessionId) return;
        const m = JSON.parse(e.message);
        const done = this.pending.get(m.id);
        if (done) {
          this.pending.delete(m.id);
          done(m);
        }
      });
      this.session.on("Target.detachedFromTarget", (e) => {
        if (e.sessionId === this.sessionId) this.sessionId = null;
      });
    }
    const { targetInfos } = await this.session.send("Target.getTargets");
    const sw = targetInfos.find((t) => t.type === "service_worker" && t.url.endsWith("/background.js"));
    if (!sw) throw new Error("no chatmedic service worker");
    if (sw.targetId === this.targetId && this.sessionId) return;
    const { sessionId } = await this.session.send("Target.attachToTarget", { targetId: sw.targetId, flatten: false });
    this.sessionId = sessionId;
    this.targetId = sw.targetId;
  }

  async send(method, params = {}, timeout = 20000) {
    await this.attach();
    const id = ++this.id;
    const reply = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer`));
      }, timeout);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result);
      });
    });
    await this.session.send("Target.sendMessageToTarget", {
      sessionId: this.sessionId,
      message: JSON.stringify({ id, method, params }),
    });
    return reply;
  }

  /** The worker's JS heap in bytes: {raw} as it is, {live} after a forced GC. */
  async heap() {
    const raw = (await this.send("Runtime.getHeapUsage")).usedSize;
    await this.send("HeapProfiler.collectGarbage");
    const live = (await this.send("Runtime.getHeapUsage")).usedSize;
    return { raw, live };
  }

  /** The resident memory of the extension's renderer process (JS, wasm memory, everything). */
  async processRss() {
    const { processInfo } = await this.session.send("SystemInfo.getProcessInfo");
    let total = 0;
    for (const p of processInfo) {
      if (p.type !== "renderer") continue;
      try {
        if (!readFileSync(`/proc/${p.id}/cmdline`, "utf8").includes("--extension-process")) continue;
        const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.id}/status`, "utf8"));
        if (kb) total += Number(kb[1]) * 1024;
      } catch {
        // Gone meanwhile, or not on Linux.
      }
    }
    return total || null;
  }
}

/** What the background holds for a tab, and its queue (chatmedicDebug.stats()). */
export async function workerState(b, tab) {
  return swEval(
    b,
    async (t) => {
      const st = globalThis.chatmedicDebug.tabs.get(t);
      return {
        stats: globalThis.chatmedicDebug.stats(),
        storageBytes: await chrome.storage.session.getBytesInUse(null),
        tabKeys: Object.keys(await chrome.storage.session.get(null)).filter((k) => k.startsWith("tab:")).length,
        buffer: st ? st.observations.length : 0,
      };
    },
    tab,
    30000,
  );
}

/** The number of each http observation in the tab's buffer (the page numbers its requests). */
export async function bufferNumbers(b, tab) {
  return swEval(
    b,
    (t) =>
      (globalThis.chatmedicDebug.tabs.get(t)?.observations ?? [])
        .filter((o) => o.kind === "http")
        .map((o) => Number(/[?&]load-(\d+)/.exec(o.url)?.[1] ?? NaN)),
    tab,
    30000,
  );
}

// Notes, in the popup, when its verdict first reads `verdict` (ms since its navigation start).
function markVerdict(verdict) {
  new MutationObserver((_, observer) => {
    const app = document.getElementById("app");
    if (app?.dataset.verdict === verdict) {
      window.__verdictAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-verdict"] });
}

/**
 * Opens the popup for `tab` and waits for `verdict`; returns {renderMs, wallMs} (or {error}):
 * renderMs from the popup's navigation start to that verdict on screen, wallMs from asking
 * the browser for a new page (slow under load: the browser process is busy too).
 */
export async function timePopup(b, tab, verdict = "not_you") {
  const t0 = Date.now();
  let popup;
  try {
    popup = await b.context.newPage();
    await popup.addInitScript(markVerdict, verdict);
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.goto(`chrome-extension://${b.extensionId}/popup/popup.html?tab=${tab}`);
    await popup.waitForFunction(() => window.__verdictAt !== undefined, undefined, { timeout: 30000, polling: 50 });
    const wallMs = Date.now() - t0;
    return { renderMs: await popup.evaluate(() => window.__verdictAt), wallMs };
  } catch (e) {
    return { error: String(e?.message ?? e).slice(0, 200), wallMs: Date.now() - t0 };
  } finally {
    await popup?.close().catch(() => {});
  }
}

const stat = (xs) => {
  const s = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return { min: null, max: null, last: null, median: null };
  return { min: s[0], max: s[s.length - 1], last: xs[xs.length - 1], median: s[Math.floor(s.length / 2)] };
};

/**
 * Runs the load for `minutes` at `perMinute` failures; `log` gets a progress line per sample.
 * Returns every figure the table and the tests need.
 */
export async function runLoad({
  minutes = 10,
  perMinute = 10000,
  sampleSeconds = 10,
  popupSeconds = 60,
  log = () => {},
} = {}) {
  const server = await startFakeChat();
  server.state.chat["chatgpt.com"] = "error500";
  // Without the privacy collector (lib/privacy.mjs): it copies every storage write out through an
  // extension page of its own, which would weigh on the very process being measured.
  const saved = { NOCOLLECT: process.env.NOCOLLECT, NOPRIV: process.env.NOPRIV };
  Object.assign(process.env, { NOCOLLECT: "1", NOPRIV: "1" });
  const b = await launchChromium({ port: server.port }).finally(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  const cdp = new WorkerCdp(b);
  const samples = [];
  const popups = [];
  try {
    const page = await b.context.newPage();
    await page.goto("https://chatgpt.com/hostile-load?run=load");
    const tab = await until(() => tabId(b, page.url()), { what: "the load tab" });

    // Idle: one failure, the popup's time to its diagnosis without load.
    await page.evaluate(() => window.load.once());
    await until(async () => (await workerState(b, tab)).buffer > 0, { what: "the first failure" });
    const idlePopup = [];
    for (let i = 0; i < 3; i++) idlePopup.push(await timePopup(b, tab));
    const before = await cdp.heap();

    const ms = minutes * 60000;
    await page.evaluate(([rate, ms]) => window.load.start(rate, ms), [perMinute, ms]);
    const t0 = Date.now();
    let nextPopup = t0 + Math.min(popupSeconds * 1000, ms / 2);
    while (Date.now() - t0 < ms) {
      await sleep(Math.min(sampleSeconds * 1000, Math.max(0, t0 + ms - Date.now())));
      const [heap, rss, state, pageStats] = await Promise.all([
        cdp.heap(),
        cdp.processRss(),
        workerState(b, tab),
        page.evaluate(() => window.load.stats()),
      ]);
      const sample = { t: (Date.now() - t0) / 1000, heap, rss, ...state, page: pageStats };
      samples.push(sample);
      if (Date.now() >= nextPopup && Date.now() - t0 < ms - 2000) {
        sample.popup = await timePopup(b, tab);
        popups.push(sample.popup);
        nextPopup = Date.now() + popupSeconds * 1000;
      }
      log(
        `${sample.t.toFixed(0).padStart(5)} s  sent ${pageStats.issued}  failed ${pageStats.failed}  ` +
          `heap ${(heap.live / 1e6).toFixed(1)} MB (raw ${(heap.raw / 1e6).toFixed(1)})  rss ${rss ? (rss / 1e6).toFixed(0) : "?"} MB  ` +
          `storage ${(state.storageBytes / 1024).toFixed(0)} KiB  buffer ${state.buffer}  backlog ${state.stats.backlog} ` +
          `(max ${state.stats.maxBacklog}, dropped ${state.stats.dropped})` +
          (sample.popup ? `  popup ${sample.popup.renderMs ?? sample.popup.error} ms` : ""),
      );
    }
    // The page stops on its own; let what is in flight land, then the queue and the writes.
    await until(
      async () =>
        !(await page.evaluate(() => window.load.stats())).running &&
        (await page.evaluate(() => window.load.stats())).inFlight === 0,
      {
        timeout: 60000,
        what: "the page to stop",
      },
    );
    const pageStats = await page.evaluate(() => window.load.stats());
    await sleep(1500);
    await swEval(b, () => globalThis.chatmedicDebug.flush(), undefined, 60000);
    const after = await workerState(b, tab);
    const numbers = await bufferNumbers(b, tab);
    const heapAfter = await cdp.heap();
    const stored = await swEval(
      b,
      async (t) => (await chrome.storage.session.get(`tab:${t}`))[`tab:${t}`]?.observations.length ?? 0,
      tab,
    );
    const elapsedMin = (pageStats.stoppedAt - pageStats.startedAt) / 60000;
    return {
      minutes,
      perMinute,
      elapsedMin,
      failures: pageStats.failed,
      networkErrors: pageStats.networkErrors,
      ratePerMinute: pageStats.failed / elapsedMin,
      heapLive: stat(samples.map((s) => s.heap.live)),
      heapRaw: stat(samples.map((s) => s.heap.raw)),
      heapBefore: before,
      heapAfter,
      rss: stat(samples.map((s) => s.rss)),
      storageBytes: stat(samples.map((s) => s.storageBytes)),
      buffer: stat(samples.map((s) => s.buffer)),
      backlogMax: Math.max(0, ...samples.map((s) => s.stats.maxBacklog)),
      dropped: after.stats.dropped,
      jobs: after.stats.jobs,
      after,
      stored,
      numbers,
      issued: pageStats.issued,
      popupIdle: stat(idlePopup.map((p) => p.renderMs)),
      popupLoad: stat(popups.map((p) => p.renderMs)),
      popupLoadWall: stat(popups.map((p) => p.wallMs)),
      popupErrors: popups.filter((p) => p.error).map((p) => p.error),
      popupCount: popups.length,
      samples,
    };
  } finally {
    await b.close();
    await server.close();
  }
}

const mb = (n) => (n === null ? "?" : `${(n / 1048576).toFixed(1)} MiB`);
const kib = (n) => (n === null ? "?" : `${(n / 1024).toFixed(0)} KiB`);
const ms = (n) => (n === null ? "?" : `${n.toFixed(0)} ms`);

/** The table `./build.sh load` prints. */
export function table(r) {
  const L = r.after.stats.limits;
  const bound = L.MAX_TABS * L.MAX_TAB_BYTES;
  const rows = [
    [
      "failures fed (POST → 500 + hook body + toast)",
      `${r.failures.toLocaleString("en")} in ${r.elapsedMin.toFixed(2)} min`,
    ],
    [
      "rate achieved",
      `${Math.round(r.ratePerMinute).toLocaleString("en")} /min (asked ${r.perMinute.toLocaleString("en")})`,
    ],
    [
      "worker JS heap after GC, min / max / last",
      `${mb(r.heapLive.min)} / ${mb(r.heapLive.max)} / ${mb(r.heapLive.last)}`,
    ],
    ["worker JS heap without GC, max", mb(r.heapRaw.max)],
    ["worker JS heap after GC, before / after load", `${mb(r.heapBefore.live)} / ${mb(r.heapAfter.live)}`],
    ["extension process RSS, min / max / last", `${mb(r.rss.min)} / ${mb(r.rss.max)} / ${mb(r.rss.last)}`],
    ["storage.session bytes in use, max (bound)", `${kib(r.storageBytes.max)} (tab state <= ${kib(bound)})`],
    [
      "tab buffer length, min / max / end (bound)",
      `${r.buffer.min} / ${r.buffer.max} / ${r.after.buffer} (${L.MAX_TAB_OBSERVATIONS})`,
    ],
    ["buffer holds the newest", `n ${Math.min(...r.numbers)}..${Math.max(...r.numbers)} of ${r.issued} sent`],
    ["queue backlog max / observations dropped", `${r.backlogMax} (bound ${L.MAX_BACKLOG}) / ${r.dropped}`],
    ["popup open -> diagnosis, idle (median)", ms(r.popupIdle.median)],
    [
      `popup open -> diagnosis under load, median / max of ${r.popupCount}`,
      `${ms(r.popupLoad.median)} / ${ms(r.popupLoad.max)}`,
    ],
    [
      "  same, wall clock incl. opening the page, median / max",
      `${ms(r.popupLoadWall.median)} / ${ms(r.popupLoadWall.max)}`,
    ],
  ];
  if (r.popupErrors.length) rows.push(["popup errors", r.popupErrors.join("; ")]);
  const w = Math.max(...rows.map((x) => x[0].length));
  return rows.map(([a, b]) => `${a.padEnd(w)}  ${b}`).join("\n");
}
