//! A project of the CICA Fund as the editors' form shows it (see `record_forms`), read into
//! the body `PUT /api/v1/fund/projects/{id}` reads, so the two refuse the same things with
//! the same words through the same use case.
//!
//! Its lists are typed one entry per line:
//! - participants: `funding | organization iofs`, `implementing | state KAZ`,
//!   `extending | named A Foundation (type 60)` (an IATI organisation type for a name);
//! - the review: `approved | 2025-03-07 | the decision's id | a note` (steps are only added,
//!   at the end, and the application refuses any other change);
//! - locations: `Logar | AF | a note`;
//! - budgets: `original | committed | 2025-03-01 | 2026-02-28 | 150000.00 USD | 2025-03-07`
//!   (kind | status | from | to | value | value day);
//! - transactions: `disbursement | 2025-04-01 | 50000.00 USD | 2025-04-01 | provider |
//!   receiver | contribution | description`, a party typed as in participants;
//! - results: a result's line, `title | description`, then its indicators, each on a line
//!   beginning with `-`: `- title | measure (unit, percentage, nominal, ordinal or qualitative) | what is counted | baseline | target | actual`, each
//!   value `2025-12-31 = 15; a comment`, empty when there is none.

use std::collections::BTreeMap;

use cica_app::{Actor, App, AppError};
use cica_domain::Slug;
use cica_domain::fund::{Measurement, Party, Project};
use cica_domain::money::Money;
use cica_store::{Expect, Version};
use serde_json::{Value, json};

use crate::error::WebError;
use crate::forms::Form;
use crate::fund::ProjectBody;
use crate::record_forms::{
    Field, FormRecord, Kind, ListProblem, Section, joined, lines, sources_section, typed,
    typed_key, typed_keys, unchanged, unlined,
};
use crate::state::{AppState, Directory};

/// The parts of one typed line, `|`-separated and trimmed.
fn parts(line: &str, n: usize) -> Vec<String> {
    line.splitn(n, '|').map(|p| p.trim().to_owned()).collect()
}

fn part(parts: &[String], i: usize) -> Value {
    match parts.get(i).filter(|p| !p.is_empty()) {
        Some(p) => json!(p),
        None => Value::Null,
    }
}

/// A line of parts, its trailing blanks left off.
fn line_of(mut parts: Vec<String>) -> String {
    while parts.len() > 1 && parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    parts.join(" | ")
}

fn party_text(p: &Party) -> String {
    match p {
        Party::State(s) => format!("state {s}"),
        Party::Organization(o) => format!("organization {o}"),
        Party::Named { name, kind } => format!("named {name} (type {})", kind.code()),
    }
}

/// A party typed `state KAZ`, `organization iofs` or `named A Name`, the last with an IATI
/// organisation type's code after it when known (`named A Name (type 60)`); none when blank.
fn party_body(text: &str) -> Value {
    let text = text.trim();
    if text.is_empty() {
        return Value::Null;
    }
    let (kind, rest) = text
        .split_once(char::is_whitespace)
        .map_or((text, ""), |(k, r)| (k, r.trim()));
    if kind != "named" {
        return json!({"type": kind, "key": rest});
    }
    let (name, org_type) = match rest.strip_suffix(')').and_then(|r| r.rsplit_once("(type ")) {
        Some((name, code)) => {
            let code = code.trim();
            let known = cica_domain::fund::OrgType::ALL
                .iter()
                .find(|t| t.code() == code)
                .map_or(code.to_owned(), |t| t.as_str().to_owned());
            (name.trim(), Some(known))
        }
        None => (rest, None),
    };
    json!({"type": "named", "name": name, "org_type": org_type})
}

/// Whether a party cannot stand, unchanged, in a line (a name with a `|`, a line break or what
/// reads as its type).
fn party_lossy(p: &Party) -> bool {
    matches!(p, Party::Named { name, .. } if unlined(name) || name.contains("(type "))
}

fn opt_unlined(t: &Option<String>) -> bool {
    t.as_deref().is_some_and(unlined)
}

/// Whether a result cannot stand, unchanged, in its lines.
fn result_lossy(r: &cica_domain::fund::ProjectResult) -> bool {
    let measured = |m: &Option<Measurement>| {
        m.as_ref().is_some_and(|m| {
            unlined(&m.value) || m.value.contains([';', '=']) || opt_unlined(&m.comment)
        })
    };
    unlined(&r.title)
        || r.title.starts_with('-')
        || opt_unlined(&r.description)
        || r.indicators.iter().any(|i| {
            unlined(&i.title)
                || opt_unlined(&i.unit)
                || measured(&i.baseline)
                || measured(&i.target)
                || measured(&i.actual)
        })
}

fn money_text(m: Money) -> String {
    format!("{} {}", m.amount_text(), m.currency().code())
}

/// An amount typed `150000.00 USD` (or `USD 150000.00`).
fn money_body(text: &str) -> Value {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (amount, currency) = match words.as_slice() {
        [n, c] if c.chars().all(|x| x.is_ascii_alphabetic()) => (*n, *c),
        [c, n] => (*n, *c),
        _ => (text.trim(), ""),
    };
    json!({"amount": amount.replace(',', ""), "currency": currency.to_uppercase()})
}

fn day_text(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn measurement_text(m: Option<&Measurement>) -> String {
    m.map(|m| {
        let mut t = format!("{} = {}", day_text(m.year_or_day), m.value);
        if let Some(c) = &m.comment {
            t = format!("{t}; {c}");
        }
        t
    })
    .unwrap_or_default()
}

/// A value typed `2025-12-31 = 15; a comment`.
fn measurement_body(text: &str) -> Value {
    let text = text.trim();
    if text.is_empty() {
        return Value::Null;
    }
    let (day, rest) = text.split_once('=').unwrap_or((text, ""));
    let (value, comment) = rest
        .split_once(';')
        .map_or((rest.trim(), None), |(v, c)| (v.trim(), Some(c.trim())));
    json!({"day": day.trim(), "value": value, "comment": comment.filter(|c| !c.is_empty())})
}

fn participant_lines(p: &Project) -> String {
    p.participants
        .iter()
        .map(|x| format!("{} | {}", x.role.as_str(), party_text(&x.party)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn review_lines(p: &Project) -> String {
    p.review
        .iter()
        .map(|s| {
            line_of(vec![
                s.stage.as_str().to_owned(),
                s.day.map(day_text).unwrap_or_default(),
                s.decided_by
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                s.note.clone().unwrap_or_default(),
            ])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn location_lines(p: &Project) -> String {
    p.locations
        .iter()
        .map(|l| {
            line_of(vec![
                l.name.clone(),
                l.country.clone(),
                l.note.clone().unwrap_or_default(),
            ])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn budget_lines(p: &Project) -> String {
    p.budgets
        .iter()
        .map(|b| {
            [
                b.kind.as_str().to_owned(),
                b.status.as_str().to_owned(),
                day_text(b.start),
                day_text(b.end),
                money_text(b.value),
                day_text(b.value_date),
            ]
            .join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn transaction_lines(p: &Project) -> String {
    p.transactions
        .iter()
        .map(|t| {
            let party = |x: &Option<Party>| x.as_ref().map(party_text).unwrap_or_default();
            line_of(vec![
                t.kind.as_str().to_owned(),
                day_text(t.day),
                money_text(t.value),
                day_text(t.value_date),
                party(&t.provider),
                party(&t.receiver),
                t.contribution
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                t.description.clone().unwrap_or_default(),
            ])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn result_lines(p: &Project) -> String {
    let mut out = Vec::new();
    for r in &p.results {
        out.push(line_of(vec![
            r.title.clone(),
            r.description.clone().unwrap_or_default(),
        ]));
        for i in &r.indicators {
            out.push(format!(
                "- {}",
                line_of(vec![
                    i.title.clone(),
                    i.measure.as_str().to_owned(),
                    i.unit.clone().unwrap_or_default(),
                    measurement_text(i.baseline.as_ref()),
                    measurement_text(i.target.as_ref()),
                    measurement_text(i.actual.as_ref()),
                ])
            ));
        }
    }
    out.join("\n")
}

/// Results typed as result lines, each followed by its indicators' lines (`- …`); an
/// indicator before any result is refused by its line.
fn result_bodies(text: &str) -> Result<Vec<Value>, WebError> {
    let mut out: Vec<Value> = Vec::new();
    for (n, line) in lines(text).iter().enumerate() {
        if let Some(rest) = line.strip_prefix('-') {
            let p = parts(rest, 6);
            let indicator = json!({
                "title": p.first().cloned().unwrap_or_default(),
                "measure": p.get(1).filter(|m| !m.is_empty()).cloned().unwrap_or_else(|| "unit".into()),
                "unit": part(&p, 2),
                "baseline": measurement_body(p.get(3).map_or("", String::as_str)),
                "target": measurement_body(p.get(4).map_or("", String::as_str)),
                "actual": measurement_body(p.get(5).map_or("", String::as_str)),
            });
            match out.last_mut().and_then(|r| r["indicators"].as_array_mut()) {
                Some(list) => list.push(indicator),
                None => {
                    return Err(WebError::Fields(vec![(
                        "results".into(),
                        format!(
                            "line {}: an indicator (a line beginning with -) follows the result it measures",
                            n + 1
                        ),
                    )]));
                }
            }
        } else {
            let p = parts(line, 2);
            out.push(json!({
                "title": p.first().cloned().unwrap_or_default(),
                "description": part(&p, 1),
                "indicators": [],
            }));
        }
    }
    Ok(out)
}

#[async_trait::async_trait]
impl FormRecord for Project {
    type Key = Slug;
    const WHAT: &'static str = "Fund project";
    const PAGES: &'static str = "/fund/projects";
    const AREA: &'static str = "contributions";
    const LIST: (&'static str, &'static str) = ("/fund/projects", "CICA Fund projects");
    const NEW: &'static str = "Record a Fund project";
    const EDIT: &'static str = "Edit a Fund project";

    fn sections(_dir: &Directory, new: bool) -> Vec<Section> {
        let mut first = Vec::new();
        if new {
            first.push(Field::new(
                "id",
                "Key",
                "lower-case letters, digits and hyphens, e.g. afghanistan-wheat-2025",
                Kind::Line,
            ));
        }
        first.extend([
            Field::new("title", "Title", "as the proposal names it", Kind::Line),
            Field::new("description", "Description", "", Kind::Text { rows: 4 }),
            Field::new(
                "proposed_by",
                "Proposed by",
                "the Member State's code, e.g. KAZ",
                Kind::Line,
            ),
            Field::new(
                "participants",
                "Participating organisations",
                "one per line: funding, accountable, extending or implementing | state KAZ, organization iofs, or named A Name (type 60), with the IATI organisation type's code when known",
                Kind::Text { rows: 6 },
            ),
        ]);
        vec![
            Section {
                legend: "The project",
                fields: first,
            },
            Section {
                legend: "Review",
                fields: vec![Field::new(
                    "review",
                    "Steps",
                    "one per line, in order: submitted, screening, committee-review, approved or declined, implementation, completed, closed (or withdrawn, suspended, cancelled) | the day | the Project Review Committee's decision, for an approval or a decline | a note. Add the next step at the end, dated; the steps recorded stay as they are.",
                    Kind::Text { rows: 10 },
                )],
            },
            Section {
                legend: "Dates and places",
                fields: vec![
                    Field::new("planned_start", "Planned start", "YYYY-MM-DD", Kind::Line),
                    Field::new("actual_start", "Actual start", "YYYY-MM-DD", Kind::Line),
                    Field::new("planned_end", "Planned end", "YYYY-MM-DD", Kind::Line),
                    Field::new("actual_end", "Actual end", "YYYY-MM-DD", Kind::Line),
                    Field::new(
                        "locations",
                        "Locations",
                        "one per line: the place | its country's two-letter code (AF) | a note",
                        Kind::Text { rows: 2 },
                    ),
                    Field::new(
                        "recipient_countries",
                        "Recipient countries",
                        "two-letter codes, separated by commas: AF",
                        Kind::Line,
                    ),
                ],
            },
            Section {
                legend: "Money and results",
                fields: vec![
                    Field::new(
                        "budgets",
                        "Budgets",
                        "one per line: original or revised | indicative or committed | from | to | the amount and its currency (150000.00 USD) | the value day",
                        Kind::Text { rows: 2 },
                    ),
                    Field::new(
                        "transactions",
                        "Transactions",
                        "one per line: incoming-funds, outgoing-commitment, disbursement, expenditure … | the day | the amount and its currency | the value day | provider | receiver (each as in participants) | the contribution's key it draws on | a description",
                        Kind::Text { rows: 3 },
                    ),
                    Field::new(
                        "results",
                        "Results and indicators",
                        "a result's line: its title | a description; then each of its indicators on a line beginning with -: title | unit, percentage, nominal, ordinal or qualitative (the measure) | what is counted (t, farmers) | baseline | target | actual, each value as 2025-12-31 = 15; a comment",
                        Kind::Text { rows: 8 },
                    ),
                ],
            },
            Section {
                legend: "Links",
                fields: vec![
                    Field::new(
                        "news",
                        "News items",
                        "slugs, separated by commas",
                        Kind::Line,
                    ),
                    Field::new(
                        "unconfirmed",
                        "Unconfirmed",
                        "the sources leave it uncertain",
                        Kind::Check,
                    ),
                ],
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    fn key(&self) -> Slug {
        self.id.clone()
    }

    fn parse_key(text: &str) -> Option<Slug> {
        Slug::parse(text).ok()
    }

    fn title(&self, _dir: &Directory) -> String {
        self.title.clone()
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        let opt_day = |d: Option<chrono::NaiveDate>| d.map(day_text).unwrap_or_default();
        put("id", self.id.to_string());
        put("title", self.title.clone());
        put("description", self.description.clone());
        put("proposed_by", self.proposed_by.to_string());
        put("participants", participant_lines(self));
        put("review", review_lines(self));
        put("planned_start", opt_day(self.planned_start));
        put("actual_start", opt_day(self.actual_start));
        put("planned_end", opt_day(self.planned_end));
        put("actual_end", opt_day(self.actual_end));
        put("locations", location_lines(self));
        put("recipient_countries", self.recipient_countries.join(", "));
        put("budgets", budget_lines(self));
        put("transactions", transaction_lines(self));
        put("results", result_lines(self));
        put("news", joined(&self.news));
        if self.provenance.unconfirmed {
            put("unconfirmed", "on".into());
        }
        put("sources", self.provenance.sources.join("\n"));
        put("note", self.provenance.note.clone().unwrap_or_default());
        v
    }

    fn read(
        f: &Form,
        key: Option<Slug>,
        stored: Option<&Self>,
        dir: &Directory,
    ) -> Result<Self, WebError> {
        let id = typed_key(f, key, "id", "afghanistan-wheat-2025")?;
        // A list whose field shows the stored list unchanged is kept as stored, whatever its
        // entries hold that a line cannot (a note with a line break, a title with a `|`).
        let same = |field: &str, shown: fn(&Project) -> String| {
            stored.is_some_and(|p| unchanged(f.v(field), &shown(p)))
        };
        let kept_lists = [
            ("participants", same("participants", participant_lines)),
            ("review", same("review", review_lines)),
            ("locations", same("locations", location_lines)),
            ("budgets", same("budgets", budget_lines)),
            ("transactions", same("transactions", transaction_lines)),
            ("results", same("results", result_lines)),
            (
                "sources",
                same("sources", |p| p.provenance.sources.join("\n")),
            ),
        ];
        let is_kept = |field: &str| kept_lists.iter().any(|(f, k)| *f == field && *k);
        // A list changed while it holds an entry a line cannot show is refused: reading its
        // lines anew would change that entry.
        if let Some(p) = stored {
            let first = |flags: Vec<bool>| flags.iter().position(|x| *x);
            let lossy = [
                (
                    "participants",
                    first(
                        p.participants
                            .iter()
                            .map(|x| party_lossy(&x.party))
                            .collect(),
                    ),
                ),
                (
                    "review",
                    first(p.review.iter().map(|x| opt_unlined(&x.note)).collect()),
                ),
                (
                    "locations",
                    first(
                        p.locations
                            .iter()
                            .map(|l| {
                                unlined(&l.name) || unlined(&l.country) || opt_unlined(&l.note)
                            })
                            .collect(),
                    ),
                ),
                (
                    "transactions",
                    first(
                        p.transactions
                            .iter()
                            .map(|t| {
                                opt_unlined(&t.description)
                                    || t.provider.as_ref().is_some_and(party_lossy)
                                    || t.receiver.as_ref().is_some_and(party_lossy)
                            })
                            .collect(),
                    ),
                ),
                (
                    "results",
                    first(p.results.iter().map(result_lossy).collect()),
                ),
                (
                    "sources",
                    first(
                        p.provenance
                            .sources
                            .iter()
                            .map(|x| x.contains(['\n', '\r']))
                            .collect(),
                    ),
                ),
            ];
            for (field, at) in lossy {
                if let (false, Some(at)) = (is_kept(field), at) {
                    return Err(ListProblem::<()>::Lost(at)
                        .refusals(field, |()| (field.to_owned(), String::new())));
                }
            }
        }
        let each = |field: &str, n: usize, build: &dyn Fn(&[String]) -> Value| -> Vec<Value> {
            if is_kept(field) {
                return Vec::new();
            }
            lines(f.v(field))
                .iter()
                .map(|l| build(&parts(l, n)))
                .collect()
        };
        let text = |p: &[String], i: usize| p.get(i).cloned().unwrap_or_default();
        let participants = each("participants", 2, &|p| {
            let party = match party_body(&text(p, 1)) {
                Value::Null => json!({"type": ""}),
                given => given,
            };
            json!({"role": text(p, 0), "party": party})
        });
        let review = each(
            "review",
            4,
            &|p| json!({"stage": text(p, 0), "day": part(p, 1), "decided_by": part(p, 2), "note": part(p, 3)}),
        );
        let locations = each(
            "locations",
            3,
            &|p| json!({"name": text(p, 0), "country": text(p, 1), "note": part(p, 2)}),
        );
        let budgets = each("budgets", 6, &|p| {
            json!({"kind": text(p, 0), "status": text(p, 1), "start": text(p, 2), "end": text(p, 3),
                   "value": money_body(&text(p, 4)), "value_date": text(p, 5)})
        });
        let transactions = each("transactions", 8, &|p| {
            json!({"kind": text(p, 0), "day": text(p, 1), "value": money_body(&text(p, 2)),
                   "value_date": text(p, 3), "provider": party_body(&text(p, 4)),
                   "receiver": party_body(&text(p, 5)), "contribution": part(p, 6),
                   "description": part(p, 7)})
        });
        let opt = |field: &str| typed(f, field).map_or(Value::Null, |t| json!(t.trim()));
        let body = json!({
            "title": f.v("title"),
            "description": f.v("description"),
            "proposed_by": f.v("proposed_by").trim().to_uppercase(),
            "participants": participants,
            "review": review,
            "planned_start": opt("planned_start"),
            "actual_start": opt("actual_start"),
            "planned_end": opt("planned_end"),
            "actual_end": opt("actual_end"),
            "locations": locations,
            "recipient_countries": typed_keys(f.v("recipient_countries")).iter().map(|c| c.to_uppercase()).collect::<Vec<_>>(),
            "budgets": budgets,
            "transactions": transactions,
            "results": if is_kept("results") { Vec::new() } else { result_bodies(f.v("results"))? },
            "news": typed_keys(f.v("news")),
            "unconfirmed": !f.v("unconfirmed").is_empty(),
            "note": typed(f, "note"),
            "sources": if is_kept("sources") { Vec::new() } else { lines(f.v("sources")) },
        });
        let b: ProjectBody = serde_json::from_value(body).map_err(|e| {
            WebError::Fields(vec![(
                "participants".into(),
                format!("a line could not be read ({e}); type each as its hint shows"),
            )])
        })?;
        let mut p = b.project(id, dir)?;
        if let Some(s) = stored {
            for (field, keep) in kept_lists {
                if !keep {
                    continue;
                }
                match field {
                    "participants" => p.participants = s.participants.clone(),
                    "review" => p.review = s.review.clone(),
                    "locations" => p.locations = s.locations.clone(),
                    "budgets" => p.budgets = s.budgets.clone(),
                    "transactions" => p.transactions = s.transactions.clone(),
                    "results" => p.results = s.results.clone(),
                    _ => p.provenance.sources = s.provenance.sources.clone(),
                }
            }
        }
        Ok(p)
    }

    fn entry_label(field: &str) -> Option<String> {
        crate::record_forms::entry_of(field, "entry")
    }

    async fn stored(app: &AppState, key: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().fund_project(key).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Slug,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_fund_project(actor, record, expect).await
    }

    fn lede(&self) -> String {
        "A project is public once approved; saving changes its page and the IATI file at once."
            .to_owned()
    }
}
