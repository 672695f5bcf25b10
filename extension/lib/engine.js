// Loads the wasm engine once per context (worker, popup, options). Everything that needs it
// awaits `engine`; callers never see a half-initialised module. Every export goes through the
// panic guard (lib/guard.js): a bug in the engine throws an EngineError with a clear message and
// the next call runs in a fresh instance, so `const w = await engine; w.diagnose(…)` keeps
// working after a failure.
import init, * as glue from "../pkg/chatmedic.js";
import { ext } from "./ext.js";
import "./facts.js";
import { guardEngine, EngineError } from "./guard.js";

export { EngineError };

// The languages of the engine's texts (render::Lang::ALL in Rust, through the generated facts).
const TEXT_LANGS = globalThis.chatmedicFacts.languages;

/**
 * The engine's texts. The extension's wasm module is built without them (a fifth of its size
 * gzipped, and a second copy of what _locales/ holds): it asks `globalThis.chatmedicText(lang,
 * key)` for each text it renders (src/web/texts.rs). This reads the three locale files the
 * extension ships and defines that function; it outlives any engine instance.
 */
async function loadTexts() {
  const files = await Promise.all(
    TEXT_LANGS.map(async (lang) => {
      try {
        const res = await fetch(ext.runtime.getURL(`_locales/${lang}/messages.json`));
        return [lang, await res.json()];
      } catch (e) {
        // Never the engine's end: its texts fall back to English, then to their keys.
        console.error(`chatmedic: cannot read the ${lang} texts:`, e);
        return [lang, {}];
      }
    }),
  );
  const texts = new Map(files);
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
