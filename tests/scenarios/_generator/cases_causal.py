# Causal-diagnosis cases: a diagnosis starts from a chat action that failed; what broke nothing
# (blocked telemetry, one socket drop that recovered, a status incident) is a note, never a
# finding. Executed by gen_scenarios.py after cases_har.py and cases_obs.py (it uses their
# builders).
#
# What a real blocker blocks comes from uBlock Origin Lite's default declarativeNetRequest
# rulesets (uBOL-home chromium/rulesets: EasyPrivacy, uBlock filters, EasyList, Peter Lowe's,
# uBlock badware, URLhaus). The rules each request below falls under are named in the
# comments. Endpoints and error bodies follow the services' real traffic as documented in public
# HAR captures and client libraries (chatrxiv API references for ChatGPT and Claude,
# Gemini-API's constants for Gemini, Perplex.js for Perplexity, the Copilot web-socket notes of
# AI-PII-Sanitizer), nginx's and Cloudflare's own error pages, and Chromium's net_error_list.h.

BLOCKED = "net::ERR_BLOCKED_BY_CLIENT"

# uBlock Origin Lite as chrome.management.getAll() lists it (Chrome Web Store id, the MV3
# permissions of its manifest; host access granted for its default "optimal" filtering mode).
UBOL = {"id": "ddkjiahejlhfcafbddmgiahcphecmpfh", "name": "uBlock Origin Lite", "enabled": True,
        "type": "extension", "permissions": ["activeTab", "declarativeNetRequest", "scripting", "storage"],
        "hostPermissions": ["<all_urls>"], "installType": "normal"}


# ---------------------------------------------------------------- telemetry, per service

def gpt_telemetry_chrome(at):
    """ChatGPT's telemetry as uBO Lite's default rules block it (Chrome: ERR_BLOCKED_BY_CLIENT)."""
    return [
        # EasyPrivacy: ||chatgpt.com/backend-api/sentinel/ping
        chrome_entry("POST", "https://chatgpt.com/backend-api/sentinel/ping", 0, at=at, dur=1.3,
                     cookies=GPT_COOKIES, reqh=GPT_AUTH, post='{"p":"gAAAAACWzI3OTk"}',
                     error=BLOCKED, priority="Low"),
        # uBlock filters (regex): ^https?://chatgpt.com/ces/v1/[a-z]$, POST, xmlhttprequest
        chrome_entry("POST", "https://chatgpt.com/ces/v1/t", 0, at=at + 0.1, dur=0.9,
                     cookies=GPT_COOKIES, post='{"type":"track","event":"Composer Focused","properties":{}}',
                     error=BLOCKED, priority="Low"),
        # EasyPrivacy: bzr.openai.com (whole host; the path is illustrative)
        chrome_entry("POST", "https://bzr.openai.com/v1/b", 0, at=at + 0.15, dur=0.8,
                     post='{"events":[{"name":"page_view"}]}', error=BLOCKED, priority="Low"),
        # EasyPrivacy: statsigapi.net (third-party); statsig-js's event endpoint
        chrome_entry("POST", "https://events.statsigapi.net/v1/rgstr?k=client-tl7zOWSh9D1eRQ5m0test&st=javascript-client&sv=4.45.1",
                     0, at=at + 0.2, dur=1.1, post='{"events":[{"eventName":"statsig::diagnostics"}]}',
                     error=BLOCKED, priority="Low"),
        # EasyPrivacy: browser-intake-datadoghq.com (Datadog RUM)
        chrome_entry("POST", "https://browser-intake-datadoghq.com/api/v2/rum?ddsource=browser"
                     "&ddtags=sdk_version%3A5.35.1%2Cservice%3Achatgpt-web&dd-api-key=pub0d9f8e7c6b5a4938271605f4e3d2c1b0"
                     "&dd-evp-origin-version=5.35.1&dd-evp-origin=browser&dd-request-id=4f0e2d1c-0b9a-4877-a665-5e4d3c2b1a09",
                     0, at=at + 0.3, dur=1.0, post='{"type":"view"}', error=BLOCKED, priority="Low"),
    ]


def gpt_ping_again(at):
    """ChatGPT fires sentinel/ping again after a turn; the blocker blocks it again."""
    return chrome_entry("POST", "https://chatgpt.com/backend-api/sentinel/ping", 0, at=at, dur=1.1,
                        cookies=GPT_COOKIES, reqh=GPT_AUTH, post='{"p":"gAAAAACWzI3OTk"}',
                        error=BLOCKED, priority="Low")


def gpt_telemetry_obs(at, error=BLOCKED):
    """The same requests as the extension's webRequest.onErrorOccurred reports them."""
    return [
        o_net("https://chatgpt.com/backend-api/sentinel/ping", error, at),
        o_net("https://chatgpt.com/ces/v1/t", error, at + 0.1),
        o_net("https://bzr.openai.com/v1/b", error, at + 0.15),
        o_net("https://events.statsigapi.net/v1/rgstr?k=client-tl7zOWSh9D1eRQ5m0test&st=javascript-client", error, at + 0.2),
        o_net("https://browser-intake-datadoghq.com/api/v2/rum?ddsource=browser&dd-evp-origin=browser", error, at + 0.3,
              rtype="ping"),
    ]


def claude_telemetry_chrome(at):
    return [
        # EasyPrivacy: ||claude.ai/sentry^ (Claude's Sentry tunnel)
        chrome_entry("POST", "https://claude.ai/sentry", 0, at=at, dur=1.2, cookies=CLAUDE_COOKIES,
                     post='{"event_id":"5e4d3c2b1a0948f7a6b5c4d3e2f1a0b9","sent_at":"2025-11-18T14:03:22.601Z"}',
                     post_mime="text/plain;charset=UTF-8", error=BLOCKED, priority="Low"),
        # EasyPrivacy: ||s-cdn.anthropic.com/s.js
        chrome_entry("GET", "https://s-cdn.anthropic.com/s.js", 0, at=at + 0.05, dur=0.9, rtype="script",
                     error=BLOCKED, priority="Low", initiator="parser"),
        # EasyPrivacy: statsig.anthropic.com (whole host)
        chrome_entry("POST", "https://statsig.anthropic.com/v1/rgstr", 0, at=at + 0.1, dur=0.8,
                     post='{"events":[]}', error=BLOCKED, priority="Low"),
    ]


def claude_telemetry_obs(at, error=BLOCKED, segment=False):
    out = [
        o_net("https://claude.ai/sentry", error, at),
        o_net("https://s-cdn.anthropic.com/s.js", error, at + 0.05, method="GET", rtype="script"),
        o_net("https://statsig.anthropic.com/v1/rgstr", error, at + 0.1),
    ]
    if segment:
        # Anthropic's Segment proxy: not in uBO's default lists; a stricter list blocks it.
        out += [
            o_net("https://a-cdn.anthropic.com/v1/projects/LKJN8LsLERHEOXkw487o7qCTFOrGPimI/settings",
                  error, at + 0.15, method="GET"),
            o_net("https://a-api.anthropic.com/v1/t", error, at + 0.2),
        ]
    return out


PPLX_DOC = lambda at: chrome_entry(
    "GET", "https://www.perplexity.ai/", 200, at=at, dur=520.0, rtype="document", cookies=PPLX_COOKIES,
    resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x301, "FRA"))), mime="text/html",
    initiator="other", ip="104.18.26.48", priority="VeryHigh")

PPLX_SSE_OK = (
    'event: message\ndata: {"backend_uuid": "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a", "status": "PENDING", '
    '"text_completed": false, "blocks": [], "query_str": "' + PROMPT + '"}\n\n'
    'event: message\ndata: {"backend_uuid": "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a", "status": "COMPLETED", '
    '"text_completed": true, "final": true, "blocks": [{"intended_usage": "ask_text", "markdown_block": '
    '{"answer": "Dear Priya, ' + REPLY_MARK + '"}}]}\n\n'
    'event: end_of_stream\ndata: {}\n\n')


def pplx_ask(at, status=200, body=PPLX_SSE_OK, browser="chrome"):
    if browser == "chrome":
        return chrome_entry("POST", "https://www.perplexity.ai/rest/sse/perplexity_ask", status, at=at,
                            dur=6240.0, cookies=PPLX_COOKIES, post=PPLX_POST,
                            reqh=(("accept", "text/event-stream"),),
                            resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x310 + int(at), "FRA"))),
                            mime="text/event-stream; charset=utf-8", body=body, ip="104.18.26.48")
    return ff_entry("POST", "https://www.perplexity.ai/rest/sse/perplexity_ask", status, at=at, dur=6240,
                    cookies=PPLX_COOKIES, post=PPLX_POST, referer="https://www.perplexity.ai/",
                    resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x310 + int(at), "FRA"))),
                    mime="text/event-stream; charset=utf-8", body=body, ip="104.18.26.48")


# ---------------------------------------------------------------- healthy, telemetry blocked

case("har_chatgpt_ubol_healthy_telemetry_blocked", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + gpt_telemetry_chrome(1.3) + gpt_sentinel(2.0)
                + [gpt_turn(2.6)] + gpt_after_turn(8.9) + [gpt_ping_again(9.2)]),
     exp("Chrome HAR of a healthy ChatGPT turn with uBlock Origin Lite's default lists: "
         "sentinel/ping (EasyPrivacy), /ces/v1/t (uBlock filters), bzr.openai.com, statsigapi.net and "
         "Datadog RUM (EasyPrivacy) fail with net::ERR_BLOCKED_BY_CLIENT while chat-requirements and "
         "the conversation stream succeed: all clear, the blocked telemetry is a note.",
         "all_clear", None, absent=["blocked_by_extension", "network_unstable", "unknown"],
         notes=["telemetry_blocked"], secrets=GPT_SECRETS + [REPLY_MARK]))

case("obs_chatgpt_ubol_healthy_telemetry_blocked", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [UBOL, GRAMMARLY, DARK_READER]},
    env(0),
    o_http("https://chatgpt.com/", 200, 0, method="GET", rtype="main_frame"),
    o_http("https://cdn.oaistatic.com/assets/i5bamk05qmvsi6c3.js", 200, 0.45, method="GET", rtype="script"),
    o_http("https://chatgpt.com/api/auth/session", 200, 0.9, method="GET"),
] + gpt_telemetry_obs(1.3) + [
    o_http("https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare", 200, 2.0),
    o_http("https://chatgpt.com/backend-api/sentinel/chat-requirements/finalize", 200, 2.2),
    gpt_chat_ok(2.6),
    o_net("https://chatgpt.com/backend-api/sentinel/ping", BLOCKED, 9.2),
], exp("What the extension sees in the reported case: uBlock Origin Lite installed (management "
       "granted), its default rules block ChatGPT's sentinel/ping, /ces/v1/t, bzr.openai.com, statsig "
       "and Datadog, and the chat turn streams fine: no finding, no badge, a telemetry note.",
       "all_clear", None, absent=["blocked_by_extension", "unknown"], notes=["telemetry_blocked"]))

case("har_claude_ubol_healthy_telemetry_blocked", "har",
     chrome_har("https://claude.ai/new", claude_page() + claude_telemetry_chrome(1.0) + [claude_turn(3.0)]),
     exp("Chrome HAR of a healthy Claude turn with uBO Lite's defaults blocking claude.ai/sentry, "
         "s-cdn.anthropic.com/s.js and statsig.anthropic.com (all EasyPrivacy).",
         "all_clear", None, absent=["blocked_by_extension", "unknown"], notes=["telemetry_blocked"],
         secrets=CLAUDE_SECRETS + [EMAIL, REPLY_MARK]))

case("obs_ff_claude_ublock_healthy_telemetry_blocked", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [UBLOCK_FF]},
    env(0, userAgent=FF_UA),
    o_http("https://claude.ai/new", 200, 0, method="GET", rtype="main_frame"),
    o_http("https://claude.ai/api/bootstrap", 200, 0.6, method="GET"),
] + claude_telemetry_obs(1.0, error="NS_ERROR_ABORT", segment=True) + [
    o_http(CLAUDE_URL, 200, 3.0, headers={"content-type": "text/event-stream; charset=utf-8", "server": "cloudflare"},
           dur=5.2),
    o_http(CLAUDE_URL, 200, 40.0, headers={"content-type": "text/event-stream; charset=utf-8", "server": "cloudflare"},
           dur=6.1),
], exp("Firefox with uBlock Origin: the webRequest cancels (NS_ERROR_ABORT) hit claude.ai/sentry, "
       "s-cdn.anthropic.com/s.js, statsig.anthropic.com and, from a stricter list, Anthropic's Segment "
       "proxy a-cdn/a-api.anthropic.com; two completions stream fine.",
       "all_clear", None, absent=["blocked_by_extension", "unknown"], notes=["telemetry_blocked"]))

case("har_gemini_ubol_healthy_telemetry_blocked", "har",
     chrome_har("https://gemini.google.com/app", [
         chrome_entry("GET", "https://gemini.google.com/app", 200, at=0, dur=610.0, rtype="document",
                      cookies=GEMINI_COOKIES, mime="text/html", initiator="other", ip="142.250.185.206",
                      priority="VeryHigh"),
         # EasyPrivacy: ||google.com/log^ (not for accounts.google.com initiators)
         chrome_entry("POST", "https://play.google.com/log?format=json&hasfast=true&authuser=0", 0, at=1.0,
                      dur=1.2, post='[[1,null,null,null,null,null,null,null,null,null,[null,null,null,null,"en"]]]',
                      post_mime="application/x-www-form-urlencoded;charset=UTF-8", error=BLOCKED, priority="Low"),
         # EasyPrivacy: ||google.com/gen_204?
         chrome_entry("GET", "https://gemini.google.com/gen_204?atyp=i&ei=kQ0xZ9w2Ym3vN8pL&ct=slh&zx=1763474602511",
                      0, at=1.4, dur=0.8, rtype="ping", error=BLOCKED, priority="VeryLow"),
         chrome_entry("POST", GEMINI_URL, 200, at=4.0, dur=2470.0, cookies=GEMINI_COOKIES, post=GEMINI_POST,
                      post_mime="application/x-www-form-urlencoded;charset=UTF-8",
                      reqh=(("x-goog-ext-525001261-jspb", '[1,null,null,null,"9ec249fc9ad08861",null,null,0,[4]]'),
                            ("x-same-domain", "1")),
                      resph=(("server", "ESF"),), mime="application/json; charset=utf-8", body=GEMINI_OK,
                      ip="142.250.185.206"),
         chrome_entry("POST", "https://play.google.com/log?format=json&hasfast=true&authuser=0", 0, at=7.0,
                      dur=1.0, post='[[1,null,null,null,null,null,null,null,null,null,[null,null,null,null,"en"]]]',
                      post_mime="application/x-www-form-urlencoded;charset=UTF-8", error=BLOCKED, priority="Low"),
     ]),
     exp("Chrome HAR of a healthy Gemini turn (StreamGenerate 200) while EasyPrivacy's "
         "||google.com/log^ and ||google.com/gen_204? rules block play.google.com/log and the "
         "gen_204 beacon.",
         "all_clear", None, absent=["blocked_by_extension", "unknown"], notes=["telemetry_blocked"],
         secrets=[GEMINI_COOKIE, PROMPT_MARK, REPLY_MARK]))

case("obs_copilot_ubol_healthy_telemetry_blocked", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [UBOL]},
    o_http("https://copilot.microsoft.com/", 200, 0, method="GET", rtype="main_frame"),
    o_http("https://copilot.microsoft.com/c/api/conversations", 200, 1.0,
           headers={"content-type": "application/json"}),
    # EasyPrivacy: clarity.ms (whole host): the Clarity tag and its collector
    o_net("https://www.clarity.ms/tag/tz5f0k2q1x", BLOCKED, 1.2, method="GET", rtype="script"),
    o_net("https://k.clarity.ms/collect", BLOCKED, 1.3),
    # EasyPrivacy: ||browser.events.data.microsoft.com/onecollector/ (its allow rule for
    # microsoft.com pages covers script and xmlhttprequest only, so a beacon is blocked)
    o_net("https://browser.events.data.microsoft.com/OneCollector/1.0/?cors=true&content-type=application/x-json-stream",
          BLOCKED, 1.5, rtype="ping"),
    o_net("https://browser.events.data.microsoft.com/OneCollector/1.0/?cors=true&content-type=application/x-json-stream",
          BLOCKED, 9.5, rtype="ping"),
], exp("Copilot chats over its WebSocket with no close; uBO Lite blocks Microsoft Clarity and the "
       "OneCollector beacons: all clear with a telemetry note.",
       "all_clear", None, absent=["blocked_by_extension", "websocket_blocked", "unknown"],
       notes=["telemetry_blocked"]))

case("har_perplexity_ubol_healthy_telemetry_blocked", "har",
     chrome_har("https://www.perplexity.ai/", [
         PPLX_DOC(0),
         # EasyPrivacy: ||perplexity.ai/rest/event/analytics
         chrome_entry("POST", "https://www.perplexity.ai/rest/event/analytics", 0, at=1.0, dur=1.0,
                      cookies=PPLX_COOKIES, post='{"event_name":"page view","event_data":{}}', error=BLOCKED,
                      priority="Low"),
         # uBlock filters: ||perplexity.ai/rest/metrics/collect^ (xmlhttprequest)
         chrome_entry("POST", "https://www.perplexity.ai/rest/metrics/collect", 0, at=1.2, dur=0.9,
                      cookies=PPLX_COOKIES, post='{"metrics":[{"name":"web_vitals_lcp","value":812}]}',
                      error=BLOCKED, priority="Low"),
         pplx_ask(5.0),
         chrome_entry("POST", "https://www.perplexity.ai/rest/event/analytics", 0, at=11.5, dur=1.0,
                      cookies=PPLX_COOKIES, post='{"event_name":"answer rendered","event_data":{}}', error=BLOCKED,
                      priority="Low"),
     ]),
     exp("Chrome HAR of a healthy Perplexity answer (/rest/sse/perplexity_ask streams to "
         "end_of_stream) while uBO Lite blocks /rest/event/analytics (EasyPrivacy) and "
         "/rest/metrics/collect (uBlock filters).",
         "all_clear", None, absent=["blocked_by_extension", "unknown"], notes=["telemetry_blocked"],
         secrets=[PPLX_SESSION, PROMPT_MARK, REPLY_MARK]))

case("har_ff_perplexity_healthy_telemetry_failed", "har",
     ff_har("https://www.perplexity.ai/", [
         ff_entry("GET", "https://www.perplexity.ai/", 200, at=0, dur=520, cookies=PPLX_COOKIES,
                  resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x301, "FRA"))),
                  mime="text/html; charset=utf-8", ip="104.18.26.48"),
         ff_entry("POST", "https://www.perplexity.ai/rest/event/analytics", 0, at=1.0, cookies=PPLX_COOKIES,
                  post='{"event_name":"page view","event_data":{}}'),
         ff_entry("POST", "https://www.perplexity.ai/rest/metrics/collect", 0, at=1.2, cookies=PPLX_COOKIES,
                  post='{"metrics":[]}'),
         pplx_ask(5.0, browser="firefox"),
     ]),
     exp("Firefox HAR of the same healthy Perplexity answer: the two telemetry requests show only as "
         "status 0 (Firefox's HAR keeps no reason), and nothing the chat needed failed.",
         "all_clear", None, absent=["blocked_by_extension", "unknown", "network_unstable"],
         secrets=[PPLX_SESSION, PROMPT_MARK, REPLY_MARK]))

# ---------------------------------------------------------------- the service failed, telemetry blocked

HMM = '{"detail":"Hmm...something seems to have gone wrong. Maybe try me again in a little bit."}'

case("har_chatgpt_500_with_telemetry_blocked", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + gpt_telemetry_chrome(1.3) + gpt_sentinel(2.0)
                + [gpt_turn(2.6, 500, body=HMM, dur=1904.2, n=21), gpt_ping_again(4.8)]),
     exp("Chrome HAR: uBO Lite blocks ChatGPT's telemetry and the conversation request itself answers "
         "500 with ChatGPT's server-side 'Hmm...something seems to have gone wrong': the failed send's "
         "own evidence wins; the blocker is not to blame.",
         "not_you", "server_error", fixes=["wait_and_retry"], action="send",
         absent=["blocked_by_extension", "network_unstable"], service="chatgpt", secrets=GPT_SECRETS))

case("obs_chatgpt_500_ubol_installed", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [UBOL, GRAMMARLY]},
    o_http("https://chatgpt.com/api/auth/session", 200, 0.9, method="GET"),
] + gpt_telemetry_obs(1.3) + [
    o_http("https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare", 200, 2.0),
    o_http("https://chatgpt.com/backend-api/sentinel/chat-requirements/finalize", 200, 2.2),
    o_http("https://chatgpt.com/backend-api/f/conversation", 500, 2.6,
           headers={"content-type": "application/json", "server": "cloudflare", "cf-ray": cf_ray(0x21)},
           body=HMM, dur=1.9),
], exp("The extension's view of the reported case: uBO Lite installed and blocking telemetry, the "
       "conversation answers 500: server_error first, the blocker nowhere.",
       "not_you", "server_error", fixes=["wait_and_retry"], action="send",
       absent=["blocked_by_extension"], service="chatgpt"))

CLAUDE_500 = '{"type":"error","error":{"type":"api_error","message":"Internal server error"},"request_id":"req_011CW9Xq7mK2pL9vN4bR8tW1"}'

case("har_claude_500_with_telemetry_blocked", "har",
     chrome_har("https://claude.ai/new", claude_page() + claude_telemetry_chrome(1.0) + [
         claude_turn(3.0, 500, body=CLAUDE_500, dur=1420.0)]),
     exp("Chrome HAR: claude.ai/sentry, s-cdn.anthropic.com/s.js and statsig.anthropic.com are "
         "blocked, and the completion answers 500 api_error 'Internal server error'.",
         "not_you", "server_error", action="send", absent=["blocked_by_extension", "server_overloaded"],
         service="claude", secrets=CLAUDE_SECRETS))

case("har_ff_claude_500_with_telemetry_failed", "har",
     ff_har("https://claude.ai/new", claude_page(browser="firefox") + [
         ff_entry("POST", "https://claude.ai/sentry", 0, at=1.0, cookies=CLAUDE_COOKIES,
                  post='{"event_id":"5e4d3c2b1a0948f7a6b5c4d3e2f1a0b9"}', post_mime="text/plain;charset=UTF-8"),
         ff_entry("GET", "https://s-cdn.anthropic.com/s.js", 0, at=1.05),
         ff_entry("POST", "https://a-api.anthropic.com/v1/t", 0, at=1.1, post='{"event":"page"}'),
         claude_turn(3.0, 500, browser="firefox", body=CLAUDE_500, dur=1420),
     ]),
     exp("Firefox HAR: Claude's telemetry requests show as status 0 with no reason and the completion "
         "answers 500 api_error.",
         "not_you", "server_error", action="send", absent=["blocked_by_extension", "unknown"],
         service="claude", secrets=CLAUDE_SECRETS + [EMAIL]))

case("har_chatgpt_stream_cut_with_telemetry_blocked", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + gpt_telemetry_chrome(1.3) + gpt_sentinel(2.0)
                + [gpt_turn(2.6, 200, body=GPT_SSE_CUT, error="net::ERR_HTTP2_PROTOCOL_ERROR", dur=21480.0),
                   gpt_ping_again(24.3)]),
     exp("Chrome HAR: uBO Lite blocks ChatGPT's telemetry; the conversation starts streaming (200, "
         "first SSE frames) and breaks off with net::ERR_HTTP2_PROTOCOL_ERROR: the reply was cut.",
         "not_you", "response_interrupted", fixes=["regenerate"], action="send",
         absent=["blocked_by_extension", "network_unstable"], service="chatgpt", secrets=GPT_SECRETS))

case("obs_claude_stream_cut_ubol_telemetry_blocked", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [GRAMMARLY, UBOL]},
    o_http("https://claude.ai/api/bootstrap", 200, 0.5, method="GET"),
] + claude_telemetry_obs(1.0) + [
    o_http(CLAUDE_URL, 200, 2.0, headers={"content-type": "text/event-stream; charset=utf-8", "server": "cloudflare"},
           dur=12.4),
    {"kind": "streamAbort", "url": CLAUDE_URL, "bytesReceived": 9120, "msSinceStart": 12400,
     "error": "TypeError: network error", "time": ms(14.4)},
], exp("The extension's view: uBO Lite blocks Claude's telemetry, and the completion stream breaks "
       "after 9 KB with Chrome's mid-body 'TypeError: network error'.",
       "not_you", "response_interrupted", fixes=["regenerate"], action="send",
       absent=["blocked_by_extension", "network_unstable"], service="claude"))

case("obs_ff_chatgpt_stream_cut_ublock_telemetry", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [UBLOCK_FF]},
    env(0, userAgent=FF_UA),
    o_http("https://chatgpt.com/api/auth/session", 200, 0.9, method="GET"),
] + gpt_telemetry_obs(1.3, error="NS_ERROR_ABORT") + [
    o_http("https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare", 200, 2.0),
    o_http("https://chatgpt.com/backend-api/sentinel/chat-requirements/finalize", 200, 2.2),
    o_http("https://chatgpt.com/backend-api/f/conversation", 200, 2.6,
           headers={"content-type": "text/event-stream; charset=utf-8", "server": "cloudflare"}, dur=8.3),
    {"kind": "streamAbort", "url": "https://chatgpt.com/backend-api/f/conversation", "bytesReceived": 4410,
     "msSinceStart": 8300, "error": "TypeError: Error in input stream", "time": ms(10.9)},
], exp("Firefox with uBlock Origin cancelling ChatGPT's telemetry (NS_ERROR_ABORT); the reply stream "
       "then breaks with Firefox's mid-body 'TypeError: Error in input stream'.",
       "not_you", "response_interrupted", fixes=["regenerate"], action="send",
       absent=["blocked_by_extension", "network_unstable"], service="chatgpt"))

# ---------------------------------------------------------------- the send itself blocked

case("obs_chatgpt_conversation_blocked_by_ubol", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [UBOL, GRAMMARLY, DARK_READER]},
    o_http("https://chatgpt.com/api/auth/session", 200, 0.9, method="GET"),
] + gpt_telemetry_obs(1.3) + [
    o_http("https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare", 200, 2.0),
    o_http("https://chatgpt.com/backend-api/sentinel/chat-requirements/finalize", 200, 2.2),
    o_net("https://chatgpt.com/backend-api/f/conversation", BLOCKED, 2.6),
    o_http("https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare", 200, 14.0),
    o_http("https://chatgpt.com/backend-api/sentinel/chat-requirements/finalize", 200, 14.2),
    o_net("https://chatgpt.com/backend-api/f/conversation", BLOCKED, 14.6),
], exp("One extra rule in the blocker catches the conversation request itself "
       "(net::ERR_BLOCKED_BY_CLIENT on /backend-api/f/conversation, twice); uBO Lite is the one "
       "content blocker installed, so it is named, with its disable and allow-list fixes.",
       "your_browser", "blocked_by_extension", fixes=["disable_extension", "allowlist_site_in_blocker"],
       action="send", absent=["unknown", "network_unstable"], service="chatgpt"))

case("har_chatgpt_conversation_blocked_by_client", "har",
     chrome_har("https://chatgpt.com/", gpt_page_load() + gpt_telemetry_chrome(1.3) + gpt_sentinel(2.0) + [
         gpt_turn(2.6, 0, error=BLOCKED, dur=1.6)] + gpt_sentinel(14.0) + [
         gpt_turn(14.6, 0, error=BLOCKED, dur=1.4)]),
     exp("Chrome HAR: the conversation request is blocked by the client on both sends "
         "(status 0, _error net::ERR_BLOCKED_BY_CLIENT) while the pre-send checks pass.",
         "your_browser", "blocked_by_extension", fixes=["allowlist_site_in_blocker"], action="send",
         absent=["unknown", "server_error"], service="chatgpt", secrets=GPT_SECRETS))

case("obs_ff_perplexity_ask_blocked_by_extension", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [UBLOCK_FF]},
    env(0, userAgent=FF_UA),
    o_http("https://www.perplexity.ai/", 200, 0, method="GET", rtype="main_frame"),
    o_net("https://www.perplexity.ai/rest/event/analytics", "NS_ERROR_ABORT", 1.0),
    o_net("https://www.perplexity.ai/rest/sse/perplexity_ask", "NS_ERROR_ABORT", 4.0),
    o_net("https://www.perplexity.ai/rest/sse/perplexity_ask", "NS_ERROR_ABORT", 11.0),
], exp("Firefox: uBlock Origin cancels (NS_ERROR_ABORT) Perplexity's ask stream "
       "/rest/sse/perplexity_ask as well as its analytics.",
       "your_browser", "blocked_by_extension", fixes=["disable_extension"], action="send",
       absent=["unknown"], service="perplexity"))

# ---------------------------------------------------------------- the page itself is an error

NGINX_494 = ("<html>\r\n<head><title>400 Request Header Or Cookie Too Large</title></head>\r\n<body>\r\n"
             "<center><h1>400 Bad Request</h1></center>\r\n<center>Request Header Or Cookie Too Large</center>\r\n"
             "<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n")
GPT_BIG_COOKIES = GPT_COOKIES + tuple((f"_dd_s_{i}", "rum=0&id=" + "5f1c0e5a2b7d4c1e" * 30 + "&expire=1763475502913")
                                      for i in range(24))

case("obs_chatgpt_fresh_tab_cookie_too_large", "obs", [
    o_http("https://chatgpt.com/", 400, 0, method="GET", rtype="main_frame",
           headers={"content-type": "text/html", "server": "cloudflare", "cf-ray": cf_ray(0x40)}),
    {"kind": "pageMessage", "text": "400 Bad Request\nRequest Header Or Cookie Too Large\ncloudflare",
     "url": "https://chatgpt.com/", "time": ms(0.3)},
], exp("A fresh tab opens onto the 400 page (nginx's 'Request Header Or Cookie Too Large', as "
       "Cloudflare's edge serves it): webRequest records the main frame's 400 and the content script "
       "sends the page's visible text.",
       "your_browser", "oversized_cookies", fixes=["clear_site_cookies"],
       absent=["unknown", "stale_site_data", "server_error"], service="chatgpt"))

case("har_chatgpt_main_frame_cookie_too_large", "har",
     chrome_har("https://chatgpt.com/", [
         chrome_entry("GET", "https://chatgpt.com/", 400, at=0, dur=48.0, rtype="document",
                      cookies=GPT_BIG_COOKIES, resph=GPT_CF(1), mime="text/html",
                      body=NGINX_494.replace("{server}", "cloudflare"), initiator="other", priority="VeryHigh"),
         chrome_entry("GET", "https://chatgpt.com/favicon.ico", 400, at=0.2, dur=30.0, rtype="other",
                      cookies=GPT_BIG_COOKIES, resph=GPT_CF(2), mime="text/html",
                      body=NGINX_494.replace("{server}", "cloudflare"), initiator="other", priority="Low"),
     ]),
     exp("Chrome HAR of the same fresh tab: the document is the 400 'Request Header Or Cookie Too "
         "Large' page (nginx wording) and nothing else loads.",
         "your_browser", "oversized_cookies", fixes=["clear_site_cookies"], action="page_load",
         absent=["unknown", "stale_site_data"], service="chatgpt", secrets=[CHATGPT_SESSION, CF_CLEARANCE]))

case("har_ff_perplexity_main_frame_cookie_too_large", "har",
     ff_har("https://www.perplexity.ai/", [
         ff_entry("GET", "https://www.perplexity.ai/", 400, at=0, dur=41,
                  cookies=PPLX_COOKIES + tuple((f"pplx.metadata-{i}", "%7B%22" + "a" * 700 + "%22%7D") for i in range(12)),
                  resph=(("server", "nginx"),), mime="text/html", body=NGINX_494.replace("{server}", "nginx"),
                  ip="104.18.26.48"),
     ]),
     exp("Firefox HAR (no resource types): the page itself is nginx's 400 'Request Header Or Cookie "
         "Too Large'.",
         "your_browser", "oversized_cookies", fixes=["clear_site_cookies"], action="page_load",
         absent=["unknown", "stale_site_data"], service="perplexity", secrets=[PPLX_SESSION]))


def cf_1020_html(host, ray):
    # Cloudflare's 1xxx error template as ChatGPT users met it ("has banned your access based on
    # your browser's signature").
    return (f'<!DOCTYPE html>\n<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->\n'
            f'<head>\n<title>Access denied | {host} used Cloudflare to restrict access</title>\n'
            f'<meta charset="UTF-8" />\n</head>\n<body>\n<div id="cf-wrapper"><div id="cf-error-details" class="cf-error-details-wrapper">'
            f'<div class="cf-wrapper cf-header cf-error-overview"><h1><span class="cf-error-type" data-translate="error">Error</span>'
            f'<span class="cf-error-code">1020</span></h1><span class="cf-error-type">Ray ID: {ray}</span>'
            f'<h2 class="cf-subheadline" data-translate="error_desc">Access denied</h2></div>'
            f'<section><div class="cf-column"><h2 data-translate="what_happened">What happened?</h2>'
            f'<p>The owner of this website ({host}) has banned your access based on your browser\'s signature ({ray}).</p>'
            f'</div></section><div class="cf-error-footer">Cloudflare Ray ID: <strong>{ray}</strong> &bull; '
            f'<span>Performance &amp; security by Cloudflare</span></div></div></div>\n</body>\n</html>\n')


case("obs_chatgpt_cloudflare_1020_page", "obs", [
    o_http("https://chatgpt.com/", 403, 0, method="GET", rtype="main_frame",
           headers={"content-type": "text/html; charset=UTF-8", "server": "cloudflare", "cf-ray": cf_ray(0x41, "LHR")}),
    {"kind": "pageMessage",
     "text": "Error 1020 Ray ID: " + cf_ray(0x41, "LHR") + "\nAccess denied\nWhat happened?\nThe owner of this "
             "website (chatgpt.com) has banned your access based on your browser's signature (" + cf_ray(0x41, "LHR") + ").",
     "url": "https://chatgpt.com/", "time": ms(0.3)},
], exp("The tab's page is Cloudflare's 403 'Error 1020 Access denied' block page (a firewall rule "
       "matched the browser's signature): Cloudflare's bot protection, not the account.",
       "your_account", "bot_challenge", absent=["unknown", "access_forbidden", "blocked_by_network_policy"],
       service="chatgpt"))

case("har_claude_main_frame_cloudflare_1020", "har",
     chrome_har("https://claude.ai/new", [
         chrome_entry("GET", "https://claude.ai/new", 403, at=0, dur=62.0, rtype="document",
                      cookies=CLAUDE_COOKIES, mime="text/html; charset=UTF-8",
                      resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x5d0, "AMS")),
                             ("cache-control", "private, max-age=0, no-store, no-cache, must-revalidate")),
                      body=cf_1020_html("claude.ai", cf_ray(0x5d0, "AMS")), initiator="other",
                      ip="160.79.104.10", priority="VeryHigh"),
     ]),
     exp("Chrome HAR: claude.ai's document is Cloudflare's 403 error 1020 'Access denied' page "
         "(no cf-mitigated header: a block, not an interactive challenge).",
         "your_account", "bot_challenge", action="page_load", absent=["unknown", "access_forbidden"],
         service="claude", secrets=[CLAUDE_SESSION, CF_CLEARANCE]))

CF_502_TEXT = ("Bad gateway Error code 502\nVisit cloudflare.com for more information.\n2025-11-18 14:03:21 UTC\n"
               "You\nBrowser\nWorking\nFrankfurt\nCloudflare\nWorking\nchatgpt.com\nHost\nError\nWhat happened?\n"
               "The web server reported a bad gateway error.\nWhat can I do?\nPlease try again in a few minutes.\n"
               "Cloudflare Ray ID: " + cf_ray(0x42) + " • Your IP: Click to reveal • Performance & security by Cloudflare")

case("obs_chatgpt_main_frame_502_cloudflare", "obs", [
    o_http("https://chatgpt.com/", 502, 0, method="GET", rtype="main_frame",
           headers={"content-type": "text/html; charset=UTF-8", "server": "cloudflare", "cf-ray": cf_ray(0x42)}),
    {"kind": "pageMessage", "text": CF_502_TEXT, "url": "https://chatgpt.com/", "time": ms(0.4)},
], exp("The tab's page is Cloudflare's own 502 'Bad gateway' page (browser working, Cloudflare "
       "working, host error), as webRequest and the page's visible text report it.",
       "not_you", "gateway_error", fixes=["wait_and_retry"], absent=["unknown", "server_error"],
       service="chatgpt"))

case("har_claude_main_frame_504_cloudflare", "har",
     chrome_har("https://claude.ai/new", [
         chrome_entry("GET", "https://claude.ai/new", 504, at=0, dur=100021.0, rtype="document",
                      cookies=CLAUDE_COOKIES, mime="text/html; charset=UTF-8",
                      resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x5d1, "AMS"))),
                      body=cf_error_html(504, "Gateway time-out", "claude.ai", cf_ray(0x5d1, "AMS")),
                      initiator="other", ip="160.79.104.10", priority="VeryHigh"),
     ]),
     exp("Chrome HAR: claude.ai's document is Cloudflare's 504 'Gateway time-out' page after 100 s.",
         "not_you", "gateway_error", fixes=["wait_and_retry"], action="page_load",
         absent=["unknown", "offline"], service="claude", secrets=[CLAUDE_SESSION, CF_CLEARANCE]))

case("har_ff_perplexity_main_frame_502", "har",
     ff_har("https://www.perplexity.ai/", [
         ff_entry("GET", "https://www.perplexity.ai/", 502, at=0, dur=30050, cookies=PPLX_COOKIES,
                  resph=(("server", "cloudflare"), ("cf-ray", cf_ray(0x304, "FRA"))),
                  mime="text/html; charset=UTF-8",
                  body=cf_error_html(502, "Bad gateway", "www.perplexity.ai", cf_ray(0x304, "FRA")),
                  ip="104.18.26.48"),
     ]),
     exp("Firefox HAR: Perplexity's page itself is Cloudflare's 502 'Bad gateway'.",
         "not_you", "gateway_error", action="page_load", absent=["unknown"], service="perplexity",
         secrets=[PPLX_SESSION]))

# Chrome's own network error page runs no content script, so only webRequest reports it.
case("obs_chatgpt_main_frame_name_not_resolved", "obs", [
    o_net("https://chatgpt.com/", "net::ERR_NAME_NOT_RESOLVED", 0, method="GET", rtype="main_frame"),
], exp("A fresh tab shows Chrome's 'This site can't be reached' page: the main frame failed with "
       "net::ERR_NAME_NOT_RESOLVED and nothing else was requested.",
       "your_network", "dns_failure", action="page_load", absent=["offline", "unknown"], service="chatgpt"))

case("obs_gemini_main_frame_internet_disconnected", "obs", [
    o_net("https://gemini.google.com/app", "net::ERR_INTERNET_DISCONNECTED", 0, method="GET", rtype="main_frame"),
], exp("Chrome's 'No internet' page on a fresh Gemini tab: the main frame failed with "
       "net::ERR_INTERNET_DISCONNECTED.",
       "your_network", "offline", action="page_load", absent=["dns_failure", "unknown"], service="gemini"))

case("har_claude_main_frame_internet_disconnected", "har",
     chrome_har("https://claude.ai/new", [
         chrome_entry("GET", "https://claude.ai/new", 0, at=0, dur=3.0, rtype="document",
                      cookies=CLAUDE_COOKIES, error="net::ERR_INTERNET_DISCONNECTED", initiator="other",
                      priority="VeryHigh"),
     ]),
     exp("Chrome HAR of a tab that opened onto Chrome's 'No internet' page: one document request, "
         "net::ERR_INTERNET_DISCONNECTED.",
         "your_network", "offline", action="page_load", absent=["dns_failure", "unknown"], service="claude",
         secrets=[CLAUDE_SESSION]))

case("har_perplexity_main_frame_name_not_resolved", "har",
     chrome_har("https://www.perplexity.ai/", [
         chrome_entry("GET", "https://www.perplexity.ai/", 0, at=0, dur=2011.0, rtype="document",
                      cookies=PPLX_COOKIES, error="net::ERR_NAME_NOT_RESOLVED", initiator="other",
                      priority="VeryHigh"),
     ]),
     exp("Chrome HAR: www.perplexity.ai does not resolve (one document request, "
         "net::ERR_NAME_NOT_RESOLVED).",
         "your_network", "dns_failure", action="page_load", absent=["offline", "unknown"],
         service="perplexity", secrets=[PPLX_SESSION]))

# ---------------------------------------------------------------- WebSockets in proportion

COPILOT_WS = "wss://copilot.microsoft.com/c/api/chat?api-version=2"
PPLX_WS = "wss://www.perplexity.ai/socket.io/?EIO=4&transport=websocket"


def ws_close(url, at, *, code=1006, ms_open, since_message=None, opened=True):
    o = {"kind": "wsClose", "url": url, "code": code, "reason": "", "wasClean": code == 1000,
         "opened": opened, "msOpen": ms_open, "time": ms(at)}
    if since_message is not None:
        o["msSinceMessage"] = since_message
    return o


case("obs_copilot_socket_idle_drop_recovered", "obs", [
    o_http("https://copilot.microsoft.com/", 200, 0, method="GET", rtype="main_frame"),
    o_http("https://copilot.microsoft.com/c/api/conversations", 200, 1.0, headers={"content-type": "application/json"}),
    ws_close(COPILOT_WS, 601.0, ms_open=599000, since_message=241000),
    o_http("https://copilot.microsoft.com/c/api/conversations", 200, 640.0, headers={"content-type": "application/json"}),
], exp("Copilot's chat socket, idle for four minutes, closes once with 1006; the page opens a new "
       "one and the next conversation works: a note, not 'your connection keeps dropping'.",
       "all_clear", None, absent=["network_unstable", "websocket_blocked", "response_interrupted", "unknown"],
       notes=["socket_recovered"]))

case("obs_ff_perplexity_socket_idle_drop", "obs", [
    env(0, userAgent=FF_UA),
    o_http("https://www.perplexity.ai/", 200, 0, method="GET", rtype="main_frame"),
    ws_close(PPLX_WS, 312.0, ms_open=310500, since_message=19400),
    o_http("https://www.perplexity.ai/rest/sse/perplexity_ask", 200, 330.0,
           headers={"content-type": "text/event-stream; charset=utf-8", "server": "cloudflare"}, dur=6.2),
], exp("Firefox: Perplexity's socket.io socket closes once (1006) 19 s after its last engine.io "
       "ping, between answers; the next answer streams fine.",
       "all_clear", None, absent=["network_unstable", "websocket_blocked", "unknown"],
       notes=["socket_recovered"]))

case("obs_copilot_idle_drop_and_telemetry_blocked", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [UBOL]},
    o_http("https://copilot.microsoft.com/c/api/conversations", 200, 1.0, headers={"content-type": "application/json"}),
    o_net("https://www.clarity.ms/tag/tz5f0k2q1x", BLOCKED, 1.2, method="GET", rtype="script"),
    o_net("https://browser.events.data.microsoft.com/OneCollector/1.0/?cors=true&content-type=application/x-json-stream",
          BLOCKED, 1.5, rtype="ping"),
    ws_close(COPILOT_WS, 420.0, ms_open=418000, since_message=95000),
], exp("One idle 1006 close of Copilot's socket with uBO Lite blocking its telemetry beside it: two "
       "notes; blocked requests are not network errors and add up to no drop count.",
       "all_clear", None, absent=["network_unstable", "blocked_by_extension", "unknown"],
       notes=["socket_recovered", "telemetry_blocked"]))

case("obs_copilot_socket_cut_mid_reply", "obs", [
    o_http("https://copilot.microsoft.com/c/api/conversations", 200, 1.0, headers={"content-type": "application/json"}),
    ws_close(COPILOT_WS, 16.2, ms_open=15200, since_message=84),
], exp("Copilot's chat socket closes abnormally (1006) 84 ms after its last appendText frame, "
       "while the reply was streaming: the reply was cut.",
       "not_you", "response_interrupted", fixes=["regenerate"], action="send",
       absent=["network_unstable", "websocket_blocked"], service="copilot"))

case("obs_perplexity_two_socket_drops", "obs", [
    o_http("https://www.perplexity.ai/", 200, 0, method="GET", rtype="main_frame"),
    ws_close(PPLX_WS, 40.0, ms_open=39000, since_message=7200),
    ws_close(PPLX_WS, 71.0, ms_open=29500, since_message=11800),
], exp("Two abnormal closes of Perplexity's socket half a minute apart: the least that makes "
       "'your connection keeps dropping'.",
       "your_network", "network_unstable", fixes=["switch_network"],
       absent=["websocket_blocked", "server_error"], service="perplexity"))

case("obs_copilot_socket_many_drops", "obs", [
    o_http("https://copilot.microsoft.com/c/api/conversations", 200, 1.0, headers={"content-type": "application/json"}),
    ws_close(COPILOT_WS, 22.0, ms_open=20500, since_message=6100),
    ws_close(COPILOT_WS, 48.0, ms_open=24800, since_message=3900),
    o_net("https://copilot.microsoft.com/c/api/conversations", "net::ERR_NETWORK_CHANGED", 61.0),
    ws_close(COPILOT_WS, 83.0, ms_open=21000, since_message=14200),
    env(84, connectionType="wifi"),
], exp("Copilot's socket drops three times within a minute and a conversation request fails "
       "with net::ERR_NETWORK_CHANGED: the connection is unstable.",
       "your_network", "network_unstable", fixes=["switch_network"],
       absent=["websocket_blocked", "service_outage"], service="copilot"))

# ---------------------------------------------------------------- other notes

case("obs_chatgpt_status_incident_chat_works", "obs", [
    {"kind": "status", "service": "chatgpt", "indicator": "minor",
     "components": [{"name": "Conversations", "status": "degraded_performance"}],
     "incidents": [{"name": "Increased latency for some ChatGPT users", "status": "investigating", "impact": "minor",
                    "url": "https://status.openai.com/incidents/01JXYZTESTLATENCY"}],
     "maintenances": [], "pageUrl": "https://status.openai.com", "time": ms(0)},
    o_http("https://chatgpt.com/api/auth/session", 200, 1, method="GET"),
    gpt_chat_ok(3), gpt_chat_ok(45),
], exp("status.openai.com reports a minor incident, but both chat turns here succeed: the incident "
       "is a note, not a finding.",
       "all_clear", None, absent=["service_outage", "unknown"], notes=["status_incident"]))

case("obs_chatgpt_sidebar_history_502", "obs", [
    o_http("https://chatgpt.com/api/auth/session", 200, 1, method="GET"),
    gpt_chat_ok(3),
    o_http("https://chatgpt.com/backend-api/conversations?offset=0&limit=28&order=updated", 502, 9.5, method="GET",
           headers={"content-type": "text/html", "server": "cloudflare", "cf-ray": cf_ray(0x43)},
           body=cf_error_html(502, "Bad gateway", "chatgpt.com", cf_ray(0x43))),
], exp("After a turn that streamed fine, the sidebar's refresh of the conversation list (GET "
       "/backend-api/conversations) gets Cloudflare's 502: a side request failed, the chat did not.",
       "all_clear", None, absent=["gateway_error", "unknown"], notes=["side_request_failed"]))

# ---------------------------------------------------------------- the app bundle blocked

# No default uBO Lite rule touches cdn.oaistatic.com; these model a user's own filter or an
# over-broad list entry (the kind of "chatgpt.com: breakage" report uAssets keeps receiving).
case("har_chatgpt_app_bundle_blocked", "har",
     chrome_har("https://chatgpt.com/", [
         chrome_entry("GET", "https://chatgpt.com/", 200, at=0, dur=412.5, rtype="document",
                      cookies=GPT_COOKIES, resph=GPT_CF(1) + (("cache-control", "no-cache, no-store"),),
                      mime="text/html", initiator="other", priority="VeryHigh"),
         chrome_entry("GET", "https://cdn.oaistatic.com/assets/i5bamk05qmvsi6c3.js", 0, at=0.45, dur=1.2,
                      rtype="script", error=BLOCKED, initiator="parser"),
         chrome_entry("GET", "https://cdn.oaistatic.com/assets/root-c4d2e8f1.css", 0, at=0.46, dur=1.0,
                      rtype="stylesheet", error=BLOCKED, initiator="parser"),
     ]),
     exp("Chrome HAR: the page's own script and style bundles on cdn.oaistatic.com are blocked by the "
         "client and nothing after them loads: the page could not start, and the blocker caused it.",
         "your_browser", "blocked_by_extension", fixes=["allowlist_site_in_blocker"], action="page_load",
         absent=["stale_assets", "unknown"], service="chatgpt", secrets=[CHATGPT_SESSION]))

case("obs_chatgpt_app_bundle_blocked_ubol", "obs", [
    {"kind": "extensions", "time": ms(0), "extensions": [UBOL, GRAMMARLY]},
    o_http("https://chatgpt.com/", 200, 0, method="GET", rtype="main_frame"),
    o_net("https://cdn.oaistatic.com/assets/i5bamk05qmvsi6c3.js", BLOCKED, 0.45, method="GET", rtype="script"),
    o_net("https://cdn.oaistatic.com/assets/root-c4d2e8f1.css", BLOCKED, 0.46, method="GET", rtype="stylesheet"),
], exp("The extension's view of the same blank page: uBO Lite installed, ChatGPT's app bundles "
       "blocked by the client: the blocker is named, with its disable and allow-list fixes.",
       "your_browser", "blocked_by_extension", fixes=["disable_extension", "allowlist_site_in_blocker"],
       action="page_load", absent=["stale_assets", "unknown"], service="chatgpt"))

# ChatGPT's reply socket as its register-websocket call hands it out (Azure Web PubSub; the
# client access token rides in the URL's query).
GPT_WS = ("wss://chatgpt-async-webps-prod-southcentralus-5.webpubsub.azure.com/client/hubs/conversations"
          "?access_token=" + CHATGPT_JWT)

case("obs_chatgpt_socket_idle_drop_recovered", "obs", [
    o_http("https://chatgpt.com/", 200, 0, method="GET", rtype="main_frame"),
    o_http("https://chatgpt.com/backend-api/register-websocket", 200, 1.2,
           headers={"content-type": "application/json", "server": "cloudflare"}),
    gpt_chat_ok(3),
    ws_close(GPT_WS, 905.0, ms_open=903500, since_message=812000),
    o_http("https://chatgpt.com/backend-api/register-websocket", 200, 905.4,
           headers={"content-type": "application/json", "server": "cloudflare"}),
], exp("The reported ChatGPT case: on an otherwise idle page the reply socket closes once with "
       "1006 (13 minutes after its last message) and the page registers a new one: a note, not "
       "'your connection keeps dropping'; the socket's access token appears nowhere.",
       "all_clear", None, absent=["network_unstable", "websocket_blocked", "unknown"],
       notes=["socket_recovered"], secrets=[JWT_SIG]))
