//! The magazine's typography of quotation marks: the records keep the straight quotes people
//! type; both editions print curly ones.

/// `text` with straight quotes turned into curly ones: `"` opens after a space, an opening
/// bracket or a dash (or at the start) and closes otherwise; `'` is an apostrophe or a
/// closing single quote after a letter, digit or closing mark, and opens otherwise.
pub fn curl(text: &str) -> String {
    if !text.contains(['"', '\'']) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev: Option<char> = None;
    for c in text.chars() {
        let opens = prev.is_none_or(|p| p.is_whitespace() || "([{“‘—–-/".contains(p));
        let curled = match c {
            '"' if opens => '“',
            '"' => '”',
            '\'' if opens => '‘',
            '\'' => '’',
            other => other,
        };
        out.push(curled);
        prev = Some(curled);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::curl;
    use proptest::prelude::*;

    #[test]
    fn quotes_and_apostrophes_are_curled_by_their_place() {
        let table = [
            (
                r#"the programme "Stronger CICA: Connectivity""#,
                "the programme “Stronger CICA: Connectivity”",
            ),
            ("Azerbaijan's Chairmanship", "Azerbaijan’s Chairmanship"),
            (
                r#"He called it 'a new stage'."#,
                "He called it ‘a new stage’.",
            ),
            (r#"("in kind")"#, "(“in kind”)"),
            (r#"the States' views"#, "the States’ views"),
            ("no quotes at all", "no quotes at all"),
            (r#""Open" — "shut""#, "“Open” — “shut”"),
        ];
        for (typed, printed) in table {
            assert_eq!(curl(typed), printed, "{typed}");
        }
    }

    proptest! {
        /// Only the quotes change: no straight quote is left, and the text is otherwise the
        /// same, character for character.
        #[test]
        fn only_quotes_change(s in ".{0,80}") {
            let c = curl(&s);
            prop_assert!(!c.contains(['"', '\'']));
            prop_assert_eq!(c.chars().count(), s.chars().count());
            for (a, b) in s.chars().zip(c.chars()) {
                if a != '"' && a != '\'' {
                    prop_assert_eq!(a, b);
                }
            }
        }
    }
}
