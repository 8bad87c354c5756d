-- Smaller copies of a stored image, made for screens (a page's column, a list's thumbnail):
-- derived from the image, never edited, and gone with it.
CREATE TABLE media_renditions (
    name  TEXT NOT NULL REFERENCES media (name) ON DELETE CASCADE,
    size  TEXT NOT NULL CHECK (size IN ('screen', 'thumb')),
    bytes BLOB NOT NULL,
    PRIMARY KEY (name, size)
) STRICT;
