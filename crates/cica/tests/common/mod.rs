//! What the command-line tests share.

use std::path::Path;
use std::process::Command;

/// A database as a user makes one before any other command: `cica load` of the built-in
/// dataset (only `serve` and `load` create a database).
pub fn prepared(db: &Path, args: &[&str]) {
    if !db.exists() && args.first() != Some(&"load") {
        let o = Command::new(env!("CARGO_BIN_EXE_cica"))
            .args(["load", "--db"])
            .arg(db)
            .env("RUST_LOG", "warn")
            .output()
            .expect("cica load runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
}
