//! Any line: the timestamp reader answers without panicking, and a day it gives is a real one
//! within the years it reads.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(line) = std::str::from_utf8(data)
        && let Some(s) = cica_import::published::stamp(line)
    {
        use chrono::Datelike;
        assert!((1990..=2199).contains(&s.day.year()), "{line:?}");
    }
});
