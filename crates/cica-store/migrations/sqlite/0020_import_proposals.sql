-- Meetings and engagements an imported news item reports, kept with the item for an editor to
-- review. Nothing here is shown to the public: an editor turns a proposal into a meeting or an
-- engagement, or rejects it. One proposal per item, kind and subject, so that importing the
-- same text again adds nothing.
CREATE TABLE import_proposals (
    news       TEXT NOT NULL REFERENCES news (slug) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('meeting', 'engagement')),
    -- the body's slug (a meeting); the person's slug or the name as printed (an engagement)
    subject    TEXT NOT NULL,
    person     TEXT,
    title      TEXT,
    place      TEXT,
    start_date TEXT,
    end_date   TEXT,
    evidence   TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    PRIMARY KEY (news, kind, subject),
    CHECK ((start_date IS NULL) = (end_date IS NULL) AND (end_date IS NULL OR end_date >= start_date))
) STRICT;
CREATE INDEX import_proposals_by_status ON import_proposals (status, news);
