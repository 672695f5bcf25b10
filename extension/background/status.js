// The status cache: a service's status page, fetched only after a failed chat action, cached
// briefly (in storage.session, so a restarted worker does not fetch again), and never for a
// service whose feed is a link only.
import { ext } from "../lib/ext.js";
import { engine } from "../lib/engine.js";
import { enqueue } from "./queue.js";
import { tabs } from "./tabs.js";

const STATUS_TTL_MS = 2 * 60 * 1000;
const STATUS_TIMEOUT_MS = 5000;
const statusInFlight = new Map();
const statusCheckedAt = new Map();
let onStale = () => {};

/** Sets what is done with a tab whose report a newly stored status makes out of date. */
export function configureStatus({ stale }) {
  onStale = stale;
}

/** Fetches the status of `serviceId` unless it was fetched (or is being fetched) lately. */
export function maybeFetchStatus(serviceId) {
  if (statusInFlight.has(serviceId)) return statusInFlight.get(serviceId);
  // A worker that just fetched need not even look at the cache.
  if (Date.now() - (statusCheckedAt.get(serviceId) ?? 0) < STATUS_TTL_MS) return undefined;
  statusCheckedAt.set(serviceId, Date.now());
  const p = fetchStatus(serviceId).finally(() => statusInFlight.delete(serviceId));
  statusInFlight.set(serviceId, p);
  return p;
}

async function fetchStatus(serviceId) {
  const w = await engine;
  const service = w.catalog().services.find((s) => s.id === serviceId);
  if (!service?.statusApi || service.statusFormat === "link_only") return;
  const key = `status:${serviceId}`;
  const cached = (await ext.storage.session.get(key))[key];
  if (cached && Date.now() - cached.fetchedAt < STATUS_TTL_MS) return;
  // The engine fetches (the global fetch: it works in a worker) and reads the feed; a page it
  // cannot read comes back as "unreachable", which says nothing about the service.
  let observation;
  try {
    observation = (await w.fetchStatus(serviceId, undefined, STATUS_TIMEOUT_MS)).observation;
  } catch {
    observation = null;
  }
  observation ??= { kind: "status", service: serviceId, indicator: "unreachable", time: Date.now() };
  await ext.storage.session.set({ [key]: { fetchedAt: Date.now(), observation } });
  enqueue(async () => {
    for (const st of tabs.values()) {
      if (st.service !== serviceId && !statusServiceOf(st, serviceId)) continue;
      onStale(st);
    }
  });
}

// The APIs share their status page with the apps (OpenAI API with ChatGPT's page, …).
function statusServiceOf(st, serviceId) {
  return st.observations.some((o) => o.kind === "status" && o.service === serviceId);
}

/** The cached status observation of `serviceId`, as a list of zero or one. */
export async function statusObservations(serviceId) {
  if (!serviceId) return [];
  const key = `status:${serviceId}`;
  const cached = (await ext.storage.session.get(key))[key];
  return cached?.observation ? [cached.observation] : [];
}

/** Forgets every status fetched, in memory and in storage.session (for the e2e tests). */
export async function clearStatusCache() {
  statusCheckedAt.clear();
  const all = await ext.storage.session.get(null);
  await ext.storage.session.remove(Object.keys(all).filter((k) => k.startsWith("status:")));
}
