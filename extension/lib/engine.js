// Loads the wasm engine once per context (worker, popup, options). Everything that needs it
// awaits `engine`; callers never see a half-initialised module. Every export goes through the
// panic guard (lib/guard.js): a bug in the engine throws an EngineError with a clear message and
// the next call runs in a fresh instance, so `const w = await engine; w.diagnose(…)` keeps
// working after a failure.
import init, * as glue from "../pkg/chatmedic.js";
import { ext } from "./ext.js";
import "./facts.js";
import { EngineError, guardEngine } from "./guard.js";
import { LANGS, loadLocale } from "./i18n.js";

export { EngineError };

/**
 * The engine's texts. The extension's wasm module is built without them (a fifth of its size
 * gzipped, and a second copy of what _locales/ holds): it asks `globalThis.chatmedicText(lang,
 * key)` for each text it renders (src/web/texts.rs). This reads the locale files the extension
 * ships (lib/i18n.js: read once per context, shared with the page's own strings) and defines
 * that function; it outlives any engine instance. A file that cannot be read is empty: the
 * engine's texts then fall back to English, then to their keys.
 */
async function loadTexts() {
  const base = ext.runtime.getURL("");
  const texts = new Map(await Promise.all(LANGS.map(async (lang) => [lang, await loadLocale(base, lang)])));
  globalThis.chatmedicText = (lang, key) => {
    const file = texts.get(lang);
    return file && Object.hasOwn(file, key) ? file[key].message : undefined;
  };
}

/** The engine's exports, guarded, once instantiated and its texts loaded. */
export const engine = Promise.all([
  init({ module_or_path: ext.runtime.getURL("pkg/chatmedic_bg.wasm") }),
  loadTexts(),
]).then(() =>
  guardEngine(glue, {
    onFailure: (e) => console.error("chatmedic: the engine failed and was restarted:", e.message),
  }),
);
