// Loads the chatmedic wasm engine once, from the package next to this page (or widget).

import init, * as chatmedic from '../pkg/chatmedic.js';

let ready = null;

/** Resolves to the engine's exports once the module is compiled and instantiated. */
export function engine() {
  if (!ready) {
    ready = init({ module_or_path: new URL('../pkg/chatmedic_bg.wasm', import.meta.url) }).then(() => chatmedic);
  }
  return ready;
}
