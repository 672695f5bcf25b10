//! Strips secrets from anything shown, copied or exported: keys, tokens, cookies, JWTs, emails.
//!
//! Each kind of secret has its own small scanner; a scanner that finds nothing allocates
//! nothing, so clean text comes back borrowed. What support needs survives on purpose: cf-ray ids
//! (`8830f9abcda18283-TPE`), request ids (`req_011CW9…`), HTTP status lines, error types and
//! codes. Replacements never match a scanner again, so redaction is idempotent.

use std::borrow::Cow;

/// What replaces a secret value.
pub const REDACTED: &str = "[redacted]";

/// What replaces an API key (after its non-secret prefix, e.g. `sk-ant-api03-[key]`).
pub const KEY: &str = "[key]";

/// What replaces an email address.
pub const EMAIL: &str = "[email]";

/// A byte range of the text and what replaces it.
type Span = (usize, usize, String);

/// One scanner: the spans it would replace, in order, not overlapping.
type Scanner = fn(&str) -> Vec<Span>;

/// The scanners, in order. Header values go first so that `Cookie: a=b; c=d` becomes one
/// `[redacted]` rather than a string of redacted pairs; URL user info goes before emails so
/// that `user:pass@host` is not half read as an address.
const SCANNERS: &[Scanner] = &[
    header_values,
    json_pairs,
    url_userinfo,
    name_value_pairs,
    bearer_tokens,
    jwts,
    api_keys,
    emails,
    long_tokens,
];

/// Removes cookies, tokens, API keys, JWT payloads and signatures and email addresses from a
/// text. Text without secrets comes back borrowed.
pub fn redact(text: &str) -> Cow<'_, str> {
    let mut out = once(text);
    // One scanner's placeholder can complete a pattern for another in odd pastes (quotes and
    // `=` glued together): run again until nothing changes, so the result is a fixed point.
    for _ in 0..4 {
        match once(&out) {
            Cow::Borrowed(_) => break,
            Cow::Owned(next) => out = Cow::Owned(next),
        }
    }
    out
}

/// One run of every scanner.
fn once(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    for scan in SCANNERS {
        let spans = scan(&out);
        if !spans.is_empty() {
            out = Cow::Owned(apply(&out, spans));
        }
    }
    out
}

/// Whether a text holds no secret that [`redact`] would remove.
pub fn is_clean(text: &str) -> bool {
    matches!(redact(text), Cow::Borrowed(_))
}

/// A URL safe to show: user info and fragment dropped, query values replaced by `[redacted]`
/// (the names stay: which parameters were sent can matter to support), secrets in the path
/// redacted.
pub fn redact_url(url: &str) -> String {
    let no_fragment = url.split('#').next().unwrap_or(url);
    let (base, query) = match no_fragment.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (no_fragment, None),
    };
    let base = match base.find("://") {
        Some(i) => {
            let rest = &base[i + 3..];
            let end = rest.find('/').unwrap_or(rest.len());
            match rest[..end].rfind('@') {
                Some(at) => format!("{}{}", &base[..i + 3], &rest[at + 1..]),
                None => base.to_owned(),
            }
        }
        None => base.to_owned(),
    };
    let mut out = redact(&base).into_owned();
    if let Some(q) = query {
        let names: Vec<String> = q
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((name, _)) => format!("{}={REDACTED}", redact(name)),
                None => redact(p).into_owned(),
            })
            .collect();
        if !names.is_empty() {
            out.push('?');
            out.push_str(&names.join("&"));
        }
    }
    out
}

/// Builds the text with the spans replaced; spans that overlap an earlier one are skipped.
fn apply(text: &str, mut spans: Vec<Span>) -> String {
    spans.sort_by_key(|s| s.0);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, with) in spans {
        if start < at || end > text.len() || start > end {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&with);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Header names whose values are credentials.
const SECRET_HEADERS: &[&str] = &[
    "proxy-authorization",
    "authorization",
    "set-cookie",
    "cookie",
    "x-api-key",
    "api-key",
    "x-goog-api-key",
    "x-auth-token",
    "x-csrf-token",
    "x-xsrf-token",
    "openai-sentinel-token",
    "openai-sentinel-chat-requirements-token",
    "openai-sentinel-proof-token",
    "openai-sentinel-turnstile-token",
];

/// Cookie and parameter names that are secrets whatever their value looks like.
const SECRET_NAMES: &[&str] = &[
    "sid",
    "ssid",
    "hsid",
    "apisid",
    "sapisid",
    "nid",
    "__secure-1psid",
    "__secure-3psid",
    "__secure-1psidts",
    "__secure-3psidts",
    "__secure-1psidcc",
    "__secure-3psidcc",
    "__cf_bm",
    "_cfuvid",
    "__cflb",
    "cf_clearance",
    "oai-did",
    "oai-sc",
    "_puid",
    "pwd",
    "passwd",
    "pass",
    "auth",
    "sig",
    "jwt",
    "sentry_key",
];

/// Short names that are secrets in a query or cookie (`code=`, `state=`, `at=`) but also common
/// words: redacted only when the value looks like a token.
const AMBIGUOUS_NAMES: &[&str] = &["key", "code", "state", "at", "nonce", "ticket", "t", "s"];

/// Fragments that make a name token-like.
const TOKEN_WORDS: &[&str] = &[
    "token",
    "secret",
    "passw",
    "session",
    "apikey",
    "api_key",
    "api-key",
    "clearance",
    "csrf",
    "xsrf",
    "credential",
    "cookie",
    "authorization",
    "signature",
    "private_key",
    "auth_key",
    "bearer",
];

/// Fragments that make a token-like name a count or a limit instead (`max_tokens`,
/// `x-ratelimit-remaining-tokens`, `token_type`).
const NOT_SECRET_WORDS: &[&str] = &[
    "tokens",
    "ratelimit",
    "limit",
    "count",
    "max",
    "usage",
    "expire",
    "_type",
    "-type",
];

/// How a name's value is treated.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Name {
    /// Always a secret.
    Secret,
    /// A secret when the value looks like a token.
    Ambiguous,
    /// Not a secret.
    Plain,
}

/// Classifies a parameter, cookie or JSON key name (any case).
fn name_kind(name: &str) -> Name {
    let n = name.to_ascii_lowercase();
    let n = n.as_str();
    if SECRET_HEADERS.contains(&n) || SECRET_NAMES.contains(&n) {
        return Name::Secret;
    }
    if AMBIGUOUS_NAMES.contains(&n) {
        return Name::Ambiguous;
    }
    if TOKEN_WORDS.iter().any(|w| n.contains(w)) && !NOT_SECRET_WORDS.iter().any(|w| n.contains(w))
    {
        return Name::Secret;
    }
    Name::Plain
}

/// Whether a value is already a placeholder.
fn placeholder(value: &str) -> bool {
    value.starts_with('[') || value.is_empty()
}

/// Whether a value of an ambiguous name looks like a token rather than a word or a number.
fn tokenish(value: &str) -> bool {
    value.len() >= 8
        && !value.bytes().all(|b| b.is_ascii_digit())
        && value
            .bytes()
            .any(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// Whether `b` can be part of a name (`__Secure-next-auth.session-token`).
fn name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// Whether `b` can be part of a key or token.
fn token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')
}

/// The quote at `i`: `"` or a JSON-escaped `\"`; its length.
fn quote_at(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i) {
        Some(b'"') => Some(1),
        Some(b'\\') if b.get(i + 1) == Some(&b'"') => Some(2),
        _ => None,
    }
}

/// The end of a quoted value starting at `i` (just after its opening quote of length `q`):
/// the index of the closing quote.
fn quoted_end(b: &[u8], i: usize, q: usize) -> Option<usize> {
    let mut j = i;
    while j < b.len() {
        match (q, b[j]) {
            (1, b'\\') => j += 2,
            (1, b'"') => return Some(j),
            (2, b'\\') if b.get(j + 1) == Some(&b'"') => return Some(j),
            (2, b'\\') => j += 2,
            (_, b'\n') => return None,
            _ => j += 1,
        }
    }
    None
}

/// Skips spaces and tabs.
fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

/// `Authorization: Bearer …`, `Cookie: …`, `"x-api-key": "…"`: the whole value, to the end of
/// the line (plain) or of the string (JSON).
fn header_values(text: &str) -> Vec<Span> {
    let lower = text.to_ascii_lowercase();
    let b = text.as_bytes();
    let mut spans = Vec::new();
    for name in SECRET_HEADERS {
        // The end of the line a plain value runs to, and that end less trailing blanks, kept
        // for the next match: a line of thousands of `Cookie: a=b;` would otherwise be scanned
        // to its end once per match (quadratic; found by tests/fuzz, 100 KB took a second).
        let mut line: Option<(usize, usize)> = None;
        for (i, _) in lower.match_indices(name) {
            if i > 0 && (name_byte(b[i - 1]) || b[i - 1] == b'.') {
                continue;
            }
            let mut j = i + name.len();
            if j < b.len() && name_byte(b[j]) {
                continue;
            }
            let json = quote_at(b, j);
            if let Some(q) = json {
                j += q;
            }
            j = skip_blanks(b, j);
            if b.get(j) != Some(&b':') {
                continue;
            }
            j = skip_blanks(b, j + 1);
            if let Some(q) = quote_at(b, j) {
                let start = j + q;
                if let Some(end) = quoted_end(b, start, q) {
                    if !placeholder(&text[start..end]) {
                        spans.push((start, end, REDACTED.to_owned()));
                    }
                }
            } else if json.is_none() {
                // Matches come in order, so a cached line that reaches past `j` is `j`'s line.
                let trimmed = match line {
                    Some((eol, trimmed)) if j < eol => trimmed,
                    _ => {
                        let eol = text[j..].find(['\n', '\r']).map_or(text.len(), |e| j + e);
                        let trimmed = j + text[j..eol].trim_end().len();
                        line = Some((eol, trimmed));
                        trimmed
                    }
                };
                // Past the line's last non-blank, the value is empty.
                let end = trimmed.max(j);
                if !placeholder(&text[j..end]) {
                    spans.push((j, end, REDACTED.to_owned()));
                }
            }
        }
    }
    spans
}

/// JSON string members with a secret key (`"accessToken":"…"`, `"sessionKey":"…"`), and HAR's
/// `{"name":"cookie","value":"…"}` pairs, in plain or escaped JSON.
fn json_pairs(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    // After a `"name":"<secret name>"` member, the next `"value"` member within reach is secret.
    let mut pending_value_until = 0usize;
    let mut i = 0;
    while i < b.len() {
        let Some(q) = quote_at(b, i) else {
            i += 1;
            continue;
        };
        let key_start = i + q;
        let mut k = key_start;
        while k < b.len() && k - key_start <= 64 && name_byte(b[k]) {
            k += 1;
        }
        if k == key_start || quote_at(b, k) != Some(q) {
            i = key_start;
            continue;
        }
        let key = &text[key_start..k];
        let mut j = skip_blanks(b, k + q);
        if b.get(j) != Some(&b':') {
            i = k;
            continue;
        }
        j = skip_blanks(b, j + 1);
        let Some(vq) = quote_at(b, j) else {
            i = j;
            continue;
        };
        let start = j + vq;
        let Some(end) = quoted_end(b, start, vq) else {
            i = start;
            continue;
        };
        let value = &text[start..end];
        let secret = match name_kind(key) {
            Name::Secret => true,
            // In JSON, `"code":"insufficient_quota"` is an error code support needs.
            Name::Ambiguous => false,
            Name::Plain => key.eq_ignore_ascii_case("value") && i <= pending_value_until,
        };
        if secret && !placeholder(value) {
            spans.push((start, end, REDACTED.to_owned()));
        }
        if key.eq_ignore_ascii_case("name") {
            pending_value_until = if name_kind(value) == Name::Secret {
                end + 48
            } else {
                0
            };
        } else if key.eq_ignore_ascii_case("value") {
            pending_value_until = 0;
        }
        i = end + vq;
    }
    spans
}

/// `https://user:pass@host`: the user info.
fn url_userinfo(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    for (i, _) in text.match_indices("://") {
        let start = i + 3;
        let mut j = start;
        while j < b.len()
            && !matches!(b[j], b'/' | b'?' | b'#' | b'"' | b'\'' | b'<' | b'>')
            && !b[j].is_ascii_whitespace()
        {
            j += 1;
        }
        if let Some(at) = text[start..j].rfind('@') {
            if !placeholder(&text[start..start + at]) {
                spans.push((start, start + at, REDACTED.to_owned()));
            }
        }
    }
    spans
}

/// `name=value` in queries, cookies and logs for secret names.
fn name_value_pairs(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut next = 0;
    for (eq, _) in text.match_indices('=') {
        if eq < next {
            continue;
        }
        let mut n = eq;
        while n > 0 && eq - n < 64 && name_byte(b[n - 1]) {
            n -= 1;
        }
        if n == eq || (n > 0 && name_byte(b[n - 1])) {
            continue;
        }
        let kind = name_kind(&text[n..eq]);
        if kind == Name::Plain {
            continue;
        }
        let mut start = eq + 1;
        let q = quote_at(b, start);
        if let Some(q) = q {
            start += q;
        }
        let mut end = start;
        while end < b.len()
            && !matches!(
                b[end],
                b';' | b'&' | b'"' | b'\'' | b'<' | b'>' | b',' | b')' | b']' | b'#' | b'\\'
            )
            && !b[end].is_ascii_whitespace()
        {
            end += 1;
        }
        let value = &text[start..end];
        let secret = match kind {
            Name::Secret => true,
            Name::Ambiguous => tokenish(value),
            Name::Plain => false,
        };
        if secret && !placeholder(value) {
            spans.push((start, end, REDACTED.to_owned()));
            next = end;
        }
    }
    spans
}

/// `Bearer <token>` anywhere (a header already cut out of its line, a log).
fn bearer_tokens(text: &str) -> Vec<Span> {
    let lower = text.to_ascii_lowercase();
    let b = text.as_bytes();
    let mut spans = Vec::new();
    for (i, _) in lower.match_indices("bearer") {
        if i > 0 && b[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        let mut start = i + "bearer".len();
        if b.get(start) != Some(&b' ') {
            continue;
        }
        start = skip_blanks(b, start);
        let mut end = start;
        while end < b.len()
            && (b[end].is_ascii_alphanumeric()
                || matches!(b[end], b'.' | b'_' | b'~' | b'+' | b'/' | b'=' | b'-'))
        {
            end += 1;
        }
        let tok = &text[start..end];
        // A word after "bearer" ("bearer authentication") is not a token.
        if tok.len() >= 16
            && tok
                .bytes()
                .any(|c| c.is_ascii_digit() || b"._-".contains(&c))
        {
            spans.push((start, end, REDACTED.to_owned()));
        }
    }
    spans
}

/// JWTs: the header segment stays (it names the algorithm, nothing personal); the payload (which
/// can hold an email) and the signature go.
fn jwts(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut next = 0;
    for (i, _) in text.match_indices("eyJ") {
        // No word boundary is asked for before `eyJ`: a JWT glued to other text is still one,
        // and `header.payload` of that shape is no accident.
        if i < next {
            continue;
        }
        let mut h = i;
        while h < b.len() && token_byte(b[h]) {
            h += 1;
        }
        // Every later `eyJ` before `h` is in the same run, so it fails the same way: skip them
        // (rescanning the run for each made `eyJeyJeyJ…` quadratic; found by tests/fuzz).
        if h - i < 10 || b.get(h) != Some(&b'.') {
            next = h;
            continue;
        }
        let mut p = h + 1;
        while p < b.len() && token_byte(b[p]) {
            p += 1;
        }
        if p - (h + 1) < 10 {
            next = h;
            continue;
        }
        // The signature, and any further segments (a JWE has five; a JWT glued to another).
        let mut end = p;
        while b.get(end) == Some(&b'.') {
            let mut e = end + 1;
            while e < b.len() && token_byte(b[e]) {
                e += 1;
            }
            if e == end + 1 && end > p {
                break;
            }
            end = e;
        }
        spans.push((h + 1, end, REDACTED.to_owned()));
        next = end;
    }
    spans
}

/// Key formats other than OpenAI's and Anthropic's: prefix, the least length after it.
const OTHER_KEYS: &[(&str, usize)] = &[
    ("sess-", 20),
    ("AIza", 30),
    ("ghp_", 30),
    ("gho_", 30),
    ("ghu_", 30),
    ("ghs_", 30),
    ("ghr_", 30),
    ("github_pat_", 30),
    ("xoxb-", 10),
    ("xoxp-", 10),
    ("xoxa-", 10),
    ("xoxs-", 10),
    ("hf_", 30),
    ("pplx-", 30),
    ("AKIA", 16),
    ("ASIA", 16),
];

/// API keys: `sk-…`, `sk-proj-…`, `sk-ant-api03-…`, `sk-ant-sid01-…` (Claude's session key) and
/// a few other well-known formats. The non-secret prefix stays, so support can tell a project
/// key from a session key.
fn api_keys(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let run_end = |from: usize| {
        let mut e = from;
        while e < b.len() && token_byte(b[e]) {
            e += 1;
        }
        e
    };
    // The token run the last `sk-` began, `(start, end)`; whether a key was taken from it; and
    // whether its rest was found not random. A later `sk-` in the same run ends where it ends,
    // lies inside the key already taken (whose span `apply` keeps over its own), and has a
    // rest no more random (a suffix): scanning the run again for each made `sk-sk-sk-…`
    // quadratic (found by tests/fuzz).
    let mut run = (0, 0);
    let mut taken = false;
    let mut not_random = false;
    for (i, _) in text.match_indices("sk-") {
        let end = if run.0 <= i + 3 && i + 3 <= run.1 {
            if taken {
                continue;
            }
            run.1
        } else {
            run = (i + 3, run_end(i + 3));
            taken = false;
            not_random = false;
            run.1
        };
        if end - (i + 3) < 20 {
            continue;
        }
        let key = &text[i..end];
        // Glued to a word ("task-management-system"), only what is surely a key counts: a known
        // kind, or random-looking mixed case with digits.
        if i > 0 && token_byte(b[i - 1]) {
            let rest = &key[3..];
            let random = !not_random
                && rest.bytes().any(|c| c.is_ascii_uppercase())
                && rest.bytes().any(|c| c.is_ascii_lowercase())
                && rest.bytes().filter(u8::is_ascii_digit).count() >= 2;
            not_random = !random;
            if !(key.starts_with("sk-ant-") || key.starts_with("sk-proj-") || random) {
                continue;
            }
        }
        let keep = key_prefix(key);
        spans.push((i + keep, end, KEY.to_owned()));
        taken = true;
    }
    for (prefix, min) in OTHER_KEYS {
        for (i, _) in text.match_indices(prefix) {
            if i > 0 && token_byte(b[i - 1]) {
                continue;
            }
            let end = run_end(i + prefix.len());
            if end - (i + prefix.len()) >= *min {
                spans.push((i, end, KEY.to_owned()));
            }
        }
    }
    spans
}

/// How much of an `sk-` key is its kind, not its secret: `sk-ant-api03-`, `sk-proj-`, `sk-`.
fn key_prefix(key: &str) -> usize {
    for kind in ["sk-proj-", "sk-svcacct-", "sk-admin-", "sk-None-"] {
        if key.starts_with(kind) {
            return kind.len();
        }
    }
    if let Some(rest) = key.strip_prefix("sk-ant-") {
        // `api03-`, `sid01-`, `admin01-`, `oat01-`: letters, digits, a hyphen.
        let seg = rest.find('-').map(|e| &rest[..e]).unwrap_or("");
        let letters = seg.trim_end_matches(|c: char| c.is_ascii_digit());
        if !seg.is_empty()
            && seg.len() <= 10
            && letters.len() < seg.len()
            && !letters.is_empty()
            && letters.bytes().all(|c| c.is_ascii_lowercase())
        {
            return "sk-ant-".len() + seg.len() + 1;
        }
        return "sk-ant-".len();
    }
    "sk-".len()
}

/// Email addresses.
fn emails(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let local_byte =
        |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut spans = Vec::new();
    // Where the last address ended: addresses glued together ("a@x.comb@y.com") are read one
    // after another, the next one's local part starting no earlier than the last one's end.
    let mut last_end = 0;
    for (at, _) in text.match_indices('@') {
        let mut s = at;
        while s > last_end && local_byte(b[s - 1]) {
            s -= 1;
        }
        while s < at && b[s] == b'.' {
            s += 1;
        }
        if s == at {
            continue;
        }
        let mut e = at + 1;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || matches!(b[e], b'-' | b'.')) {
            e += 1;
        }
        while e > at + 1 && b[e - 1] == b'.' {
            e -= 1;
        }
        let domain = &text[at + 1..e];
        let Some(dot) = domain.rfind('.') else {
            continue;
        };
        // The top-level domain is letters; text glued after it ("example.comsk-…") is not.
        let tld = domain[dot + 1..]
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        if dot == 0 || tld < 2 {
            continue;
        }
        let end = at + 1 + dot + 1 + tld;
        // Firefox add-on ids of known blockers look like addresses (`uBlock0@raymondhill.net`)
        // but name software, not people; a support report needs them.
        if crate::blockers::lookup(&text[s..end]).is_some() {
            continue;
        }
        spans.push((s, end, EMAIL.to_owned()));
        last_end = end;
    }
    spans
}

/// Ids that look like tokens but are what support asks for (request, message, file ids).
const ID_PREFIXES: &[&str] = &[
    "req_",
    "msg_",
    "chatcmpl-",
    "cmpl-",
    "resp_",
    "file-",
    "file_",
    "conv_",
    "run_",
    "thread_",
    "asst_",
    "call_",
    "toolu_",
    "srvtoolu_",
    "org-",
    "proj_",
    "user-",
    "batch_",
    "ftjob-",
    "ft-",
    "vs_",
    "step_",
];

/// Words that make a long opaque run nearby a secret.
const TOKEN_CONTEXT: &[&str] = &[
    "token",
    "secret",
    "key",
    "session",
    "cookie",
    "bearer",
    "auth",
    "password",
    "passwort",
    "kennwort",
    "credential",
    "signature",
    "clearance",
    "schlüssel",
    "schluessel",
    "トークン",
    "キー",
    "パスワード",
];

/// Long opaque tokens: ≥ 32 characters of base64 or hex with a token word just before them on
/// the same line, or ≥ 48 mixed-case-and-digit characters anywhere.
fn long_tokens(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let tok = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'+' | b'/' | b'=');
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !tok(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && tok(b[i]) {
            i += 1;
        }
        // A run glued to a placeholder or a URL's host is not a token of its own.
        if start > 0 && matches!(b[start - 1], b']' | b'.' | b'@' | b'[') {
            continue;
        }
        let run = &text[start..i];
        if run.len() < 32 || ID_PREFIXES.iter().any(|p| run.starts_with(p)) || uuid_like(run) {
            continue;
        }
        // The header segment of a JWT whose payload was already redacted stays.
        if run.starts_with("eyJ") && b.get(i) == Some(&b'.') {
            continue;
        }
        let digits = run.bytes().filter(u8::is_ascii_digit).count();
        let upper = run.bytes().any(|c| c.is_ascii_uppercase());
        let lower = run.bytes().any(|c| c.is_ascii_lowercase());
        let slashes = run.bytes().filter(|&c| c == b'/').count();
        // Paths (`api/organizations/…/completion`) are words between slashes, not tokens.
        if slashes > 0
            && run.split('/').any(|seg| {
                seg.len() >= 4 && seg.bytes().all(|c| c.is_ascii_lowercase() || c == b'_')
            })
        {
            continue;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
        let mut ctx_start = start.saturating_sub(40).max(line_start);
        while !text.is_char_boundary(ctx_start) {
            ctx_start += 1;
        }
        let context = text[ctx_start..start].to_lowercase();
        let near = TOKEN_CONTEXT.iter().any(|w| context.contains(w));
        let random = digits >= 2 && (upper || lower) && run.len() - digits >= 2;
        if (near && random) || (run.len() >= 48 && upper && lower && digits >= 2) {
            spans.push((start, i, REDACTED.to_owned()));
        }
    }
    spans
}

/// Redacts what an observation from a page keeps, before the extension stores it: URLs through
/// [`redact_url`], free text (error bodies, stream tails, page messages, close reasons, error
/// strings) through [`redact`]. What the rules read (statuses, codes, error types, request ids)
/// stays; redacting again changes nothing.
pub fn redact_observation(o: &mut crate::observation::Observation) {
    use crate::observation::Observation;
    let text = |s: &mut String| {
        if let Cow::Owned(clean) = redact(s) {
            *s = clean;
        }
    };
    match o {
        Observation::Http(h) => {
            h.url = redact_url(&h.url);
            h.body.iter_mut().for_each(text);
            h.stream_tail.iter_mut().for_each(text);
            for (name, value) in h.headers.iter_mut() {
                if name == "location" {
                    *value = redact_url(value);
                } else {
                    text(value);
                }
            }
        }
        Observation::NetError(n) => n.url = redact_url(&n.url),
        Observation::StreamAbort(s) => {
            s.url = redact_url(&s.url);
            text(&mut s.error);
        }
        Observation::WsClose(w) => {
            w.url = redact_url(&w.url);
            text(&mut w.reason);
        }
        Observation::PageMessage(p) => {
            text(&mut p.text);
            if let Some(u) = p.url.as_mut() {
                *u = redact_url(u);
            }
        }
        Observation::Probe(p) => {
            p.detail.iter_mut().for_each(text);
            if let Some(u) = p.target.as_mut() {
                *u = redact_url(u);
            }
        }
        Observation::Extensions(_) | Observation::Status(_) | Observation::Environment(_) => {}
    }
}

/// A parser's error message without the input values it quotes. serde's messages repeat the
/// offending value (`invalid type: string "sk-…", expected u16`, ``unknown variant `…` ``), and
/// an error line is printed, shown on the help page and pasted into tickets: the value may be a
/// cookie, a key or a prompt that no redaction pattern knows. What is wrong and where stays.
pub fn without_input_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    loop {
        let quoted = rest.find("string \"").map(|i| (i, "string ", '"'));
        let ticked = ["unknown variant `", "unknown field `", "character `"]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, &m[..m.len() - 1], '`')))
            .min_by_key(|(i, _, _)| *i);
        let next = match (quoted, ticked) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        let Some((at, word, close)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        out.push_str(word.trim_end());
        let body = &rest[at + word.len() + 1..];
        // serde writes a string with Rust's escapes (`\"` inside), a name between backticks.
        let mut escaped = false;
        let end = body.char_indices().find(|&(_, c)| {
            let found = c == close && !escaped;
            escaped = close == '"' && c == '\\' && !escaped;
            found
        });
        rest = match end {
            Some((i, _)) => &body[i + 1..],
            None => "",
        };
    }
}

/// Whether a run is or starts with a UUID (conversation and message ids: not secrets).
fn uuid_like(run: &str) -> bool {
    let b = run.as_bytes();
    b.len() >= 36
        && [8, 13, 18, 23].iter().all(|&d| b[d] == b'-')
        && b[..36]
            .iter()
            .enumerate()
            .all(|(k, c)| [8, 13, 18, 23].contains(&k) || c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANT_KEY: &str =
        "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGhIjKlMnOpQrStUvWxYz01234567";
    const SID: &str =
        "sk-ant-sid01-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa-ZyXwVuTsRqPoNmLkJiHgFeDcBa0987";
    const PROJ: &str = "sk-proj-T3BlbkFJabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";
    const JWT: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6ImFsaWNlQGV4YW1wbGUuY29tIiwic3ViIjoiMTIzIn0.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl";

    /// Every secret is gone, the output is clean, and redacting again changes nothing.
    fn gone(input: &str, secrets: &[&str]) -> String {
        let out = redact(input).into_owned();
        for s in secrets {
            assert!(!out.contains(s), "{s:?} survived in {out:?}");
        }
        assert!(is_clean(&out), "not clean: {out:?}");
        assert_eq!(redact(&out), out, "not idempotent");
        out
    }

    #[test]
    fn api_keys_keep_their_kind() {
        let out = gone(
            &format!("export ANTHROPIC_API_KEY={ANT_KEY}\nopenai key {PROJ} failed"),
            &[ANT_KEY, PROJ, "AbCdEfGhIjKl", "T3Blbk"],
        );
        assert!(out.contains("openai key sk-proj-[key] failed"), "{out}");
        let out = gone(&format!("key: {ANT_KEY}."), &[ANT_KEY]);
        assert_eq!(out, "key: sk-ant-api03-[key].");
        let legacy = "sk-abcdefghijklmnopqrstuvwxyzABCDEF0123456789abcd";
        assert_eq!(
            gone(&format!("Incorrect API key provided: {legacy}"), &[legacy]),
            "Incorrect API key provided: sk-[key]"
        );
        gone(
            "AIzaSyA1234567890abcdefghijklmnopqrstuv and ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            &["AIzaSyA1234567890", "ghp_abcdefghij"],
        );
    }

    #[test]
    fn claude_session_key_in_a_cookie_header_and_alone() {
        let out = gone(
            &format!(
                "Cookie: sessionKey={SID}; __cf_bm=abc.def-123; lastActiveOrg=1234\nAccept: */*"
            ),
            &[SID, "abc.def-123", "lastActiveOrg=1234"],
        );
        assert_eq!(out, "Cookie: [redacted]\nAccept: */*");
        let out = gone(&format!("sessionKey={SID}"), &[SID]);
        assert_eq!(out, "sessionKey=[redacted]");
        assert_eq!(gone(SID, &[SID]), "sk-ant-sid01-[key]");
    }

    #[test]
    fn authorization_and_set_cookie_headers() {
        let out = gone(
            &format!("POST /v1/messages\nauthorization: Bearer {PROJ}\nx-api-key: {ANT_KEY}\nSet-Cookie: __Secure-next-auth.session-token=abc123; Path=/; HttpOnly\nx-request-id: req_abc123"),
            &[PROJ, ANT_KEY, "abc123;"],
        );
        assert!(out.contains("authorization: [redacted]"));
        assert!(out.contains("Set-Cookie: [redacted]"));
        assert!(out.contains("x-request-id: req_abc123"));
        assert!(out.contains("POST /v1/messages"));
        // A bare bearer token in a log line.
        gone(
            "fetch failed with Bearer abcDEF123456ghiJKL789.xyz",
            &["abcDEF123456ghiJKL789"],
        );
        // "bearer" followed by a word is left alone.
        assert!(is_clean("bearer authentication is required"));
        assert!(is_clean("see the task-management-system-design doc"));
    }

    #[test]
    fn json_secrets_in_plain_and_escaped_json() {
        let body = format!(
            r#"{{"user":{{"id":"user-abc","email":"alice@example.com"}},"expires":"2026-01-01","accessToken":"{JWT}","sessionToken":"opaque","error":{{"code":"invalid_api_key","type":"invalid_request_error"}}}}"#
        );
        let out = gone(&body, &["alice@example.com", "opaque", "eyJlbWFp"]);
        assert!(out.contains(r#""code":"invalid_api_key""#), "{out}");
        assert!(out.contains(r#""type":"invalid_request_error""#));
        assert!(out.contains(r#""accessToken":"[redacted]""#));
        let escaped = r#"API Error: 401 "{\"api_key\":\"secretvalue123\",\"type\":\"authentication_error\"}""#;
        let out = gone(escaped, &["secretvalue123"]);
        assert!(out.contains("authentication_error"));
        // HAR headers and cookies: name and value are separate members.
        let har = r#"{"headers":[{"name":"Cookie","value":"a=b; c=d"},{"name":"cf-ray","value":"8830f9abcda18283-TPE"}],"cookies":[{"name":"cf_clearance","value":"Zm9vYmFy.baz-1700000000-1.2.1.1-abc"}]}"#;
        let out = gone(har, &["a=b; c=d", "Zm9vYmFy"]);
        assert!(out.contains(r#""value":"8830f9abcda18283-TPE""#), "{out}");
    }

    #[test]
    fn jwt_keeps_only_its_header() {
        let out = gone(&format!("token {JWT} end"), &["eyJlbWFp", "c2lnbmF0"]);
        assert_eq!(
            out,
            "token eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.[redacted] end"
        );
    }

    #[test]
    fn query_and_cookie_pairs() {
        let out = gone(
            "GET https://x.test/cb?code=4/0AX4XfWh-abcdefgh&state=Ab12Cd34Ef56&model=gpt-4o&access_token=zzz&at=AJpMio_xyz123:1700000000",
            &["4/0AX4XfWh", "Ab12Cd34Ef56", "zzz", "AJpMio_xyz123"],
        );
        assert!(out.contains("model=gpt-4o"), "{out}");
        // Short numeric values of ambiguous names are codes, not secrets.
        assert!(is_clean("WebSocket closed: code=1006 reason="));
        assert!(is_clean("max_tokens=1024 x-ratelimit-remaining-tokens=0"));
        gone("password=hunter2 secret=s3cr3t", &["hunter2", "s3cr3t"]);
        gone(
            "__Secure-next-auth.session-token=eyJhbGciOiJkaXIi..abc; cf_clearance=Q1w2E3r4-1700000000-0-1",
            &["Q1w2E3r4", "eyJhbGciOiJkaXIi..abc"],
        );
        gone(
            "https://sentry.io/api/1/envelope/?sentry_key=0123abcd4567ef&sentry_version=7",
            &["0123abcd4567ef"],
        );
    }

    #[test]
    fn cases_proptest_found() {
        let key = "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2ln";
        let cases = [
            format!("{key}{jwt}{key}"),
            format!("{key}8830f9abcda18283-TPE"),
            format!(
                "{key}\\\"sessionKey=\"accessToken\":\"\"accessToken\":\"sessionKey=\"accessToken\":\""
            ),
        ];
        for text in cases {
            let once = redact(&text).into_owned();
            assert!(is_clean(&once), "not clean: {once:?}");
            assert_eq!(redact(&once), once);
            assert!(
                !once.contains("AbCdEfGhIjKlMn") && !once.contains("eyJzdWIi"),
                "{once}"
            );
        }
    }

    #[test]
    fn known_extension_ids_are_not_addresses() {
        let t = "disable uBlock0@raymondhill.net, not ana@example.org";
        let r = redact(t);
        assert!(r.contains("uBlock0@raymondhill.net"), "{r}");
        assert!(!r.contains("ana@example.org"), "{r}");
    }

    #[test]
    fn emails_and_userinfo() {
        let out = gone(
            "Contact bob.smith+ai@mail.example.co.uk or see https://admin:pa55@proxy.corp:8080/x",
            &["bob.smith", "admin:pa55"],
        );
        assert_eq!(
            out,
            "Contact [email] or see https://[redacted]@proxy.corp:8080/x"
        );
        // Scoped packages and versions are not addresses.
        assert!(is_clean("@types/node@20.1.0 and user@localhost"));
        // Addresses glued together (found by the property test below) all go.
        let glued = "alice@example.com429alice@example.comalice@example.com";
        let out = gone(glued, &["alice@"]);
        assert_eq!(redact(&out), out);
    }

    #[test]
    fn long_tokens_in_a_token_context() {
        let tok = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        gone(&format!("my session token is {tok}"), &[tok]);
        let b64 = "QmFzZTY0RW5jb2RlZFNlY3JldFZhbHVlMTIzNDU2Nzg5MEFCQ0RFRkdISUo";
        gone(&format!("weird blob {b64} here"), &[b64]);
    }

    #[test]
    fn support_ids_and_errors_survive() {
        for keep in [
            "Unusual activity has been detected from your device. Try again later. (8830f9abcda18283-TPE)",
            r#"API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CZAZLPuVRisJc8oe4zrKo"}"#,
            "HTTP/1.1 429 Too Many Requests\nretry-after: 20\ncf-ray: 8830f9abcda18283-TPE\nx-request-id: req_9a1b2c3d4e5f60718293a4b5c6d7e8f9",
            r#"{"title":"Error 524: A timeout occurred","status":524,"ray_id":"a0f8717e1ca6634a","retryable":true,"retry_after":120}"#,
            "https://claude.ai/api/organizations/0f3c2a1e-1111-4222-8333-944455556666/chat_conversations/c/completion",
            "net::ERR_BLOCKED_BY_CLIENT on https://cdn.oaistatic.com/assets/app-abc123.js",
            "Request Header Or Cookie Too Large",
            r#"{"type":"error","error":{"type":"rate_limit_error","message":"{\"type\": \"exceeded_limit\", \"resetsAt\": 1763492400, \"remaining\": null, \"representativeClaim\": \"five_hour\"}"}}"#,
            "Bitte melde dich erneut an. セッションの有効期限が切れました。",
            "",
        ] {
            assert!(is_clean(keep), "changed: {keep:?} -> {:?}", redact(keep));
        }
    }

    #[test]
    fn urls() {
        assert_eq!(
            redact_url(
                "https://user:pw@chatgpt.com/backend-api/f/conversation?model=gpt-4o&x#frag"
            ),
            "https://chatgpt.com/backend-api/f/conversation?model=[redacted]&x"
        );
        assert_eq!(
            redact_url("wss://chatgpt-async-webps-prod.webpubsub.azure.com/client/hubs/conversations?access_token=eyJabc.def.ghi"),
            "wss://chatgpt-async-webps-prod.webpubsub.azure.com/client/hubs/conversations?access_token=[redacted]"
        );
        let once = redact_url("https://a.test/p?q=1&r=2");
        assert_eq!(redact_url(&once), once);
        assert_eq!(redact_url("https://a.test/"), "https://a.test/");
        let with_key = redact_url(&format!("https://a.test/v1/{PROJ}/x"));
        assert!(!with_key.contains("T3Blbk"), "{with_key}");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::super::*;
        use proptest::prelude::*;
        use proptest::sample::select;

        /// Pieces that real pastes are made of, secrets among them.
        const PIECES: &[&str] = &[
            "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
            "sk-proj-T3BlbkFJabcdefghijklmnopqrstuvwx",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2ln",
            "alice@example.com",
            "Cookie: a=b",
            "Authorization: Bearer abc123def456ghi789jkl",
            "sessionKey=",
            "token=",
            "\"accessToken\":\"",
            "\\\"",
            "\"",
            "=",
            ";",
            "&",
            "?",
            "@",
            "://",
            " ",
            "\n",
            "日本語",
            "é",
            "429",
            "8830f9abcda18283-TPE",
            "req_011CW9abc",
            "[redacted]",
            "[key]",
            "x",
            "{",
            "}",
            ":",
        ];

        proptest! {
            // The crate's top level is fixed, so failures are not persisted there; the cases
            // proptest once found are kept below as a plain test.
            #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn idempotent_and_clean(parts in proptest::collection::vec(select(PIECES), 0..40)) {
                let text: String = parts.concat();
                let once = redact(&text).into_owned();
                prop_assert!(is_clean(&once), "not clean: {once:?}");
                prop_assert_eq!(redact(&once).into_owned(), once.clone());
                for secret in ["AbCdEfGhIjKlMn", "T3BlbkFJabc", "eyJzdWIi", "alice@", "abc123def456"] {
                    prop_assert!(!once.contains(secret), "{secret} in {once:?}");
                }
            }

            #[test]
            fn any_text_is_safe(text in ".{0,300}") {
                let once = redact(&text).into_owned();
                prop_assert_eq!(redact(&once).into_owned(), once);
                let _ = redact_url(&text);
            }
        }
    }

    #[test]
    fn big_input_is_linear_enough() {
        let mut s = String::new();
        while s.len() < 1 << 20 {
            s.push_str("token=abc123def456 a=b c@d.ef sk-xyz ");
        }
        let out = redact(&s);
        assert!(is_clean(&out));
    }

    #[test]
    fn parser_errors_lose_the_values_they_quote() {
        let e = serde_json::from_str::<u16>("\"sk-ant-sid01-secret \\\" value\"").unwrap_err();
        let m = without_input_values(&e.to_string());
        assert!(
            !m.contains("secret") && m.starts_with("invalid type: string, expected u16"),
            "{m}"
        );
        assert_eq!(
            without_input_values(
                "unknown variant `Draft a letter`, expected one of `http`, `status`"
            ),
            "unknown variant, expected one of `http`, `status`"
        );
        assert_eq!(
            without_input_values("unknown field `tok`, expected `kind`"),
            "unknown field, expected `kind`"
        );
        assert_eq!(
            without_input_values("missing field `url` at line 1"),
            "missing field `url` at line 1"
        );
        assert_eq!(
            without_input_values("invalid type: string \"cut"),
            "invalid type: string"
        );
    }

    #[test]
    fn observations_from_a_page_are_stored_redacted() {
        let json = r#"[{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation?access_token=tok123456789","status":500,"headers":{"location":"https://chatgpt.com/?code=abcdef123456"},"body":"{\"detail\":\"error\",\"account\":\"kim@example.net\"}"},
            {"kind":"pageMessage","text":"Something went wrong for kim@example.net","url":"https://chatgpt.com/c/1?session_token=ptok123"},
            {"kind":"wsClose","url":"wss://copilot.microsoft.com/c/api/chat?access_token=wstok123","code":1006,"reason":"Bearer a1b2c3d4e5f6g7h8i9j0k1l2"}]"#;
        let mut obs = crate::observation::parse_observations(json).unwrap();
        for o in &mut obs {
            redact_observation(o);
        }
        let out = serde_json::to_string(&obs).unwrap();
        for secret in [
            "tok123456789",
            "abcdef123456",
            "kim@example.net",
            "ptok123",
            "wstok123",
            "a1b2c3d4e5f6g7h8",
        ] {
            assert!(!out.contains(secret), "{secret} kept: {out}");
        }
        assert!(
            out.contains("access_token=[redacted]") && out.contains("\\\"detail\\\":\\\"error\\\""),
            "{out}"
        );
        let again = obs.clone();
        for o in &mut obs {
            redact_observation(o);
        }
        assert_eq!(obs, again, "idempotent");
    }
}
