//! The domain's tests, one binary: the rules as tables and properties, no IO.
//!
//! One binary instead of one per file: each would link the whole platform again, which costs
//! minutes of linking and gigabytes of disk for no isolation the tests need.

mod access;
mod audit;
mod cbm;
mod meetings;
mod news_items;
mod readiness;
mod silence_moments;
mod treaties;
mod treaty_regimes;
