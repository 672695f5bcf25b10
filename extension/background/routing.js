// Message routing: which sender may send which message (content scripts, the extension's own
// pages, the help page), and which module answers it. Unknown types and wrong senders get no
// reply.
import { ext } from "../lib/ext.js";
import * as quirks from "../lib/quirks.js";
import "../lib/facts.js";
import * as bisect from "./bisect.js";
import { scheduleDiagnose } from "./diagnosis.js";
import * as fixes from "./fixes.js";
import { onChecked, onContentObserved } from "./intake.js";
import { enqueue } from "./queue.js";
import { pageReports, tabReport } from "./replies.js";
import { forgetTab } from "./tabs.js";

const { MSG } = globalThis.chatmedicProtocol;
const UI_PREFIX = ext.runtime.getURL("");

function senderKind(sender) {
  if (sender.id !== ext.runtime.id) return "foreign";
  if (sender.url?.startsWith(UI_PREFIX) && !sender.tab?.url?.startsWith("http")) return "ui";
  if (sender.tab && sender.tab.id >= 0) return "content";
  if (sender.url?.startsWith(UI_PREFIX)) return "ui";
  return "foreign";
}

/**
 * runtime.onMessage: a plain function returning true for an asynchronous reply (MDN: "Do not
 * prepend async").
 */
export function onMessage(message, sender, sendResponse) {
  if (!message || typeof message !== "object" || typeof message.type !== "string") return false;
  const kind = senderKind(sender);
  let work;
  switch (message.type) {
    case MSG.CS_BG_OBSERVED:
      if (kind !== "content") return false;
      work = enqueue(() => onContentObserved(message, sender), "drop");
      break;
    case MSG.CS_BG_OPEN_DETAILS:
      if (kind !== "content") return false;
      work = quirks.openDetails(sender.tab.id).then(() => ({ ok: true }));
      break;
    case MSG.UI_BG_GET_REPORT:
      if (kind !== "ui") return false;
      if (!Number.isInteger(message.tabId) || message.tabId < 0) {
        sendResponse({ ok: false, error: "no such tab" });
        return false;
      }
      work = enqueue(() => tabReport(message.tabId), "first");
      break;
    case MSG.UI_BG_CLEAR:
      if (kind !== "ui") return false;
      work = enqueue(async () => {
        await forgetTab(Number(message.tabId));
        scheduleDiagnose(Number(message.tabId));
        return { ok: true };
      });
      break;
    case MSG.UI_BG_ACT:
      if (kind !== "ui") return false;
      work = fixes.act(Number(message.tabId), message.action);
      break;
    case MSG.UI_BG_PERMISSION:
      if (kind !== "ui") return false;
      work = fixes.onPermissionMessage(message);
      break;
    case MSG.UI_BG_CANCEL_BISECT:
      if (kind !== "ui") return false;
      work = bisect.cancel();
      break;
    case MSG.UI_BG_DISMISS_BISECT:
      if (kind !== "ui") return false;
      work = bisect.dismiss();
      break;
    case MSG.UI_BG_CHECKED:
      if (kind !== "ui") return false;
      work = enqueue(() => onChecked(message));
      break;
    case MSG.UI_BG_RE_ENABLE:
      if (kind !== "ui") return false;
      work = fixes.reEnable(Number(message.tabId), message.id);
      break;
    default:
      return false;
  }
  work.then(sendResponse, (e) => sendResponse({ ok: false, error: String(e?.message ?? e) }));
  return true;
}

/**
 * runtime.onMessageExternal: the help page (an origin allow-listed in externally_connectable)
 * may ask, with its user's consent, for the diagnoses of the open chat tabs.
 */
export function onExternalMessage(message, sender, sendResponse) {
  if (!message || message.type !== MSG.WEB_BG_GET_REPORTS) return false;
  // Web pages only: Firefox delivers any other extension's messages here too.
  if (sender.id !== undefined && sender.id !== ext.runtime.id) return false;
  enqueue(pageReports).then(sendResponse, () => sendResponse({ reports: [] }));
  return true;
}
