//! Typesets the 2025-Q1 edition of the built-in dataset with a layout file given on the command
//! line, so the layout can be changed and looked at without rebuilding:
//!
//! `cargo run -p cica-digest --example layout -- templates/digest.typ out.pdf [data.json]`
//!
//! With a third argument, also writes the data the layout reads. With `DATASET=<folder>` in the
//! environment, the records come from that folder (TOML files and `media/` images) instead of
//! the built-in dataset.

use cica_digest::{Records, Typesetter, data_json, edition};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(layout), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: layout LAYOUT.typ OUT.pdf [DATA.json]".into());
    };
    let ds = match std::env::var_os("DATASET") {
        Some(dir) => cica_data::load_dir(std::path::Path::new(&dir))?,
        None => cica_data::builtin()?,
    };
    let q1 = cica_domain::Quarter::parse("2025-Q1")?;
    let e = edition(&Records::in_dataset(&ds, q1).ok_or("no 2025-Q1 record")?)?;
    if let Some(data) = args.next() {
        std::fs::write(data, data_json(&e))?;
    }
    let printed = Typesetter::with_layout(std::fs::read_to_string(layout)?).print(&e)?;
    for w in &printed.warnings {
        eprintln!("warning: {w}");
    }
    std::fs::write(&out, &printed.pdf)?;
    eprintln!("{} pages", printed.pages);
    Ok(())
}
