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
      "your_account", "quota_exhausted", fixes=["check_billing"], absent=["rate_limited"],
      no_fixes=["wait_and_retry", "retry_after", "try_alternative_service"]))
T("txt_en_too_many_requests",
  '{"detail":"Too many requests in 1 hour. Try again later."}',
  exp("ChatGPT's hourly request limit.", "your_account", "rate_limited", fixes=["retry_within_hour"],
      absent=["quota_exhausted"], no_fixes=["wait_and_retry", "try_alternative_service"]))
T("txt_en_chatgpt_model_usage_cap",
  "You've reached the current usage cap for GPT-4, please try again after 3:45 PM.",
  exp("ChatGPT's model usage cap as the app showed it (posted on the OpenAI community forum): a cap "
      "that resets at a time the app names, not billing.",
      "your_account", "rate_limited", fixes=["retry_after"], absent=["quota_exhausted"],
      no_fixes=["wait_and_retry", "check_billing", "try_alternative_service"]))
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
  exp("German usage-limit message: a cap that resets, not billing.", "your_account", "rate_limited", lang="de",
      fixes=["retry_after"], absent=["quota_exhausted"], no_fixes=["wait_and_retry", "check_billing", "try_alternative_service"]))
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
  exp("Japanese usage-limit message: a cap that resets, not billing.", "your_account", "rate_limited", lang="ja",
      fixes=["retry_after"], absent=["quota_exhausted"], no_fixes=["wait_and_retry", "check_billing", "try_alternative_service"]))
T("txt_ja_prompt_too_long",
  "メッセージが長すぎます。短くするか、新しいチャットを開始してください。",
  exp("Japanese 'message too long'.", "your_account", "prompt_too_large", lang="ja"))

# ---------------------------------------------------------------- Accuracy sets
# Real localized strings and common phrasings, one message each, scored together: the scenario
# test reports the share whose top cause is right per message language (txt_<lang>_*) and fails
# under 90 %. Each description names where the words come from.

SIDE = {
    "service_outage": "not_you", "service_maintenance": "not_you", "server_overloaded": "not_you",
    "server_error": "not_you", "gateway_error": "not_you", "response_interrupted": "not_you",
    "rate_limited": "your_account", "quota_exhausted": "your_account",
    "session_expired": "your_account", "invalid_api_key": "your_account",
    "access_forbidden": "your_account", "region_unsupported": "your_account",
    "bot_challenge": "your_account", "prompt_too_large": "your_account",
    "file_expired": "your_account",
    "blocked_by_extension": "your_browser", "oversized_cookies": "your_browser",
    "stale_site_data": "your_browser", "stale_assets": "your_browser",
    "cookies_disabled": "your_browser", "browser_unsupported": "your_browser",
    "offline": "your_network", "dns_failure": "your_network", "proxy_or_vpn": "your_network",
    "tls_interception": "your_network", "clock_skew": "your_network",
    "network_unstable": "your_network", "websocket_blocked": "your_network",
    "blocked_by_network_policy": "your_network",
}


def A(lang, slug, text, top, source, absent=(), render=None):
    """An accuracy case: a message in `lang`, its expected top cause, where its words come from."""
    e = exp(source, SIDE[top], top, absent=absent, lang=render or lang)
    e["accuracy"] = True
    T(f"txt_{lang}_{slug}", text, e)


CHROMIUM_DE = "Chromium's German net error page (components_strings_de.xtb)"
FIREFOX_DE = "Firefox's German error page (mozilla-l10n de: netError.ftl/certError.ftl/netError.dtd)"
CF_DE = "Cloudflare's German challenge page"
HTTP_DE = "the German HTTP status text (de.wikipedia 'Liste der HTTP-Statuscodes', MDN de)"
COMMON_DE = "common German phrasing"

A("de", "acc_chromium_dns_no_code",
  "Diese Website ist nicht erreichbar\nDie Server-IP-Adresse von claude.ai wurde nicht gefunden.\nVersuche Folgendes:\nVerbindung prüfen",
  "dns_failure", CHROMIUM_DE + ": 'Diese Website ist nicht erreichbar', server IP address not found.",
  absent=["offline"])
A("de", "acc_chromium_dns_old",
  "Diese Website ist nicht erreichbar\nDie DNS-Adresse des Servers von chatgpt.com wurde nicht gefunden.\nÜberprüfen Sie die DNS-Einstellungen.",
  "dns_failure", CHROMIUM_DE + ": the older 'DNS-Adresse des Servers … wurde nicht gefunden'.")
A("de", "acc_firefox_dns",
  "Hmm. Seite wurde nicht gefunden.\nFehler: Server nicht gefunden\nWenn Sie die richtige Adresse eingegeben haben, können Sie Folgendes tun:\nVersuchen Sie es später erneut.\nÜberprüfen Sie Ihre Netzwerkverbindung.",
  "dns_failure", FIREFOX_DE + ": dnsNotFound title 'Server nicht gefunden' and its hints.")
A("de", "acc_chromium_offline_no_code",
  "Keine Internetverbindung\nVersuchen Sie Folgendes:\nPrüfen Sie Netzwerkkabel, Modem und Router\nWLAN-Verbindung erneut herstellen",
  "offline", CHROMIUM_DE + ": 'Keine Internetverbindung' and its checklist, without the error code.")
A("de", "acc_firefox_offline_mode",
  "Fehler: Offline-Modus\nDer Browser arbeitet im Offline-Modus und kann daher keine Verbindung mit dem angefragten Element aufbauen.",
  "offline", FIREFOX_DE + ": netOffline title and description.")
A("de", "acc_firefox_offline_felt_privacy",
  "Anscheinend gibt es ein Problem mit Ihrer Internetverbindung.\nFirefox kann sich nicht mit dem Server auf chatgpt.com verbinden",
  "offline", FIREFOX_DE + ": internet-connection-offline-title and fp-neterror-offline-intro.")
A("de", "acc_chromium_reset",
  "Diese Website ist nicht erreichbar\nVerbindung wurde zurückgesetzt.\nERR_CONNECTION_RESET",
  "network_unstable", CHROMIUM_DE + ": connection reset.")
A("de", "acc_chromium_network_changed",
  "Ihre Verbindung wurde unterbrochen\nEine Netzwerkänderung ist aufgetreten.",
  "network_unstable", CHROMIUM_DE + ": ERR_NETWORK_CHANGED's title and line, without the code.")
A("de", "acc_chromium_timed_out",
  "Diese Website ist nicht erreichbar\nDie Antwort von chatgpt.com hat zu lange gedauert.",
  "network_unstable", CHROMIUM_DE + ": ERR_CONNECTION_TIMED_OUT's line, without the code.")
A("de", "acc_firefox_net_timeout",
  "Fehler: Netzwerk-Zeitüberschreitung\nDie aufgerufene Website hat auf den Verbindungsversuch zu lange nicht reagiert, daher wird nun nicht mehr länger auf eine Reaktion gewartet.\nKönnte der Server überlastet oder vorübergehend ausgefallen sein? Versuchen Sie es später erneut.",
  "network_unstable", FIREFOX_DE + ": netTimeout title and long description (its 'Könnte der Server überlastet … sein?' is a hedge, not an overload).",
  absent=["server_overloaded", "service_outage"])
A("de", "acc_firefox_net_interrupt",
  "Fehler: Datenübertragung unterbrochen\nDie Verbindung wurde erfolgreich aufgebaut, aber während der Datenübertragung unterbrochen. Bitte versuchen Sie es erneut.",
  "network_unstable", FIREFOX_DE + ": netInterrupt title and description.")
A("de", "acc_firefox_proxy_refused",
  "Fehler: Proxy-Server verweigert die Verbindung\nDer Browser wurde für die Verwendung eines Proxy-Servers konfiguriert, aber der Proxy verweigert die Verbindung.",
  "proxy_or_vpn", FIREFOX_DE + ": proxyConnectFailure title and description.")
A("de", "acc_chromium_proxy_no_code",
  "Diese Website ist nicht erreichbar\nMit dem Proxyserver ist ein Problem aufgetreten oder die Adresse ist falsch.\nProxyadresse prüfen",
  "proxy_or_vpn", CHROMIUM_DE + ": ERR_PROXY_CONNECTION_FAILED's line, without the code.")
A("de", "acc_chromium_cert_untrusted",
  "Datenschutzfehler\nDies ist keine sichere Verbindung\nDieser Server konnte nicht beweisen, dass er claude.ai ist. Sein Sicherheitszertifikat wird vom Betriebssystem Ihres Computers als nicht vertrauenswürdig eingestuft. Mögliche Gründe sind eine fehlerhafte Konfiguration oder ein Angreifer, der Ihre Verbindung abfängt.",
  "tls_interception", CHROMIUM_DE + ": the certificate interstitial for an untrusted issuer.",
  absent=["clock_skew"])
A("de", "acc_chromium_clock",
  "Fehler bei der Uhrzeit\nIhre Uhr geht nach.\nZum Herstellen einer sicheren Verbindung muss die Uhrzeit richtig eingestellt sein.",
  "clock_skew", CHROMIUM_DE + ": the clock interstitial.", absent=["tls_interception"])
A("de", "acc_firefox_clock",
  "Datum und/oder Uhrzeit Ihres Computers sind nicht korrekt\nDatum und Uhrzeit Ihres Computers sind auf 01.01.2020 gesetzt, was Firefox am Herstellen einer gesicherten Verbindung hindert.",
  "clock_skew", FIREFOX_DE + ": clockSkewError title and neterror-clock-skew-error.")
A("de", "acc_firefox_cert_risk",
  "Warnung: Mögliches Sicherheitsrisiko erkannt\nFirefox hat ein mögliches Sicherheitsrisiko erkannt und chatgpt.com nicht geladen. Falls Sie die Website besuchen, könnten Angreifer versuchen, Passwörter, E-Mails oder Kreditkartendaten zu stehlen.",
  "tls_interception", FIREFOX_DE + ": nssBadCert title and certerror-intro, without the error code.")
A("de", "acc_firefox_mitm",
  "Software hindert Firefox am Aufbauen einer sicheren Verbindung mit dieser Website\nchatgpt.com ist wahrscheinlich eine sichere Website, aber es konnte keine sichere Verbindung aufgebaut werden.",
  "tls_interception", FIREFOX_DE + ": certerror-mitm-title and certerror-mitm.")
A("de", "acc_chromium_extension",
  "chatgpt.com wurde blockiert.\nAnfragen an den Server wurden durch eine Erweiterung blockiert.",
  "blocked_by_extension", CHROMIUM_DE + ": ERR_BLOCKED_BY_CLIENT's page, without the code.")
A("de", "acc_chromium_admin",
  "chatgpt.com wurde blockiert.\nDiese Nachricht wird Ihnen angezeigt, weil Ihr Administrator diese Website blockiert hat.",
  "blocked_by_network_policy", CHROMIUM_DE + ": the administrator-block page, without the code.")
A("de", "acc_firefox_blocked_page",
  "Blockierte Seite\nIhre Organisation hat den Zugriff auf chatgpt.com gesperrt.",
  "blocked_by_network_policy", FIREFOX_DE + ": blockedByPolicy title, with the user's own second line.")
A("de", "acc_cloudflare_challenge",
  "Nur einen Moment…\nchatgpt.com\nBestätigen Sie, dass Sie ein Mensch sind, indem Sie die Aktion unten ausführen.\nchatgpt.com muss die Sicherheit Ihrer Verbindung überprüfen, bevor Sie fortfahren können.",
  "bot_challenge", CF_DE + ": title, Turnstile prompt and the review line.",
  absent=["access_forbidden", "cookies_disabled"])
A("de", "acc_cloudflare_challenge_old",
  "Es wird geprüft, ob die Site-Verbindung sicher ist\nclaude.ai muss die Sicherheit Ihrer Verbindung überprüfen, bevor Sie fortfahren können.\nLeistung und Sicherheit von Cloudflare",
  "bot_challenge", CF_DE + " (older wording).")
A("de", "acc_google_unusual_traffic",
  "Unser System hat ungewöhnlichen Datenverkehr aus Ihrem Computernetzwerk festgestellt.",
  "bot_challenge", "Google's German block page (shown for Gemini).")
A("de", "acc_chatgpt_unusual_activity",
  "ChatGPT: Auf deinem Gerät wurden ungewöhnliche Aktivitäten festgestellt. Versuche es später erneut.",
  "bot_challenge", COMMON_DE + ": ChatGPT's unusual-activity block as German users retell it.",
  absent=["access_forbidden"])
A("de", "acc_http_429",
  "429 Zu viele Anfragen – bitte warten Sie einen Moment, bevor Sie es erneut versuchen.",
  "rate_limited", HTTP_DE + ": 429.", absent=["quota_exhausted"])
A("de", "acc_chatgpt_hourly",
  "Zu viele Anfragen in einer Stunde. Versuche es später noch einmal.",
  "rate_limited", COMMON_DE + ": ChatGPT's hourly limit retold.", absent=["quota_exhausted"])
A("de", "acc_http_500",
  "HTTP-Fehler 500 – Interner Serverfehler",
  "server_error", HTTP_DE + ": 500.")
A("de", "acc_chromium_http_500",
  "Die Seite chatgpt.com funktioniert nicht\nchatgpt.com kann diese Anfrage momentan nicht verarbeiten.\nHTTP ERROR 500",
  "server_error", CHROMIUM_DE + ": the HTTP 500 page.")
A("de", "acc_chromium_temporary_server_error",
  "Vorübergehender Serverfehler. Bitte versuchen Sie es später noch einmal.",
  "server_error", CHROMIUM_DE + ": 'Vorübergehender Serverfehler'.")
A("de", "acc_http_502",
  "Fehler 502: Der Server konnte seine Funktion als Gateway oder Proxy nicht erfüllen, weil er seinerseits eine ungültige Antwort erhalten hat.",
  "gateway_error", HTTP_DE + ": 502 Bad Gateway.", absent=["proxy_or_vpn"])
A("de", "acc_http_504_upstream",
  "Fehler 504: Der Server hat als Gateway oder Proxy keine rechtzeitige Antwort vom Upstream-Server erhalten.",
  "gateway_error", HTTP_DE + ": 504, no timely answer from the upstream server.",
  absent=["proxy_or_vpn", "network_unstable"])
A("de", "acc_http_503",
  "503 Dienst nicht verfügbar – der Server ist vorübergehend überlastet.",
  "server_overloaded", HTTP_DE + ": 503.")
A("de", "acc_maintenance",
  "ChatGPT wird gerade gewartet. Wir sind bald wieder da.",
  "service_maintenance", COMMON_DE + ": a maintenance notice.")
A("de", "acc_technical_difficulties",
  "Wir haben derzeit technische Schwierigkeiten. Einige Funktionen sind möglicherweise nicht verfügbar.",
  "service_outage", COMMON_DE + ": the German form of a service's 'technical difficulties' banner.")
A("de", "acc_region_openai",
  "Fehler 403: Land, Region oder Gebiet wird nicht unterstützt",
  "region_unsupported", COMMON_DE + ": OpenAI's unsupported_country_region_territory retold in German.",
  absent=["access_forbidden"])
A("de", "acc_region_gemini",
  "Gemini wird in deinem Land bzw. deiner Region derzeit nicht unterstützt.",
  "region_unsupported", COMMON_DE + ": Gemini's region refusal in German.")
A("de", "acc_region_location",
  "Dein Standort wird nicht unterstützt. Dieser Dienst ist in deiner Region nicht verfügbar.",
  "region_unsupported", COMMON_DE + ": 'User location is not supported' in German.",
  absent=["stale_site_data", "access_forbidden"])
A("de", "acc_request_too_long",
  "Die Anfrage ist zu lang. Bitte kürze deine Nachricht und versuche es erneut.",
  "prompt_too_large", COMMON_DE + ": a request-too-long message.")
A("de", "acc_http_413",
  "Fehler 413: Nutzlast zu groß",
  "prompt_too_large", HTTP_DE + ": 413 Payload Too Large.")
A("de", "acc_conversation_too_long",
  "Diese Unterhaltung ist zu lang. Bitte starte einen neuen Chat.",
  "prompt_too_large", COMMON_DE + ": a conversation-too-long message.")
A("de", "acc_quota",
  "Sie haben Ihr aktuelles Kontingent überschritten. Bitte überprüfen Sie Ihren Plan und Ihre Abrechnungsdetails.",
  "quota_exhausted", COMMON_DE + ": OpenAI's insufficient_quota in German.", absent=["rate_limited"])
A("de", "acc_credit",
  "Ihr Guthaben ist zu niedrig, um auf die Anthropic-API zuzugreifen.",
  "quota_exhausted", COMMON_DE + ": Anthropic's 'credit balance is too low' in German.")
A("de", "acc_session_ended",
  "Deine Sitzung wurde beendet. Bitte melde dich erneut an.",
  "session_expired", COMMON_DE + ": a session-ended message.")
A("de", "acc_invalid_key",
  "Fehler 401: Ungültiger API-Schlüssel angegeben.",
  "invalid_api_key", COMMON_DE + ": OpenAI's 'Incorrect API key provided' in German.",
  absent=["session_expired"])
A("de", "acc_missing_key",
  "Kein API-Schlüssel angegeben. Bitte setze OPENAI_API_KEY.",
  "invalid_api_key", COMMON_DE + ": a missing-API-key message.")
A("de", "acc_account_locked",
  "Dein Konto wurde gesperrt. Wende dich an den Support.",
  "access_forbidden", COMMON_DE + ": an account-suspended message.")
A("de", "acc_files_expired",
  "Die hochgeladenen Dateien sind abgelaufen. Bitte lade sie erneut hoch.",
  "file_expired", COMMON_DE + ": uploaded files expired.")
A("de", "acc_http_431",
  "Fehler 431: Header-Felder der Anfrage zu groß",
  "oversized_cookies", HTTP_DE + ": 431 Request Header Fields Too Large.")
A("de", "acc_cookies_off",
  "Cookies sind deaktiviert. Bitte aktiviere Cookies in deinem Browser.",
  "cookies_disabled", COMMON_DE + ": cookies are off.")
A("de", "acc_browser_old",
  "Dein Browser wird nicht mehr unterstützt. Bitte aktualisiere deinen Browser.",
  "browser_unsupported", COMMON_DE + ": a browser-too-old notice.")
A("de", "acc_new_version",
  "Eine neue Version ist verfügbar. Bitte lade die Seite neu.",
  "stale_assets", COMMON_DE + ": a new-version banner.")
A("de", "acc_conversation_not_found",
  "Unterhaltung nicht gefunden",
  "stale_site_data", COMMON_DE + ": 'Conversation not found' in German.")
A("de", "acc_generating_failed",
  "Beim Generieren der Antwort ist ein Fehler aufgetreten.",
  "response_interrupted", COMMON_DE + ": 'Something went wrong while generating the response' in German.")
A("de", "acc_websocket",
  "WebSocket-Verbindung fehlgeschlagen (wss://copilot.microsoft.com/c/api/chat)",
  "websocket_blocked", COMMON_DE + ": the console's WebSocket failure, retold.")

CHROMIUM_JA = "Chromium's Japanese net error page (components_strings_ja.xtb)"
FIREFOX_JA = "Firefox's Japanese error page (mozilla-l10n ja: netError.ftl/certError.ftl/netError.dtd)"
CF_JA = "Cloudflare's Japanese challenge page"
HTTP_JA = "the Japanese HTTP status text (MDN ja)"
COMMON_JA = "common Japanese phrasing"

A("ja", "acc_chromium_dns_old",
  "このサイトにアクセスできません\nchatgpt.com のサーバーの DNS アドレスが見つかりませんでした。",
  "dns_failure", CHROMIUM_JA + ": the DNS-address line, without the code.", absent=["offline"])
A("ja", "acc_chromium_dns",
  "このサイトにアクセスできません\nclaude.ai のサーバーの IP アドレスが見つかりませんでした。\nDNS_PROBE_FINISHED_NXDOMAIN",
  "dns_failure", CHROMIUM_JA + ": server IP address not found.")
A("ja", "acc_firefox_dns",
  "アクセスしようとしているサイトを見つけられません\nサーバーが見つかりませんでした\nアドレスが正しい場合は、以下のことを試してください:\n後でもう一度試してください。\nネットワーク接続を確認してください。",
  "dns_failure", FIREFOX_JA + ": dnsNotFound titles and hints.")
A("ja", "acc_chromium_offline_no_code",
  "インターネット接続がありません\n次の方法をお試しください:\nネットワーク ケーブル、モデム、ルーターを確認する\nWi-Fi に再度接続する",
  "offline", CHROMIUM_JA + ": 'インターネット接続がありません' and its checklist, without the code.")
A("ja", "acc_firefox_offline_mode",
  "オフラインモードです\nブラウザは現在オフラインモードで動作しており、リクエスト対象に接続できません。",
  "offline", FIREFOX_JA + ": netOffline title and description.")
A("ja", "acc_firefox_offline_felt_privacy",
  "インターネット接続に問題があるようです",
  "offline", FIREFOX_JA + ": internet-connection-offline-title.")
A("ja", "acc_chromium_reset",
  "このサイトにアクセスできません\n接続がリセットされました。\nERR_CONNECTION_RESET",
  "network_unstable", CHROMIUM_JA + ": connection reset.")
A("ja", "acc_chromium_network_changed",
  "接続が中断されました\nネットワークの変更が検出されました。",
  "network_unstable", CHROMIUM_JA + ": ERR_NETWORK_CHANGED's title and line, without the code.",
  absent=["response_interrupted"])
A("ja", "acc_chromium_timed_out",
  "このサイトにアクセスできません\nchatgpt.com からの応答時間が長すぎます。",
  "network_unstable", CHROMIUM_JA + ": ERR_CONNECTION_TIMED_OUT's line, without the code.")
A("ja", "acc_firefox_net_timeout",
  "ネットワークがタイムアウトしました\n接続リクエストに対してリクエスト先サーバが応答を返さなかったため、接続を中止しました。\nサーバに負荷が集中したり、一時的に停止している可能性があります。しばらく後で再度試してください。",
  "network_unstable", FIREFOX_JA + ": netTimeout title and long description.",
  absent=["server_overloaded"])
A("ja", "acc_firefox_net_interrupt",
  "データの転送が中断されました\nサイトに正常に接続できましたが、データの転送中にネットワーク接続が切断されました。再度試してください。",
  "network_unstable", FIREFOX_JA + ": netInterrupt title and description.")
A("ja", "acc_firefox_proxy_refused",
  "プロキシーサーバーへの接続を拒否されました\n設定されているプロキシーサーバーに接続を拒否されました。プロキシー設定を確認してから、再試行してください。",
  "proxy_or_vpn", FIREFOX_JA + ": proxyConnectFailure title and appstrings text.")
A("ja", "acc_chromium_proxy_no_code",
  "このサイトにアクセスできません\nプロキシ サーバーに問題がある、またはアドレスが正しくありません。",
  "proxy_or_vpn", CHROMIUM_JA + ": ERR_PROXY_CONNECTION_FAILED's line, without the code.")
A("ja", "acc_chromium_cert",
  "プライバシー エラー\nこの接続ではプライバシーが保護されません\nNET::ERR_CERT_AUTHORITY_INVALID",
  "tls_interception", CHROMIUM_JA + ": the privacy-error interstitial.", absent=["clock_skew"])
A("ja", "acc_chromium_clock",
  "時計のエラー\n時計が進んでいます",
  "clock_skew", CHROMIUM_JA + ": the clock interstitial, without the code.")
A("ja", "acc_firefox_clock",
  "コンピューターの時刻が間違っています\nあなたのコンピューターは現在の日時を 2020/01/01 だと誤解しており、Firefox の安全な接続を妨げる原因になります。",
  "clock_skew", FIREFOX_JA + ": clockSkewError title and neterror-clock-skew-error.",
  absent=["tls_interception"])
A("ja", "acc_firefox_cert_risk",
  "警告: 潜在的なセキュリティリスクあり\nFirefox はセキュリティ上の潜在的な脅威を検知したため、chatgpt.com への接続を中止しました。",
  "tls_interception", FIREFOX_JA + ": nssBadCert title and certerror-intro, without the code.")
A("ja", "acc_firefox_mitm",
  "ソフトウェアが Firefox のこのサイトへの安全な接続を妨げています",
  "tls_interception", FIREFOX_JA + ": certerror-mitm-title.")
A("ja", "acc_chromium_extension",
  "chatgpt.com はブロックされました\nサーバーへのリクエストは拡張機能によってブロックされています。",
  "blocked_by_extension", CHROMIUM_JA + ": ERR_BLOCKED_BY_CLIENT's page, without the code.")
A("ja", "acc_chromium_admin",
  "chatgpt.com はブロックされました\nこのサイトは管理者によってブロックされています。",
  "blocked_by_network_policy", CHROMIUM_JA + ": the administrator-block page, without the code.")
A("ja", "acc_firefox_blocked_page",
  "ブロックしたページ\nあなたの組織はこのページまたはウェブサイトへのアクセスがブロックされています。",
  "blocked_by_network_policy", FIREFOX_JA + ": blockedByPolicy title and appstrings text.")
A("ja", "acc_cloudflare_challenge",
  "www.perplexity.ai\n以下のアクションを完了して、あなたが人間であることを確認してください。\nwww.perplexity.ai は続行する前に接続のセキュリティを確認する必要があります。",
  "bot_challenge", CF_JA + ", as a user quoted it for www.perplexity.ai.",
  absent=["access_forbidden"])
A("ja", "acc_cloudflare_checking",
  "サイト接続が安全か確認しています\nclaude.ai は続行する前に接続のセキュリティを確認する必要があります。",
  "bot_challenge", CF_JA + " (checking-the-connection wording).")
A("ja", "acc_google_unusual_traffic",
  "お使いのコンピュータ ネットワークから通常と異なるトラフィックが検出されました",
  "bot_challenge", "Google's Japanese block page (shown for Gemini).")
A("ja", "acc_chatgpt_unusual_activity",
  "お使いのデバイスから異常な操作が検出されました。後でもう一度お試しください。",
  "bot_challenge", COMMON_JA + ": ChatGPT's unusual-activity block as Japanese users retell it.",
  absent=["access_forbidden"])
A("ja", "acc_chatgpt_unusual_activity_2",
  "通常とは異なるアクティビティがデバイスで検出されました。しばらくしてからもう一度お試しください。",
  "bot_challenge", COMMON_JA + ": ChatGPT's unusual-activity block, another retelling.")
A("ja", "acc_hourly_limit",
  "エラー 429：1時間あたりのリクエスト数の上限に達しました。しばらくしてから再試行してください。",
  "rate_limited", COMMON_JA + ": ChatGPT's hourly limit retold.", absent=["quota_exhausted"])
A("ja", "acc_temporary_server_problem",
  "サーバーで一時的な問題が発生しました。しばらくしてからもう一度お試しください。",
  "server_error", COMMON_JA + ": a temporary-server-problem (500) message.")
A("ja", "acc_chromium_http_500",
  "chatgpt.com ページは機能していません\nchatgpt.com では現在このリクエストを処理できません。\nHTTP ERROR 500",
  "server_error", CHROMIUM_JA + ": the HTTP 500 page.")
A("ja", "acc_chromium_temporary_server_error",
  "一時的なサーバー エラーです",
  "server_error", CHROMIUM_JA + ": '一時的なサーバー エラーです'.")
A("ja", "acc_http_502",
  "502 Bad Gateway: サーバーがゲートウェイまたはプロキシーとして動作しているときに、上流サーバーから無効なレスポンスを受け取りました。",
  "gateway_error", HTTP_JA + ": 502.", absent=["proxy_or_vpn"])
A("ja", "acc_http_504",
  "504 ゲートウェイまたはプロキシーとして動作しているサーバーが、上流サーバーから時間内にレスポンスを受け取れませんでした。",
  "gateway_error", HTTP_JA + ": 504.", absent=["proxy_or_vpn"])
A("ja", "acc_503_busy",
  "サービスは一時的に利用できません。サーバーが混み合っています。",
  "server_overloaded", COMMON_JA + ": a 503 busy message.")
A("ja", "acc_technical_difficulties",
  "現在、技術的な問題が発生しており、一部の機能がご利用いただけない場合があります。",
  "service_outage", COMMON_JA + ": the Japanese form of a service's 'technical difficulties' banner.")
A("ja", "acc_maintenance",
  "計画メンテナンスのため、ChatGPT は一時的にご利用いただけません。",
  "service_maintenance", COMMON_JA + ": a planned-maintenance notice.")
A("ja", "acc_region",
  "この国または地域ではサービスをご利用いただけません。",
  "region_unsupported", COMMON_JA + ": a region refusal.", absent=["access_forbidden"])
A("ja", "acc_region_location",
  "ユーザーの位置情報はサポートされていません (User location is not supported for the API use.)",
  "region_unsupported", COMMON_JA + ": the Gemini API's location refusal with its English original.",
  absent=["stale_site_data"])
A("ja", "acc_request_too_large",
  "エラー 413: リクエストが大きすぎます。ファイルのサイズを小さくしてください。",
  "prompt_too_large", COMMON_JA + ": a request-too-large (413) message.", absent=["rate_limited"])
A("ja", "acc_http_413",
  "413 Payload Too Large（ペイロードが大きすぎます）",
  "prompt_too_large", HTTP_JA + ": 413.")
A("ja", "acc_context_length",
  "このモデルの最大コンテキスト長を超えています。メッセージを短くしてください。",
  "prompt_too_large", COMMON_JA + ": OpenAI's context_length_exceeded in Japanese.")
A("ja", "acc_invalid_or_empty_key",
  "APIキーが正しくないか、空です。設定を確認してください。",
  "invalid_api_key", COMMON_JA + ": an invalid-or-empty-API-key message.",
  absent=["session_expired"])
A("ja", "acc_key_not_set",
  "OpenAI APIキーが設定されていません。",
  "invalid_api_key", COMMON_JA + ": an API-key-not-set message.")
A("ja", "acc_quota",
  "現在のクォータを超えました。プランと請求の詳細を確認してください。",
  "quota_exhausted", COMMON_JA + ": OpenAI's insufficient_quota in Japanese.", absent=["rate_limited"])
A("ja", "acc_credit",
  "クレジット残高が不足しているため、Anthropic API にアクセスできません。",
  "quota_exhausted", COMMON_JA + ": Anthropic's 'credit balance is too low' in Japanese.")
A("ja", "acc_login_expired",
  "ログインの有効期限が切れました。再度ログインしてください。",
  "session_expired", COMMON_JA + ": a login-expired message.")
A("ja", "acc_account_frozen",
  "アカウントが凍結されました。サポートにお問い合わせください。",
  "access_forbidden", COMMON_JA + ": an account-frozen message.")
A("ja", "acc_file_expired",
  "アップロードしたファイルの有効期限が切れています。もう一度アップロードしてください。",
  "file_expired", COMMON_JA + ": uploaded file expired.")
A("ja", "acc_http_431",
  "431 Request Header Fields Too Large（リクエストヘッダーフィールドが大きすぎます）",
  "oversized_cookies", HTTP_JA + ": 431.")
A("ja", "acc_cookies_off",
  "Cookie が無効になっています。ブラウザの設定で Cookie を有効にしてください。",
  "cookies_disabled", COMMON_JA + ": cookies are off.")
A("ja", "acc_browser_old",
  "お使いのブラウザーはサポートされていません。ブラウザーを更新してください。",
  "browser_unsupported", COMMON_JA + ": a browser-too-old notice.")
A("ja", "acc_generating_failed",
  "回答の生成中にエラーが発生しました。",
  "response_interrupted", COMMON_JA + ": 'error while generating the response' in Japanese.")
A("ja", "acc_websocket",
  "WebSocket 接続に失敗しました (wss://copilot.microsoft.com/c/api/chat)",
  "websocket_blocked", COMMON_JA + ": the console's WebSocket failure, retold.")
A("ja", "acc_conversation_not_found",
  "会話が見つかりません。ページを再読み込みしてください。",
  "stale_site_data", COMMON_JA + ": 'Conversation not found' in Japanese.")
A("ja", "acc_capacity",
  "予期しない容量制約のため、Claude はメッセージに応答できません。しばらくしてからもう一度お試しください。",
  "server_overloaded", COMMON_JA + ": Claude's capacity-constraints message in Japanese.")
A("ja", "acc_burst",
  "短時間に大量のリクエストが送信されたため、一時的に制限されています。",
  "rate_limited", COMMON_JA + ": a burst rate limit.")

A("en", "acc_technical_difficulties",
  "We're experiencing technical difficulties, some functions may be unavailable",
  "service_outage", "A service's own 'technical difficulties' notice banner.")
A("en", "acc_gemini_api_location",
  'google.genai.errors.ClientError: 400 FAILED_PRECONDITION. {"error": {"code": 400, "message": "User location is not supported for the API use.", "status": "FAILED_PRECONDITION"}}',
  "region_unsupported", "The Gemini API's location refusal as the google-genai SDK prints it: one finding, no stale-site-data guess from the 400.",
  absent=["stale_site_data", "access_forbidden"])
A("en", "acc_user_location",
  "User location is not supported for the API use.",
  "region_unsupported", "The Gemini API's location refusal, bare.",
  absent=["stale_site_data"])

# LobeChat, a chat app built on the APIs, publishes its error texts per language
# (locales/de-DE/error.json, locales/ja-JP/error.json): one message per status or error code.
LOBE_DE = "LobeChat's German error string (locales/de-DE/error.json, response.%s)"
LOBE_JA = "LobeChat's Japanese error string (locales/ja-JP/error.json, response.%s)"

A("de", "acc_lobechat_401",
  'Entschuldigung, der Server hat Ihre Anfrage abgelehnt. Möglicherweise aufgrund unzureichender Berechtigungen oder fehlender gültiger Authentifizierung',
  "session_expired", LOBE_DE % "401")
A("de", "acc_lobechat_403",
  'Entschuldigung, der Server hat Ihre Anfrage abgelehnt. Sie haben keine Berechtigung, auf diesen Inhalt zuzugreifen',
  "access_forbidden", LOBE_DE % "403")
A("de", "acc_lobechat_408",
  'Entschuldigung, der Server hat beim Warten auf die Anfrage eine Zeitüberschreitung. Bitte überprüfen Sie Ihre Netzwerkverbindung und versuchen Sie es erneut',
  "network_unstable", LOBE_DE % "408")
A("de", "acc_lobechat_413",
  'Entschuldigung, Ihre Anfragedaten sind zu groß und können vom Server nicht verarbeitet werden',
  "prompt_too_large", LOBE_DE % "413")
A("de", "acc_lobechat_414",
  'Entschuldigung, die URI Ihrer Anfrage ist zu lang und kann vom Server nicht verarbeitet werden',
  "prompt_too_large", LOBE_DE % "414")
A("de", "acc_lobechat_429",
  'Entschuldigung, Ihre Anfrage ist zu häufig. Der Server ist etwas überlastet. Bitte versuchen Sie es später erneut',
  "rate_limited", LOBE_DE % "429")
A("de", "acc_lobechat_431",
  'Entschuldigung, der Header Ihrer Anfrage ist zu groß und kann vom Server nicht verarbeitet werden',
  "oversized_cookies", LOBE_DE % "431")
A("de", "acc_lobechat_451",
  'Entschuldigung, aus rechtlichen Gründen verweigert der Server die Bereitstellung dieser Ressource',
  "region_unsupported", LOBE_DE % "451")
A("de", "acc_lobechat_499",
  'Es tut uns leid, Ihre Anfrage wurde unerwartet unterbrochen, während sie vom Server verarbeitet wurde. Dies könnte daran liegen, dass Sie die Aktion manuell abgebrochen haben oder die Netzwerkverbindung instabil ist. Bitte überprüfen Sie den Netzwerkstatus und versuchen Sie es erneut.',
  "network_unstable", LOBE_DE % "499")
A("de", "acc_lobechat_500",
  'Entschuldigung, der Server hat anscheinend einige Schwierigkeiten und kann Ihre Anfrage vorübergehend nicht bearbeiten. Bitte versuchen Sie es später erneut',
  "server_error", LOBE_DE % "500")
A("de", "acc_lobechat_502",
  'Entschuldigung, der Server scheint die Orientierung verloren zu haben und kann vorübergehend keinen Service bereitstellen. Bitte versuchen Sie es später erneut',
  "gateway_error", LOBE_DE % "502")
A("de", "acc_lobechat_503",
  'Entschuldigung, der Server kann Ihre Anfrage derzeit nicht verarbeiten. Möglicherweise aufgrund von Überlastung oder Wartungsarbeiten. Bitte versuchen Sie es später erneut',
  "server_overloaded", LOBE_DE % "503")
A("de", "acc_lobechat_504",
  'Entschuldigung, der Server hat keine Antwort vom Upstream-Server erhalten. Bitte versuchen Sie es später erneut',
  "gateway_error", LOBE_DE % "504")
A("de", "acc_lobechat_exceeded_context",
  'Der aktuelle Anfrageinhalt überschreitet die von dem Modell verarbeitbare Länge. Bitte reduzieren Sie die Menge des Inhalts und versuchen Sie es erneut.',
  "prompt_too_large", LOBE_DE % "ExceededContextWindow")
A("de", "acc_lobechat_insufficient_quota",
  'Es tut uns leid, das Kontingent (Quota) für diesen Schlüssel ist erreicht. Bitte überprüfen Sie Ihr Kontoguthaben oder erhöhen Sie das Kontingent des Schlüssels und versuchen Sie es erneut.',
  "quota_exhausted", LOBE_DE % "InsufficientQuota")
A("de", "acc_lobechat_invalid_provider_key",
  'OpenAI API-Schlüssel ist ungültig oder leer. Bitte überprüfen Sie den OpenAI API-Schlüssel und versuchen Sie es erneut.',
  "invalid_api_key", LOBE_DE % "InvalidProviderAPIKey")
A("de", "acc_lobechat_location",
  'Entschuldigung, Ihr Standort unterstützt diesen Modellservice möglicherweise aufgrund von regionalen Einschränkungen oder nicht aktivierten Diensten nicht. Bitte überprüfen Sie, ob der aktuelle Standort die Verwendung dieses Dienstes unterstützt, oder versuchen Sie, andere Standortinformationen zu verwenden.',
  "region_unsupported", LOBE_DE % "LocationNotSupportError")
A("de", "acc_lobechat_no_openai_key",
  'Der OpenAI-API-Schlüssel ist leer. Bitte fügen Sie einen benutzerdefinierten OpenAI-API-Schlüssel hinzu',
  "invalid_api_key", LOBE_DE % "NoOpenAIAPIKey")
A("de", "acc_lobechat_permission_denied",
  'Es tut uns leid, Sie haben keine Berechtigung, auf diesen Dienst zuzugreifen. Bitte überprüfen Sie, ob Ihr Schlüssel die erforderlichen Zugriffsrechte hat.',
  "access_forbidden", LOBE_DE % "PermissionDenied")
A("de", "acc_lobechat_quota_limit",
  'Es tut uns leid, die aktuelle Token-Nutzung oder die Anzahl der Anfragen hat das Kontingent (Quota) für diesen Schlüssel erreicht. Bitte erhöhen Sie das Kontingent für diesen Schlüssel oder versuchen Sie es später erneut.',
  "quota_exhausted", LOBE_DE % "QuotaLimitReached")
A("de", "acc_lobechat_system_time",
  'Es tut uns leid, Ihre Systemzeit stimmt nicht mit dem Server überein. Bitte überprüfen Sie Ihre Systemzeit und versuchen Sie es erneut.',
  "clock_skew", LOBE_DE % "SystemTimeNotMatchError")
A("ja", "acc_lobechat_403",
  '申し訳ありませんが、サーバーはリクエストを拒否しました。このコンテンツにアクセスする権限がありません',
  "access_forbidden", LOBE_JA % "403")
A("ja", "acc_lobechat_408",
  '申し訳ありませんが、サーバーはリクエストの待機中にタイムアウトしました。ネットワーク接続を確認してからもう一度お試しください',
  "network_unstable", LOBE_JA % "408")
A("ja", "acc_lobechat_413",
  '申し訳ありませんが、リクエストデータが大きすぎてサーバーが処理できません',
  "prompt_too_large", LOBE_JA % "413")
A("ja", "acc_lobechat_414",
  '申し訳ありませんが、リクエストのURIが長すぎてサーバーが処理できません',
  "prompt_too_large", LOBE_JA % "414")
A("ja", "acc_lobechat_429",
  '申し訳ありませんが、リクエストが多すぎてサーバーが少し疲れています。しばらくしてからもう一度お試しください',
  "rate_limited", LOBE_JA % "429")
A("ja", "acc_lobechat_431",
  '申し訳ありませんが、リクエストヘッダーフィールドが大きすぎてサーバーが処理できません',
  "oversized_cookies", LOBE_JA % "431")
A("ja", "acc_lobechat_451",
  '申し訳ありませんが、法的な理由により、サーバーはこのリソースの提供を拒否しています',
  "region_unsupported", LOBE_JA % "451")
A("ja", "acc_lobechat_500",
  '申し訳ありませんが、サーバーに一時的な問題が発生し、リクエストを完了できません。しばらくしてから再試行してください',
  "server_error", LOBE_JA % "500")
A("ja", "acc_lobechat_502",
  '申し訳ありませんが、サーバーは一時的にサービスを提供できません。しばらくしてから再試行してください',
  "gateway_error", LOBE_JA % "502")
A("ja", "acc_lobechat_503",
  '申し訳ありませんが、サーバーは現在、リクエストを処理できません。オーバーロードまたはメンテナンス中の可能性があります。しばらくしてから再試行してください',
  "server_overloaded", LOBE_JA % "503")
A("ja", "acc_lobechat_504",
  '申し訳ありませんが、サーバーは上位サーバーからの応答を待っていません。しばらくしてから再試行してください',
  "gateway_error", LOBE_JA % "504")
A("ja", "acc_lobechat_invalid_anthropic_key",
  'Anthropic APIキーが正しくないか空です。Anthropic APIキーを確認してもう一度お試しください。',
  "invalid_api_key", LOBE_JA % "InvalidAnthropicAPIKey")
A("ja", "acc_lobechat_invalid_google_key",
  'Google APIキーが正しくないか空です。Google APIキーを確認してから再試行してください。',
  "invalid_api_key", LOBE_JA % "InvalidGoogleAPIKey")
A("ja", "acc_lobechat_location",
  '申し訳ありませんが、お住まいの地域ではこのモデルサービスをサポートしていません。地域制限またはサービスが利用できない可能性があります。現在の位置がこのサービスをサポートしているかどうかを確認するか、他の位置情報を使用してみてください。',
  "region_unsupported", LOBE_JA % "LocationNotSupportError")
A("ja", "acc_lobechat_no_openai_key",
  'OpenAI APIキーが空です。カスタムOpenAI APIキーを追加してください。',
  "invalid_api_key", LOBE_JA % "NoOpenAIAPIKey")

# Cherry Studio, a desktop chat app for the APIs, publishes its Japanese error texts
# (src/renderer/src/i18n/locales/ja-jp.json).
CHERRY_JA = "Cherry Studio's Japanese error string (i18n/locales/ja-jp.json, %s)"

A("ja", "acc_cherry_http_401",
  '認証に失敗しました。APIキーが正しいか確認してください',
  "invalid_api_key", CHERRY_JA % "error.http.401")
A("ja", "acc_cherry_http_403",
  'アクセスが拒否されました。アカウントが実名認証されているか確認してください。またはサービスプロバイダーに問い合わせてください',
  "access_forbidden", CHERRY_JA % "error.http.403")
A("ja", "acc_cherry_http_429",
  'リクエストが多すぎます。後でもう一度試してください',
  "rate_limited", CHERRY_JA % "error.http.429")
A("ja", "acc_cherry_http_500",
  'サーバーエラーが発生しました。後でもう一度試してください',
  "server_error", CHERRY_JA % "error.http.500")
A("ja", "acc_cherry_http_502",
  'ゲートウェイエラーが発生しました。後でもう一度試してください',
  "gateway_error", CHERRY_JA % "error.http.502")
A("ja", "acc_cherry_http_503",
  'サービスが利用できません。後でもう一度試してください',
  "server_overloaded", CHERRY_JA % "error.http.503")
A("ja", "acc_cherry_http_504",
  'ゲートウェイタイムアウトが発生しました。後でもう一度試してください',
  "gateway_error", CHERRY_JA % "error.http.504")
A("ja", "acc_cherry_no_api_key",
  'APIキーが設定されていません',
  "invalid_api_key", CHERRY_JA % "error.no_api_key")
A("ja", "acc_cherry_rate_limit",
  '送信が頻繁すぎます。30 秒待ってから再試行してください。',
  "rate_limited", CHERRY_JA % "message.warning.rate.limit")

# Chatbox, a desktop chat app for the APIs, publishes its error tips per language
# (src/renderer/i18n/locales/{de,ja}/translation.json); placeholders filled as the app fills them.
CHATBOX_DE = "Chatbox's German error tip (i18n/locales/de/translation.json: %s)"
CHATBOX_JA = "Chatbox's Japanese error tip (i18n/locales/ja/translation.json: %s)"

A("de", "acc_chatbox_network",
  'Es ist ein Netzwerkfehler aufgetreten. Überprüfen Sie Ihren aktuellen Netzwerkstatus und die Verbindung mit api.openai.com.',
  "network_unstable", CHATBOX_DE % "network error tips")
A("de", "acc_chatbox_proxy",
  'Da du eine Proxy-Adresse http://127.0.0.1:7890 eingerichtet hast, überprüfe bitte, ob der Proxy-Server ordnungsgemäß funktioniert, oder erwäge, die Proxy-Adresse in den Einstellungen zu entfernen.',
  "proxy_or_vpn", CHATBOX_DE % "network proxy error tips")
A("de", "acc_chatbox_monthly_quota",
  'Sie haben Ihr monatliches Kontingent für das gpt-4o-Modell erreicht. Bitte gehen Sie zu den Einstellungen, um zu einem anderen Modell zu wechseln, Ihre Kontingentnutzung anzuzeigen oder Ihren Plan zu aktualisieren.',
  "quota_exhausted", CHATBOX_DE % "monthly quota")
A("de", "acc_chatbox_rate_limit",
  'Sie haben das Rate-Limit für den Chatbox AI-Dienst überschritten. Bitte versuchen Sie es später erneut.',
  "rate_limited", CHATBOX_DE % "rate limit")
A("de", "acc_chatbox_file_expired",
  'Die von Ihnen gesendete Datei ist abgelaufen. Zum Schutz Ihrer Privatsphäre wurden alle dateibezogenen Cache-Daten gelöscht. Sie müssen ein neues Gespräch erstellen oder den Kontext aktualisieren und die Datei erneut senden.',
  "file_expired", CHATBOX_DE % "file expired")
A("de", "acc_chatbox_file_size",
  'Die Dateigröße überschreitet das Limit von 50 MB. Bitte reduzieren Sie die Dateigröße und versuchen Sie es erneut.',
  "prompt_too_large", CHATBOX_DE % "file size")
A("ja", "acc_chatbox_network",
  'ネットワークエラーが発生しました。現在のネットワークステータスとapi.openai.comとの接続を確認してください。',
  "network_unstable", CHATBOX_JA % "network error tips")
A("ja", "acc_chatbox_proxy",
  'プロキシアドレスが設定されています http://127.0.0.1:7890。プロキシサーバーが正常に機能しているか確認するか、設定からプロキシアドレスを削除することを検討してください。',
  "proxy_or_vpn", CHATBOX_JA % "network proxy error tips")
A("ja", "acc_chatbox_monthly_quota",
  'あなたはgpt-4oモデルの月間クオータに達しました。別のモデルに切り替えたり、クオータの使用状況を表示したり、プランをアップグレードしたりするには、設定に移動してください。',
  "quota_exhausted", CHATBOX_JA % "monthly quota")
A("ja", "acc_chatbox_rate_limit",
  'Chatbox AIサービスのレート制限を超過しました。後で再試行してください。',
  "rate_limited", CHATBOX_JA % "rate limit")
A("ja", "acc_chatbox_file_expired",
  '送信したファイルの有効期限が切れました。プライバシーを保護するため、すべてのファイル関連のキャッシュデータがクリアされました。新しい会話を作成するか、コンテキストをリフレッシュしてから、ファイルを再度送信する必要があります。',
  "file_expired", CHATBOX_JA % "file expired")
A("ja", "acc_chatbox_file_size",
  'ファイルサイズが50MBの制限を超えています。ファイルサイズを縮小してからもう一度お試しください。',
  "prompt_too_large", CHATBOX_JA % "file size")

# The same apps in English (LobeChat locales/en-US/error.json; Chatbox i18n/locales/en).
LOBE_EN = "LobeChat's English error string (locales/en-US/error.json, response.%s)"
CHATBOX_EN = "Chatbox's English error tip (i18n/locales/en/translation.json: %s)"

A("en", "acc_lobechat_401",
  'Sorry, the server has rejected your request, possibly due to insufficient permissions or invalid authentication.',
  "session_expired", LOBE_EN % "401")
A("en", "acc_lobechat_403",
  'Sorry, the server has rejected your request. You do not have permission to access this content.',
  "access_forbidden", LOBE_EN % "403")
A("en", "acc_lobechat_408",
  'Sorry, the server timed out while waiting for the request, please check your network connection and try again',
  "network_unstable", LOBE_EN % "408")
A("en", "acc_lobechat_413",
  'Sorry, your request data is too large for the server to process',
  "prompt_too_large", LOBE_EN % "413")
A("en", "acc_lobechat_414",
  'Sorry, the URI of your request is too long for the server to process',
  "prompt_too_large", LOBE_EN % "414")
A("en", "acc_lobechat_429",
  'Sorry, your request is too frequent and the server is a bit tired. Please try again later.',
  "rate_limited", LOBE_EN % "429")
A("en", "acc_lobechat_431",
  'Sorry, the header fields of your request are too large for the server to process',
  "oversized_cookies", LOBE_EN % "431")
A("en", "acc_lobechat_451",
  'Sorry, the server refuses to provide this resource due to legal reasons',
  "region_unsupported", LOBE_EN % "451")
A("en", "acc_lobechat_499",
  'We apologize, your request was unexpectedly interrupted while being processed by the server, possibly due to your cancellation of the operation or an unstable network connection. Please check your network status and try again.',
  "network_unstable", LOBE_EN % "499")
A("en", "acc_lobechat_500",
  'Sorry, the server seems to be experiencing some difficulties and is temporarily unable to complete your request. Please try again later.',
  "server_error", LOBE_EN % "500")
A("en", "acc_lobechat_502",
  'Sorry, the server seems to be lost and is temporarily unable to provide service. Please try again later.',
  "gateway_error", LOBE_EN % "502")
A("en", "acc_lobechat_503",
  'Sorry, the server is currently unable to process your request, possibly due to overload or maintenance. Please try again later.',
  "server_overloaded", LOBE_EN % "503")
A("en", "acc_lobechat_504",
  'Sorry, the server did not receive a response from the upstream server. Please try again later.',
  "gateway_error", LOBE_EN % "504")
A("en", "acc_lobechat_exceededcontextwindow",
  'The current request content exceeds the length that the model can handle. Please reduce the amount of content and try again.',
  "prompt_too_large", LOBE_EN % "ExceededContextWindow")
A("en", "acc_lobechat_insufficientquota",
  'Sorry, the quota for this key has been reached. Please check your account balance or increase the key quota and try again.',
  "quota_exhausted", LOBE_EN % "InsufficientQuota")
A("en", "acc_lobechat_invalidproviderapikey",
  'OpenAI API Key is incorrect or empty, please check your OpenAI API Key and try again',
  "invalid_api_key", LOBE_EN % "InvalidProviderAPIKey")
A("en", "acc_lobechat_locationnotsupporterror",
  "We're sorry, your current location does not support this model service. This may be due to regional restrictions or the service not being available. Please confirm if the current location supports using this service, or try using a different location.",
  "region_unsupported", LOBE_EN % "LocationNotSupportError")
A("en", "acc_lobechat_noopenaiapikey",
  'OpenAI API Key is empty, please add a custom OpenAI API Key',
  "invalid_api_key", LOBE_EN % "NoOpenAIAPIKey")
A("en", "acc_lobechat_permissiondenied",
  'Sorry, you do not have permission to access this service. Please check if your key has the necessary access rights.',
  "access_forbidden", LOBE_EN % "PermissionDenied")
A("en", "acc_lobechat_quotalimitreached",
  'We apologize, but the current token usage or number of requests has reached the quota limit for this key. Please increase the quota for this key or try again later.',
  "quota_exhausted", LOBE_EN % "QuotaLimitReached")
A("en", "acc_lobechat_systemtimenotmatcherror",
  'Sorry, your system time does not match the server. Please check your system time and try again.',
  "clock_skew", LOBE_EN % "SystemTimeNotMatchError")
A("en", "acc_chatbox_network",
  'A network error has occurred. Please check your current network status and the connection with api.openai.com.',
  "network_unstable", CHATBOX_EN % "network error tips")
A("en", "acc_chatbox_proxy",
  'Since you have set up a proxy address http://127.0.0.1:7890, please check if the proxy server is functioning properly, or consider removing the proxy address from the settings.',
  "proxy_or_vpn", CHATBOX_EN % "network proxy error tips")
A("en", "acc_chatbox_monthly_quota",
  'You have reached your monthly quota for the gpt-4o model. Please go to Settings to switch to a different model, view your quota usage, or upgrade your plan.',
  "quota_exhausted", CHATBOX_EN % "monthly quota")
A("en", "acc_chatbox_rate_limit",
  'You have exceeded the rate limit for the Chatbox AI service. Please try again later.',
  "rate_limited", CHATBOX_EN % "rate limit")
A("en", "acc_chatbox_file_expired",
  'The file you sent has expired. To protect your privacy, all file-related cache data has been cleared. You need to create a new conversation or refresh the context, and then send the file again.',
  "file_expired", CHATBOX_EN % "file expired")
A("en", "acc_chatbox_file_size",
  'The file size exceeds the limit of 50MB. Please reduce the file size and try again.',
  "prompt_too_large", CHATBOX_EN % "file size")
