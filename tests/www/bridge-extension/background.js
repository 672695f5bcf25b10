// Test only: the chatmedic extension's side of the help page bridge, with one canned tab report.
chrome.runtime.onMessageExternal.addListener((message, _sender, reply) => {
  if (message?.type !== "web-bg/get-reports") return false;
  reply([
    {
      tabId: 7,
      service: "claude",
      observations: 3,
      report: {
        service: "claude",
        verdict: "your_browser",
        lang: "en",
        supportSummary: "chatmedic support summary (test bridge)",
        findings: [
          {
            cause: "oversized_cookies",
            confidence: 0.9,
            params: { service: "Claude", host: "claude.ai", status: 431, origins: ["https://claude.ai"] },
            title: "",
            explanation: "",
            evidence: [{ observation: 0, summary: "GET claude.ai/api/organizations → 431" }],
            fixes: [
              {
                fix: "clear_site_cookies",
                params: { origins: ["https://claude.ai"] },
                title: "",
                steps: [],
                action: null,
              },
            ],
          },
        ],
      },
    },
  ]);
  return false;
});
