//! Any input: the checks and the digest splitter answer without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = cica_import::input::check("fuzz", data) {
        let s = cica_import::split(text, None);
        for item in &s.items {
            let _ = cica_import::slug_for(item.dateline.as_ref().and_then(|d| d.start), &item.title);
        }
    }
});
