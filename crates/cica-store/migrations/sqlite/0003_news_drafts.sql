-- Imported news items are drafts until an editor publishes them.
ALTER TABLE news ADD COLUMN draft INTEGER NOT NULL DEFAULT 0;
