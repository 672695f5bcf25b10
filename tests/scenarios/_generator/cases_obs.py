# Observation-array cases (what the extension and the help page send). Executed by gen_scenarios.py.


def o_http(url, status, at, *, method="POST", headers=None, body=None, stream_tail=None,
           size=None, rtype="xmlhttprequest", dur=0.4):
    o = {"kind": "http", "url": url, "method": method, "status": status,
         "headers": headers or {}, "start": ms(at), "end": ms(at + dur)}
    if body is not None:
        o["body"] = body
    if stream_tail is not None:
        o["streamTail"] = stream_tail
    if size is not None:
        o["requestBodySize"] = size
    if rtype:
        o["resourceType"] = rtype
    return o


def o_net(url, error, at, method="POST", rtype="xmlhttprequest"):
    return {"kind": "netError", "url": url, "method": method, "error": error,
            "resourceType": rtype, "time": ms(at)}


def gpt_chat_ok(at):
    return o_http("https://chatgpt.com/backend-api/f/conversation", 200, at,
                  headers={"content-type": "text/event-stream; charset=utf-8", "server": "cloudflare",
                           "cf-ray": cf_ray(0x20 + int(at), "FRA")}, size=1712, dur=5.2)


UBLOCK = {"id": "cjpalhdlnbpafiamejdnhcphjbkeiagm", "name": "uBlock Origin", "enabled": True,
          "type": "extension", "permissions": ["alarms", "contextMenus", "privacy", "storage", "tabs",
                                               "unlimitedStorage", "webNavigation", "webRequest",
                                               "webRequestBlocking"],
          "hostPermissions": ["<all_urls>"], "installType": "normal"}
UBLOCK_FF = dict(UBLOCK, id="uBlock0@raymondhill.net",
                 permissions=["dns", "menus", "privacy", "storage", "tabs", "unlimitedStorage",
                              "webNavigation", "webRequest", "webRequestBlocking"])
GRAMMARLY = {"id": "kbfnbcaeplbcioakkpcpgfkobkghlhen", "name": "Grammarly: AI Writing Assistant and Grammar Checker App",
             "enabled": True, "type": "extension", "permissions": ["scripting", "storage", "tabs", "cookies"],
             "hostPermissions": ["http://*/*", "https://*/*"], "installType": "normal"}
DARK_READER = {"id": "eimadpbcbfnmbkopoojfekhnkhdbieeh", "name": "Dark Reader", "enabled": False,
               "type": "extension", "permissions": ["alarms", "contextMenus", "storage", "tabs"],
               "hostPermissions": ["<all_urls>"], "installType": "normal"}
HOTSPOT = {"id": "nlbejmccbhkncgokjcmghpfloaajcffj", "name": "Hotspot Shield Free VPN Proxy - Unlimited VPN",
           "enabled": True, "type": "extension", "permissions": ["proxy", "storage", "webRequest",
                                                                 "webRequestAuthProvider", "management"],
           "hostPermissions": ["<all_urls>"], "installType": "normal"}


def env(at, **kw):
    o = {"kind": "environment", "time": ms(at), "online": True, "cookiesEnabled": True,
         "storageAvailable": True, "userAgent": CHROME_UA, "connectionType": "4g"}
    o.update(kw)
    return o


def probe(name, outcome, at, detail=None, target=None):
    o = {"kind": "probe", "name": name, "outcome": outcome, "time": ms(at)}
    if detail is not None:
        o["detail"] = detail
    if target is not None:
        o["target"] = target
    return o


STATUS_OK_OPENAI = {"kind": "status", "service": "chatgpt", "indicator": "none", "components": [],
                    "incidents": [], "maintenances": [], "pageUrl": "https://status.openai.com",
                    "time": ms(0)}

case("obs_chatgpt_healthy_with_extensions", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [UBLOCK, GRAMMARLY, DARK_READER]},
    env(0, clockOffsetMs=312.0),
    STATUS_OK_OPENAI,
    o_http("https://chatgpt.com/api/auth/session", 200, 1, method="GET"),
    o_net("https://ab.chatgpt.com/v1/rgstr", "net::ERR_BLOCKED_BY_CLIENT", 1.5),
    gpt_chat_ok(3), gpt_chat_ok(40),
], exp("Healthy extension session: an ad blocker is installed and blocks Statsig, a small clock offset, "
       "status page all green, two turns succeed.",
       "all_clear", None, absent=["blocked_by_extension", "clock_skew", "unknown"],
       notes=["telemetry_blocked"]))

case("obs_ff_parsed_data_cached", "obs", [
    o_net("https://cdn.oaistatic.com/assets/i5bamk05qmvsi6c3.js", "NS_ERROR_PARSED_DATA_CACHED", 0.2,
          method="GET", rtype="script"),
    o_net("https://cdn.oaistatic.com/assets/manifest-4f1e2d3c.js", "NS_ERROR_PARSED_DATA_CACHED", 0.21,
          method="GET", rtype="script"),
    o_http("https://chatgpt.com/api/auth/session", 200, 1, method="GET"),
    gpt_chat_ok(3),
], exp("Firefox reports NS_ERROR_PARSED_DATA_CACHED for scripts served from its parsed-script cache "
       "even though they ran: a false alarm.",
       "all_clear", None, absent=["stale_assets", "unknown", "blocked_by_extension"]))

case("obs_ff_tracking_protection_telemetry", "obs", [
    o_net("https://www.google-analytics.com/g/collect?v=2&tid=G-9SHBSK2D9J", "NS_ERROR_TRACKING_URI", 0.5,
          method="POST", rtype="beacon"),
    o_net("https://www.googletagmanager.com/gtag/js?id=G-9SHBSK2D9J", "NS_ERROR_TRACKING_URI", 0.4,
          method="GET", rtype="script"),
    o_net("https://ab.chatgpt.com/v1/initialize", "NS_ERROR_ABORT", 0.6),
    o_http("https://chatgpt.com/api/auth/session", 200, 1, method="GET"),
    gpt_chat_ok(3),
], exp("Firefox Enhanced Tracking Protection blocks Google Analytics and an extension cancels Statsig "
       "while the chat works.",
       "all_clear", None, absent=["blocked_by_extension", "blocked_by_network_policy", "unknown"]))

case("obs_chatgpt_outage_status_major", "obs", [
    {"kind": "status", "service": "chatgpt", "indicator": "major",
     "components": [{"name": "Conversations", "status": "full_outage"}, {"name": "Login", "status": "degraded_performance"}],
     "incidents": [{"name": "Elevated error rates for ChatGPT", "status": "investigating", "impact": "major",
                    "url": "https://status.openai.com/incidents/01JXYZTESTONLY"}],
     "maintenances": [], "pageUrl": "https://status.openai.com", "time": ms(10)},
    o_http("https://chatgpt.com/backend-api/f/conversation", 503, 2,
           headers={"content-type": "application/json", "server": "cloudflare", "cf-ray": cf_ray(0x61)},
           body='{"detail":"Service Unavailable"}'),
    o_http("https://chatgpt.com/backend-api/f/conversation", 500, 8,
           headers={"content-type": "application/json", "server": "cloudflare", "cf-ray": cf_ray(0x62)},
           body='{"detail":"Internal Server Error"}'),
], exp("Chat turns fail with 503/500 while status.openai.com reports a major incident with "
       "Conversations in full outage.",
       "not_you", "service_outage", fixes=["check_status_page"], absent=["blocked_by_extension"],
       service="chatgpt"))

case("obs_claude_outage_component", "obs", [
    o_http(CLAUDE_URL, 500, 1, headers={"content-type": "application/json", "server": "cloudflare"},
           body='{"type":"error","error":{"type":"api_error","message":"Internal server error"}}'),
    o_http(CLAUDE_URL, 529, 20, headers={"content-type": "application/json", "server": "cloudflare"},
           body='{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'),
    {"kind": "status", "service": "claude", "indicator": "critical",
     "components": [{"name": "claude.ai", "status": "major_outage"}],
     "incidents": [{"name": "claude.ai unavailable", "status": "identified", "impact": "critical",
                    "url": "https://stspg.io/testonly"}],
     "maintenances": [], "pageUrl": "https://status.claude.com", "time": ms(25)},
], exp("Claude turns fail (500, then 529) and status.claude.com is critical with claude.ai in major outage.",
       "not_you", "service_outage", fixes=["check_status_page"], service="claude"))

case("obs_claude_maintenance", "obs", [
    {"kind": "status", "service": "claude", "indicator": "maintenance",
     "components": [{"name": "claude.ai", "status": "under_maintenance"}],
     "incidents": [],
     "maintenances": [{"name": "Scheduled database maintenance for claude.ai", "status": "in_progress",
                       "impact": "maintenance", "url": "https://stspg.io/testonly-maint"}],
     "pageUrl": "https://status.claude.com", "time": ms(0)},
    o_http(CLAUDE_URL, 503, 2, headers={"content-type": "application/json", "server": "cloudflare",
                                        "retry-after": "600"},
           body='{"type":"error","error":{"type":"api_error","message":"Service Unavailable"}}'),
], exp("claude.ai answers 503 during a maintenance that the status page shows in progress.",
       "not_you", "service_maintenance", fixes=["check_status_page"], absent=["service_outage"],
       service="claude"))

case("obs_ublock_blocks_chatgpt_sentinel", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [GRAMMARLY, UBLOCK]},
    o_http("https://chatgpt.com/api/auth/session", 200, 0.5, method="GET"),
    o_net("https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare", "net::ERR_BLOCKED_BY_CLIENT", 2),
    o_net("https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare", "net::ERR_BLOCKED_BY_CLIENT", 12),
    o_net("https://ab.chatgpt.com/v1/rgstr", "net::ERR_BLOCKED_BY_CLIENT", 2.5),
], exp("uBlock Origin is installed and ChatGPT's own sentinel call is blocked by the client.",
       "your_browser", "blocked_by_extension", fixes=["disable_extension", "allowlist_site_in_blocker"],
       action="send", service="chatgpt"))

case("obs_ff_ns_error_abort_claude", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [UBLOCK_FF]},
    env(0, userAgent=FF_UA),
    o_http("https://claude.ai/api/bootstrap", 200, 0.5, method="GET"),
    o_net(CLAUDE_URL, "NS_ERROR_ABORT", 3),
    o_net(CLAUDE_URL, "NS_ERROR_ABORT", 9),
], exp("Firefox: an extension cancels the Claude completion (NS_ERROR_ABORT is what a webRequest "
       "cancel gives).",
       "your_browser", "blocked_by_extension", fixes=["disable_extension"], absent=["unknown"],
       service="claude"))

case("obs_cookies_disabled_env", "obs", [
    env(0, cookiesEnabled=False),
    o_http("https://chatgpt.com/api/auth/session", 200, 0.5, method="GET", body=None),
    o_http("https://chatgpt.com/backend-api/me", 401, 1, method="GET",
           headers={"content-type": "application/json"},
           body='{"detail":"Unauthorized - Access token is missing"}'),
], exp("navigator.cookieEnabled is false and ChatGPT cannot keep a session.",
       "your_browser", "cookies_disabled", fixes=["enable_cookies"], service="chatgpt"))

case("obs_help_page_cookies_probe", "obs", [
    probe("online", "pass", 0),
    probe("reach", "pass", 0.2, detail="204 in 86 ms", target="https://claude.ai/favicon.ico"),
    probe("cookies", "problem", 0.3, detail="document.cookie write ignored"),
    probe("thirdPartyCookies", "untested", 0.3),
], exp("Help-page checks: the network is fine but the cookie check fails.",
       "your_browser", "cookies_disabled", fixes=["enable_cookies"], absent=["offline"], action="check"))

case("obs_old_browser", "obs", [
    env(0, userAgent="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.130 Safari/537.36"),
    probe("browserVersion", "problem", 0.1, detail="Chrome 79"),
    {"kind": "pageMessage", "text": "Your browser is not supported. Please update to the latest version of Chrome, Firefox, Safari or Edge.",
     "url": "https://chatgpt.com/", "time": ms(0.5)},
], exp("Chrome 79 (2020): the browser is too old for the chat app.",
       "your_browser", "browser_unsupported", fixes=["update_browser"]))

case("obs_clock_skew_help_page", "obs", [
    env(0, clockOffsetMs=5_400_000.0),
    probe("clock", "problem", 0.1, detail="local clock 90 min ahead of server Date"),
    probe("online", "pass", 0.1),
], exp("The local clock is 90 minutes ahead of the servers' Date header.",
       "your_network", "clock_skew", fixes=["fix_system_clock"]))

case("obs_vpn_extension_proxy", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [HOTSPOT, GRAMMARLY]},
    env(0, proxyControl="controlled_by_other_extensions", proxyExtension="nlbejmccbhkncgokjcmghpfloaajcffj"),
    o_net("https://chatgpt.com/api/auth/session", "net::ERR_PROXY_CONNECTION_FAILED", 1, method="GET"),
    o_net("https://chatgpt.com/backend-api/f/conversation", "net::ERR_PROXY_CONNECTION_FAILED", 3),
], exp("A VPN extension controls the proxy setting and its proxy cannot be reached.",
       "your_network", "proxy_or_vpn", fixes=["disable_vpn"], absent=["offline", "blocked_by_extension"],
       service="chatgpt"))

case("obs_copilot_websocket_blocked", "obs", [
    o_http("https://copilot.microsoft.com/c/api/conversations", 200, 0.5,
           headers={"content-type": "application/json"}),
    {"kind": "wsClose", "url": "wss://copilot.microsoft.com/c/api/chat?api-version=2", "code": 1006,
     "reason": "", "wasClean": False, "opened": False, "msOpen": 0, "time": ms(1)},
    {"kind": "wsClose", "url": "wss://copilot.microsoft.com/c/api/chat?api-version=2", "code": 1006,
     "reason": "", "wasClean": False, "opened": False, "msOpen": 0, "time": ms(4)},
    {"kind": "wsClose", "url": "wss://copilot.microsoft.com/c/api/chat?api-version=2", "code": 1006,
     "reason": "", "wasClean": False, "opened": False, "msOpen": 0, "time": ms(10)},
], exp("Copilot's HTTPS calls work but its chat WebSocket never opens (1006 three times).",
       "your_network", "websocket_blocked", absent=["service_outage", "offline"], service="copilot"))

case("obs_perplexity_websocket_probe", "obs", [
    probe("reach", "pass", 0, detail="204 in 120 ms", target="https://www.perplexity.ai/favicon.ico"),
    probe("websocket", "problem", 0.5, detail="closed 1006 before open", target="wss://www.perplexity.ai/socket.io/?EIO=4&transport=websocket"),
    {"kind": "wsClose", "url": "wss://www.perplexity.ai/socket.io/?EIO=4&transport=websocket", "code": 1006,
     "reason": "", "wasClean": False, "opened": False, "msOpen": 0, "time": ms(2)},
], exp("The help page's WebSocket check fails while plain HTTPS to the same site works.",
       "your_network", "websocket_blocked", absent=["offline"], service="perplexity"))

case("obs_ff_offline", "obs", [
    env(0, online=False, userAgent=FF_UA),
    o_net(CLAUDE_URL, "NS_ERROR_OFFLINE", 1),
    o_net("https://claude.ai/api/bootstrap", "NS_ERROR_OFFLINE", 1.2, method="GET"),
], exp("Firefox: navigator.onLine is false and requests fail with NS_ERROR_OFFLINE.",
       "your_network", "offline", absent=["dns_failure", "service_outage"], service="claude"))

case("obs_network_unstable", "obs", [
    o_net("https://chatgpt.com/backend-api/f/conversation", "net::ERR_NETWORK_CHANGED", 2),
    o_net("https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare", "net::ERR_CONNECTION_RESET", 15),
    {"kind": "streamAbort", "url": "https://chatgpt.com/backend-api/f/conversation", "bytesReceived": 2311,
     "msSinceStart": 9120, "error": "TypeError: network error", "time": ms(31)},
    o_net("https://chatgpt.com/backend-api/f/conversation", "net::ERR_CONNECTION_TIMED_OUT", 60),
    env(61, connectionType="cellular"),
], exp("Within a minute: a network change, a reset, a stream cut and a timeout on ChatGPT.",
       "your_network", "network_unstable", fixes=["switch_network"], absent=["server_error"],
       service="chatgpt"))

case("obs_claude_stream_abort", "obs", [
    o_http("https://claude.ai/api/bootstrap", 200, 0.5, method="GET"),
    o_http(CLAUDE_URL, 200, 2, headers={"content-type": "text/event-stream; charset=utf-8", "server": "cloudflare"},
           dur=41.0),
    {"kind": "streamAbort", "url": CLAUDE_URL, "bytesReceived": 18342, "msSinceStart": 41000,
     "error": "TypeError: network error", "time": ms(43)},
    {"kind": "pageMessage", "text": "Claude’s response was interrupted. Please check your network connection or contact support if the issue persists.",
     "url": "https://claude.ai/chat/" + CONV, "time": ms(43.1)},
], exp("One Claude reply stream breaks off after 18 KB and the page says the response was interrupted; "
       "nothing else fails.",
       "not_you", "response_interrupted", fixes=["regenerate"], service="claude"))

case("obs_chatgpt_stale_site_data", "obs", [
    o_http("https://chatgpt.com/api/auth/session", 400, 0.5, method="GET",
           headers={"content-type": "application/json", "server": "cloudflare"}, body='{"error":"Bad Request"}'),
    o_http("https://chatgpt.com/backend-api/f/conversation", 400, 2,
           headers={"content-type": "application/json", "server": "cloudflare"}, body='{"detail":"Bad Request"}'),
    {"kind": "pageMessage", "text": "Something went wrong. If this issue persists please contact us through our help center at help.openai.com.",
     "url": "https://chatgpt.com/", "time": ms(2.2)},
], exp("ChatGPT rejects its own session and chat calls as bad requests and shows its generic error: "
       "the stored site data is stale.",
       "your_browser", "stale_site_data", fixes=["clear_site_cookies"], service="chatgpt"))

case("obs_session_expired_page_message", "obs", [
    {"kind": "pageMessage", "text": "Your session has expired. Please log in again to continue. (Signed in as " + EMAIL + ")",
     "url": "https://chatgpt.com/", "time": ms(1)},
    o_http("https://chatgpt.com/backend-api/me", 401, 0.8, method="GET",
           headers={"content-type": "application/json"},
           body='{"detail":{"message":"Your authentication token has expired. Please try signing in again.","type":"invalid_request_error","param":null,"code":"token_expired"}}'),
], exp("The page says the session expired and /backend-api/me answers 401 token_expired.",
       "your_account", "session_expired", fixes=["relogin"], service="chatgpt", secrets=[EMAIL]))

case("obs_zscaler_block_page", "obs", [
    o_http("https://chatgpt.com/", 403, 0, method="GET",
           headers={"content-type": "text/html", "server": "Zscaler/6.2"},
           body="<html><head><title>Website blocked</title></head><body><h1>Website blocked</h1><p>Not allowed to browse Generative AI category</p><p>You tried to visit: chatgpt.com</p><p>Your organization has selected Zscaler to protect you from internet threats.</p></body></html>",
           rtype="main_frame"),
], exp("A corporate secure-web-gateway (Zscaler) answers with its own 403 block page for the "
       "Generative AI category.",
       "your_network", "blocked_by_network_policy", absent=["access_forbidden", "bot_challenge"],
       service="chatgpt"))

case("obs_ff_tls_nss_message", "obs", [
    env(0, userAgent=FF_UA),
    o_net("https://claude.ai/new", "Peer’s Certificate issuer is not recognized.", 0.1, method="GET", rtype="main_frame"),
    o_net("https://claude.ai/api/bootstrap", "Peer’s Certificate issuer is not recognized.", 0.5, method="GET"),
], exp("Firefox reports NSS's localized certificate text instead of a code: the issuer is unknown, "
       "so something intercepts TLS.",
       "your_network", "tls_interception", fixes=["disable_https_scanning"], absent=["clock_skew"],
       service="claude"))

case("obs_ff_dns_unknown_host", "obs", [
    probe("online", "pass", 0),
    probe("reach", "problem", 0.3, detail="NS_ERROR_UNKNOWN_HOST", target="https://claude.ai/favicon.ico"),
    o_net("https://claude.ai/new", "NS_ERROR_UNKNOWN_HOST", 1, method="GET", rtype="main_frame"),
], exp("Firefox: claude.ai does not resolve (NS_ERROR_UNKNOWN_HOST) while the machine is online.",
       "your_network", "dns_failure", absent=["offline"], service="claude"))

case("obs_old_failure_then_ok", "obs", [
    o_net("https://chatgpt.com/backend-api/f/conversation", "net::ERR_CONNECTION_RESET", 1),
    o_http("https://chatgpt.com/backend-api/f/conversation", 502, 5,
           headers={"content-type": "text/html", "server": "cloudflare"}, body="<title>502 Bad Gateway</title>"),
    gpt_chat_ok(70),
], exp("A reset and a 502 a minute before a successful turn: history, not a current problem.",
       "all_clear", None, absent=["gateway_error", "network_unstable", "unknown"]))

case("obs_ff_user_abort", "obs", [
    o_http("https://claude.ai/api/bootstrap", 200, 0.5, method="GET"),
    o_net(CLAUDE_URL, "NS_BINDING_ABORTED", 4),
    {"kind": "streamAbort", "url": CLAUDE_URL, "bytesReceived": 5210, "msSinceStart": 3200,
     "error": "AbortError: The operation was aborted. ", "time": ms(4)},
], exp("Firefox: the user stopped a reply (NS_BINDING_ABORTED, AbortError): not a failure.",
       "all_clear", None, absent=["response_interrupted", "network_unstable", "unknown"]))
