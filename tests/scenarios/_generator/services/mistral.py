# Mistral's cases: Le Chat (chat.mistral.ai) and its API (api.mistral.ai). Executed by
# gen_scenarios.py after the shared case files, whose builders it uses.

MISTRAL_KEY = "Mx7kQ2pL9vN4bR8tW1yZ3cF6hJ0dS5gA"
API_SECRETS_MISTRAL = [MISTRAL_KEY, EMAIL, PROMPT_MARK]


def mistral_api(at, status, body, resph=()):
    post = json.dumps({"model": "mistral-small-latest", "messages": [{"role": "user", "content": PROMPT}],
                       "metadata": {"user": EMAIL}})
    base = (("x-kong-request-id", f"4b1f0c2a9e7d{int(at):04d}"), ("server", "cloudflare"),
            ("cf-ray", cf_ray(0xb00 + int(at), "CDG")), ("access-control-allow-origin", "*"))
    return chrome_entry("POST", "https://api.mistral.ai/v1/chat/completions", status, at=at, dur=610.0,
                        reqh=(("authorization", "Bearer " + MISTRAL_KEY),), post=post,
                        resph=base + tuple(resph), body=body, ip="104.18.27.90")


case("har_mistral_api_429_rate_limited", "har",
     chrome_har("https://playground.example.dev/", [
         mistral_api(1.0, 429, json.dumps({"object": "error", "message": "Rate limit exceeded", "type": "rate_limited",
                                           "param": None, "code": "1300", "raw_status_code": 429})),
     ]),
     exp("Mistral API 429 as its SDKs print the body (raycast/extensions#31107, cline/cline#9085): "
         "type rate_limited, code 1300.",
         "your_account", "rate_limited", absent=["quota_exhausted", "server_overloaded"],
         service="mistral_api", secrets=API_SECRETS_MISTRAL))

case("har_mistral_api_429_capacity_exceeded", "har",
     chrome_har("https://playground.example.dev/", [
         mistral_api(1.0, 429, json.dumps({"object": "error", "message": "Service tier capacity exceeded for this model.",
                                           "type": "invalid_request_error", "param": None, "code": None})),
         mistral_api(6.0, 429, json.dumps({"object": "error", "message": "Service tier capacity exceeded for this model.",
                                           "type": "invalid_request_error", "param": None, "code": None})),
     ]),
     exp("Mistral API 'Service tier capacity exceeded for this model.' (continuedev/continue#6185): Mistral is "
         "out of capacity for the key's tier, which is not the caller sending too fast.",
         "not_you", "server_overloaded", fixes=["use_backoff"], absent=["quota_exhausted"],
         service="mistral_api", secrets=API_SECRETS_MISTRAL))

case("har_mistral_api_401_unauthorized", "har",
     chrome_har("https://playground.example.dev/", [
         mistral_api(1.0, 401, json.dumps({"detail": "Unauthorized"})),
     ]),
     exp("Mistral API 401 with the gateway's {\"detail\":\"Unauthorized\"} (nextcloud/integration_openai#332, "
         "agent0ai/agent-zero#539): the key.",
         "your_account", "invalid_api_key", fixes=["check_api_key"], absent=["session_expired"],
         service="mistral_api", secrets=API_SECRETS_MISTRAL))

case("obs_mistral_chat_500", "obs", [
    o_http("https://chat.mistral.ai/chat", 200, 0.0, method="GET", rtype="main_frame",
           headers={"content-type": "text/html; charset=utf-8", "server": "cloudflare"}),
    o_http("https://chat.mistral.ai/api/trpc/message.newChat?batch=1", 200, 2.0,
           headers={"content-type": "application/json"}),
    o_http("https://chat.mistral.ai/api/chat", 500, 2.5,
           headers={"content-type": "application/json", "server": "cloudflare", "cf-ray": cf_ray(0xb40, "CDG")},
           body=json.dumps({"message": "Internal Server Error"})),
],
     exp("Le Chat's reply stream (POST /api/chat after tRPC message.newChat, as open-source Le Chat clients "
         "call it) answered 500: Mistral's side.",
         "not_you", "server_error", absent=["session_expired"], service="mistral", action="send", e2e=True))

T("txt_en_mistral_api_capacity_exceeded",
  'API error occurred: Status 429\nBody: {"object":"error","message":"Service tier capacity exceeded for this model.",'
  '"type":"invalid_request_error","param":null,"code":null}',
  exp("Mistral's SDK error for a tier out of capacity (continuedev/continue#6185; the SDK's 'API error occurred' "
      "wrapper as in raycast/extensions#31107).", "not_you", "server_overloaded", service="mistral_api"))
