//! The cause and fix taxonomies: stable ids that tests, the CLI and the UI depend on.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Whose side a cause is on; the verdict and the badge follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The service.
    Service,
    /// The user's account, plan or request.
    Account,
    /// The user's browser.
    Browser,
    /// The user's network.
    Network,
    /// Not known.
    Unknown,
}

macro_rules! id_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $id:literal,)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vm])* $variant,)*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stable id string.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id,)* }
            }

            /// Parses a stable id string.
            pub fn from_id(id: &str) -> Option<Self> {
                match id { $($id => Some($name::$variant),)* _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

id_enum! {
    /// Why a chat failed.
    Cause {
        /// The service is down (its status page says so).
        ServiceOutage = "service_outage",
        /// The service is under planned maintenance.
        ServiceMaintenance = "service_maintenance",
        /// The service is overloaded (529, 503 overload, "capacity").
        ServerOverloaded = "server_overloaded",
        /// The service failed on this request (500).
        ServerError = "server_error",
        /// A gateway in front of the service failed (502, 504, Cloudflare 52x).
        GatewayError = "gateway_error",
        /// The reply stream broke off mid-way.
        ResponseInterrupted = "response_interrupted",
        /// Too many requests: wait.
        RateLimited = "rate_limited",
        /// Out of credit, plan or usage limit.
        QuotaExhausted = "quota_exhausted",
        /// The login session expired.
        SessionExpired = "session_expired",
        /// The API key is wrong or revoked.
        InvalidApiKey = "invalid_api_key",
        /// The account may not do this (403 permission).
        AccessForbidden = "access_forbidden",
        /// The service is not offered where the user is.
        RegionUnsupported = "region_unsupported",
        /// A bot check (Cloudflare challenge, "unusual activity") stopped the request.
        BotChallenge = "bot_challenge",
        /// An extension (ad blocker, privacy tool) blocked a request chat needs.
        BlockedByExtension = "blocked_by_extension",
        /// The site's cookies grew too large (431, "Request Header Or Cookie Too Large").
        OversizedCookies = "oversized_cookies",
        /// The site's stored data is stale or corrupt.
        StaleSiteData = "stale_site_data",
        /// The page runs old code that the server no longer has (404 on versioned scripts).
        StaleAssets = "stale_assets",
        /// Cookies are disabled for the site.
        CookiesDisabled = "cookies_disabled",
        /// The browser is too old for the service.
        BrowserUnsupported = "browser_unsupported",
        /// The machine is offline.
        Offline = "offline",
        /// The service's name did not resolve.
        DnsFailure = "dns_failure",
        /// A proxy or VPN is failing or blocked.
        ProxyOrVpn = "proxy_or_vpn",
        /// Something on the network or machine intercepts TLS (antivirus, corporate proxy).
        TlsInterception = "tls_interception",
        /// The system clock is wrong.
        ClockSkew = "clock_skew",
        /// The connection is unstable (resets, network changes, timeouts).
        NetworkUnstable = "network_unstable",
        /// WebSockets are blocked on the way.
        WebsocketBlocked = "websocket_blocked",
        /// A network policy (firewall, school, company) blocks the service.
        BlockedByNetworkPolicy = "blocked_by_network_policy",
        /// The prompt or attachments are too large.
        PromptTooLarge = "prompt_too_large",
        /// An uploaded file expired or is gone.
        FileExpired = "file_expired",
        /// Something failed and the evidence does not say why.
        Unknown = "unknown",
    }
}

impl Cause {
    /// Whose side the cause is on.
    pub fn side(self) -> Side {
        use Cause::*;
        match self {
            ServiceOutage | ServiceMaintenance | ServerOverloaded | ServerError | GatewayError
            | ResponseInterrupted => Side::Service,
            RateLimited | QuotaExhausted | SessionExpired | InvalidApiKey | AccessForbidden
            | RegionUnsupported | BotChallenge | PromptTooLarge | FileExpired => Side::Account,
            BlockedByExtension | OversizedCookies | StaleSiteData | StaleAssets
            | CookiesDisabled | BrowserUnsupported => Side::Browser,
            Offline
            | DnsFailure
            | ProxyOrVpn
            | TlsInterception
            | ClockSkew
            | NetworkUnstable
            | WebsocketBlocked
            | BlockedByNetworkPolicy => Side::Network,
            Unknown => Side::Unknown,
        }
    }
}

id_enum! {
    /// What to do about it.
    FixId {
        /// Wait a little and try again.
        WaitAndRetry = "wait_and_retry",
        /// Wait the given number of seconds (`seconds`), or until the limit resets (`resetAt`).
        RetryAfter = "retry_after",
        /// Look at the status page (`url`).
        CheckStatusPage = "check_status_page",
        /// Regenerate the reply.
        Regenerate = "regenerate",
        /// Start a new chat.
        NewChat = "new_chat",
        /// Reload the page bypassing the cache.
        HardReload = "hard_reload",
        /// Clear the site's cookies (`origins`).
        ClearSiteCookies = "clear_site_cookies",
        /// Clear the site's cache and stored data (`origins`).
        ClearSiteCache = "clear_site_cache",
        /// Log out and in again.
        Relogin = "relogin",
        /// Try a private window (no extensions, fresh cookies).
        PrivateWindow = "private_window",
        /// Turn off an extension (`extensionId`, `extension`).
        DisableExtension = "disable_extension",
        /// Allow the site in the blocker (`blocker`).
        AllowlistSiteInBlocker = "allowlist_site_in_blocker",
        /// Try another browser.
        SwitchBrowser = "switch_browser",
        /// Update the browser.
        UpdateBrowser = "update_browser",
        /// Allow cookies for the site.
        EnableCookies = "enable_cookies",
        /// Turn off the VPN or proxy.
        DisableVpn = "disable_vpn",
        /// Try another network (phone hotspot).
        SwitchNetwork = "switch_network",
        /// Turn off HTTPS scanning in the antivirus or security suite: the one fix for TLS
        /// interception.
        DisableHttpsScanning = "disable_https_scanning",
        /// Restart the router.
        RestartRouter = "restart_router",
        /// Set the system clock right.
        FixSystemClock = "fix_system_clock",
        /// Shorten the prompt or attach less.
        ShortenPrompt = "shorten_prompt",
        /// Check the API key.
        CheckApiKey = "check_api_key",
        /// Check billing and limits.
        CheckBilling = "check_billing",
        /// Retry with exponential backoff (API clients).
        UseBackoff = "use_backoff",
        /// Contact support with the summary.
        ContactSupport = "contact_support",
        /// Use another service meanwhile.
        TryAlternativeService = "try_alternative_service",
        /// Try again within the hour: an hourly limit, with no reset time given.
        RetryWithinHour = "retry_within_hour",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_serde() {
        for c in Cause::ALL {
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.id()));
            assert_eq!(Cause::from_id(c.id()), Some(*c));
        }
        for f in FixId::ALL {
            let json = serde_json::to_string(f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.id()));
        }
        assert_eq!(Cause::ALL.len(), 30);
        assert_eq!(FixId::ALL.len(), 27);
    }
}
