// A blocker built at test time from uBlock Origin Lite's real rulesets (../shared/corpus/
// ubol-rulesets/, read where they lie, never copied into the repository): an MV3 extension in a
// temporary folder whose manifest lists the six rulesets uBO Lite enables by default, with the
// permissions of uBO Lite's "optimal" mode (host access, so its redirect rules apply) and empty
// stand-ins for its redirect resources. The regex rules that go with those lists are added at
// run time as dynamic rules, each after Chromium says it supports its regex, as uBO Lite does:
// a static ruleset with one regex Chromium refuses keeps the whole extension from loading.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./chromium.mjs";

export const RULESETS = join(ROOT, "..", "shared", "corpus", "ubol-rulesets");
/** The rulesets uBO Lite enables by default (its README and manifest). */
export const DEFAULT_RULESETS = ["ublock-filters", "easylist", "easyprivacy", "pgl", "ublock-badware", "urlhaus-full"];
/** The name chatmedic must show for it. */
export const UBOL_NAME = "uBO Lite rulesets (test copy)";

/**
 * Builds the blocker; returns {dir, rulesets: [{id, file, rules}], regexRules, remove}. Throws when a
 * ruleset is missing or empty: the tests that use it fail rather than pass on nothing.
 */
export function buildUbolBlocker() {
  const rulesets = [];
  const regexRules = [];
  for (const name of DEFAULT_RULESETS) {
    const file = join(RULESETS, "main", `${name}.json`);
    if (!existsSync(file))
      throw new Error(`uBO Lite's ruleset ${file} is missing: these tests need ../shared/corpus/ubol-rulesets/`);
    const rules = JSON.parse(readFileSync(file, "utf8"));
    if (!Array.isArray(rules) || rules.length === 0) throw new Error(`uBO Lite's ruleset ${file} has no rules`);
    rulesets.push({ id: name, file, rules: rules.length });
    const regex = join(RULESETS, "regex", `${name}.json`);
    if (existsSync(regex)) {
      for (const rule of JSON.parse(readFileSync(regex, "utf8")))
        regexRules.push({ ...rule, id: regexRules.length + 1 });
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "chatmedic-ubol-"));
  mkdirSync(join(dir, "rulesets"));
  const redirects = new Set();
  for (const r of rulesets) {
    cpSync(r.file, join(dir, "rulesets", `${r.id}.json`));
    for (const m of readFileSync(r.file, "utf8").matchAll(/"extensionPath":"([^"]+)"/g)) redirects.add(m[1]);
  }
  // uBO Lite's redirect targets are neutered scripts, blank images and the like; empty files
  // stand in for them (a redirected request then succeeds, as with uBO Lite).
  mkdirSync(join(dir, "web_accessible_resources"));
  for (const path of redirects) writeFileSync(join(dir, path), "");
  // A worker, for the tests to add dynamic rules through (uBO Lite adds its own the same way).
  writeFileSync(join(dir, "worker.js"), "// Test-only: the tests call chrome.declarativeNetRequest from here.\n");
  const manifest = {
    manifest_version: 3,
    name: UBOL_NAME,
    description: "Test-only: uBlock Origin Lite's default declarativeNetRequest rulesets, unchanged.",
    version: "1.0",
    permissions: ["declarativeNetRequest", "declarativeNetRequestFeedback"],
    host_permissions: ["<all_urls>"],
    background: { service_worker: "worker.js" },
    declarative_net_request: {
      rule_resources: rulesets.map((r) => ({ id: r.id, enabled: true, path: `rulesets/${r.id}.json` })),
    },
    web_accessible_resources: [{ resources: [...redirects], matches: ["<all_urls>"], use_dynamic_url: true }],
  };
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return { dir, rulesets, regexRules, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Ids from here on are free for a test's own dynamic rules. */
export const OWN_RULE_IDS = 100000;

/**
 * Adds the regex rules as dynamic rules through the blocker's `worker`, those whose regex
 * Chromium supports; returns {added, refused}.
 */
export async function addRegexRules(worker, rules) {
  return worker.evaluate(async (all) => {
    const dnr = chrome.declarativeNetRequest;
    const supported = [];
    let refused = 0;
    for (const rule of all) {
      const c = rule.condition;
      const { isSupported } = await dnr.isRegexSupported({
        regex: c.regexFilter,
        isCaseSensitive: c.isUrlFilterCaseSensitive ?? false,
      });
      if (isSupported) supported.push(rule);
      else refused++;
    }
    const old = (await dnr.getDynamicRules()).map((r) => r.id);
    try {
      await dnr.updateDynamicRules({ removeRuleIds: old, addRules: supported });
      return { added: supported.length, refused };
    } catch {
      // One rule Chromium refuses for another reason fails the batch: add them one at a time.
      let added = 0;
      for (const rule of supported) {
        try {
          await dnr.updateDynamicRules({ addRules: [rule] });
          added++;
        } catch {
          refused++;
        }
      }
      return { added, refused };
    }
  }, rules);
}
