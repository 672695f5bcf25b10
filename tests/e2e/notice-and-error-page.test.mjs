// Two things the page shows, end to end in Chromium: the in-page notice never covers the chat's
// input or send button (composer bottom-centre and bottom-right, at 1000×700 and 1280×800), and
// a chat tab whose page is itself an error (nginx's 400 "Request Header Or Cookie Too Large")
// is diagnosed from that page.

import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { chatmedicWorker, launchChromium, openPopup, swEval, tabId, waitForVerdict } from "./lib/chromium.mjs";
import { startFakeChat } from "./lib/fake-chat.mjs";
import { grantedCopy, popupState, reportOf, shot, until } from "./lib/util.mjs";

let server;
let browser;

before(async () => {
  server = await startFakeChat();
  // Granted, so that the clear-cookies fix acts without a prompt nobody can answer headless.
  browser = await launchChromium({ port: server.port, extensions: [grantedCopy()] });
  browser.sw = await chatmedicWorker(browser.context);
  browser.extensionId = new URL(browser.sw.url()).host;
});

after(async () => {
  setTimeout(() => process.exit(), 20000).unref();
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  server.reset();
  await swEval(browser, () => globalThis.chatmedicDebug.clearStatusCache());
});

async function closeAll(...pages) {
  for (const p of pages) {
    let timer;
    await Promise.race([p?.close().catch(() => {}), new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
  }
}

/**
 * The notice's box as laid out: it lives in a closed shadow root, out of the page's and
 * Playwright's reach, so it is found through the DevTools protocol (which sees through it).
 */
async function noticeBox(page) {
  const cdp = await browser.context.newCDPSession(page);
  try {
    const { root } = await cdp.send("DOM.getDocument", { depth: -1, pierce: true });
    const find = (node, test) => {
      if (test(node)) return node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
        const hit = find(child, test);
        if (hit) return hit;
      }
      return null;
    };
    const host = find(root, (n) =>
      n.attributes?.some((a, i) => a === "data-chatmedic" && n.attributes[i + 1] === "notice"),
    );
    assert.ok(host, "the notice is in the page");
    const box = find(host.shadowRoots?.[0] ?? {}, (n) =>
      n.attributes?.some((a, i) => a === "class" && n.attributes[i + 1] === "box"),
    );
    assert.ok(box, "the notice's box");
    const { object } = await cdp.send("DOM.resolveNode", { nodeId: box.nodeId });
    const { result } = await cdp.send("Runtime.callFunctionOn", {
      objectId: object.objectId,
      functionDeclaration:
        "function () { const r = this.getBoundingClientRect(); return JSON.stringify({ left: r.left, top: r.top, right: r.right, bottom: r.bottom }); }",
      returnByValue: true,
    });
    return JSON.parse(result.value);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

const intersects = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

for (const layout of ["centre", "right"]) {
  for (const [width, height] of [
    [1000, 700],
    [1280, 800],
  ]) {
    test(`the notice keeps clear of the composer (bottom-${layout}, ${width}×${height})`, {
      timeout: 60000,
    }, async () => {
      server.state.site = layout;
      server.state.chat["chatgpt.com"] = "error500";
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height });
      await page.goto(`https://chatgpt.com/c/notice-${layout}-${width}`);
      await page.waitForFunction(() => window.site);
      assert.equal((await page.evaluate(() => site.send())).status, 500);
      const notice = page.locator('[data-chatmedic="notice"]');
      await notice.waitFor({ state: "attached", timeout: 10000 });
      // The chat's own error shows after the failure: the notice places itself again then.
      await page.locator(".toast").waitFor();
      await page.waitForTimeout(400);
      const box = await noticeBox(page);
      const field = await page.locator("#prompt").boundingBox();
      const send = await page.locator("#send").boundingBox();
      const rect = (b) => ({ left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height });
      const where = await notice.getAttribute("data-placed");
      const info = JSON.stringify({ where, box, field: rect(field), send: rect(send) });
      assert.ok(box.right - box.left > 100 && box.bottom - box.top > 20, `the notice is shown: ${info}`);
      assert.ok(!intersects(box, rect(field)), `the notice covers the input: ${info}`);
      assert.ok(!intersects(box, rect(send)), `the notice covers the send button: ${info}`);
      assert.ok(
        box.left >= 0 && box.top >= 0 && box.right <= width && box.bottom <= height,
        `the notice is on screen: ${info}`,
      );
      await shot(page, `notice-${layout}-${width}x${height}`);

      // The composer grows as the user types: the notice still keeps clear of it.
      await page.evaluate(() => {
        const field = document.getElementById("prompt");
        field.style.height = "220px";
        field.style.maxHeight = "none";
      });
      await page.waitForTimeout(300);
      const grown = await noticeBox(page);
      const fieldNow = rect(await page.locator("#prompt").boundingBox());
      assert.ok(!intersects(grown, fieldNow), `after the composer grew: ${JSON.stringify({ grown, fieldNow })}`);
      await closeAll(page);
    });
  }
}

test("a fresh tab onto nginx's 400 'Request Header Or Cookie Too Large' page: oversized cookies, and clearing them fixes it", {
  timeout: 90000,
}, async () => {
  server.state.pages = "cookies400";
  // The site's cookies have piled up past the front end's header buffer (4 KiB here).
  await browser.context.addCookies(
    Array.from({ length: 6 }, (_, i) => ({
      name: `big${i}`,
      value: "c".repeat(1000),
      domain: "chatgpt.com",
      path: "/",
      secure: true,
      sameSite: "Lax",
      expires: Math.floor(Date.now() / 1000) + 3600,
    })),
  );
  const page = await browser.context.newPage();
  const response = await page.goto("https://chatgpt.com/?t=cookies400");
  assert.equal(response.status(), 400);
  assert.match(await page.title(), /Request Header Or Cookie Too Large/);
  const tab = await until(() => tabId(browser, page.url()), { what: "the chat tab" });
  // The watcher sends the error page's text once it has loaded.
  await until(
    () =>
      swEval(
        browser,
        async (t) => {
          await globalThis.chatmedicDebug.flush();
          const st = (await chrome.storage.session.get(`tab:${t}`))[`tab:${t}`];
          return st?.observations.some((o) => o.kind === "pageMessage" && /Cookie Too Large/.test(o.text)) ?? false;
        },
        tab,
      ),
    { what: "the error page's text" },
  );
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "your_browser");
  const s = await popupState(popup);
  assert.equal(s.cause, "oversized_cookies", s.headline);
  assert.ok(s.fixes.includes("clear_site_cookies"), JSON.stringify(s.fixes));
  const { report } = await reportOf(popup, tab);
  assert.equal(report.findings[0].cause, "oversized_cookies");
  // The failed action is the page's load (the main frame's 400) or the error it shows.
  assert.ok(["page_load", "page_error"].includes(report.findings[0].action), JSON.stringify(report.findings[0]));
  await shot(popup, "popup-cookie-too-large-page");

  // "Clear this site's cookies" says it signs the user out and asks first; confirmed, it clears
  // them and reloads: the page loads again.
  const reloaded = page.waitForNavigation();
  await popup.click('#fixes button[data-action="clearSiteData"]');
  await popup.waitForSelector("dialog#confirm[open]");
  assert.match(await popup.locator("#confirm-body").textContent(), /sign/i);
  await popup.click("#confirm-ok");
  const again = await reloaded;
  assert.equal(again?.status() ?? 200, 200);
  const left = (await browser.context.cookies("https://chatgpt.com/")).filter((c) => c.name.startsWith("big"));
  assert.equal(left.length, 0, "the site's cookies are gone");
  await closeAll(popup, page);
});
