// Chromium driven over a bare DevTools pipe, for measurements. Playwright enables the Network
// domain on every page it controls, so each chunk a page reads also becomes a DevTools event
// that the browser process forwards to Node; on a 50 MB read that is hundreds of events, tens of
// ms of CPU in the browser and in Node (which also serves the reply), and it grows with the
// number of chunks. Here pages are attached for Runtime.evaluate only: nothing else listens.
// Same flags and host mapping as ./chromium.mjs; nothing leaves this machine.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_BASE_ARGS, EXECUTABLE } from "./chromium.mjs";
import { HOSTS } from "./fake-chat.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Launches headless Chromium with `extensions` (unpacked directories, none by default) against
 * the fake server on `port`. Returns { pid, page(url), close() }.
 */
export async function launchBare({ port, extensions = [] }) {
  const profile = mkdtempSync(join(tmpdir(), "chatmedic-bare-"));
  const rules = [...HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`), "MAP * ~NOTFOUND", "EXCLUDE 127.0.0.1"].join(", ");
  const args = [
    "--headless",
    ...CHROMIUM_BASE_ARGS,
    "--no-default-browser-check",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-field-trial-config",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,InterestFeedContentSuggestions",
    // Pages in tabs that are not in front must run at full speed, as Playwright has them.
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--password-store=basic",
    "--use-mock-keychain",
    "--ignore-certificate-errors",
    `--host-resolver-rules=${rules}`,
    `--user-data-dir=${profile}`,
    "--remote-debugging-pipe",
    ...(extensions.length
      ? [`--disable-extensions-except=${extensions.join(",")}`, `--load-extension=${extensions.join(",")}`]
      : ["--disable-extensions"]),
    "about:blank",
  ];
  // fd 3 carries commands to the browser, fd 4 its answers, each message ended by a NUL.
  const child = spawn(EXECUTABLE, args, { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const waiting = new Map();
  let lastId = 0;
  let pending = "";
  child.stdio[4].on("data", (data) => {
    pending += data.toString("utf8");
    for (let end = pending.indexOf("\0"); end >= 0; end = pending.indexOf("\0")) {
      const message = JSON.parse(pending.slice(0, end));
      pending = pending.slice(end + 1);
      const w = message.id !== undefined && waiting.get(message.id);
      if (!w) continue;
      waiting.delete(message.id);
      if (message.error) w.reject(new Error(`${w.method}: ${message.error.message}`));
      else w.resolve(message.result);
    }
  });
  child.stdio[3].on("error", () => {});
  const send = (method, params = {}, sessionId = undefined) =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      waiting.set(id, { resolve, reject, method });
      child.stdio[3].write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });

  await send("Browser.getVersion");
  // An extension's content scripts reach only pages opened once it is loaded: wait for each
  // extension with a worker to have it running, and give the others a moment.
  const withWorker = extensions.filter((dir) => {
    try {
      return Boolean(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")).background);
    } catch {
      return false;
    }
  }).length;
  for (let i = 0; i < 150; i++) {
    const { targetInfos } = await send("Target.getTargets");
    const workers = targetInfos.filter((t) => t.type === "service_worker" && t.url.startsWith("chrome-extension://"));
    if (workers.length >= withWorker) break;
    await sleep(100);
  }
  if (extensions.length) await sleep(500);

  return {
    pid: child.pid,
    /** Opens `url` in a new tab; resolves once `ready` (an expression) is true there. */
    async page(url, ready = "document.readyState === 'complete'") {
      const { targetId } = await send("Target.createTarget", { url });
      const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
      const evaluate = async (fn, arg) => {
        const r = await send(
          "Runtime.evaluate",
          { expression: `(${fn})(${JSON.stringify(arg)})`, awaitPromise: true, returnByValue: true },
          sessionId,
        );
        if (r.exceptionDetails)
          throw new Error(`${url}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
        return r.result.value;
      };
      for (let i = 0; i < 150; i++) {
        if (await evaluate(`() => ${ready}`).catch(() => false)) return { evaluate };
        await sleep(100);
      }
      throw new Error(`${url} did not load`);
    },
    async close() {
      await Promise.race([send("Browser.close").catch(() => {}), sleep(5000)]);
      await Promise.race([exited, sleep(5000)]);
      child.kill();
      // Its helper processes may still be writing to the profile for a moment.
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch {
        // A leftover in the temp directory is no reason to fail a measurement.
      }
    },
  };
}

/**
 * CPU time (ms) the Chromium whose browser process is `pid` has used, by part: the browser
 * process (where Chrome's webRequest proxy runs), the network service, the pages' renderers and
 * their main threads (where the page hooks run), extension processes (an extension's worker),
 * and all of it. From /proc/<pid>/task/<tid>/schedstat (nanoseconds); null without /proc.
 */
export function chromiumCpu(pid) {
  let procs;
  try {
    procs = [];
    for (const p of readdirSync("/proc")) {
      if (!/^\d+$/.test(p)) continue;
      try {
        const stat = readFileSync(`/proc/${p}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        // Chromium rewrites its children's command lines into one space-separated string.
        procs.push({ pid: Number(p), ppid, args: readFileSync(`/proc/${p}/cmdline`, "utf8").split(/[\0 ]/) });
      } catch {
        // Gone meanwhile.
      }
    }
  } catch {
    return null;
  }
  const root = procs.find((p) => p.pid === pid);
  if (!root) return null;
  const ms = (path) => {
    try {
      return Number(readFileSync(path, "utf8").split(" ")[0]) / 1e6;
    } catch {
      return 0;
    }
  };
  const out = { browser: 0, network: 0, pages: 0, pageMain: 0, extensions: 0, all: 0 };
  const walk = (p) => {
    let total = 0;
    try {
      for (const tid of readdirSync(`/proc/${p.pid}/task`)) total += ms(`/proc/${p.pid}/task/${tid}/schedstat`);
    } catch {
      // Gone meanwhile.
    }
    const type = p.args.find((a) => a.startsWith("--type="))?.slice(7) ?? "browser";
    out.all += total;
    if (p === root) out.browser += total;
    else if (p.args.some((a) => a.includes("NetworkService"))) out.network += total;
    else if (type === "renderer" && p.args.includes("--extension-process")) out.extensions += total;
    else if (type === "renderer") {
      out.pages += total;
      out.pageMain += ms(`/proc/${p.pid}/task/${p.pid}/schedstat`);
    }
    for (const child of procs) if (child.ppid === p.pid) walk(child);
  };
  walk(root);
  return out;
}
