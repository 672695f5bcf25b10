// The MAIN-world hook: notices what webRequest cannot see, a streamed reply that breaks mid-way,
// an error inside a 200 stream, an error body, a WebSocket that closes abnormally or never
// opens, an EventSource that fails. It must be invisible to the page:
// - fetch, WebSocket and EventSource are replaced by Proxies of the originals, so name, length,
//   prototype, constants, `instanceof` and subclassing behave as before; `constructor` on the
//   prototypes points at the replacement and Function.prototype.toString reports them native;
// - an event stream is never copied: the hook looks at the chunks as the page itself reads them
//   (the reader's read, async iteration, pipeTo/pipeThrough and text()/arrayBuffer() are
//   Proxies that pass every result through unchanged), so the body keeps the browser's fast
//   path and a stream the page cancels is cancelled; only an error body (small) is read
//   through Response.clone();
// - sockets are watched with extra listeners, which a page cannot enumerate;
// - it talks to the ISOLATED relay through a MessageChannel handed over synchronously at
//   document_start, before any page script runs, so no page listener sees a message.
// Everything it calls is captured before page scripts run, so a page patching a built-in later
// changes nothing here. No global is left behind.
(() => {
  "use strict";
  const G = globalThis;
  const { apply, construct } = Reflect;
  const gOPD = Object.getOwnPropertyDescriptor;
  const defineProperty = Object.defineProperty;
  // A script that ran before the hook (another extension's) may have frozen a prototype or
  // locked a global: the hook then leaves that one alone rather than throw where the page sees.
  const define = (obj, key, d) => {
    try {
      defineProperty(obj, key, d);
      return true;
    } catch {
      return false;
    }
  };
  const getter = (proto, name) => gOPD(proto, name)?.get;
  const ProxyCtor = Proxy;
  const WeakMapCtor = WeakMap;
  const wmGet = WeakMap.prototype.get;
  const wmSet = WeakMap.prototype.set;
  const then = Promise.prototype.then;
  const fnToString = Function.prototype.toString;
  const addListener = EventTarget.prototype.addEventListener;
  const removeListener = EventTarget.prototype.removeEventListener;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const MessageChannelCtor = MessageChannel;
  const MessageEventCtor = MessageEvent;
  const portPost = MessagePort.prototype.postMessage;
  const dateNow = Date.now;
  const FunctionCall = Function.prototype.call;
  const StringCtor = String;
  const max = Math.max;
  const perf = G.performance;
  const perfNow = Performance.prototype.now;
  const stringIndexOf = String.prototype.indexOf;
  const stringSlice = String.prototype.slice;
  const stringToLower = String.prototype.toLowerCase;
  const stringSplit = String.prototype.split;
  const reTest = RegExp.prototype.test;
  const RegExpCtor = RegExp;
  const charCodeAt = String.prototype.charCodeAt;
  const URLCtor = URL;
  const urlHost = getter(URL.prototype, "hostname");
  const TextDecoderCtor = TextDecoder;
  const decode = TextDecoder.prototype.decode;
  const Uint8ArrayCtor = Uint8Array;
  const typedSet = Object.getPrototypeOf(Uint8Array.prototype).set;
  const typedLength = getter(Object.getPrototypeOf(Uint8Array.prototype), "byteLength");
  const location = G.location;
  const pageHost = location.hostname;

  const nativeFetch = G.fetch;
  const NativeWebSocket = G.WebSocket;
  const NativeEventSource = G.EventSource;
  const resClone = Response.prototype.clone;
  const resStatus = getter(Response.prototype, "status");
  const resType = getter(Response.prototype, "type");
  const resUrl = getter(Response.prototype, "url");
  const resHeaders = getter(Response.prototype, "headers");
  const resBody = getter(Response.prototype, "body");
  const headersGet = Headers.prototype.get;
  const headersForEach = Headers.prototype.forEach;
  const getReader = ReadableStream.prototype.getReader;
  const readerRead = ReadableStreamDefaultReader.prototype.read;
  const readerCancel = ReadableStreamDefaultReader.prototype.cancel;

  // The facts shared with the relay and the engine, written in by the build from the Rust crate
  // (`chatmedic facts --hook`): the message's source and type, the two event names, the response
  // headers the engine keeps and the limits the relay and the engine check. A plain literal in
  // the shipped file, so nothing is read from (or left in) the page's world.
  const FACTS = /* chatmedic:hook-facts */ null;
  const {
    source: SOURCE,
    type: TYPE,
    hookReady: HOOK_READY,
    relayReady: RELAY_READY,
    keptHeaders: KEPT,
    keptHeaderPrefixes: KEPT_PREFIXES,
    headerNamePattern,
    maxHeaders: MAX_HEADERS,
    maxHeaderValue: MAX_HEADER_VALUE,
    maxUrl: MAX_URL,
    maxBodyExcerpt: EXCERPT,
    maxStreamError: MAX_STREAM_ERROR,
    maxCloseReason: MAX_CLOSE_REASON,
  } = FACTS;
  const HEADER_NAME = new RegExpCtor(headerNamePattern);
  // How much of an event stream's end is scanned for an error event (the hook's own tuning).
  const TAIL = 8192;

  const now = () => apply(dateNow, Date, []);
  const clock = () => apply(perfNow, perf, []);
  const lower = (s) => apply(stringToLower, s, []);
  // Cuts to at most n bytes of UTF-8, as the engine counts (the relay counts UTF-16 units, never
  // more than the bytes), without splitting a surrogate pair.
  function cut(s, n) {
    if (s.length * 3 <= n) return s;
    let bytes = 0;
    let i = 0;
    for (; i < s.length; i++) {
      const c = apply(charCodeAt, s, [i]);
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length;
      const next = pair ? apply(charCodeAt, s, [i + 1]) : 0;
      const astral = pair && next >= 0xdc00 && next <= 0xdfff;
      const size = c < 0x80 ? 1 : c < 0x800 ? 2 : astral ? 4 : 3;
      if (bytes + size > n) break;
      bytes += size;
      if (astral) i++;
    }
    return i >= s.length ? s : apply(stringSlice, s, [0, i]);
  }

  // The channel to the relay; observations wait (a few) until the relay has taken the port.
  const channel = new MessageChannelCtor();
  let connected = false;
  let offered = 0;
  const waiting = [];
  addListenerSafe(channel.port1, "message", () => {
    connected = true;
    for (let i = 0; i < waiting.length; i++) apply(portPost, channel.port1, [waiting[i]]);
    waiting.length = 0;
  });
  channel.port1.start();

  function addListenerSafe(target, type, fn, capture) {
    apply(addListener, target, [type, fn, capture === true]);
  }

  // The relay takes the port inside the dispatch and says so by cancelling the event; from then
  // on the port is never offered again, so a page sending its own relay-ready (before the
  // relay's first message has arrived) gets nothing.
  let taken = false;
  function offerPort() {
    if (taken || connected || offered >= 2) return;
    offered++;
    const event = new MessageEventCtor(HOOK_READY, { data: SOURCE, ports: [channel.port2], cancelable: true });
    if (!apply(dispatch, G, [event])) {
      taken = true;
      apply(removeListener, G, [RELAY_READY, onRelayReady, true]);
    }
  }

  function onRelayReady() {
    apply(removeListener, G, [RELAY_READY, onRelayReady, true]);
    offerPort();
  }
  // If the relay runs after this script it announces itself; if before, it is listening now.
  addListenerSafe(G, RELAY_READY, onRelayReady, true);
  offerPort();

  function post(observation) {
    const message = { source: SOURCE, type: TYPE, observation };
    if (connected) apply(portPost, channel.port1, [message]);
    else if (waiting.length < 20) waiting[waiting.length] = message;
  }

  let unloading = false;
  addListenerSafe(G, "pagehide", () => {
    unloading = true;
  });
  addListenerSafe(G, "pageshow", () => {
    unloading = false;
  });

  // Only the page's own site is of interest (its hosts share the last two labels); anything
  // else is third-party and not chatmedic's business.
  const siteOf = (host) => {
    const parts = apply(stringSplit, host, ["."]);
    return parts.length <= 2 ? host : `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
  };
  const pageSite = siteOf(pageHost);
  function sameSite(url) {
    try {
      const host = apply(urlHost, new URLCtor(url), []);
      return host === pageHost || siteOf(host) === pageSite;
    } catch {
      return false;
    }
  }

  // Masks the replacements' source text: Function.prototype.toString answers for them what it
  // answered for the originals, and for itself what the original toString said.
  const masks = new WeakMapCtor();
  const toStringProxy = new ProxyCtor(fnToString, {
    apply(target, thisArg, args) {
      const masked = apply(wmGet, masks, [thisArg]);
      return masked !== undefined ? masked : apply(target, thisArg, args);
    },
  });
  apply(wmSet, masks, [toStringProxy, apply(fnToString, fnToString, [])]);
  // The property's attributes stay (writable, configurable, not enumerable).
  define(Function.prototype, "toString", { ...gOPD(Function.prototype, "toString"), value: toStringProxy });

  function replace(name, original, replacement) {
    apply(wmSet, masks, [replacement, apply(fnToString, original, [])]);
    if (!define(G, name, { ...gOPD(G, name), value: replacement })) return;
    const proto = original.prototype;
    const d = proto && gOPD(proto, "constructor");
    if (d && d.value === original) define(proto, "constructor", { ...d, value: replacement });
  }

  function concat(chunks, total) {
    const out = new Uint8ArrayCtor(total);
    let at = 0;
    for (let i = 0; i < chunks.length; i++) {
      apply(typedSet, out, [chunks[i], at]);
      at += apply(typedLength, chunks[i], []);
    }
    return out;
  }

  // Whether the engine keeps a response header: its names and its prefix families (the
  // rate-limit headers that say when a limit resets).
  function kept(name) {
    for (let i = 0; i < KEPT.length; i++) if (KEPT[i] === name) return true;
    for (let i = 0; i < KEPT_PREFIXES.length; i++) {
      if (apply(stringIndexOf, name, [KEPT_PREFIXES[i]]) === 0) return true;
    }
    return false;
  }

  // The response headers the engine keeps, at most MAX_HEADERS of them, with the content type
  // as the hook read it. Each is defined as an own property, so a setter a page put on
  // Object.prototype never sees a value (and the descriptor inherits nothing a page added).
  // A name the relay would refuse is left out, so one odd header costs only itself.
  function keptHeaders(headers, contentType) {
    const out = {};
    let count = 0;
    const keep = (name, value) => {
      if (count >= MAX_HEADERS) return;
      count++;
      define(out, name, {
        __proto__: null,
        value: cut(value, MAX_HEADER_VALUE),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    };
    keep("content-type", contentType);
    apply(headersForEach, headers, [
      (value, name) => {
        if (name !== "content-type" && kept(name) && apply(reTest, HEADER_NAME, [name])) keep(name, value);
      },
    ]);
    return out;
  }

  // Reads the first EXCERPT bytes of an error response's copy, then lets the copy go.
  function readErrorBody(copy, url, status, headers, contentType) {
    const reader = apply(getReader, apply(resBody, copy, []), []);
    const chunks = [];
    let total = 0;
    const step = (r) => {
      if (!r.done) {
        chunks[chunks.length] = r.value;
        total += apply(typedLength, r.value, []);
        if (total < EXCERPT) return apply(then, apply(readerRead, reader, []), [step, done]);
        apply(then, apply(readerCancel, reader, []), [undefined, () => {}]);
      }
      const text = apply(decode, new TextDecoderCtor(), [concat(chunks, total)]);
      post({
        kind: "http",
        url: cut(url, MAX_URL),
        method: "",
        status,
        headers: keptHeaders(headers, contentType),
        body: cut(text, EXCERPT),
        time: now(),
      });
      return undefined;
    };
    const done = () => undefined;
    apply(then, apply(readerRead, reader, []), [step, done]);
  }

  // An SSE event that reports an error: `event: error` (Anthropic), `event: message_limit`
  // with exceeded_limit (Claude), or a data payload whose top level carries "error". Reply text
  // is JSON-escaped inside data, so its quotes are preceded by a backslash and do not match.
  const ERROR_EVENT =
    /^event:\s*(error|message_limit)\b|(^|[^\\])"type"\s*:\s*"(error|exceeded_limit)"|(^|[^\\])"error"\s*:\s*[{"]/m;
  const isView = ArrayBuffer.isView;
  const ArrayBufferCtor = ArrayBuffer;
  const bufferLength = getter(ArrayBuffer.prototype, "byteLength");

  // Watched event streams: the body stream (and streams piped from it), its readers and
  // iterators, and the Response, each mapped to the one record of what was seen.
  const streams = new WeakMapCtor();
  const readers = new WeakMapCtor();
  const iterators = new WeakMapCtor();
  const responses = new WeakMapCtor();

  // Only the end of a stream is scanned, once, when it ends: error events come last. While it
  // flows, a chunk costs a few field writes: the newest chunks are kept by reference in a fixed
  // ring (no copy, no allocation), older ones are let go as soon as the newer ones hold TAIL
  // bytes, so what is kept stays under TAIL plus one chunk however big the chunks are. Tiny
  // chunks (token by token) fill the ring before they add up to TAIL: the ring is then folded
  // into one string of its last TAIL bytes, at most once every RING - 1 chunks.
  const RING = 16;
  // Called once a chunk: without building an argument array each time.
  const viewLength = FunctionCall.bind(typedLength);
  function seen(info, value) {
    let size;
    if (typeof value === "string") size = value.length;
    else if (isView(value)) size = viewLength(value);
    else return;
    info.bytes += size;
    if (info.live === RING) fold(info);
    const at = info.count % RING;
    info.ring[at] = value;
    info.sizes[at] = size;
    info.count++;
    info.live++;
    info.kept += size;
    // The oldest goes while the newer ones alone hold TAIL.
    while (info.live > 1) {
      const oldest = (info.count - info.live) % RING;
      const rest = info.kept - info.sizes[oldest];
      if (rest < TAIL) break;
      info.kept = rest;
      info.ring[oldest] = null;
      info.live--;
    }
  }

  // Replaces the kept chunks with one string, the text of their last TAIL bytes.
  function fold(info) {
    const text = tailText(info);
    for (let i = 0; i < RING; i++) info.ring[i] = null;
    const at = (info.count - 1) % RING;
    info.ring[at] = text;
    info.sizes[at] = text.length;
    info.live = 1;
    info.kept = text.length;
  }

  const typedProto = Object.getPrototypeOf(Uint8Array.prototype);
  const typedBuffer = getter(typedProto, "buffer");
  const typedOffset = getter(typedProto, "byteOffset");
  const streamOption = { stream: true };

  // The text of the last TAIL bytes of the kept chunks: only the newest chunks that hold them
  // are decoded, the first of them in part. A part may start inside a UTF-8 sequence; that
  // decodes to one U+FFFD, and what is looked for is ASCII.
  function tailText(info) {
    const ring = info.ring;
    const sizes = info.sizes;
    let first = info.count;
    let need = TAIL;
    while (first > info.count - info.live && need > 0) {
      first--;
      need -= sizes[first % RING];
    }
    const decoder = new TextDecoderCtor();
    let text = "";
    for (let i = first; i < info.count; i++) {
      let c = ring[i % RING];
      try {
        if (i === first && need < 0) {
          const n = sizes[i % RING] + need;
          if (typeof c === "string") c = apply(stringSlice, c, [-n]);
          // The last n bytes, by a view of the same memory (no copy, no species lookup).
          else c = new Uint8ArrayCtor(apply(typedBuffer, c, []), apply(typedOffset, c, []) + sizes[i % RING] - n, n);
        }
        text += typeof c === "string" ? c : apply(decode, decoder, [c, streamOption]);
      } catch {
        // A chunk whose buffer the page has since transferred: the others are still read.
      }
    }
    return text;
  }

  function finish(info) {
    if (info.done) return;
    info.done = true;
    const text = tailText(info);
    info.ring = null;
    info.sizes = null;
    const events = apply(stringSplit, text, ["\n\n"]);
    let found = "";
    for (let i = 0; i < events.length; i++) {
      if (apply(reTest, ERROR_EVENT, [events[i]])) found = events[i];
    }
    if (!found) return;
    post({
      kind: "http",
      url: cut(info.url, MAX_URL),
      method: "",
      status: info.status,
      headers: info.headers,
      streamTail: cut(found, EXCERPT),
      time: now(),
    });
  }

  function failed(info, error) {
    if (info.done) return;
    info.done = true;
    info.ring = null;
    info.sizes = null;
    const name = error && typeof error === "object" ? StringCtor(error.name) : "";
    // A broken connection surfaces as a TypeError in every engine (the Fetch standard's network error); an
    // AbortError is the page or the user stopping it, anything else the page's own doing.
    if (name !== "TypeError" || unloading) return;
    post({
      kind: "streamAbort",
      url: cut(info.url, MAX_URL),
      bytesReceived: info.bytes,
      msSinceStart: max(0, clock() - info.t0),
      error: cut(`${name}: ${StringCtor(error.message)}`, MAX_STREAM_ERROR),
      time: now(),
    });
  }

  // The read path runs once per chunk: the reactions are made once per watched stream, and the
  // promise's `then` is called without building an argument array.
  const callThen = FunctionCall.bind(then);
  function chunkReactions(info) {
    return [
      (r) => {
        try {
          if (r.done) finish(info);
          else seen(info, r.value);
        } catch {
          // Observation must never break the page.
        }
        return r;
      },
      (error) => {
        try {
          failed(info, error);
        } catch {
          // Never break the page.
        }
        throw error;
      },
    ];
  }

  /** Passes a promise's outcome through unchanged, looking at it on the way. */
  function watch(promise, info, onValue) {
    return apply(then, promise, [
      (value) => {
        try {
          onValue(value);
        } catch {
          // Observation must never break the page.
        }
        return value;
      },
      (error) => {
        try {
          failed(info, error);
        } catch {
          // Never break the page.
        }
        throw error;
      },
    ]);
  }

  function hookMethod(proto, key, makeTrap) {
    const d = proto && gOPD(proto, key);
    if (!d || typeof d.value !== "function") return null;
    const original = d.value;
    const proxy = new ProxyCtor(original, { apply: makeTrap(original) });
    apply(wmSet, masks, [proxy, apply(fnToString, original, [])]);
    if (!define(proto, key, { ...d, value: proxy })) return null;
    return { original, proxy };
  }

  const RS = G.ReadableStream?.prototype;
  hookMethod(RS, "getReader", () => (target, thisArg, args) => {
    const reader = apply(target, thisArg, args);
    const info = apply(wmGet, streams, [thisArg]);
    if (info !== undefined) apply(wmSet, readers, [reader, info]);
    return reader;
  });
  const readersGet = FunctionCall.bind(wmGet, readers);
  hookMethod(G.ReadableStreamDefaultReader?.prototype, "read", () => (target, thisArg, args) => {
    const promise = apply(target, thisArg, args);
    const info = readersGet(thisArg);
    if (info === undefined || info.done) return promise;
    return callThen(promise, info.onChunk, info.onError);
  });
  hookMethod(RS, "pipeThrough", () => (target, thisArg, args) => {
    const out = apply(target, thisArg, args);
    const info = apply(wmGet, streams, [thisArg]);
    // The page reads what comes out (decoded text, parsed events): watch that instead.
    if (info !== undefined) apply(wmSet, streams, [out, info]);
    return out;
  });
  hookMethod(RS, "pipeTo", () => (target, thisArg, args) => {
    const promise = apply(target, thisArg, args);
    const info = apply(wmGet, streams, [thisArg]);
    if (info === undefined || info.done) return promise;
    return watch(promise, info, () => finish(info));
  });
  const values = hookMethod(RS, "values", () => (target, thisArg, args) => {
    const iterator = apply(target, thisArg, args);
    const info = apply(wmGet, streams, [thisArg]);
    if (info !== undefined) apply(wmSet, iterators, [iterator, info]);
    return iterator;
  });
  if (values && RS) {
    const d = gOPD(RS, Symbol.asyncIterator);
    // The spec makes @@asyncIterator the same function as values(); keep them the same.
    if (d && d.value === values.original) define(RS, Symbol.asyncIterator, { ...d, value: values.proxy });
    let iteratorProto = null;
    try {
      iteratorProto = Object.getPrototypeOf(apply(values.original, new G.ReadableStream(), []));
    } catch {
      // No async iteration in this browser.
    }
    const iteratorsGet = FunctionCall.bind(wmGet, iterators);
    hookMethod(iteratorProto, "next", () => (target, thisArg, args) => {
      const promise = apply(target, thisArg, args);
      const info = iteratorsGet(thisArg);
      if (info === undefined || info.done) return promise;
      return callThen(promise, info.onChunk, info.onError);
    });
  }
  for (const method of ["text", "arrayBuffer", "bytes", "blob", "json", "formData"]) {
    hookMethod(Response.prototype, method, () => (target, thisArg, args) => {
      const promise = apply(target, thisArg, args);
      const info = apply(wmGet, responses, [thisArg]);
      if (info === undefined || info.done) return promise;
      return watch(promise, info, (whole) => {
        if (typeof whole === "string") seen(info, apply(stringSlice, whole, [-TAIL]));
        else if (whole instanceof ArrayBufferCtor)
          seen(info, new Uint8ArrayCtor(whole, max(0, apply(bufferLength, whole, []) - TAIL)));
        else if (apply(isView, ArrayBufferCtor, [whole])) seen(info, whole);
        finish(info);
      });
    });
  }

  function inspect(res, t0) {
    const type = apply(resType, res, []);
    if (type === "opaque" || type === "opaqueredirect" || type === "error") return;
    const status = apply(resStatus, res, []);
    const url = apply(resUrl, res, []);
    if (!status || !sameSite(url)) return;
    const headers = apply(resHeaders, res, []);
    const contentType = lower(apply(headersGet, headers, ["content-type"]) || "");
    if (!apply(resBody, res, [])) return;
    if (status >= 400) {
      readErrorBody(apply(resClone, res, []), url, status, headers, contentType);
    } else if (
      apply(stringIndexOf, contentType, ["event-stream"]) >= 0 ||
      apply(stringIndexOf, contentType, ["ndjson"]) >= 0
    ) {
      // Every field is made here, own and filled (no holes): a write never reaches a setter a
      // page put on Object.prototype or Array.prototype.
      const info = {
        url,
        status,
        headers: keptHeaders(headers, contentType),
        t0,
        bytes: 0,
        done: false,
        ring: [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
        sizes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        count: 0,
        live: 0,
        kept: 0,
        onChunk: null,
        onError: null,
      };
      const reactions = chunkReactions(info);
      info.onChunk = reactions[0];
      info.onError = reactions[1];
      apply(wmSet, streams, [apply(resBody, res, []), info]);
      apply(wmSet, responses, [res, info]);
    }
  }

  if (typeof nativeFetch === "function") {
    const fetchProxy = new ProxyCtor(nativeFetch, {
      apply(target, thisArg, args) {
        // The original runs first, with the page's `this` and arguments, so its errors
        // (a bad URL, an illegal invocation) are exactly the page's.
        const promise = apply(target, thisArg, args);
        const t0 = clock();
        // A promise derived with one reaction: it settles with the same Response or the same
        // reason, and an unhandled rejection is still reported once, for the promise the page
        // holds.
        return apply(then, promise, [
          (res) => {
            try {
              inspect(res, t0);
            } catch {
              // Observation must never break the page.
            }
            return res;
          },
        ]);
      },
    });
    replace("fetch", nativeFetch, fetchProxy);
  }

  if (typeof NativeWebSocket === "function") {
    const wsUrl = getter(NativeWebSocket.prototype, "url");
    const closeCode = getter(CloseEvent.prototype, "code");
    const closeReason = getter(CloseEvent.prototype, "reason");
    const closeClean = getter(CloseEvent.prototype, "wasClean");
    const watchSocket = (ws) => {
      const url = apply(wsUrl, ws, []);
      if (!sameSite(apply(stringIndexOf, url, ["ws"]) === 0 ? `http${apply(stringSlice, url, [2])}` : url)) return;
      let openedAt = -1;
      // When the last message came in: a close right after one cut a reply in progress, a close
      // long after it (or with none) dropped an idle socket. A passive listener the page cannot
      // see; it reads nothing of the message.
      let messageAt = -1;
      addListenerSafe(ws, "open", () => {
        openedAt = clock();
      });
      addListenerSafe(ws, "message", () => {
        messageAt = clock();
      });
      addListenerSafe(ws, "close", (event) => {
        const code = apply(closeCode, event, []);
        const clean = apply(closeClean, event, []);
        // 1000 is a normal close, 1005 a clean close the page asked for without a code.
        if (code === 1000 || (clean && code === 1005) || unloading) return;
        const t = clock();
        const report = {
          kind: "wsClose",
          url: cut(url, MAX_URL),
          code: code >= 1000 && code <= 4999 ? code : 1006,
          reason: cut(apply(closeReason, event, []), MAX_CLOSE_REASON),
          wasClean: clean,
          opened: openedAt >= 0,
          msOpen: openedAt >= 0 ? max(0, t - openedAt) : 0,
          time: now(),
        };
        if (messageAt >= 0) report.msSinceMessage = max(0, t - messageAt);
        post(report);
      });
    };
    const wsProxy = new ProxyCtor(NativeWebSocket, {
      construct(target, args, newTarget) {
        const ws = construct(target, args, newTarget);
        try {
          watchSocket(ws);
        } catch {
          // Never break the page.
        }
        return ws;
      },
    });
    replace("WebSocket", NativeWebSocket, wsProxy);
  }

  if (typeof NativeEventSource === "function") {
    const esUrl = getter(NativeEventSource.prototype, "url");
    const esState = getter(NativeEventSource.prototype, "readyState");
    const watchSource = (es) => {
      const url = apply(esUrl, es, []);
      if (!sameSite(url)) return;
      const t0 = clock();
      let opened = false;
      let reported = false;
      addListenerSafe(es, "open", () => {
        opened = true;
        reported = false;
      });
      addListenerSafe(es, "error", () => {
        if (reported || unloading) return;
        reported = true;
        const state = apply(esState, es, []);
        post({
          kind: "streamAbort",
          url: cut(url, MAX_URL),
          bytesReceived: 0,
          msSinceStart: max(0, clock() - t0),
          error:
            "EventSource error (" +
            (opened ? "after open" : "never opened") +
            (state === 2 ? ", closed)" : ", reconnecting)"),
          time: now(),
        });
      });
    };
    const esProxy = new ProxyCtor(NativeEventSource, {
      construct(target, args, newTarget) {
        const es = construct(target, args, newTarget);
        try {
          watchSource(es);
        } catch {
          // Never break the page.
        }
        return es;
      },
    });
    replace("EventSource", NativeEventSource, esProxy);
  }
})();
