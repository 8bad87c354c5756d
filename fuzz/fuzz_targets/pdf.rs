//! Any bytes read as a PDF: the reader answers without a panic escaping (a fault inside the
//! extractor costs the one file, as in the importer), and the text it gives is bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The importer catches a panic inside the extractor and refuses the file; the fuzzer's own
    // hook would abort on it first, so here a caught panic stays quiet. A panic that escapes
    // `read` still fails the run.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    if let Ok(text) = cica_import::pdf::read(data) {
        assert!(text.len() <= 64 * 1024 * 1024);
    }
});
