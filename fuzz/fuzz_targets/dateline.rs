//! Any bytes that are UTF-8 text: the dateline parser answers without panicking, and what it
//! answers is consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for hint in [None, Some(2025)] {
            if let Some(d) = cica_import::dateline::parse(text, hint) {
                assert!(d.body_start <= text.len());
                assert!(text.is_char_boundary(d.body_start));
                if let (Some(a), Some(b)) = (d.start, d.end) {
                    assert!(a <= b);
                }
            }
        }
    }
});
