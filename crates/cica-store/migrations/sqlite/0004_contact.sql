-- The Secretariat's contact details (one row), printed on the Digest's back page.
CREATE TABLE contact (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    phone       TEXT,
    email       TEXT,
    website     TEXT,
    social      TEXT NOT NULL DEFAULT '[]',
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]'
) STRICT;
