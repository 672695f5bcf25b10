//! The `chatmedic` command line: analyses HAR files, error texts and observation files.
//!
//! Exit status: 0 whenever the analysis ran (whatever it found), 2 with one line
//! `chatmedic: <what is wrong>` on stderr when the input cannot be read or is not what it should
//! be, 1 when the output cannot be written. `analyze` given many files (or a directory) reports
//! each bad file on its own line and exits 2 only when no file at all could be read.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::fs::File;
    use std::io::{self, Read, Write};
    use std::path::Path;
    use std::process::ExitCode;

    use clap::{Args, Parser, Subcommand, ValueEnum};

    use chatmedic::{Lang, Report};

    use crate::batch;
    use crate::error::InputError;

    /// The most an observations file may hold: it is parsed whole, unlike a HAR.
    const MAX_OBSERVATIONS_BYTES: u64 = 64 << 20;

    /// The most a pasted text read from stdin may hold; more is not an error message.
    const MAX_TEXT_BYTES: u64 = 1 << 20;

    /// Tells why an AI chat failed, from a HAR file, a pasted error or observations.
    #[derive(Debug, Parser)]
    #[command(name = "chatmedic", version, about, long_about = None)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Debug, Subcommand)]
    enum Command {
        /// Analyse HAR files exported from the browser's developer tools (`-` for stdin).
        ///
        /// One file prints its report. Many files, or a directory (searched recursively for
        /// `*.har`, `*.har.gz` and `*.zip`), are analysed in parallel on every core: each file's
        /// report in turn, then a table of how many files had each verdict and top cause.
        /// `.har.gz` files and `.zip` archives holding HARs are read directly.
        Analyze {
            /// HAR files (`.har`, `.har.gz`, `.zip`), directories, or `-` to read stdin.
            #[arg(required = true, value_name = "FILE")]
            files: Vec<String>,
            /// Print one JSON object per file and line: `{"file": …, "report": …}`, or
            /// `{"file": …, "error": …}` for a file that could not be read.
            #[arg(long, conflicts_with = "json")]
            jsonl: bool,
            #[command(flatten)]
            out: Output,
        },
        /// Explain a pasted error message (`-` reads it from stdin).
        Explain {
            /// The error text, or `-` to read it from stdin.
            text: String,
            #[command(flatten)]
            out: Output,
        },
        /// Diagnose a JSON array of observations (`-` for stdin).
        Diagnose {
            /// The observations file, or `-` to read it from stdin.
            file: String,
            #[command(flatten)]
            out: Output,
        },
        /// Print the service catalogue (host patterns, hosts, status pages); the extension's
        /// build reads it.
        Catalog {
            /// Print JSON (the only format).
            #[arg(long)]
            json: bool,
        },
        /// Print the facts the extension's and the help page's JavaScript use (services,
        /// languages, message types, limits, fix and cause ids) as a script; the build writes
        /// it to `lib/facts.js`.
        Facts {
            /// Print this page hook source instead, with its one
            /// `/* chatmedic:hook-facts */ null` marker replaced by the facts the hook uses
            /// (the build writes the shipped `content/page-hook.js` so).
            #[arg(long, value_name = "FILE")]
            hook: Option<String>,
        },
    }

    #[derive(Debug, Args)]
    struct Output {
        /// Print the report as JSON instead of text.
        #[arg(long)]
        json: bool,
        /// The language of the report's texts [default: the locale's (LC_ALL, LC_MESSAGES, LANG)
        /// when it is German or Japanese, else en]
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    }

    impl Output {
        /// The language asked for, else the user's locale's.
        fn lang(&self) -> Lang {
            self.lang
                .map_or_else(|| locale_lang(|name| std::env::var(name).ok()), Lang::from)
        }
    }

    /// The language of the user's locale: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is
    /// set and not empty (POSIX's order) decides; German and Japanese have their texts, any other
    /// (`C`, `fr_FR.UTF-8`) is English.
    pub(crate) fn locale_lang(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()))
            .map_or(Lang::En, |v| Lang::parse(&v))
    }

    /// The time now in ms since the Unix epoch: the command line has a clock, so a reset time
    /// already past is said so.
    fn now_ms() -> Option<f64> {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_millis() as f64)
    }

    #[derive(Debug, Clone, Copy, ValueEnum)]
    enum LangArg {
        En,
        De,
        Ja,
    }

    impl From<LangArg> for Lang {
        fn from(l: LangArg) -> Lang {
            match l {
                LangArg::En => Lang::En,
                LangArg::De => Lang::De,
                LangArg::Ja => Lang::Ja,
            }
        }
    }

    /// Why the command stopped.
    pub(crate) enum Failure {
        /// The input is missing, unreadable or invalid (exit 2).
        Input(InputError),
        /// The output could not be written (exit 1).
        Output(io::Error),
    }

    /// Runs the command line and returns its exit status.
    pub fn main() -> ExitCode {
        let cli = match Cli::try_parse() {
            Ok(c) => c,
            Err(e) => {
                // Help and version go to stdout with 0; usage errors to stderr with 2.
                let _ = e.print();
                return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
            }
        };
        match run(cli) {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure::Input(e)) => {
                let _ = writeln!(io::stderr(), "chatmedic: {}", one_line(&e.to_string()));
                ExitCode::from(2)
            }
            // A closed pipe (`chatmedic … | head -1`) is the reader's choice, not an error.
            Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(Failure::Output(e)) => {
                let _ = writeln!(
                    io::stderr(),
                    "chatmedic: cannot write the report: {}",
                    one_line(&e.to_string())
                );
                ExitCode::from(1)
            }
        }
    }

    fn run(cli: Cli) -> Result<(), Failure> {
        let (report, out) = match cli.command {
            Command::Catalog { json: _ } => return print_catalog().map_err(Failure::Output),
            Command::Facts { hook } => {
                let text = match hook {
                    None => chatmedic::facts::js_module(),
                    Some(file) => {
                        let source = read_text(open(&file)?, &file, 1 << 20)?;
                        chatmedic::facts::hook_script(&source).map_err(|source| {
                            Failure::Input(InputError::Hook { name: file, source })
                        })?
                    }
                };
                let mut out = io::stdout().lock();
                return out
                    .write_all(text.as_bytes())
                    .and_then(|()| out.flush())
                    .map_err(Failure::Output);
            }
            Command::Analyze { files, jsonl, out } => {
                let lang = out.lang();
                let jobs = batch::expand(&files);
                if let (false, [file], [job]) = (jsonl, files.as_slice(), jobs.as_slice()) {
                    // One name, one HAR in it (or nothing readable): the single-file contract,
                    // its report or one line and exit 2. A directory holding one HAR is still
                    // a batch, with its file name and table.
                    if let batch::Job::Bad { error, .. } = job {
                        return Err(Failure::Input(error.clone()));
                    }
                    if !Path::new(file).is_dir() {
                        let mut report = batch::analyze(job, lang).map_err(Failure::Input)?;
                        // Rendered again knowing the clock, as the other commands' reports.
                        chatmedic::render::render_at(&mut report, lang, now_ms());
                        return print(&report, out.json).map_err(Failure::Output);
                    }
                }
                return batch::run(jobs, &files, lang, out.json, jsonl);
            }
            Command::Explain { text, out } => {
                let text = if text == "-" {
                    read_text(io::stdin().lock(), "stdin", MAX_TEXT_BYTES)?
                } else {
                    text
                };
                (chatmedic::explain(&text, out.lang()), out)
            }
            Command::Diagnose { file, out } => {
                let json = if file == "-" {
                    read_text(io::stdin().lock(), "stdin", MAX_OBSERVATIONS_BYTES)?
                } else {
                    read_text(open(&file)?, &file, MAX_OBSERVATIONS_BYTES)?
                };
                let observations =
                    chatmedic::observation::parse_observations(&json).map_err(|source| {
                        Failure::Input(InputError::Observations {
                            name: display_name(&file).to_owned(),
                            source,
                        })
                    })?;
                (chatmedic::diagnose(&observations, out.lang()), out)
            }
        };
        // Rendered again knowing the clock: a reset time already past says so.
        let mut report = report;
        chatmedic::render::render_at(&mut report, out.lang(), now_ms());
        print(&report, out.json).map_err(Failure::Output)
    }

    fn open(file: &str) -> Result<File, Failure> {
        let path = Path::new(file);
        if path.is_dir() {
            return Err(Failure::Input(InputError::IsDirectory {
                name: file.to_owned(),
            }));
        }
        File::open(path).map_err(|e| Failure::Input(InputError::open(file, e)))
    }

    /// Reads at most `max` bytes of UTF-8 text.
    fn read_text<R: Read>(reader: R, name: &str, max: u64) -> Result<String, Failure> {
        let mut bytes = Vec::new();
        reader.take(max + 1).read_to_end(&mut bytes).map_err(|e| {
            Failure::Input(InputError::Read {
                name: display_name(name).to_owned(),
                source: e.into(),
            })
        })?;
        if bytes.len() as u64 > max {
            return Err(Failure::Input(InputError::TooLarge {
                name: display_name(name).to_owned(),
                mib: max >> 20,
            }));
        }
        String::from_utf8(bytes).map_err(|_| {
            Failure::Input(InputError::NotText {
                name: display_name(name).to_owned(),
            })
        })
    }

    pub(crate) fn print(report: &Report, json: bool) -> io::Result<()> {
        let stdout = io::stdout();
        let mut out = io::BufWriter::new(stdout.lock());
        if json {
            serde_json::to_writer_pretty(&mut out, report).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
        } else {
            let text = chatmedic::render::render_text(report);
            out.write_all(text.as_bytes())?;
            if !text.ends_with('\n') {
                out.write_all(b"\n")?;
            }
        }
        out.flush()
    }

    /// `chatmedic catalog --json`: the catalogue as the extension's build reads it.
    fn print_catalog() -> io::Result<()> {
        let stdout = io::stdout();
        let mut out = io::BufWriter::new(stdout.lock());
        serde_json::to_writer_pretty(&mut out, &chatmedic::catalog::export())
            .map_err(io::Error::from)?;
        out.write_all(b"\n")?;
        out.flush()
    }

    pub(crate) fn display_name(file: &str) -> &str {
        if file == "-" {
            "stdin"
        } else {
            file
        }
    }

    /// Keeps the stderr contract of exactly one line, whatever a lower layer wrote.
    pub(crate) fn one_line(msg: &str) -> String {
        msg.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// A reader that counts what passed through it.
    pub(crate) struct Counted<R> {
        inner: R,
        pub(crate) bytes: u64,
    }

    impl<R> Counted<R> {
        pub(crate) fn new(inner: R) -> Counted<R> {
            Counted { inner, bytes: 0 }
        }
    }

    impl<R: Read> Read for Counted<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.bytes += n as u64;
            Ok(n)
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[path = "chatmedic/batch.rs"]
mod batch;

#[cfg(not(target_arch = "wasm32"))]
#[path = "chatmedic/error.rs"]
mod error;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The command line does not exist in the browser build.
#[cfg(target_arch = "wasm32")]
fn main() {}
