-- Member States' reports on their implementation of CBMs, one per state and year, and each
-- year's due day. They are what states sent, not part of the dataset: a load keeps them, as
-- it keeps accounts, so they name their state by code without a foreign key.
CREATE TABLE cbm_rounds (
    year    INTEGER PRIMARY KEY,
    due     TEXT NOT NULL,
    version INTEGER NOT NULL
) STRICT;

CREATE TABLE cbm_reports (
    state      TEXT NOT NULL,
    year       INTEGER NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'members')),
    received   TEXT NOT NULL,
    filed      TEXT NOT NULL CHECK (filed >= received),
    areas      TEXT NOT NULL DEFAULT '[]',
    text       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    PRIMARY KEY (state, year)
) STRICT;
CREATE INDEX cbm_reports_year ON cbm_reports(year);
