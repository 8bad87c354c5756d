-- Every write of a news item gives it a new version: the sequence number the audit trail's
-- next entry takes when the write begins, so a version is never given twice, not even across
-- a dataset load. Clients save with the version they read (`If-Match`); a save over a newer
-- version is refused.
ALTER TABLE news ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
UPDATE news SET version = coalesce((SELECT seq FROM audit_head WHERE id = 1), 0);
