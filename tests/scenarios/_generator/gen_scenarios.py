#!/usr/bin/env python3
"""Writes tests/scenarios/<case>/ for chatmedic: HAR files in Chrome's and Firefox's export
shapes, observation arrays and pasted texts, each with expected.json.

Shapes follow Chrome DevTools' HAR export (pseudo-headers on h2/h3, `_resourceType`,
`_initiator`, `_priority`, `_transferSize`, `_error` with `net::ERR_*` and status 0 for failed
requests) and Firefox's netmonitor har-builder (version "1.1", creator Firefox, Title-Case
request headers, `_securityState`, status 0 with no error text for failed requests).
"""
import json
import os
import shutil
import sys
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, parse_qsl

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
T0 = datetime(2025, 11, 18, 14, 3, 21, 512000, tzinfo=timezone.utc)
T0_MS = int(T0.timestamp() * 1000)

CHROME_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/142.0.0.0 Safari/537.36")
FF_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0"

# Planted secrets. Every one listed in a case's expected.json must occur in that case's input
# (the runner checks), and must never occur in the report.
CHATGPT_SESSION = ("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..Tm90QVJlYWxTZXNzaW9u."
                   "q7Vh3kP0wXz9LmB2nC4dR6sT8uY1aE5gJ")
CHATGPT_JWT = ("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjE5MzQ0ZTY1In0."
               "eyJhdWQiOlsiaHR0cHM6Ly9hcGkub3BlbmFpLmNvbS92MSJdLCJlbWFpbCI6ImRhbmEubWVpZXJAZXhhbXBsZS5vcmciLCJleHAiOjE3NjQ0OTEyMDB9."
               "Zm9yZ2VkLXNpZ25hdHVyZS1mb3ItdGVzdHMtb25seS1xdWl4b3Rl")
JWT_SIG = "Zm9yZ2VkLXNpZ25hdHVyZS1mb3ItdGVzdHMtb25seS1xdWl4b3Rl"
CF_CLEARANCE = "Hc4W1sPq0x9Lk2_aB7mN3vR5tY8uI6oE-1763474000-1.2.1.1-dGVzdC1jbGVhcmFuY2U"
EMAIL = "dana.meier@example.org"
CLAUDE_SESSION = "sk-ant-sid01-Qx7mK2pL9vN4bR8tW1yZ3cF6hJ0dS5gA-testonly-AAAAAAA"
ANTHROPIC_KEY = "sk-ant-api03-Vb9kQ2mX7pL4nR1tW8yZ5cF3hJ6dS0gA-testonly-BBBBBBBBBBBB"
OPENAI_KEY = "sk-proj-T3stOnlyK9mX2pL7nR4tW1yZ8cF5hJ3dS6gAqE0vB2uI"
PROMPT = "Draft a resignation letter to Priya about the Lisbon relocation"
PROMPT_MARK = "Lisbon relocation"
REPLY_MARK = "after careful thought about the Porto office"
PPLX_SESSION = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..UHBseFNlc3Npb24.V2hhdEV2ZXJZb3VTZWU"
GEMINI_COOKIE = "g.a000qQhF7testonlyQ0xZk9w2Ym3vN8pL5rT1uW4yC6eB0dS9gJ_kM7sPAAACgYKA"

ORG = "0f3e2d1c-4b5a-4968-8776-5f4e3d2c1b0a"
CONV = "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d"
GPT_CONV = "6747c1e2-93a4-8012-b3c5-d6e7f8091a2b"

cases = []


def iso_chrome(at):
    t = T0 + timedelta(seconds=at)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def iso_firefox(at):
    t = (T0 + timedelta(seconds=at)).astimezone(timezone(timedelta(hours=1)))
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+01:00"


def http_date(at):
    return (T0 + timedelta(seconds=at)).strftime("%a, %d %b %Y %H:%M:%S GMT")


def ms(at):
    return T0_MS + int(at * 1000)


REASONS = {200: "OK", 204: "No Content", 304: "Not Modified", 400: "Bad Request",
           401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 413: "Payload Too Large",
           429: "Too Many Requests", 431: "Request Header Fields Too Large",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
           504: "Gateway Timeout", 524: "", 529: ""}


def cf_ray(n, colo="FRA"):
    return f"9a{n:014x}-{colo}"


def chrome_entry(method, url, status=200, *, at=0.0, dur=180.0, rtype="fetch", reqh=(),
                 cookies=(), post=None, post_mime="application/json", resph=(),
                 mime="application/json", body=None, error=None, http="h3",
                 ip="104.18.32.47", priority="High", initiator="script"):
    u = urlsplit(url)
    path = u.path + (("?" + u.query) if u.query else "")
    headers = [{"name": ":authority", "value": u.netloc}, {"name": ":method", "value": method},
               {"name": ":path", "value": path}, {"name": ":scheme", "value": "https"},
               {"name": "accept", "value": dict(reqh).get("accept", "*/*")},
               {"name": "accept-encoding", "value": "gzip, deflate, br, zstd"},
               {"name": "accept-language", "value": "en-US,en;q=0.9"}]
    if post is not None:
        headers.append({"name": "content-type", "value": post_mime})
    if cookies:
        headers.append({"name": "cookie", "value": "; ".join(f"{k}={v}" for k, v in cookies)})
    for k, v in reqh:
        if k != "accept":
            headers.append({"name": k, "value": v})
    headers += [{"name": "priority", "value": "u=1, i"},
                {"name": "sec-ch-ua", "value": '"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"'},
                {"name": "sec-fetch-dest", "value": "empty"},
                {"name": "sec-fetch-mode", "value": "cors"},
                {"name": "sec-fetch-site", "value": "same-origin"},
                {"name": "user-agent", "value": CHROME_UA}]
    request = {
        "method": method, "url": url, "httpVersion": http if status else "",
        "headers": headers,
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(u.query)],
        "cookies": [{"name": k, "value": v, "path": "/", "domain": "." + u.hostname,
                     "expires": "2026-05-17T14:03:21.000Z", "httpOnly": True, "secure": True}
                    for k, v in cookies],
        "headersSize": -1,
        "bodySize": len(post.encode()) if post is not None else 0,
    }
    if post is not None:
        request["postData"] = {"mimeType": post_mime, "text": post}
    if status == 0:
        response = {"status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [],
                    "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "",
                    "headersSize": -1, "bodySize": -1, "_transferSize": 0, "_error": error}
        timings = {"blocked": round(dur * 0.1, 3), "dns": -1, "ssl": -1, "connect": -1,
                   "send": 0, "wait": 0, "receive": 0, "_blocked_queueing": round(dur * 0.1, 3)}
        ip_out = ""
    else:
        rh = [{"name": "date", "value": http_date(at)}]
        if mime:
            rh.append({"name": "content-type", "value": mime})
        for k, v in resph:
            rh.append({"name": k, "value": v})
        size = len(body.encode()) if body is not None else 0
        content = {"size": size, "mimeType": mime or "x-unknown"}
        if body is not None:
            content["text"] = body
        response = {"status": status, "statusText": "" if http in ("h3", "http/2.0") else REASONS.get(status, ""),
                    "httpVersion": http, "headers": rh, "cookies": [], "content": content,
                    "redirectURL": "", "headersSize": -1, "bodySize": -1,
                    "_transferSize": size + 420, "_error": error}
        wait = round(dur * 0.7, 3)
        timings = {"blocked": 0.812, "dns": -1, "ssl": -1, "connect": -1, "send": 0.214,
                   "wait": wait, "receive": round(dur - wait - 1.026, 3), "_blocked_queueing": 0.505,
                   "_workerStart": -1, "_workerReady": -1, "_workerFetchStart": -1,
                   "_workerRespondWithSettled": -1}
        ip_out = ip
    entry = {
        "_connectionId": "0" if status == 0 else str(48000 + int(at * 10) % 997),
        "_initiator": {"type": initiator} if initiator != "script" else
        {"type": "script", "stack": {"callFrames": [{"functionName": "", "scriptId": "31",
                                                     "url": "https://cdn.oaistatic.com/assets/i5bamk05qmvsi6c3.js",
                                                     "lineNumber": 0, "columnNumber": 91337}]}},
        "_priority": priority, "_resourceType": rtype, "cache": {},
        "connection": "" if status == 0 else "443", "pageref": "page_1",
        "request": request, "response": response, "serverIPAddress": ip_out,
        "startedDateTime": iso_chrome(at), "time": dur, "timings": timings,
    }
    return entry


def chrome_har(title, entries, at=0.0):
    return {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                    "pages": [{"startedDateTime": iso_chrome(at), "id": "page_1", "title": title,
                               "pageTimings": {"onContentLoad": 842.317, "onLoad": 1604.92}}],
                    "entries": entries}}


def ff_entry(method, url, status=200, *, at=0.0, dur=180, reqh=(), cookies=(), post=None,
             post_mime="application/json", resph=(), mime="application/json", body=None,
             ip="160.79.104.10", referer=None):
    u = urlsplit(url)
    headers = [{"name": "Host", "value": u.netloc}, {"name": "User-Agent", "value": FF_UA},
               {"name": "Accept", "value": "*/*"},
               {"name": "Accept-Language", "value": "de,en-US;q=0.7,en;q=0.3"},
               {"name": "Accept-Encoding", "value": "gzip, deflate, br, zstd"}]
    if referer:
        headers.append({"name": "Referer", "value": referer})
    if post is not None:
        headers.append({"name": "Content-Type", "value": post_mime})
        headers.append({"name": "Content-Length", "value": str(len(post.encode()))})
    for k, v in reqh:
        headers.append({"name": k, "value": v})
    if cookies:
        headers.append({"name": "Cookie", "value": "; ".join(f"{k}={v}" for k, v in cookies)})
    headers += [{"name": "Sec-Fetch-Dest", "value": "empty"},
                {"name": "Sec-Fetch-Mode", "value": "cors"},
                {"name": "Sec-Fetch-Site", "value": "same-origin"},
                {"name": "Connection", "value": "keep-alive"},
                {"name": "TE", "value": "trailers"}]
    request = {"bodySize": len(post.encode()) if post is not None else 0, "method": method,
               "url": url, "httpVersion": "HTTP/2", "headers": headers,
               "cookies": [{"name": k, "value": v} for k, v in cookies],
               "queryString": [{"name": k, "value": v} for k, v in parse_qsl(u.query)],
               "headersSize": 612 + sum(len(k) + len(v) for k, v in cookies)}
    if post is not None:
        request["postData"] = {"mimeType": post_mime, "params": [], "text": post}
    if status == 0:
        # Firefox keeps no error text in its HAR: a failed request is status 0 and nothing else.
        response = {"status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [],
                    "content": {"size": -1}, "redirectURL": "", "headersSize": -1, "bodySize": -1}
        timings = {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0, "wait": 0,
                   "receive": 0}
        entry = {"startedDateTime": iso_firefox(at), "request": request, "response": response,
                 "cache": {}, "timings": timings, "time": 0, "_securityState": "",
                 "pageref": "page_1"}
        return entry
    rh = [{"name": "content-type", "value": mime}, {"name": "date", "value": http_date(at)}]
    for k, v in resph:
        rh.append({"name": k, "value": v})
    size = len(body.encode()) if body is not None else 0
    content = {"mimeType": mime, "size": size}
    if body is not None:
        content["text"] = body
    response = {"status": status, "statusText": REASONS.get(status, ""), "httpVersion": "HTTP/2",
                "headers": rh, "cookies": [], "content": content, "redirectURL": "",
                "headersSize": 410 + sum(len(k) + len(v) for k, v in resph), "bodySize": size + 350}
    wait = int(dur * 0.7)
    timings = {"blocked": 0, "dns": 0, "connect": 0, "ssl": 0, "send": 0, "wait": wait,
               "receive": dur - wait}
    return {"startedDateTime": iso_firefox(at), "request": request, "response": response,
            "cache": {}, "timings": timings, "time": dur, "_securityState": "secure",
            "_priority": "Normal", "serverIPAddress": ip, "connection": "443", "pageref": "page_1"}


def ff_har(title, entries, at=0.0, version="1.2"):
    # Firefox devtools wrote "1.1" for years (har-builder-utils.js); newer builds write "1.2".
    return {"log": {"version": version, "creator": {"name": "Firefox", "version": "145.0"},
                    "browser": {"name": "Firefox", "version": "145.0"},
                    "pages": [{"id": "page_1", "pageTimings": {"onContentLoad": 912, "onLoad": 1733},
                               "startedDateTime": iso_firefox(at), "title": title}],
                    "entries": entries}}


def case(name, kind, data, expected):
    cases.append((name, kind, data, expected))


def exp(description, verdict, top, fixes=(), absent=(), lang=None, secrets=(), service=None,
        notes=(), action=None, no_fixes=(), e2e=False):
    """`notes`: note ids the report must carry; `action`: the failed action of the top finding;
    `no_fixes`: fixes the top finding must not offer (they would contradict it); `e2e`: an
    observation case whose chat turn tests/e2e/services.test.mjs replays under the service's
    real host, in the browser with the extension, expecting the same top cause."""
    e = {"description": description, "verdict": verdict, "topCause": top, "fixes": list(fixes),
         "absentCauses": list(absent)}
    if no_fixes:
        e["absentFixes"] = list(no_fixes)
    if lang:
        e["lang"] = lang
    if service:
        e["service"] = service
    if secrets:
        e["secrets"] = list(secrets)
    if notes:
        e["notes"] = list(notes)
    if action:
        assert top is not None, "an action belongs to the top finding"
        e["action"] = action
    if e2e:
        assert service, "an e2e case names its service"
        e["e2e"] = True
    return e


# --- Service-specific building blocks -------------------------------------------------------

GPT_COOKIES = (("__Secure-next-auth.session-token", CHATGPT_SESSION),
               ("oai-did", "5f1c0e5a-2b7d-4c1e-9a3f-8e6d4c2b1a09"),
               ("cf_clearance", CF_CLEARANCE),
               ("__cf_bm", "kQ0xZ9w2.Ym3vN8pL5rT1uW4yC6eB0dS9gJ-1763474601-1.0.1.1-b2xk"))
GPT_AUTH = (("authorization", "Bearer " + CHATGPT_JWT),
            ("oai-device-id", "5f1c0e5a-2b7d-4c1e-9a3f-8e6d4c2b1a09"),
            ("oai-language", "en-US"))
GPT_CF = lambda n: (("server", "cloudflare"), ("cf-ray", cf_ray(n)), ("cf-cache-status", "DYNAMIC"),
                    ("strict-transport-security", "max-age=31536000; includeSubDomains; preload"),
                    ("x-content-type-options", "nosniff"))


def gpt_post(at=0.0):
    return json.dumps({"action": "next", "messages": [{
        "id": "aaa2b3c4-d5e6-4f70-8a91-b2c3d4e5f607", "author": {"role": "user"},
        "content": {"content_type": "text", "parts": [PROMPT]},
        "metadata": {"selected_github_repos": []}}],
        "parent_message_id": "client-created-root", "model": "auto", "timezone_offset_min": -60,
        "conversation_mode": {"kind": "primary_assistant"}, "supports_buffering": True,
        "supported_encodings": ["v1"], "client_contextual_info": {"is_dark_mode": False}},
        separators=(",", ":"))


GPT_SSE_OK = (
    'event: delta_encoding\ndata: "v1"\n\n'
    f'data: {{"type": "resume_conversation_token", "kind": "topic", "token": "{CHATGPT_JWT[:40]}", "conversation_id": "{GPT_CONV}"}}\n\n'
    'event: delta\ndata: {"p": "", "o": "add", "v": {"message": {"id": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e", "author": {"role": "assistant", "name": null, "metadata": {}}, "content": {"content_type": "text", "parts": [""]}, "status": "in_progress"}, "conversation_id": "' + GPT_CONV + '"}, "c": 0}\n\n'
    'event: delta\ndata: {"p": "/message/content/parts/0", "o": "append", "v": "Dear Priya, "}\n\n'
    'event: delta\ndata: {"v": "' + REPLY_MARK + ', I have decided"}\n\n'
    'event: delta\ndata: {"p": "", "o": "patch", "v": [{"p": "/message/status", "o": "replace", "v": "finished_successfully"}]}\n\n'
    f'data: {{"type": "message_stream_complete", "conversation_id": "{GPT_CONV}"}}\n\n'
    'data: [DONE]\n\n')

GPT_SSE_CUT = GPT_SSE_OK.split('event: delta\ndata: {"v"')[0]


def gpt_page_load(at=0.0):
    """The page, its main script, the session and the pre-send checks: a healthy start."""
    return [
        chrome_entry("GET", "https://chatgpt.com/", 200, at=at, dur=412.5, rtype="document",
                     cookies=GPT_COOKIES, resph=GPT_CF(1) + (("cache-control", "no-cache, no-store"),),
                     mime="text/html", body=None, initiator="other", priority="VeryHigh"),
        chrome_entry("GET", "https://cdn.oaistatic.com/assets/i5bamk05qmvsi6c3.js", 200, at=at + 0.45,
                     dur=95.2, rtype="script", resph=(("server", "cloudflare"), ("cf-cache-status", "HIT"),
                                                      ("cache-control", "public, max-age=31536000, immutable")),
                     mime="application/javascript", initiator="parser", ip="104.18.41.158"),
        chrome_entry("GET", "https://chatgpt.com/api/auth/session", 200, at=at + 0.9, dur=140.3,
                     cookies=GPT_COOKIES, resph=GPT_CF(2),
                     body=json.dumps({"user": {"id": "user-Xq7mK2pL9vN4bR8tW1yZ3cF6", "name": "Dana Meier",
                                               "email": EMAIL, "image": "", "picture": "", "idp": "auth0",
                                               "iat": 1763474000, "mfa": False},
                                      "expires": "2026-02-16T14:03:22.114Z",
                                      "accessToken": CHATGPT_JWT, "authProvider": "auth0"})),
        chrome_entry("GET", "https://chatgpt.com/backend-api/me", 200, at=at + 1.2, dur=88.0,
                     cookies=GPT_COOKIES, reqh=GPT_AUTH, resph=GPT_CF(3),
                     body=json.dumps({"object": "user", "id": "user-Xq7mK2pL9vN4bR8tW1yZ3cF6",
                                      "email": EMAIL, "name": "Dana Meier", "phone_number": None,
                                      "mfa_flag_enabled": False, "amr": []})),
    ]


def gpt_sentinel(at, ok=True, error=None):
    out = []
    for i, step in enumerate(("prepare", "finalize")):
        url = f"https://chatgpt.com/backend-api/sentinel/chat-requirements/{step}"
        if ok:
            body = (json.dumps({"persona": "chatgpt-paid", "prepare_token": "gAAAAABpHmZ0test",
                                "turnstile": {"required": False}}) if step == "prepare" else
                    json.dumps({"token": "gAAAAABpHmZ1test", "expire_after": 540,
                                "expire_at": 1763475141}))
            out.append(chrome_entry("POST", url, 200, at=at + i * 0.2, dur=120.0, cookies=GPT_COOKIES,
                                    reqh=GPT_AUTH, post='{"p":"gAAAAACWzI3OTk"}', resph=GPT_CF(10 + i),
                                    body=body))
        else:
            out.append(chrome_entry("POST", url, 0, at=at + i * 0.2, dur=2.0, cookies=GPT_COOKIES,
                                    reqh=GPT_AUTH, post='{"p":"gAAAAACWzI3OTk"}', error=error))
    return out


def gpt_turn(at, status=200, *, body=None, error=None, resph=None, mime=None, dur=6120.4, n=20):
    if mime is None:
        mime = "text/event-stream; charset=utf-8" if status == 200 else "application/json"
    if body is None and status == 200:
        body = GPT_SSE_OK
    if resph is None:
        resph = GPT_CF(n) if status else ()
    return chrome_entry("POST", "https://chatgpt.com/backend-api/f/conversation", status, at=at,
                        dur=dur, cookies=GPT_COOKIES,
                        reqh=GPT_AUTH + (("accept", "text/event-stream"),), post=gpt_post(),
                        resph=resph, mime=mime, body=body, error=error)


def gpt_after_turn(at):
    return [
        chrome_entry("GET", f"https://chatgpt.com/backend-api/conversation/{GPT_CONV}/stream_status", 200,
                     at=at, dur=64.0, cookies=GPT_COOKIES, reqh=GPT_AUTH, resph=GPT_CF(30),
                     body='{"status":"COMPLETE"}'),
        chrome_entry("POST", "https://chatgpt.com/backend-api/lat/r", 200, at=at + 0.1, dur=40.0,
                     cookies=GPT_COOKIES, reqh=GPT_AUTH,
                     post='{"server_request_id":"9a1b2c3d4e5f6071-FRA","fetch_ms":812,"ttft_ms":640}',
                     resph=GPT_CF(31), body='{"status":"ok"}'),
    ]


GPT_SECRETS = [CHATGPT_SESSION, JWT_SIG, EMAIL, PROMPT_MARK]

CLAUDE_COOKIES = (("sessionKey", CLAUDE_SESSION), ("lastActiveOrg", ORG),
                  ("cf_clearance", CF_CLEARANCE), ("__cf_bm", "p9Lx.7Qm2-1763474601-1.0.1.1-c2Vzcw"))
CLAUDE_CF = lambda n: (("server", "cloudflare"), ("cf-ray", cf_ray(0x500 + n, "AMS")),
                       ("request-id", f"req_011CW9{n:04d}Ab7QmLx2pVn9RtK"),
                       ("x-robots-tag", "none"), ("strict-transport-security", "max-age=31536000"))
CLAUDE_URL = f"https://claude.ai/api/organizations/{ORG}/chat_conversations/{CONV}/completion"


def claude_post():
    return json.dumps({"prompt": PROMPT, "parent_message_uuid": "00000000-0000-4000-8000-000000000000",
                       "timezone": "Europe/Berlin", "personalized_styles": [],
                       "locale": "en-US", "tools": [], "attachments": [], "files": [],
                       "sync_sources": [], "rendering_mode": "messages"}, separators=(",", ":"))


def claude_sse(limit_type="within_limit", tail=None):
    head = (
        'event: message_start\ndata: {"type":"message_start","message":{"id":"chatcompl_01XyZ7mQ2pLk9vN4bR8tW1",'
        '"type":"message","role":"assistant","model":"","parent_uuid":"00000000-0000-4000-8000-000000000000",'
        '"uuid":"2c1d0e9f-8a7b-4c6d-9e5f-4a3b2c1d0e9f","content":[],"stop_reason":null,"stop_sequence":null,'
        '"trace_id":"7f3e9a1b2c4d5e6f","request_id":"req_011CW9Ab7QmLx2pVn9RtK3"}}\n\n')
    if tail is not None:
        return head + tail
    return head + (
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n'
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Dear Priya, '
        + REPLY_MARK + '"}}\n\n'
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n'
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null}}\n\n'
        'event: message_limit\ndata: {"type":"message_limit","message_limit":{"type":"' + limit_type + '","resetsAt":null,'
        '"remaining":null,"perModelLimit":null,"representativeClaim":"five_hour","overageDisabledReason":null,'
        '"overageInUse":false,"windows":{"5h":{"status":"within_limit","resets_at":1763492400,"utilization":0.384},'
        '"7d":{"status":"within_limit","resets_at":1763996400,"utilization":0.121}}}}\n\n'
        'event: message_stop\ndata: {"type":"message_stop"}\n\n')


CLAUDE_SECRETS = [CLAUDE_SESSION, PROMPT_MARK]


def claude_page(at=0.0, browser="chrome"):
    if browser == "chrome":
        return [
            chrome_entry("GET", "https://claude.ai/new", 200, at=at, dur=380.0, rtype="document",
                         cookies=CLAUDE_COOKIES, resph=CLAUDE_CF(1), mime="text/html",
                         initiator="other", priority="VeryHigh", ip="160.79.104.10"),
            chrome_entry("GET", "https://claude.ai/api/bootstrap", 200, at=at + 0.6, dur=210.0,
                         cookies=CLAUDE_COOKIES, resph=CLAUDE_CF(2), ip="160.79.104.10",
                         body=json.dumps({"account": {"uuid": "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4",
                                                      "email_address": EMAIL, "full_name": "Dana Meier"}})),
        ]
    return [
        ff_entry("GET", "https://claude.ai/new", 200, at=at, dur=380, cookies=CLAUDE_COOKIES,
                 resph=CLAUDE_CF(1), mime="text/html; charset=utf-8", body=None),
        ff_entry("GET", "https://claude.ai/api/bootstrap", 200, at=at + 0.6, dur=210,
                 cookies=CLAUDE_COOKIES, resph=CLAUDE_CF(2), referer="https://claude.ai/new",
                 body=json.dumps({"account": {"uuid": "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4",
                                              "email_address": EMAIL, "full_name": "Dana Meier"}})),
    ]


def claude_turn(at, status=200, *, body=None, resph=None, mime=None, error=None, browser="chrome", dur=5200.0):
    if mime is None:
        mime = "text/event-stream; charset=utf-8" if status == 200 else "application/json"
    if body is None and status == 200:
        body = claude_sse()
    if resph is None:
        resph = CLAUDE_CF(20) if status else ()
    if browser == "chrome":
        return chrome_entry("POST", CLAUDE_URL, status, at=at, dur=dur, cookies=CLAUDE_COOKIES,
                            reqh=(("accept", "text/event-stream"), ("anthropic-client-platform", "web_claude_ai")),
                            post=claude_post(), resph=resph, mime=mime, body=body, error=error,
                            ip="160.79.104.10")
    return ff_entry("POST", CLAUDE_URL, status, at=at, dur=int(dur), cookies=CLAUDE_COOKIES,
                    reqh=(("anthropic-client-platform", "web_claude_ai"),), post=claude_post(),
                    resph=resph, mime=mime, body=body, referer=f"https://claude.ai/chat/{CONV}")


def openai_api(at, status, body, resph=(), *, key=OPENAI_KEY, path="/v1/chat/completions", post=None):
    if post is None:
        post = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PROMPT}],
                           "user": EMAIL})
    base = (("x-request-id", f"req_{at:.0f}8f2a1c0b9e7d6f5a4b3c2d1e0f9a8b7"),
            ("openai-processing-ms", "37"), ("openai-version", "2020-10-01"),
            ("server", "cloudflare"), ("cf-ray", cf_ray(0x700 + int(at), "FRA")),
            ("access-control-allow-origin", "*"))
    return chrome_entry("POST", "https://api.openai.com" + path, status, at=at, dur=420.0,
                        reqh=(("authorization", "Bearer " + key), ("openai-organization", "org-T3stOnly9xQ2mK")),
                        post=post, resph=base + tuple(resph), body=body, ip="162.159.140.245",
                        initiator="script")


def anthropic_api(at, status, body, resph=(), *, post=None, mime="application/json"):
    if post is None:
        post = json.dumps({"model": "claude-sonnet-4-5", "max_tokens": 1024,
                           "metadata": {"user_id": EMAIL},
                           "messages": [{"role": "user", "content": PROMPT}]})
    base = (("request-id", f"req_011CZAZ{int(at):03d}LPuVRisJc8oe4zrKo"),
            ("anthropic-organization-id", "3a2b1c0d-9e8f-4a7b-b6c5-d4e3f2a1b0c9"),
            ("server", "cloudflare"), ("cf-ray", cf_ray(0x900 + int(at), "FRA")),
            ("x-robots-tag", "none"))
    return chrome_entry("POST", "https://api.anthropic.com/v1/messages", status, at=at, dur=830.0,
                        reqh=(("x-api-key", ANTHROPIC_KEY), ("anthropic-version", "2023-06-01"),
                              ("anthropic-dangerous-direct-browser-access", "true")),
                        post=post, resph=base + tuple(resph), mime=mime, body=body,
                        ip="160.79.104.10")


API_SECRETS_OPENAI = [OPENAI_KEY, EMAIL, PROMPT_MARK]
API_SECRETS_ANTHROPIC = [ANTHROPIC_KEY, EMAIL, PROMPT_MARK]

CF_CHALLENGE_HTML = (
    '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
    '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
    '<meta name="robots" content="noindex,nofollow"></head><body><div class="main-wrapper" role="main">'
    '<div class="main-content"><noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript></div></div>'
    "<script>(function(){window._cf_chl_opt={cvId: '3',cZone: \"HOST\",cType: 'managed',cRay: 'RAY',cH: 'x9Qm'};"
    "var a = document.createElement('script');a.src = '/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=RAY';"
    "document.getElementsByTagName('head')[0].appendChild(a);}());</script></body></html>")


def cf_challenge(host, ray):
    return CF_CHALLENGE_HTML.replace("HOST", host).replace("RAY", ray)


def cf_error_html(code, title, host, ray):
    return (f'<!DOCTYPE html>\n<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->\n'
            f'<head>\n<title>{host} | {code}: {title}</title>\n<meta charset="UTF-8" />\n</head>\n'
            f'<body><div id="cf-wrapper"><div id="cf-error-details" class="p-0"><header class="mx-auto pt-10 lg:pt-6 lg:px-8 w-240 lg:w-full mb-8">'
            f'<h1 class="inline-block sm:block sm:mb-2 font-light text-60 lg:text-4xl text-black-dark leading-tight mr-2">'
            f'<span class="inline-block">{title}</span><span class="code-label">Error code {code}</span></h1></header>'
            f'<div class="text-center">Cloudflare Ray ID: <strong class="font-semibold">{ray}</strong></div></div></div></body></html>')


def write_all():
    if os.path.isdir(ROOT):
        for d in os.listdir(ROOT):
            p = os.path.join(ROOT, d)
            if os.path.isdir(p) and os.path.exists(os.path.join(p, "expected.json")):
                shutil.rmtree(p)
    os.makedirs(ROOT, exist_ok=True)
    names = set()
    for name, kind, data, expected in cases:
        assert name not in names, name
        names.add(name)
        d = os.path.join(ROOT, name)
        if kind == "har":
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
            fname = "input.har"
        elif kind == "obs":
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
            fname = "observations.json"
        else:
            text = data + "\n"
            fname = "input.txt"
        missing = [s for s in expected.get("secrets", []) if s not in text]
        if missing:
            sys.exit(f"MISSING {name} {missing}")
        # Made only once the case is known good, so a refused case leaves no half-written folder.
        os.makedirs(d)
        with open(os.path.join(d, fname), "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(d, "expected.json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(expected, indent=2, ensure_ascii=False) + "\n")
    print(len(cases), "cases written to", ROOT)


exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases_har.py"), encoding="utf-8").read())
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases_obs.py"), encoding="utf-8").read())
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases_txt.py"), encoding="utf-8").read())
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases_causal.py"), encoding="utf-8").read())
# Each service's own cases, one file per service (services/<service>.py).
for _f in sorted(os.listdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "services"))):
    if _f.endswith(".py"):
        exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "services", _f), encoding="utf-8").read())
write_all()
