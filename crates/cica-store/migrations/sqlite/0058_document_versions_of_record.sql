-- Documents are edited as the registers are: every write gives one a new version, the trail's
-- next number (see 0050). (A document's own numbered versions, 1, 2, 3 … as circulated, stay
-- in document_versions.)
ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- Records written before versions existed take the trail's head.
UPDATE documents SET version = coalesce((SELECT seq FROM audit_head WHERE id = 1), 0);
