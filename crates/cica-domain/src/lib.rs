//! CICA's domain: the records of its registers and calendar, and the rules that answer
//! questions about them, as plain data and pure functions.
//!
//! **Architecture invariant:** this crate does no IO, has no async code and knows no wire
//! format. It depends on `chrono` for calendar arithmetic, `sha2` for the audit trail's chain
//! (a pure function), and on nothing of the platform.
#![forbid(unsafe_code)]

#[macro_use]
mod macros;

pub mod access;
pub mod audit;
pub mod cbm;
pub mod consensus;
pub mod date;
pub mod decision;
pub mod fund;
pub mod ids;
pub mod money;
pub mod record;
pub mod review;
pub mod rules;
pub mod silence;
pub mod status;
pub mod treaty;

pub use date::{
    DateError, DateSpan, PartialDate, Period, Quarter, Season, human_dates, human_dates_about,
    parse_day,
};
pub use ids::{KeyError, Slug, StateCode};
pub use record::*;
pub use status::{Participation, StatusOn, StatusPeriod, is_member_on, status_on};
