//! The web crate's tests, one binary: the real router in process over a real SQLite
//! database, real browsers over WebDriver, and the exports read back by third-party readers.
//!
//! One binary instead of one per file: each would link the whole platform again, which costs
//! minutes of linking and gigabytes of disk for no isolation the tests need.

mod common;

mod accounts;
mod admin;
mod architecture;
mod browser;
mod browser_accounts;
mod browser_editing;
mod browser_pages;
mod cbm;
mod cbm_keeping;
mod decisions;
mod digest;
mod editing;
mod exports;
mod hardening;
mod import;
mod money;
mod money_forms;
mod portal;
mod proposals;
mod quarter;
mod routes;
mod signin;
mod snapshots;
