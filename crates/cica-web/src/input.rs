//! Reading a record sent over the API (or typed in a form and read the same way): each field
//! parsed into its domain type, every refusal collected with the field it concerns, so that
//! one answer names everything wrong. The record's own rules (its `problems`) are then added
//! for the fields that could be read.

use chrono::NaiveDate;
use cica_domain::{NewsItem, PartialDate, Provenance, Slug, StateCode};

use crate::error::WebError;

/// The refusals of one record's fields, as they are found.
#[derive(Default)]
pub struct Fields {
    bad: Vec<(String, String)>,
}

/// Trimmed text, or nothing for none or blank.
pub fn text_of(t: Option<String>) -> Option<String> {
    t.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Where a record's facts come from, as sent: blank note and sources count as none.
pub fn provenance(unconfirmed: bool, note: Option<String>, sources: Vec<String>) -> Provenance {
    Provenance {
        unconfirmed,
        note: text_of(note),
        sources: sources
            .into_iter()
            .filter_map(|s| text_of(Some(s)))
            .collect(),
    }
}

/// A key that is blank counts as none.
fn given(t: Option<&str>) -> Option<&str> {
    t.filter(|t| !t.trim().is_empty())
}

impl Fields {
    pub fn refuse(&mut self, field: impl Into<String>, problem: impl Into<String>) {
        self.bad.push((field.into(), problem.into()));
    }

    /// The id given in the body must be the address's, when given at all.
    pub fn same_id(&mut self, given: Option<&str>, id: &Slug) {
        if let Some(given) = given.map(str::trim)
            && given != id.as_str()
        {
            self.refuse("id", format!("`{given}` is not this address's (`{id}`)"));
        }
    }

    pub fn day(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        cica_domain::parse_day(text.trim())
            .map_err(|_| {
                self.refuse(
                    field,
                    format!("`{text}` is not a date of the form YYYY-MM-DD"),
                )
            })
            .ok()
    }

    pub fn code(&mut self, field: impl Into<String>, text: &str) -> Option<StateCode> {
        StateCode::parse(text.trim())
            .map_err(|_| {
                self.refuse(
                    field,
                    format!("`{text}` is not a state's three-letter code (such as KAZ)"),
                )
            })
            .ok()
    }

    pub fn slug(&mut self, field: impl Into<String>, text: &str) -> Option<Slug> {
        Slug::parse(text.trim())
            .map_err(|_| self.refuse(field, format!("`{text}` is not a slug of the registers")))
            .ok()
    }

    pub fn opt_code(&mut self, field: &str, text: Option<&str>) -> Option<StateCode> {
        given(text).and_then(|t| self.code(field, t))
    }

    pub fn opt_slug(&mut self, field: &str, text: Option<&str>) -> Option<Slug> {
        given(text).and_then(|t| self.slug(field, t))
    }

    /// A date known to the day, the month or the year (`2014-05-20`, `2014-05`, `2014`), or
    /// none when blank: `Some(date)`; `None` when it is no such date, refused by its field.
    pub fn partial(
        &mut self,
        field: impl Into<String>,
        text: Option<String>,
    ) -> Option<Option<PartialDate>> {
        match text_of(text) {
            None => Some(None),
            Some(t) => match PartialDate::parse(&t) {
                Ok(d) => Some(Some(d)),
                Err(_) => {
                    self.refuse(
                        field,
                        format!("`{t}` is not a date, a month (2014-05) or a year (2014)"),
                    );
                    None
                }
            },
        }
    }

    /// Whether a list is within what a record names of one kind (refused when not).
    pub fn bounded(&mut self, field: &str, n: usize) -> bool {
        let ok = n <= NewsItem::MAX_TAGS;
        if !ok {
            self.refuse(
                field,
                format!("a record names at most {} of each", NewsItem::MAX_TAGS),
            );
        }
        ok
    }

    pub fn slugs(&mut self, field: &str, list: &[String]) -> Vec<Slug> {
        if !self.bounded(field, list.len()) {
            return Vec::new();
        }
        list.iter()
            .enumerate()
            .filter_map(|(i, t)| self.slug(format!("{field}[{i}]"), t))
            .collect()
    }

    pub fn codes(&mut self, field: &str, list: &[String]) -> Vec<StateCode> {
        if !self.bounded(field, list.len()) {
            return Vec::new();
        }
        list.iter()
            .enumerate()
            .filter_map(|(i, t)| self.code(format!("{field}[{i}]"), t))
            .collect()
    }

    /// A keyword of a closed list (`held`, `planned`), refused naming the list.
    pub fn keyword<T>(
        &mut self,
        field: &str,
        text: &str,
        parse: impl Fn(&str) -> Option<T>,
        expected: impl Fn() -> String,
    ) -> Option<T> {
        let found = parse(text.trim());
        if found.is_none() {
            self.refuse(field, format!("`{text}` is not one of: {}", expected()));
        }
        found
    }

    /// Whether nothing was refused so far.
    pub fn is_clear(&self) -> bool {
        self.bad.is_empty()
    }

    /// Every refusal so far, as the error naming them.
    pub fn refused(self) -> WebError {
        WebError::Fields(self.bad)
    }

    /// The record read when nothing was refused; else every refusal, with the record's own
    /// rules (`problems`) for the fields not refused already.
    pub fn finish<T>(
        mut self,
        record: T,
        problems: impl FnOnce(&T) -> Vec<(String, String)>,
    ) -> Result<T, WebError> {
        if self.bad.is_empty() {
            return Ok(record);
        }
        // A field refused, or one entry of it (`highlights[1]`), is not judged again as a
        // whole: the record read lacks what was refused.
        let refused: Vec<String> = self.bad.iter().map(|(f, _)| f.clone()).collect();
        let covered = |field: &str| {
            refused.iter().any(|r| {
                r == field
                    || r.strip_prefix(field)
                        .is_some_and(|rest| rest.starts_with(['[', '.']))
            })
        };
        for (field, problem) in problems(&record) {
            if !covered(&field) {
                self.bad.push((field, problem));
            }
        }
        Err(self.refused())
    }
}

/// A field that may be left out, be null or hold a value: `None`, `Some(None)`, `Some(Some(v))`.
pub(crate) fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}
