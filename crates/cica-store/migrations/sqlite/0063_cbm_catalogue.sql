-- The Catalogue of CBMs: priority areas with the states coordinating them over time and
-- their action plans, and the activities that implemented them.
-- `position`: the area's place in the Catalogue's order within its dimension.
CREATE TABLE cbm_areas (
    slug        TEXT PRIMARY KEY,
    position    INTEGER NOT NULL DEFAULT 0,
    dimension   TEXT NOT NULL CHECK (dimension IN ('military-political', 'new-challenges-and-threats', 'economic', 'environmental', 'human')),
    name        TEXT NOT NULL,
    short_name  TEXT,
    description TEXT,
    measures    TEXT NOT NULL DEFAULT '[]',
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]',
    version     INTEGER NOT NULL
) STRICT;

CREATE TABLE cbm_terms (
    area        TEXT NOT NULL REFERENCES cbm_areas(slug) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    state       TEXT NOT NULL REFERENCES states(code),
    role        TEXT NOT NULL CHECK (role IN ('coordinator', 'co-coordinator')),
    from_date   TEXT NOT NULL,
    until_date  TEXT,
    decision    TEXT REFERENCES decisions(id),
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (area, seq)
) STRICT;
CREATE INDEX cbm_terms_state ON cbm_terms(state);

CREATE TABLE cbm_plans (
    area        TEXT NOT NULL REFERENCES cbm_areas(slug) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    first_year  INTEGER NOT NULL,
    last_year   INTEGER NOT NULL CHECK (last_year >= first_year),
    adopted     TEXT,
    decision    TEXT REFERENCES decisions(id),
    unconfirmed INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (area, seq)
) STRICT;

CREATE TABLE cbm_activities (
    slug            TEXT PRIMARY KEY,
    area            TEXT NOT NULL REFERENCES cbm_areas(slug),
    kind            TEXT NOT NULL CHECK (kind IN ('workshop', 'training', 'conference', 'seminar', 'expert-meeting', 'exercise', 'other')),
    title           TEXT NOT NULL,
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL CHECK (end_date >= start_date),
    place           TEXT,
    online          INTEGER NOT NULL DEFAULT 0,
    states_reported INTEGER CHECK (states_reported >= 0),
    summary         TEXT,
    unconfirmed     INTEGER NOT NULL DEFAULT 0,
    note            TEXT,
    sources         TEXT NOT NULL DEFAULT '[]',
    version         INTEGER NOT NULL
) STRICT;
CREATE INDEX cbm_activities_area ON cbm_activities(area, start_date);
CREATE INDEX cbm_activities_start ON cbm_activities(start_date);

-- The states that organised an activity (organiser = 1) or are named as taking part.
CREATE TABLE cbm_activity_states (
    activity  TEXT NOT NULL REFERENCES cbm_activities(slug) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    state     TEXT NOT NULL REFERENCES states(code),
    organiser INTEGER NOT NULL CHECK (organiser IN (0, 1)),
    PRIMARY KEY (activity, seq),
    UNIQUE (activity, state)
) STRICT;

CREATE TABLE cbm_activity_organizations (
    activity     TEXT NOT NULL REFERENCES cbm_activities(slug) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    organization TEXT NOT NULL REFERENCES organizations(slug),
    PRIMARY KEY (activity, seq)
) STRICT;

CREATE TABLE cbm_activity_meetings (
    activity TEXT NOT NULL REFERENCES cbm_activities(slug) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    meeting  TEXT NOT NULL REFERENCES meetings(id),
    PRIMARY KEY (activity, seq)
) STRICT;

CREATE TABLE cbm_activity_news (
    activity TEXT NOT NULL REFERENCES cbm_activities(slug) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    news     TEXT NOT NULL REFERENCES news(slug),
    PRIMARY KEY (activity, seq)
) STRICT;
