// <chatmedic-check service="chatgpt" lang="de">: a small "is it me or the service?" check any
// help centre can embed with one script import. It renders in a Shadow DOM, loads the engine,
// its strings and its style from next to this file, and links to the full help page.
//
//   <script type="module" src="https://help.example/chatmedic/widget.js"></script>
//   <chatmedic-check service="claude" lang="ja"></chatmedic-check>

import { runChecks, runStatus, SERVICES } from "./lib/checks.js";
import { el } from "./lib/dom.js";
import { engine } from "./lib/engine.js";
import { loadI18n, pickLang } from "./lib/shared/i18n.js";

const BASE = new URL("./", import.meta.url);
const GLYPH = { pass: "✓", problem: "!", untested: "–", pending: "…" };

class ChatmedicCheck extends HTMLElement {
  static get observedAttributes() {
    return ["service", "lang"];
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.generation = 0;
  }

  connectedCallback() {
    this.run();
  }

  attributeChangedCallback(_name, before, after) {
    if (this.isConnected && before !== after) this.run();
  }

  get service() {
    const s = this.getAttribute("service");
    return SERVICES.some(([id]) => id === s) ? s : SERVICES[0][0];
  }

  /** A test-only base URL (status-base, probe-base), honoured on loopback only. */
  override(cm, name) {
    const v = this.getAttribute(name);
    return v && cm.isLoopbackBase(v) ? v.replace(/\/+$/, "") : null;
  }

  async run() {
    try {
      await this.check();
    } catch (e) {
      // The engine could not load here (offline, a policy, an old browser): said in the widget,
      // in the reader's language (the texts never fail to load: English, then the keys).
      console.warn("chatmedic: the check could not run", e);
      const lang = pickLang(this.getAttribute("lang"));
      const i18n = await loadI18n(lang, BASE);
      this.dataset.state = "error";
      this.root.replaceChildren(el("p", { lang, text: i18n.t("web_start_failed") }));
    }
  }

  async check() {
    const generation = ++this.generation;
    const service = this.service;
    const name = SERVICES.find(([id]) => id === service)[1];
    const lang = pickLang(this.getAttribute("lang"));
    const [cm, i18n] = await Promise.all([engine(), loadI18n(lang, BASE)]);
    if (generation !== this.generation) return;

    const style = el("link", { rel: "stylesheet", href: new URL("widget.css", BASE).href });
    const box = el("section", { class: "box", lang, "aria-label": i18n.t("web_widget_title", { service: name }) });
    const verdict = el("p", { class: "verdict checking", role: "status", text: i18n.t("web_widget_checking") });
    const statusLine = el(
      "p",
      { class: "status" },
      el("span", { class: "light", "aria-hidden": "true" }),
      el("span", { text: i18n.t("web_status_loading") }),
    );
    const details = el("div");
    const rows = el("ul", { "aria-label": i18n.t("web_checks_heading") });
    const help = new URL("index.html", BASE);
    help.searchParams.set("service", service);
    help.searchParams.set("lang", lang);
    const more = el("a", { href: help.href, target: "_blank", rel: "noopener", text: i18n.t("web_widget_more") });
    box.append(
      el("h2", { text: i18n.t("web_widget_title", { service: name }) }),
      statusLine,
      verdict,
      details,
      rows,
      el("p", { class: "muted" }, more),
    );
    this.root.replaceChildren(style, box);
    this.dataset.state = "running";

    const observations = [];
    const results = new Map();
    const config = { websocketUrl: null, thirdPartyOrigin: null, clockUrl: null, baitUrl: null };
    const showRows = () => {
      const items = [];
      for (const [check, out] of results) {
        for (const r of out.results) {
          const text =
            check === "reach"
              ? `${r.target}: ${i18n.t(`web_reach_${r.reason}`, { ms: r.ms ?? "" })}`
              : i18n.t(`web_check_${check}_${r.reason}`, {
                  value: r.value ?? "",
                  browser: r.value ?? "",
                  ms: r.ms ?? "",
                });
          items.push(
            el(
              "li",
              { "data-check": check },
              el("span", { class: r.outcome, "aria-hidden": "true", text: GLYPH[r.outcome] || "" }),
              el("span", { text }),
            ),
          );
        }
      }
      rows.replaceChildren(...items);
    };
    const checks = runChecks(
      cm,
      config,
      (check, out) => {
        observations.push(...out.observations);
        results.set(check, out);
        showRows();
      },
      {
        service,
        probeBase: this.override(cm, "probe-base"),
        skip: ["websocket", "clock", "thirdPartyCookies", "adblock"],
      },
    );
    let serviceTrouble = false;
    const status = runStatus(
      cm,
      (s) => {
        if (s.observation) observations.push(s.observation);
        serviceTrouble =
          !!s.observation && ["minor", "major", "critical", "maintenance"].includes(s.observation.indicator);
        const cls = s.state === "ok" && s.observation ? s.observation.indicator : s.state;
        statusLine.replaceChildren(
          el("span", { class: `light ${cls}`, "aria-hidden": "true" }),
          el("span", { text: `${name}: ${i18n.t(`web_status_${cls}`)}` }),
        );
        const inc = s.observation && (s.observation.incidents || [])[0];
        if (inc) statusLine.append(el("span", { class: "muted", text: `— ${inc.name}` }));
      },
      { service, statusBase: this.override(cm, "status-base") },
    );
    await Promise.all([checks, status]);
    if (generation !== this.generation) return;

    const report = cm.diagnose(observations, lang);
    verdict.className = `verdict ${report.verdict}`;
    verdict.textContent = i18n.t(`verdict_${report.verdict}`);
    const top = report.findings[0];
    details.replaceChildren();
    if (top) {
      details.append(el("p", { class: "finding", text: top.title }));
      const fix = top.fixes[0];
      if (fix) details.append(el("p", { class: "fix", text: `${i18n.t("label_fixes")}: ${fix.title}` }));
    } else if (serviceTrouble) {
      // Nothing failed here, but the service says it has trouble: that is the answer to give.
      verdict.className = "verdict not_you";
      verdict.textContent = i18n.t("verdict_not_you");
      details.append(el("p", { class: "finding", text: i18n.t("web_widget_service_problem", { service: name }) }));
    }
    this.report = report;
    this.dataset.state = "done";
    this.dataset.verdict = report.verdict;
    this.dispatchEvent(new CustomEvent("chatmedic-report", { detail: report, bubbles: true, composed: true }));
  }
}

if (!customElements.get("chatmedic-check")) customElements.define("chatmedic-check", ChatmedicCheck);
