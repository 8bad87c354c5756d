//! Checks a dataset folder (default: the repository's `data/`) and prints what it holds or
//! every problem found. `cargo run -p cica-data --example check -- [DIR]`

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("data"), PathBuf::from);
    match cica_data::load_dir(&dir) {
        Ok(ds) => {
            for (k, n) in cica_data::counts(&ds) {
                println!("{k}: {n}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
