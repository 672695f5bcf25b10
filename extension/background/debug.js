// The test hooks: `globalThis.chatmedicDebug` in the background, for the e2e tests and
// `./build.sh bench`. Reachable only from the extension's own contexts (a page cannot name the
// worker's globals).
import { engine } from "../lib/engine.js";
import "../lib/facts.js";
import * as bisect from "./bisect.js";
import { failDiagnoses, pendingDiagnoses, refresh } from "./diagnosis.js";
import { addObservation, onContentObserved, startedCount } from "./intake.js";
import { backlogLength, enqueue, loadStats, MAX_BACKLOG } from "./queue.js";
import { clearStatusCache } from "./status.js";
import { loadTab, MAX_TAB_BYTES, MAX_TABS, sizeOf, tabs, writing } from "./tabs.js";

const { LIMITS } = globalThis.chatmedicProtocol;

/** Sets `globalThis.chatmedicDebug`. */
export function installDebugHooks() {
  globalThis.chatmedicDebug = {
    engine,
    tabs,
    /** Shortens the bisect's waits (tests/e2e/fixes.test.mjs). */
    bisectTimings: (overrides) => bisect.setTimings(overrides),
    /** Makes every diagnosis of `tabId` fail as an engine panic would (null: none). */
    failDiagnoses,
    async ingestMany(tabId, observations) {
      const t0 = performance.now();
      const w = await engine;
      for (const o of observations) await enqueue(() => addObservation(tabId, o, w.failureOf(o)));
      const st = await loadTab(tabId);
      await enqueue(() => refresh(tabId));
      await writing.get(`tab:${tabId}`)?.promise;
      return { ms: performance.now() - t0, kept: st.observations.length, verdict: st.report?.verdict };
    },
    clearStatusCache,
    async flush() {
      await enqueue(() => undefined);
      await Promise.all([...writing.values()].map((w) => w.promise));
    },
    /** Hands `message` to the content-observation path as if the relay of `tab` had sent it. */
    observeFromPage(tab, message) {
      return enqueue(() => onContentObserved(message, { tab }), "drop");
    },
    /** The bounds, and how the queue and the tab state stand against them (tests/e2e/load). */
    stats() {
      let observations = 0;
      let bytes = 0;
      for (const st of tabs.values()) {
        observations += st.observations.length;
        for (const o of st.observations) bytes += sizeOf(o);
      }
      return {
        limits: { MAX_BACKLOG, MAX_TABS, MAX_TAB_BYTES, MAX_TAB_OBSERVATIONS: LIMITS.MAX_TAB_OBSERVATIONS },
        ...loadStats,
        backlog: backlogLength(),
        tabs: tabs.size,
        observations,
        bytes,
        timers: pendingDiagnoses(),
        writing: writing.size,
        started: startedCount(),
      };
    },
  };
}
