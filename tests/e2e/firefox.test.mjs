// End to end in headless Firefox ESR (geckodriver), with dist/firefox installed as a temporary
// add-on: the 500 scenario and the blocked-by-extension scenario (Firefox cannot turn another
// extension off, so the popup names it and gives the steps instead), and the page hook as built
// for Firefox reading a rate-limited reply (its body and reset headers).

import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startFakeChat } from "./lib/fake-chat.mjs";
import { DIST_FIREFOX, launchFirefox, startTunnel } from "./lib/firefox.mjs";
import { BLOCKER, SHOTS, sleep, until } from "./lib/util.mjs";

let server;
let tunnel;

before(async () => {
  server = await startFakeChat();
  tunnel = await startTunnel(server.port);
});

after(async () => {
  // Whatever a timed-out test left open must not keep this file's process alive.
  setTimeout(() => process.exit(), 20000).unref();
  await tunnel?.close();
  await server?.close();
});

const STATE = `
  const app = document.getElementById("app");
  return app && app.getAttribute("aria-busy") === "false" ? {
    verdict: app.dataset.verdict,
    cause: app.dataset.cause,
    headline: document.getElementById("headline").textContent,
    actions: [...document.querySelectorAll("#fixes button.act")].map((b) => b.dataset.action ?? "permission"),
    text: app.innerText,
  } : null;`;

/** Runs the chat page's send() in the current tab; returns its result. */
function send(ff) {
  // The app's script may still be starting (a reload after a fix): wait for it.
  return ff.execAsync(`const done = arguments[arguments.length - 1];
    const go = () => (window.chat ? window.chat.send().then(done, (e) => done(String(e))) : setTimeout(go, 50));
    go();`);
}

/** Opens the popup for the tab showing `url` in a new tab and returns what it shows once `ready`. */
async function popupFor(ff, url, ready) {
  await ff.openExtensionPage(ff.popupUrl(-1));
  // The script may run before the extension page has replaced about:blank (no `browser`
  // there yet): that try counts as "not yet".
  const tab = await until(
    () =>
      ff
        .execAsync(
          "const [url, done] = arguments; browser.tabs.query({}).then((t) => done((t.find((x) => x.url === url) || {}).id ?? null));",
          url,
        )
        .catch((e) => (/browser is not defined/.test(String(e)) ? null : Promise.reject(e))),
    { what: "the chat tab's id" },
  );
  await ff.closeTab();
  await ff.openExtensionPage(ff.popupUrl(tab));
  let last = null;
  await until(
    async () => {
      last = await ff.exec(STATE);
      if (last && !ready(last)) await ff.exec("location.reload()");
      return last && ready(last);
    },
    { timeout: 15000, interval: 500, what: "the popup's diagnosis" },
  ).catch((e) => {
    throw new Error(`${e.message}; popup showed ${JSON.stringify(last)}`);
  });
  return { tab, state: last };
}

function save(ff, name) {
  return ff.screenshot().then((b64) => {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, `${name}.png`), Buffer.from(b64, "base64"));
  });
}

test("Firefox: 500 on send, the popup says it's not you", { timeout: 120000 }, async () => {
  const ff = await launchFirefox({ proxyPort: tunnel.port, addons: [DIST_FIREFOX] });
  try {
    server.state.chat["chatgpt.com"] = "error500";
    const url = "https://chatgpt.com/?t=ff500";
    await ff.goto(url);
    const result = await send(ff);
    assert.equal(result.status, 500);
    const { state } = await popupFor(ff, url, (s) => s.verdict !== "all_clear");
    assert.equal(state.verdict, "not_you");
    assert.equal(state.cause, "server_error");
    assert.match(state.headline, /ChatGPT/);
    assert.ok(state.actions.includes("openUrl"), JSON.stringify(state.actions));
    await save(ff, "firefox-popup-500");
  } finally {
    server.reset();
    await ff.close();
  }
});

test("Firefox: blocked by another extension, named, with steps instead of a disable button", {
  timeout: 120000,
}, async () => {
  const ff = await launchFirefox({ proxyPort: tunnel.port, addons: [DIST_FIREFOX, BLOCKER] });
  try {
    const url = "https://chatgpt.com/?t=ffblocked";
    await ff.goto(url);
    // The blocker's rules load after it is installed: wait until they block.
    await until(async () => (await send(ff)).ok === false, { what: "the blocker's rules" });
    // The extension list needs `management`: the popup asks on a click (granted without a
    // prompt in this profile), then names the blocker.
    let { state } = await popupFor(ff, url, (s) => s.cause === "blocked_by_extension");
    assert.equal(state.verdict, "your_browser");
    if (!/Test Blocker/.test(state.text)) {
      await ff.click("#fixes li[data-fix='find_extension'] button");
      state = await until(
        async () => {
          const s = await ff.exec(STATE);
          return s && /Test Blocker/.test(s.text) ? s : null;
        },
        { what: "the blocker's name" },
      );
    }
    assert.match(state.text, /Test Blocker/);
    assert.ok(!state.actions.includes("disableExtension"), "Firefox cannot disable it: no button");
    assert.match(state.text, /Firefox does not let one extension turn off another/);
    await save(ff, "firefox-popup-blocked");
  } finally {
    await ff.close();
  }
});

test("Firefox: 431 oversized cookies, 'clear cookies' (hostnames) clears them and chat works", {
  timeout: 120000,
}, async () => {
  const ff = await launchFirefox({ proxyPort: tunnel.port, addons: [DIST_FIREFOX] });
  try {
    server.state.chat["chatgpt.com"] = "cookies431";
    await ff.goto("https://chatgpt.com/?fill=1");
    const url = "https://chatgpt.com/c/ff431";
    await ff.goto(url);
    assert.ok((await ff.exec("return document.cookie")).includes("big0="), "the big cookies are set");
    const chatHandle = await ff.session("GET", "/window");
    assert.equal((await send(ff)).status, 431);
    const { state } = await popupFor(ff, url, (s) => s.cause === "oversized_cookies");
    assert.equal(state.verdict, "your_browser");
    assert.ok(state.actions.includes("clearSiteData"), JSON.stringify(state.actions));
    await ff.click('#fixes button[data-action="clearSiteData"]');
    await until(async () => await ff.exec('return document.getElementById("confirm").open'), {
      what: "the confirmation",
    });
    await ff.click("#confirm-ok");
    await until(
      async () => (await ff.exec('return document.getElementById("app").dataset.lastAction')) === "clearSiteData:ok",
      {
        what: "the cookies to be cleared",
      },
    );
    await ff.switchTo(chatHandle);
    await until(
      async () => {
        const ready = await ff.exec("return document.readyState === 'complete' && Boolean(window.chat)");
        // The reload can land between the two calls: no answer yet is "not yet", not a failure.
        const cookies = ready ? await ff.exec("return document.cookie") : null;
        return typeof cookies === "string" && !cookies.includes("big0=");
      },
      { what: "the reloaded chat without the cookies" },
    );
    assert.equal((await send(ff)).ok, true, "the next request succeeds");
  } finally {
    server.reset();
    await ff.close();
  }
});

test("Firefox: a refused permission says what did not happen, in the popup that asked and in the next one", {
  timeout: 120000,
}, async () => {
  // The add-on permission prompt is shown, as for a user (the other tests grant without it).
  const ff = await launchFirefox({
    proxyPort: tunnel.port,
    addons: [DIST_FIREFOX, BLOCKER],
    prefs: { "extensions.webextOptionalPermissionPrompts": true },
  });
  try {
    const url = "https://chatgpt.com/?t=ffrefused";
    await ff.goto(url);
    await until(async () => (await send(ff)).ok === false, { what: "the blocker's rules" });
    await popupFor(ff, url, (s) => s.cause === "blocked_by_extension");
    const refused =
      "chatmedic was not allowed to see your extensions, so it cannot name the one that blocks ChatGPT. Nothing was changed.";
    const lastAction = () => ff.exec('return document.getElementById("app").dataset.lastAction ?? null');
    // 1. "Cancel" on Firefox's prompt, the popup still open: it says so at once.
    await ff.click("#fixes li[data-fix='find_extension'] button");
    await until(() => ff.answerPermissionPrompt(false), { what: "Firefox's permission prompt" });
    await until(async () => (await lastAction()) === "find_extension:refused", { what: "the refusal to be said" });
    assert.equal(await ff.exec('return document.getElementById("action-status").textContent'), refused);
    assert.doesNotMatch((await ff.exec(STATE)).text, /Test Blocker/);
    await save(ff, "firefox-popup-permission-refused");
    // 2. The popup gone while the prompt is up (Firefox closes a toolbar popup for it): the
    // next popup says it.
    await ff.closeTab();
    await popupFor(ff, url, (s) => s.cause === "blocked_by_extension");
    await ff.click("#fixes li[data-fix='find_extension'] button");
    await sleep(500);
    await ff.closeTab();
    await ff.answerPermissionPrompt(false).catch(() => false);
    await popupFor(ff, url, (s) => s.cause === "blocked_by_extension");
    await until(async () => (await lastAction()) === "find_extension:refused", {
      what: "the refusal to be said by the next popup",
    });
    assert.equal(await ff.exec('return document.getElementById("action-status").textContent'), refused);
  } finally {
    await ff.close();
  }
});

test("Firefox: clearing ChatGPT's cookies takes its own hosts' cookies only", { timeout: 150000 }, async () => {
  const ff = await launchFirefox({ proxyPort: tunnel.port, addons: [DIST_FIREFOX] });
  try {
    // A signed-in user's cookies on the service, on its neighbours under the same registrable
    // domains, and on another site, set as each site would (WebDriver's Add Cookie).
    const plant = async (host, name, domain) => {
      if (!(await ff.url()).startsWith(`https://${host}/`)) await ff.goto(`https://${host}/c/plant`);
      const cookie = { name, value: "v", path: "/", secure: true, ...(domain ? { domain } : {}) };
      await ff.session("POST", "/cookie", { cookie });
    };
    const planted = async (host) => {
      await ff.goto(`https://${host}/c/look`);
      const names = (await ff.session("GET", "/cookie")).map((c) => c.name);
      return names.filter((n) => /^(own_|platform_|auth_|openai_|claude_)/.test(n)).sort();
    };
    await plant("chatgpt.com", "own_host");
    await plant("chatgpt.com", "own_domain", ".chatgpt.com");
    await plant("ab.chatgpt.com", "own_sub");
    await plant("chat.openai.com", "own_legacy");
    await plant("platform.openai.com", "platform_session");
    await plant("platform.openai.com", "openai_wide", ".openai.com");
    await plant("auth.openai.com", "auth_session");
    await plant("claude.ai", "claude_session");
    // (WebDriver sets a cookie without a domain for the page's host and its subdomains.)
    assert.deepEqual(await planted("ab.chatgpt.com"), ["own_domain", "own_host", "own_sub"]);
    assert.deepEqual(await planted("chat.openai.com"), ["openai_wide", "own_legacy"]);

    server.state.chat["chatgpt.com"] = "cookies431";
    await ff.goto("https://chatgpt.com/?fill=1");
    const url = "https://chatgpt.com/c/ff-own-hosts";
    await ff.goto(url);
    assert.equal((await send(ff)).status, 431);
    await popupFor(ff, url, (s) => s.cause === "oversized_cookies");
    await ff.click('#fixes button[data-action="clearSiteData"]');
    await until(async () => await ff.exec('return document.getElementById("confirm").open'), {
      what: "the confirmation",
    });
    assert.match(
      await ff.exec('return document.getElementById("confirm-body").textContent'),
      /signs you out of ChatGPT/,
    );
    await ff.click("#confirm-ok");
    await until(
      async () => (await ff.exec('return document.getElementById("app").dataset.lastAction')) === "clearSiteData:ok",
      {
        what: "the cookies to be cleared",
      },
    );
    await ff.closeTab();
    assert.deepEqual(await planted("chatgpt.com"), []);
    assert.deepEqual(await planted("ab.chatgpt.com"), []);
    assert.deepEqual(await planted("chat.openai.com"), ["openai_wide"]);
    assert.deepEqual(await planted("platform.openai.com"), ["openai_wide", "platform_session"]);
    assert.deepEqual(await planted("auth.openai.com"), ["auth_session", "openai_wide"]);
    assert.deepEqual(await planted("claude.ai"), ["claude_session"]);
  } finally {
    server.reset();
    await ff.close();
  }
});

test("Firefox: the page hook (the same built file) reports a 429's rate-limit reset headers and its body", {
  timeout: 120000,
}, async () => {
  const ff = await launchFirefox({ proxyPort: tunnel.port, addons: [DIST_FIREFOX] });
  try {
    server.state.chat["claude.ai"] = "ratelimit-reset";
    const url = "https://claude.ai/?t=ffreset";
    await ff.goto(url);
    const result = await send(ff);
    assert.equal(result.status, 429);
    const { tab, state } = await popupFor(ff, url, (s) => s.cause === "rate_limited");
    assert.equal(state.cause, "rate_limited");
    // The stored observation: the body only the hook reads, with the reset header (webRequest's
    // report of the same response merges into it).
    const stored = await ff.execAsync(
      `const [key, done] = arguments;
       browser.storage.session.get(key).then((v) => done(v[key]?.observations ?? []), (e) => done(String(e)));`,
      `tab:${tab}`,
    );
    const http = stored.find?.((o) => o.status === 429);
    assert.ok(http, JSON.stringify(stored));
    assert.match(http.body ?? "", /rate_limit_error/, "the hook read the body");
    assert.match(http.headers["anthropic-ratelimit-requests-reset"] ?? "", /^\d{4}-\d\d-\d\dT/);
    assert.equal(http.headers["anthropic-ratelimit-requests-remaining"], "0");
  } finally {
    server.reset();
    await ff.close();
  }
});
