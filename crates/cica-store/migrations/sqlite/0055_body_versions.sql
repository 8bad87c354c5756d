-- Bodies are edited as organizations are: every write gives one a new version, the trail's
-- next number (see 0050).
ALTER TABLE bodies ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- Records written before versions existed take the trail's head.
UPDATE bodies SET version = coalesce((SELECT seq FROM audit_head WHERE id = 1), 0);
