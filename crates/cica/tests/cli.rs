//! The command line's tests, one binary: the real `cica` program run against real files.
//!
//! One binary instead of one per file: each would link the whole platform again, which costs
//! minutes of linking and gigabytes of disk for no isolation the tests need.

mod common;

mod accounts;
mod architecture;
mod decisions;
mod digest;
mod import;
mod money;
mod proposals;
