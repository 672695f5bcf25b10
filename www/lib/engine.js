// Loads the chatmedic wasm engine once, from the package next to this page (or widget), behind
// the panic guard shared with the extension (build.sh copies extension/lib/guard.js to
// lib/shared/): a bug in the engine throws an EngineError with a clear message, the engine
// restarts with fresh memory, and the page keeps working. On the help page the failure is also
// said in the page itself (a widget's host page is left alone: the widget says it in its box).

import init, * as chatmedic from "../pkg/chatmedic.js";
import { guardEngine } from "./shared/guard.js";
import { loadI18n, pickLang } from "./shared/i18n.js";

let ready = null;

/** Resolves to the engine's exports, guarded, once the module is compiled and instantiated. */
export function engine() {
  if (!ready) {
    ready = init({ module_or_path: new URL("../pkg/chatmedic_bg.wasm", import.meta.url) }).then(() =>
      guardEngine(chatmedic, { onFailure: showFailure }),
    );
  }
  return ready;
}

/** On the help page (it has the `needs-js` slot): one alert under the intro, updated in place. */
async function showFailure(error) {
  console.error("chatmedic:", error);
  const anchor = document.getElementById("needs-js");
  if (!anchor) return;
  let note = document.querySelector("[data-chatmedic-engine-error]");
  if (!note) {
    note = document.createElement("p");
    note.setAttribute("role", "alert");
    note.setAttribute("data-chatmedic-engine-error", "");
    note.className = "engine-error";
    anchor.after(note);
  }
  const i18n = await loadI18n(pickLang(document.documentElement.lang), new URL("../", import.meta.url));
  note.textContent = i18n.t("web_engine_failed", { error: error.message });
}
