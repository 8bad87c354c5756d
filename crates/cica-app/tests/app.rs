//! The application layer's tests, one binary: each use case with its actor and clock over a
//! real store.
//!
//! One binary instead of one per file: each would link the whole platform again, which costs
//! minutes of linking and gigabytes of disk for no isolation the tests need.

mod common;

mod accounts;
mod calendar_ids;
mod import;
mod media;
mod text;
