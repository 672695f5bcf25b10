# DeepSeek's cases: the chat app (chat.deepseek.com) and the API (api.deepseek.com). Executed by
# gen_scenarios.py after the shared case files, whose builders it uses.

DEEPSEEK_KEY = "sk-4f7c2a9e1b8d3f6a0c5e9b2d7a1f4c8e"
DEEPSEEK_TOKEN = "q7Vh3kP0wXz9LmB2nC4dR6sT8uY1aE5gJtestonlyDS"
API_SECRETS_DEEPSEEK = [DEEPSEEK_KEY, EMAIL, PROMPT_MARK]


def deepseek_api(at, status, body, resph=()):
    post = json.dumps({"model": "deepseek-chat", "messages": [{"role": "user", "content": PROMPT}],
                       "user": EMAIL, "stream": False})
    base = (("x-ds-trace-id", f"7c1e0d5a9b3f{int(at):04d}"), ("server", "CW"),
            ("access-control-allow-origin", "*"))
    return chrome_entry("POST", "https://api.deepseek.com/chat/completions", status, at=at, dur=540.0,
                        reqh=(("authorization", "Bearer " + DEEPSEEK_KEY),), post=post,
                        resph=base + tuple(resph), body=body, ip="116.205.40.120")


def deepseek_chat(at, status, body):
    return o_http("https://chat.deepseek.com/api/v0/chat/completion", status, at,
                  headers={"content-type": "application/json", "server": "CW"}, body=body)


case("har_deepseek_api_402_insufficient_balance", "har",
     chrome_har("https://playground.example.dev/", [
         deepseek_api(1.0, 402, json.dumps({"error": {"message": "Insufficient Balance", "type": "unknown_error",
                                                     "param": None, "code": "invalid_request_error"}})),
         deepseek_api(5.0, 402, json.dumps({"error": {"message": "Insufficient Balance", "type": "unknown_error",
                                                     "param": None, "code": "invalid_request_error"}})),
     ]),
     exp("DeepSeek API 402 Insufficient Balance (DeepSeek's error-code table; the body as litellm printed it in "
         "Aider-AI/aider#4851): the prepaid balance is used up, and waiting does not bring it back.",
         "your_account", "quota_exhausted", fixes=["check_billing"], absent=["rate_limited"],
         no_fixes=["wait_and_retry", "try_alternative_service"],
         service="deepseek_api", secrets=API_SECRETS_DEEPSEEK))

case("har_deepseek_api_503_server_overloaded", "har",
     chrome_har("https://playground.example.dev/", [
         deepseek_api(1.0, 503, json.dumps({"error": {"message": "Server Overloaded", "type": "server_error",
                                                     "param": None, "code": "server_overloaded"}})),
     ]),
     exp("DeepSeek API 503, 'Server Overloaded' in DeepSeek's error-code table (the body in the API's OpenAI "
         "shape, its type and code modelled).",
         "not_you", "server_overloaded", fixes=["use_backoff"], absent=["gateway_error", "rate_limited"],
         service="deepseek_api", secrets=API_SECRETS_DEEPSEEK))

case("obs_deepseek_chat_busy", "obs", [
    o_http("https://chat.deepseek.com/", 200, 0.0, method="GET", rtype="main_frame",
           headers={"content-type": "text/html; charset=utf-8"}),
    o_http("https://chat.deepseek.com/api/v0/chat/create_pow_challenge", 200, 2.0,
           headers={"content-type": "application/json"},
           body=json.dumps({"code": 0, "msg": "", "data": {"biz_code": 0, "biz_msg": "", "biz_data": {}}})),
    deepseek_chat(2.4, 503, json.dumps({"code": 0, "msg": "", "data": {
        "biz_code": 3, "biz_msg": "The server is busy. Please try again later.", "biz_data": None}})),
],
     exp("DeepSeek's chat answering a send with its busy message (the words users quote in "
         "deepseek-ai/DeepSeek-R1#119, DeepSeek-V3#449) in the app's code/msg/data envelope as open-source "
         "clients read it; the 503 and biz_code are modelled.",
         "not_you", "server_overloaded", absent=["session_expired"], service="deepseek", action="send", e2e=True))

case("obs_deepseek_chat_invalid_token", "obs", [
    o_http("https://chat.deepseek.com/", 200, 0.0, method="GET", rtype="main_frame",
           headers={"content-type": "text/html; charset=utf-8"}),
    deepseek_chat(3.0, 401, json.dumps({"code": 40003, "msg": "INVALID_TOKEN", "data": None})),
],
     exp("DeepSeek's chat refusing a send whose session token is gone: {\"code\":40003,\"msg\":\"INVALID_TOKEN\"} "
         "as an open-source DeepSeek client records it (the 401 is modelled).",
         "your_account", "session_expired", fixes=["relogin"], service="deepseek", action="send"))

T("txt_en_deepseek_server_busy",
  "The server is busy. Please try again later.",
  exp("DeepSeek's chat message when it is out of capacity, as users quote it (deepseek-ai/DeepSeek-R1#119).",
      "not_you", "server_overloaded", service="deepseek"))

T("txt_en_deepseek_api_insufficient_balance",
  'litellm.BadRequestError: DeepseekException - {"error":{"message":"Insufficient Balance","type":"unknown_error",'
  '"param":null,"code":"invalid_request_error"}}',
  exp("litellm's print of DeepSeek's 402 (Aider-AI/aider#4851).", "your_account", "quota_exhausted",
      fixes=["check_billing"], absent=["rate_limited"], service="deepseek_api"))
