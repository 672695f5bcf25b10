// A fake of the real chat site this page is served as (chatgpt.com, claude.ai,
// www.perplexity.ai): on load it requests what the real app requests, app bundles, session and
// settings calls and the telemetry; a send goes through the same steps as the real one; a file
// upload too. Where each request comes from is said next to it:
// - [ref] the public request captures behind docs/ (ChatGPT: chatrxiv's HAR of 2025-12-30 and
//   KeepChatGPT's list of tracking targets; Claude: chatrxiv's API reference of 2025-12-15 and
//   claude.ai's own page config naming its Segment and Sift hosts; Perplexity: xFufly/Perplex.js,
//   public asset-mapping projects for pplx-next-static-public.perplexity.ai);
// - [rules] uBlock Origin Lite's rulesets, which name these URLs because the real sites fire them.
// The tests drive it through `window.site`: `ready` (the load's requests have settled), `send()`,
// `upload()`.
(() => {
  const host = location.hostname;
  const json = (body) => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  // Telemetry is sent as text/plain, the way analytics SDKs avoid a CORS preflight.
  const beacon = (body) => ({ method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(body) });

  const PROFILES = {
    "chatgpt.com": {
      // [ref] cdn.oaistatic.com serves the app's scripts and styles.
      scripts: [
        "https://cdn.oaistatic.com/assets/root-3f8a1c.js",
        "https://cdn.oaistatic.com/assets/manifest-9b2e4d.js",
      ],
      styles: ["https://cdn.oaistatic.com/assets/root-7c1d2e.css"],
      load: [
        // [ref] the session, the account, the model list, the sidebar's conversations.
        ["/api/auth/session"],
        ["/backend-api/me"],
        ["/backend-api/models"],
        ["/backend-api/accounts/check/v4-2023-04-27"],
        ["/backend-api/conversations?offset=0&limit=28&order=updated"],
        // [ref] statsig through ChatGPT's own proxy ab.chatgpt.com (KeepChatGPT: /v1/initialize, /rgstr).
        ["https://ab.chatgpt.com/v1/initialize", beacon({ user: {} })],
        ["https://ab.chatgpt.com/v1/rgstr", beacon({ events: [] })],
        // [ref] statsig's own hosts (KeepChatGPT's list); [rules] EasyPrivacy blocks featuregates.org.
        ["https://featuregates.org/v1/initialize", beacon({ user: {} })],
        ["https://statsigapi.net/v1/rgstr", beacon({ events: [] })],
        // [ref] the event pipeline /ces/v1/(t|p|i) and its stats flush; [rules] uBlock filters'
        // regex rule blocks POSTs to chatgpt.com/ces/v1/<letter>.
        ["/ces/v1/p", beacon({ type: "page" })],
        ["/ces/v1/t", beacon({ type: "track", event: "App Loaded" })],
        ["/ces/statsc/flush", beacon({})],
        // [rules] EasyPrivacy: ||chatgpt.com/backend-api/sentinel/ping.
        ["/backend-api/sentinel/ping", json({})],
        // [ref] Datadog RUM (browser-intake-datadoghq.com in KeepChatGPT's list); [rules] EasyPrivacy.
        [
          "https://browser-intake-datadoghq.com/api/v2/rum?ddsource=browser&dd-api-key=pub1",
          beacon([{ type: "view" }]),
        ],
        // [ref] a public write-up of OpenAI's ads measurement: chatgpt.com POSTs an identifier
        // to bzr.openai.com/v1/obi/sync; [rules] EasyPrivacy blocks bzr.openai.com.
        ["https://bzr.openai.com/v1/obi/sync", beacon({})],
      ],
      // [ref] a send: the pre-send checks (prepare, finalize), the conversation request and its
      // stream, then the latency beacon.
      before: [
        ["/backend-api/sentinel/chat-requirements/prepare", json({ p: "gAAAAAC" })],
        ["/backend-api/sentinel/chat-requirements/finalize", json({ prepare_token: "p1" })],
      ],
      chat: "/backend-api/f/conversation",
      after: [["/backend-api/lat/r", json({ server_request_id: "8f00aa11bb22cc33-FRA" })]],
      // [ref] an attachment: create the file, PUT it to files.oaiusercontent.com, mark it uploaded.
      async upload() {
        const created = await (
          await fetch("/backend-api/files", json({ file_name: "notes.txt", file_size: 5 }))
        ).json();
        await fetch(created.upload_url, { method: "PUT", headers: { "x-ms-blob-type": "BlockBlob" }, body: "notes" });
        return (await fetch(`/backend-api/files/${created.file_id}/uploaded`, json({}))).ok;
      },
    },
    "claude.ai": {
      // [ref] claude.ai serves its bundles from its own /_next/static/.
      scripts: ["/_next/static/chunks/main-app-2b1c.js", "/_next/static/chunks/webpack-8d0e.js"],
      styles: ["/_next/static/css/42239112c73b3fbe.css"],
      load: [
        // The session calls the catalogue knows for Claude (its auth paths).
        ["/api/bootstrap"],
        ["/api/account"],
        // [ref] the organizations and the sidebar's conversations.
        ["/api/organizations"],
        ["/api/organizations/org1/chat_conversations?limit=30"],
        // [ref] Segment through claude.ai's proxies: settings on a-cdn, events to a-api.
        ["https://a-cdn.anthropic.com/v1/projects/LKJN8LsLERHEOXkw487o7qCTFOrGPimI/settings"],
        ["https://a-api.anthropic.com/v1/p", beacon({ type: "page" })],
        ["https://a-api.anthropic.com/v1/t", beacon({ type: "track", event: "app_loaded" })],
        // [ref] statsig on statsig.anthropic.com; [rules] EasyPrivacy blocks that host.
        ["https://statsig.anthropic.com/v1/initialize", beacon({ user: {} })],
        ["https://statsig.anthropic.com/v1/rgstr", beacon({ events: [] })],
        // [rules] EasyPrivacy: ||claude.ai/sentry^ (Sentry's tunnel on the app's own host).
        ["/sentry?o=1158394&p=6202234", beacon({})],
        // The app's own event log (the catalogue names it telemetry).
        ["/api/event_logging/batch", json({ events: [] })],
      ],
      // [ref] Sift's beacon script from s-cdn.anthropic.com; [rules] EasyPrivacy ||s-cdn.anthropic.com/s.js.
      lateScripts: ["https://s-cdn.anthropic.com/s.js"],
      before: [],
      chat: "/api/organizations/org1/chat_conversations/conv1/completion",
      after: [],
      // [ref] an attachment: a text file is converted in place, other files are uploaded.
      async upload() {
        const form = new FormData();
        form.append("file", new Blob(["notes"], { type: "text/plain" }), "notes.txt");
        const converted = await fetch("/api/convert_document", { method: "POST", body: form });
        return converted.ok && (await fetch("/api/organizations/org1/upload", { method: "POST", body: form })).ok;
      },
    },
    "www.perplexity.ai": {
      // [ref] the app's chunks from pplx-next-static-public.perplexity.ai/_spa/assets/.
      scripts: ["https://pplx-next-static-public.perplexity.ai/_spa/assets/platform-core-5d1e.js"],
      styles: ["https://pplx-next-static-public.perplexity.ai/_spa/assets/index-1a2b.css"],
      load: [
        // [ref] next-auth's session, the user's settings, the recent threads.
        ["/api/auth/session"],
        ["/rest/user/settings"],
        ["/rest/thread/list_ask_threads?version=2.18&source=default", json({ limit: 20, offset: 0 })],
        // [rules] EasyPrivacy ||perplexity.ai/rest/event/analytics; uBlock filters
        // ||perplexity.ai/rest/metrics/collect^ (first-party POST).
        ["/rest/event/analytics", json({ event_name: "page_view" })],
        ["/rest/metrics/collect", json({ metrics: [] })],
      ],
      before: [],
      chat: "/rest/sse/perplexity_ask",
      after: [["/rest/event/analytics", json({ event_name: "query_submitted" })]],
      async upload() {
        const made = await (await fetch("/rest/uploads/create_upload_url", json({ filename: "notes.txt" }))).json();
        return (await fetch(made.s3_bucket_url, { method: "POST", body: "notes" })).ok;
      },
    },
  };
  const profile = PROFILES[host];

  // The app's own messages, as the real apps word them.
  const MESSAGES = {
    network: "A network error occurred. Please check your connection and try again.",
    500: "Something went wrong while generating the response. If this issue persists please contact us through our help center.",
    stream: "Network error: the response was interrupted.",
  };
  function toast(text) {
    const div = document.createElement("div");
    div.className = "toast";
    div.setAttribute("role", "alert");
    div.textContent = text;
    document.getElementById("toasts").replaceChildren(div);
  }

  // A request that fails (blocked, refused) is the app's business: it carries on, as the real
  // apps do with their telemetry.
  const attempt = (url, init) =>
    fetch(url, init).then(
      (r) => r.ok,
      () => false,
    );

  function addTag(tag, attrs) {
    return new Promise((resolve) => {
      const el = document.createElement(tag);
      Object.assign(el, attrs);
      el.onload = () => resolve(true);
      el.onerror = () => resolve(false);
      document.head.append(el);
    });
  }

  async function load() {
    if (!profile) return [];
    const bundles = [
      ...profile.scripts.map((src) => addTag("script", { src })),
      ...profile.styles.map((href) => addTag("link", { rel: "stylesheet", href })),
    ];
    const calls = profile.load.map(([url, init]) =>
      url.endsWith(".js") ? addTag("script", { src: url }) : attempt(url, init),
    );
    const late = (profile.lateScripts ?? []).map((src) => addTag("script", { src }));
    return Promise.all([...bundles, ...calls, ...late]);
  }

  async function send(prompt = "Hello") {
    for (const [url, init] of profile.before) {
      if (!(await attempt(url, init))) {
        toast(MESSAGES.network);
        return { ok: false, step: url };
      }
    }
    let res;
    try {
      res = await fetch(profile.chat, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ prompt }),
      });
    } catch (e) {
      toast(MESSAGES.network);
      return { ok: false, error: String(e) };
    }
    if (!res.ok) {
      toast(MESSAGES[res.status] ?? `Error ${res.status}`);
      return { ok: false, status: res.status };
    }
    let text = "";
    try {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch (e) {
      toast(MESSAGES.stream);
      return { ok: false, cut: true, error: String(e) };
    }
    document.getElementById("log").textContent = `${text.length} bytes`;
    for (const [url, init] of profile.after) await attempt(url, init);
    return { ok: true, bytes: text.length };
  }

  const ready = load();
  window.site = { ready, send, upload: () => profile.upload() };
  document.getElementById("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const field = document.getElementById("prompt");
    send(field.value ?? field.textContent);
  });
})();
