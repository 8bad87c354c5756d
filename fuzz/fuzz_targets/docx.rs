//! Any bytes read as a Word document: the zip and XML readers answer without panicking, and
//! the text they give is bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = cica_import::docx::read(data) {
        assert!(text.len() <= 64 * 1024 * 1024);
    }
});
