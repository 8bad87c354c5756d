-- Decisions are edited as the registers are: every write gives one a new version, the trail's
-- next number (see 0050). The column is `record_version`: `version` is the document version a
-- decision acted on.
ALTER TABLE decisions ADD COLUMN record_version INTEGER NOT NULL DEFAULT 0;

-- Records written before versions existed take the trail's head.
UPDATE decisions SET record_version = coalesce((SELECT seq FROM audit_head WHERE id = 1), 0);
