//! CICA Fund projects as IATI activity XML (standard version 2.03), valid against the
//! official schema. IATI's further rules (a sector for every activity, for one) are the
//! records' to meet: a project that records none is written without it.
//!
//! [`activities`] writes one `iati-activity` per project, its elements in the order the
//! schema's sequence requires (`schema/iati-activities-schema.xsd`, the official file, which
//! the tests validate against). Every code comes from the domain's IATI enums; every amount
//! is written as [`Money::amount_text`] gives it, never through a float; every piece of text
//! goes through the XML writer, which escapes it. The crate does no IO.
//!
//! Where the schema asks for something a project may not record, the writer fills it as
//! follows, so that a project it writes is always valid:
//! - no participant: the publisher is named as the extending organisation (the CICA Fund
//!   manages the money of every project it lists);
//! - no activity date: the first day its review records (the submission, else the first dated
//!   step such as the approval; else the day of writing) is written as the planned start, with
//!   a narrative saying which;
//! - an empty description: the title stands for it;
//! - a result without indicators is left out (IATI requires at least one).
//!
//! An indicator's target and actual values go in one `period`: from the project's actual (or
//! else planned) start to its actual (or else planned) end; where the project records no
//! such day, from the earliest to the latest day of the target and actual values; never
//! ending before it starts.
//!
//! The schema requires at least one `iati-activity`, so the document for an empty list of
//! projects is well formed but not valid: publish nothing rather than it.

use std::borrow::Cow;
use std::io;

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use cica_domain::fund::{
    ActivityDateType, Indicator, Measurement, OrgRole, OrgType, Party, Project, ProjectResult,
    Transaction,
};
use cica_domain::money::{Currency, Money};
use cica_domain::{Slug, StateCode};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::writer::ElementWriter;

/// The version of the IATI standard written.
pub const IATI_VERSION: &str = "2.03";

/// How the writer names an organisation a project refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    /// Its IATI organisation identifier ("XM-DAC-41114"), if it has one.
    pub reference: Option<String>,
    pub name: String,
    pub org_type: Option<OrgType>,
}

/// Names the states and registered organisations a project refers to by key.
pub trait Names {
    fn state(&self, code: &StateCode) -> Org;
    fn organization(&self, slug: &Slug) -> Org;
}

/// The organisation publishing the data: the `reporting-org` of every activity, and the
/// prefix of every activity identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// Its IATI organisation identifier, given by the caller ("XI-IATI-CICA").
    pub reference: String,
    pub name: String,
    /// Multilateral (40) for CICA.
    pub org_type: OrgType,
}

impl Publisher {
    /// The identifier CICA's file carries: a placeholder in IATI's own namespace until the
    /// Secretariat registers as a publisher and is given its identifier.
    pub const CICA_REF: &'static str = "XI-IATI-CICA";

    /// The CICA Secretariat as the publisher of its Fund's projects.
    pub fn cica() -> Self {
        Self {
            reference: Self::CICA_REF.to_owned(),
            name: "Conference on Interaction and Confidence Building Measures in Asia (CICA) Secretariat"
                .to_owned(),
            org_type: OrgType::Multilateral,
        }
    }
}

/// The IATI activity XML for `projects`, one `iati-activity` each, in their order.
///
/// `generated` stamps the file (`generated-datetime`) and each activity
/// (`last-updated-datetime`: the records keep no time of their last change, so the time of
/// writing stands for it, never earlier than that change).
pub fn activities(
    projects: &[&Project],
    publisher: &Publisher,
    names: &dyn Names,
    generated: DateTime<Utc>,
) -> String {
    let stamp = generated.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let doc = Doc {
        publisher,
        names,
        stamp: &stamp,
        today: generated.date_naive(),
    };
    doc.write(&mut w, projects)
        .expect("writing to memory does not fail");
    let mut xml = String::from_utf8(w.into_inner()).expect("the writer copies UTF-8 text");
    xml.push('\n');
    xml
}

type W = Writer<Vec<u8>>;

struct Doc<'a> {
    publisher: &'a Publisher,
    names: &'a dyn Names,
    stamp: &'a str,
    today: NaiveDate,
}

impl Doc<'_> {
    fn write(&self, w: &mut W, projects: &[&Project]) -> io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let attrs = [
            ("version", IATI_VERSION),
            ("generated-datetime", self.stamp),
        ];
        open(w, "iati-activities", &attrs)
            .write_inner_content(|w| projects.iter().try_for_each(|p| self.activity(w, p)))?;
        Ok(())
    }

    fn activity(&self, w: &mut W, p: &Project) -> io::Result<()> {
        let first_value = p.budgets.first().map(|b| b.value);
        let first_value = first_value.or_else(|| p.transactions.first().map(|t| t.value));
        let currency = first_value.map_or(Currency::USD, Money::currency);
        let attrs = [
            ("last-updated-datetime", self.stamp),
            ("xml:lang", "en"),
            ("default-currency", currency.code()),
        ];
        open(w, "iati-activity", &attrs).write_inner_content(|w| {
            let id = format!("{}-{}", self.publisher.reference, p.id);
            text(w, "iati-identifier", &[], &id)?;
            let publisher = Org {
                reference: Some(self.publisher.reference.clone()),
                name: self.publisher.name.clone(),
                org_type: Some(self.publisher.org_type),
            };
            named(w, "reporting-org", &[], &publisher)?;
            narrated(w, "title", &[], &p.title)?;
            let description = match p.description.trim() {
                "" => &p.title,
                _ => &p.description,
            };
            narrated(w, "description", &[("type", "1")], description)?;
            self.participants(w, p, &publisher)?;
            empty(w, "activity-status", &[("code", p.status().code())])?;
            self.dates(w, p)?;
            let shares = shares(p.recipient_countries.len());
            for (country, share) in p.recipient_countries.iter().zip(&shares) {
                let attrs = [("code", country.as_str()), ("percentage", share.as_str())];
                empty(w, "recipient-country", &attrs)?;
            }
            for l in &p.locations {
                open(w, "location", &[]).write_inner_content(|w| {
                    narrated(w, "name", &[], &l.name)?;
                    if let Some(note) = given(&l.note) {
                        narrated(w, "description", &[], note)?;
                    }
                    // A4: ISO 3166-1 alpha-2 (IATI GeographicVocabulary).
                    let country = [("code", l.country.as_str()), ("vocabulary", "A4")];
                    empty(w, "administrative", &country)
                })?;
            }
            for b in &p.budgets {
                let attrs = [("type", b.kind.code()), ("status", b.status.code())];
                open(w, "budget", &attrs).write_inner_content(|w| {
                    day(w, "period-start", b.start)?;
                    day(w, "period-end", b.end)?;
                    value(w, b.value, b.value_date)
                })?;
            }
            for t in &p.transactions {
                self.transaction(w, t)?;
            }
            for r in p.results.iter().filter(|r| !r.indicators.is_empty()) {
                self.result(w, p, r)?;
            }
            Ok(())
        })?;
        Ok(())
    }

    fn org(&self, party: &Party) -> Org {
        match party {
            Party::State(code) => {
                let org = self.names.state(code);
                let org_type = org.org_type.or(party.org_type());
                Org { org_type, ..org }
            }
            Party::Organization(slug) => self.names.organization(slug),
            Party::Named { name, kind } => Org {
                reference: None,
                name: name.clone(),
                org_type: Some(*kind),
            },
        }
    }

    fn participants(&self, w: &mut W, p: &Project, publisher: &Org) -> io::Result<()> {
        if p.participants.is_empty() {
            let role = [("role", OrgRole::Extending.code())];
            return named(w, "participating-org", &role, publisher);
        }
        for q in &p.participants {
            let role = [("role", q.role.code())];
            named(w, "participating-org", &role, &self.org(&q.party))?;
        }
        Ok(())
    }

    fn dates(&self, w: &mut W, p: &Project) -> io::Result<()> {
        let dates = p.activity_dates();
        for (kind, d) in &dates {
            let attrs = [("type", kind.code()), ("iso-date", &d.to_string())];
            empty(w, "activity-date", &attrs)?;
        }
        if dates.is_empty() {
            // The first dated step of its review: the submission, or, where the sources date
            // no earlier step, the approval.
            let first = p.review.iter().find_map(|s| s.day.map(|d| (d, s.stage)));
            let note;
            let on = match first {
                Some((d, stage)) => {
                    note = format!(
                        "No start date is recorded yet: this is the first day its review records ({}).",
                        stage.label().to_lowercase()
                    );
                    d
                }
                None => {
                    note = "No start date is recorded yet: this is the day this file was written."
                        .to_owned();
                    self.today
                }
            };
            let on = on.to_string();
            let attrs = [
                ("type", ActivityDateType::PlannedStart.code()),
                ("iso-date", on.as_str()),
            ];
            narrated(w, "activity-date", &attrs, &note)?;
        }
        Ok(())
    }

    fn transaction(&self, w: &mut W, t: &Transaction) -> io::Result<()> {
        open(w, "transaction", &[]).write_inner_content(|w| {
            empty(w, "transaction-type", &[("code", t.kind.code())])?;
            day(w, "transaction-date", t.day)?;
            value(w, t.value, t.value_date)?;
            if let Some(description) = given(&t.description) {
                narrated(w, "description", &[], description)?;
            }
            for (name, party) in [("provider-org", &t.provider), ("receiver-org", &t.receiver)] {
                if let Some(party) = party {
                    named(w, name, &[], &self.org(party))?;
                }
            }
            Ok(())
        })?;
        Ok(())
    }

    fn result(&self, w: &mut W, p: &Project, r: &ProjectResult) -> io::Result<()> {
        // 1: Output (IATI ResultType).
        open(w, "result", &[("type", "1")]).write_inner_content(|w| {
            narrated(w, "title", &[], &r.title)?;
            if let Some(description) = given(&r.description) {
                narrated(w, "description", &[], description)?;
            }
            r.indicators.iter().try_for_each(|i| indicator(w, p, i))
        })?;
        Ok(())
    }
}

fn indicator(w: &mut W, p: &Project, i: &Indicator) -> io::Result<()> {
    let measure = [("measure", i.measure.code())];
    open(w, "indicator", &measure).write_inner_content(|w| {
        narrated(w, "title", &[], &i.title)?;
        if let Some(unit) = given(&i.unit) {
            narrated(w, "description", &[], &format!("Unit: {unit}"))?;
        }
        if let Some(b) = &i.baseline {
            let year = b.year_or_day.year().to_string();
            let day = b.year_or_day.to_string();
            let mut attrs = vec![("year", year.as_str()), ("iso-date", day.as_str())];
            if !b.value.is_empty() {
                attrs.push(("value", &b.value));
            }
            measurement(w, "baseline", &attrs, b)?;
        }
        let Some((start, end)) = period(p, i) else {
            return Ok(());
        };
        open(w, "period", &[]).write_inner_content(|w| {
            day(w, "period-start", start)?;
            day(w, "period-end", end)?;
            for (name, m) in [("target", &i.target), ("actual", &i.actual)] {
                if let Some(m) = m {
                    let attrs: &[_] = match m.value.as_str() {
                        "" => &[],
                        v => &[("value", v)],
                    };
                    measurement(w, name, attrs, m)?;
                }
            }
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

/// The period an indicator's target and actual values hold for (see the crate's notes); none
/// if it has neither.
fn period(p: &Project, i: &Indicator) -> Option<(NaiveDate, NaiveDate)> {
    let days = [&i.target, &i.actual].into_iter().flatten();
    let days: Vec<NaiveDate> = days.map(|m| m.year_or_day).collect();
    let (first, last) = (*days.iter().min()?, *days.iter().max()?);
    let start = p.actual_start.or(p.planned_start).unwrap_or(first);
    let end = p.actual_end.or(p.planned_end).unwrap_or(last);
    Some((start, end.max(start)))
}

/// The percentages of `n` recipient countries, split evenly in hundredths that add up to 100:
/// the last ones take the hundredths left over (33.33, 33.33, 33.34).
fn shares(n: usize) -> Vec<String> {
    let Ok(count) = u64::try_from(n) else {
        return Vec::new();
    };
    if count == 0 {
        return Vec::new();
    }
    let (each, left) = (10_000 / count, 10_000 % count);
    let hundredths = (0..count).map(|i| each + u64::from(i >= count - left));
    hundredths
        .map(|h| match h % 100 {
            0 => (h / 100).to_string(),
            cents => format!("{}.{cents:02}", h / 100),
        })
        .collect()
}

/// The text, if there is some.
fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|t| !t.trim().is_empty())
}

/// `text` without the characters XML 1.0 cannot carry at all, even escaped (control
/// characters but tab and line ends, U+FFFE and U+FFFF).
fn xml_chars(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || c >= '\u{10000}'
    };
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

/// An element with its attributes, their values escaped by the writer.
fn open<'w>(w: &'w mut W, name: &'w str, attrs: &[(&str, &str)]) -> ElementWriter<'w, Vec<u8>> {
    attrs.iter().fold(w.create_element(name), |e, &(k, v)| {
        e.with_attribute((k, xml_chars(v).as_ref()))
    })
}

fn empty(w: &mut W, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    open(w, name, attrs).write_empty()?;
    Ok(())
}

/// An element holding `content` as text, escaped by the writer.
fn text(w: &mut W, name: &str, attrs: &[(&str, &str)], content: &str) -> io::Result<()> {
    let content = xml_chars(content);
    open(w, name, attrs).write_text_content(BytesText::new(&content))?;
    Ok(())
}

/// An element holding one `narrative`.
fn narrated(w: &mut W, name: &str, attrs: &[(&str, &str)], content: &str) -> io::Result<()> {
    open(w, name, attrs).write_inner_content(|w| text(w, "narrative", &[], content))?;
    Ok(())
}

/// An organisation element: its `ref` and `type` where known, its name as narrative.
fn named(w: &mut W, name: &str, attrs: &[(&str, &str)], org: &Org) -> io::Result<()> {
    let mut attrs = attrs.to_vec();
    if let Some(r) = org.reference.as_deref().filter(|r| !r.trim().is_empty()) {
        attrs.push(("ref", r));
    }
    if let Some(t) = org.org_type {
        attrs.push(("type", t.code()));
    }
    narrated(w, name, &attrs, &org.name)
}

fn day(w: &mut W, name: &str, d: NaiveDate) -> io::Result<()> {
    empty(w, name, &[("iso-date", &d.to_string())])
}

/// A `value`: the exact decimal, its currency and the day of its exchange rate.
fn value(w: &mut W, money: Money, value_date: NaiveDate) -> io::Result<()> {
    let attrs = [
        ("currency", money.currency().code()),
        ("value-date", &value_date.to_string()),
    ];
    text(w, "value", &attrs, &money.amount_text())
}

/// A baseline, target or actual, with its comment if it has one.
fn measurement(w: &mut W, name: &str, attrs: &[(&str, &str)], m: &Measurement) -> io::Result<()> {
    match given(&m.comment) {
        Some(comment) => {
            open(w, name, attrs).write_inner_content(|w| narrated(w, "comment", &[], comment))?;
            Ok(())
        }
        None => empty(w, name, attrs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_share_one_hundred_percent_in_hundredths() {
        assert!(shares(0).is_empty());
        assert_eq!(shares(1), ["100"]);
        assert_eq!(shares(2), ["50", "50"]);
        assert_eq!(shares(3), ["33.33", "33.33", "33.34"]);
        assert_eq!(shares(8)[0], "12.50");
        let hundredths = |s: &str| {
            let (whole, cents) = s.split_once('.').unwrap_or((s, "0"));
            let number = |t: &str| t.parse::<u64>().expect("digits");
            number(whole) * 100 + number(cents)
        };
        for n in 1..=40 {
            let total: u64 = shares(n).iter().map(|s| hundredths(s)).sum();
            assert_eq!(total, 10_000, "{n} countries");
        }
    }

    #[test]
    fn characters_xml_cannot_carry_are_dropped() {
        assert_eq!(xml_chars("a\u{1}b\u{FFFF}c\td"), "abc\td");
        assert!(matches!(xml_chars("plain <&>"), Cow::Borrowed(_)));
    }
}
