//! The extensions known to block or reroute requests, and how suspicious any installed one is.
//!
//! [`KNOWN`] names ad blockers, tracker blockers, script blockers and VPN/proxy extensions by
//! their store ids: Chromium ids (32 letters `a`–`p`; the Chrome Web Store's, plus the Edge
//! Add-ons' and Brave's own copies where a source gives them) and Firefox add-on ids
//! (`uBlock0@raymondhill.net`, `{d10d0bf8-…}`, `jid1-…@jetpack`). Every id was checked against a
//! public source, named in a `// verified:` comment beside it; ids that could not be checked are
//! left out rather than guessed, because a wrong id would blame the wrong extension.
//!
//! [`suspicion`] rates one entry of `management.getAll`: a catalogue hit scores high, and an
//! unknown extension is read from its permissions (request-blocking rules with broad host
//! access, the `proxy` API) and, weakly, from its name.

use serde::{Deserialize, Serialize};

use crate::catalog;
use crate::observation::ExtensionInfo;

/// What a blocking or rerouting extension does to the chat's requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockerKind {
    /// Blocks ads (and usually trackers) by filter lists: uBlock Origin, AdBlock, AdGuard, ….
    AdBlocker,
    /// Blocks trackers and third-party requests: Privacy Badger, DuckDuckGo, Disconnect.
    PrivacyBlocker,
    /// Blocks scripts (and frames) unless the site is trusted: NoScript, uMatrix.
    ScriptBlocker,
    /// Sends traffic through a VPN or proxy server: Proton VPN, Windscribe, FoxyProxy, ….
    VpnProxy,
}

/// One extension of the catalogue.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct KnownExtension {
    /// Its name as users know it (not translated).
    pub name: &'static str,
    /// What it does.
    pub kind: BlockerKind,
    /// A stable key for per-blocker texts, such as the steps to allow a site
    /// (`ublock`, `ublock_lite`, `adblock`, `adblockplus`, `adguard`, `ghostery`,
    /// `privacybadger`, `duckduckgo`, `noscript`, `umatrix`, `windscribe`, …).
    pub key: &'static str,
    /// Chromium extension ids: Chrome Web Store, and Edge Add-ons or Brave-hosted copies where
    /// a source names them.
    pub chrome_ids: &'static [&'static str],
    /// Firefox add-on ids (the manifest's `browser_specific_settings.gecko.id`).
    pub firefox_ids: &'static [&'static str],
}

impl KnownExtension {
    /// Every id of the extension, Chromium's first.
    pub fn ids(&self) -> impl Iterator<Item = &'static str> {
        self.chrome_ids
            .iter()
            .chain(self.firefox_ids.iter())
            .copied()
    }

    /// Whether `id` (as `management.getAll` reports it) is one of this extension's ids.
    pub fn has_id(&self, id: &str) -> bool {
        let id = id.trim();
        // Chromium ids are lower case and GUID-style Firefox ids are case-insensitive; other
        // Firefox ids (`name@domain`) are compared exactly.
        let loose = id.starts_with('{') || looks_like_chromium_id(id);
        self.ids()
            .any(|known| known == id || (loose && known.eq_ignore_ascii_case(id)))
    }
}

/// The catalogue. Each id carries the public source it was checked against.
pub static KNOWN: &[KnownExtension] = &[
    // Ad blockers.
    KnownExtension {
        name: "uBlock Origin",
        kind: BlockerKind::AdBlocker,
        key: "ublock",
        chrome_ids: &[
            "cjpalhdlnbpafiamejdnhcphjbkeiagm", // verified: gorhill/uBlock/README.md (Chrome Store link)
            "jcokkipkhhgiakinbnnplhkdbjbgcgpe", // verified: brave/brave-core/chromium_src/extensions/browser/extension_util.h (Brave-hosted copy, kUBlockId)
        ],
        firefox_ids: &[
            "uBlock0@raymondhill.net", // verified: gorhill/uBlock/platform/firefox/manifest.json
        ],
    },
    KnownExtension {
        name: "uBlock Origin Lite",
        kind: BlockerKind::AdBlocker,
        key: "ublock_lite",
        chrome_ids: &[
            "ddkjiahejlhfcafbddmgiahcphecmpfh", // verified: uBlockOrigin/uBOL-home/README.md (Chrome Web Store)
            "cimighlppcgcoapaliogpjjdehbnofhn", // verified: uBlockOrigin/uBOL-home/README.md (Edge Add-ons)
        ],
        firefox_ids: &[
            "uBOLite@raymondhill.net", // verified: uBlockOrigin/uBOL-home/firefox/manifest.json
        ],
    },
    KnownExtension {
        name: "uBlock",
        kind: BlockerKind::AdBlocker,
        key: "ublock_classic",
        chrome_ids: &[
            "epcnnfbjfcgphgdmggkamkmgojdagdnn", // verified: jamieweb/jamieweb/info/chrome-extension-ids/index.php
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "AdBlock",
        kind: BlockerKind::AdBlocker,
        key: "adblock",
        chrome_ids: &[
            "gighmmpiobklfepjocnamgkkbiglidom", // verified: jamieweb/jamieweb/info/chrome-extension-ids/index.php; z0ccc/extension-detector/src/utils/extensions.js
        ],
        firefox_ids: &[
            "jid1-NIfFY2CA8fy1tg@jetpack", // verified: mozilla/bigquery-etl/sql/moz-fx-data-shared-prod/telemetry_derived/feature_usage_v2/query.sql
        ],
    },
    KnownExtension {
        name: "Adblock Plus",
        kind: BlockerKind::AdBlocker,
        key: "adblockplus",
        chrome_ids: &[
            "cfhdojbkjhnklbpkdaibdccddilifddb", // verified: adblockplus/web.adblockplus.org/includes/download/desktop.tmpl
        ],
        firefox_ids: &[
            "{d10d0bf8-f5b5-c8b4-a8b2-2b9879e08c5d}", // verified: adblockplus/adblockpluschrome/metadata.gecko
        ],
    },
    KnownExtension {
        name: "AdGuard AdBlocker",
        kind: BlockerKind::AdBlocker,
        key: "adguard",
        chrome_ids: &[
            "bgnkhhnnamicmpeenaelnjfhikgbkllg", // verified: AdguardTeam/KnowledgeBase/docs/adguard-browser-extension/mv3-version.md (MV3 release)
            "apjcbfpjihpedihablmalmbbhjpklbdf", // verified: AdguardTeam/KnowledgeBase/docs/adguard-browser-extension/mv3-version.md (MV3 beta)
            "gfggjaccafhcbfogfkogggoepomehbjl", // verified: AdguardTeam/KnowledgeBase/docs/adguard-browser-extension/mv3-version.md (MV2); brave/brave-core/chromium_src/extensions/browser/extension_util.h
            "ejoelgckfgogkoppbgkklbbjdkjdbmen", // verified: brave/brave-core/chromium_src/extensions/browser/extension_util.h (Brave-hosted copy, kAdGuardId)
        ],
        firefox_ids: &[
            "adguardadblocker@adguard.com", // verified: AdguardTeam/AdguardBrowserExtension/tools/constants.js (release)
            "adguardadblockerbeta@adguard.com", // verified: AdguardTeam/AdguardBrowserExtension/tools/constants.js (beta)
        ],
    },
    KnownExtension {
        name: "AdBlocker Ultimate",
        kind: BlockerKind::AdBlocker,
        key: "adblocker_ultimate",
        chrome_ids: &[
            "ohahllgiabjaoigichmmfljhkcfikeof", // verified: z0ccc/extension-detector/src/utils/extensions.js
        ],
        firefox_ids: &[
            "adblockultimate@adblockultimate.net", // verified: mozilla/bigquery-etl/sql/moz-fx-data-shared-prod/telemetry_derived/feature_usage_v2/query.sql
        ],
    },
    KnownExtension {
        name: "Total Adblock",
        kind: BlockerKind::AdBlocker,
        key: "total_adblock",
        chrome_ids: &[
            "gekdekpbfehejjiecgonmgmepbdnaggp", // verified: z0ccc/extension-detector/src/utils/extensions.js
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "Ghostery",
        kind: BlockerKind::AdBlocker,
        key: "ghostery",
        chrome_ids: &[
            "mlomiejdfkolichcflejclcbmpeaniij", // verified: ghostery/ghostery-extension/extension-manifest-v2/README.md
        ],
        firefox_ids: &[
            "firefox@ghostery.com", // verified: ghostery/ghostery-extension/src/manifest.firefox.json
        ],
    },
    // Tracker blockers.
    KnownExtension {
        name: "Privacy Badger",
        kind: BlockerKind::PrivacyBlocker,
        key: "privacybadger",
        chrome_ids: &[
            "pkehgijcmpdhfbdbbnkijodmdjhbjlgp", // verified: EFForg/privacybadger/doc/admin-deployment.md
            "mkejgcgkdlddbggjhhflekkondicpnop", // verified: EFForg/privacybadger/doc/admin-deployment.md (Edge)
        ],
        firefox_ids: &[
            "jid1-MnnxcxisBPnSXQ@jetpack", // verified: EFForg/privacybadger/src/manifest.json
            "jid1-MnnxcxisBPnSXQ-eff@jetpack", // verified: EFForg/privacybadger/doc/admin-deployment.md (installed from privacybadger.org)
        ],
    },
    KnownExtension {
        name: "DuckDuckGo Privacy Essentials",
        kind: BlockerKind::PrivacyBlocker,
        key: "duckduckgo",
        chrome_ids: &[
            "bkdgflcldnnnapblkhphbgpggdiikppg", // verified: duckduckgo/duckduckgo-privacy-extension/README.md (Chrome)
            "caoacbimdbbljakfhgikoodekdnlcgpk", // verified: duckduckgo/duckduckgo-privacy-extension/README.md (Edge)
        ],
        firefox_ids: &[
            "jid1-ZAdIEUB7XOzOJw@jetpack", // verified: duckduckgo/duckduckgo-privacy-extension/browsers/firefox/manifest.json
        ],
    },
    KnownExtension {
        name: "Disconnect",
        kind: BlockerKind::PrivacyBlocker,
        key: "disconnect",
        chrome_ids: &[
            "jeoacafpbcihiomhlakheieifhpjdfeo", // verified: jamieweb/jamieweb/info/chrome-extension-ids/index.php
        ],
        firefox_ids: &[
            "2.0@disconnect.me", // verified: disconnectme/disconnect/builds/disconnect.rdf
        ],
    },
    KnownExtension {
        name: "Malwarebytes Browser Guard",
        kind: BlockerKind::PrivacyBlocker,
        key: "malwarebytes",
        chrome_ids: &[
            "ihcjicgdanjaechkgeegckofjjedodee", // verified: z0ccc/extension-detector/src/utils/extensions.js
        ],
        firefox_ids: &[],
    },
    // Script blockers.
    KnownExtension {
        name: "NoScript",
        kind: BlockerKind::ScriptBlocker,
        key: "noscript",
        chrome_ids: &[
            "doojmbjmlfjjnbmnoijecmcbfeoakpjm", // verified: brave/brave-core/chromium_src/extensions/browser/extension_util.h (kWebStoreNoScriptId)
            "bgkmgpgeempochogfoddiobpbhdfgkdi", // verified: brave/brave-core/chromium_src/extensions/browser/extension_util.h (Brave-hosted copy, kNoScriptId)
        ],
        firefox_ids: &[
            "{73a6fe31-595d-460b-a920-fcc0f8843232}", // verified: hackademix/noscript/src/manifest.json
        ],
    },
    KnownExtension {
        name: "uMatrix",
        kind: BlockerKind::ScriptBlocker,
        key: "umatrix",
        chrome_ids: &[
            "ogfcmafjalglgifnmanfmnieipoejdcf", // verified: gorhill/uMatrix/README.md (Chrome store link)
            "fplfeajmkijmaeldaknocljmmoebdgmk", // verified: brave/brave-core/chromium_src/extensions/browser/extension_util.h (Brave-hosted copy, kUMatrixId)
        ],
        firefox_ids: &[
            "uMatrix@raymondhill.net", // verified: gorhill/uMatrix/platform/firefox/manifest.json
        ],
    },
    // VPN and proxy extensions.
    KnownExtension {
        name: "Proton VPN",
        kind: BlockerKind::VpnProxy,
        key: "proton_vpn",
        chrome_ids: &[],
        firefox_ids: &[
            "vpn@proton.ch", // verified: jacobranson/nixcfg/modules/nixos/apps/firefox/extensions.nix (AMO slug proton-vpn-firefox-extension)
        ],
    },
    KnownExtension {
        name: "Windscribe",
        kind: BlockerKind::VpnProxy,
        key: "windscribe",
        chrome_ids: &[
            "hnmpcagpplmpfojmgmnngilcnanddlhb", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml; m1k1o/neko-rooms/client/src/store/state.ts
        ],
        firefox_ids: &[
            "@windscribeff", // verified: m1k1o/neko-rooms/client/src/store/state.ts
        ],
    },
    KnownExtension {
        name: "NordVPN",
        kind: BlockerKind::VpnProxy,
        key: "nordvpn",
        chrome_ids: &[
            "fjoaledfpmneenckfbpdfhkmimnjocfa", // verified: m1k1o/neko-rooms/client/src/store/state.ts; SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[
            "nordvpnproxy@nordvpn.com", // verified: m1k1o/neko-rooms/client/src/store/state.ts
        ],
    },
    KnownExtension {
        name: "ExpressVPN",
        kind: BlockerKind::VpnProxy,
        key: "expressvpn",
        chrome_ids: &[
            "fgddmllnllkalaagkghckoinaemmogpe", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml; z0ccc/extension-detector/src/utils/extensions.js
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "Surfshark",
        kind: BlockerKind::VpnProxy,
        key: "surfshark",
        chrome_ids: &[
            "ailoabdmgclmfmhdagmlohpjlbpffblp", // verified: m1k1o/neko-rooms/client/src/store/state.ts; z0ccc/extension-detector/src/utils/extensions.js
        ],
        firefox_ids: &[
            "{732216ec-0dab-43bb-ac85-4b5e1977599d}", // verified: m1k1o/neko-rooms/client/src/store/state.ts
        ],
    },
    KnownExtension {
        name: "Private Internet Access",
        kind: BlockerKind::VpnProxy,
        key: "pia",
        chrome_ids: &[
            "jplnlifepflhkbkgonidnobkakhmpnmh", // verified: m1k1o/neko-rooms/client/src/store/state.ts; SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[
            "{3e4d2037-d300-4e95-859d-3cba866f46d3}", // verified: m1k1o/neko-rooms/client/src/store/state.ts
        ],
    },
    KnownExtension {
        name: "SetupVPN",
        kind: BlockerKind::VpnProxy,
        key: "setupvpn",
        chrome_ids: &[
            "oofgbpoabipfcfjapgnbbjjaenockbdp", // verified: m1k1o/neko-rooms/client/src/store/state.ts; SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[
            "@setupvpncom", // verified: m1k1o/neko-rooms/client/src/store/state.ts
        ],
    },
    KnownExtension {
        name: "Hola VPN",
        kind: BlockerKind::VpnProxy,
        key: "hola",
        chrome_ids: &[
            "gkojfkhlekighikafcpjkiklfbnlmeio", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml; m1k1o/neko-rooms/client/src/store/state.ts
            "kcdahmgmaagjhocpipbodaokikjkampi", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "Hotspot Shield",
        kind: BlockerKind::VpnProxy,
        key: "hotspot_shield",
        chrome_ids: &[
            "nlbejmccbhkncgokjcmghpfloaajcffj", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml; z0ccc/extension-detector/src/utils/extensions.js
            "ejkaocphofnobjdedneohbbiilggdlbi", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml (Elite)
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "Touch VPN",
        kind: BlockerKind::VpnProxy,
        key: "touch_vpn",
        chrome_ids: &[
            "bihmplhobchoageeokmgbdihknkjbknd", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml; z0ccc/extension-detector/src/utils/extensions.js
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "Browsec VPN",
        kind: BlockerKind::VpnProxy,
        key: "browsec",
        chrome_ids: &[
            "omghfjlpggmjjaagoclmmobgdodcjboh", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml; miso201/miso201/rme/crm/extensionInstall.bat
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "ZenMate VPN",
        kind: BlockerKind::VpnProxy,
        key: "zenmate",
        chrome_ids: &[
            "fdcgdnkidjaadafnichfpabhfomcebme", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "Urban VPN",
        kind: BlockerKind::VpnProxy,
        key: "urban_vpn",
        chrome_ids: &[
            "eppiocemhmnlbhjplcgkofciiegomcon", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "TunnelBear VPN",
        kind: BlockerKind::VpnProxy,
        key: "tunnelbear",
        chrome_ids: &[
            "omdakjcmkglenbhjadbccaookpfjihpa", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "CyberGhost VPN",
        kind: BlockerKind::VpnProxy,
        key: "cyberghost",
        chrome_ids: &[
            "ffbkglfijbcbgblgflchnbphjdllaogb", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "PureVPN",
        kind: BlockerKind::VpnProxy,
        key: "purevpn",
        chrome_ids: &[
            "bfidboloedlamgdmenmlbipfnccokknp", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "HMA VPN",
        kind: BlockerKind::VpnProxy,
        key: "hma",
        chrome_ids: &[
            "poeojclicodamonabcabmapamjkkmnnk", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "Betternet VPN",
        kind: BlockerKind::VpnProxy,
        key: "betternet",
        chrome_ids: &[
            "gjknjjomckknofjidppipffbpoekiipm", // verified: z0ccc/extension-detector/src/utils/extensions.js; SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "VeePN",
        kind: BlockerKind::VpnProxy,
        key: "veepn",
        chrome_ids: &[
            "majdfhpaihoncoakbjgbdhglocklcgno", // verified: z0ccc/extension-detector/src/utils/extensions.js; SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "Planet VPN",
        kind: BlockerKind::VpnProxy,
        key: "planet_vpn",
        chrome_ids: &[
            "hipncndjamdcmphkgngojegjblibadbe", // verified: z0ccc/extension-detector/src/utils/extensions.js; SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml (listed there as RusVPN)
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "1ClickVPN",
        kind: BlockerKind::VpnProxy,
        key: "oneclickvpn",
        chrome_ids: &[
            "fcfhplploccackoneaefokcmbjfbkenj", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "AdGuard VPN",
        kind: BlockerKind::VpnProxy,
        key: "adguard_vpn",
        chrome_ids: &[
            "hhdobjgopfphlmjbmnpglhfcgppchgje", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml; AdguardTeam/AdGuardVPNExtension/README.md (store badge)
        ],
        firefox_ids: &[
            "adguard-vpn@adguard.com", // verified: AdguardTeam/AdGuardVPNExtension/tasks/firefox/manifest.firefox.ts
        ],
    },
    KnownExtension {
        name: "FoxyProxy",
        kind: BlockerKind::VpnProxy,
        key: "foxyproxy",
        chrome_ids: &[
            "gcknhkkoolaabfmlnjonogaaifnjlfnp", // verified: foxyproxy/browser-extension/README.md (Standard)
            "dookpfaalaaappcdneeahomimbllocnb", // verified: foxyproxy/browser-extension/README.md (Basic)
            "flcnoalcefgkhkinjkffipfdhglnpnem", // verified: foxyproxy/browser-extension/README.md (Edge)
        ],
        firefox_ids: &[
            "foxyproxy@eric.h.jung", // verified: foxyproxy/firefox-extension/src/manifest.json
            "foxyproxy-beta@eric.h.jung", // verified: foxyproxy/browser-extension/src/manifest-firefox.json
        ],
    },
    KnownExtension {
        name: "Proxy SwitchyOmega",
        kind: BlockerKind::VpnProxy,
        key: "switchyomega",
        chrome_ids: &[
            "padekgcemlokbadohgkifijomclgjgif", // verified: FelisCatus/SwitchyOmega/README.md; SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[],
    },
    KnownExtension {
        name: "Proxy SwitchySharp",
        kind: BlockerKind::VpnProxy,
        key: "switchysharp",
        chrome_ids: &[
            "dpplabbmogkhghncfbfdeeokoefdjegm", // verified: SigmaHQ/sigma/rules/windows/registry/registry_set/registry_set_chrome_extension.yml
        ],
        firefox_ids: &[],
    },
];

/// The catalogue entry an extension id belongs to, for either browser.
pub fn lookup(id: &str) -> Option<&'static KnownExtension> {
    if id.trim().is_empty() {
        return None;
    }
    KNOWN.iter().find(|k| k.has_id(id))
}

/// The catalogue entry with this key (`ublock`, `adguard`, …).
pub fn by_key(key: &str) -> Option<&'static KnownExtension> {
    KNOWN.iter().find(|k| k.key == key)
}

/// Why an extension got its score; several may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// Its id is in the catalogue.
    KnownId,
    /// It is disabled, so it blocks nothing.
    Disabled,
    /// It is a theme, so it blocks nothing.
    Theme,
    /// It is an app, not an extension (`hosted_app`, `packaged_app`, …), so it blocks nothing.
    NotAnExtension,
    /// It may block requests with declarative rules (`declarativeNetRequest…`).
    BlockingRules,
    /// It may block requests from `webRequest` listeners (`webRequestBlocking`).
    BlockingWebRequest,
    /// Its host access covers every site (`<all_urls>`, `*://*/*`).
    AllSites,
    /// Its host access names a chat service's host.
    ChatSites,
    /// It may send traffic through a proxy (`proxy`).
    ProxyControl,
    /// Its name suggests a blocker or a VPN; weak on its own.
    NameHint,
    /// An administrator installed it (`install_type` `admin`): the user may not be able to turn
    /// it off, only the administrator can.
    AdminInstalled,
}

/// How likely one installed extension is to block or reroute the chat's requests, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suspicion {
    /// 0.0 (harmless) to 1.0 (blocks requests for certain); compare, don't read as a probability.
    pub score: f64,
    /// What it likely does; `None` when nothing points at a kind (an unknown extension with
    /// blocking permissions but no telling name, or an unrelated one).
    pub kind: Option<BlockerKind>,
    /// The catalogue entry, when the id is known (also for a disabled one).
    pub known: Option<&'static KnownExtension>,
    /// The reasons behind the score.
    pub signals: Vec<Signal>,
}

/// Score of a catalogue hit by kind. Ad and script blockers break chat apps most often (their
/// lists and default-deny rules hit API, telemetry and challenge hosts); tracker blockers
/// learn or list third parties and break less.
fn known_score(kind: BlockerKind) -> f64 {
    match kind {
        BlockerKind::AdBlocker | BlockerKind::ScriptBlocker => 0.9,
        BlockerKind::VpnProxy => 0.85,
        BlockerKind::PrivacyBlocker => 0.8,
    }
}

/// Any enabled extension can touch a page; this keeps an unrelated one above a disabled one.
const BASELINE: f64 = 0.02;
/// Blocking rules or blocking listeners with access to every site, or to a chat host.
const BLOCKING_WIDE: f64 = 0.6;
/// `declarativeNetRequest` alone: blocking rules need no host access, so it can still block.
const DNR_WITHOUT_HOSTS: f64 = 0.45;
/// Blocking permissions that need host access, without access to every site.
const BLOCKING_NARROW: f64 = 0.3;
/// The `proxy` API reroutes every request whatever the host access.
const PROXY: f64 = 0.55;
/// Proxy authentication or wide host access alongside `proxy`: a live VPN/proxy service.
const PROXY_ACTIVE_BONUS: f64 = 0.1;
/// Both blocking and proxy permissions (Windscribe-style VPN with ad blocking).
const COMBINED_BONUS: f64 = 0.05;
/// A telling name with telling permissions.
const NAME_BONUS: f64 = 0.1;
/// A telling name and nothing else: below the rule engine's suspect threshold (0.2 exclusive).
const NAME_ONLY: f64 = 0.2;
/// An unknown extension never outranks a catalogue hit (the lowest of which is 0.8).
const UNKNOWN_CAP: f64 = 0.75;

/// Rates one installed extension (an entry of `management.getAll`).
pub fn suspicion(ext: &ExtensionInfo) -> Suspicion {
    let known = lookup(&ext.id);
    let mut signals = Vec::new();
    if known.is_some() {
        signals.push(Signal::KnownId);
    }
    if ext.install_type.eq_ignore_ascii_case("admin") {
        signals.push(Signal::AdminInstalled);
    }
    let kind_field = ext.kind.trim();
    if kind_field.eq_ignore_ascii_case("theme") {
        signals.push(Signal::Theme);
        return zero(known, signals);
    }
    if !kind_field.is_empty() && !kind_field.eq_ignore_ascii_case("extension") {
        signals.push(Signal::NotAnExtension);
        return zero(known, signals);
    }
    if !ext.enabled {
        signals.push(Signal::Disabled);
        return zero(known, signals);
    }
    if let Some(k) = known {
        return Suspicion {
            score: known_score(k.kind),
            kind: Some(k.kind),
            known,
            signals,
        };
    }

    let perms = Permissions::read(ext);
    let hint = name_hint(&ext.name);
    let mut score = BASELINE;
    let mut kind = None;

    let blocking = if perms.dnr || perms.web_request_blocking {
        let wide = perms.all_sites || perms.chat_sites;
        if perms.dnr {
            signals.push(Signal::BlockingRules);
        }
        if perms.web_request_blocking {
            signals.push(Signal::BlockingWebRequest);
        }
        Some(if wide {
            BLOCKING_WIDE
        } else if perms.dnr_without_host_access {
            DNR_WITHOUT_HOSTS
        } else {
            BLOCKING_NARROW
        })
    } else {
        None
    };
    if perms.all_sites {
        signals.push(Signal::AllSites);
    }
    if perms.chat_sites {
        signals.push(Signal::ChatSites);
    }
    let proxy = perms.proxy.then(|| {
        signals.push(Signal::ProxyControl);
        if perms.proxy_auth || perms.all_sites {
            PROXY + PROXY_ACTIVE_BONUS
        } else {
            PROXY
        }
    });

    match (blocking, proxy) {
        (Some(b), Some(p)) => {
            score = b.max(p) + COMBINED_BONUS;
            // Rerouting changes every request (region, IP reputation), so it names the kind.
            kind = Some(BlockerKind::VpnProxy);
        }
        (Some(b), None) => {
            score = b;
            kind = hint.filter(|k| *k != BlockerKind::VpnProxy);
        }
        (None, Some(p)) => {
            score = p;
            kind = Some(BlockerKind::VpnProxy);
        }
        (None, None) => {}
    }

    if let Some(h) = hint {
        signals.push(Signal::NameHint);
        if blocking.is_some() || proxy.is_some() {
            score += NAME_BONUS;
        } else {
            score = NAME_ONLY;
            kind = Some(h);
        }
    }

    Suspicion {
        score: score.clamp(0.0, UNKNOWN_CAP),
        kind,
        known: None,
        signals,
    }
}

/// The result for an extension that cannot block anything (disabled, theme, app).
fn zero(known: Option<&'static KnownExtension>, signals: Vec<Signal>) -> Suspicion {
    Suspicion {
        score: 0.0,
        kind: known.map(|k| k.kind),
        known,
        signals,
    }
}

/// The permissions that matter, read once.
#[derive(Debug, Default)]
struct Permissions {
    /// `declarativeNetRequest` or `declarativeNetRequestWithHostAccess`.
    dnr: bool,
    /// Plain `declarativeNetRequest`, whose block rules need no host permission.
    dnr_without_host_access: bool,
    /// `webRequestBlocking` (Manifest V2, Firefox, policy-installed Chrome extensions).
    web_request_blocking: bool,
    /// `proxy`.
    proxy: bool,
    /// `webRequestAuthProvider`: answers proxy authentication challenges.
    proxy_auth: bool,
    /// Host access to every site.
    all_sites: bool,
    /// Host access that names a chat service's host.
    chat_sites: bool,
}

impl Permissions {
    fn read(ext: &ExtensionInfo) -> Permissions {
        let mut p = Permissions::default();
        // Firefox lists host patterns among the API permissions (Manifest V2 style), so both
        // lists are read for both kinds of entry.
        for perm in ext.permissions.iter().chain(ext.host_permissions.iter()) {
            let perm = perm.trim();
            match perm {
                "declarativeNetRequest" => {
                    p.dnr = true;
                    p.dnr_without_host_access = true;
                }
                "declarativeNetRequestWithHostAccess" => p.dnr = true,
                "webRequestBlocking" => p.web_request_blocking = true,
                "proxy" => p.proxy = true,
                "webRequestAuthProvider" => p.proxy_auth = true,
                _ => match host_scope(perm) {
                    Some(HostScope::All) => p.all_sites = true,
                    Some(HostScope::Chat) => p.chat_sites = true,
                    Some(HostScope::Other) | None => {}
                },
            }
        }
        p
    }
}

/// What a host match pattern covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HostScope {
    /// Every site.
    All,
    /// A chat service's host (or a parent domain of one).
    Chat,
    /// Some other site.
    Other,
}

/// Reads a match pattern (`<all_urls>`, `*://*/*`, `https://*.openai.com/*`); `None` when the
/// string is not one.
fn host_scope(pattern: &str) -> Option<HostScope> {
    if pattern == "<all_urls>" {
        return Some(HostScope::All);
    }
    let (scheme, rest) = pattern.split_once("://")?;
    if !matches!(
        scheme,
        "*" | "http" | "https" | "ws" | "wss" | "ftp" | "file"
    ) {
        return None;
    }
    let host = rest.split('/').next().unwrap_or(rest);
    let host = host.split(':').next().unwrap_or(host);
    if host == "*" {
        return Some(HostScope::All);
    }
    let domain = host.strip_prefix("*.").unwrap_or(host);
    if domain.is_empty() {
        return Some(HostScope::Other);
    }
    let chat = catalog::SERVICES.iter().any(|s| {
        s.hosts
            .iter()
            .chain(s.auth_hosts.iter())
            .map(|h| h.split('/').next().unwrap_or(h))
            .any(|h| catalog::host_matches(h, domain))
    });
    Some(if chat {
        HostScope::Chat
    } else {
        HostScope::Other
    })
}

/// Name fragments that suggest a kind, most specific first.
const NAME_HINTS: &[(&str, BlockerKind)] = &[
    ("adblock", BlockerKind::AdBlocker),
    ("ad block", BlockerKind::AdBlocker),
    ("ad-block", BlockerKind::AdBlocker),
    ("ads block", BlockerKind::AdBlocker),
    ("noscript", BlockerKind::ScriptBlocker),
    ("script block", BlockerKind::ScriptBlocker),
    ("vpn", BlockerKind::VpnProxy),
    ("proxy", BlockerKind::VpnProxy),
    ("tracker", BlockerKind::PrivacyBlocker),
    ("tracking", BlockerKind::PrivacyBlocker),
    ("privacy", BlockerKind::PrivacyBlocker),
];

/// The kind an extension's name suggests, if any.
fn name_hint(name: &str) -> Option<BlockerKind> {
    let lower = name.to_lowercase();
    NAME_HINTS
        .iter()
        .find(|(fragment, _)| lower.contains(fragment))
        .map(|(_, kind)| *kind)
}

/// Whether `id` has the shape of a Chromium extension id: 32 letters `a`–`p`.
fn looks_like_chromium_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| (b'a'..=b'p').contains(&b.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn ext(id: &str, name: &str, perms: &[&str], hosts: &[&str]) -> ExtensionInfo {
        ExtensionInfo {
            id: id.to_owned(),
            name: name.to_owned(),
            enabled: true,
            kind: "extension".to_owned(),
            permissions: perms.iter().map(|s| (*s).to_owned()).collect(),
            host_permissions: hosts.iter().map(|s| (*s).to_owned()).collect(),
            install_type: "normal".to_owned(),
        }
    }

    const UNKNOWN_ID: &str = "abcdefghijklmnopabcdefghijklmnop";

    #[test]
    fn looks_up_chrome_ids() {
        assert_eq!(
            lookup("cjpalhdlnbpafiamejdnhcphjbkeiagm").map(|k| k.key),
            Some("ublock")
        );
        assert_eq!(
            lookup("ddkjiahejlhfcafbddmgiahcphecmpfh").map(|k| k.key),
            Some("ublock_lite")
        );
        assert_eq!(
            lookup("pkehgijcmpdhfbdbbnkijodmdjhbjlgp").map(|k| k.key),
            Some("privacybadger")
        );
        assert_eq!(
            lookup("hnmpcagpplmpfojmgmnngilcnanddlhb").map(|k| k.kind),
            Some(BlockerKind::VpnProxy)
        );
        // Brave's own copy of uBlock Origin is the same blocker.
        assert_eq!(
            lookup("jcokkipkhhgiakinbnnplhkdbjbgcgpe").map(|k| k.key),
            Some("ublock")
        );
        // Chromium ids compare without case and surrounding space.
        assert_eq!(
            lookup(" CFHDOJBKJHNKLBPKDAIBDCCDDILIFDDB ").map(|k| k.key),
            Some("adblockplus")
        );
    }

    #[test]
    fn looks_up_firefox_ids() {
        assert_eq!(
            lookup("uBlock0@raymondhill.net").map(|k| k.key),
            Some("ublock")
        );
        assert_eq!(
            lookup("{d10d0bf8-f5b5-c8b4-a8b2-2b9879e08c5d}").map(|k| k.key),
            Some("adblockplus")
        );
        assert_eq!(
            lookup("{73A6FE31-595D-460B-A920-FCC0F8843232}").map(|k| k.key),
            Some("noscript")
        );
        assert_eq!(
            lookup("jid1-MnnxcxisBPnSXQ@jetpack").map(|k| k.key),
            Some("privacybadger")
        );
        assert_eq!(
            lookup("jid1-NIfFY2CA8fy1tg@jetpack").map(|k| k.key),
            Some("adblock")
        );
        assert_eq!(lookup("@windscribeff").map(|k| k.key), Some("windscribe"));
        // `name@domain` ids are exact: a case change is another add-on.
        assert_eq!(lookup("ublock0@raymondhill.net"), None);
    }

    #[test]
    fn unknown_and_empty_ids_are_not_found() {
        assert_eq!(lookup(UNKNOWN_ID), None);
        assert_eq!(lookup(""), None);
        assert_eq!(lookup("   "), None);
        assert_eq!(lookup("someone@example.org"), None);
    }

    #[test]
    fn no_id_belongs_to_two_entries_and_keys_are_unique() {
        let mut ids = HashSet::new();
        let mut keys = HashSet::new();
        for k in KNOWN {
            assert!(keys.insert(k.key), "duplicate key {}", k.key);
            for id in k.ids() {
                assert!(
                    ids.insert(id.to_ascii_lowercase()),
                    "duplicate id {id} ({})",
                    k.name
                );
            }
        }
        assert!(
            ids.len() > 60,
            "catalogue unexpectedly small: {}",
            ids.len()
        );
    }

    #[test]
    fn ids_have_the_store_shapes() {
        for k in KNOWN {
            assert!(!k.chrome_ids.is_empty() || !k.firefox_ids.is_empty());
            for id in k.chrome_ids {
                assert!(
                    id.len() == 32 && id.bytes().all(|b| (b'a'..=b'p').contains(&b)),
                    "bad Chromium id {id}"
                );
            }
            for id in k.firefox_ids {
                let guid = id.starts_with('{') && id.ends_with('}') && id.len() == 38;
                assert!(
                    (guid || id.contains('@')) && !id.contains(char::is_whitespace),
                    "bad Firefox id {id}"
                );
            }
            assert!(
                !k.key.is_empty() && k.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            );
        }
    }

    #[test]
    fn the_main_blockers_are_catalogued_for_both_browsers() {
        for key in [
            "ublock",
            "ublock_lite",
            "adblock",
            "adblockplus",
            "adguard",
            "ghostery",
            "privacybadger",
            "duckduckgo",
            "noscript",
            "umatrix",
            "disconnect",
        ] {
            let k = by_key(key).unwrap_or_else(|| panic!("missing {key}"));
            assert!(!k.chrome_ids.is_empty(), "{key} has no Chromium id");
            assert!(!k.firefox_ids.is_empty(), "{key} has no Firefox id");
        }
        assert_eq!(by_key("nope"), None);
    }

    #[test]
    fn heuristics_rank_known_over_rules_over_unrelated_over_disabled() {
        let known = suspicion(&ext(
            "cjpalhdlnbpafiamejdnhcphjbkeiagm",
            "uBlock Origin",
            &["storage", "webRequest"],
            &["<all_urls>"],
        ));
        let rules = suspicion(&ext(
            UNKNOWN_ID,
            "Page Helper",
            &["declarativeNetRequest", "storage"],
            &["<all_urls>"],
        ));
        let unrelated = suspicion(&ext(UNKNOWN_ID, "Page Helper", &["storage"], &[]));
        let mut disabled_ext = ext(
            "cjpalhdlnbpafiamejdnhcphjbkeiagm",
            "uBlock Origin",
            &["declarativeNetRequest"],
            &["<all_urls>"],
        );
        disabled_ext.enabled = false;
        let disabled = suspicion(&disabled_ext);

        assert!(known.score > rules.score, "{known:?} vs {rules:?}");
        assert!(rules.score > unrelated.score, "{rules:?} vs {unrelated:?}");
        assert!(
            unrelated.score > disabled.score,
            "{unrelated:?} vs {disabled:?}"
        );
        assert_eq!(disabled.score, 0.0);

        assert_eq!(known.kind, Some(BlockerKind::AdBlocker));
        assert_eq!(known.known.map(|k| k.key), Some("ublock"));
        assert!(known.signals.contains(&Signal::KnownId));
        assert!(rules.signals.contains(&Signal::BlockingRules));
        assert!(rules.signals.contains(&Signal::AllSites));
        assert_eq!(rules.kind, None);
        assert!(disabled.signals.contains(&Signal::Disabled));
        // A disabled known extension is still named, for the report.
        assert_eq!(disabled.known.map(|k| k.key), Some("ublock"));
    }

    #[test]
    fn every_catalogue_hit_outranks_every_unknown_extension() {
        let worst_known = KNOWN
            .iter()
            .map(|k| known_score(k.kind))
            .fold(f64::INFINITY, f64::min);
        let loudest_unknown = suspicion(&ext(
            UNKNOWN_ID,
            "Super VPN AdBlock Proxy",
            &[
                "declarativeNetRequest",
                "webRequestBlocking",
                "proxy",
                "webRequestAuthProvider",
            ],
            &["<all_urls>", "*://*/*"],
        ));
        assert!(loudest_unknown.score < worst_known, "{loudest_unknown:?}");
        assert_eq!(loudest_unknown.kind, Some(BlockerKind::VpnProxy));
    }

    #[test]
    fn wildcard_host_patterns_count_as_all_sites() {
        for hosts in [
            &["*://*/*"][..],
            &["http://*/*", "https://*/*"][..],
            &["https://*/"][..],
        ] {
            let s = suspicion(&ext(UNKNOWN_ID, "Helper", &["webRequestBlocking"], hosts));
            assert!(s.signals.contains(&Signal::AllSites), "{hosts:?}");
            assert_eq!(s.score, BLOCKING_WIDE);
        }
        // Firefox puts host patterns among the permissions.
        let ff = suspicion(&ext(
            "helper@example.org",
            "Helper",
            &["webRequest", "webRequestBlocking", "<all_urls>"],
            &[],
        ));
        assert_eq!(ff.score, BLOCKING_WIDE);
    }

    #[test]
    fn blocking_scope_orders_wide_over_rules_alone_over_narrow() {
        let wide = suspicion(&ext(
            UNKNOWN_ID,
            "Helper",
            &["declarativeNetRequestWithHostAccess"],
            &["<all_urls>"],
        ));
        let chat = suspicion(&ext(
            UNKNOWN_ID,
            "Helper",
            &["webRequestBlocking"],
            &["https://*.chatgpt.com/*"],
        ));
        let rules_alone = suspicion(&ext(UNKNOWN_ID, "Helper", &["declarativeNetRequest"], &[]));
        let narrow = suspicion(&ext(
            UNKNOWN_ID,
            "Helper",
            &["declarativeNetRequestWithHostAccess"],
            &["https://example.com/*"],
        ));
        let observe_only = suspicion(&ext(UNKNOWN_ID, "Helper", &["webRequest"], &["<all_urls>"]));

        assert_eq!(chat.score, wide.score);
        assert!(chat.signals.contains(&Signal::ChatSites));
        assert!(wide.score > rules_alone.score);
        assert!(rules_alone.score > narrow.score);
        assert!(narrow.score > observe_only.score);
        // The rule engine takes suspects above 0.2: rules alone are one, observing is not.
        assert!(rules_alone.score > 0.2);
        assert!(observe_only.score <= 0.2);
    }

    #[test]
    fn proxy_permission_means_vpn_or_proxy() {
        let plain = suspicion(&ext(UNKNOWN_ID, "Helper", &["proxy", "storage"], &[]));
        let active = suspicion(&ext(
            UNKNOWN_ID,
            "Helper",
            &["proxy", "webRequest", "webRequestAuthProvider"],
            &["<all_urls>"],
        ));
        assert_eq!(plain.kind, Some(BlockerKind::VpnProxy));
        assert!(plain.signals.contains(&Signal::ProxyControl));
        assert!(plain.score > 0.2);
        assert!(active.score > plain.score);

        let known_vpn = suspicion(&ext(
            "bihmplhobchoageeokmgbdihknkjbknd",
            "Touch VPN",
            &["proxy"],
            &[],
        ));
        assert_eq!(known_vpn.kind, Some(BlockerKind::VpnProxy));
        assert!(known_vpn.score > active.score);
    }

    #[test]
    fn names_are_weak_signals() {
        let named = suspicion(&ext(UNKNOWN_ID, "Best AdBlock Free", &["storage"], &[]));
        let unrelated = suspicion(&ext(UNKNOWN_ID, "Tab Sorter", &["storage"], &[]));
        assert_eq!(named.kind, Some(BlockerKind::AdBlocker));
        assert!(named.signals.contains(&Signal::NameHint));
        assert!(named.score > unrelated.score);
        // A name alone does not make a suspect for the rule engine (threshold 0.2, exclusive).
        assert!(named.score <= 0.2);

        let named_rules = suspicion(&ext(
            UNKNOWN_ID,
            "Tracker Shield",
            &["declarativeNetRequest"],
            &["<all_urls>"],
        ));
        let plain_rules = suspicion(&ext(
            UNKNOWN_ID,
            "Helper",
            &["declarativeNetRequest"],
            &["<all_urls>"],
        ));
        assert!(named_rules.score > plain_rules.score);
        assert_eq!(named_rules.kind, Some(BlockerKind::PrivacyBlocker));
        assert_eq!(name_hint("Free VPN Proxy"), Some(BlockerKind::VpnProxy));
        assert_eq!(name_hint("Dark Reader"), None);
    }

    #[test]
    fn themes_and_apps_score_zero() {
        let mut theme = ext(UNKNOWN_ID, "Dark VPN Theme", &[], &[]);
        theme.kind = "theme".to_owned();
        let s = suspicion(&theme);
        assert_eq!(s.score, 0.0);
        assert!(s.signals.contains(&Signal::Theme));

        let mut app = ext(UNKNOWN_ID, "Docs", &["proxy"], &["<all_urls>"]);
        app.kind = "hosted_app".to_owned();
        let s = suspicion(&app);
        assert_eq!(s.score, 0.0);
        assert!(s.signals.contains(&Signal::NotAnExtension));

        // An entry without a type (older HAR tooling) is taken as an extension.
        let mut untyped = ext(UNKNOWN_ID, "Helper", &["proxy"], &[]);
        untyped.kind.clear();
        assert!(suspicion(&untyped).score > 0.2);
    }

    #[test]
    fn admin_installs_are_noted_without_changing_the_score() {
        let normal = ext(
            "gighmmpiobklfepjocnamgkkbiglidom",
            "AdBlock",
            &["declarativeNetRequest"],
            &[],
        );
        let mut admin = normal.clone();
        admin.install_type = "admin".to_owned();
        let (n, a) = (suspicion(&normal), suspicion(&admin));
        assert_eq!(n.score, a.score);
        assert!(a.signals.contains(&Signal::AdminInstalled));
        assert!(!n.signals.contains(&Signal::AdminInstalled));
    }

    #[test]
    fn scores_stay_in_range() {
        let perms = [
            "declarativeNetRequest",
            "declarativeNetRequestWithHostAccess",
            "webRequestBlocking",
            "proxy",
            "webRequestAuthProvider",
        ];
        for mask in 0u32..(1 << perms.len()) {
            let chosen: Vec<&str> = perms
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, p)| *p)
                .collect();
            for name in ["Helper", "AdBlock VPN Privacy Proxy"] {
                let s = suspicion(&ext(UNKNOWN_ID, name, &chosen, &["<all_urls>"]));
                assert!((0.0..=1.0).contains(&s.score), "{chosen:?} {s:?}");
            }
        }
        for k in KNOWN {
            let s = suspicion(&ext(k.ids().next().unwrap_or_default(), k.name, &[], &[]));
            assert!((0.0..=1.0).contains(&s.score));
            assert_eq!(s.known.map(|x| x.key), Some(k.key));
        }
    }

    #[test]
    fn kinds_serialize_in_snake_case() {
        let json = serde_json::to_string(&[BlockerKind::AdBlocker, BlockerKind::VpnProxy])
            .unwrap_or_default();
        assert_eq!(json, r#"["ad_blocker","vpn_proxy"]"#);
        let s = suspicion(&ext("@windscribeff", "Windscribe", &["proxy"], &[]));
        let json = serde_json::to_value(&s).unwrap_or_default();
        assert_eq!(json["kind"], "vpn_proxy");
        assert_eq!(json["known"]["key"], "windscribe");
        assert_eq!(json["signals"][0], "known_id");
    }
}
