-- Documents and their versions, decisions by organ and year, silence procedures with their
-- events, treaties with their actions, and depositary notifications.
-- Instants are RFC 3339 text in UTC ("2024-03-19T13:00:00Z"), so they sort and compare as text.

CREATE TABLE documents (
    slug        TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    visibility  TEXT NOT NULL CHECK (visibility IN ('public', 'members-and-observers', 'members', 'secretariat')),
    status      TEXT NOT NULL,
    body        TEXT REFERENCES bodies (slug),
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE document_versions (
    document    TEXT NOT NULL REFERENCES documents (slug) ON DELETE CASCADE,
    number      INTEGER NOT NULL CHECK (number >= 1),
    date        TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    note        TEXT,
    text        TEXT,
    PRIMARY KEY (document, number)
) STRICT;

CREATE TABLE silence_procedures (
    id              TEXT PRIMARY KEY,
    organ           TEXT NOT NULL REFERENCES bodies (slug),
    act             TEXT NOT NULL,
    subject         TEXT NOT NULL,
    document        TEXT,
    version         INTEGER,
    chair           TEXT NOT NULL REFERENCES states (code),
    chair_time_zone TEXT NOT NULL,
    opened_at       TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    -- A cache of what the events decide, written once when the procedure settles.
    outcome         TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'adopted', 'not-adopted', 'withdrawn')),
    settled_at      TEXT,
    decision        TEXT,
    unconfirmed     INTEGER NOT NULL DEFAULT 0,
    note            TEXT,
    sources         TEXT NOT NULL DEFAULT '[]',
    FOREIGN KEY (document, version) REFERENCES document_versions (document, number),
    CHECK (expires_at > opened_at)
) STRICT;
CREATE INDEX silence_open ON silence_procedures (outcome, expires_at);

CREATE TABLE silence_events (
    procedure TEXT NOT NULL REFERENCES silence_procedures (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('broken', 'extended', 'withdrawn')),
    at        TEXT NOT NULL,
    state     TEXT REFERENCES states (code),
    stance    TEXT,
    text      TEXT,
    until     TEXT,
    PRIMARY KEY (procedure, seq)
) STRICT;

CREATE TABLE decisions (
    id          TEXT PRIMARY KEY,
    organ       TEXT NOT NULL REFERENCES bodies (slug),
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL CHECK (number >= 1),
    date        TEXT NOT NULL,
    act         TEXT NOT NULL,
    subject     TEXT NOT NULL,
    document    TEXT,
    version     INTEGER,
    meeting     TEXT REFERENCES meetings (id),
    silence     TEXT REFERENCES silence_procedures (id),
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]',
    -- The register: one number per organ and year, never two.
    UNIQUE (organ, year, number),
    -- A silence procedure produces at most one decision.
    UNIQUE (silence),
    FOREIGN KEY (document, version) REFERENCES document_versions (document, number)
) STRICT;
CREATE INDEX decisions_by_date ON decisions (date DESC, id);

CREATE TABLE decision_statements (
    decision TEXT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    state    TEXT NOT NULL REFERENCES states (code),
    stance   TEXT NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (decision, seq)
) STRICT;

CREATE TABLE treaties (
    slug                 TEXT PRIMARY KEY,
    title                TEXT NOT NULL,
    short_title          TEXT NOT NULL,
    concluded            TEXT,
    place                TEXT,
    depositary           TEXT,
    threshold            INTEGER NOT NULL CHECK (threshold >= 1),
    counted              TEXT NOT NULL,
    not_counted          TEXT NOT NULL DEFAULT '[]',
    delay_months         INTEGER NOT NULL DEFAULT 0,
    delay_days           INTEGER NOT NULL DEFAULT 0,
    delay_first_of_month INTEGER NOT NULL DEFAULT 0,
    later_months         INTEGER NOT NULL DEFAULT 0,
    later_days           INTEGER NOT NULL DEFAULT 0,
    later_first_of_month INTEGER NOT NULL DEFAULT 0,
    clause_text          TEXT NOT NULL,
    complete             INTEGER NOT NULL DEFAULT 0,
    unconfirmed          INTEGER NOT NULL DEFAULT 0,
    note                 TEXT,
    sources              TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE treaty_actions (
    treaty       TEXT NOT NULL REFERENCES treaties (slug) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    party        TEXT NOT NULL REFERENCES states (code),
    kind         TEXT NOT NULL,
    act          TEXT,
    deposit      TEXT,
    deposit_text TEXT,
    unconfirmed  INTEGER NOT NULL DEFAULT 0,
    note         TEXT,
    sources      TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (treaty, seq)
) STRICT;

CREATE TABLE notifications (
    year   INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    date   TEXT NOT NULL,
    treaty TEXT NOT NULL REFERENCES treaties (slug) ON DELETE CASCADE,
    party  TEXT NOT NULL,
    kind   TEXT NOT NULL,
    text   TEXT NOT NULL,
    PRIMARY KEY (year, number)
) STRICT;
