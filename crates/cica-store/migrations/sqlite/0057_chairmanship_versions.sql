-- Chairmanships are edited as the other registers are: every write gives one a new version,
-- the trail's next number (see 0050). A term is named by its state and first day.
ALTER TABLE chairmanships ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- Records written before versions existed take the trail's head.
UPDATE chairmanships SET version = coalesce((SELECT seq FROM audit_head WHERE id = 1), 0);
