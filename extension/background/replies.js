// The background's answers about tabs: to the popup, everything it shows for one tab (the
// report, the service, the fixes under way, the bisect, what the browser allows); to the help
// page, the redacted reports of the open chat tabs.
import { ext, flavor } from "../lib/ext.js";
import { engine } from "../lib/engine.js";
import * as quirks from "../lib/quirks.js";
import * as fixes from "./fixes.js";
import * as bisect from "./bisect.js";
import { loadAll, loadTab, tabs } from "./tabs.js";
import { currentReport } from "./diagnosis.js";

/** The popup's view of `tabId`. */
export async function tabReport(tabId) {
  const st = await loadTab(tabId);
  let url = st.url;
  try {
    url = (await ext.tabs.get(tabId)).url ?? url;
  } catch {
    // The popup may ask about a tab that is gone.
  }
  const w = await engine;
  const service = w.classifyUrl(url ?? "").service ?? st.service;
  if (!st.url && url) st.url = url;
  const report = await currentReport(st);
  const { disabledByUs = [] } = await ext.storage.local.get("disabledByUs");
  const bisectState = await bisect.stateFor(tabId);
  const serviceName = w.catalog().services.find((s) => s.id === service)?.name ?? null;
  return {
    tabId,
    service,
    serviceName,
    report,
    seq: st.seq,
    observations: st.observations.length,
    disabledByUs: disabledByUs.filter((d) => d.tabId === tabId).map(({ id, name }) => ({ id, name })),
    bisect: bisectState ?? undefined,
    bisectPlan: await bisectPlan(report),
    ...(await fixes.fixState(tabId)),
    flavor,
    canDisableExtensions: quirks.canDisableExtensions,
    canBisect: quirks.canBisect,
    knowsExtensions: await ext.permissions.contains({ permissions: ["management"] }),
    knowsProxy: flavor === "chrome" && (await ext.permissions.contains({ permissions: ["management", "proxy"] })),
  };
}

/** What a bisect of the top finding's suspects would turn off, and how many reloads it takes. */
async function bisectPlan(report) {
  const action = report?.findings?.[0]?.fixes?.find((f) => f.action?.type === "bisectExtensions")?.action;
  if (!action || !quirks.canBisect) return undefined;
  if (!(await ext.permissions.contains({ permissions: ["management"] }))) return undefined;
  const extensions = await bisect.candidates(action.ids);
  return extensions.length ? { extensions, reloads: bisect.plannedRounds(extensions.length) } : undefined;
}

/** The help page's view: the report of every tab with observations (redacted, nothing raw). */
export async function pageReports() {
  const out = [];
  // Every tab with observations, also those a restarted worker has not looked at yet.
  await loadAll();
  for (const st of tabs.values()) {
    if (!st.service || !st.observations.length) continue;
    const report = await currentReport(st);
    out.push({ service: st.service, report });
  }
  return { reports: out };
}
