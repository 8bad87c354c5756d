//! Keys of the registers: ISO 3166 alpha-3 codes for states, slugs for everything else.

use std::fmt;

/// Why a key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("`{0}` is not an ISO 3166 alpha-3 code (three capital letters, such as KAZ)")]
    NotAStateCode(String),
    #[error(
        "`{0}` is not a slug (lowercase letters, digits and single hyphens, such as `senior-officials-committee`)"
    )]
    NotASlug(String),
}

/// An ISO 3166-1 alpha-3 country code, the stable key of a state.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateCode(String);

impl StateCode {
    /// Accepts three ASCII letters in either case and stores them in capitals.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let t = text.trim();
        if t.len() == 3 && t.bytes().all(|c| c.is_ascii_alphabetic()) {
            Ok(Self(t.to_ascii_uppercase()))
        } else {
            Err(KeyError::NotAStateCode(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A URL-safe key: lowercase ASCII letters and digits separated by single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

impl Slug {
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let ok = !text.is_empty()
            && text.len() <= 120
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--")
            && text
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(KeyError::NotASlug(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(
            StateCode::parse("kaz").map(|c| c.to_string()),
            Ok("KAZ".into())
        );
        for bad in ["KA", "KAZA", "K4Z", "", "ÄBC"] {
            assert!(StateCode::parse(bad).is_err(), "{bad}");
        }
        assert!(Slug::parse("senior-officials-committee").is_ok());
        assert!(Slug::parse("summit-7").is_ok());
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "a/b", "ü"] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }
}
