// Options: which services to watch, the in-page notice, the language. Saved as soon as changed.
import { engine } from "../lib/engine.js";
import { languageChoices } from "../lib/i18n.js";
import { getOptions, loadUiI18n, setOptions } from "../lib/options.js";

const $ = (id) => document.getElementById(id);

async function main() {
  const [w, opts] = await Promise.all([engine, getOptions()]);
  const i18n = await loadUiI18n(opts.lang);
  document.documentElement.lang = i18n.lang;
  const { t } = i18n;
  i18n.apply(document);

  const list = $("services");
  for (const s of w.catalog().services) {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = `svc-${s.id}`;
    box.value = s.id;
    box.checked = !opts.disabledServices.includes(s.id);
    const label = document.createElement("label");
    label.htmlFor = box.id;
    label.textContent = ` ${s.name}`;
    const li = document.createElement("li");
    li.append(box, label);
    list.append(li);
  }
  $("notice").checked = opts.notice;
  // Each language in its own name, after "Browser language".
  for (const { code, name } of languageChoices()) {
    const option = document.createElement("option");
    option.value = code;
    option.lang = code;
    option.textContent = name;
    $("lang").append(option);
  }
  $("lang").value = opts.lang;

  const saved = () => {
    $("saved").textContent = t("options_saved");
  };
  list.addEventListener("change", async () => {
    const disabledServices = [...list.querySelectorAll("input")].filter((b) => !b.checked).map((b) => b.value);
    await setOptions({ disabledServices });
    saved();
  });
  $("notice").addEventListener("change", async (e) => {
    await setOptions({ notice: e.target.checked });
    saved();
  });
  $("lang").addEventListener("change", async (e) => {
    await setOptions({ lang: e.target.value });
    // Re-render this page in the new language.
    location.reload();
  });
}

main();
