//! `cica money …`: the Secretariat's view of the money, from the command line: a year's
//! statements of the budget and of the CICA Fund (every amount, the Secretariat's own included),
//! the Fund's projects, and the IATI file of the approved ones.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use chrono::Datelike;
use cica_domain::fund::OrgType;
use cica_domain::money::{Contributor, Recipient, Shown, Statement};
use cica_domain::{Slug, StateCode};
use cica_store::Store;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum MoneyCommand {
    /// A year's statements of the Secretariat's budget and of the CICA Fund, every amount
    /// shown (the command line is the Secretariat's).
    Contributions {
        /// The year (this year by default).
        #[arg(long)]
        year: Option<i32>,
        /// secretariat-budget or cica-fund (both by default).
        #[arg(long)]
        recipient: Option<String>,
    },
    /// The projects of the CICA Fund with their IATI status and review stage.
    Projects,
    /// Write the IATI 2.03 activities file of the approved projects.
    Iati {
        /// Where to write it (standard output by default).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn shown(s: Option<Shown>) -> String {
    s.map_or_else(|| "—".to_owned(), Shown::human)
}

struct Names {
    states: BTreeMap<StateCode, String>,
    organizations: BTreeMap<Slug, (String, cica_domain::OrgKind)>,
}

impl cica_iati::Names for Names {
    fn state(&self, code: &StateCode) -> cica_iati::Org {
        cica_iati::Org {
            reference: None,
            name: self
                .states
                .get(code)
                .cloned()
                .unwrap_or_else(|| code.to_string()),
            org_type: Some(OrgType::Government),
        }
    }

    fn organization(&self, slug: &Slug) -> cica_iati::Org {
        let (name, kind) = self
            .organizations
            .get(slug)
            .cloned()
            .unwrap_or_else(|| (slug.to_string(), cica_domain::OrgKind::Other));
        cica_iati::Org {
            reference: None,
            name,
            org_type: Some(cica_domain::fund::org_type_of(kind)),
        }
    }
}

pub async fn money(
    store: Arc<dyn Store>,
    today: chrono::NaiveDate,
    cmd: MoneyCommand,
) -> Result<()> {
    match cmd {
        MoneyCommand::Contributions { year, recipient } => {
            let year = year.unwrap_or(today.year());
            let only = match recipient.as_deref() {
                None => None,
                Some(r) => Some(Recipient::parse(r).with_context(|| {
                    format!("--recipient: `{r}` is not one of {}", Recipient::expected())
                })?),
            };
            let all: Vec<_> = store
                .contributions()
                .await?
                .into_iter()
                .map(|(c, _)| c)
                .collect();
            let states: BTreeMap<StateCode, String> = store
                .states()
                .await?
                .into_iter()
                .map(|s| (s.code, s.name))
                .collect();
            for r in Recipient::ALL
                .iter()
                .filter(|r| only.is_none_or(|o| o == **r))
            {
                let s = Statement::of(year, *r, &all, true);
                println!("{} {year}", r.label());
                for l in &s.lines {
                    let who = match &l.contribution.contributor {
                        Contributor::State(c) => {
                            states.get(c).cloned().unwrap_or_else(|| c.to_string())
                        }
                        Contributor::Organization(o) | Contributor::Person(o) => o.to_string(),
                        Contributor::Named { name, .. } => name.clone(),
                    };
                    println!(
                        "  {:<28} {:<50} {:<10} promised {:<22} received {}",
                        who,
                        l.contribution.title,
                        l.stage.as_str(),
                        shown(l.promised),
                        shown(l.received)
                    );
                }
                if s.lines.is_empty() {
                    println!("  no contribution moved in {year}");
                }
                println!(
                    "  total promised: {}; received: {}; in kind: {}",
                    s.promised.human(),
                    s.received.human(),
                    s.in_kind
                );
            }
        }
        MoneyCommand::Projects => {
            for (p, _) in store.fund_projects().await? {
                println!(
                    "{:<32} {:<15} {:<17} approved {:<11} budget {}  {}",
                    p.id,
                    p.status().as_str(),
                    p.stage().map_or("", |s| s.as_str()),
                    p.approved_on()
                        .map_or_else(|| "—".to_owned(), |d| d.to_string()),
                    p.budget_total().human(),
                    p.title
                );
            }
        }
        MoneyCommand::Iati { out } => {
            let all: Vec<_> = store
                .fund_projects()
                .await?
                .into_iter()
                .map(|(p, _)| p)
                .collect();
            let public: Vec<_> = all.iter().filter(|p| p.is_public()).collect();
            if public.is_empty() {
                bail!("no approved project of the CICA Fund to publish yet");
            }
            let names = Names {
                states: store
                    .states()
                    .await?
                    .into_iter()
                    .map(|s| (s.code, s.name))
                    .collect(),
                organizations: store
                    .organizations()
                    .await?
                    .into_iter()
                    .map(|o| (o.slug, (o.name, o.kind)))
                    .collect(),
            };
            let xml = cica_iati::activities(
                &public,
                &cica_iati::Publisher::cica(),
                &names,
                chrono::Utc::now(),
            );
            match out {
                Some(path) => std::fs::write(&path, xml)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => print!("{xml}"),
            }
        }
    }
    Ok(())
}
