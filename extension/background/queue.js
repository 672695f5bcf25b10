// One queue for everything that touches tab state: jobs run one at a time in the order they
// came, after the engine is ready, and a failing job never stops the next. It is bounded: a
// page failing faster than the worker takes it in (10,000 failures a minute on a slow machine)
// must not pile work up in memory, so past MAX_BACKLOG waiting jobs a new observation
// ("drop" lane) is dropped and counted; the tab's buffer keeps only the newest anyway. The
// popup's question ("first" lane) goes ahead of waiting observations, so a flood never keeps
// it waiting. Tab lifecycle jobs are never dropped and keep their order.
import { engine } from "../lib/engine.js";

export const MAX_BACKLOG = 1000;
const backlog = [];
const ahead = [];
let draining = false;

/** How the queue has fared: jobs run, observations dropped, the longest backlog seen. */
export const loadStats = { dropped: 0, maxBacklog: 0, jobs: 0 };

/** The number of jobs waiting in the normal lanes. */
export function backlogLength() {
  return backlog.length;
}

/**
 * Runs `work` after every job queued before it (the "first" lane goes before the others);
 * resolves to its result. A "drop" job past the bound is not run and resolves to undefined.
 */
export function enqueue(work, lane = "normal") {
  if (lane === "drop" && backlog.length >= MAX_BACKLOG) {
    loadStats.dropped++;
    return Promise.resolve(undefined);
  }
  const done = new Promise((resolve, reject) => {
    (lane === "first" ? ahead : backlog).push({ work, resolve, reject });
  });
  // Callers that do not wait for the job must not see an unhandled rejection (it is logged).
  done.catch(() => {});
  if (backlog.length > loadStats.maxBacklog) loadStats.maxBacklog = backlog.length;
  if (!draining) drain();
  return done;
}

async function drain() {
  draining = true;
  try {
    await engine;
  } catch {
    // Each job meets the engine's failure itself.
  }
  while (ahead.length || backlog.length) {
    const job = ahead.length ? ahead.shift() : backlog.shift();
    loadStats.jobs++;
    try {
      job.resolve(await job.work());
    } catch (e) {
      console.warn("chatmedic:", e);
      job.reject(e);
    }
  }
  draining = false;
}
