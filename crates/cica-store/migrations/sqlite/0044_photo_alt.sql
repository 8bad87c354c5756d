-- A photograph's alternative text: what the image shows, for a reader who cannot see it.
-- Null: the caption printed beside it says all there is.
ALTER TABLE news_photos ADD COLUMN alt TEXT CHECK (alt IS NULL OR alt <> '');
