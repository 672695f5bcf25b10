//! Why the command line could not read an input: one variant per thing that went wrong, each
//! naming the file (as the user gave it) first. Its `Display` is the one line printed after
//! `chatmedic: ` on stderr, and in place of the file's report in a batch.
//!
//! Cloneable, because a name that cannot be read is kept as a job of its own and reported when
//! its turn comes; the errors of lower layers are shared (`Arc`) rather than copied.

use std::io;
use std::sync::Arc;

/// Why an input could not be read.
#[derive(Debug, Clone, thiserror::Error)]
pub enum InputError {
    /// A directory was given where a file is read.
    #[error("{name}: is a directory")]
    IsDirectory {
        /// The name given.
        name: String,
    },
    /// The file could not be opened.
    #[error("cannot open {name}: {source}")]
    Open {
        /// The name given.
        name: String,
        /// Why not.
        source: Arc<io::Error>,
    },
    /// The file or stdin could not be read.
    #[error("cannot read {name}: {source}")]
    Read {
        /// The name given (`stdin` for `-`).
        name: String,
        /// Why not.
        source: Arc<io::Error>,
    },
    /// A directory could not be listed.
    #[error("cannot read the directory {name}: {source}")]
    ReadDirectory {
        /// The name given.
        name: String,
        /// Why not.
        source: Arc<io::Error>,
    },
    /// More text than the command reads.
    #[error("{name}: larger than {mib} MiB")]
    TooLarge {
        /// The name given (`stdin` for `-`).
        name: String,
        /// The limit, in MiB.
        mib: u64,
    },
    /// Bytes that are not UTF-8 text.
    #[error("{name}: is not UTF-8 text")]
    NotText {
        /// The name given (`stdin` for `-`).
        name: String,
    },
    /// An observations file that is not observations.
    #[error("{name}: {source}")]
    Observations {
        /// The name given (`stdin` for `-`).
        name: String,
        /// What is wrong with it.
        source: chatmedic::observation::ObservationsError,
    },
    /// A directory holding no file `analyze` reads.
    #[error("{name}: is a directory holding no .har, .har.gz or .zip file")]
    NoHarInDirectory {
        /// The name given.
        name: String,
    },
    /// A zip archive holding no HAR.
    #[error("{name}: the archive holds no .har or .har.gz file")]
    NoHarInArchive {
        /// The archive's path.
        name: String,
    },
    /// A file with zip's magic number that is no readable archive.
    #[error("{name}: not a readable zip archive: {source}")]
    NotZip {
        /// The archive's path.
        name: String,
        /// What the zip reader found.
        source: Arc<zip::result::ZipError>,
    },
    /// A member of a zip archive that could not be read.
    #[error("{name}: {source}")]
    ZipMember {
        /// `archive.zip:member.har`.
        name: String,
        /// What the zip reader found.
        source: Arc<zip::result::ZipError>,
    },
    /// An input with no byte in it.
    #[error("{name}: is empty, not a HAR file")]
    Empty {
        /// The name given (`stdin` for `-`).
        name: String,
    },
    /// A page hook source `facts --hook` cannot write the facts into.
    #[error("{name}: {source}")]
    Hook {
        /// The name given.
        name: String,
        /// What is wrong with it.
        source: chatmedic::facts::HookError,
    },
    /// A HAR the reader refused.
    #[error("{name}: {source}")]
    Har {
        /// The name given (`stdin` for `-`, `archive.zip:member.har` in an archive).
        name: String,
        /// What the reader found.
        source: Arc<chatmedic::Error>,
    },
    /// `-` named twice: standard input can be read once.
    #[error("stdin (`-`) can be read only once")]
    StdinTwice,
    /// The names given hold no HAR at all.
    #[error("no HAR file in {names}")]
    NoHar {
        /// The names given, as given.
        names: String,
    },
    /// A batch in which no file could be read (each has had its own line already).
    #[error("{}", nothing_read(*files))]
    NothingRead {
        /// How many files were named.
        files: usize,
    },
    /// A worker thread of the batch panicked.
    #[error("a worker failed")]
    WorkerFailed,
}

/// The closing line of a batch that read nothing.
fn nothing_read(files: usize) -> String {
    if files == 1 {
        "the file could not be read".to_owned()
    } else {
        format!("none of the {files} files could be read")
    }
}

impl InputError {
    /// [`InputError::Open`] of `name`.
    pub fn open(name: impl Into<String>, source: io::Error) -> InputError {
        InputError::Open {
            name: name.into(),
            source: Arc::new(source),
        }
    }
}
