//! Perplexity (www.perplexity.ai).

use super::{Service, ServiceId, StatusFormat, StatusPage, EMPTY};

/// The entry.
pub(super) const SERVICE: Service = Service {
    service: ServiceId::Perplexity,
    id: "perplexity",
    name: "Perplexity",
    hosts: &["perplexity.ai"],
    chat_paths: &["/rest/sse/perplexity_ask", "/socket.io/"],
    upload_paths: &["/rest/uploads"],
    auth_paths: &["/api/auth/"],
    asset_hosts: &["pplx-next-static-public.perplexity.ai"],
    telemetry_paths: &[
        "/rest/event/analytics",
        "/rest/metrics/collect",
        "/rest/event/",
        "/cdn-cgi/rum",
    ],
    status: StatusPage {
        url: "https://status.perplexity.com",
        api: Some("https://status.perplexity.com/api/v2/summary.json"),
        format: StatusFormat::Atlassian,
    },
    api: false,
    chat_url: "https://www.perplexity.ai/rest/sse/perplexity_ask",
    names: &["perplexity"],
    ..EMPTY
};
