//! `chatmedic analyze` over many files: directories searched for HARs, `.har.gz` and `.zip`
//! archives read streaming, the files analysed in parallel on every core, a report per file in
//! the order given, and a closing table of verdicts and top causes.
//!
//! Support teams run this on a day's tickets: a bad file must not stop the others, so each job's
//! failure is kept as its result and printed in its place.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use flate2::bufread::MultiGzDecoder;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use chatmedic::{Lang, Report};

use crate::cli::{display_name, one_line, Counted, Failure};
use crate::error::InputError;

/// Reads files through a buffer of this size; the HAR reader gathers its own blocks.
const READ_CHUNK: usize = 1 << 16;

/// How a file's bytes become a HAR's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packing {
    /// The HAR as the browser wrote it.
    Plain,
    /// gzip (one or more members, as `gzip` and support tools write them).
    Gzip,
}

/// One HAR to analyse.
#[derive(Debug)]
pub enum Job {
    /// Standard input.
    Stdin,
    /// A file on disk.
    File {
        /// The path as the user will recognise it.
        path: PathBuf,
        packing: Packing,
    },
    /// A HAR inside a `.zip` archive (the archive is opened by each job that reads it).
    Zipped {
        archive: PathBuf,
        /// The member's index in the archive.
        index: usize,
        /// The member's name inside the archive.
        name: String,
        packing: Packing,
    },
    /// Something named that is no readable HAR; `error` says why, name first.
    Bad {
        /// The name the user gave.
        name: String,
        /// What is wrong.
        error: InputError,
    },
}

impl Job {
    /// The name a report line carries: the path, or `archive.zip:member.har`.
    fn name(&self) -> String {
        match self {
            Job::Stdin => "stdin".to_owned(),
            Job::File { path, .. } => path.display().to_string(),
            Job::Zipped { archive, name, .. } => format!("{}:{name}", archive.display()),
            Job::Bad { name, .. } => display_name(name).to_owned(),
        }
    }
}

/// What one file gave.
type Outcome = Result<Report, InputError>;

/// The files, directories and archives named on the command line, as jobs in a stable order:
/// arguments in the order given, a directory's files sorted by path, an archive's HARs in
/// archive order. A name that cannot be read becomes a [`Job::Bad`].
pub fn expand(args: &[String]) -> Vec<Job> {
    let mut jobs = Vec::new();
    for arg in args {
        if arg == "-" {
            jobs.push(Job::Stdin);
            continue;
        }
        let path = Path::new(arg);
        match fs::metadata(path) {
            Err(e) => jobs.push(Job::Bad {
                name: arg.clone(),
                error: InputError::open(arg, e),
            }),
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                if let Err(e) = walk(path, &mut found) {
                    jobs.push(Job::Bad {
                        name: arg.clone(),
                        error: InputError::ReadDirectory {
                            name: arg.clone(),
                            source: e.into(),
                        },
                    });
                    continue;
                }
                if found.is_empty() {
                    jobs.push(Job::Bad {
                        name: arg.clone(),
                        error: InputError::NoHarInDirectory { name: arg.clone() },
                    });
                }
                found.sort();
                for file in found {
                    add_file(file, &mut jobs);
                }
            }
            Ok(_) => add_file(path.to_path_buf(), &mut jobs),
        }
    }
    jobs
}

/// Whether a directory's file is one `analyze DIR` reads, by its name.
fn is_har_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".har") || lower.ends_with(".har.gz") || lower.ends_with(".zip")
}

/// Collects the HAR-named files under `dir`, recursively. Symbolic links to directories are not
/// followed (a link back up would never end); links to files are read.
fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            walk(&path, found)?;
        } else if is_har_name(&entry.file_name().to_string_lossy())
            && fs::metadata(&path).is_ok_and(|m| m.is_file())
        {
            found.push(path);
        }
    }
    Ok(())
}

/// The packing a file's first bytes show: gzip's and zip's magic numbers, whatever the name.
fn sniff(path: &Path) -> io::Result<Option<Packing>> {
    let mut head = [0u8; 4];
    let mut file = File::open(path)?;
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(match &head[..n] {
        [0x1f, 0x8b, ..] => Some(Packing::Gzip),
        [b'P', b'K', 3, 4] | [b'P', b'K', 5, 6] => None,
        _ => Some(Packing::Plain),
    })
}

/// Adds the job (or, for a zip archive, the jobs) of one file.
fn add_file(path: PathBuf, jobs: &mut Vec<Job>) {
    let name = path.display().to_string();
    match sniff(&path) {
        Err(e) => jobs.push(Job::Bad {
            error: InputError::open(&name, e),
            name,
        }),
        Ok(Some(packing)) => jobs.push(Job::File { path, packing }),
        Ok(None) => match zip_members(&path) {
            Ok(members) if members.is_empty() => jobs.push(Job::Bad {
                error: InputError::NoHarInArchive { name: name.clone() },
                name,
            }),
            Ok(members) => jobs.extend(members.into_iter().map(|(index, member)| Job::Zipped {
                archive: path.clone(),
                index,
                packing: if member.to_ascii_lowercase().ends_with(".gz") {
                    Packing::Gzip
                } else {
                    Packing::Plain
                },
                name: member,
            })),
            Err(e) => jobs.push(Job::Bad {
                error: InputError::NotZip {
                    name: name.clone(),
                    source: e.into(),
                },
                name,
            }),
        },
    }
}

/// The HARs a zip archive holds (`.har` and `.har.gz` members, any folder), from its central
/// directory: nothing is decompressed here.
fn zip_members(path: &Path) -> Result<Vec<(usize, String)>, zip::result::ZipError> {
    let file = File::open(path)?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file))?;
    let mut members = Vec::new();
    for index in 0..archive.len() {
        let member = archive.by_index_raw(index)?;
        let name = member.name();
        let lower = name.to_ascii_lowercase();
        let base = lower.rsplit('/').next().unwrap_or_default();
        // macOS's Finder adds `__MACOSX/._name.har` resource forks beside each file.
        if member.is_file()
            && !lower.starts_with("__macosx/")
            && !base.starts_with("._")
            && (lower.ends_with(".har") || lower.ends_with(".har.gz"))
        {
            members.push((index, name.to_owned()));
        }
    }
    Ok(members)
}

/// Streams `reader` (unpacked as `packing`) through the HAR reader.
fn analyze_reader<R: BufRead>(reader: R, packing: Packing, name: &str, lang: Lang) -> Outcome {
    let (result, bytes) = match packing {
        Packing::Plain => {
            let mut counted = Counted::new(reader);
            (chatmedic::analyze_har(&mut counted, lang), counted.bytes)
        }
        Packing::Gzip => {
            let mut counted = Counted::new(MultiGzDecoder::new(reader));
            (chatmedic::analyze_har(&mut counted, lang), counted.bytes)
        }
    };
    match (result, bytes) {
        // A HAR whose reading failed before any byte came (a gzip header that is not one) says
        // so; an empty input is no HAR, whatever the reader makes of it.
        (Err(e), _) if bytes == 0 && packing == Packing::Gzip => Err(har_error(name, e)),
        (_, 0) => Err(InputError::Empty {
            name: name.to_owned(),
        }),
        (Ok(report), _) => Ok(report),
        (Err(e), _) => Err(har_error(name, e)),
    }
}

/// [`InputError::Har`] of `name`.
fn har_error(name: &str, e: chatmedic::Error) -> InputError {
    InputError::Har {
        name: name.to_owned(),
        source: e.into(),
    }
}

/// Analyses one job; the error names the file.
pub fn analyze(job: &Job, lang: Lang) -> Outcome {
    let name = job.name();
    match job {
        Job::Stdin => analyze_reader(io::stdin().lock(), Packing::Plain, &name, lang),
        Job::File { path, packing } => {
            let file = File::open(path).map_err(|e| InputError::open(&name, e))?;
            analyze_reader(
                BufReader::with_capacity(READ_CHUNK, file),
                *packing,
                &name,
                lang,
            )
        }
        Job::Zipped {
            archive,
            index,
            packing,
            ..
        } => {
            let file = File::open(archive).map_err(|e| InputError::open(&name, e))?;
            let member_error = |e: zip::result::ZipError| InputError::ZipMember {
                name: name.clone(),
                source: e.into(),
            };
            let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(member_error)?;
            let member = zip.by_index(*index).map_err(member_error)?;
            analyze_reader(
                BufReader::with_capacity(READ_CHUNK, member),
                *packing,
                &name,
                lang,
            )
        }
        Job::Bad { error, .. } => Err(error.clone()),
    }
}

/// One line of `--jsonl` output.
#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// Analyses every job on all cores, prints each result in job order as soon as it and every
/// earlier one are done, then (as text) the closing table. Exit 2 when no file could be read.
pub fn run(
    jobs: Vec<Job>,
    args: &[String],
    lang: Lang,
    json: bool,
    jsonl: bool,
) -> Result<(), Failure> {
    if jobs.iter().filter(|j| matches!(j, Job::Stdin)).count() > 1 {
        return Err(Failure::Input(InputError::StdinTwice));
    }
    if jobs.is_empty() {
        return Err(Failure::Input(InputError::NoHar {
            names: args.join(" "),
        }));
    }
    let bar = progress_bar(jobs.len() as u64);
    let names: Vec<String> = jobs.iter().map(Job::name).collect();
    // Results wait here until every earlier job is printed: the output is in the order given
    // whatever order the cores finish in, and only unprinted results are held.
    let state = Mutex::new(Printer::new(lang, json, jsonl, bar.clone()));
    jobs.into_par_iter().enumerate().for_each(|(n, job)| {
        let outcome = analyze(&job, lang);
        bar.inc(1);
        if let Ok(mut printer) = state.lock() {
            printer.done(n, &names, outcome);
        }
    });
    bar.finish_and_clear();
    let printer = state
        .into_inner()
        .map_err(|_| Failure::Input(InputError::WorkerFailed))?;
    printer.finish(&names)
}

/// A progress bar on stderr when it is a terminal; hidden otherwise (logs and pipes get none).
fn progress_bar(len: u64) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta}") {
        bar.set_style(style);
    }
    bar
}

/// Prints results in order and counts them for the table.
struct Printer {
    lang: Lang,
    json: bool,
    jsonl: bool,
    bar: ProgressBar,
    /// The next job to print, and the results that came before their turn.
    next: usize,
    waiting: BTreeMap<usize, Outcome>,
    /// Files read, and the count per (verdict, top cause) for the table; files not read.
    read: usize,
    counts: BTreeMap<(&'static str, &'static str), usize>,
    unreadable: usize,
    /// The first write error; printing stops there.
    failed: Option<io::Error>,
    /// Whether the JSON array (`--json`) has had its first element.
    opened: bool,
}

impl Printer {
    fn new(lang: Lang, json: bool, jsonl: bool, bar: ProgressBar) -> Printer {
        Printer {
            lang,
            json,
            jsonl,
            bar,
            next: 0,
            waiting: BTreeMap::new(),
            read: 0,
            counts: BTreeMap::new(),
            unreadable: 0,
            failed: None,
            opened: false,
        }
    }

    /// Takes job `n`'s outcome and prints every result now in turn.
    fn done(&mut self, n: usize, names: &[String], outcome: Outcome) {
        self.waiting.insert(n, outcome);
        while let Some(outcome) = self.waiting.remove(&self.next) {
            let name = names.get(self.next).map(String::as_str).unwrap_or_default();
            self.next += 1;
            self.count(&outcome);
            if self.failed.is_none() {
                let bar = self.bar.clone();
                if let Err(e) = bar.suspend(|| self.emit(name, &outcome)) {
                    self.failed = Some(e);
                }
            }
        }
    }

    fn count(&mut self, outcome: &Outcome) {
        match outcome {
            Ok(report) => {
                self.read += 1;
                let cause = report.findings.first().map_or("-", |f| f.cause.id());
                *self.counts.entry((report.verdict.id(), cause)).or_default() += 1;
            }
            Err(_) => self.unreadable += 1,
        }
    }

    fn emit(&mut self, name: &str, outcome: &Outcome) -> io::Result<()> {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        if let Err(e) = outcome {
            // Also on stderr, where a script that keeps stdout still sees it.
            let _ = writeln!(io::stderr(), "chatmedic: {}", one_line(&e.to_string()));
        }
        if self.jsonl || self.json {
            let error = outcome.as_ref().err().map(|e| one_line(&e.to_string()));
            let line = Line {
                file: name,
                report: outcome.as_ref().ok(),
                error: error.as_deref(),
            };
            if self.json {
                out.write_all(if self.opened { b",\n" } else { b"[\n" })?;
                self.opened = true;
                serde_json::to_writer_pretty(&mut out, &line)?;
            } else {
                serde_json::to_writer(&mut out, &line)?;
                out.write_all(b"\n")?;
            }
            return Ok(());
        }
        match outcome {
            Ok(report) => {
                let text = chatmedic::render::render_text(report);
                write!(out, "== {name}\n{text}")?;
                if !text.ends_with('\n') {
                    out.write_all(b"\n")?;
                }
                out.write_all(b"\n")
            }
            Err(e) => writeln!(out, "== {name}\n{}\n", one_line(&e.to_string())),
        }
    }

    /// Prints the table (text) or closes the array (`--json`); exit 2 when nothing was read.
    fn finish(mut self, names: &[String]) -> Result<(), Failure> {
        if let Some(e) = self.failed.take() {
            return Err(Failure::Output(e));
        }
        let done = if self.json {
            if self.opened {
                io::stdout().write_all(b"\n]\n")
            } else {
                Ok(())
            }
        } else if self.jsonl {
            Ok(())
        } else {
            io::stdout().write_all(self.table().as_bytes())
        };
        done.and_then(|()| io::stdout().flush())
            .map_err(Failure::Output)?;
        if self.read == 0 {
            return Err(Failure::Input(InputError::NothingRead {
                files: names.len(),
            }));
        }
        Ok(())
    }

    /// How many files had each verdict and top cause, most first. Verdicts are shown by id and
    /// label (the label in the report's language), causes by id: support teams sort and search
    /// on ids.
    fn table(&self) -> String {
        let mut rows: Vec<(usize, String, &str)> = self
            .counts
            .iter()
            .map(|(&(verdict, cause), &n)| {
                let label = chatmedic::render::message(self.lang, &format!("ui_verdict_{verdict}"))
                    .map_or_else(|| verdict.to_owned(), |l| format!("{verdict} · {l}"));
                (n, label, cause)
            })
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        if self.unreadable > 0 {
            rows.push((self.unreadable, "unreadable".to_owned(), "-"));
        }
        let verdict = chatmedic::render::message(self.lang, "label_verdict").unwrap_or("verdict");
        let cause = chatmedic::render::message(self.lang, "label_findings").unwrap_or("findings");
        let width = rows
            .iter()
            .map(|r| r.1.chars().count())
            .chain([verdict.chars().count()])
            .max()
            .unwrap_or_default();
        let total = self.read + self.unreadable;
        let mut s = String::new();
        // `write!` into a String cannot fail.
        let _ = writeln!(s, "==");
        let _ = writeln!(s, "{:>6}  {verdict:<width$}  {cause}", "#");
        for (n, label, cause) in rows {
            let _ = writeln!(s, "{n:>6}  {label:<width$}  {cause}");
        }
        let _ = writeln!(s, "{total:>6}");
        s
    }
}
