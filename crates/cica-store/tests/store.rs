//! The store's tests, one binary: every role trait against a real SQLite file, and the
//! migrations from an empty database.
//!
//! One binary instead of one per file: each would link the whole platform again, which costs
//! minutes of linking and gigabytes of disk for no isolation the tests need.

mod common;

mod cbm;
mod decisions;
mod file;
mod import;
mod meetings;
mod migrations;
mod money;
mod news;
mod proposals;
mod sqlite;
