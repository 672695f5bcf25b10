//! Privacy: every case of the scenario corpus goes through every output path the native product
//! has (the library's report as JSON, its text rendering and support summary in each language,
//! a report re-rendered into another language, the `chatmedic analyze/diagnose/explain` command
//! line in text and `--json` and each language with its stdout and stderr, the sanitized HAR and
//! its counts, and the one-line errors for broken input), and none of them may hold a secret
//! planted in the input.
//!
//! The secrets are gathered from the corpus itself, so a new case is covered without a list to
//! keep up: every cookie value (`Cookie`, `Set-Cookie`, HAR `cookies`), credential header value
//! (`Authorization`, API-key, CSRF, sentinel and session headers), query value, request body
//! text (prompts, ids and tokens inside JSON or form bodies), reply text of successful streams,
//! WebSocket frame, page title; anything in the input shaped like a key, JWT, bearer token or
//! email address; and the case's own `expected.json` `secrets`.
#![cfg(not(target_arch = "wasm32"))]
// Tests may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use chatmedic::observation::parse_observations;
use chatmedic::sanitize::sanitize;
use chatmedic::{Lang, Report};
use serde_json::Value;

use common::{case_dirs, case_name, lang_of, shapes, Expected, Kind, MIN_CASES};

const BIN: &str = env!("CARGO_BIN_EXE_chatmedic");

const LANGS: [(Lang, &str); 3] = [(Lang::En, "en"), (Lang::De, "de"), (Lang::Ja, "ja")];

/// The shortest value taken as a secret: shorter ones (`1`, `true`, `en`) occur in any text.
const MIN_SECRET: usize = 8;

/// Header names whose values are credentials (lower case), besides the name parts below.
const CREDENTIAL_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "api-key",
    "x-goog-api-key",
];

/// Parts of header names that mark a credential (`x-csrf-token`, `openai-sentinel-…`).
const CREDENTIAL_NAME_PARTS: &[&str] = &[
    "token", "secret", "api-key", "apikey", "x-auth", "csrf", "xsrf", "sentinel", "session",
];

/// Query names whose values the sanitizer keeps on purpose (`src/sanitize.rs`, SAFE_QUERY):
/// build labels, versions, locales, formats. They are not secrets and are not gathered.
const HARMLESS_QUERY: &[&str] = &[
    "bl",
    "_reqid",
    "rt",
    "hl",
    "api-version",
    "version",
    "v",
    "format",
    "lang",
    "locale",
    "model",
    "stream",
    "limit",
    "offset",
    "order",
    "is_archived",
    "source",
];

/// A secret found in a case's input.
#[derive(Debug, Clone)]
struct Secret {
    value: String,
    /// Where it was found (`cookie`, `credential header`, `request body`, `email`, …).
    what: &'static str,
}

impl Secret {
    /// A form that names the secret in a failure without printing it whole.
    fn label(&self) -> String {
        let head: String = self.value.chars().take(10).collect();
        format!(
            "{} {head:?}… ({} chars)",
            self.what,
            self.value.chars().count()
        )
    }
}

/// The secrets gathered so far, and what the input shows in public, which the product may
/// show too: the segments of request paths (an organisation or conversation id the report's
/// evidence names) and the error bodies a service sent (which name a file id, say).
#[derive(Default)]
struct Secrets {
    found: Vec<Secret>,
    path_segments: Vec<String>,
    error_bodies: Vec<String>,
}

impl Secrets {
    fn add(&mut self, what: &'static str, value: &str) {
        let value = value.trim().trim_matches('"').trim();
        if value.chars().count() < MIN_SECRET
            || value
                .chars()
                .all(|c| c.is_ascii_digit() || ".:-+ ".contains(c))
            || self.found.iter().any(|s| s.value == value)
        {
            return;
        }
        self.found.push(Secret {
            value: value.to_owned(),
            what,
        });
    }

    /// A body or frame: its prompt-like text and token-like values, however deeply wrapped in
    /// JSON strings and form encoding.
    fn add_body(&mut self, what: &'static str, text: &str) {
        let mut leaves = Vec::new();
        body_leaves(text, 0, &mut leaves);
        for leaf in leaves {
            if prompt_like(&leaf) || token_like(&leaf) {
                self.add(what, &leaf);
            }
        }
    }

    /// A header: cookie pairs' values, a credential's value (and its token after a scheme).
    fn add_header(&mut self, name: &str, value: &str) {
        let name = name.to_ascii_lowercase();
        if name.starts_with(':') {
            return;
        }
        match name.as_str() {
            "cookie" => {
                for pair in value.split(';') {
                    if let Some((_, v)) = pair.split_once('=') {
                        self.add("cookie", v);
                    }
                }
            }
            "set-cookie" => {
                // Only the first pair is the cookie; `Path=/`, `Max-Age=…` are attributes.
                for line in value.split('\n') {
                    if let Some((_, v)) = line.split(';').next().unwrap_or("").split_once('=') {
                        self.add("cookie", v);
                    }
                }
            }
            n if credential_header(n) => {
                self.add("credential header", value);
                if let Some((_, token)) = value.trim().split_once(' ') {
                    self.add("credential header", token);
                }
            }
            _ => {}
        }
    }

    /// A URL's query values (percent-decoded), except the harmless names.
    fn add_query(&mut self, name: &str, value: &str) {
        // A plain word (`transport=websocket`) is no secret, and occurs in any text.
        let word = value.len() < 16 && value.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
        if !word && !HARMLESS_QUERY.contains(&name.to_ascii_lowercase().as_str()) {
            // Both forms: a copy may keep it encoded, a report may show it decoded.
            self.add("query value", value);
            self.add("query value", &percent_decode(value));
        }
    }

    fn add_url(&mut self, url: &str) {
        let no_fragment = url.split('#').next().unwrap_or("");
        let path = no_fragment.split('?').next().unwrap_or("");
        self.path_segments
            .extend(path.split('/').filter(|p| !p.is_empty()).map(str::to_owned));
        let query = no_fragment.split_once('?');
        for pair in query.map(|(_, q)| q).unwrap_or("").split('&') {
            if let Some((name, value)) = pair.split_once('=') {
                self.add_query(&percent_decode(name), value);
            }
        }
    }
}

fn credential_header(name: &str) -> bool {
    CREDENTIAL_HEADERS.contains(&name) || CREDENTIAL_NAME_PARTS.iter().any(|p| name.contains(p))
}

/// Natural text: a prompt, a reply, a title.
fn prompt_like(s: &str) -> bool {
    s.chars().count() >= 12
        && s.contains(' ')
        && s.chars().filter(|c| c.is_alphabetic()).count() >= 8
}

/// An id, token or key: long, no spaces, letters and digits mixed.
fn token_like(s: &str) -> bool {
    s.len() >= 16
        && !s.contains(char::is_whitespace)
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars().any(|c| c.is_ascii_alphabetic())
        && !s.starts_with("http")
}

/// The string leaves of a body: JSON strings (and JSON inside them), form values, else the text.
fn body_leaves(text: &str, depth: u8, out: &mut Vec<String>) {
    let t = text.trim();
    if depth > 6 || t.is_empty() {
        return;
    }
    if t.starts_with(['{', '[']) {
        if let Ok(v) = serde_json::from_str::<Value>(t) {
            json_leaves(&v, depth, out);
            return;
        }
    }
    // `a=1&b=2` (a form body): its values.
    let form_name = t.split_once('=').is_some_and(|(n, _)| {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-[]".contains(c))
    });
    if form_name {
        for pair in t.split('&') {
            if let Some((_, v)) = pair.split_once('=') {
                let decoded = percent_decode(v);
                if decoded != v {
                    out.push(v.to_owned());
                }
                body_leaves(&decoded, depth + 1, out);
            }
        }
        return;
    }
    out.push(t.to_owned());
}

fn json_leaves(v: &Value, depth: u8, out: &mut Vec<String>) {
    match v {
        Value::String(s) => body_leaves(s, depth + 1, out),
        Value::Array(a) => a.iter().for_each(|x| json_leaves(x, depth, out)),
        Value::Object(o) => o.values().for_each(|x| json_leaves(x, depth, out)),
        _ => {}
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
                {
                    Ok(x) => {
                        out.push(x);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn array_of<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Everything secret in a HAR, by its structure.
fn har_secrets(har: &Value, secrets: &mut Secrets) {
    let log = &har["log"];
    for page in array_of(log, "pages") {
        let title = str_of(page, "title");
        if !title.starts_with("http") && prompt_like(title) {
            secrets.add("page title", title);
        }
    }
    for entry in array_of(log, "entries") {
        let req = &entry["request"];
        let res = &entry["response"];
        secrets.add_url(str_of(req, "url"));
        for h in array_of(req, "headers")
            .iter()
            .chain(array_of(res, "headers"))
        {
            secrets.add_header(str_of(h, "name"), str_of(h, "value"));
        }
        for c in array_of(req, "cookies")
            .iter()
            .chain(array_of(res, "cookies"))
        {
            secrets.add("cookie", str_of(c, "value"));
        }
        for q in array_of(req, "queryString") {
            secrets.add_query(str_of(q, "name"), str_of(q, "value"));
        }
        let post = &req["postData"];
        secrets.add_body("request body", str_of(post, "text"));
        for p in array_of(post, "params") {
            secrets.add_body("request body", str_of(p, "value"));
        }
        // A successful reply is conversation text; an error body is kept in part on purpose
        // (what went wrong), so only its secret shapes count, and those are found below.
        let status = res.get("status").and_then(Value::as_u64).unwrap_or(0);
        let text = str_of(&res["content"], "text");
        if status >= 400 {
            secrets.error_bodies.push(text.to_owned());
        } else if status >= 200 {
            for line in text.lines() {
                let Some(data) = line.strip_prefix("data:").map(str::trim) else {
                    continue;
                };
                // An error event inside the stream is what went wrong, kept on purpose.
                if data.contains("\"error\"") {
                    continue;
                }
                let mut leaves = Vec::new();
                body_leaves(data, 0, &mut leaves);
                for leaf in leaves.iter().filter(|l| prompt_like(l)) {
                    secrets.add("reply text", leaf);
                }
            }
        }
        for m in array_of(entry, "_webSocketMessages") {
            secrets.add_body("websocket frame", str_of(m, "data"));
        }
    }
}

/// Everything secret in an observations file: query values in its URLs.
fn observation_secrets(list: &Value, secrets: &mut Secrets) {
    for o in list.as_array().map(Vec::as_slice).unwrap_or(&[]) {
        for key in ["url", "target"] {
            secrets.add_url(str_of(o, key));
        }
    }
}

/// The ids in an observations file's extension list: a Firefox add-on id looks like an email
/// address (`uBlock0@raymondhill.net`), and naming the add-on is the point of the report.
fn extension_ids_in(raw: &str) -> Vec<String> {
    let list: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
    list.as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .filter(|o| str_of(o, "kind") == "extensions")
        .flat_map(|o| array_of(o, "extensions"))
        .map(|e| str_of(e, "id").to_owned())
        .collect()
}

/// Credential headers written out in a pasted text (`-H 'x-api-key: …'`, `Cookie: a=b`).
fn text_secrets(text: &str, secrets: &mut Secrets) {
    let lower = text.to_ascii_lowercase();
    for name in CREDENTIAL_HEADERS {
        let needle = format!("{name}:");
        let mut from = 0;
        while let Some(at) = lower[from..].find(&needle) {
            let start = from + at + needle.len();
            let value: String = text[start..]
                .chars()
                .take_while(|c| !"'\"\n".contains(*c))
                .collect();
            secrets.add_header(name, value.trim());
            from = start;
        }
    }
}

/// The gathered secrets less what the input itself shows in public (see [`Secrets`]). Keys,
/// JWTs, bearer tokens, emails and prompt text always stay secret.
fn public_removed(s: Secrets) -> Vec<Secret> {
    let shaped = ["API or session key", "JWT", "bearer token", "email"];
    s.found
        .into_iter()
        .filter(|x| {
            let in_path = s.path_segments.contains(&x.value);
            // Only an id sent in a request may be named back by the service's error; a cookie
            // or a credential in an error body is still a secret.
            let named_in_error =
                x.what == "request body" && s.error_bodies.iter().any(|b| b.contains(&x.value));
            shaped.contains(&x.what) || prompt_like(&x.value) || !(in_path || named_in_error)
        })
        .collect()
}

/// One case: its input, how it is run, and the secrets it plants.
struct Case {
    name: String,
    kind: Kind,
    input: PathBuf,
    raw: String,
    /// The input and every JSON string in it decoded (escapes, percent-encoding): where a
    /// gathered secret must occur.
    decoded: String,
    lang: Lang,
    secrets: Vec<Secret>,
}

/// `raw` followed by each JSON string it holds, decoded, and percent-decoded.
fn decoded_view(raw: &str) -> String {
    fn strings(v: &Value, out: &mut String) {
        match v {
            Value::String(s) => {
                out.push('\n');
                out.push_str(s);
                out.push('\n');
                out.push_str(&percent_decode(s));
            }
            Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            Value::Object(o) => o.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let mut out = raw.to_owned();
    if let Ok(v) = serde_json::from_str::<Value>(raw) {
        strings(&v, &mut out);
    }
    out
}

fn load_case(dir: &Path) -> Result<Case, String> {
    let name = case_name(dir);
    let expected = Expected::read(dir).map_err(|e| format!("{name}: expected.json: {e}"))?;
    let (input, kind) = Kind::input_of(dir).ok_or_else(|| format!("{name}: not one input"))?;
    let raw = fs::read_to_string(&input).map_err(|e| format!("{name}: {e}"))?;
    let lang = lang_of(expected.lang.as_deref())?;
    let mut secrets = Secrets::default();
    let ids = if kind == Kind::Observations {
        extension_ids_in(&raw)
    } else {
        Vec::new()
    };
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    // Shapes first, so that a key in a header counts as a key.
    for shape in shapes(&raw, &ids) {
        let what = match shape.kind {
            "key" => "API or session key",
            "jwt" => "JWT",
            "bearer" => "bearer token",
            _ => "email",
        };
        secrets.add(what, &shape.token);
    }
    match kind {
        Kind::Har => {
            let v: Value = serde_json::from_str(&raw).map_err(|e| format!("{name}: {e}"))?;
            har_secrets(&v, &mut secrets);
        }
        Kind::Observations => {
            let v: Value = serde_json::from_str(&raw).map_err(|e| format!("{name}: {e}"))?;
            observation_secrets(&v, &mut secrets);
        }
        Kind::Text => text_secrets(&raw, &mut secrets),
    }
    for s in &expected.secrets {
        secrets.add("expected.json secret", s);
    }
    Ok(Case {
        name,
        kind,
        input,
        decoded: decoded_view(&raw),
        raw,
        lang,
        secrets: public_removed(secrets),
    })
}

fn load_corpus() -> Vec<Case> {
    let dirs = case_dirs();
    let cases: Vec<Case> = dirs.iter().map(|d| load_case(d).unwrap()).collect();
    assert!(
        cases.len() >= MIN_CASES,
        "only {} cases under tests/scenarios (at least {MIN_CASES}): the privacy check would prove nothing",
        cases.len()
    );
    cases
}

/// One thing the product wrote, by name.
struct Output {
    path: String,
    text: String,
}

/// The pasted text as the scenario runner passes it (the file ends with one newline).
fn pasted(raw: &str) -> &str {
    raw.strip_suffix('\n').unwrap_or(raw)
}

fn library_report(case: &Case, lang: Lang) -> Report {
    match case.kind {
        Kind::Har => {
            chatmedic::analyze_har(BufReader::new(fs::File::open(&case.input).unwrap()), lang)
                .unwrap_or_else(|e| panic!("{}: {e}", case.name))
        }
        Kind::Observations => chatmedic::diagnose(&parse_observations(&case.raw).unwrap(), lang),
        Kind::Text => chatmedic::explain(pasted(&case.raw), lang),
    }
}

fn cli(args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// Everything the native product writes for a case.
fn outputs(case: &Case) -> Vec<Output> {
    let mut out = Vec::new();
    let mut push = |path: String, text: String| out.push(Output { path, text });
    let json = |r: &Report| serde_json::to_string_pretty(r).unwrap();

    let english = library_report(case, Lang::En);
    for (lang, tag) in LANGS {
        let r = library_report(case, lang);
        push(format!("report JSON ({tag})"), json(&r));
        push(
            format!("render_text ({tag})"),
            chatmedic::render::render_text(&r),
        );
        push(
            format!("support summary ({tag})"),
            r.support_summary.clone(),
        );
        // What the popup and the help page do on a language switch.
        let mut again = english.clone();
        chatmedic::render::render(&mut again, lang);
        push(format!("report re-rendered en→{tag}"), json(&again));
        push(
            format!("render_text re-rendered en→{tag}"),
            chatmedic::render::render_text(&again),
        );
    }
    if case.lang != Lang::En {
        push(
            "report JSON (case language)".to_owned(),
            json(&library_report(case, case.lang)),
        );
    }

    let input = case.input.to_str().unwrap();
    for (_, tag) in LANGS {
        for as_json in [false, true] {
            let mut args: Vec<&str> = match case.kind {
                Kind::Har => vec!["analyze", input],
                Kind::Observations => vec!["diagnose", input],
                Kind::Text => vec!["explain", pasted(&case.raw)],
            };
            args.extend(["--lang", tag]);
            if as_json {
                args.push("--json");
            }
            let (stdout, stderr, code) = cli(&args);
            assert_eq!(
                code,
                Some(0),
                "{}: chatmedic {} failed: {stderr}",
                case.name,
                args[0]
            );
            let what = format!(
                "chatmedic {} --lang {tag}{}",
                args[0],
                if as_json { " --json" } else { "" }
            );
            push(format!("{what} (stdout)"), stdout);
            push(format!("{what} (stderr)"), stderr);
        }
    }

    if case.kind == Kind::Har {
        let mut copy = Vec::new();
        let stats = sanitize(case.raw.as_bytes(), &mut copy)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        push("sanitized HAR".to_owned(), String::from_utf8(copy).unwrap());
        push(
            "sanitizer counts".to_owned(),
            serde_json::to_string(&stats).unwrap(),
        );
    }
    out
}

/// The extension ids a report names on purpose, in findings, fixes and notes (a Firefox id
/// looks like an address).
fn extension_ids(r: &Report) -> Vec<String> {
    r.findings
        .iter()
        .flat_map(|f| std::iter::once(&f.params).chain(f.fixes.iter().map(|x| &x.params)))
        .chain(r.notes.iter().map(|n| &n.params))
        .flat_map(|p| p.extension_id.iter().chain(p.suspects.iter()))
        .cloned()
        .collect()
}

#[test]
fn no_output_path_holds_a_planted_secret() {
    let cases = load_corpus();
    let mut leaks: Vec<String> = Vec::new();
    let mut by_what: BTreeMap<&str, usize> = BTreeMap::new();
    let mut scanned = 0usize;
    let mut paths = 0usize;
    for case in &cases {
        for s in &case.secrets {
            *by_what.entry(s.what).or_default() += 1;
            // Gathered from the input, so it is there; a gathering bug must not pass silently.
            assert!(
                case.decoded.contains(&s.value),
                "{}: {} is not in the input",
                case.name,
                s.label()
            );
        }
        let allowed = extension_ids(&library_report(case, Lang::En));
        let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
        let outs = outputs(case);
        paths = paths.max(outs.len());
        for o in &outs {
            scanned += o.text.len();
            for s in &case.secrets {
                if o.text.contains(&s.value) {
                    leaks.push(format!(
                        "{}: {} leaks into {}",
                        case.name,
                        s.label(),
                        o.path
                    ));
                }
            }
            // Secrets no gathering rule knows about, found by their shape alone.
            for shape in shapes(&o.text, &allowed) {
                leaks.push(format!(
                    "{}: {} holds something shaped like a {}: {:?}",
                    case.name, o.path, shape.kind, shape.display
                ));
            }
        }
    }
    let total: usize = by_what.values().sum();
    eprintln!(
        "privacy: {} cases, {total} planted secrets {by_what:?}, up to {paths} outputs per case, {} KiB scanned",
        cases.len(),
        scanned / 1024
    );
    // Every kind of secret a report must never hold must be planted somewhere, or its absence proves
    // nothing.
    for what in [
        "cookie",
        "credential header",
        "API or session key",
        "JWT",
        "email",
        "request body",
        "query value",
    ] {
        assert!(
            by_what.get(what).copied().unwrap_or(0) > 0,
            "the corpus plants no {what}"
        );
    }
    leaks.dedup();
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

/// A temporary input file under the target directory, removed when dropped.
struct Temp(PathBuf);

impl Temp {
    fn with(bytes: &[u8]) -> Temp {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "privacy-{}-{}.input",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        fs::write(&path, bytes).unwrap();
        Temp(path)
    }

    fn arg(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// A broken input must be refused with a message that names what is wrong, never with the
/// input's own values: support pastes these lines into tickets, the help page shows them.
#[test]
fn error_messages_never_echo_a_secret() {
    let cases = load_corpus();
    let mut leaks = Vec::new();
    let mut refused = 0usize;
    let mut check = |what: String, message: &str, secret: &Secret| {
        refused += 1;
        if message.contains(&secret.value) {
            let head: String = message.chars().take(160).collect();
            leaks.push(format!(
                "{what}: the error echoes {}: {head:?}",
                secret.label()
            ));
        }
    };
    let mut unique: Vec<&Secret> = Vec::new();
    for s in cases.iter().flat_map(|c| &c.secrets) {
        if !unique.iter().any(|u| u.value == s.value) {
            unique.push(s);
        }
    }
    assert!(
        unique.len() >= 20,
        "only {} distinct secrets in the corpus",
        unique.len()
    );
    let har = cases
        .iter()
        .find(|c| c.kind == Kind::Har)
        .expect("a HAR case");
    let har_value: Value = serde_json::from_str(&har.raw).unwrap();

    for s in &unique {
        let quoted = Value::String(s.value.clone());
        // An observation whose values have the wrong type or are unknown.
        for bad in [
            serde_json::json!([{"kind": "http", "url": "https://chatgpt.com/", "method": "GET", "status": quoted}]),
            serde_json::json!([{"kind": quoted, "url": "https://chatgpt.com/"}]),
            serde_json::json!([{"kind": "http", "url": "https://chatgpt.com/", "status": 500, quoted.as_str().unwrap(): 1}]),
            serde_json::json!([{"kind": "wsClose", "url": "wss://chatgpt.com/", "code": quoted}]),
        ] {
            let text = bad.to_string();
            if let Err(e) = parse_observations(&text) {
                check(format!("observations {}", s.what), &e.to_string(), s);
            }
        }
        // A HAR entry that is the secret itself, and one with the secret where a number belongs.
        let mut v = har_value.clone();
        v["log"]["entries"][0] = quoted.clone();
        let text = v.to_string();
        if let Err(e) = chatmedic::analyze_har(text.as_bytes(), Lang::En) {
            check(format!("HAR entry {}", s.what), &e.to_string(), s);
        }
        let mut v = har_value.clone();
        v["log"]["entries"][0]["response"]["status"] = quoted.clone();
        let text = v.to_string();
        if let Err(e) = chatmedic::analyze_har(text.as_bytes(), Lang::En) {
            check(format!("HAR status {}", s.what), &e.to_string(), s);
        }
        if let Err(e) = sanitize(text.as_bytes(), &mut Vec::new()) {
            check(
                format!("sanitizer, HAR status {}", s.what),
                &e.to_string(),
                s,
            );
        }
    }
    // A HAR cut right after each of its secrets.
    for case in cases.iter().filter(|c| c.kind == Kind::Har) {
        for s in &case.secrets {
            // Secrets found only once decoded (JSON escapes, percent-encoding) have no place to
            // cut at.
            let Some(at) = case.raw.find(&s.value).map(|i| i + s.value.len()) else {
                continue;
            };
            let cut = &case.raw.as_bytes()[..at];
            if let Err(e) = chatmedic::analyze_har(cut, Lang::En) {
                check(
                    format!("{} cut after a {}", case.name, s.what),
                    &e.to_string(),
                    s,
                );
            }
            if let Err(e) = sanitize(cut, &mut Vec::new()) {
                check(
                    format!("sanitizer, {} cut after a {}", case.name, s.what),
                    &e.to_string(),
                    s,
                );
            }
        }
    }
    // The command line prints the same errors on one line: once per kind of input.
    let s = unique
        .iter()
        .find(|s| s.what == "API or session key")
        .expect("a key in the corpus");
    let quoted = Value::String(s.value.clone());
    for (what, bad, must_refuse) in [
        (
            "diagnose, unknown kind",
            serde_json::json!([{"kind": quoted, "url": "https://chatgpt.com/"}]),
            true,
        ),
        (
            "diagnose, status of the wrong type",
            serde_json::json!([{"kind": "http", "url": "https://chatgpt.com/", "status": quoted}]),
            false,
        ),
    ] {
        let file = Temp::with(bad.to_string().as_bytes());
        let (stdout, stderr, code) = cli(&["diagnose", file.arg()]);
        if must_refuse {
            assert_eq!(code, Some(2), "{what} is refused: {stderr}");
        }
        check(format!("chatmedic {what}"), &format!("{stdout}{stderr}"), s);
    }
    let mut v = har_value.clone();
    v["log"]["entries"][0] = quoted.clone();
    let bad_har = Temp::with(v.to_string().as_bytes());
    let (stdout, stderr, code) = cli(&["analyze", bad_har.arg()]);
    assert_eq!(
        code,
        Some(2),
        "an entry that is a string is refused: {stderr}"
    );
    check(
        "chatmedic analyze".to_owned(),
        &format!("{stdout}{stderr}"),
        s,
    );

    eprintln!("privacy: {refused} refusals checked");
    assert!(
        refused > unique.len(),
        "too few inputs were refused ({refused}): the check proves nothing"
    );
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

#[test]
fn gathering_finds_every_kind_of_secret() {
    // The gatherer must be able to find what it claims, or a leak check built on it proves
    // nothing.
    let har = serde_json::json!({"log": {"entries": [{
        "request": {
            "method": "POST",
            "url": "https://chatgpt.com/backend-api/f/conversation?token=tok-Planted0123456789&hl=en-US-long",
            "headers": [
                {"name": "Cookie", "value": "a=cookieValuePlanted1; b=short"},
                {"name": "Authorization", "value": "Bearer authTokenPlanted0123456789"},
                {"name": ":authority", "value": "chatgpt.com"},
                {"name": "openai-sentinel-token", "value": "sentinelPlanted42"}
            ],
            "cookies": [{"name": "c", "value": "harCookiePlanted"}],
            "postData": {"text": "{\"messages\":[{\"content\":{\"parts\":[\"Tell me about the planted prompt\"]}}],\"id\":\"aaa2b3c4-d5e6-4f70-8a91\"}"}
        },
        "response": {
            "status": 200,
            "headers": [{"name": "Set-Cookie", "value": "__cf_bm=setCookiePlanted; Path=/; Max-Age=3600"}],
            "content": {"text": "data: {\"v\":\"A planted reply sentence\"}\n\n"}
        }
    }]}});
    let mut s = Secrets::default();
    har_secrets(&har, &mut s);
    let values: Vec<&str> = s.found.iter().map(|x| x.value.as_str()).collect();
    for want in [
        "tok-Planted0123456789",
        "cookieValuePlanted1",
        "Bearer authTokenPlanted0123456789",
        "authTokenPlanted0123456789",
        "sentinelPlanted42",
        "harCookiePlanted",
        "Tell me about the planted prompt",
        "aaa2b3c4-d5e6-4f70-8a91",
        "setCookiePlanted",
        "A planted reply sentence",
    ] {
        assert!(values.contains(&want), "{want} not gathered: {values:?}");
    }
    for not in ["chatgpt.com", "en-US-long", "Path=/", "short"] {
        assert!(!values.contains(&not), "{not} taken for a secret");
    }
    let mut form = Vec::new();
    body_leaves(
        "f.req=%5B%22a%20planted%20form%20prompt%22%5D&at=AEHmXlEplanted0",
        0,
        &mut form,
    );
    assert_eq!(
        form,
        [
            "%5B%22a%20planted%20form%20prompt%22%5D",
            "a planted form prompt",
            "AEHmXlEplanted0"
        ]
    );
}
