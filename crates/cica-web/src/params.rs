//! Query parameters, parsed by hand so every refusal names the parameter and the reason.

use chrono::NaiveDate;
use cica_domain::{NewsKind, Quarter, Slug, StateCode, parse_day};
use cica_store::Cursor;

use crate::error::WebError;

/// The largest page a list endpoint returns.
pub const MAX_LIMIT: u32 = 100;
/// The page size when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 20;

/// The query string of one request, checked against the names an address accepts.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses `raw` and refuses names outside `accepted` (when `strict`) and repeated names.
    pub fn parse(raw: Option<&str>, accepted: &[&str], strict: bool) -> Result<Self, WebError> {
        let raw = raw.unwrap_or("");
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).map_err(|_| {
            WebError::invalid("query", "the query string is not valid URL encoding")
        })?;
        let mut seen: Vec<&str> = Vec::new();
        for (name, _) in &pairs {
            if !accepted.contains(&name.as_str()) {
                if strict {
                    return Err(WebError::UnknownParameter {
                        parameter: name.clone(),
                        accepted: if accepted.is_empty() {
                            "no parameters".into()
                        } else {
                            accepted.join(", ")
                        },
                    });
                }
                continue;
            }
            if seen.contains(&name.as_str()) {
                return Err(WebError::invalid(name, "is given more than once"));
            }
            seen.push(name);
        }
        Ok(Self { pairs })
    }

    /// The raw value, treating an empty value (`?state=`) as absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    pub fn date(&self, name: &str) -> Result<Option<NaiveDate>, WebError> {
        self.get(name)
            .map(|v| {
                parse_day(v).map_err(|_| {
                    WebError::invalid(name, format!("`{v}` is not a date of the form YYYY-MM-DD"))
                })
            })
            .transpose()
    }

    /// A `from`/`to` pair where `to` is not before `from`.
    pub fn date_range(
        &self,
        from: &str,
        to: &str,
    ) -> Result<(Option<NaiveDate>, Option<NaiveDate>), WebError> {
        let (a, b) = (self.date(from)?, self.date(to)?);
        if let (Some(a), Some(b)) = (a, b)
            && b < a
        {
            return Err(WebError::invalid(
                to,
                format!("{b} is before `{from}` ({a})"),
            ));
        }
        Ok((a, b))
    }

    /// `YYYY-MM` as the first and last day of that month.
    pub fn month(&self, name: &str) -> Result<Option<(NaiveDate, NaiveDate)>, WebError> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        let bad = || WebError::invalid(name, format!("`{v}` is not a month of the form YYYY-MM"));
        match cica_domain::Period::parse(v) {
            Ok(p @ cica_domain::Period::Month(..)) => Ok(Some((p.span().start(), p.span().end()))),
            _ => Err(bad()),
        }
    }

    pub fn limit(&self) -> Result<u32, WebError> {
        let Some(v) = self.get("limit") else {
            return Ok(DEFAULT_LIMIT);
        };
        match v.parse::<i64>() {
            Ok(n) if (1..=i64::from(MAX_LIMIT)).contains(&n) => Ok(n as u32),
            _ => Err(WebError::invalid(
                "limit",
                format!("must be a whole number from 1 to {MAX_LIMIT}, not `{v}`"),
            )),
        }
    }

    /// A keyset cursor as issued in `next` by date-ordered lists.
    pub fn cursor(&self) -> Result<Option<Cursor>, WebError> {
        self.get("cursor")
            .map(|v| Cursor::parse(v).ok_or_else(|| WebError::invalid("cursor", format!("`{v}` is not a cursor this site issued; use the `next` value of a previous page"))))
            .transpose()
    }

    /// A cursor for lists ordered by their key (codes and slugs): the last key returned.
    pub fn key_cursor(&self) -> Result<Option<String>, WebError> {
        self.get("cursor")
            .map(|v| {
                let ok = Slug::parse(v).is_ok() || StateCode::parse(v).is_ok();
                if ok { Ok(v.to_owned()) } else { Err(WebError::invalid("cursor", format!("`{v}` is not a cursor this site issued; use the `next` value of a previous page"))) }
            })
            .transpose()
    }

    pub fn state(&self, name: &str) -> Result<Option<StateCode>, WebError> {
        self.get(name)
            .map(|v| StateCode::parse(v).map_err(|e| WebError::invalid(name, e.to_string())))
            .transpose()
    }

    pub fn slug(&self, name: &str) -> Result<Option<Slug>, WebError> {
        self.get(name)
            .map(|v| Slug::parse(v).map_err(|e| WebError::invalid(name, e.to_string())))
            .transpose()
    }

    pub fn news_kind(&self, name: &str) -> Result<Option<NewsKind>, WebError> {
        self.get(name)
            .map(|v| {
                NewsKind::parse(v).ok_or_else(|| {
                    WebError::invalid(
                        name,
                        format!("`{v}` is not one of: {}", NewsKind::expected()),
                    )
                })
            })
            .transpose()
    }

    pub fn quarter(&self, name: &str) -> Result<Option<Quarter>, WebError> {
        self.get(name)
            .map(|v| Quarter::parse(v).map_err(|e| WebError::invalid(name, e.to_string())))
            .transpose()
    }

    /// One of a fixed set of words.
    pub fn choice<'a>(&self, name: &str, choices: &[&'a str]) -> Result<Option<&'a str>, WebError> {
        self.get(name)
            .map(|v| {
                choices.iter().find(|c| **c == v).copied().ok_or_else(|| {
                    WebError::invalid(name, format!("`{v}` is not one of: {}", choices.join(", ")))
                })
            })
            .transpose()
    }
}

/// For an address that takes no query parameter: refuses any, naming the first, so crafted
/// query strings can neither mean something nor fragment the response cache. Pages answer
/// the refusal as a page; the API and feeds check their parameters with [`Params::parse`].
pub struct NoQuery;

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for NoQuery {
    type Rejection = crate::pages::PageError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Params::parse(parts.uri.query(), &[], true)?;
        Ok(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_parameter_and_the_reason() {
        let accepted = ["from", "to", "limit", "cursor", "state"];
        // (query, expected message)
        let table = [
            (
                "from=2025-13-01",
                "from: `2025-13-01` is not a date of the form YYYY-MM-DD",
            ),
            (
                "limit=-1",
                "limit: must be a whole number from 1 to 100, not `-1`",
            ),
            (
                "limit=1000",
                "limit: must be a whole number from 1 to 100, not `1000`",
            ),
            (
                "limit=ten",
                "limit: must be a whole number from 1 to 100, not `ten`",
            ),
            (
                "from=2025-03-01&to=2025-02-01",
                "to: 2025-02-01 is before `from` (2025-03-01)",
            ),
            (
                "cursor=zzz",
                "cursor: `zzz` is not a cursor this site issued",
            ),
            (
                "state=KAZAKH",
                "state: `KAZAKH` is not an ISO 3166 alpha-3 code",
            ),
            (
                "stat=KAZ",
                "unknown parameter `stat`; this address accepts: from, to, limit, cursor, state",
            ),
            ("limit=5&limit=6", "limit: is given more than once"),
        ];
        for (query, expected) in table {
            let got = Params::parse(Some(query), &accepted, true).and_then(|p| {
                p.date_range("from", "to")?;
                p.limit()?;
                p.cursor()?;
                p.state("state")?;
                Ok(())
            });
            let err = got.expect_err(query).to_string();
            assert!(err.starts_with(expected), "{query}: {err}");
        }
    }

    #[test]
    fn good_values_pass() {
        let p = Params::parse(
            Some("from=2025-01-01&to=2025-03-31&limit=5&state=kaz&cursor=2025-03-17_some-item"),
            &["from", "to", "limit", "state", "cursor"],
            true,
        )
        .expect("valid");
        assert_eq!(p.limit().expect("limit"), 5);
        assert_eq!(
            p.state("state")
                .expect("state")
                .map(|s| s.to_string())
                .as_deref(),
            Some("KAZ")
        );
        assert!(p.cursor().expect("cursor").is_some());
        let empty = Params::parse(Some("state="), &["state"], true).expect("valid");
        assert_eq!(empty.state("state").expect("absent"), None);
    }
}
