//! Free-text fields: refused exactly when they hold a control character (other than line
//! breaks and tabs) or run past their length, and the refusal names the field.

use cica_app::{AppError, check_text};
use proptest::prelude::*;

proptest! {
    #[test]
    fn text_without_control_characters_within_its_length_is_accepted(
        text in "[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\u{80}-\\u{9f}]{0,200}"
    ) {
        prop_assert!(check_text("note", &text, 200).is_ok());
    }

    #[test]
    fn a_control_character_anywhere_is_refused_naming_the_field(
        before in "[a-z ]{0,20}",
        after in "[a-z ]{0,20}",
        control in prop::sample::select(vec!['\u{0}', '\u{7}', '\u{8}', '\u{1b}', '\u{7f}', '\u{85}']),
    ) {
        let text = format!("{before}{control}{after}");
        match check_text("subject", &text, 1000) {
            Err(AppError::Invalid { field, problem }) => {
                prop_assert_eq!(field, "subject");
                prop_assert!(problem.contains("control character"), "{}", problem);
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn text_past_its_length_is_refused(extra in 1usize..50) {
        let text = "é".repeat(100 + extra);
        prop_assert!(check_text("title", &text, 100).is_err());
        prop_assert!(check_text("title", &"é".repeat(100), 100).is_ok());
    }
}
