// `./build.sh bench` for the help page, in headless Chromium on this machine:
//   1. a HAR in the page (File.stream() chunks into the wasm HarAnalyzer in a Web Worker, the
//      help page's own route) against file.text() + JSON.parse of the same File in the same
//      page: time, and memory (wasm linear memory vs the JS heap JSON.parse needed);
//   2. the sanitizer on the same file;
//   3. time to the first check result after the help page loads;
//   4. the HAR runs of the CLI bench's files again in headless Firefox (through geckodriver's
//      WebDriver HTTP API, as tests/e2e/lib/firefox.mjs drives it): times only.
//
// Besides its own two files, it measures the CLI bench's (tests/bench/har.sh, run first by
// `./build.sh bench`): target/bench/{mixed,chat-chrome,chat-firefox}-150mb-seed1.har, whose
// bytes are mostly the chat services' own entries for chat-*, and chat-chrome-600mb (the page
// only: file.text() cannot hold it). Times are medians of interleaved runs, with the load
// average before and after.
//
//   node tests/www/bench.mjs [--root dist/www] [--runs 5] [--only REGEX (labels)]

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { CHROMIUM_BASE_ARGS, EXECUTABLE } from "../e2e/lib/chromium.mjs";
import { launchFirefox } from "../e2e/lib/firefox.mjs";
import { startFakeServices } from "./fake-services.mjs";
import { generateHar, scenario } from "./gen-har.mjs";
import { startServer } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const ROOT = path.resolve(REPO, arg("root", "dist/www"));
const RUNS = Number(arg("runs", "5"));
const WORK = path.join(REPO, "target/www-bench");

// Marks this benchmark's Chromium processes (to read their memory in /proc).
const BENCH_TAG = "--chatmedic-bench";

const ARGS = [
  BENCH_TAG,
  ...CHROMIUM_BASE_ARGS,
  "--disable-dev-shm-usage",
  "--enable-precise-memory-info",
  "--js-flags=--expose-gc",
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
];

const MB = 1e6;
const MiB = 1024 * 1024;
const min = (xs) => Math.min(...xs);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function har(name, bytes, bodyBytes) {
  const file = path.join(WORK, `${name}.har`);
  if (!fs.existsSync(file) || Math.abs(fs.statSync(file).size - bytes) > 2 * MiB) {
    const tail = scenario("har_anthropic_api_529_overloaded").entries;
    generateHar(file, { bytes, tail, bodyBytes });
  }
  return file;
}

/** The pids of this Chromium's renderer processes (the page and its workers run in one): the
 *  descendants of the browser process launched with BENCH_TAG. */
function renderers() {
  const procs = [];
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const ppid = fs
        .readFileSync(`/proc/${pid}/stat`, "utf8")
        .replace(/^.*\) /, "")
        .split(" ")[1];
      procs.push({ pid, ppid, cmd });
    } catch {
      // the process ended
    }
  }
  const ours = new Set(procs.filter((p) => p.cmd.includes(BENCH_TAG) && !p.cmd.includes("--type=")).map((p) => p.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!ours.has(p.pid) && ours.has(p.ppid)) {
        ours.add(p.pid);
        grew = true;
      }
    }
  }
  return procs.filter((p) => ours.has(p.pid) && p.cmd.includes("--type=renderer")).map((p) => p.pid);
}

function status(pid, field) {
  const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Runs `fn` and returns [its result, the peak resident memory it added to the renderers]:
 *  the kernel's high-water mark (VmHWM), reset before the run (clear_refs 5). */
async function peakOf(page, fn) {
  await page.evaluate(() => window.collect());
  const pids = renderers();
  let base = 0;
  for (const pid of pids) {
    try {
      fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
    } catch {
      // not allowed (not root): the peak is then the process's lifetime peak
    }
    base += status(pid, "VmRSS");
  }
  const result = await fn();
  let peak = 0;
  for (const pid of pids) peak += status(pid, "VmHWM");
  return [result, Math.max(0, peak - base)];
}

async function harBench(browser, server, file, label, expect, withJson = true) {
  const page = await browser.newPage();
  await page.goto(`${server.url}bench/bench.html`);
  await page.setInputFiles("#file", file);
  const size = fs.statSync(file).size;
  const r = { read: [], wasm: [], json: [], sanitize: [], startup: [] };
  const load0 = os.loadavg()[0];
  // Interleaved, so background load on the machine falls on both routes alike.
  for (let i = 0; i < RUNS; i++) {
    r.startup.push(await page.evaluate(() => window.runOnce("startup")));
    r.read.push(await page.evaluate(() => window.runOnce("read")));
    await page.evaluate(() => window.runOnce("warm"));
    const [w, wRss] = await peakOf(page, () => page.evaluate(() => window.runOnce("wasm")));
    r.wasm.push({ ...w, rss: wRss });
    if (withJson) {
      const [j, jRss] = await peakOf(page, () => page.evaluate(() => window.runOnce("json")));
      r.json.push({ ...j, rss: jRss });
    } else {
      r.json.push({ ms: NaN, rss: NaN, heapBytes: NaN, entries: r.wasm[0].entries });
    }
  }
  const load1 = os.loadavg()[0];
  if (withJson) {
    for (let i = 0; i < Math.max(1, Math.floor(RUNS / 2)); i++)
      r.sanitize.push(await page.evaluate(() => window.runOnce("sanitize")));
  } else {
    r.sanitize.push({ ms: NaN });
  }
  await page.close();
  return {
    label,
    size,
    expect,
    load: `${load0.toFixed(2)}→${load1.toFixed(2)}`,
    wasmMs: median(r.wasm.map((x) => x.ms)),
    jsonMs: median(r.json.map((x) => x.ms)),
    wasmLinear: Math.max(...r.wasm.map((x) => x.wasmBytes)),
    wasmRss: median(r.wasm.map((x) => x.rss)),
    jsonRss: median(r.json.map((x) => x.rss)),
    jsonHeap: median(r.json.map((x) => x.heapBytes)),
    sanMs: min(r.sanitize.map((x) => x.ms)),
    startup: median(r.startup.map((x) => x.ms)),
    top: r.wasm[0].top,
    readMs: median(r.read.map((x) => x.ms)),
    parseMs: median(r.wasm.map((x) => x.wasmMs)),
    chunks: r.read[0].chunks,
    entries: r.wasm[0].entries,
    jsonEntries: r.json[0].entries,
  };
}

/** The same runs in headless Firefox, driven through geckodriver's WebDriver HTTP API
 *  (playwright-core drives no Firefox ESR): times only (Firefox's processes are not read). */
async function firefoxBench(server, files) {
  let ff;
  try {
    // No proxy: the page is served on loopback.
    ff = await launchFirefox({ proxyPort: 1, addons: [], prefs: { "network.proxy.type": 0 } });
  } catch (e) {
    console.error(`bench: Firefox not measured (${e.message})`);
    return [];
  }
  const out = [];
  try {
    await ff.session("POST", "/timeouts", { script: 600000 });
    const version = (await ff.exec("return navigator.userAgent")).match(/Firefox\/([\d.]+)/)?.[1] ?? "?";
    for (const [file, label, expect, withJson] of files) {
      await ff.goto(`${server.url}bench/bench.html`);
      const el = await ff.session("POST", "/element", { using: "css selector", value: "#file" });
      await ff.session("POST", `/element/${Object.values(el)[0]}/value`, { text: file });
      const run = (kind) =>
        ff.execAsync(
          "const done = arguments[arguments.length - 1];" +
            "window.runOnce(arguments[0]).then(done, (e) => done({ error: String(e) }));",
          kind,
        );
      const r = { wasm: [], json: [] };
      const load0 = os.loadavg()[0];
      for (let i = 0; i < RUNS; i++) {
        await run("warm");
        const w = await run("wasm");
        if (w.error) throw new Error(`${label}: ${w.error}`);
        r.wasm.push(w);
        if (withJson) {
          const j = await run("json");
          if (j.error) throw new Error(`${label}: ${j.error}`);
          r.json.push(j);
        }
      }
      const load1 = os.loadavg()[0];
      out.push({
        label,
        version,
        size: fs.statSync(file).size,
        expect,
        top: r.wasm[0].top,
        wasmMs: median(r.wasm.map((x) => x.ms)),
        jsonMs: withJson ? median(r.json.map((x) => x.ms)) : NaN,
        load: `${load0.toFixed(2)}→${load1.toFixed(2)}`,
      });
    }
  } finally {
    await ff.close();
  }
  return out;
}

async function firstCheck(browser, server, fake) {
  const times = [];
  const all = [];
  fake.control({});
  for (let i = 0; i < 5; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${server.url}?lang=en&statusBase=${fake.base}&probeBase=${fake.base}`);
    await page.waitForSelector("body[data-checks=done][data-status=done]", { timeout: 30000 });
    const t = await page.evaluate(() => window.chatmedic.timings);
    times.push(t.firstCheck);
    all.push(t.allDone);
    await ctx.close();
  }
  return { first: median(times), firstMax: Math.max(...times), all: median(all) };
}

/** A result's first five cells, the same in the Chromium and the Firefox table: the HAR, its
 *  size, the page's time and speed, JSON.parse's, and how many times faster the page was. */
function speedCells(r) {
  const timed = (ms) => `${ms.toFixed(0)} ms ${(r.size / MB / (ms / 1000)).toFixed(0)} MB/s`;
  return [
    r.label,
    `${(r.size / MB).toFixed(1)} MB`,
    timed(r.wasmMs),
    Number.isNaN(r.jsonMs) ? "not run" : timed(r.jsonMs),
    Number.isNaN(r.jsonMs) ? "—" : `${(r.jsonMs / r.wasmMs).toFixed(2)}x`,
  ];
}

function row(cols, widths) {
  return cols.map((c, i) => String(c).padEnd(widths[i])).join("  ");
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, "pkg/chatmedic_bg.wasm"))) {
    console.error(`bench: ${ROOT} has no built page (./build.sh first)`);
    process.exit(2);
  }
  fs.mkdirSync(WORK, { recursive: true });
  const a = har("a-100mib-bodies", 100 * MiB, 8192);
  const b = har("b-50mib-headers", 50 * MiB, 16);
  const server = await startServer({ root: ROOT, mounts: { "/bench/": HERE } });
  const fake = await startFakeServices();
  const browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
  const version = browser.version();
  const results = [];
  const runs = [
    [a, "A: 100 MiB, bodies", "server_overloaded"],
    [b, "B: 50 MiB, headers", "server_overloaded"],
  ];
  // The CLI bench's files, when it made them (./build.sh bench runs it first).
  for (const [name, label] of [
    ["mixed-150mb-seed1", "mixed 150 MB"],
    ["chat-chrome-150mb-seed1", "chat Chrome 150 MB"],
    ["chat-firefox-150mb-seed1", "chat Firefox 150 MB"],
    ["chat-chrome-600mb-seed1", "chat Chrome 600 MB"],
  ]) {
    const file = path.join(REPO, "target/bench", `${name}.har`);
    if (fs.existsSync(file)) runs.push([file, label, "gateway_error", !name.includes("600mb")]);
  }
  // --only REGEX: the runs whose label matches (a quicker look at one file).
  const only = new RegExp(arg("only", "."));
  for (const [file, label, expect, withJson] of runs.filter(([, label]) => only.test(label))) {
    results.push(await harBench(browser, server, file, label, expect, withJson));
  }
  const fc = await firstCheck(browser, server, fake);
  await browser.close();
  const firefox = await firefoxBench(
    server,
    runs.filter(([file, label]) => !file.includes("a-100mib") && !file.includes("b-50mib") && only.test(label)),
  );
  await server.close();
  await fake.close();

  console.log(
    `\nchatmedic help page, headless Chromium ${version}, ${RUNS} runs each, interleaved (median time, median peak memory)`,
  );
  const w = [20, 9, 16, 16, 7, 12, 13, 7, 10, 12];
  console.log(
    row(
      [
        "HAR",
        "size",
        "wasm in page",
        "JSON.parse",
        "speed",
        "wasm mem",
        "JSON.parse mem",
        "memory",
        "sanitize",
        "load avg",
      ],
      w,
    ),
  );
  for (const r of results) {
    console.log(
      row(
        [
          ...speedCells(r),
          `${(r.wasmRss / MiB).toFixed(0)} MiB`,
          Number.isNaN(r.jsonRss) ? "—" : `${(r.jsonRss / MiB).toFixed(0)} MiB`,
          Number.isNaN(r.jsonRss) ? "—" : `${((100 * r.wasmRss) / r.jsonRss).toFixed(0)}%`,
          Number.isNaN(r.sanMs) ? "—" : `${(r.size / MB / (r.sanMs / 1000)).toFixed(0)} MB/s`,
          r.load,
        ],
        w,
      ),
    );
  }
  console.log("  wasm in page: File.stream() chunks into the HarAnalyzer in a Web Worker started and warmed up");
  console.log('  beforehand (as the page does while the visitor reads; "worker start-up" below is that time);');
  console.log("  JSON.parse: file.text() + JSON.parse in the same page, on the same File.");
  console.log("  memory: peak resident memory the run added to the renderer process (VmHWM after clear_refs).");
  console.log(
    "  target: at least 1.5x JSON.parse on the chat-heavy files, 3x on the others; memory at most 64 MB above the idle page.",
  );
  console.log("  600 MB: the page only (file.text() of a file this size returns an empty string or fails).");
  for (const r of results) {
    console.log(
      `  ${r.label}: File.stream() alone ${r.readMs.toFixed(0)} ms (${r.chunks} chunks); inside wasm ${r.parseMs.toFixed(0)} ms` +
        ` (${(r.size / MB / (r.parseMs / 1000)).toFixed(0)} MB/s); wasm linear memory ${(r.wasmLinear / MiB).toFixed(1)} MiB;` +
        (Number.isNaN(r.jsonHeap) ? "" : ` JS heap growth of JSON.parse ${(r.jsonHeap / MiB).toFixed(0)} MiB;`) +
        ` worker start-up ${r.startup.toFixed(0)} ms`,
    );
  }
  for (const r of results) {
    if (r.top !== r.expect) console.log(`  WARNING ${r.label}: diagnosis ${r.top}, expected ${r.expect}`);
    if (r.entries !== r.jsonEntries) {
      console.log(
        `  note ${r.label}: HarAnalyzer.entriesSeen read before finish() says ${r.entries} of ${r.jsonEntries} entries (it lags)`,
      );
    }
  }
  if (firefox.length) {
    console.log(
      `\nthe same in headless Firefox ${firefox[0].version} (geckodriver), ${RUNS} runs each, interleaved (median time)`,
    );
    const wf = [20, 9, 16, 16, 7, 22, 12];
    console.log(row(["HAR", "size", "wasm in page", "JSON.parse", "speed", "verdict, top cause", "load avg"], wf));
    for (const r of firefox) {
      console.log(row([...speedCells(r), r.top === r.expect ? r.top : `${r.top} (expected ${r.expect})`, r.load], wf));
    }
  }
  console.log(
    `\nfirst check result after load: ${fc.first.toFixed(0)} ms median of 5 (max ${fc.firstMax.toFixed(0)} ms; target < 1000 ms)`,
  );
  console.log(`every check and status page done: ${fc.all.toFixed(0)} ms median`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
