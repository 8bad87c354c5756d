//! Any input, read whole and repeated (a file of the same release pasted many times once made
//! slug-making loop forever): the checks, the splitter and the analysis answer without
//! panicking, and every item gets its own slug.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn gazetteer() -> &'static cica_import::Gazetteer {
    static G: OnceLock<cica_import::Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let ds = cica_data::builtin().expect("the built-in dataset loads");
        let day = chrono::NaiveDate::from_ymd_opt(2025, 4, 1).expect("a day");
        cica_import::Gazetteer::new(&ds, day)
    })
}

fuzz_target!(|data: &[u8]| {
    // The first byte says how many times the rest is repeated (1 to 16).
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let input = rest.repeat(usize::from(n % 16) + 1);
    if let Ok((_, items)) = cica_import::read("fuzz", &input, None, gazetteer(), &[]) {
        let mut slugs: Vec<&str> = items.iter().map(|i| i.slug.as_str()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), items.len(), "two items share a slug");
    }
});
