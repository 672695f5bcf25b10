//! Times the HAR reader and the diagnosis on one file: `har_time FILE [CHUNK_KB]`.
//!
//! Used by `tests/bench/har.sh` while the command line's `analyze` is not there. With
//! `CHUNK_KB`, the file is fed in chunks of that size (as a browser's `File.stream()` would feed
//! the wasm build); without, through `read_observations`.

use std::fs::File;
use std::io::Read;
use std::process::ExitCode;
use std::time::Instant;

use chatmedic::har::{read_observations, HarAnalyzer, HarError};
use chatmedic::Observation;

fn read_chunked(mut file: File, chunk: usize) -> Result<Vec<Observation>, HarError> {
    let mut reader = HarAnalyzer::new();
    let mut buf = vec![0u8; chunk];
    loop {
        let n = file.read(&mut buf).map_err(|e| HarError::Read {
            at: reader.bytes_seen(),
            message: e.to_string(),
        })?;
        if n == 0 {
            break;
        }
        reader.push(&buf[..n])?;
    }
    reader.finish()
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: har_time FILE [CHUNK_KB]");
        return ExitCode::FAILURE;
    };
    let chunk_kb: Option<usize> = args.next().and_then(|s| s.parse().ok());
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("har_time: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let t0 = Instant::now();
    let read = match chunk_kb {
        Some(kb) => read_chunked(file, kb.max(1) << 10),
        None => read_observations(file),
    };
    let observations = match read {
        Ok(o) => o,
        Err(e) => {
            eprintln!("har_time: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let read = t0.elapsed();
    let report = chatmedic::diagnose(&observations, chatmedic::Lang::En);
    let total = t0.elapsed();
    let top = report
        .findings
        .first()
        .map_or("none".to_owned(), |f| format!("{:?}", f.cause));
    println!(
        "observations={} read_ms={:.0} diagnose_ms={:.0} verdict={:?} top={top}",
        observations.len(),
        read.as_secs_f64() * 1e3,
        (total - read).as_secs_f64() * 1e3,
        report.verdict
    );
    ExitCode::SUCCESS
}
