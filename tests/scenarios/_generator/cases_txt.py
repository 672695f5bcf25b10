# Pasted error texts (explain). Executed by gen_scenarios.py.

T = lambda name, text, e: case(name, "txt", text, e)

# ---------------------------------------------------------------- English
T("txt_en_api_529_overloaded",
  'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CZAZLPuVRisJc8oe4zrKo"}',
  exp("Claude Code / API overload error as printed.", "not_you", "server_overloaded",
      absent=["server_error", "rate_limited"]))
T("txt_en_insufficient_quota",
  'openai.RateLimitError: Error code: 429 - {\'error\': {\'message\': \'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.\', \'type\': \'insufficient_quota\', \'param\': None, \'code\': \'insufficient_quota\'}}',
  exp("openai-python's RateLimitError for insufficient_quota: a 429 that is a billing matter.",
      "your_account", "quota_exhausted", fixes=["check_billing"], absent=["rate_limited"]))
T("txt_en_too_many_requests",
  '{"detail":"Too many requests in 1 hour. Try again later."}',
  exp("ChatGPT's hourly request limit.", "your_account", "rate_limited", absent=["quota_exhausted"]))
T("txt_en_unusual_activity",
  "Unusual activity has been detected from your device. Try again later. (8830f9abcda18283-TPE)",
  exp("ChatGPT's 403 bot-check text with a cf-ray suffix.", "your_account", "bot_challenge",
      absent=["access_forbidden", "rate_limited"]))
T("txt_en_claude_interrupted",
  "Claude’s response was interrupted. Please check your network connection or contact support if the issue persists.",
  exp("Claude's message for a cut reply stream.", "not_you", "response_interrupted"))
T("txt_en_claude_length_limit",
  "Your message will exceed the length limit for this chat. Try attaching fewer or smaller files or starting a new conversation.",
  exp("Claude's context-window message.", "your_account", "prompt_too_large", fixes=["shorten_prompt"],
      absent=["file_expired", "quota_exhausted"]))
T("txt_en_cloudflare_524",
  "Error 524: A timeout occurred\nCloudflare Ray ID: 9a0000000000302-FRA\nThe web server reported a gateway time-out error.",
  exp("Cloudflare's 524 page title and ray.", "not_you", "gateway_error", absent=["network_unstable"]))
T("txt_en_invalid_api_key_with_curl",
  "$ curl https://api.openai.com/v1/chat/completions -H \"Authorization: Bearer " + OPENAI_KEY + "\" -d @req.json\n"
  "{\n  \"error\": {\n    \"message\": \"Incorrect API key provided: sk-proj-********************************************gAqE0vB2uI. You can find your API key at https://platform.openai.com/account/api-keys.\",\n"
  "    \"type\": \"invalid_request_error\",\n    \"param\": null,\n    \"code\": \"invalid_api_key\"\n  }\n}",
  exp("A pasted curl session with the full key in it and OpenAI's invalid_api_key answer: the key must "
      "never be echoed.",
      "your_account", "invalid_api_key", fixes=["check_api_key"], secrets=[OPENAI_KEY]))
T("txt_en_anthropic_key_in_curl",
  "curl https://api.anthropic.com/v1/messages -H 'x-api-key: " + ANTHROPIC_KEY + "' -H 'anthropic-version: 2023-06-01' -d @body.json\n"
  '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CZB3xPuVRisJc8oe4zrKo"}',
  exp("A pasted curl with the Anthropic key in it and the 401 authentication_error: the key must never "
      "be echoed.",
      "your_account", "invalid_api_key", fixes=["check_api_key"], secrets=[ANTHROPIC_KEY]))
T("txt_en_region_unsupported",
  "Error 403: unsupported_country_region_territory - Country, region, or territory not supported",
  exp("OpenAI's region refusal.", "your_account", "region_unsupported", absent=["access_forbidden"]))
T("txt_en_chrome_name_not_resolved",
  "This site can’t be reached\nCheck if there is a typo in chatgpt.com.\nDNS_PROBE_FINISHED_NXDOMAIN",
  exp("Chrome's DNS error page, copied.", "your_network", "dns_failure", absent=["offline"]))
T("txt_en_capacity_constraints",
  "Due to unexpected capacity constraints, Claude is unable to respond to your message. Please try again soon.",
  exp("Claude's capacity message.", "not_you", "server_overloaded", fixes=["wait_and_retry"]))
T("txt_en_file_not_found_api",
  "anthropic.NotFoundError: Error code: 404 - {'type': 'error', 'error': {'type': 'not_found_error', 'message': 'File not found: file_011CNha8iCJcU1wXNR6q4V8w'}}",
  exp("anthropic-python's NotFoundError for an uploaded file that is gone.", "your_account", "file_expired"))
T("txt_en_cert_authority_with_email",
  "Your connection is not private\nAttackers might be trying to steal your information from claude.ai (for example, passwords, messages, or credit cards).\n"
  "NET::ERR_CERT_AUTHORITY_INVALID\n(reported by " + EMAIL + ")",
  exp("Chrome's interstitial for an untrusted issuer, pasted with the user's email.", "your_network",
      "tls_interception", absent=["clock_skew"], secrets=[EMAIL]))
T("txt_en_529_rendered_de",
  'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
  exp("English error text, report rendered in German.", "not_you", "server_overloaded", lang="de"))
T("txt_en_unusual_activity_rendered_ja",
  "Our systems have detected unusual activity from your system. Please try again later.",
  exp("Older ChatGPT bot-check text, report rendered in Japanese.", "your_account", "bot_challenge",
      lang="ja", absent=["access_forbidden"]))

# ---------------------------------------------------------------- German
T("txt_de_overloaded",
  "Claude ist derzeit überlastet. Bitte versuche es in Kürze erneut. (Fehler 529: overloaded_error)",
  exp("German overload message with the 529 code.", "not_you", "server_overloaded", lang="de"))
T("txt_de_rate_limited",
  "Zu viele Anfragen. Bitte warte einen Moment und versuche es dann erneut. (HTTP 429)",
  exp("German 'too many requests'.", "your_account", "rate_limited", lang="de", absent=["quota_exhausted"]))
T("txt_de_offline",
  "Keine Internetverbindung\nVersuchen Sie Folgendes:\nNetzwerkkabel, Modem und Router prüfen\nNeu mit WLAN verbinden\nERR_INTERNET_DISCONNECTED",
  exp("Chrome's German offline page.", "your_network", "offline", lang="de", absent=["dns_failure"]))
T("txt_de_session_expired",
  "Deine Sitzung ist abgelaufen. Bitte melde dich erneut an.",
  exp("German 'session expired, log in again'.", "your_account", "session_expired", fixes=["relogin"], lang="de"))
T("txt_de_dns",
  "Die Website ist nicht erreichbar\nDie Server-IP-Adresse von claude.ai wurde nicht gefunden.\nDNS_PROBE_FINISHED_NXDOMAIN",
  exp("Chrome's German DNS error page.", "your_network", "dns_failure", lang="de", absent=["offline"]))
T("txt_de_prompt_too_long",
  "Deine Nachricht ist zu lang für diesen Chat. Bitte kürze sie oder starte eine neue Unterhaltung.",
  exp("German 'message too long'.", "your_account", "prompt_too_large", lang="de",
      fixes=["shorten_prompt"]))
T("txt_de_usage_limit",
  "Du hast dein Nutzungslimit erreicht. Das Limit wird um 15:00 Uhr zurückgesetzt.",
  exp("German usage-limit message.", "your_account", "quota_exhausted", lang="de", absent=["rate_limited"]))
T("txt_de_proxy",
  "Die Website ist nicht erreichbar\nEs konnte keine Verbindung zum Proxyserver hergestellt werden.\nERR_PROXY_CONNECTION_FAILED",
  exp("Chrome's German proxy error page.", "your_network", "proxy_or_vpn", lang="de", fixes=["disable_vpn"]))

# ---------------------------------------------------------------- Japanese
T("txt_ja_offline",
  "インターネットに接続されていません\n次の方法をお試しください:\nネットワーク ケーブル、モデム、ルーターを確認する\nWi-Fi に再接続する\nERR_INTERNET_DISCONNECTED",
  exp("Chrome's Japanese offline page.", "your_network", "offline", lang="ja"))
T("txt_ja_overloaded",
  "サーバーが混雑しています。しばらくしてからもう一度お試しください。(529 overloaded_error)",
  exp("Japanese 'servers busy' with the 529 code.", "not_you", "server_overloaded", lang="ja"))
T("txt_ja_rate_limited",
  "リクエストが多すぎます。しばらく待ってから再試行してください。(429)",
  exp("Japanese 'too many requests'.", "your_account", "rate_limited", lang="ja", absent=["quota_exhausted"]))
T("txt_ja_session_expired",
  "セッションの有効期限が切れました。もう一度ログインしてください。",
  exp("Japanese 'session expired, log in again'.", "your_account", "session_expired", fixes=["relogin"], lang="ja"))
T("txt_ja_cert",
  "この接続ではプライバシーが保護されません\nNET::ERR_CERT_AUTHORITY_INVALID",
  exp("Chrome's Japanese certificate interstitial.", "your_network", "tls_interception", lang="ja",
      absent=["clock_skew"]))
T("txt_ja_usage_limit",
  "利用上限に達しました。制限は15:00にリセットされます。",
  exp("Japanese usage-limit message.", "your_account", "quota_exhausted", lang="ja", absent=["rate_limited"]))
T("txt_ja_prompt_too_long",
  "メッセージが長すぎます。短くするか、新しいチャットを開始してください。",
  exp("Japanese 'message too long'.", "your_account", "prompt_too_large", lang="ja"))
