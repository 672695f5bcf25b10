//! The extension's and the help page's JavaScript keep no copy of what the crate defines: the
//! services and the languages come from the module the build generates (`chatmedic facts`, see
//! `src/facts.rs`). A service id as a string literal, the list of languages written out, or the
//! page hook's message source or port hand-over event names (which the hook gets written in by
//! `chatmedic facts --hook`), in any JavaScript file under `extension/` or `www/` fails here.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use chatmedic::message::{HOOK_READY_EVENT, PAGE_SOURCE, RELAY_READY_EVENT};
use chatmedic::{Lang, ServiceId};

fn js_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            js_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "js" || e == "mjs") {
            out.push(path);
        }
    }
}

/// The code of a JavaScript file without its comments (line comments, and block comment lines
/// starting with `*`): a comment may name a service as an example.
fn code(source: &str) -> String {
    source
        .lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with("//") || t.starts_with('*') || t.starts_with("/*") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_javascript_names_a_service_or_the_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    js_files(&root.join("extension"), &mut files);
    js_files(&root.join("www"), &mut files);
    assert!(
        files.len() > 20,
        "only {} JavaScript files found",
        files.len()
    );
    let tags: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
    let mut found = Vec::new();
    for path in &files {
        let source = code(&std::fs::read_to_string(path).unwrap());
        let name = path.strip_prefix(root).unwrap().display();
        for s in ServiceId::ALL {
            for q in ['"', '\'', '`'] {
                if source.contains(&format!("{q}{}{q}", s.id())) {
                    found.push(format!("{name} names the service {}", s.id()));
                }
            }
        }
        // A list of the languages: every tag quoted, one after the other (any quotes, spacing).
        let squeezed: String = source
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == '\'' || c == '`' { '"' } else { c })
            .collect();
        let list = tags
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(",");
        if squeezed.contains(&list) {
            found.push(format!("{name} lists the languages"));
        }
        for fact in [PAGE_SOURCE, HOOK_READY_EVENT, RELAY_READY_EVENT] {
            for q in ['"', '\'', '`'] {
                if source.contains(&format!("{q}{fact}{q}")) {
                    found.push(format!("{name} names {fact}"));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_finds_what_it_looks_for() {
    let js = "const SERVICES = [['chatgpt', 'ChatGPT']];\nconst L = [ \"en\", \"de\", \"ja\" ];";
    let kept = code(js);
    assert!(kept.contains("'chatgpt'"));
    let squeezed: String = kept.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squeezed.contains(r#"["en","de","ja"]"#));
    assert_eq!(code("// 'chatgpt'\n * \"claude\""), "\n");
}
