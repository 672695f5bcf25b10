//! The `chatmedic` command line: analyses HAR files, error texts and observation files.

fn main() {}
