// Each service's failed send, end to end in Chromium with the built extension: for every
// scenario folder marked `"e2e": true` (tests/scenarios/<case>/expected.json), the fake service
// answers the send on the service's real chat host with the scenario's recorded answer to its
// chat turn, and the popup must name the scenario's top cause and the service. The services
// and their chat endpoints come from the catalogue the extension was built from, so a service
// added with such a scenario is tested here without this file changing.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openPopup, ROOT, startChatAndChromium, stopChatAndChromium, swEval, tabId } from "./lib/chromium.mjs";
import { CATALOG_CHATS } from "./lib/fake-chat.mjs";
import { popupState, shot, until } from "./lib/util.mjs";

const SCENARIOS = join(ROOT, "tests", "scenarios");

/** The marked scenarios: {name, service, expected, reply} with the chat turn's recorded answer. */
function cases() {
  const out = [];
  for (const name of readdirSync(SCENARIOS).sort()) {
    const file = join(SCENARIOS, name, "expected.json");
    if (!existsSync(file)) continue;
    const expected = JSON.parse(readFileSync(file, "utf8"));
    if (!expected.e2e) continue;
    const service = CATALOG_CHATS.find((s) => s.id === expected.service);
    assert.ok(service, `${name}: ${expected.service} is not a chat service of the built catalogue`);
    const observations = JSON.parse(readFileSync(join(SCENARIOS, name, "observations.json"), "utf8"));
    const turn = observations.findLast(
      (o) =>
        o.kind === "http" &&
        new URL(o.url).hostname === service.chatUrl.hostname &&
        new URL(o.url).pathname === service.chatUrl.pathname,
    );
    assert.ok(turn, `${name}: no answer to ${service.chatUrl} in its observations`);
    out.push({
      name,
      service,
      expected,
      reply: { path: service.chatUrl.pathname, status: turn.status, headers: turn.headers, body: turn.body },
    });
  }
  return out;
}

const CASES = cases();

let server;
let browser;

before(async () => ({ server, browser } = await startChatAndChromium()));
after(() => stopChatAndChromium(server, browser));

test("there are cases to replay, each on a chat service of the built catalogue", () => {
  // An empty list means the catalogue was not built (run ./build.sh) or no case is marked.
  assert.ok(CATALOG_CHATS.length > 0, "no catalogue: run ./build.sh first");
  assert.ok(CASES.length > 0, "no scenario is marked e2e");
  console.log(`    replayed: ${CASES.map((c) => `${c.name} (${c.service.name})`).join(", ")}`);
});

for (const c of CASES) {
  test(`${c.service.name}: ${c.name} shows ${c.expected.topCause}`, { timeout: 90000 }, async () => {
    server.reset();
    await swEval(browser, () => globalThis.chatmedicDebug.clearStatusCache());
    server.state.replies[c.service.chatUrl.hostname] = c.reply;
    const page = await browser.context.newPage();
    const url = `https://${c.service.chatUrl.hostname}/?case=${c.name}`;
    await page.goto(url);
    const tab = await until(() => tabId(browser, page.url()), { what: "the chat tab" });
    const sent = await page.evaluate(() => chat.send());
    assert.equal(sent.status, c.reply.status, "the page's send got the recorded answer");
    assert.ok(server.state.requests.includes(`POST ${c.service.chatUrl.hostname}${c.reply.path}`));
    const popup = await openPopup(browser, tab);
    await until(async () => (await popupState(popup)).cause === c.expected.topCause, {
      what: `the popup's ${c.expected.topCause}`,
    });
    const s = await popupState(popup);
    assert.equal(s.verdict, c.expected.verdict);
    assert.ok(
      s.headline.includes(c.service.name) || s.explanation.includes(c.service.name),
      `names ${c.service.name}: ${s.headline}`,
    );
    for (const fix of c.expected.fixes) assert.ok(s.fixes.includes(fix), `${fix} in ${s.fixes}`);
    await shot(popup, `popup-${c.name}`);
    await popup.close();
    await page.close();
  });
}
