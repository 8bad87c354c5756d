-- Images of the records (news photographs) live in the database, like every other record, so
-- that app servers keep no files of their own.
CREATE TABLE media (
    name       TEXT PRIMARY KEY,
    media_type TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg')),
    bytes      BLOB NOT NULL
) STRICT;

CREATE TABLE news_photos (
    news    TEXT NOT NULL REFERENCES news (slug) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    media   TEXT NOT NULL REFERENCES media (name),
    caption TEXT NOT NULL CHECK (caption <> ''),
    credit  TEXT,
    PRIMARY KEY (news, seq)
) STRICT;
CREATE INDEX news_photos_by_media ON news_photos (media);

-- The editor's choices for an issue of the Digest: the order of its items (a JSON list of
-- news slugs, those named first) and the spotlight (a JSON list, or NULL for the items' own
-- flags).
ALTER TABLE digests ADD COLUMN item_order TEXT NOT NULL DEFAULT '[]';
ALTER TABLE digests ADD COLUMN spotlight TEXT;
