-- Money: projects of the CICA Fund, and contributions to the Secretariat's budget and to the
-- Fund with their dated movements (pledged, committed, received). Amounts are integers of the
-- currency's minor unit beside its code, never floats; a movement without an amount has
-- neither.

-- A project as an IATI activity. Its locations, budgets, transactions and results are JSON
-- arrays (amounts as {"minor": integer, "currency": code}); its participants, review steps and
-- news are rows, so that what they name cannot be deleted from under them.
CREATE TABLE fund_projects (
    id                  TEXT PRIMARY KEY,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    proposed_by         TEXT NOT NULL REFERENCES states(code),
    planned_start       TEXT,
    actual_start        TEXT,
    planned_end         TEXT,
    actual_end          TEXT,
    recipient_countries TEXT NOT NULL DEFAULT '[]',
    locations           TEXT NOT NULL DEFAULT '[]',
    budgets             TEXT NOT NULL DEFAULT '[]',
    transactions        TEXT NOT NULL DEFAULT '[]',
    results             TEXT NOT NULL DEFAULT '[]',
    unconfirmed         INTEGER NOT NULL DEFAULT 0,
    note                TEXT,
    sources             TEXT NOT NULL DEFAULT '[]',
    version             INTEGER NOT NULL
) STRICT;

CREATE TABLE fund_project_participants (
    project      TEXT NOT NULL REFERENCES fund_projects(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('funding', 'accountable', 'extending', 'implementing')),
    state        TEXT REFERENCES states(code),
    organization TEXT REFERENCES organizations(slug),
    name         TEXT,
    org_type     TEXT,
    PRIMARY KEY (project, seq),
    CHECK ((state IS NOT NULL) + (organization IS NOT NULL) + (name IS NOT NULL) = 1)
) STRICT;
CREATE INDEX fund_project_participants_org ON fund_project_participants(organization);

CREATE TABLE fund_project_steps (
    project  TEXT NOT NULL REFERENCES fund_projects(id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    stage    TEXT NOT NULL CHECK (stage IN ('submitted', 'screening', 'committee-review', 'approved', 'declined', 'withdrawn', 'implementation', 'suspended', 'completed', 'closed', 'cancelled')),
    day      TEXT,
    decision TEXT REFERENCES decisions(id),
    note     TEXT,
    PRIMARY KEY (project, seq)
) STRICT;
CREATE INDEX fund_project_steps_decision ON fund_project_steps(decision);

CREATE TABLE fund_project_news (
    project TEXT NOT NULL REFERENCES fund_projects(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    news    TEXT NOT NULL REFERENCES news(slug),
    PRIMARY KEY (project, seq)
) STRICT;
CREATE INDEX fund_project_news_news ON fund_project_news(news);

CREATE TABLE contributions (
    id                 TEXT PRIMARY KEY,
    contributor_type   TEXT NOT NULL CHECK (contributor_type IN ('state', 'organization', 'person', 'named')),
    contributor_state  TEXT REFERENCES states(code),
    contributor_org    TEXT REFERENCES organizations(slug),
    contributor_person TEXT REFERENCES people(slug),
    contributor_name   TEXT,
    contributor_kind   TEXT CHECK (contributor_kind IN ('agency', 'organization', 'company', 'person', 'other')),
    recipient          TEXT NOT NULL CHECK (recipient IN ('secretariat-budget', 'cica-fund')),
    kind               TEXT NOT NULL CHECK (kind IN ('assessed', 'voluntary', 'earmarked', 'in-kind')),
    in_kind            TEXT CHECK (in_kind IN ('secondment', 'premises', 'works', 'art', 'services', 'goods')),
    project            TEXT REFERENCES fund_projects(id),
    title              TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    visibility         TEXT NOT NULL CHECK (visibility IN ('public', 'secretariat')),
    excess_note        TEXT,
    unconfirmed        INTEGER NOT NULL DEFAULT 0,
    note               TEXT,
    sources            TEXT NOT NULL DEFAULT '[]',
    version            INTEGER NOT NULL,
    CHECK ((contributor_type = 'state') = (contributor_state IS NOT NULL)),
    CHECK ((contributor_type = 'organization') = (contributor_org IS NOT NULL)),
    CHECK ((contributor_type = 'person') = (contributor_person IS NOT NULL)),
    CHECK ((contributor_type = 'named') = (contributor_name IS NOT NULL))
) STRICT;
CREATE INDEX contributions_state ON contributions(contributor_state);

CREATE TABLE contribution_movements (
    contribution TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    stage        TEXT NOT NULL CHECK (stage IN ('pledged', 'committed', 'received')),
    day          TEXT NOT NULL,
    amount_minor INTEGER,
    currency     TEXT,
    document     TEXT,
    note         TEXT,
    PRIMARY KEY (contribution, seq),
    CHECK ((amount_minor IS NULL) = (currency IS NULL))
) STRICT;

CREATE TABLE contribution_news (
    contribution TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    news         TEXT NOT NULL REFERENCES news(slug),
    PRIMARY KEY (contribution, seq)
) STRICT;
CREATE INDEX contribution_news_news ON contribution_news(news);
