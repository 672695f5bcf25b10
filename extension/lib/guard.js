// Panic containment for the wasm engine, shared by the extension (lib/engine.js) and the help
// page (copied to dist/www/lib/shared/ by build.sh). No browser-extension API here.
//
// Release builds abort on panic: a bug in the engine ends in an `unreachable` trap (a
// WebAssembly.RuntimeError) and that instance must not run again. The Rust side (src/web/panic.rs)
// hands the panic's message to a listener registered here, before the trap. This wrapper turns
// the trap into an EngineError carrying that message, and swaps in a fresh instance (fresh
// memory) at once, while nothing else can run: `resetEngine()` marks the instance for
// replacement and the next glue call (`onPanic`, which also registers the listener in the new
// instance) replaces it. Async calls pending in the dead instance never settle by themselves:
// they are rejected with the same error.

/** A failure of the engine itself (a panic or a trap), not of the input it was given. */
export class EngineError extends Error {
  constructor(message, { cause, panic = false } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "EngineError";
    /** Whether the engine panicked (a bug in chatmedic), as opposed to another trap. */
    this.panic = panic;
  }
}

// Glue exports that are plumbing, not engine calls.
const PLUMBING = new Set(["default", "initSync", "start", "onPanic", "resetEngine"]);

function isClass(value) {
  return typeof value === "function" && /^class\b/.test(Function.prototype.toString.call(value));
}

/**
 * Wraps the exports of an initialised wasm-bindgen glue module (`import * as glue`): every
 * function, class constructor, method and getter. Returns an object with the same names, plus
 * `lastPanic()` (the last failure, `{message, at}` or null) and `failures` (how many so far).
 * `onFailure(error)` is called once per failure, after the fresh instance is in place.
 */
export function guardEngine(glue, { onFailure } = {}) {
  let panicMessage = null;
  let broken = false;
  let last = null;
  let failures = 0;
  const pending = new Set();

  // Called by the Rust panic hook, inside the panicking call: record only. An async export that
  // panicked inside a microtask has no caller to catch the trap: renew from a microtask.
  const listener = (message) => {
    panicMessage = String(message);
    broken = true;
    queueMicrotask(renew);
  };

  function renew(cause) {
    if (!broken) return null;
    broken = false;
    const panicked = panicMessage !== null;
    const message = panicked
      ? `chatmedic panicked: ${panicMessage}`
      : `the chatmedic engine stopped: ${cause?.message ?? cause ?? "unknown error"}`;
    panicMessage = null;
    const error = new EngineError(message, { cause, panic: panicked });
    last = { message, at: Date.now() };
    failures++;
    try {
      glue.resetEngine();
      glue.onPanic(listener);
    } catch (e) {
      console.error("chatmedic: the engine could not be restarted", e);
    }
    for (const p of pending) p.reject(error);
    pending.clear();
    try {
      onFailure?.(error);
    } catch (e) {
      console.error("chatmedic:", e);
    }
    return error;
  }

  // An exception out of a call: a trap (or a panic, which ends in one) becomes an EngineError;
  // anything else (bad input, thrown as a JS Error by the engine) is passed on as it is.
  function failure(e) {
    if (e instanceof WebAssembly.RuntimeError || broken) {
      broken = true;
      return renew(e) ?? new EngineError(String(e?.message ?? e), { cause: e });
    }
    return e;
  }

  function settle(promise) {
    return new Promise((resolve, reject) => {
      const entry = { reject };
      pending.add(entry);
      promise.then(
        (value) => {
          pending.delete(entry);
          resolve(value);
        },
        (e) => {
          pending.delete(entry);
          reject(failure(e));
        },
      );
    });
  }

  function call(fn, self, args) {
    let result;
    try {
      result = Reflect.apply(fn, self, args);
    } catch (e) {
      throw failure(e);
    }
    return result instanceof Promise ? settle(result) : result;
  }

  // A class's instances: methods and getters go through `call`; a stale instance (made before a
  // restart) throws the glue's own "stale object" error.
  function guardObject(target) {
    return new Proxy(target, {
      get(obj, prop) {
        const desc = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(obj), prop);
        if (desc?.get) return call(desc.get, obj, []);
        const value = Reflect.get(obj, prop, obj);
        return typeof value === "function" ? (...args) => call(value, obj, args) : value;
      },
    });
  }

  function guardClass(cls) {
    return new Proxy(cls, {
      construct(target, args) {
        return guardObject(call(() => Reflect.construct(target, args), null, []));
      },
    });
  }

  glue.onPanic(listener);
  const out = {};
  for (const [name, value] of Object.entries(glue)) {
    if (PLUMBING.has(name)) continue;
    if (isClass(value)) out[name] = guardClass(value);
    else if (typeof value === "function") out[name] = (...args) => call(value, null, args);
    else out[name] = value;
  }
  out.lastPanic = () => last;
  Object.defineProperty(out, "failures", { get: () => failures, enumerable: true });
  return Object.freeze(out);
}
