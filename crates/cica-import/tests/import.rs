//! The importer's tests, one binary: our own fixtures for every style and layout, the real
//! 2025-Q1 Digest, and the evaluation set held to the bar.

mod corpus;
mod eval;
mod fixtures;
