//! Prints what the splitter finds in a text file: `cargo run -p cica-import --example split -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let text = std::fs::read_to_string(path).expect("readable UTF-8");
    let s = cica_import::split::split(&text, None);
    for i in &s.items {
        let dl = i
            .dateline
            .as_ref()
            .map(|d| format!("{} {:?}..{:?}", d.place, d.start, d.end))
            .unwrap_or_default();
        println!(
            "[{}{}{}] {} | {} | {} paras",
            i.kind.as_str(),
            if i.spotlight { " spot" } else { "" },
            if i.activities { " act" } else { "" },
            i.title,
            dl,
            i.paragraphs.len()
        );
        if let Some(a) = &i.author {
            println!("     author: {a} / {:?}", i.author_title);
        }
        for n in &i.notes {
            println!("     note: {n}");
        }
    }
    for d in &s.dropped {
        println!(
            "dropped ({}): {:?}",
            d.reason,
            &d.text.chars().take(60).collect::<String>()
        );
    }
    for n in &s.notes {
        println!("note: {n}");
    }
    println!("cover: {:?}", s.cover);
}
