// The message protocol's JS mirror of src/message.rs (type strings, limits, page kinds).
// A classic script, not a module: content scripts cannot import, so it sets one global in the
// world that loads it (the ISOLATED world, a worker or an extension page, never the page's).
// tests/protocol.rs checks these values against the Rust definitions.
((root) => {
  "use strict";
  const MSG = Object.freeze({
    PAGE_CS_OBSERVED: "page-cs/observed",
    CS_BG_OBSERVED: "cs-bg/observed",
    BG_CS_SHOW_NOTICE: "bg-cs/show-notice",
    BG_CS_HIDE_NOTICE: "bg-cs/hide-notice",
    BG_CS_SHOW_TASK: "bg-cs/show-task",
    BG_CS_HIDE_TASK: "bg-cs/hide-task",
    CS_BG_OPEN_DETAILS: "cs-bg/open-details",
    UI_BG_GET_REPORT: "ui-bg/get-report",
    UI_BG_CLEAR: "ui-bg/clear",
    UI_BG_ACT: "ui-bg/act",
    UI_BG_RE_ENABLE: "ui-bg/re-enable",
    UI_BG_CHECKED: "ui-bg/checked",
    UI_BG_PERMISSION: "ui-bg/permission",
    UI_BG_CANCEL_BISECT: "ui-bg/cancel-bisect",
    UI_BG_DISMISS_BISECT: "ui-bg/dismiss-bisect",
    BG_UI_REPORT_CHANGED: "bg-ui/report-changed",
    WEB_BG_GET_REPORTS: "web-bg/get-reports",
  });
  const LIMITS = Object.freeze({
    PAGE_SOURCE: "chatmedic-page",
    MAX_PAGE_MESSAGE_BYTES: 16384,
    PAGE_RATE_PER_SECOND: 20,
    PAGE_BURST: 40,
    MAX_TAB_OBSERVATIONS: 200,
  });
  const PAGE_KINDS = Object.freeze(["http", "streamAbort", "wsClose", "pageMessage"]);
  root.chatmedicProtocol = Object.freeze({ MSG, LIMITS, PAGE_KINDS });
})(globalThis);
