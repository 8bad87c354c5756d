//! Where "now" comes from. The Secretariat works in Astana time (UTC+5), so that is the day
//! that decides what is upcoming and which grant of an account is in force.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

#[derive(Debug, Clone)]
pub enum Clock {
    System,
    /// A fixed day (noon in Astana), for demonstrations.
    Day(NaiveDate),
    /// An instant that tests move by hand.
    Manual(Arc<Mutex<DateTime<Utc>>>),
}

fn astana() -> FixedOffset {
    FixedOffset::east_opt(5 * 3600)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
}

impl Clock {
    /// A clock that reads `start` until [`Clock::set`] moves it.
    pub fn manual(start: DateTime<Utc>) -> Self {
        Self::Manual(Arc::new(Mutex::new(start)))
    }

    /// Moves a manual clock; other clocks ignore it.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Self::Manual(t) = self
            && let Ok(mut t) = t.lock()
        {
            *t = to;
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::System => Utc::now(),
            Self::Day(d) => d
                .and_hms_opt(12, 0, 0)
                .and_then(|t| t.and_local_timezone(astana()).single())
                .map_or_else(Utc::now, |t| t.with_timezone(&Utc)),
            Self::Manual(t) => t.lock().map_or_else(|_| Utc::now(), |t| *t),
        }
    }

    /// The date in Astana.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&astana()).date_naive()
    }
}
