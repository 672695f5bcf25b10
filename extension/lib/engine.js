// Loads the wasm engine once per context (worker, popup, options). Everything that needs it
// awaits `engine`; callers never see a half-initialised module.
import init, * as wasm from "../pkg/chatmedic.js";
import { ext } from "./ext.js";

/** The engine's exports, once instantiated. */
export const engine = init({ module_or_path: ext.runtime.getURL("pkg/chatmedic_bg.wasm") }).then(
  () => wasm,
);
