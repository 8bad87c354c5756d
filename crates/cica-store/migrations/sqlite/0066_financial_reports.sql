-- Financial reports and external audits of the Secretariat's accounts: the period each
-- covers, the document that holds it and the decision by which an organ received it.
CREATE TABLE financial_reports (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('financial-report', 'external-audit')),
    from_date   TEXT NOT NULL,
    to_date     TEXT NOT NULL CHECK (to_date >= from_date),
    auditor     TEXT,
    document    TEXT REFERENCES documents(slug),
    decision    TEXT REFERENCES decisions(id),
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]',
    version     INTEGER NOT NULL
) STRICT;
