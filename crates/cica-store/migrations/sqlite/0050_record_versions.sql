-- Every write of a news item or a Digest issue record gives it a new version: the sequence
-- number the audit trail's next entry takes when the write begins, so a version is never given
-- twice, not even across a dataset load. Clients save with the version they read (`If-Match`);
-- a save over a newer version is refused.
ALTER TABLE news ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE digests ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
-- A draft an editor has saved is the editor's: a later import of the same text leaves it as it
-- is rather than replacing it with what the importer read.
ALTER TABLE news ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;

-- Records written before versions existed take the trail's head: every later write takes a
-- later number.
UPDATE news SET version = coalesce((SELECT seq FROM audit_head WHERE id = 1), 0);
UPDATE digests SET version = coalesce((SELECT seq FROM audit_head WHERE id = 1), 0);
