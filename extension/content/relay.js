// The ISOLATED-world relay: takes the page hook's MessageChannel port (handed over synchronously
// at document_start, before page scripts run) and forwards what the hook observed to the
// background, after checking it. Whatever arrives may still be forged (MDN: MAIN-world code "can
// be detected and interfered with"), so every message is rate-limited, shape-checked and
// size-bounded here, and checked again in Rust by the background. window.postMessage is not
// listened to at all: a page posting messages reaches nothing.
(() => {
  "use strict";
  const { MSG, LIMITS, PAGE_KINDS } = globalThis.chatmedicProtocol;
  const ext = globalThis.browser ?? globalThis.chrome;
  const { HOOK_READY_EVENT: HOOK_READY, RELAY_READY_EVENT: RELAY_READY } = LIMITS;
  // The header-name rule the engine's page gate checks too.
  const HEADER_NAME = new RegExp(LIMITS.HEADER_NAME_PATTERN);

  // Token bucket: PAGE_RATE_PER_SECOND in the long run, PAGE_BURST at once. Checked first, so a
  // flood costs one comparison per message.
  let tokens = LIMITS.PAGE_BURST;
  let last = performance.now();
  let dropped = 0;
  function allow() {
    const t = performance.now();
    tokens = Math.min(LIMITS.PAGE_BURST, tokens + ((t - last) / 1000) * LIMITS.PAGE_RATE_PER_SECOND);
    last = t;
    if (tokens < 1) {
      dropped++;
      return false;
    }
    tokens -= 1;
    return true;
  }

  const str = (v, max) => typeof v === "string" && v.length <= max;
  const optStr = (v, max) => v === undefined || str(v, max);
  const num = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0;
  const optNum = (v) => v === undefined || num(v);
  const plain = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

  function validHeaders(h) {
    if (h === undefined) return true;
    if (!plain(h)) return false;
    const keys = Object.keys(h);
    return (
      keys.length <= LIMITS.MAX_HEADERS && keys.every((k) => HEADER_NAME.test(k) && str(h[k], LIMITS.MAX_HEADER_VALUE))
    );
  }

  // The fields each kind may carry. What is forwarded is a new object of these alone, so nothing
  // else a page put in (extra keys, nesting, "__proto__") leaves this world.
  const FIELDS = {
    http: ["url", "method", "status", "headers", "body", "streamTail", "time"],
    streamAbort: ["url", "bytesReceived", "msSinceStart", "error", "time"],
    wsClose: ["url", "code", "reason", "wasClean", "opened", "msOpen", "msSinceMessage", "time"],
    pageMessage: ["text", "url", "time"],
  };
  function pick(o) {
    const out = { kind: o.kind };
    for (const k of FIELDS[o.kind]) {
      if (o[k] === undefined) continue;
      if (k !== "headers") out[k] = o[k];
      else {
        out.headers = {};
        for (const name of Object.keys(o.headers)) out.headers[name] = o.headers[name];
      }
    }
    return out;
  }

  /** Whether `o` has the shape of an observation a page may report. */
  function valid(o) {
    if (!plain(o) || !PAGE_KINDS.includes(o.kind) || !optNum(o.time)) return false;
    switch (o.kind) {
      case "http":
        return (
          str(o.url, LIMITS.MAX_URL) &&
          optStr(o.method, 16) &&
          Number.isInteger(o.status) &&
          o.status >= 100 &&
          o.status <= 599 &&
          validHeaders(o.headers) &&
          optStr(o.body, LIMITS.MAX_BODY_EXCERPT) &&
          optStr(o.streamTail, LIMITS.MAX_BODY_EXCERPT)
        );
      case "streamAbort":
        return (
          str(o.url, LIMITS.MAX_URL) &&
          num(o.bytesReceived) &&
          num(o.msSinceStart) &&
          str(o.error, LIMITS.MAX_PAGE_STREAM_ERROR)
        );
      case "wsClose":
        return (
          str(o.url, LIMITS.MAX_URL) &&
          Number.isInteger(o.code) &&
          o.code >= 1000 &&
          o.code <= 4999 &&
          str(o.reason, LIMITS.MAX_PAGE_CLOSE_REASON) &&
          typeof o.wasClean === "boolean" &&
          typeof o.opened === "boolean" &&
          num(o.msOpen) &&
          // A message comes after the open: the time since the last one is at most the time open.
          (o.msSinceMessage === undefined || (num(o.msSinceMessage) && o.msSinceMessage <= o.msOpen))
        );
      case "pageMessage":
        return str(o.text, LIMITS.MAX_TEXT) && o.text.trim() !== "" && optStr(o.url, LIMITS.MAX_URL);
      default:
        return false;
    }
  }

  /** Checks and forwards one observation; false when it was refused. */
  function forward(observation) {
    if (!allow() || !valid(observation)) return false;
    let json;
    try {
      json = JSON.stringify(pick(observation));
    } catch {
      return false;
    }
    if (json.length > LIMITS.MAX_PAGE_MESSAGE_BYTES) return false;
    // A fresh copy in this world: nothing of the page's object graph travels on.
    ext.runtime.sendMessage({ type: MSG.CS_BG_OBSERVED, observation: JSON.parse(json) }).catch(() => {});
    return true;
  }

  let port = null;
  function take(event) {
    const offered = event.ports?.[0];
    if (port || !offered) return;
    port = offered;
    // Tells the hook, synchronously, that the port is taken: it never offers it again.
    event.preventDefault();
    window.removeEventListener(HOOK_READY, take, true);
    port.onmessage = (e) => {
      const d = e.data;
      if (d && typeof d === "object" && d.source === LIMITS.PAGE_SOURCE && d.type === MSG.PAGE_CS_OBSERVED) {
        forward(d.observation);
      }
    };
    port.postMessage("hello");
  }
  window.addEventListener(HOOK_READY, take, true);
  // A hook that ran before this script hands its port over now.
  window.dispatchEvent(new Event(RELAY_READY));

  globalThis.chatmedicContent = { forward, stats: () => ({ dropped, connected: port !== null }) };
})();
