//! What changed between two versions of a text.

/// A word-level comparison of two texts: runs of `equal`, `insert` and `delete` text, the
/// one comparison the portal, the API and the command line show.
pub fn word_diff(old: &str, new: &str) -> Vec<(&'static str, String)> {
    use similar::{ChangeTag, TextDiff};
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for c in TextDiff::from_words(old, new).iter_all_changes() {
        let op = match c.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Insert => "insert",
            ChangeTag::Delete => "delete",
        };
        match out.last_mut() {
            Some(last) if last.0 == op => last.1.push_str(c.value()),
            _ => out.push((op, c.value().to_owned())),
        }
    }
    out
}
