//! Lookups over the services' entries (`src/provider/`): which service and role a URL has,
//! which hosts are shared, the extension's host patterns.
//!
//! Internal web endpoints drift, so paths are matched by stable fragments (`/backend-api/`,
//! `/completion`, `StreamGenerate`) rather than whole routes. Each request gets a [`Role`]: the
//! essential ones (the send, the steps before it, uploads, login, the page and its bundles) can
//! break a chat; `supporting` and `telemetry` requests cannot, whatever happens to them. The
//! roles are what keeps a blocked tracker from being blamed for a chat that works; see
//! `docs/diagnosis.md`.

use serde::{Deserialize, Serialize};

pub use crate::provider::{Service, ServiceId, StatusFormat, StatusPage, SERVICES};

/// What a request does for a service. Only the essential roles can break a chat: a blocked or
/// failed request in any other role is at most a note on the report, never a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Sends a chat turn or streams its reply: its failure is the user's failure.
    ChatTurn,
    /// A step the app takes right before a send (ChatGPT's `sentinel/chat-requirements`):
    /// without it the send never leaves.
    SendStep,
    /// A file upload the message carries.
    Upload,
    /// Session and login: failures here mean an expired or broken session.
    Auth,
    /// A backend call the app cannot work without (the model list, the account check).
    Backend,
    /// The app's HTML page.
    Page,
    /// Scripts and styles the app cannot run without.
    Asset,
    /// Bot-check assets (Cloudflare Turnstile): blocking them stops chat.
    Challenge,
    /// Any other request on a chat host, or one no service claims: the app may use it, but the
    /// chat does not depend on it.
    Supporting,
    /// Telemetry, analytics, feature flags, error reporting: blocking them is harmless.
    Telemetry,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: &'static [Role] = &[
        Role::ChatTurn,
        Role::SendStep,
        Role::Upload,
        Role::Auth,
        Role::Backend,
        Role::Page,
        Role::Asset,
        Role::Challenge,
        Role::Supporting,
        Role::Telemetry,
    ];

    /// Whether a failure of a request in this role keeps chat from working.
    pub fn essential(self) -> bool {
        !matches!(self, Role::Supporting | Role::Telemetry)
    }

    /// The stable id string (`chat_turn`, …), as serde writes it.
    pub fn id(self) -> &'static str {
        match self {
            Role::ChatTurn => "chat_turn",
            Role::SendStep => "send_step",
            Role::Upload => "upload",
            Role::Auth => "auth",
            Role::Backend => "backend",
            Role::Page => "page",
            Role::Asset => "asset",
            Role::Challenge => "challenge",
            Role::Supporting => "supporting",
            Role::Telemetry => "telemetry",
        }
    }
}

/// Third-party telemetry, analytics and feature-flag hosts, whichever service loads them.
const COMMON_TELEMETRY: &[&str] = &[
    "google-analytics.com",
    "googletagmanager.com",
    "browser-intake-datadoghq.com",
    "datadoghq.com",
    "datadoghq-browser-agent.com",
    "featuregates.org",
    "featureassets.org",
    "prodregistryv2.org",
    "statsig.com",
    "statsigapi.net",
    "sentry.io",
    "segment.io",
    "segment.com",
    "api.honeycomb.io",
    "doubleclick.net",
    "clarity.ms",
    "cloudflareinsights.com",
    "mixpanel.com",
    "hotjar.com",
    "singular.net",
    "intercom.io",
    "intercomcdn.com",
    "gravatar.com",
];

/// Cloudflare's challenge assets: blocked, they stop chat behind a challenge.
const CHALLENGE_HOSTS: &[&str] = &["challenges.cloudflare.com"];

/// A URL split into the parts the catalogue matches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `https`, `wss`, …
    pub scheme: &'a str,
    /// The host, lower case expected, without port.
    pub host: &'a str,
    /// The path and query, starting with `/` (or empty).
    pub path: &'a str,
}

/// Splits a URL without allocating; tolerant of what browsers and HARs give.
pub fn split_url(url: &str) -> UrlParts<'_> {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i], &url[i + 3..]),
        None => ("", url),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let path = &rest[end..];
    // Drop user info and port.
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| &h[1..]).unwrap_or(host)
    } else {
        host.split(':').next().unwrap_or(host)
    };
    UrlParts { scheme, host, path }
}

/// Whether `host` is `domain` or one of its subdomains.
pub fn host_matches(host: &str, domain: &str) -> bool {
    let host = host.trim_end_matches('.');
    host.eq_ignore_ascii_case(domain)
        || (host.len() > domain.len()
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
            && host[host.len() - domain.len()..].eq_ignore_ascii_case(domain))
}

/// Matches a pattern that is either a domain (`cdn.oaistatic.com`) or a domain with a path
/// prefix (`play.google.com/log`), or a host fragment (`chatgpt-async-webps`).
fn pattern_matches(parts: &UrlParts<'_>, pattern: &str) -> bool {
    match pattern.split_once('/') {
        Some((domain, path)) => {
            host_matches(parts.host, domain)
                && parts.path.get(1..).is_some_and(|p| p.starts_with(path))
        }
        None if pattern.contains('.') => host_matches(parts.host, pattern),
        None => parts.host.contains(pattern),
    }
}

/// Where a URL belongs: which service and what role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classified {
    /// The service, where the URL is one of a service's.
    pub service: Option<ServiceId>,
    /// The role the request plays.
    pub role: Role,
    /// Whether the host is one other products share (see [`Service::shared_hosts`]): such a
    /// request is no evidence of the service on its own.
    pub shared: bool,
}

impl Classified {
    /// A URL no service claims, in `role`.
    const fn unclaimed(role: Role) -> Classified {
        Classified {
            service: None,
            role,
            shared: false,
        }
    }
}

/// Classifies a URL against the catalogue. A URL no service claims is `Supporting` with no
/// service, or `Telemetry` on a known third-party telemetry host; Cloudflare challenge assets
/// are `Challenge`.
pub fn classify(url: &str) -> Classified {
    let parts = split_url(url);
    let own_service = || {
        SERVICES
            .iter()
            .find(|s| s.hosts.iter().any(|h| host_matches(parts.host, h)))
            .map(|s| s.service)
    };
    if CHALLENGE_HOSTS.iter().any(|h| host_matches(parts.host, h))
        || parts.path.starts_with("/cdn-cgi/challenge-platform/")
    {
        return Classified {
            service: own_service(),
            role: Role::Challenge,
            shared: false,
        };
    }
    if is_common_telemetry(parts.host) {
        return Classified::unclaimed(Role::Telemetry);
    }
    for s in SERVICES {
        let own = s.hosts.iter().any(|h| host_matches(parts.host, h));
        let auth_host = s.auth_hosts.iter().any(|h| pattern_matches(&parts, h));
        let asset_host = s.asset_hosts.iter().any(|p| pattern_matches(&parts, p));
        let upload_host = s.upload_hosts.iter().any(|p| pattern_matches(&parts, p));
        let telemetry_host = s.telemetry_hosts.iter().any(|p| pattern_matches(&parts, p));
        let reply_host = s.reply_hosts.iter().any(|p| pattern_matches(&parts, p));
        if !(own || auth_host || asset_host || upload_host || telemetry_host || reply_host) {
            continue;
        }
        let shared = s.shared_hosts.iter().any(|h| host_matches(parts.host, h));
        let found = |role| Classified {
            service: Some(s.service),
            role,
            shared,
        };
        if telemetry_host || s.telemetry_paths.iter().any(|p| parts.path.contains(p)) {
            return found(Role::Telemetry);
        }
        if !own {
            return found(if reply_host {
                Role::ChatTurn
            } else if auth_host {
                Role::Auth
            } else if upload_host {
                Role::Upload
            } else {
                Role::Asset
            });
        }
        let has = |list: &[&str]| list.iter().any(|p| parts.path.contains(p));
        let role = if s.chat_paths.iter().any(|p| path_has(parts.path, p)) {
            Role::ChatTurn
        } else if has(s.send_step_paths) {
            Role::SendStep
        } else if s.upload_paths.iter().any(|p| path_has(parts.path, p)) {
            Role::Upload
        } else if has(s.auth_paths) {
            Role::Auth
        } else if has(s.backend_paths) || s.api {
            // Every call a program makes to an API is one it needs.
            Role::Backend
        } else if is_asset_path(parts.path) {
            Role::Asset
        } else if !is_backend_path(parts.path) {
            Role::Page
        } else {
            Role::Supporting
        };
        return found(role);
    }
    Classified::unclaimed(Role::Supporting)
}

/// Whether `path` carries the chat-path fragment `frag`, as a whole path segment run
/// (`/completion` matches `/…/completion` and `/…/completion?x`, not `/completions_log`).
fn path_has(path: &str, frag: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let mut from = 0;
    while let Some(i) = path[from..].find(frag) {
        let end = from + i + frag.len();
        match path.as_bytes().get(end) {
            None | Some(b'/') | Some(b'?') => return true,
            _ => from = from + i + 1,
        }
    }
    false
}

/// Whether a path on a chat app's own host is a backend call rather than a page.
fn is_backend_path(path: &str) -> bool {
    [
        "/api",
        "/backend",
        "/_/",
        "/rest/",
        "/c/api/",
        "/socket.io/",
    ]
    .iter()
    .any(|p| path.contains(p))
}

/// Whether a path names a script or style file.
pub fn is_asset_path(path: &str) -> bool {
    let p = path.split(['?', '#']).next().unwrap_or(path);
    p.ends_with(".js") || p.ends_with(".mjs") || p.ends_with(".css") || p.ends_with(".wasm")
}

/// The service a URL belongs to, if any.
pub fn service_of(url: &str) -> Option<ServiceId> {
    classify(url).service
}

/// The origins (`https://host`) whose site data belongs to a service: what "clear this site's
/// cookies" clears (those hosts and their subdomains, never a parent domain). Sign-in hosts are
/// left out: they are shared with other products of the same company (auth.openai.com with the
/// OpenAI platform, accounts.google.com with every Google service), and clearing them would sign
/// the user out of those too.
pub fn origins(service: ServiceId) -> Vec<String> {
    service
        .entry()
        .hosts
        .iter()
        .map(|h| format!("https://{h}"))
        .collect()
}

/// Host match patterns for every service (`*://*.chatgpt.com/*`, …): the extension's host
/// permissions are generated from these.
pub fn host_patterns() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in SERVICES {
        for h in s
            .hosts
            .iter()
            .chain(s.auth_hosts.iter())
            .chain(s.asset_hosts.iter())
        {
            let domain = h.split('/').next().unwrap_or(h);
            for p in [format!("*://{domain}/*"), format!("*://*.{domain}/*")] {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
        if let Some(api) = s.status.api {
            let host = split_url(api).host;
            let p = format!("https://{host}/*");
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// Whether a host is a known third-party telemetry host no service needs.
pub fn is_common_telemetry(host: &str) -> bool {
    COMMON_TELEMETRY.iter().any(|h| host_matches(host, h))
}

/// The catalogue as the extension's build and JS read it (`chatmedic catalog --json`, the wasm
/// `catalog()` export): host permission patterns and, per service, its hosts and status page.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogExport {
    /// Match patterns for every host the services use (the extension's host permissions).
    pub host_patterns: Vec<String>,
    /// The services, in display order.
    pub services: Vec<ServiceExport>,
}

/// One service in [`CatalogExport`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceExport {
    /// The stable id.
    pub id: &'static str,
    /// The product's name.
    pub name: &'static str,
    /// The app's and backend's hosts.
    pub hosts: &'static [&'static str],
    /// The origins whose site data "clear this site's cookies" clears.
    pub origins: Vec<String>,
    /// The status page people open.
    pub status_url: &'static str,
    /// The status page's machine-readable feed, where there is one.
    pub status_api: Option<&'static str>,
    /// The feed's format.
    pub status_format: StatusFormat,
    /// Whether it is an API used by programs (no chat page to watch).
    pub api: bool,
    /// The endpoint that carries a chat turn.
    pub chat_url: &'static str,
}

/// The catalogue in its exported shape.
pub fn export() -> CatalogExport {
    CatalogExport {
        host_patterns: host_patterns(),
        services: SERVICES
            .iter()
            .map(|s| ServiceExport {
                id: s.id,
                name: s.name,
                hosts: s.hosts,
                origins: origins(s.service),
                status_url: s.status.url,
                status_api: s.status.api,
                status_format: s.status.format,
                api: s.api,
                chat_url: s.chat_url,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles() {
        let c = |u| classify(u);
        let role = |u| classify(u).role;
        assert_eq!(
            role("https://chatgpt.com/backend-api/f/conversation"),
            Role::ChatTurn
        );
        assert_eq!(
            role("https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare"),
            Role::SendStep
        );
        assert_eq!(role("https://chatgpt.com/api/auth/session"), Role::Auth);
        assert_eq!(
            role("https://chatgpt.com/backend-api/models"),
            Role::Backend
        );
        assert_eq!(role("https://chatgpt.com/backend-api/files"), Role::Upload);
        assert_eq!(
            role("https://cdn.oaistatic.com/assets/app-abc123.js"),
            Role::Asset
        );
        // What EasyPrivacy and uBlock filters block on chatgpt.com is telemetry.
        for u in [
            "https://chatgpt.com/backend-api/sentinel/ping",
            "https://chatgpt.com/ces/v1/t",
            "https://ab.chatgpt.com/v1/rgstr",
            "https://bzr.openai.com/v1/batch",
            "https://events.statsigapi.net/v1/rgstr",
            "https://browser-intake-datadoghq.com/api/v2/rum",
            "https://claude.ai/sentry?o=1",
            "https://s-cdn.anthropic.com/s.js",
            "https://www.perplexity.ai/rest/event/analytics",
            "https://www.perplexity.ai/rest/metrics/collect",
        ] {
            assert_eq!(role(u), Role::Telemetry, "{u}");
            assert!(!role(u).essential(), "{u}");
        }
        // An unknown path on a chat host supports the app; the chat does not need it.
        assert_eq!(
            role("https://chatgpt.com/backend-api/gizmos/bootstrap"),
            Role::Supporting
        );
        assert!(!Role::Supporting.essential());
        assert_eq!(
            role("https://claude.ai/api/organizations/o/chat_conversations/c/completion"),
            Role::ChatTurn
        );
        assert_eq!(
            role("https://claude.ai/api/organizations/o/chat_conversations/c/completions_log"),
            Role::Supporting
        );
        assert_eq!(role("https://claude.ai/new"), Role::Page);
        assert_eq!(
            role("https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate?bl=x"),
            Role::ChatTurn
        );
        assert_eq!(
            role("wss://copilot.microsoft.com/c/api/chat?api-version=2"),
            Role::ChatTurn
        );
        assert_eq!(
            c("wss://chatgpt-async-webps-prod-southcentralus-5.webpubsub.azure.com/client/hubs/conversations?access_token=x").service,
            Some(ServiceId::Chatgpt)
        );
        assert_eq!(
            role("https://www.perplexity.ai/rest/sse/perplexity_ask"),
            Role::ChatTurn
        );
        assert_eq!(
            c("https://api.anthropic.com/v1/messages").service,
            Some(ServiceId::AnthropicApi)
        );
        assert_eq!(role("https://api.openai.com/v1/models"), Role::Backend);
        for url in [
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent",
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse",
            "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
            "https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-flash:generateContent",
        ] {
            assert_eq!(c(url).service, Some(ServiceId::GeminiApi), "{url}");
            assert_eq!(c(url).role, Role::ChatTurn, "{url}");
        }
        assert_eq!(
            role("https://generativelanguage.googleapis.com/v1beta/models"),
            Role::Backend
        );
        // The Gemini app's hosts are not the API's, nor the other way round.
        assert_eq!(
            c("https://gemini.google.com/app").service,
            Some(ServiceId::Gemini)
        );
        assert_eq!(
            c("https://www.google-analytics.com/g/collect"),
            Classified::unclaimed(Role::Telemetry)
        );
        assert_eq!(
            c("https://static.example.net/app.js"),
            Classified::unclaimed(Role::Supporting)
        );
        assert_eq!(
            role("https://challenges.cloudflare.com/turnstile/v0/api.js"),
            Role::Challenge
        );
        assert!(is_common_telemetry("www.google-analytics.com"));
    }

    #[test]
    fn mistral_and_deepseek_roles() {
        let c = |u| classify(u);
        let is = |u, s, r| {
            assert_eq!(c(u).service, Some(s), "{u}");
            assert_eq!(c(u).role, r, "{u}");
        };
        use ServiceId as S;
        is(
            "https://chat.mistral.ai/api/chat",
            S::Mistral,
            Role::ChatTurn,
        );
        is(
            "https://chat.mistral.ai/api/trpc/message.newChat?batch=1",
            S::Mistral,
            Role::SendStep,
        );
        is(
            "https://chat.mistral.ai/api/trpc/event.sendEventToDatalake?batch=1",
            S::Mistral,
            Role::Telemetry,
        );
        is("https://chat.mistral.ai/chat/abc", S::Mistral, Role::Page);
        is(
            "https://api.mistral.ai/v1/chat/completions",
            S::MistralApi,
            Role::ChatTurn,
        );
        is(
            "https://api.mistral.ai/v1/models",
            S::MistralApi,
            Role::Backend,
        );
        is(
            "https://chat.deepseek.com/api/v0/chat/completion",
            S::Deepseek,
            Role::ChatTurn,
        );
        is(
            "https://chat.deepseek.com/api/v0/chat/create_pow_challenge",
            S::Deepseek,
            Role::SendStep,
        );
        is(
            "https://chat.deepseek.com/api/v0/users/current",
            S::Deepseek,
            Role::Auth,
        );
        is(
            "https://api.deepseek.com/chat/completions",
            S::DeepseekApi,
            Role::ChatTurn,
        );
        is(
            "https://api.deepseek.com/v1/chat/completions",
            S::DeepseekApi,
            Role::ChatTurn,
        );
        // Mistral's sign-in host is the console's too: alone it names no service.
        assert!(c("https://auth.mistral.ai/self-service/login/browser").shared);
    }

    #[test]
    fn shared_hosts_are_marked() {
        let g = classify("https://accounts.google.com/RotateCookies");
        assert_eq!(g.service, Some(ServiceId::Gemini));
        assert!(g.shared);
        assert!(classify("https://www.gstatic.com/og/_/js/k=og.qtm.en_US.js").shared);
        assert!(classify("https://login.microsoftonline.com/common/oauth2").shared);
        assert!(!classify("https://gemini.google.com/app").shared);
        assert!(!classify("https://chatgpt.com/").shared);
    }

    #[test]
    fn split_url_handles_ports_and_userinfo() {
        let p = split_url("https://u:p@Example.com:8443/a?b");
        assert_eq!(p.host, "Example.com");
        assert_eq!(p.path, "/a?b");
        assert_eq!(split_url("wss://[::1]:9/x").host, "::1");
        assert!(!host_matches("evilchatgpt.com", "chatgpt.com"));
        assert!(host_matches("www.perplexity.ai", "perplexity.ai"));
    }

    #[test]
    fn origins_are_the_services_own_hosts_never_shared_sign_in_hosts() {
        assert_eq!(
            origins(ServiceId::Chatgpt),
            ["https://chatgpt.com", "https://chat.openai.com"]
        );
        for s in SERVICES {
            for o in origins(s.service) {
                let host = o.trim_start_matches("https://");
                assert!(s.hosts.contains(&host), "{o}");
                assert!(!s.auth_hosts.contains(&host), "{o} is a sign-in host");
            }
        }
    }

    #[test]
    fn host_patterns_cover_services() {
        let p = host_patterns();
        assert!(p.contains(&"*://chatgpt.com/*".to_string()));
        assert!(p.contains(&"*://*.claude.ai/*".to_string()));
    }
}
