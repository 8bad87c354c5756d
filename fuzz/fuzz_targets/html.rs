//! Any input read as a saved web page: the reader and the splitter after it answer without
//! panicking, and what they give is text the splitter can take.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = cica_import::input::check("fuzz", data)
        && let Some(page) = cica_import::html::read(text)
    {
        let _ = cica_import::split(&page.text, None);
    }
});
