# HAR cases (Chrome and Firefox export shapes). Executed by gen_scenarios.py.

# ---------------------------------------------------------------- ChatGPT, Chrome

case("har_chatgpt_healthy_chrome", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + gpt_sentinel(2.0) + [gpt_turn(2.6)]
                + gpt_after_turn(8.9)),
     exp("Healthy ChatGPT session in Chrome: page, session, sentinel checks, one streamed turn.",
         "all_clear", None, absent=["unknown"],
         secrets=GPT_SECRETS + [REPLY_MARK]))

case("har_chatgpt_telemetry_blocked_chat_works", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + [
         chrome_entry("POST", "https://ab.chatgpt.com/v1/rgstr?k=client-tl7zOWSh9D1eRQ5m0test&st=javascript-client&sv=3.12.1", 0,
                      at=1.5, dur=1.4, post='{"events":[{"eventName":"statsig::diagnostics"}]}',
                      error="net::ERR_BLOCKED_BY_CLIENT", priority="Low"),
         chrome_entry("POST", "https://ab.chatgpt.com/v1/initialize", 0, at=1.55, dur=1.1,
                      post='{"user":{"userID":"user-Xq7mK2pL9vN4bR8tW1yZ3cF6"}}',
                      error="net::ERR_BLOCKED_BY_CLIENT"),
         chrome_entry("POST", "https://www.google-analytics.com/g/collect?v=2&tid=G-9SHBSK2D9J&cid=1411906789.1763474602&en=page_view", 0,
                      at=1.6, dur=0.9, rtype="ping", error="net::ERR_BLOCKED_BY_CLIENT", priority="VeryLow"),
         chrome_entry("POST", "https://browser-intake-datadoghq.com/api/v2/rum?ddsource=browser&dd-api-key=pub0d9f8e7c6b5a4938271605f4e3d2c1b0", 0,
                      at=1.7, dur=1.0, post='{"type":"view"}', error="net::ERR_BLOCKED_BY_CLIENT", priority="Low"),
         chrome_entry("POST", "https://chatgpt.com/ces/v1/t", 0, at=1.8, dur=0.8,
                      cookies=GPT_COOKIES, post='{"type":"track","event":"Page Viewed"}',
                      error="net::ERR_BLOCKED_BY_CLIENT", priority="Low"),
     ] + gpt_sentinel(2.0) + [gpt_turn(2.6)] + gpt_after_turn(8.9)),
     exp("uBlock-style blocking of ab.chatgpt.com (Statsig), Google Analytics, Datadog RUM and "
         "/ces/v1/t while the chat turn streams fine: normal, nothing to blame.",
         "all_clear", None, absent=["blocked_by_extension", "unknown"], notes=["telemetry_blocked"],
         secrets=[CHATGPT_SESSION, JWT_SIG]))

case("har_chatgpt_user_abort", "har",
     chrome_har("https://chatgpt.com/c/" + GPT_CONV, gpt_page_load() + gpt_sentinel(2.0) + [gpt_turn(2.6)]
                + gpt_sentinel(20.0) + [
                    gpt_turn(20.6, 200, body=GPT_SSE_CUT, error="net::ERR_ABORTED", dur=2210.0, n=40),
                    chrome_entry("POST", f"https://chatgpt.com/backend-api/conversation/{GPT_CONV}/stop", 200,
                                 at=22.8, dur=90.0, cookies=GPT_COOKIES, reqh=GPT_AUTH,
                                 post='{"message_id":"b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e"}',
                                 resph=GPT_CF(41), body='{"status":"ok"}')]),
     exp("The user pressed Stop: Chrome records the second turn as net::ERR_ABORTED after a partial "
         "stream. A user abort is not a failure.",
         "all_clear", None, absent=["response_interrupted", "network_unstable", "unknown"],
         secrets=GPT_SECRETS))

case("har_chatgpt_old_500_then_success", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + gpt_sentinel(2.0) + [
         gpt_turn(2.6, 500, body='{"detail":"Hmm...something seems to have gone wrong. Maybe try me again in a little bit."}',
                  dur=1904.2, n=21)] + gpt_sentinel(95.0) + [gpt_turn(95.6, n=22)] + gpt_after_turn(101.9)),
     exp("A 500 on the first turn, then a successful turn 93 seconds later: the failure is history.",
         "all_clear", None, absent=["server_error", "unknown"], secrets=GPT_SECRETS))

case("har_chatgpt_500_server_error", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + gpt_sentinel(2.0) + [
         gpt_turn(2.6, 500, body='{"detail":"Hmm...something seems to have gone wrong. Maybe try me again in a little bit."}',
                  dur=1904.2, n=21)] + gpt_sentinel(30.0) + [
         gpt_turn(30.6, 500, body='{"detail":"Hmm...something seems to have gone wrong. Maybe try me again in a little bit."}',
                  dur=2210.7, n=22)]),
     exp("Two chat turns fail with HTTP 500 and ChatGPT's server-side 'Hmm...something seems to have "
         "gone wrong' detail; the session and checks are fine.",
         "not_you", "server_error", fixes=["wait_and_retry"], action="send",
         absent=["blocked_by_extension", "session_expired"], service="chatgpt", secrets=GPT_SECRETS))

case("har_chatgpt_502_cloudflare", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + gpt_sentinel(2.0) + [
         gpt_turn(2.6, 502, mime="text/html", dur=30011.0,
                  resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x77, "FRA")), ("cache-control", "private, max-age=0, no-store")),
                  body=cf_error_html(502, "Bad gateway", "chatgpt.com", cf_ray(0x77, "FRA")))]),
     exp("The chat turn gets Cloudflare's own 502 Bad gateway page (server: cloudflare, cf-ray).",
         "not_you", "gateway_error", fixes=["wait_and_retry"], absent=["server_error"],
         service="chatgpt", secrets=GPT_SECRETS))

case("har_chatgpt_stream_cut_incomplete_chunked", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + gpt_sentinel(2.0) + [
         gpt_turn(2.6, 200, body=GPT_SSE_CUT, error="net::ERR_INCOMPLETE_CHUNKED_ENCODING", dur=48213.0)]),
     exp("The reply stream starts (200, first SSE frames) and breaks off with "
         "net::ERR_INCOMPLETE_CHUNKED_ENCODING; nothing else fails.",
         "not_you", "response_interrupted", fixes=["regenerate"], action="send", service="chatgpt",
         secrets=GPT_SECRETS))

case("har_chatgpt_token_expired_401", "har",
     chrome_har("https://chatgpt.com/", [
         chrome_entry("GET", "https://chatgpt.com/", 200, at=0, dur=412.5, rtype="document",
                      cookies=GPT_COOKIES, resph=GPT_CF(1), mime="text/html", initiator="other"),
         chrome_entry("GET", "https://chatgpt.com/backend-api/me", 401, at=1.2, dur=88.0,
                      cookies=GPT_COOKIES, reqh=GPT_AUTH, resph=GPT_CF(3),
                      body='{"detail":{"message":"Your authentication token has expired. Please try signing in again.","type":"invalid_request_error","param":null,"code":"token_expired"}}'),
         gpt_turn(4.0, 401, n=23, dur=120.0,
                  body='{"detail":{"message":"Your authentication token has expired. Please try signing in again.","type":"invalid_request_error","param":null,"code":"token_expired"}}'),
     ]),
     exp("ChatGPT answers /backend-api/me and the chat turn with 401 token_expired.",
         "your_account", "session_expired", fixes=["relogin"], absent=["invalid_api_key"],
         service="chatgpt", secrets=[CHATGPT_SESSION, JWT_SIG, PROMPT_MARK]))

case("har_chatgpt_cf_challenge_403", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + [
         chrome_entry("POST", "https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare", 403,
                      at=2.0, dur=95.0, cookies=GPT_COOKIES, reqh=GPT_AUTH, post='{"p":"gAAAAACWzI3OTk"}',
                      resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x99, "TPE")), ("cf-mitigated", "challenge"),
                             ("cache-control", "private, max-age=0, no-store, no-cache, must-revalidate")),
                      mime="text/html; charset=UTF-8", body=cf_challenge("chatgpt.com", cf_ray(0x99, "TPE"))),
         gpt_turn(2.3, 403, mime="text/html; charset=UTF-8",
                  resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x9a, "TPE")), ("cf-mitigated", "challenge")),
                  body=cf_challenge("chatgpt.com", cf_ray(0x9a, "TPE")), dur=102.0),
     ]),
     exp("Cloudflare answers the pre-send check and the chat turn with 403, cf-mitigated: challenge and "
         "the 'Just a moment...' page: a bot check, not a permission problem.",
         "your_account", "bot_challenge", fixes=["hard_reload"], absent=["access_forbidden", "session_expired"],
         service="chatgpt", secrets=GPT_SECRETS + [CF_CLEARANCE]))

case("har_chatgpt_blocked_by_client_sentinel", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + [
         chrome_entry("POST", "https://ab.chatgpt.com/v1/rgstr", 0, at=1.5, dur=1.0,
                      post='{"events":[]}', error="net::ERR_BLOCKED_BY_CLIENT", priority="Low"),
     ] + gpt_sentinel(2.0, ok=False, error="net::ERR_BLOCKED_BY_CLIENT") + gpt_sentinel(9.0, ok=False, error="net::ERR_BLOCKED_BY_CLIENT")),
     exp("An extension blocks ChatGPT's own /backend-api/sentinel/chat-requirements calls "
         "(net::ERR_BLOCKED_BY_CLIENT), so no chat turn can be sent.",
         "your_browser", "blocked_by_extension", fixes=["allowlist_site_in_blocker"], action="send",
         absent=["unknown"], service="chatgpt", secrets=[CHATGPT_SESSION, JWT_SIG, EMAIL]))

BIG_COOKIES = GPT_COOKIES + tuple((f"__Secure-next-auth.session-token.{i}", ("eyJhbGciOiJkaXIi" + "Qk9HVVNDSFVOSw" * 240)[:3900])
                                  for i in range(4)) + tuple((f"_dd_s_{i}", "rum=0&expire=1763475502913") for i in range(30))
case("har_chatgpt_431_cookies", "har",
     chrome_har("https://chatgpt.com/", [
         chrome_entry("GET", "https://chatgpt.com/", 431, at=0, dur=60.0, rtype="document",
                      cookies=BIG_COOKIES, resph=GPT_CF(1), mime="text/html",
                      body="<html><head><title>431 Request Header Fields Too Large</title></head><body><center><h1>431 Request Header Fields Too Large</h1></center><hr><center>cloudflare</center></body></html>",
                      initiator="other"),
         chrome_entry("GET", "https://chatgpt.com/api/auth/session", 431, at=3.0, dur=44.0,
                      cookies=BIG_COOKIES, resph=GPT_CF(2), mime="text/html",
                      body="<html><head><title>431 Request Header Fields Too Large</title></head><body><center><h1>431 Request Header Fields Too Large</h1></center><hr><center>cloudflare</center></body></html>"),
     ]),
     exp("The site's cookies have grown past the header limit: Cloudflare answers the page and the "
         "session call with 431.",
         "your_browser", "oversized_cookies", fixes=["clear_site_cookies"], absent=["server_error"],
         service="chatgpt", secrets=[CHATGPT_SESSION, CF_CLEARANCE]))

case("har_chatgpt_stale_assets_404", "har",
     chrome_har("https://chatgpt.com/", [
         chrome_entry("GET", "https://chatgpt.com/", 200, at=0, dur=35.0, rtype="document",
                      cookies=GPT_COOKIES, resph=GPT_CF(1), mime="text/html", initiator="other"),
         chrome_entry("GET", "https://cdn.oaistatic.com/assets/conversation-small-7f3e1a9b.js", 404, at=0.5,
                      dur=61.0, rtype="script", resph=(("server", "cloudflare"), ("cf-cache-status", "MISS")),
                      mime="application/xml",
                      body='<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>',
                      initiator="parser", ip="104.18.41.158"),
         chrome_entry("GET", "https://cdn.oaistatic.com/assets/root-c4d2e8f1.css", 404, at=0.52,
                      dur=58.0, rtype="stylesheet", resph=(("server", "cloudflare"), ("cf-cache-status", "MISS")),
                      mime="application/xml",
                      body='<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>',
                      initiator="parser", ip="104.18.41.158"),
     ]),
     exp("A cached old page asks for hashed scripts and styles that the CDN no longer has (404 "
         "BlobNotFound): the page runs an old build.",
         "your_browser", "stale_assets", fixes=["hard_reload"], absent=["server_error"], action="page_load",
         service="chatgpt", secrets=[CHATGPT_SESSION]))

case("har_chatgpt_offline", "har",
     chrome_har("https://chatgpt.com/", [
         chrome_entry("GET", "https://chatgpt.com/api/auth/session", 0, at=0, dur=3.0,
                      cookies=GPT_COOKIES, error="net::ERR_INTERNET_DISCONNECTED"),
         chrome_entry("POST", "https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare", 0,
                      at=2.0, dur=2.0, cookies=GPT_COOKIES, reqh=GPT_AUTH, post='{"p":"gAAAAACWzI3OTk"}',
                      error="net::ERR_INTERNET_DISCONNECTED"),
         gpt_turn(2.5, 0, error="net::ERR_INTERNET_DISCONNECTED", dur=2.0),
     ]),
     exp("Every request fails with net::ERR_INTERNET_DISCONNECTED: the machine is offline.",
         "your_network", "offline", absent=["dns_failure", "server_error"], service="chatgpt",
         secrets=[CHATGPT_SESSION, JWT_SIG, PROMPT_MARK]))

case("har_chatgpt_proxy_tunnel_failed", "har",
     chrome_har("https://chatgpt.com/", [
         chrome_entry("GET", "https://chatgpt.com/", 0, at=0, dur=8012.0, rtype="document",
                      cookies=GPT_COOKIES, error="net::ERR_TUNNEL_CONNECTION_FAILED", initiator="other"),
         chrome_entry("GET", "https://chatgpt.com/api/auth/session", 0, at=12.0, dur=21.0,
                      cookies=GPT_COOKIES, error="net::ERR_PROXY_CONNECTION_FAILED"),
         gpt_turn(14.0, 0, error="net::ERR_PROXY_CONNECTION_FAILED", dur=20.0),
     ]),
     exp("The configured proxy refuses the CONNECT tunnel and then cannot be reached.",
         "your_network", "proxy_or_vpn", fixes=["disable_vpn"], absent=["offline"], service="chatgpt",
         secrets=[CHATGPT_SESSION, JWT_SIG, PROMPT_MARK]))

case("har_chatgpt_cert_date_invalid", "har",
     chrome_har("https://chatgpt.com/", [
         chrome_entry("GET", "https://chatgpt.com/", 0, at=0, dur=88.0, rtype="document",
                      cookies=GPT_COOKIES, error="net::ERR_CERT_DATE_INVALID", initiator="other"),
         chrome_entry("GET", "https://cdn.oaistatic.com/assets/i5bamk05qmvsi6c3.js", 0, at=0.5, dur=40.0,
                      rtype="script", error="net::ERR_CERT_DATE_INVALID", initiator="parser"),
         chrome_entry("GET", "https://chatgpt.com/api/auth/session", 0, at=0.9, dur=35.0,
                      cookies=GPT_COOKIES, error="net::ERR_CERT_DATE_INVALID"),
     ]),
     exp("Valid certificates of several hosts are rejected as out of date (net::ERR_CERT_DATE_INVALID): "
         "the computer's clock is wrong.",
         "your_network", "clock_skew", fixes=["fix_system_clock"], absent=["tls_interception"],
         service="chatgpt", secrets=[CHATGPT_SESSION]))

case("har_chatgpt_network_unstable", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + [
         chrome_entry("POST", "https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare", 0,
                      at=2.0, dur=30512.0, cookies=GPT_COOKIES, reqh=GPT_AUTH, post='{"p":"gAAAAACWzI3OTk"}',
                      error="net::ERR_CONNECTION_RESET"),
     ] + gpt_sentinel(40.0) + [
         gpt_turn(40.6, 0, error="net::ERR_NETWORK_CHANGED", dur=7311.0),
         chrome_entry("GET", "https://chatgpt.com/backend-api/conversations?offset=0&limit=28&order=updated", 0,
                      at=48.0, dur=20012.0, cookies=GPT_COOKIES, reqh=GPT_AUTH, error="net::ERR_HTTP2_PING_FAILED"),
     ] + gpt_sentinel(70.0) + [
         gpt_turn(70.6, 200, body=GPT_SSE_CUT, error="net::ERR_QUIC_PROTOCOL_ERROR", dur=12200.0, n=50),
     ]),
     exp("Resets, a network change, HTTP/2 ping failures and a QUIC error on one connection within "
         "a minute: the connection is unstable.",
         "your_network", "network_unstable", fixes=["switch_network"], absent=["server_error"],
         service="chatgpt", secrets=GPT_SECRETS))

case("har_chatgpt_blocked_by_administrator", "har",
     chrome_har("https://chatgpt.com/", [
         chrome_entry("GET", "https://chatgpt.com/", 0, at=0, dur=4.0, rtype="document",
                      cookies=GPT_COOKIES, error="net::ERR_BLOCKED_BY_ADMINISTRATOR", initiator="other"),
         chrome_entry("GET", "https://chatgpt.com/favicon.ico", 0, at=0.2, dur=2.0, rtype="other",
                      error="net::ERR_BLOCKED_BY_ADMINISTRATOR", initiator="other"),
     ]),
     exp("The browser's administrator policy (URLBlocklist) blocks chatgpt.com.",
         "your_network", "blocked_by_network_policy", absent=["blocked_by_extension"], service="chatgpt",
         secrets=[CHATGPT_SESSION]))

case("har_chatgpt_err_failed_unknown", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + gpt_sentinel(2.0) + [
         gpt_turn(2.6, 0, error="net::ERR_FAILED", dur=14.0)]),
     exp("The chat turn fails with Chrome's generic net::ERR_FAILED and nothing else says why: the "
         "honest answer is that the cause is unknown.",
         "unclear", "unknown", service="chatgpt", secrets=GPT_SECRETS))

case("har_chatgpt_stale_site_data_400", "har",
     chrome_har("https://chatgpt.com/", [
         chrome_entry("GET", "https://chatgpt.com/", 200, at=0, dur=412.5, rtype="document",
                      cookies=GPT_COOKIES, resph=GPT_CF(1), mime="text/html", initiator="other"),
         chrome_entry("GET", "https://chatgpt.com/api/auth/session", 400, at=0.9, dur=140.3,
                      cookies=GPT_COOKIES, resph=GPT_CF(2), body='{"error":"Bad Request"}'),
         gpt_turn(3.0, 400, n=24, dur=180.0, body='{"detail":"Bad Request"}'),
         gpt_turn(9.0, 400, n=25, dur=170.0, body='{"detail":"Bad Request"}'),
     ]),
     exp("ChatGPT's own session call and chat turns are rejected as bad requests with no error the "
         "rules know: the site's stored state no longer matches what the server expects.",
         "your_browser", "stale_site_data", fixes=["clear_site_cookies"], absent=["server_error"],
         service="chatgpt", secrets=[CHATGPT_SESSION, JWT_SIG, PROMPT_MARK]))

# ---------------------------------------------------------------- Claude, Chrome

case("har_claude_healthy_chrome", "har",
     chrome_har("https://claude.ai/new", claude_page() + [
         chrome_entry("POST", "https://a-api.anthropic.com/v1/t", 0, at=1.0, dur=1.0,
                      post='{"event":"claudeai.conversation.viewed"}', error="net::ERR_BLOCKED_BY_CLIENT", priority="Low"),
         chrome_entry("POST", "https://statsig.anthropic.com/v1/rgstr", 0, at=1.1, dur=1.0,
                      post='{"events":[]}', error="net::ERR_BLOCKED_BY_CLIENT", priority="Low"),
         claude_turn(3.0)]),
     exp("Healthy Claude turn (message_limit within_limit in the stream) with Anthropic telemetry "
         "blocked by an extension.",
         "all_clear", None, absent=["quota_exhausted", "blocked_by_extension", "unknown"],
         notes=["telemetry_blocked"], secrets=CLAUDE_SECRETS + [EMAIL, REPLY_MARK]))

case("har_claude_sse_overloaded_error", "har",
     chrome_har("https://claude.ai/new", claude_page() + [
         claude_turn(3.0, 200, body=claude_sse(tail='event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}\n\n'))]),
     exp("The completion answers 200 and then sends an SSE error event overloaded_error inside the stream.",
         "not_you", "server_overloaded", fixes=["wait_and_retry"], absent=["response_interrupted"],
         service="claude", secrets=CLAUDE_SECRETS))

case("har_claude_cert_authority_invalid", "har",
     chrome_har("https://claude.ai/new", [
         chrome_entry("GET", "https://claude.ai/new", 0, at=0, dur=91.0, rtype="document",
                      cookies=CLAUDE_COOKIES, error="net::ERR_CERT_AUTHORITY_INVALID", initiator="other"),
         chrome_entry("GET", "https://assets.claude.ai/_next/static/chunks/main-app-4c1d2e3f5a6b7c8d.js", 0,
                      at=0.4, dur=44.0, rtype="script", error="net::ERR_CERT_AUTHORITY_INVALID", initiator="parser"),
         claude_turn(6.0, 0, error="net::ERR_CERT_AUTHORITY_INVALID", dur=52.0),
     ]),
     exp("Certificates for claude.ai are issued by an authority the browser does not trust: "
         "antivirus HTTPS scanning or a corporate proxy intercepts TLS.",
         "your_network", "tls_interception", absent=["clock_skew"], service="claude",
         secrets=CLAUDE_SECRETS))

case("har_claude_cookie_too_large_400", "har",
     chrome_har("https://claude.ai/new", [
         chrome_entry("GET", "https://claude.ai/new", 400, at=0, dur=50.0, rtype="document",
                      cookies=CLAUDE_COOKIES + tuple((f"ajs_anonymous_id_{i}", "%22" + "f" * 600 + "%22") for i in range(14)),
                      resph=CLAUDE_CF(1), mime="text/html",
                      body="<html>\r\n<head><title>400 Request Header Or Cookie Too Large</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>Request Header Or Cookie Too Large</center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n",
                      initiator="other", ip="160.79.104.10"),
     ]),
     exp("claude.ai answers 400 'Request Header Or Cookie Too Large'.",
         "your_browser", "oversized_cookies", fixes=["clear_site_cookies"], action="page_load",
         absent=["stale_site_data", "server_error"], service="claude", secrets=[CLAUDE_SESSION]))

case("har_claude_429_cf_challenge", "har",
     chrome_har("https://claude.ai/new", claude_page() + [
         claude_turn(3.0, 429, mime="text/html; charset=UTF-8",
                     resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x5a0, "AMS")), ("cf-mitigated", "challenge")),
                     body=cf_challenge("claude.ai", cf_ray(0x5a0, "AMS")), dur=80.0)]),
     exp("A managed challenge can come back as 429 with cf-mitigated: challenge: a bot check, not "
         "a rate limit.",
         "your_account", "bot_challenge", absent=["rate_limited", "quota_exhausted"], service="claude",
         secrets=CLAUDE_SECRETS))

# ---------------------------------------------------------------- Gemini, Perplexity, Chrome

GEMINI_URL = ("https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate"
              "?bl=boq_assistant-bard-web-server_20251112.08_p0&f.sid=-2917438862271036470&hl=en&_reqid=1641235&rt=c")
GEMINI_COOKIES = (("__Secure-1PSID", GEMINI_COOKIE), ("__Secure-1PSIDTS", "sidts-CjIBtestonlyQ0xZk9w2Ym3vN8pL5rT1uW4yC6eB0dS9g"),
                  ("NID", "525=test-only-nid-value"))
GEMINI_POST = "f.req=" + json.dumps([None, json.dumps([[PROMPT, 0, None, None, None, None, 0], ["en"],
                                                       ["", "", "", None, None, None, None, None, None, ""]])]) \
    + "&at=AEHmXlEtestonlyTokenQ0xZk9w2Ym3v%3A1763474601512&"

case("har_gemini_dns_failure", "har",
     chrome_har("https://gemini.google.com/app", [
         chrome_entry("GET", "https://gemini.google.com/app", 0, at=0, dur=4012.0, rtype="document",
                      cookies=GEMINI_COOKIES, error="net::ERR_NAME_NOT_RESOLVED", initiator="other"),
         chrome_entry("GET", "https://gemini.google.com/app", 0, at=9.0, dur=4010.0, rtype="document",
                      cookies=GEMINI_COOKIES, error="net::ERR_NAME_NOT_RESOLVED", initiator="other"),
     ]),
     exp("gemini.google.com does not resolve (net::ERR_NAME_NOT_RESOLVED) on two tries.",
         "your_network", "dns_failure", absent=["offline", "service_outage"], service="gemini", action="page_load",
         secrets=[GEMINI_COOKIE]))

GEMINI_ERR_1037 = (")]}'\n\n104\n[[\"wrb.fr\",null,null,null,null,[3,null,[[\"type.googleapis.com/assistant.boq.bard.application.BardErrorInfo\",[1037]]]]]]\n"
                   "57\n[[\"di\",131],[\"af.httprm\",130,\"-5524718932817428163\",28]]\n25\n[[\"e\",4,null,null,239]]\n")
case("har_gemini_usage_limit_1037", "har",
     chrome_har("https://gemini.google.com/app", [
         chrome_entry("GET", "https://gemini.google.com/app", 200, at=0, dur=610.0, rtype="document",
                      cookies=GEMINI_COOKIES, mime="text/html", initiator="other", ip="142.250.185.206"),
         chrome_entry("POST", GEMINI_URL, 200, at=4.0, dur=930.0, cookies=GEMINI_COOKIES,
                      post=GEMINI_POST, post_mime="application/x-www-form-urlencoded;charset=UTF-8",
                      reqh=(("x-goog-ext-525001261-jspb", '[1,null,null,null,"9ec249fc9ad08861",null,null,0,[4]]'),
                            ("x-same-domain", "1")),
                      resph=(("server", "ESF"), ("x-xss-protection", "0"), ("cache-control", "no-cache, no-store, max-age=0, must-revalidate")),
                      mime="application/json; charset=utf-8", body=GEMINI_ERR_1037, ip="142.250.185.206"),
     ]),
     exp("Gemini answers StreamGenerate with 200 and BardErrorInfo code 1037 (USAGE_LIMIT_EXCEEDED): "
         "the daily usage limit, which resets (not billing).",
         "your_account", "rate_limited", fixes=["retry_after"], absent=["quota_exhausted", "server_error"],
         service="gemini", no_fixes=["wait_and_retry", "check_billing", "try_alternative_service"],
         secrets=[GEMINI_COOKIE, PROMPT_MARK]))

PPLX_COOKIES = (("__Secure-next-auth.session-token", PPLX_SESSION), ("cf_clearance", CF_CLEARANCE),
                ("pplx.visitor-id", "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"))
PPLX_POST = json.dumps({"params": {"attachments": [], "language": "en-US", "timezone": "Europe/Berlin",
                                   "search_focus": "internet", "sources": ["web"], "mode": "concise",
                                   "model_preference": "turbo", "frontend_uuid": "6f5e4d3c-2b1a-4098-8765-4321fedcba98"},
                        "query_str": PROMPT})
case("har_perplexity_524_timeout", "har",
     chrome_har("https://www.perplexity.ai/", [
         chrome_entry("GET", "https://www.perplexity.ai/", 200, at=0, dur=520.0, rtype="document",
                      cookies=PPLX_COOKIES, resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x301, "FRA"))),
                      mime="text/html", initiator="other", ip="104.18.26.48"),
         chrome_entry("POST", "https://www.perplexity.ai/rest/sse/perplexity_ask", 524, at=5.0, dur=125130.0,
                      cookies=PPLX_COOKIES, post=PPLX_POST, reqh=(("accept", "text/event-stream"),),
                      resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x302, "FRA")), ("cache-control", "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0")),
                      mime="text/html; charset=UTF-8",
                      body=cf_error_html(524, "A timeout occurred", "www.perplexity.ai", cf_ray(0x302, "FRA")),
                      ip="104.18.26.48"),
     ]),
     exp("Perplexity's ask stream gets Cloudflare's 524 'A timeout occurred' after 125 s.",
         "not_you", "gateway_error", fixes=["wait_and_retry"], service="perplexity",
         secrets=[PPLX_SESSION, PROMPT_MARK]))

# ---------------------------------------------------------------- OpenAI API (browser app, Chrome)

case("har_openai_api_429_rate_limit", "har",
     chrome_har("https://playground.example.dev/", [
         openai_api(1.0, 200, json.dumps({"id": "chatcmpl-Bx7mQ2pLk9", "object": "chat.completion",
                                          "choices": [{"index": 0, "message": {"role": "assistant", "content": "Dear Priya, " + REPLY_MARK},
                                                       "finish_reason": "stop"}]}),
                    (("x-ratelimit-limit-requests", "3"), ("x-ratelimit-remaining-requests", "1"),
                     ("x-ratelimit-reset-requests", "20s"))),
         openai_api(3.0, 429, json.dumps({"error": {"message": "Rate limit reached for gpt-4o-mini in organization org-T3stOnly9xQ2mK on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.",
                                                   "type": "requests", "param": None, "code": "rate_limit_exceeded"}}),
                    (("retry-after", "20"), ("x-ratelimit-limit-requests", "3"), ("x-ratelimit-remaining-requests", "0"),
                     ("x-ratelimit-reset-requests", "20s"), ("x-ratelimit-limit-tokens", "40000"),
                     ("x-ratelimit-remaining-tokens", "39811"), ("x-ratelimit-reset-tokens", "283ms"))),
     ]),
     exp("OpenAI API 429 rate_limit_exceeded with retry-after: 20 and x-ratelimit-remaining-requests: 0.",
         "your_account", "rate_limited", fixes=["retry_after"], absent=["quota_exhausted"],
         service="openai_api", secrets=API_SECRETS_OPENAI + [REPLY_MARK]))

case("har_openai_api_429_insufficient_quota", "har",
     chrome_har("https://playground.example.dev/", [
         openai_api(1.0, 429, json.dumps({"error": {"message": "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
                                                   "type": "insufficient_quota", "param": None, "code": "insufficient_quota"}})),
         openai_api(9.0, 429, json.dumps({"error": {"message": "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
                                                   "type": "insufficient_quota", "param": None, "code": "insufficient_quota"}})),
     ]),
     exp("OpenAI API 429 with type insufficient_quota: out of credit, and waiting will not help.",
         "your_account", "quota_exhausted", fixes=["check_billing"], absent=["rate_limited"],
         service="openai_api", secrets=API_SECRETS_OPENAI))

case("har_openai_api_401_invalid_key", "har",
     chrome_har("https://playground.example.dev/", [
         openai_api(1.0, 401, json.dumps({"error": {"message": "Incorrect API key provided: sk-proj-********************************************gAqE0vB2uI. You can find your API key at https://platform.openai.com/account/api-keys.",
                                                   "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}})),
     ]),
     exp("OpenAI API 401 invalid_api_key.",
         "your_account", "invalid_api_key", fixes=["check_api_key"], absent=["session_expired"],
         service="openai_api", secrets=API_SECRETS_OPENAI))

case("har_openai_api_403_region", "har",
     chrome_har("https://playground.example.dev/", [
         openai_api(1.0, 403, json.dumps({"error": {"code": "unsupported_country_region_territory",
                                                   "message": "Country, region, or territory not supported",
                                                   "param": None, "type": "request_forbidden"}})),
     ]),
     exp("OpenAI API 403 unsupported_country_region_territory.",
         "your_account", "region_unsupported", absent=["access_forbidden", "bot_challenge"],
         service="openai_api", secrets=API_SECRETS_OPENAI))

case("har_openai_api_503_overloaded", "har",
     chrome_har("https://playground.example.dev/", [
         openai_api(1.0, 503, json.dumps({"error": {"message": "The server is overloaded or not ready yet.",
                                                   "type": "service_unavailable_error", "param": None,
                                                   "code": "server_is_overloaded"}})),
         openai_api(4.0, 503, json.dumps({"error": {"message": "The server is overloaded or not ready yet.",
                                                   "type": "service_unavailable_error", "param": None,
                                                   "code": "server_is_overloaded"}})),
     ]),
     exp("OpenAI API 503 server_is_overloaded twice.",
         "not_you", "server_overloaded", fixes=["use_backoff"], absent=["gateway_error"],
         service="openai_api", secrets=API_SECRETS_OPENAI))

case("har_openai_api_400_context_length", "har",
     chrome_har("https://playground.example.dev/", [
         openai_api(1.0, 400, json.dumps({"error": {"message": "This model's maximum context length is 128000 tokens. However, your messages resulted in 151234 tokens. Please reduce the length of the messages.",
                                                   "type": "invalid_request_error", "param": "messages",
                                                   "code": "context_length_exceeded"}}),
                    post=json.dumps({"model": "gpt-4o-mini", "user": EMAIL,
                                     "messages": [{"role": "user", "content": PROMPT + " " + ("lorem ipsum " * 300)}]})),
     ]),
     exp("OpenAI API 400 context_length_exceeded: the prompt is too large.",
         "your_account", "prompt_too_large", fixes=["shorten_prompt"], absent=["stale_site_data"],
         service="openai_api", secrets=API_SECRETS_OPENAI))

# ---------------------------------------------------------------- Anthropic API (browser app, Chrome)

case("har_anthropic_api_529_overloaded", "har",
     chrome_har("https://playground.example.dev/", [
         anthropic_api(1.0, 529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CZAZLPuVRisJc8oe4zrKo"}'),
         anthropic_api(5.0, 529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CZAZMq2VRisJc8oe4zrKp"}'),
     ]),
     exp("Anthropic API 529 overloaded_error.",
         "not_you", "server_overloaded", fixes=["use_backoff"], absent=["server_error", "rate_limited"],
         service="anthropic_api", secrets=API_SECRETS_ANTHROPIC))

case("har_anthropic_api_500_api_error", "har",
     chrome_har("https://playground.example.dev/", [
         anthropic_api(1.0, 500, '{"type":"error","error":{"type":"api_error","message":"Internal server error"},"request_id":"req_011CZB1xPuVRisJc8oe4zrKo"}'),
     ]),
     exp("Anthropic API 500 api_error.",
         "not_you", "server_error", absent=["server_overloaded"], service="anthropic_api",
         secrets=API_SECRETS_ANTHROPIC))

case("har_anthropic_api_429_rate_limit", "har",
     chrome_har("https://playground.example.dev/", [
         anthropic_api(1.0, 429, '{"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization (3a2b1c0d-9e8f-4a7b-b6c5-d4e3f2a1b0c9) of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits."},"request_id":"req_011CZB2xPuVRisJc8oe4zrKo"}',
                       (("retry-after", "12"), ("anthropic-ratelimit-requests-limit", "50"),
                        ("anthropic-ratelimit-requests-remaining", "0"),
                        ("anthropic-ratelimit-requests-reset", "2025-11-18T14:03:34Z"))),
     ]),
     exp("Anthropic API 429 rate_limit_error with retry-after: 12.",
         "your_account", "rate_limited", fixes=["retry_after"], absent=["quota_exhausted"],
         service="anthropic_api", secrets=API_SECRETS_ANTHROPIC))

case("har_anthropic_api_401_authentication", "har",
     chrome_har("https://playground.example.dev/", [
         chrome_entry("POST", "https://playground.example.dev/api/settings", 200, at=0.2, dur=60.0,
                      post=json.dumps({"provider": "anthropic", "apiKey": ANTHROPIC_KEY, "owner": EMAIL}),
                      resph=(("server", "nginx"),), body='{"saved":true}', ip="203.0.113.10"),
         anthropic_api(1.0, 401, '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CZB3xPuVRisJc8oe4zrKo"}'),
     ]),
     exp("Anthropic API 401 authentication_error 'invalid x-api-key'.",
         "your_account", "invalid_api_key", fixes=["check_api_key"], absent=["session_expired"],
         service="anthropic_api", secrets=API_SECRETS_ANTHROPIC))

case("har_anthropic_api_403_permission", "har",
     chrome_har("https://playground.example.dev/", [
         anthropic_api(1.0, 403, '{"type":"error","error":{"type":"permission_error","message":"Your API key does not have permission to use the specified resource."},"request_id":"req_011CZB4xPuVRisJc8oe4zrKo"}'),
     ]),
     exp("Anthropic API 403 permission_error: the key may not do this; no Cloudflare challenge anywhere.",
         "your_account", "access_forbidden", absent=["bot_challenge", "region_unsupported"],
         service="anthropic_api", secrets=API_SECRETS_ANTHROPIC))

case("har_anthropic_api_413_request_too_large", "har",
     chrome_har("https://playground.example.dev/", [
         anthropic_api(1.0, 413, '{"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum allowed number of bytes."}}',
                       post=json.dumps({"model": "claude-sonnet-4-5", "max_tokens": 1024, "metadata": {"user_id": EMAIL},
                                        "messages": [{"role": "user", "content": [
                                            {"type": "text", "text": PROMPT},
                                            {"type": "document", "source": {"type": "base64", "media_type": "application/pdf",
                                                                            "data": "JVBERi0xLjcKJcfsj6IK" * 400}}]}]})),
     ]),
     exp("Anthropic API 413 request_too_large.",
         "your_account", "prompt_too_large", fixes=["shorten_prompt"], absent=["server_error"],
         service="anthropic_api", secrets=API_SECRETS_ANTHROPIC))

case("har_anthropic_api_404_file_gone", "har",
     chrome_har("https://playground.example.dev/", [
         anthropic_api(1.0, 404, '{"type":"error","error":{"type":"not_found_error","message":"File not found: file_011CNha8iCJcU1wXNR6q4V8w"},"request_id":"req_011CZB5xPuVRisJc8oe4zrKo"}',
                       post=json.dumps({"model": "claude-sonnet-4-5", "max_tokens": 1024, "metadata": {"user_id": EMAIL},
                                        "messages": [{"role": "user", "content": [
                                            {"type": "text", "text": PROMPT},
                                            {"type": "document", "source": {"type": "file", "file_id": "file_011CNha8iCJcU1wXNR6q4V8w"}}]}]})),
     ]),
     exp("The message refers to an uploaded file the Files API no longer has (404 not_found_error "
         "'File not found').",
         "your_account", "file_expired", absent=["server_error", "stale_assets"], service="anthropic_api",
         secrets=API_SECRETS_ANTHROPIC))

# ---------------------------------------------------------------- Firefox exports

case("har_ff_claude_healthy_telemetry_blocked", "har",
     ff_har("https://claude.ai/new", claude_page(browser="firefox") + [
         ff_entry("POST", "https://statsig.anthropic.com/v1/rgstr", 0, at=1.0, post='{"events":[]}'),
         ff_entry("POST", "https://a-api.anthropic.com/v1/m", 0, at=1.1, post='{"event":"page"}'),
         claude_turn(3.0, browser="firefox")]),
     exp("Firefox HAR of a healthy Claude turn; telemetry requests show only as status 0 (Firefox "
         "keeps no error text).",
         "all_clear", None, absent=["unknown", "blocked_by_extension"],
         secrets=CLAUDE_SECRETS + [EMAIL, REPLY_MARK]))

FF_GPT_COOKIES = GPT_COOKIES
case("har_ff_chatgpt_500", "har",
     ff_har("https://chatgpt.com/", [
         ff_entry("GET", "https://chatgpt.com/api/auth/session", 200, at=0.5, dur=130, cookies=FF_GPT_COOKIES,
                  resph=GPT_CF(2), ip="104.18.32.47",
                  body=json.dumps({"user": {"id": "user-Xq7mK2pL9vN4bR8tW1yZ3cF6", "email": EMAIL},
                                   "expires": "2026-02-16T14:03:22.114Z", "accessToken": CHATGPT_JWT})),
         ff_entry("POST", "https://chatgpt.com/backend-api/f/conversation", 500, at=3.0, dur=1840,
                  cookies=FF_GPT_COOKIES, reqh=(("Authorization", "Bearer " + CHATGPT_JWT),),
                  post=gpt_post(), resph=GPT_CF(21), ip="104.18.32.47",
                  body='{"detail":"Internal Server Error"}'),
         ff_entry("POST", "https://chatgpt.com/backend-api/f/conversation", 500, at=20.0, dur=1710,
                  cookies=FF_GPT_COOKIES, reqh=(("Authorization", "Bearer " + CHATGPT_JWT),),
                  post=gpt_post(), resph=GPT_CF(22), ip="104.18.32.47",
                  body='{"detail":"Internal Server Error"}'),
     ], version="1.1"),
     exp("Firefox HAR (older devtools, version 1.1): two ChatGPT turns answered 500.",
         "not_you", "server_error", fixes=["wait_and_retry"], service="chatgpt",
         secrets=GPT_SECRETS))

case("har_ff_claude_429_exceeded_limit", "har",
     ff_har("https://claude.ai/new", claude_page(browser="firefox") + [
         claude_turn(3.0, 429, browser="firefox", dur=310,
                     body='{"type":"error","error":{"type":"rate_limit_error","message":"{\\"type\\": \\"exceeded_limit\\", \\"resetsAt\\": 1763492400, \\"remaining\\": null, \\"perModelLimit\\": false, \\"representativeClaim\\": \\"five_hour\\"}"}}')]),
     exp("claude.ai answers 429 whose message is a message_limit of type exceeded_limit with resetsAt: "
         "the plan's five-hour usage limit, which resets at that time (a limit that resets, not billing).",
         "your_account", "rate_limited", fixes=["retry_after"], absent=["quota_exhausted", "bot_challenge"],
         service="claude", no_fixes=["wait_and_retry", "check_billing", "try_alternative_service"],
         secrets=CLAUDE_SECRETS + [EMAIL]))

case("har_ff_claude_403_challenge", "har",
     ff_har("https://claude.ai/new", [
         ff_entry("GET", "https://claude.ai/new", 403, at=0, dur=70, cookies=CLAUDE_COOKIES,
                  resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x5b0, "AMS")), ("cf-mitigated", "challenge"),
                         ("Cross-Origin-Opener-Policy", "same-origin")),
                  mime="text/html; charset=UTF-8", body=cf_challenge("claude.ai", cf_ray(0x5b0, "AMS"))),
         claude_turn(4.0, 403, browser="firefox", mime="text/html; charset=UTF-8", dur=80,
                     resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x5b1, "AMS")), ("cf-mitigated", "challenge")),
                     body=cf_challenge("claude.ai", cf_ray(0x5b1, "AMS"))),
     ]),
     exp("Firefox HAR: Cloudflare challenge (403, cf-mitigated: challenge, 'Just a moment...') on the "
         "page and the completion.",
         "your_account", "bot_challenge", absent=["access_forbidden"], service="claude",
         secrets=CLAUDE_SECRETS))

case("har_ff_perplexity_502", "har",
     ff_har("https://www.perplexity.ai/", [
         ff_entry("POST", "https://www.perplexity.ai/rest/sse/perplexity_ask", 502, at=2.0, dur=30100,
                  cookies=PPLX_COOKIES, post=PPLX_POST, ip="104.18.26.48",
                  resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x303, "FRA"))),
                  mime="text/html; charset=UTF-8",
                  body=cf_error_html(502, "Bad gateway", "www.perplexity.ai", cf_ray(0x303, "FRA"))),
     ]),
     exp("Firefox HAR: Perplexity's ask stream gets Cloudflare's 502 Bad gateway.",
         "not_you", "gateway_error", service="perplexity", secrets=[PPLX_SESSION, PROMPT_MARK]))

case("har_ff_claude_413_too_large", "har",
     ff_har("https://claude.ai/new", claude_page(browser="firefox") + [
         claude_turn(3.0, 413, browser="firefox", mime="text/html", dur=900,
                     resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x5c0, "AMS"))),
                     body="<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n")]),
     exp("Firefox HAR: the completion is refused with 413 Request Entity Too Large.",
         "your_account", "prompt_too_large", fixes=["shorten_prompt"], absent=["oversized_cookies"],
         service="claude", secrets=CLAUDE_SECRETS))

GEMINI_OK = (")]}'\n\n2417\n[[\"wrb.fr\",null,\"[null,[\\\"c_5d1e0f9a8b7c6d5e\\\",\\\"r_1a2b3c4d5e6f7a8b\\\"],null,null,[[\\\"rc_9f8e7d6c5b4a3928\\\",[\\\"Dear Priya, "
             + REPLY_MARK + "\\\"]]]]\"]]\n57\n[[\"di\",2103],[\"af.httprm\",2102,\"-331489120373312\",41]]\n25\n[[\"e\",4,null,null,2470]]\n")
case("har_ff_gemini_healthy", "har",
     ff_har("https://gemini.google.com/app", [
         ff_entry("GET", "https://gemini.google.com/app", 200, at=0, dur=610, cookies=GEMINI_COOKIES,
                  mime="text/html; charset=utf-8", ip="142.250.185.206"),
         ff_entry("POST", "https://play.google.com/log?format=json&hasfast=true&authuser=0", 0, at=1.0,
                  post='[[1,null,null,null,null,null,null,null,null,null,[null,null,null,null,"en"]]]'),
         ff_entry("POST", GEMINI_URL, 200, at=4.0, dur=2470, cookies=GEMINI_COOKIES, post=GEMINI_POST,
                  post_mime="application/x-www-form-urlencoded;charset=utf-8",
                  reqh=(("X-Same-Domain", "1"),), resph=(("server", "ESF"),),
                  mime="application/json; charset=utf-8", body=GEMINI_OK, ip="142.250.185.206"),
     ]),
     exp("Firefox HAR of a healthy Gemini turn; the play.google.com/log beacon failed (status 0).",
         "all_clear", None, absent=["unknown", "blocked_by_extension"],
         secrets=[GEMINI_COOKIE, PROMPT_MARK, REPLY_MARK]))
