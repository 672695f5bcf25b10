// The fake chat app the e2e tests drive: sends a turn the way the real apps do (POST, then
// read the event stream), opens WebSockets like Copilot, and shows the app's own error toast.
// It sends what a signed-in user's session sends: an Authorization header, a token in the query
// string, a prompt with a pasted key and address. The server prepends `PLANTED` (the secrets of
// tests/e2e/lib/privacy.mjs, which must never reach anything chatmedic writes) and
// `CATALOG_CHAT_PATH` (the catalogue's chat endpoint of this host, or null).
(() => {
  const CHAT =
    {
      "chatgpt.com": "/backend-api/f/conversation",
      "claude.ai": "/api/organizations/org1/chat_conversations/conv1/completion",
    }[location.hostname] ?? CATALOG_CHAT_PATH;
  const MESSAGES = {
    429: "Too many requests in 1 hour. Try again later.",
    403: "Unusual activity has been detected from your device. Try again later.",
    431: "Something went wrong. If this issue persists please contact us through our help center.",
    500: `Something went wrong for ${PLANTED.errorEmail}. If this issue persists please contact us through our help center.`,
    529: "Claude is currently experiencing a high volume of requests. Please try again later.",
  };
  function toast(text) {
    const div = document.createElement("div");
    div.className = "toast";
    div.setAttribute("role", "alert");
    div.textContent = text;
    document.getElementById("toasts").append(div);
  }
  const PROMPT = `${PLANTED.prompt}; my key is ${PLANTED.apiKey}, reply to ${PLANTED.email}`;
  async function send(prompt = PROMPT) {
    try {
      const res = await fetch(`${CHAT}?access_token=${PLANTED.queryToken}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          authorization: `Bearer ${PLANTED.bearer}`,
        },
        body: JSON.stringify({ prompt, user: PLANTED.email }),
      });
      if (!res.ok) {
        toast(MESSAGES[res.status] ?? `Error ${res.status}`);
        return { ok: false, status: res.status };
      }
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let text = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      if (/event: error/.test(text)) {
        toast(MESSAGES[529]);
        return { ok: false, streamError: true };
      }
      document.getElementById("log").textContent = `${text.length} bytes`;
      return { ok: true, bytes: text.length };
    } catch (e) {
      toast("A network error occurred. Please check your connection and try again.");
      return { ok: false, error: String(e) };
    }
  }
  function socket(url = `wss://${location.host}/c/api/chat?access_token=${PLANTED.wsToken}`) {
    return new Promise((resolve) => {
      const ws = new WebSocket(url);
      let opened = false;
      ws.onopen = () => {
        opened = true;
        ws.send("hello");
      };
      ws.onclose = (e) => {
        if (e.code !== 1000) toast("Connection lost. Reconnecting…");
        resolve({ code: e.code, opened });
      };
    });
  }
  // A socket that works: the echo comes back, then the page closes it normally (the reconnect
  // after a drop, as Copilot's client makes it).
  function echo(url = `wss://${location.host}/c/api/chat?access_token=${PLANTED.wsToken}`) {
    return new Promise((resolve) => {
      const ws = new WebSocket(url);
      ws.onopen = () => ws.send("hello again");
      ws.onmessage = (e) => {
        ws.close(1000);
        resolve({ ok: true, data: String(e.data) });
      };
      ws.onclose = (e) => resolve({ ok: false, code: e.code });
    });
  }
  window.chat = { send, socket, echo };
  // Like a real app's first requests on load: the bisect reloads the tab and watches them.
  if (new URLSearchParams(location.search).has("autosend")) send();
  document.getElementById("send").addEventListener("click", () => send(document.getElementById("prompt").value));
})();
