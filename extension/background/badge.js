// The badge and the notice: what a tab's report shows on the toolbar icon (a coloured "!" and
// a title naming the verdict and the top finding) and in the page (the in-page notice, sent to
// the tab's content script when the top finding changes).
import { ext } from "../lib/ext.js";
import { verdictKey } from "../lib/i18n.js";
import "../lib/facts.js";

const { MSG } = globalThis.chatmedicProtocol;
const BADGE_COLORS = {
  not_you: "#b3261e",
  your_browser: "#7b1fa2",
  your_network: "#0b57d0",
  your_account: "#b06000",
  unclear: "#5f6368",
};

/** Sets the badge and title of `tabId` from `report`, texts from `t`. */
export async function setBadge(tabId, report, t) {
  try {
    if (report.verdict === "all_clear") {
      await ext.action.setBadgeText({ tabId, text: "" });
      await ext.action.setTitle({ tabId, title: t("extName") });
      return;
    }
    const top = report.findings[0];
    await ext.action.setBadgeText({ tabId, text: "!" });
    await ext.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLORS[report.verdict] ?? BADGE_COLORS.unclear });
    ext.action.setBadgeTextColor?.({ tabId, color: "#ffffff" });
    const title = `${t(verdictKey(report.verdict))}: ${top?.title ?? ""}`;
    await ext.action.setTitle({ tabId, title });
  } catch {
    // The tab is gone.
  }
}

/**
 * Shows the in-page notice of tab state `st` for `report` (if the options allow it), or hides
 * it when nothing fails; sends nothing when the top finding is the one already shown.
 */
export async function updateNotice(st, report, t, opts) {
  const failing = report.verdict !== "all_clear" && report.findings.length > 0;
  const key = failing ? `${report.verdict}|${report.findings[0].cause}|${report.lang}` : "";
  if (key === st.noticeKey) return;
  st.noticeKey = key;
  try {
    if (failing && opts.notice) {
      await ext.tabs.sendMessage(st.tabId, {
        type: MSG.BG_CS_SHOW_NOTICE,
        verdict: report.verdict,
        label: t(verdictKey(report.verdict)),
        title: report.findings[0].title,
        details: t("notice_details"),
        dismiss: t("notice_dismiss"),
      });
    } else {
      await ext.tabs.sendMessage(st.tabId, { type: MSG.BG_CS_HIDE_NOTICE });
    }
  } catch {
    // No content script in that tab (not a chat page, or still loading).
  }
}
