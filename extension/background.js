// The background: Chrome's service worker, Firefox's background script (one ES module for both;
// the modules it wires are in background/). It is the only writer of state. It turns webRequest
// events and what the content scripts saw into observations (intake.js), keeps them per tab in
// bounded buffers in storage.session (tabs.js: the worker can be stopped at any time and must
// lose nothing), runs the wasm engine (diagnosis.js, status.js), badges the icon and shows the
// in-page notice (badge.js), answers the popup and the help page (routing.js, replies.js), and
// carries out the fixes the popup asks for (fixes.js, bisect.js).
//
// "Listeners must be registered synchronously at the top level, otherwise they won't be called in
// time when the service worker wakes up" (Ruffle's background.ts): every addListener runs in
// this file's first turn, before any await; the work they start waits for the engine through one
// queue (queue.js).
import { ext } from "./lib/ext.js";
import * as fixes from "./background/fixes.js";
import * as bisect from "./background/bisect.js";
import { enqueue } from "./background/queue.js";
import { forgetTab, loadAtStart, loadTab, onForget } from "./background/tabs.js";
import { forgetOptions, uiText } from "./background/settings.js";
import { forgetExtensions } from "./background/environment.js";
import { configureStatus } from "./background/status.js";
import * as diagnosis from "./background/diagnosis.js";
import * as intake from "./background/intake.js";
import { onExternalMessage, onMessage } from "./background/routing.js";
import { installDebugHooks } from "./background/debug.js";
import { engine } from "./lib/engine.js";

// How the modules tell each other: a forgotten tab has no diagnosis left to run; a new status
// makes the reports of its service's tabs out of date; fixes and the bisect name what they
// block, tell open popups, and make extension lists out of date.
onForget(diagnosis.forget);
configureStatus({ stale: diagnosis.invalidate });
fixes.configureFixes({
  bisect,
  notify: diagnosis.notifyPopups,
  onExtensionsChanged: forgetExtensions,
});
bisect.configureBisect({
  targets: blockedTargets,
  text: async (tabId) => {
    const { t } = await uiText();
    const st = await loadTab(tabId);
    const w = await engine;
    return { t, service: w.catalog().services.find((s) => s.id === st.service)?.name ?? "" };
  },
  notify: diagnosis.notifyPopups,
  onExtensionsChanged: forgetExtensions,
});

/** The requests (host and path) an extension blocked in the tab: what a bisect reproduces. */
async function blockedTargets(tabId) {
  const st = await loadTab(tabId);
  const keys = st.observations
    .filter((o) => o.kind === "netError" && /BLOCKED_BY_CLIENT/.test(o.error ?? ""))
    .map((o) => bisect.requestKey(o.url))
    .filter(Boolean);
  return [...new Set(keys)].slice(0, 8);
}

intake.listen();

ext.runtime.onMessage.addListener(onMessage);
ext.runtime.onMessageExternal?.addListener(onExternalMessage);

ext.tabs.onRemoved.addListener((tabId) => {
  enqueue(() => forgetTab(tabId));
});

ext.tabs.onUpdated.addListener((tabId, change, tab) => {
  // Without the "tabs" permission a URL is visible only on the services' hosts, so leaving for
  // another site is not seen here; a later chat success clears what is stale. (A URL hidden
  // while loading is no sign of leaving: a failed navigation's error page hides it too.)
  if (change.url) enqueue(() => intake.onNavigated(tabId, change.url));
  // Chrome resets a tab's badge when it navigates: set it again once the page is there.
  if (change.status === "complete") enqueue(() => diagnosis.refreshBadge(tabId, tab.url));
});

// Options and permissions change what a diagnosis can say (language, notice, the extension
// list): every report is made again.
ext.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && changes.options) {
    forgetOptions();
    diagnosis.invalidateAll();
  }
});
ext.permissions.onAdded.addListener(diagnosis.invalidateAll);
ext.permissions.onRemoved.addListener(diagnosis.invalidateAll);
// A permission granted while the popup that asked is gone (Firefox closes it for the prompt).
ext.permissions.onAdded.addListener(() => {
  fixes.onPermissionsAdded().catch((e) => console.warn("chatmedic: pending fix", e));
});

// A bisect whose worker is gone (stopped mid-round, or the browser closed) is undone at once:
// at browser start (this listener also wakes the worker then) and at every worker start.
ext.runtime.onStartup.addListener(() => {
  bisect.recover("browser").catch((e) => console.warn("chatmedic: bisect recovery", e));
});
bisect.recover("worker").catch((e) => console.warn("chatmedic: bisect recovery", e));

// Once per worker start: the state of tabs closed meanwhile goes, the rest is loaded.
enqueue(loadAtStart);

installDebugHooks();
