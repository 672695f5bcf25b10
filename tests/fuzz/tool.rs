//! `fuzz_tool`, the fuzz run's helper (a plain release binary, without libFuzzer):
//!
//! - `fuzz_tool seeds REPO OUT` writes a seed corpus per target under `OUT/<target>/` from the
//!   repo's own inputs: the scenario HARs, pasted texts and observations (tests/scenarios/), and
//!   the status feeds in src/status.rs's tests. Seeds are made at run time, not committed.
//! - `fuzz_tool slowest TARGET DIR...` replays every file in the DIRs through the target's check
//!   and prints the slowest one: `<milliseconds> <file>` (uninstrumented, so faster than in the
//!   fuzzer).

#[path = "checks.rs"]
mod checks;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chatmedic::message::PAGE_KINDS;
use chatmedic::Observation;

/// A fuzz target's check.
type Check = fn(&[u8]);

/// The targets, by name, and the check each runs.
const TARGETS: &[(&str, Check)] = &[
    ("har", checks::har),
    ("explain", checks::explain),
    ("message", checks::message),
    ("status", checks::status),
    ("sanitize", checks::sanitize),
    ("redact", checks::redact),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["seeds", repo, out] => seeds(Path::new(repo), Path::new(out)),
        ["slowest", target, ref dirs @ ..] if !dirs.is_empty() => slowest(target, dirs),
        _ => Err("usage: fuzz_tool seeds REPO OUT | fuzz_tool slowest TARGET DIR...".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fuzz_tool: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Files directly in `dir`, sorted.
fn files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    Ok(out)
}

fn slowest(target: &str, dirs: &[&str]) -> Result<(), String> {
    let check = TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, f)| *f)
        .ok_or_else(|| format!("no target {target}"))?;
    let mut worst = (0.0f64, String::from("-"));
    for path in dirs
        .iter()
        .map(|d| files(Path::new(d)))
        .collect::<Result<Vec<_>, _>>()?
        .concat()
    {
        let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let start = Instant::now();
        check(&bytes);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        if ms > worst.0 {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            worst = (ms, name.unwrap_or_default());
        }
    }
    println!("{:.1} {}", worst.0, worst.1);
    Ok(())
}

/// Writes the seed corpora.
struct Seeds {
    out: PathBuf,
    count: usize,
}

impl Seeds {
    fn write(
        &mut self,
        target: &str,
        name: &str,
        prefix: &[u8],
        body: &[u8],
    ) -> Result<(), String> {
        let dir = self.out.join(target);
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut bytes = prefix.to_vec();
        bytes.extend_from_slice(body);
        let path = dir.join(name);
        fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        self.count += 1;
        Ok(())
    }
}

fn seeds(repo: &Path, out: &Path) -> Result<(), String> {
    let mut s = Seeds {
        out: out.to_owned(),
        count: 0,
    };
    let scenarios = repo.join("tests/scenarios");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&scenarios)
        .map_err(|e| format!("{}: {e}", scenarios.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    // Observations a page could send, from every kind of scenario, for the message target.
    let mut page_observations: Vec<(String, Observation)> = Vec::new();
    for dir in &dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Ok(har) = fs::read(dir.join("input.har")) {
            // Chunk sizes: one byte at a time and large, then mid-sized both.
            s.write("har", &name, &[0, 40], &har)?;
            s.write("har", &format!("{name}.b"), &[96, 3], &har)?;
            s.write("sanitize", &name, &[0, 40], &har)?;
            if let Ok(observations) = chatmedic::har::read_observations(&har[..]) {
                for (i, o) in observations.into_iter().enumerate() {
                    page_observations.push((format!("{name}.{i}"), o));
                }
            }
        }
        if let Ok(text) = fs::read(dir.join("input.txt")) {
            for lang in 0..3u8 {
                s.write("explain", &format!("{name}.{lang}"), &[lang], &text)?;
            }
            s.write("redact", &name, &[], &text)?;
            let text = String::from_utf8_lossy(&text);
            for (i, o) in chatmedic::text::observations_from_text(&text)
                .into_iter()
                .enumerate()
            {
                page_observations.push((format!("{name}.{i}"), o));
            }
        }
        if let Ok(json) = fs::read(dir.join("observations.json")) {
            let list: Vec<Observation> =
                serde_json::from_slice(&json).map_err(|e| format!("{}: {e}", dir.display()))?;
            for (i, o) in list.into_iter().enumerate() {
                page_observations.push((format!("{name}.{i}"), o));
            }
        }
    }
    for (name, o) in page_observations {
        if let Some(body) = o.body_text() {
            s.write("redact", &format!("{name}.body"), &[], body.as_bytes())?;
        }
        if !PAGE_KINDS.contains(&chatmedic::message::kind_of(&o)) {
            continue;
        }
        let service = o.url().and_then(chatmedic::catalog::service_of);
        let page = checks::page_byte(service.unwrap_or(chatmedic::ServiceId::Chatgpt));
        let json = serde_json::json!({"type": "cs-bg/observed", "observation": o});
        s.write("message", &name, &[page], json.to_string().as_bytes())?;
        let json = serde_json::json!({
            "type": "page-cs/observed",
            "source": chatmedic::message::PAGE_SOURCE,
            "observation": o,
        });
        s.write(
            "message",
            &format!("{name}.p"),
            &[page],
            json.to_string().as_bytes(),
        )?;
    }
    // The status feeds src/status.rs's tests read: its raw string literals that are JSON objects.
    let source = fs::read_to_string(repo.join("src/status.rs")).map_err(|e| e.to_string())?;
    for (i, feed) in raw_strings(&source)
        .into_iter()
        .filter(|f| f.starts_with('{'))
        .enumerate()
    {
        s.write("status", &format!("status_rs.{i}.a"), &[0], feed.as_bytes())?;
        s.write(
            "status",
            &format!("status_rs.{i}.b"),
            &[0x81],
            feed.as_bytes(),
        )?;
    }
    for target in TARGETS.iter().map(|(name, _)| name) {
        if !out.join(target).is_dir() {
            return Err(format!("no seeds for {target}"));
        }
    }
    println!("{} seed files under {}", s.count, out.display());
    Ok(())
}

/// The contents of every `r#"…"#` literal in a Rust source.
fn raw_strings(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("r#\"") {
        let after = &rest[start + 3..];
        let Some(end) = after.find("\"#") else {
            break;
        };
        out.push(&after[..end]);
        rest = &after[end + 2..];
    }
    out
}

/// The text an observation carries that redaction sees: an error body, a stream's tail, a
/// page message, an error string.
trait BodyText {
    fn body_text(&self) -> Option<&str>;
}

impl BodyText for Observation {
    fn body_text(&self) -> Option<&str> {
        match self {
            Observation::Http(h) => h.body.as_deref().or(h.stream_tail.as_deref()),
            Observation::PageMessage(p) => Some(&p.text),
            Observation::StreamAbort(a) => Some(&a.error),
            _ => None,
        }
    }
}
