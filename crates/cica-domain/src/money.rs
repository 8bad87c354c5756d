//! Money, exactly: amounts in integer minor units of a named currency, never floats; totals
//! kept per currency; a conversion only with a stated rate and day.
//!
//! Contributions to the Secretariat's budget and to the CICA Fund move through three stages,
//! pledged, committed and received, each a dated movement. What a reader sees of an amount
//! depends on whether the contributor made it public: a total that would include an amount the
//! reader may not see is shown as undisclosed, never as the sum of the rest.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;

use crate::{PartialDate, Provenance, Slug, StateCode};

/// Why an amount, a currency or a rate was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("`{0}` is not a currency this register knows (an ISO 4217 code such as USD or KZT)")]
    UnknownCurrency(String),
    #[error(
        "`{0}` is not an amount: write digits with at most one decimal point, such as 12500.00"
    )]
    NotAnAmount(String),
    #[error("`{text}` has more decimals than {currency} has ({places})")]
    TooManyDecimals {
        text: String,
        currency: Currency,
        places: u8,
    },
    #[error("`{0}` is too large an amount")]
    TooLarge(String),
    #[error("`{0}` is not a rate: write a positive decimal such as 471.25")]
    NotARate(String),
    #[error("cannot add {0} to {1}: totals are kept per currency")]
    MixedCurrencies(Currency, Currency),
    #[error("the rate converts {expected}, not {given}")]
    WrongCurrency { expected: Currency, given: Currency },
}

/// The currencies of CICA's Member and Observer States and the common reserve currencies, with
/// the number of decimals ISO 4217 gives each.
const CURRENCIES: &[(&str, u8, &str)] = &[
    ("AED", 2, "UAE dirham"),
    ("AFN", 2, "Afghani"),
    ("AZN", 2, "Azerbaijan manat"),
    ("BDT", 2, "Taka"),
    ("BHD", 3, "Bahraini dinar"),
    ("BYN", 2, "Belarusian ruble"),
    ("CHF", 2, "Swiss franc"),
    ("CNY", 2, "Yuan renminbi"),
    ("EGP", 2, "Egyptian pound"),
    ("EUR", 2, "Euro"),
    ("GBP", 2, "Pound sterling"),
    ("IDR", 2, "Rupiah"),
    ("ILS", 2, "New Israeli sheqel"),
    ("INR", 2, "Indian rupee"),
    ("IQD", 3, "Iraqi dinar"),
    ("IRR", 2, "Iranian rial"),
    ("JOD", 3, "Jordanian dinar"),
    ("JPY", 0, "Yen"),
    ("KGS", 2, "Som"),
    ("KHR", 2, "Riel"),
    ("KRW", 0, "Won"),
    ("KWD", 3, "Kuwaiti dinar"),
    ("KZT", 2, "Tenge"),
    ("LAK", 2, "Lao kip"),
    ("LKR", 2, "Sri Lanka rupee"),
    ("MNT", 2, "Tugrik"),
    ("MYR", 2, "Malaysian ringgit"),
    ("PHP", 2, "Philippine peso"),
    ("PKR", 2, "Pakistan rupee"),
    ("QAR", 2, "Qatari rial"),
    ("RUB", 2, "Russian ruble"),
    ("SAR", 2, "Saudi riyal"),
    ("THB", 2, "Baht"),
    ("TJS", 2, "Somoni"),
    ("TRY", 2, "Turkish lira"),
    ("USD", 2, "US dollar"),
    ("UZS", 2, "Uzbekistan sum"),
    ("VND", 0, "Dong"),
];

/// A currency by its ISO 4217 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(&'static str);

impl Currency {
    pub const USD: Currency = Currency("USD");

    pub fn parse(text: &str) -> Result<Self, MoneyError> {
        let code = text.trim();
        CURRENCIES
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(c, _, _)| Currency(c))
            .ok_or_else(|| MoneyError::UnknownCurrency(text.to_owned()))
    }

    pub fn code(self) -> &'static str {
        self.0
    }

    /// How many decimals its minor unit has: 2 for USD, 3 for KWD, 0 for JPY.
    pub fn places(self) -> u8 {
        CURRENCIES
            .iter()
            .find(|(c, _, _)| *c == self.0)
            .map_or(2, |(_, p, _)| *p)
    }

    pub fn name(self) -> &'static str {
        CURRENCIES
            .iter()
            .find(|(c, _, _)| *c == self.0)
            .map_or(self.0, |(_, _, n)| n)
    }

    /// Every currency the register accepts.
    pub fn all() -> impl Iterator<Item = Currency> {
        CURRENCIES.iter().map(|(c, _, _)| Currency(c))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The largest amount the register holds: a thousand trillion minor units, far beyond any
/// budget, so that sums of many amounts stay exact in 64 bits.
const MAX_MINOR: i64 = 1_000_000_000_000_000;

/// An exact amount of a currency, in its minor units (cents for USD, fils for KWD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// The amount `minor` minor units of `currency`; refused beyond the register's range.
    pub fn from_minor(minor: i64, currency: Currency) -> Result<Self, MoneyError> {
        if minor.unsigned_abs() > MAX_MINOR as u64 {
            return Err(MoneyError::TooLarge(minor.to_string()));
        }
        Ok(Self { minor, currency })
    }

    /// Reads a decimal amount as written on the wire and in files: `12500`, `12500.5`,
    /// `12500.00`, `-3.25`; no signs but a leading minus, no grouping, no exponent, and no more
    /// decimals than the currency has.
    pub fn parse(text: &str, currency: Currency) -> Result<Self, MoneyError> {
        let t = text.trim();
        let (negative, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (digits, None),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !all_digits(whole)
            || fraction.is_some_and(|f| f.is_empty() || !all_digits(f))
        {
            return Err(MoneyError::NotAnAmount(text.to_owned()));
        }
        let places = currency.places();
        let fraction = fraction.unwrap_or("");
        if fraction.len() > usize::from(places) {
            return Err(MoneyError::TooManyDecimals {
                text: text.to_owned(),
                currency,
                places,
            });
        }
        let whole = whole.trim_start_matches('0');
        if whole.len() > 18 {
            return Err(MoneyError::TooLarge(text.to_owned()));
        }
        let mut minor: i128 = if whole.is_empty() {
            0
        } else {
            whole
                .parse::<i128>()
                .map_err(|_| MoneyError::NotAnAmount(text.to_owned()))?
        };
        for i in 0..places {
            let digit = fraction
                .as_bytes()
                .get(usize::from(i))
                .map_or(0, |b| i128::from(b - b'0'));
            minor = minor * 10 + digit;
        }
        if minor > i128::from(MAX_MINOR) {
            return Err(MoneyError::TooLarge(text.to_owned()));
        }
        let minor = i64::try_from(minor).map_err(|_| MoneyError::TooLarge(text.to_owned()))?;
        Ok(Self {
            minor: if negative { -minor } else { minor },
            currency,
        })
    }

    pub fn zero(currency: Currency) -> Self {
        Self { minor: 0, currency }
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    pub fn is_positive(self) -> bool {
        self.minor > 0
    }

    /// The sum of two amounts of one currency; refused across currencies or beyond the range.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::MixedCurrencies(other.currency, self.currency));
        }
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or_else(|| MoneyError::TooLarge(format!("{self} + {other}")))?;
        Money::from_minor(minor, self.currency)
    }

    /// The amount as the wire and files write it: every decimal of the currency, no grouping
    /// (`12500.00`, `0.250` for KWD, `300` for JPY).
    pub fn amount_text(self) -> String {
        self.decimal(false)
    }

    /// The amount for people: grouped thousands and the code (`USD 12,500.00`).
    pub fn human(self) -> String {
        format!("{} {}", self.currency, self.decimal(true))
    }

    fn decimal(self, grouped: bool) -> String {
        let places = u32::from(self.currency.places());
        let scale = 10u64.pow(places);
        let abs = self.minor.unsigned_abs();
        let whole = (abs / scale).to_string();
        let whole = if grouped {
            let mut out = String::new();
            for (i, c) in whole.chars().enumerate() {
                if i > 0 && (whole.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
            }
            out
        } else {
            whole
        };
        let sign = if self.minor < 0 { "-" } else { "" };
        if places == 0 {
            format!("{sign}{whole}")
        } else {
            format!(
                "{sign}{whole}.{:0width$}",
                abs % scale,
                width = places as usize
            )
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount_text(), self.currency)
    }
}

/// A positive exchange rate written as a decimal: how many units of one currency one unit of
/// another buys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// The digits without the point.
    units: i128,
    /// How many of them follow the point.
    scale: u32,
}

impl Rate {
    pub fn parse(text: &str) -> Result<Self, MoneyError> {
        let t = text.trim();
        let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
        let ok = !whole.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && fraction.bytes().all(|b| b.is_ascii_digit())
            && whole.len() + fraction.len() <= 24
            && fraction.len() <= 12
            && (fraction.is_empty() != t.contains('.'));
        if !ok {
            return Err(MoneyError::NotARate(text.to_owned()));
        }
        let units: i128 = format!("{whole}{fraction}")
            .parse()
            .map_err(|_| MoneyError::NotARate(text.to_owned()))?;
        if units == 0 {
            return Err(MoneyError::NotARate(text.to_owned()));
        }
        Ok(Self {
            units,
            scale: fraction.len() as u32,
        })
    }

    pub fn text(self) -> String {
        let s = self.units.to_string();
        if self.scale == 0 {
            return s;
        }
        let scale = self.scale as usize;
        let padded = format!("{s:0>width$}", width = scale + 1);
        let (w, f) = padded.split_at(padded.len() - scale);
        format!("{w}.{f}")
    }
}

/// A conversion the reader is told about: the rate, the day it held and where it comes from.
/// Amounts are never converted without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    pub from: Currency,
    pub to: Currency,
    /// Units of `to` that one unit of `from` buys.
    pub rate: Rate,
    pub day: NaiveDate,
    pub source: String,
}

impl Conversion {
    /// `amount` in the target currency, rounded to its minor unit half to even (so that
    /// rounding does not drift one way over many conversions).
    pub fn apply(&self, amount: Money) -> Result<Money, MoneyError> {
        if amount.currency != self.from {
            return Err(MoneyError::WrongCurrency {
                expected: self.from,
                given: amount.currency,
            });
        }
        // target minor = amount minor × rate × 10^to / 10^from, exactly as a fraction.
        let numerator = i128::from(amount.minor)
            .checked_mul(self.rate.units)
            .and_then(|n| n.checked_mul(10i128.pow(u32::from(self.to.places()))))
            .ok_or_else(|| MoneyError::TooLarge(amount.to_string()))?;
        let denominator = 10i128.pow(self.rate.scale) * 10i128.pow(u32::from(self.from.places()));
        let quotient = numerator.div_euclid(denominator);
        let remainder = numerator.rem_euclid(denominator);
        let rounded = match (2 * remainder).cmp(&denominator) {
            std::cmp::Ordering::Less => quotient,
            std::cmp::Ordering::Greater => quotient + 1,
            std::cmp::Ordering::Equal => quotient + (quotient & 1),
        };
        let minor = i64::try_from(rounded).map_err(|_| MoneyError::TooLarge(amount.to_string()))?;
        Money::from_minor(minor, self.to)
    }
}

keyword_enum!(
    /// Where a contribution goes.
    Recipient {
        Budget = "secretariat-budget",
        Fund = "cica-fund",
    }
);

impl Recipient {
    pub fn label(self) -> &'static str {
        match self {
            Self::Budget => "Secretariat budget",
            Self::Fund => "CICA Fund",
        }
    }
}

keyword_enum!(
    /// What kind of contribution it is.
    ContributionKind {
        Assessed = "assessed",
        Voluntary = "voluntary",
        /// Voluntary, tied by the contributor to one Fund project.
        Earmarked = "earmarked",
        /// Not money: staff, premises, works, objects.
        InKind = "in-kind",
    }
);

impl ContributionKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Assessed => "Assessed",
            Self::Voluntary => "Voluntary",
            Self::Earmarked => "Earmarked",
            Self::InKind => "In kind",
        }
    }
}

keyword_enum!(
    /// What an in-kind contribution gives.
    InKindForm {
        Secondment = "secondment",
        Premises = "premises",
        Works = "works",
        Art = "art",
        Services = "services",
        Goods = "goods",
    }
);

impl InKindForm {
    pub fn label(self) -> &'static str {
        match self {
            Self::Secondment => "Seconded staff",
            Self::Premises => "Premises",
            Self::Works => "Works",
            Self::Art => "Works of art",
            Self::Services => "Services",
            Self::Goods => "Goods",
        }
    }
}

keyword_enum!(
    /// What kind of contributor a name stands for, when it is not in a register.
    ContributorKind {
        Agency = "agency",
        Organization = "organization",
        Company = "company",
        Person = "person",
        Other = "other",
    }
);

/// Who contributes: any state, a registered organization or person, or anyone else by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contributor {
    State(StateCode),
    Organization(Slug),
    Person(Slug),
    Named { name: String, kind: ContributorKind },
}

keyword_enum!(
    /// A contribution's stage. Each is a different fact: a pledge is announced, a commitment is
    /// agreed in writing, a receipt is money (or the thing) in hand.
    Stage {
        Pledged = "pledged",
        Committed = "committed",
        Received = "received",
    }
);

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Self::Pledged => "Pledged",
            Self::Committed => "Committed",
            Self::Received => "Received",
        }
    }
}

keyword_enum!(
    /// Who may see a contribution's amounts: everyone, or the Secretariat only (the contributor
    /// has not made them public).
    AmountVisibility {
        Public = "public",
        Secretariat = "secretariat",
    }
);

/// One dated step of a contribution: a pledge, a commitment or a receipt (receipts may come in
/// several instalments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub stage: Stage,
    /// The value day, as exactly as the record knows it.
    pub day: PartialDate,
    /// None when the record holds no amount (not reported to the Secretariat, or in kind
    /// without a value).
    pub amount: Option<Money>,
    /// The letter, note verbale or receipt it rests on.
    pub document: Option<String>,
    pub note: Option<String>,
}

/// A contribution to the Secretariat's budget or to the CICA Fund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub id: Slug,
    pub contributor: Contributor,
    pub recipient: Recipient,
    pub kind: ContributionKind,
    /// What an in-kind contribution gives; none for money.
    pub in_kind: Option<InKindForm>,
    /// The Fund project it is earmarked or allocated to.
    pub project: Option<Slug>,
    pub title: String,
    pub description: String,
    pub visibility: AmountVisibility,
    /// In the order they happened; never empty.
    pub movements: Vec<Movement>,
    /// Why more was received than committed, when it was: the excess is recorded, not silent.
    pub excess_note: Option<String>,
    pub news: Vec<Slug>,
    pub provenance: Provenance,
}

impl Contribution {
    /// The stage it has reached on `day` (its last movement by then), if any.
    pub fn stage_on(&self, day: NaiveDate) -> Option<Stage> {
        self.movements
            .iter()
            .filter(|m| m.day.first_day() <= day)
            .map(|m| m.stage)
            .max()
    }

    /// The stage it has reached.
    pub fn stage(&self) -> Option<Stage> {
        self.movements.iter().map(|m| m.stage).max()
    }

    /// The day it was first recorded (its first movement).
    pub fn first_day(&self) -> Option<NaiveDate> {
        self.movements.iter().map(|m| m.day.first_day()).min()
    }

    /// The currency its amounts are in, if it records any.
    pub fn currency(&self) -> Option<Currency> {
        self.movements
            .iter()
            .find_map(|m| m.amount.map(|a| a.currency()))
    }

    /// What it promises: the amount of its last commitment, else of its last pledge.
    pub fn promised(&self) -> Option<Money> {
        let last = |stage| {
            self.movements
                .iter()
                .rev()
                .find(|m| m.stage == stage)
                .and_then(|m| m.amount)
        };
        last(Stage::Committed).or_else(|| last(Stage::Pledged))
    }

    /// The receipts, summed; None when a receipt has no amount or there are none.
    pub fn received(&self) -> Option<Money> {
        let receipts: Vec<_> = self
            .movements
            .iter()
            .filter(|m| m.stage == Stage::Received)
            .collect();
        if receipts.is_empty() {
            return None;
        }
        let mut total: Option<Money> = None;
        for m in receipts {
            let amount = m.amount?;
            total = Some(match total {
                None => amount,
                Some(t) => t.checked_add(amount).ok()?,
            });
        }
        total
    }

    /// What is wrong with it, each with the field it concerns.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut problem = |field: &str, text: String| out.push((field.to_owned(), text));
        if self.title.trim().is_empty() {
            problem("title", "say what the contribution is".into());
        }
        if let Contributor::Named { name, .. } = &self.contributor
            && name.trim().is_empty()
        {
            problem("contributor", "name the contributor".into());
        }
        match (self.kind, self.in_kind) {
            (ContributionKind::InKind, None) => problem(
                "in_kind",
                format!(
                    "say what an in-kind contribution gives ({})",
                    InKindForm::expected()
                ),
            ),
            (kind, Some(_)) if kind != ContributionKind::InKind => problem(
                "in_kind",
                format!("a {} contribution is money, not in kind", kind.as_str()),
            ),
            _ => {}
        }
        if self.kind == ContributionKind::Earmarked {
            if self.recipient != Recipient::Fund {
                problem(
                    "recipient",
                    "only contributions to the CICA Fund are earmarked to a project".into(),
                );
            }
            if self.project.is_none() {
                problem("project", "name the project it is earmarked to".into());
            }
        }
        if self.project.is_some() && self.recipient != Recipient::Fund {
            problem(
                "project",
                "only contributions to the CICA Fund go to a Fund project".into(),
            );
        }
        if self.kind == ContributionKind::Assessed
            && !matches!(self.contributor, Contributor::State(_))
        {
            problem(
                "kind",
                "only states are assessed; call another contributor's contribution voluntary"
                    .into(),
            );
        }
        if self.movements.is_empty() {
            problem(
                "movements",
                "record at least one pledge, commitment or receipt".into(),
            );
        }
        let mut currency: Option<Currency> = None;
        for (i, m) in self.movements.iter().enumerate() {
            let field = format!("movements[{i}]");
            if let Some(prev) = i.checked_sub(1).and_then(|p| self.movements.get(p)) {
                if m.stage < prev.stage {
                    problem(
                        &format!("{field}.stage"),
                        format!(
                            "a contribution moves from pledged to committed to received; {} cannot follow {}",
                            m.stage, prev.stage
                        ),
                    );
                } else if m.stage == prev.stage && m.stage != Stage::Received {
                    problem(
                        &format!("{field}.stage"),
                        format!(
                            "it is {} once; a changed {} replaces the old one in the same movement",
                            m.stage, m.stage
                        ),
                    );
                }
                if m.day.first_day() < prev.day.first_day() {
                    problem(
                        &format!("{field}.day"),
                        format!(
                            "{} comes before the movement it follows ({})",
                            m.day.iso(),
                            prev.day.iso()
                        ),
                    );
                }
            }
            if let Some(amount) = m.amount {
                if !amount.is_positive() {
                    problem(
                        &format!("{field}.amount"),
                        "an amount contributed is more than zero".into(),
                    );
                }
                match currency {
                    None => currency = Some(amount.currency()),
                    Some(c) if c != amount.currency() => problem(
                        &format!("{field}.amount"),
                        format!(
                            "every amount of one contribution is in one currency ({c}); record a contribution in {} apart",
                            amount.currency()
                        ),
                    ),
                    Some(_) => {}
                }
            }
        }
        if currency.is_some()
            && let Some(overrun) = self.overrun()
            && self
                .excess_note
                .as_deref()
                .is_none_or(|n| n.trim().is_empty())
        {
            problem(
                "excess_note",
                format!(
                    "{} received beyond the {} promised; say why in excess_note",
                    overrun.human(),
                    self.promised().map_or_else(String::new, Money::human)
                ),
            );
        }
        out
    }

    /// How much more was received than promised (the last commitment, else the last pledge),
    /// if anything: the receipts that record an amount are summed, so one without an amount
    /// does not hide the others.
    pub fn overrun(&self) -> Option<Money> {
        let promised = self.promised()?;
        let mut received: i128 = 0;
        for m in self.movements.iter().filter(|m| m.stage == Stage::Received) {
            match m.amount {
                Some(a) if a.currency() == promised.currency() => {
                    received += i128::from(a.minor());
                }
                _ => {}
            }
        }
        let excess = received - i128::from(promised.minor());
        if excess <= 0 {
            return None;
        }
        let excess = i64::try_from(excess).ok()?;
        Money::from_minor(excess, promised.currency()).ok()
    }
}

keyword_enum!(
    /// What kind of account of the Secretariat's money a report gives.
    ReportKind {
        /// The Secretary General's financial report on a year.
        FinancialReport = "financial-report",
        /// An external auditor's report on a period.
        ExternalAudit = "external-audit",
    }
);

impl ReportKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::FinancialReport => "Financial report",
            Self::ExternalAudit => "External audit",
        }
    }
}

/// A financial report or an external audit of the Secretariat's accounts for a period, with
/// the document that holds it and the decision that received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinancialReport {
    pub id: Slug,
    pub kind: ReportKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Who audited, for an audit, when the record knows.
    pub auditor: Option<String>,
    pub document: Option<Slug>,
    /// The decision by which an organ received it (took note of it, approved it).
    pub decision: Option<Slug>,
    pub provenance: Provenance,
}

impl FinancialReport {
    /// Whether the period it covers shares a day with `year`.
    pub fn covers_year(&self, year: i32) -> bool {
        chrono::Datelike::year(&self.from) <= year && year <= chrono::Datelike::year(&self.to)
    }

    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.to < self.from {
            out.push((
                "to".to_owned(),
                format!("{} comes before the start ({})", self.to, self.from),
            ));
        }
        out
    }
}

/// What a reader is shown for one amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Amount(Money),
    /// There is an amount the reader may not see.
    Undisclosed,
    /// The record holds no amount.
    NotRecorded,
}

/// Whether `actor` sees every amount, those the contributors have not made public too: the
/// Secretariat only.
pub fn sees_all_amounts(actor: &crate::access::Actor) -> bool {
    actor.is_secretariat()
}

impl Shown {
    /// For people: "USD 12,500.00", "undisclosed", "not recorded".
    pub fn human(self) -> String {
        match self {
            Self::Amount(m) => m.human(),
            Self::Undisclosed => "undisclosed".into(),
            Self::NotRecorded => "not recorded".into(),
        }
    }
}

/// What a reader sees of one contribution's amount: undisclosed unless they may see it.
pub fn shown(amount: Option<Money>, visibility: AmountVisibility, sees_all: bool) -> Shown {
    if visibility == AmountVisibility::Secretariat && !sees_all {
        return Shown::Undisclosed;
    }
    amount.map_or(Shown::NotRecorded, Shown::Amount)
}

/// A sum of several contributions' amounts, as one reader may see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Total {
    /// Exact sums, one per currency, in currency order.
    pub sums: BTreeMap<Currency, i128>,
    /// Some amount in it is hidden from the reader: the total is then shown as undisclosed,
    /// never as the sum of the rest.
    pub undisclosed: bool,
    /// How many amounts the record does not hold (counted, not guessed).
    pub not_recorded: usize,
}

impl Total {
    /// Adds one amount as the reader sees it.
    pub fn add(&mut self, shown: Shown) {
        match shown {
            Shown::Amount(m) => {
                *self.sums.entry(m.currency()).or_insert(0) += i128::from(m.minor());
            }
            Shown::Undisclosed => self.undisclosed = true,
            Shown::NotRecorded => self.not_recorded += 1,
        }
    }

    /// The sums to show, or none when the total is undisclosed to this reader.
    pub fn amounts(&self) -> Option<Vec<Money>> {
        if self.undisclosed {
            return None;
        }
        Some(
            self.sums
                .iter()
                .map(|(c, m)| Money {
                    // A sum of amounts of at most 10^15 each fits 64 bits for any
                    // register smaller than nine thousand records of the largest amount.
                    minor: i64::try_from(*m).unwrap_or(i64::MAX),
                    currency: *c,
                })
                .collect(),
        )
    }

    /// For people: "USD 12,500.00 + KWD 1,000.000", "undisclosed", "none", with the count of
    /// amounts not recorded.
    pub fn human(&self) -> String {
        let Some(amounts) = self.amounts() else {
            return "undisclosed".into();
        };
        let mut text = if amounts.is_empty() {
            if self.not_recorded > 0 {
                String::new()
            } else {
                "none".into()
            }
        } else {
            amounts
                .iter()
                .map(|m| m.human())
                .collect::<Vec<_>>()
                .join(" + ")
        };
        if self.not_recorded > 0 {
            if !text.is_empty() {
                text.push_str(", and ");
            }
            text.push_str(&format!(
                "{} amount{} not recorded",
                self.not_recorded,
                if self.not_recorded == 1 { "" } else { "s" }
            ));
        }
        text
    }
}

/// One contributor's line of a year's statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine<'a> {
    pub contribution: &'a Contribution,
    /// The stage reached by the end of the year.
    pub stage: Stage,
    /// Pledged or committed during the year.
    pub promised: Option<Shown>,
    /// Received during the year.
    pub received: Option<Shown>,
}

/// A year's statement of one recipient: every contribution that moved that year, with the
/// totals per stage as the reader may see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<'a> {
    pub year: i32,
    pub recipient: Recipient,
    pub lines: Vec<StatementLine<'a>>,
    /// Pledged or committed during the year (the last promise of each contribution).
    pub promised: Total,
    pub received: Total,
    /// In-kind contributions among the lines (their value, if any, is in the totals).
    pub in_kind: usize,
}

impl<'a> Statement<'a> {
    pub fn of(
        year: i32,
        recipient: Recipient,
        contributions: &'a [Contribution],
        sees_all: bool,
    ) -> Self {
        let in_year = |m: &Movement| {
            let d = m.day.first_day();
            chrono::Datelike::year(&d) == year
        };
        let mut lines = Vec::new();
        let mut promised_total = Total::default();
        let mut received_total = Total::default();
        let mut in_kind = 0;
        for c in contributions.iter().filter(|c| c.recipient == recipient) {
            let moved: Vec<&Movement> = c.movements.iter().filter(|m| in_year(m)).collect();
            if moved.is_empty() {
                continue;
            }
            let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
            let Some(stage) = c.stage_on(end) else {
                continue;
            };
            if c.kind == ContributionKind::InKind {
                in_kind += 1;
            }
            let promise = moved
                .iter()
                .rev()
                .find(|m| m.stage != Stage::Received)
                .map(|m| shown(m.amount, c.visibility, sees_all));
            let receipts: Vec<_> = moved
                .iter()
                .filter(|m| m.stage == Stage::Received)
                .collect();
            let received = if receipts.is_empty() {
                None
            } else {
                let mut t = Total::default();
                for m in &receipts {
                    t.add(shown(m.amount, c.visibility, sees_all));
                }
                Some(one_shown(&t))
            };
            if let Some(p) = promise {
                promised_total.add(p);
            }
            if let Some(r) = received {
                received_total.add(r);
            }
            lines.push(StatementLine {
                contribution: c,
                stage,
                promised: promise,
                received,
            });
        }
        Self {
            year,
            recipient,
            lines,
            promised: promised_total,
            received: received_total,
            in_kind,
        }
    }
}

/// Several instalments of one contribution as one amount to show.
fn one_shown(t: &Total) -> Shown {
    if t.undisclosed {
        return Shown::Undisclosed;
    }
    if t.not_recorded > 0 {
        return Shown::NotRecorded;
    }
    match t.amounts().as_deref() {
        Some([one]) => Shown::Amount(*one),
        _ => Shown::NotRecorded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd(text: &str) -> Money {
        Money::parse(text, Currency::USD).expect("valid in the test")
    }

    fn kwd() -> Currency {
        Currency::parse("KWD").expect("valid in the test")
    }

    fn day(text: &str) -> PartialDate {
        PartialDate::parse(text).expect("valid in the test")
    }

    fn movement(stage: Stage, d: &str, amount: Option<Money>) -> Movement {
        Movement {
            stage,
            day: day(d),
            amount,
            document: None,
            note: None,
        }
    }

    fn contribution(movements: Vec<Movement>) -> Contribution {
        Contribution {
            id: Slug::parse("test").expect("valid in the test"),
            contributor: Contributor::State(StateCode::parse("KWT").expect("valid in the test")),
            recipient: Recipient::Budget,
            kind: ContributionKind::Voluntary,
            in_kind: None,
            project: None,
            title: "A voluntary contribution".into(),
            description: String::new(),
            visibility: AmountVisibility::Public,
            movements,
            excess_note: None,
            news: vec![],
            provenance: Provenance::default(),
        }
    }

    #[test]
    fn amounts_are_read_exactly_to_the_currencys_minor_unit() {
        let cases: &[(&str, &str, Result<i64, &str>)] = &[
            ("12500.00", "USD", Ok(1_250_000)),
            ("12500", "USD", Ok(1_250_000)),
            ("12500.5", "USD", Ok(1_250_050)),
            ("0.01", "USD", Ok(1)),
            ("-3.25", "USD", Ok(-325)),
            ("1.250", "KWD", Ok(1250)),
            ("300", "JPY", Ok(300)),
            ("12500.001", "USD", Err("more decimals")),
            ("300.5", "JPY", Err("more decimals")),
            ("1,000.00", "USD", Err("not an amount")),
            ("1e5", "USD", Err("not an amount")),
            ("", "USD", Err("not an amount")),
            (".5", "USD", Err("not an amount")),
            ("5.", "USD", Err("not an amount")),
            ("+5", "USD", Err("not an amount")),
            ("NaN", "USD", Err("not an amount")),
            ("99999999999999999999", "USD", Err("too large")),
        ];
        for (text, code, want) in cases {
            let got = Money::parse(text, Currency::parse(code).expect("valid in the test"));
            match (got, want) {
                (Ok(m), Ok(minor)) => assert_eq!(m.minor(), *minor, "{text} {code}"),
                (Err(e), Err(fragment)) => assert!(
                    e.to_string().contains(fragment),
                    "{text}: {e} lacks {fragment}"
                ),
                (got, want) => panic!("{text} {code}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn amounts_are_written_with_every_decimal_of_their_currency() {
        assert_eq!(usd("12500").amount_text(), "12500.00");
        assert_eq!(usd("12500").human(), "USD 12,500.00");
        assert_eq!(usd("1234567.5").human(), "USD 1,234,567.50");
        assert_eq!(
            Money::parse("0.25", kwd())
                .expect("valid in the test")
                .amount_text(),
            "0.250"
        );
        assert_eq!(usd("-0.05").amount_text(), "-0.05");
        let jpy = Currency::parse("JPY").expect("valid in the test");
        assert_eq!(
            Money::parse("300", jpy).expect("valid in the test").human(),
            "JPY 300"
        );
    }

    #[test]
    fn an_unknown_currency_is_refused_by_name() {
        assert!(Currency::parse("XYZ").is_err());
        assert!(Currency::parse("usd").is_err());
        assert_eq!(
            Currency::parse("KZT").expect("valid in the test").places(),
            2
        );
        assert_eq!(kwd().places(), 3);
    }

    #[test]
    fn amounts_of_different_currencies_are_never_added() {
        let k = Money::parse("1", kwd()).expect("valid in the test");
        assert_eq!(
            usd("1").checked_add(k),
            Err(MoneyError::MixedCurrencies(kwd(), Currency::USD))
        );
    }

    #[test]
    fn a_conversion_needs_its_own_currency_and_rounds_half_to_even() {
        let kzt = Currency::parse("KZT").expect("valid in the test");
        let c = Conversion {
            from: Currency::USD,
            to: kzt,
            rate: Rate::parse("500.005").expect("valid in the test"),
            day: NaiveDate::from_ymd_opt(2025, 3, 1).expect("valid in the test"),
            source: "National Bank of Kazakhstan".into(),
        };
        // 1.00 USD × 500.005 = 500.005 KZT → 500.00 (half to even)
        assert_eq!(
            c.apply(usd("1")).expect("valid in the test").amount_text(),
            "500.00"
        );
        // 3.00 USD × 500.005 = 1500.015 → 1500.02 (half to even: 1 is odd)
        assert_eq!(
            c.apply(usd("3")).expect("valid in the test").amount_text(),
            "1500.02"
        );
        assert!(matches!(
            c.apply(Money::parse("1", kwd()).expect("valid in the test")),
            Err(MoneyError::WrongCurrency { .. })
        ));
        assert_eq!(
            Rate::parse("0.0025").expect("valid in the test").text(),
            "0.0025"
        );
        for bad in ["0", "-1", "1e3", "", ".", "1.", "abc"] {
            assert!(Rate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_contribution_moves_forward_from_pledge_to_receipt() {
        let ok = contribution(vec![
            movement(Stage::Pledged, "2025-01", Some(usd("100"))),
            movement(Stage::Committed, "2025-02-01", Some(usd("100"))),
            movement(Stage::Received, "2025-02-10", Some(usd("60"))),
            movement(Stage::Received, "2025-03-10", Some(usd("40"))),
        ]);
        assert!(ok.problems().is_empty(), "{:?}", ok.problems());
        assert_eq!(ok.received(), Some(usd("100")));
        assert_eq!(ok.stage(), Some(Stage::Received));
        assert_eq!(
            ok.stage_on(NaiveDate::from_ymd_opt(2025, 2, 5).expect("valid in the test")),
            Some(Stage::Committed)
        );

        let backwards = contribution(vec![
            movement(Stage::Committed, "2025-02-01", Some(usd("100"))),
            movement(Stage::Pledged, "2025-02-02", Some(usd("100"))),
        ]);
        assert!(
            backwards
                .problems()
                .iter()
                .any(|(f, t)| f == "movements[1].stage" && t.contains("cannot follow"))
        );
        let out_of_order = contribution(vec![
            movement(Stage::Pledged, "2025-02-01", None),
            movement(Stage::Received, "2025-01-02", None),
        ]);
        assert!(
            out_of_order
                .problems()
                .iter()
                .any(|(f, _)| f == "movements[1].day")
        );
        let mixed = contribution(vec![
            movement(Stage::Committed, "2025-02-01", Some(usd("100"))),
            movement(
                Stage::Received,
                "2025-02-02",
                Some(Money::parse("30", kwd()).expect("valid in the test")),
            ),
        ]);
        assert!(
            mixed
                .problems()
                .iter()
                .any(|(_, t)| t.contains("one currency"))
        );
        assert!(!contribution(vec![]).problems().is_empty());
    }

    #[test]
    fn receiving_more_than_was_committed_must_be_recorded_as_such() {
        let mut over = contribution(vec![
            movement(Stage::Committed, "2025-02-01", Some(usd("100"))),
            movement(Stage::Received, "2025-02-10", Some(usd("120"))),
        ]);
        let problems = over.problems();
        assert!(
            problems
                .iter()
                .any(|(f, t)| f == "excess_note" && t.contains("USD 20.00")),
            "{problems:?}"
        );
        over.excess_note = Some("the contributor added a grant for translation".into());
        assert!(over.problems().is_empty());
    }

    #[test]
    fn in_kind_earmarked_and_assessed_contributions_keep_their_own_rules() {
        let mut c = contribution(vec![movement(Stage::Received, "2025", None)]);
        c.kind = ContributionKind::InKind;
        assert!(c.problems().iter().any(|(f, _)| f == "in_kind"));
        c.in_kind = Some(InKindForm::Premises);
        assert!(c.problems().is_empty());

        c.kind = ContributionKind::Earmarked;
        c.in_kind = None;
        let fields: Vec<_> = c.problems().into_iter().map(|(f, _)| f).collect();
        assert!(fields.contains(&"recipient".to_owned()) && fields.contains(&"project".to_owned()));
        c.recipient = Recipient::Fund;
        c.project = Some(Slug::parse("afghanistan-wheat").expect("valid in the test"));
        assert!(c.problems().is_empty());

        c.kind = ContributionKind::Assessed;
        c.contributor = Contributor::Named {
            name: "A foundation".into(),
            kind: ContributorKind::Organization,
        };
        assert!(c.problems().iter().any(|(f, _)| f == "kind"));
    }

    #[test]
    fn a_total_hiding_an_amount_is_undisclosed_never_a_partial_sum() {
        let mut public = contribution(vec![movement(
            Stage::Received,
            "2025-01-23",
            Some(usd("100")),
        )]);
        public.id = Slug::parse("a").expect("valid in the test");
        let mut private = contribution(vec![movement(
            Stage::Received,
            "2025-03-14",
            Some(usd("50")),
        )]);
        private.id = Slug::parse("b").expect("valid in the test");
        private.visibility = AmountVisibility::Secretariat;
        let all = vec![public, private];

        let for_public = Statement::of(2025, Recipient::Budget, &all, false);
        assert_eq!(for_public.received.human(), "undisclosed");
        assert_eq!(for_public.received.amounts(), None);
        assert_eq!(
            for_public.lines[0].received,
            Some(Shown::Amount(usd("100")))
        );
        assert_eq!(for_public.lines[1].received, Some(Shown::Undisclosed));

        let for_secretariat = Statement::of(2025, Recipient::Budget, &all, true);
        assert_eq!(for_secretariat.received.human(), "USD 150.00");
        assert!(
            Statement::of(2024, Recipient::Budget, &all, true)
                .lines
                .is_empty()
        );
        assert!(
            Statement::of(2025, Recipient::Fund, &all, true)
                .lines
                .is_empty()
        );
    }

    #[test]
    fn totals_count_amounts_not_recorded_rather_than_guess_them() {
        let mut t = Total::default();
        t.add(Shown::Amount(usd("10")));
        t.add(Shown::NotRecorded);
        t.add(Shown::Amount(
            Money::parse("1", kwd()).expect("valid in the test"),
        ));
        assert_eq!(
            t.human(),
            "KWD 1.000 + USD 10.00, and 1 amount not recorded"
        );
        let mut none = Total::default();
        assert_eq!(none.human(), "none");
        none.add(Shown::NotRecorded);
        assert_eq!(none.human(), "1 amount not recorded");
    }

    fn currency() -> impl Strategy<Value = Currency> {
        prop::sample::select(Currency::all().collect::<Vec<_>>())
    }

    proptest! {
        #[test]
        fn an_amount_reads_back_as_it_was_written(minor in -MAX_MINOR..=MAX_MINOR, c in currency()) {
            let m = Money::from_minor(minor, c).expect("valid in the test");
            prop_assert_eq!(Money::parse(&m.amount_text(), c).expect("valid in the test"), m);
        }

        #[test]
        fn totals_per_currency_are_exact_sums_of_their_amounts(
            amounts in prop::collection::vec((1i64..1_000_000_000_000, currency()), 0..40)
        ) {
            let mut total = Total::default();
            let mut expected: BTreeMap<Currency, i128> = BTreeMap::new();
            for (minor, c) in &amounts {
                total.add(Shown::Amount(Money::from_minor(*minor, *c).expect("valid in the test")));
                *expected.entry(*c).or_insert(0) += i128::from(*minor);
            }
            let got: BTreeMap<Currency, i128> = total
                .amounts()
                .expect("valid in the test")
                .into_iter()
                .map(|m| (m.currency(), i128::from(m.minor())))
                .collect();
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn a_receipt_beyond_the_promise_is_refused_unless_explained(
            committed in 1i64..1_000_000, receipts in prop::collection::vec(1i64..400_000, 1..5),
            note in any::<bool>(), pledge_only in any::<bool>(), unrecorded in any::<bool>()
        ) {
            let stage = if pledge_only { Stage::Pledged } else { Stage::Committed };
            let mut movements = vec![movement(stage, "2025-01-01", Some(Money::from_minor(committed, Currency::USD).expect("valid in the test")))];
            if unrecorded {
                movements.push(movement(Stage::Received, "2025-01-15", None));
            }
            for r in &receipts {
                movements.push(movement(Stage::Received, "2025-02-01", Some(Money::from_minor(*r, Currency::USD).expect("valid in the test"))));
            }
            let mut c = contribution(movements);
            if note { c.excess_note = Some("recorded".into()); }
            let over = receipts.iter().sum::<i64>() > committed;
            let flagged = c.problems().iter().any(|(f, _)| f == "excess_note");
            prop_assert_eq!(flagged, over && !note);
        }

        #[test]
        fn a_reader_who_may_not_see_an_amount_never_gets_a_sum_including_or_omitting_it(
            amounts in prop::collection::vec((1i64..1_000_000, any::<bool>()), 1..12)
        ) {
            let contributions: Vec<Contribution> = amounts.iter().enumerate().map(|(i, (minor, hidden))| {
                let mut c = contribution(vec![movement(Stage::Received, "2025-06-01", Some(Money::from_minor(*minor, Currency::USD).expect("valid in the test")))]);
                c.id = Slug::parse(&format!("c{i}")).expect("valid in the test");
                if *hidden { c.visibility = AmountVisibility::Secretariat; }
                c
            }).collect();
            let any_hidden = amounts.iter().any(|(_, h)| *h);
            let public = Statement::of(2025, Recipient::Budget, &contributions, false);
            prop_assert_eq!(public.received.amounts().is_none(), any_hidden);
            let all = Statement::of(2025, Recipient::Budget, &contributions, true);
            let sum: i64 = amounts.iter().map(|(m, _)| m).sum();
            prop_assert_eq!(all.received.amounts().expect("valid in the test"), vec![Money::from_minor(sum, Currency::USD).expect("valid in the test")]);
        }
    }
}
