-- People are edited as organizations are: every write gives one a new version, the trail's
-- next number (see 0050).
ALTER TABLE people ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- Records written before versions existed take the trail's head.
UPDATE people SET version = coalesce((SELECT seq FROM audit_head WHERE id = 1), 0);
