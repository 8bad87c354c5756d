-- The registers, news and calendar of the foundation.
-- Dates are ISO 8601 text: exact days as YYYY-MM-DD (so they sort and compare as text),
-- partial dates at their own precision ("2011", "2014-05") with a *_first column holding
-- their first day for "as of" questions. Lists that are only ever read whole (aliases,
-- sources, topics) are JSON arrays; lists that are filtered on are link tables.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('revision', '0');

CREATE TABLE states (
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    official_name TEXT,
    aliases       TEXT NOT NULL DEFAULT '[]',
    adjectives    TEXT NOT NULL DEFAULT '[]',
    unconfirmed   INTEGER NOT NULL DEFAULT 0,
    note          TEXT,
    sources       TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE organizations (
    slug        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    acronym     TEXT,
    aliases     TEXT NOT NULL DEFAULT '[]',
    kind        TEXT NOT NULL,
    state       TEXT REFERENCES states (code),
    website     TEXT,
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]'
) STRICT;

-- Status timelines of states ('state') and organizations ('organization').
CREATE TABLE statuses (
    owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('state', 'organization')),
    owner       TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('member', 'observer', 'partner')),
    from_date   TEXT,
    from_first  TEXT,
    until_date  TEXT,
    until_first TEXT,
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (owner_kind, owner, seq)
) STRICT;

CREATE TABLE bodies (
    slug        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    short_name  TEXT,
    aliases     TEXT NOT NULL DEFAULT '[]',
    kind        TEXT NOT NULL,
    parent      TEXT REFERENCES bodies (slug),
    established TEXT,
    description TEXT NOT NULL DEFAULT '',
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE people (
    slug        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    aliases     TEXT NOT NULL DEFAULT '[]',
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE roles (
    person      TEXT NOT NULL REFERENCES people (slug) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    title       TEXT NOT NULL,
    state       TEXT REFERENCES states (code),
    organization TEXT REFERENCES organizations (slug),
    body        TEXT REFERENCES bodies (slug),
    from_date   TEXT,
    until_date  TEXT,
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (person, seq),
    CHECK ((state IS NOT NULL) + (organization IS NOT NULL) + (body IS NOT NULL) = 1)
) STRICT;

CREATE TABLE chairmanships (
    seq         INTEGER PRIMARY KEY,
    state       TEXT NOT NULL REFERENCES states (code),
    from_date   TEXT NOT NULL,
    from_first  TEXT NOT NULL,
    until_date  TEXT,
    until_first TEXT,
    theme       TEXT,
    priorities  TEXT NOT NULL DEFAULT '[]',
    soc_chair   TEXT REFERENCES people (slug),
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE news (
    slug           TEXT PRIMARY KEY,
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('article', 'brief')),
    place          TEXT,
    dateline_start TEXT,
    dateline_end   TEXT,
    date           TEXT NOT NULL,
    date_confirmed INTEGER NOT NULL DEFAULT 1,
    date_note      TEXT,
    spotlight      INTEGER NOT NULL DEFAULT 0,
    activities     INTEGER NOT NULL DEFAULT 0,
    issue          TEXT,
    position       INTEGER,
    language       TEXT NOT NULL DEFAULT 'en',
    source         TEXT NOT NULL,
    body           TEXT NOT NULL,
    CHECK (dateline_end IS NULL OR dateline_end >= dateline_start)
) STRICT;
CREATE INDEX news_by_date ON news (date DESC, slug);

CREATE TABLE news_states (
    news TEXT NOT NULL REFERENCES news (slug) ON DELETE CASCADE,
    seq  INTEGER NOT NULL,
    code TEXT NOT NULL REFERENCES states (code),
    PRIMARY KEY (news, code)
) STRICT;
CREATE INDEX news_states_by_code ON news_states (code);

CREATE TABLE news_bodies (
    news TEXT NOT NULL REFERENCES news (slug) ON DELETE CASCADE,
    seq  INTEGER NOT NULL,
    body TEXT NOT NULL REFERENCES bodies (slug),
    PRIMARY KEY (news, body)
) STRICT;
CREATE INDEX news_bodies_by_body ON news_bodies (body);

CREATE TABLE news_people (
    news   TEXT NOT NULL REFERENCES news (slug) ON DELETE CASCADE,
    seq    INTEGER NOT NULL,
    person TEXT NOT NULL REFERENCES people (slug),
    PRIMARY KEY (news, person)
) STRICT;
CREATE INDEX news_people_by_person ON news_people (person);

CREATE TABLE news_organizations (
    news         TEXT NOT NULL REFERENCES news (slug) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    organization TEXT NOT NULL REFERENCES organizations (slug),
    PRIMARY KEY (news, organization)
) STRICT;
CREATE INDEX news_organizations_by_org ON news_organizations (organization);

CREATE TABLE meetings (
    id           TEXT PRIMARY KEY,
    body         TEXT NOT NULL REFERENCES bodies (slug),
    number       INTEGER,
    title        TEXT,
    period       TEXT NOT NULL,
    start_date   TEXT NOT NULL,
    end_date     TEXT NOT NULL,
    exact        INTEGER NOT NULL,
    time         TEXT,
    city         TEXT,
    country      TEXT REFERENCES states (code),
    format       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('held', 'planned')),
    informal     INTEGER NOT NULL DEFAULT 0,
    host         TEXT REFERENCES states (code),
    chair_state  TEXT REFERENCES states (code),
    chair_person TEXT REFERENCES people (slug),
    series_note  TEXT,
    summary      TEXT,
    outcomes     TEXT NOT NULL DEFAULT '[]',
    next         TEXT,
    unconfirmed  INTEGER NOT NULL DEFAULT 0,
    note         TEXT,
    sources      TEXT NOT NULL DEFAULT '[]',
    CHECK (end_date >= start_date)
) STRICT;
CREATE INDEX meetings_by_start ON meetings (start_date, id);
CREATE INDEX meetings_by_body ON meetings (body, start_date);

CREATE TABLE meeting_states (
    meeting TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    code    TEXT NOT NULL REFERENCES states (code),
    PRIMARY KEY (meeting, code)
) STRICT;
CREATE INDEX meeting_states_by_code ON meeting_states (code);

CREATE TABLE meeting_organizations (
    meeting      TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    organization TEXT NOT NULL REFERENCES organizations (slug),
    PRIMARY KEY (meeting, organization)
) STRICT;

CREATE TABLE meeting_news (
    meeting TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    news    TEXT NOT NULL REFERENCES news (slug),
    PRIMARY KEY (meeting, news)
) STRICT;

CREATE TABLE engagements (
    id           TEXT PRIMARY KEY,
    start_date   TEXT NOT NULL,
    end_date     TEXT NOT NULL,
    city         TEXT,
    country      TEXT REFERENCES states (code),
    kind         TEXT NOT NULL,
    secretariat  TEXT NOT NULL DEFAULT '[]',
    counterparts TEXT NOT NULL DEFAULT '[]',
    topics       TEXT NOT NULL DEFAULT '[]',
    summary      TEXT,
    news         TEXT REFERENCES news (slug),
    unconfirmed  INTEGER NOT NULL DEFAULT 0,
    note         TEXT,
    sources      TEXT NOT NULL DEFAULT '[]',
    CHECK (end_date >= start_date)
) STRICT;
CREATE INDEX engagements_by_start ON engagements (start_date DESC, id);

CREATE TABLE engagement_states (
    engagement TEXT NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    code       TEXT NOT NULL REFERENCES states (code),
    PRIMARY KEY (engagement, code)
) STRICT;
CREATE INDEX engagement_states_by_code ON engagement_states (code);

CREATE TABLE engagement_organizations (
    engagement   TEXT NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    organization TEXT NOT NULL REFERENCES organizations (slug),
    PRIMARY KEY (engagement, organization)
) STRICT;
CREATE INDEX engagement_organizations_by_org ON engagement_organizations (organization);

CREATE TABLE engagement_people (
    engagement TEXT NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    person     TEXT NOT NULL REFERENCES people (slug),
    PRIMARY KEY (engagement, person)
) STRICT;
CREATE INDEX engagement_people_by_person ON engagement_people (person);

CREATE TABLE digests (
    quarter         TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('published', 'draft')),
    highlights      TEXT NOT NULL DEFAULT '[]',
    foreword_author TEXT REFERENCES people (slug),
    foreword_title  TEXT,
    foreword        TEXT,
    unconfirmed     INTEGER NOT NULL DEFAULT 0,
    note            TEXT,
    sources         TEXT NOT NULL DEFAULT '[]'
) STRICT;
