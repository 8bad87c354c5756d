//! The Digest's tests, one binary: the edition built from the records, its print and web
//! forms read back, and its layout and contrast checked.
//!
//! One binary instead of one per file: each would link the whole platform again, which costs
//! minutes of linking and gigabytes of disk for no isolation the tests need.

mod common;

mod contrast;
mod editing;
mod edition;
mod layout;
mod print;
mod rich;
mod round_trip;
