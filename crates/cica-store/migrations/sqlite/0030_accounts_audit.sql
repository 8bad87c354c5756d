-- Accounts, their dated roles, personal API tokens, and the audit trail.

-- People who work on the platform. The password is an argon2id hash in PHC form; there is
-- never a default password.
CREATE TABLE accounts (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password   TEXT NOT NULL,
    disabled   INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

-- An account's role and whom it speaks for, from one day until a day. The state or
-- organization is kept as its key, checked when granted: a dataset reload never has to
-- delete an account.
CREATE TABLE account_grants (
    account      INTEGER NOT NULL REFERENCES accounts (id),
    role         TEXT NOT NULL CHECK (role IN ('member-delegate', 'observer-delegate', 'editor', 'administrator')),
    state        TEXT,
    organization TEXT,
    from_day     TEXT NOT NULL,
    until_day    TEXT,
    PRIMARY KEY (account, from_day),
    CHECK (state IS NULL OR organization IS NULL),
    CHECK (until_day IS NULL OR until_day >= from_day)
) STRICT;

-- Personal API tokens: only their SHA-256 is kept. A revoked token stays, for the record.
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    account    INTEGER NOT NULL REFERENCES accounts (id),
    name       TEXT NOT NULL,
    digest     TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (account, name) WHERE revoked_at IS NULL;

-- Every write: who, when, what (the record, before and after, as JSON), why. Each entry
-- carries the hash of the one before; `audit_head` holds the last, so removing entries from
-- the end shows too. Append-only: the triggers refuse changes through SQL, and the chain
-- shows changes made around them.
CREATE TABLE audit (
    seq    INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    record TEXT NOT NULL,
    note   TEXT,
    before TEXT,
    after  TEXT,
    prev   TEXT NOT NULL,
    hash   TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_record ON audit (record, seq);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

-- Signed-in browsers: only the SHA-256 of the session id is kept, with the form token (CSRF)
-- the session's forms carry. Several app servers share them.
CREATE TABLE sessions (
    digest     TEXT PRIMARY KEY,
    account    INTEGER NOT NULL REFERENCES accounts (id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_by_account ON sessions (account);

-- Failed sign-ins, by account (`account:EMAIL`) and by address (`address:IP`), for throttling.
CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,
    at  TEXT NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);
