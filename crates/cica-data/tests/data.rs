//! The dataset's tests, one binary: the built-in dataset and the loader's refusals.
//!
//! One binary instead of one per file: each would link the whole platform again, which costs
//! minutes of linking and gigabytes of disk for no isolation the tests need.

mod builtin;
mod loader;
