// Headless Firefox ESR through geckodriver (plain WebDriver over HTTP), with add-ons installed
// temporarily (POST /session/{id}/moz/addon/install). Firefox has no host-resolver rules, so it
// is given a proxy on loopback that tunnels the service hosts to the fake server and refuses
// every other host: nothing leaves this machine, and no fixed port is needed.
import { execFileSync, spawn } from "node:child_process";
import { createServer as createHttpServer } from "node:http";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import { ROOT } from "./chromium.mjs";
import { HOSTS } from "./fake-chat.mjs";
import { sleep } from "./util.mjs";

export const DIST_FIREFOX = join(ROOT, "dist", "firefox");
export const CHATMEDIC_ID = "chatmedic@chatmedic";
export const CHATMEDIC_UUID = "7d3c1a52-6c2e-4d8f-9a41-3f0b2c8e9d10";
export const BLOCKER_ID = "test-blocker@chatmedic";
const BLOCKER_UUID = "1b9e0c44-2f7a-4c61-8d35-6a7e5f4b3c21";

function firefoxBinary() {
  for (const name of ["firefox-esr", "firefox"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error("no firefox");
}

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A CONNECT proxy on loopback: the service hosts are tunnelled to `targetPort`, nothing else. */
export async function startTunnel(targetPort) {
  const server = createHttpServer((_req, res) => {
    res.writeHead(403);
    res.end();
  });
  server.on("connect", (req, client, head) => {
    const host = req.url.split(":")[0];
    if (!HOSTS.includes(host)) {
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const upstream = connect(targetPort, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: server.address().port, close: () => new Promise((r) => server.close(r)) };
}

const PREFS = {
  // Every request goes through the tunnel (set per session), which serves only the services.
  "network.proxy.type": 1,
  "network.proxy.no_proxies_on": "",
  "network.proxy.allow_hijacking_localhost": true,
  "network.proxy.share_proxy_settings": true,
  "network.trr.mode": 5,
  "app.update.enabled": false,
  "app.normandy.enabled": false,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "browser.shell.checkDefaultBrowser": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "extensions.update.enabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "toolkit.telemetry.enabled": false,
  "browser.newtabpage.enabled": false,
  "browser.startup.page": 0,
  // Optional permissions are granted without the prompt nobody can click in headless mode.
  "extensions.webextOptionalPermissionPrompts": false,
  // Fixed moz-extension:// hosts, so the tests can open the popup page by URL.
  "extensions.webextensions.uuids": JSON.stringify({ [CHATMEDIC_ID]: CHATMEDIC_UUID, [BLOCKER_ID]: BLOCKER_UUID }),
};

/**
 * A WebDriver session on headless Firefox whose traffic goes through the tunnel on `proxyPort`;
 * `addons` are directories installed temporarily.
 */
export async function launchFirefox({ proxyPort, addons = [DIST_FIREFOX], prefs: extra = {} } = {}) {
  const port = await freePort();
  const prefs = {
    ...PREFS,
    ...extra,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": proxyPort,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": proxyPort,
  };
  const driver = spawn("geckodriver", ["--port", String(port), "--log", "error", "--allow-system-access"], {
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${base}/status`);
      break;
    } catch {
      await sleep(100);
    }
  }
  const call = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  };
  const session = await call("POST", "/session", {
    capabilities: {
      alwaysMatch: {
        browserName: "firefox",
        acceptInsecureCerts: true,
        "moz:firefoxOptions": { binary: firefoxBinary(), args: ["-headless"], prefs },
      },
    },
  });
  const sid = session.sessionId;
  const s = (method, path, body) => call(method, `/session/${sid}${path}`, body);
  for (const path of addons) await s("POST", "/moz/addon/install", { path, temporary: true });
  const ff = {
    session: s,
    popupUrl: (tab) => `moz-extension://${CHATMEDIC_UUID}/popup/popup.html?tab=${tab}`,
    goto: (url) => s("POST", "/url", { url }),
    url: () => s("GET", "/url"),
    exec: (script, ...args) => s("POST", "/execute/sync", { script, args }),
    execAsync: (script, ...args) => s("POST", "/execute/async", { script, args }),
    newTab: async () => {
      const { handle } = await s("POST", "/window/new", { type: "tab" });
      await s("POST", "/window", { handle });
      return handle;
    },
    switchTo: (handle) => s("POST", "/window", { handle }),
    /**
     * Opens an extension page in a new tab and switches to it. WebDriver may not navigate to
     * moz-extension:// URLs, so the tab is opened from the browser's own (chrome) context.
     */
    async openExtensionPage(url) {
      const before = await s("GET", "/window/handles");
      await s("POST", "/moz/context", { context: "chrome" });
      try {
        await s("POST", "/execute/sync", {
          script: `const win = Services.wm.getMostRecentWindow("navigator:browser");
            win.gBrowser.selectedTab = win.gBrowser.addTab(arguments[0], {
              triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });`,
          args: [url],
        });
      } finally {
        await s("POST", "/moz/context", { context: "content" });
      }
      let handle;
      for (let i = 0; i < 50 && !handle; i++) {
        handle = (await s("GET", "/window/handles")).find((h) => !before.includes(h));
        if (!handle) await sleep(100);
      }
      await s("POST", "/window", { handle });
      return handle;
    },
    /** Clicks the element `css` finds; found again if the page re-rendered it meanwhile. */
    click: async (css) => {
      for (let attempt = 0; ; attempt++) {
        const el = await s("POST", "/element", { using: "css selector", value: css });
        const id = Object.values(el)[0];
        try {
          return await s("POST", `/element/${id}/click`, {});
        } catch (e) {
          if (attempt >= 4 || !/stale element/.test(String(e?.message))) throw e;
          await sleep(100);
        }
      }
    },
    /**
     * Answers the browser's add-on permission prompt (the doorhanger of permissions.request) in
     * the chrome context: `allow` true clicks its main button, false its "Cancel". Returns
     * whether a prompt was there.
     */
    async answerPermissionPrompt(allow) {
      await s("POST", "/moz/context", { context: "chrome" });
      try {
        return await s("POST", "/execute/sync", {
          script: `const win = Services.wm.getMostRecentWindow("navigator:browser");
            const n = win.PopupNotifications.getNotification("addon-webext-permissions", win.gBrowser.selectedBrowser);
            if (!n) return false;
            const action = arguments[0] ? n.mainAction : n.secondaryActions[0];
            action.callback();
            n.remove();
            return true;`,
          args: [allow],
        });
      } finally {
        await s("POST", "/moz/context", { context: "content" });
      }
    },
    screenshot: () => s("GET", "/screenshot"),
    /** Closes the current tab and switches to the first one left. */
    async closeTab() {
      const left = await s("DELETE", "/window");
      await s("POST", "/window", { handle: left[0] });
    },
    async close() {
      await call("DELETE", `/session/${sid}`).catch(() => {});
      driver.kill();
    },
  };
  return ff;
}
